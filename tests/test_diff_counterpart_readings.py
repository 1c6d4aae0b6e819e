"""A side that commits to nothing, read in the light of a counterpart that does: an obligation
recast as a lead-in with points (or back), a duty stated as a passive "should"."""

from __future__ import annotations

from tracker.diff import Side, diff_texts
from tracker.lead_ins import as_statement

ONE_SENTENCE = (
    "## Article 7 — Records\n\n"
    "1. Operators of cold stores shall keep records of the temperature readings of each chamber.\n"
)
LISTED = (
    "## Article 7 — Records\n\n"
    "1. {lead_in}\n\n"
    "(a) the temperature readings of each chamber;\n"
    "(b) the dates on which each chamber was cleaned.\n"
)


def _diff(before: str, after: str):  # type: ignore[no-untyped-def]
    return diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")


def _kinds(report) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [c.kinds for c in report.changes]


def test_an_obligation_recast_as_a_lead_in_is_not_dropped() -> None:
    lead_in = "Operators of cold stores shall keep records of:"
    report = _diff(ONE_SENTENCE, LISTED.format(lead_in=lead_in))
    assert report.summary["removed"] == 0
    paired = [c for c in report.changes if c.before is not None and c.after is not None]
    # the point that restates the sentence's own object goes with it (a part split off it)
    assert len(paired) == 1 and paired[0].after.text.startswith(lead_in)
    assert report.summary["added"] == 1  # the other point is new


def test_a_lead_in_recast_as_one_obligation_is_not_added() -> None:
    lead_in = "Operators of cold stores shall keep records of:"
    report = _diff(LISTED.format(lead_in=lead_in), ONE_SENTENCE)
    assert report.summary["added"] == 0


def test_a_recast_that_softens_the_duty_is_weakened() -> None:
    lead_in = "Operators of cold stores should keep records of:"
    report = _diff(ONE_SENTENCE, LISTED.format(lead_in=lead_in))
    assert report.summary["removed"] == 0
    assert report.summary["weakened"] == 1


def test_a_recast_that_names_another_party_changes_the_actor() -> None:
    lead_in = "Importers of frozen goods shall keep records of:"
    report = _diff(ONE_SENTENCE, LISTED.format(lead_in=lead_in))
    assert report.summary["actor_changed"] == 1


def test_a_lead_in_without_its_colon_is_read_the_same_way() -> None:
    lead_in = "Operators of cold stores shall keep records of"
    report = _diff(ONE_SENTENCE, LISTED.format(lead_in=lead_in))
    assert report.summary["removed"] == 0


def test_a_lead_in_paired_with_a_lead_in_stays_no_commitment() -> None:
    before = LISTED.format(lead_in="Operators of cold stores shall keep records of:")
    after = LISTED.format(lead_in="Operators of cold stores shall keep accurate records of:")
    assert _kinds(_diff(before, after)) == []


def test_themes_count_the_points_not_the_lead_in() -> None:
    lead_in = "Operators of cold stores shall keep records of:"
    listed = LISTED.format(lead_in=lead_in)
    assert _diff(listed, listed).commitments_after == 2


def test_a_lead_in_closes_as_a_sentence() -> None:
    assert as_statement("The Board shall:", "en") == "The Board shall."
    assert as_statement("The Board shall publish —", "en") == "The Board shall publish."
    assert as_statement("委員会は、次の事項を行う：", "ja") == "委員会は、次の事項を行う。"


RECITAL = "## Recitals\n\n(12) {sentence}\n"


def test_a_duty_recast_as_a_passive_should_is_one_change_not_a_new_and_a_dropped_one() -> None:
    before = RECITAL.format(sentence="Passengers should always be told of a delay before they board.")
    after = RECITAL.format(
        sentence="Ferry operators should, where practicable, tell passengers of a delay before they board."
    )
    report = _diff(before, after)
    assert _kinds(report) == [("weakened",)]
    assert report.changes[0].before is not None and report.changes[0].before.actor is None


def test_a_passive_should_with_no_counterpart_is_no_new_commitment() -> None:
    before = RECITAL.format(sentence="Ports serve as gateways for trade.")
    after = RECITAL.format(sentence="Ports serve as gateways for trade.") + (
        "\nNotices of delays should be posted in every ferry terminal.\n"
    )
    assert _diff(before, after).changes == ()
