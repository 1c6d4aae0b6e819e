"""A derogation in a sentence of its own is an exception clause of the obligation it lifts."""

from __future__ import annotations

from tracker.diff import Side, diff_texts
from tracker.diff.derogations import derogation_of

DUTY = (
    "## Article 4 — Outages\n\n"
    "Operators of data centres shall report every outage to the regulator.{rest}\n"
)
EXEMPTION = " This obligation shall not apply where the outage lasted less than one hour."


def _diff(before: str, after: str):  # type: ignore[no-untyped-def]
    return diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")


def _kinds(report) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [c.kinds for c in report.changes]


def test_a_derogation_added_after_an_obligation_weakens_it() -> None:
    report = _diff(DUTY.format(rest=""), DUTY.format(rest=EXEMPTION))
    assert _kinds(report) == [("weakened",)]
    assert "This obligation shall not apply" in report.changes[0].evidence[0]


def test_a_derogation_dropped_strengthens_the_obligation() -> None:
    report = _diff(DUTY.format(rest=EXEMPTION), DUTY.format(rest=""))
    assert _kinds(report) == [("strengthened",)]


def test_a_derogation_kept_is_no_change_and_no_commitment() -> None:
    text = DUTY.format(rest=EXEMPTION)
    reworded = DUTY.format(rest=" This obligation shall not apply where the outage lasted under an hour.")
    assert [k for k in _kinds(_diff(text, reworded)) if k != ("reworded",)] == []


def test_a_derogation_from_the_first_subparagraph_in_the_next_paragraph() -> None:
    exemption = "The first subparagraph shall not apply to operators with fewer than ten racks."
    after = DUTY.format(rest="\n\n" + exemption)
    assert _kinds(_diff(DUTY.format(rest=""), after)) == [("weakened",)]


def test_a_derogation_lifts_the_paragraphs_duty_not_its_last_detail() -> None:
    detail = " Where relevant, the report shall also state the cause of the outage."
    before = DUTY.format(rest=detail)
    after = DUTY.format(rest=detail + EXEMPTION)
    report = _diff(before, after)
    assert _kinds(report) == [("weakened",)]
    assert report.changes[0].after is not None
    assert report.changes[0].after.text.startswith("Operators of data centres shall report")


def test_a_derogation_lifts_the_duty_of_the_body_named_just_before_it() -> None:
    paragraph = (
        "## Article 6 — Licences\n\n"
        "A licence shall be issued only if the harbour has a pilot on duty. The port authority shall inform"
        " the Board of each licence issued.{rest}\n"
    )
    exemption = " This obligation shall not cover licences for rowing boats."
    report = _diff(paragraph.format(rest=""), paragraph.format(rest=exemption))
    assert _kinds(report) == [("weakened",)]
    assert report.changes[0].after is not None
    assert report.changes[0].after.text.startswith("The port authority shall inform")


NUMBERED = (
    "## Article 4 — Outages\n\n"
    "1. Operators of data centres shall report every outage to the regulator.\n\n"
    "2. Operators of data centres shall keep a log of outages for five years.\n"
)


def test_a_derogation_from_a_numbered_paragraph_lifts_that_paragraph() -> None:
    after = NUMBERED + "\n3. Paragraph 2 shall not apply where the operator is a public body.\n"
    report = _diff(NUMBERED, after)
    assert _kinds(report) == [("weakened",)]
    assert report.changes[0].after is not None and "keep a log" in report.changes[0].after.text


def test_a_derogation_under_a_heading_of_its_own_lifts_the_duty_set_out_before_it() -> None:
    before = (
        "## Article 4 — paragraph 2\n\n2. Operators of data centres shall keep a log of outages.\n\n"
        "## Article 4 — paragraph 2 — subparagraph 2\n\nParagraph 2 shall not apply to public bodies.\n"
    )
    after = "## Article 4 — paragraph 2\n\n2. Operators of data centres shall keep a log of outages.\n"
    assert _kinds(_diff(before, after)) == [("strengthened",)]


def test_a_prohibition_is_no_derogation() -> None:
    ban = "## Article 5\n\nOperators shall not sell customer data to brokers.\n"
    added = ban + "\nOperators shall not share customer data with advertisers.\n"
    assert _kinds(_diff(ban, added)) == [("added",)]
    narrowed = ban + "\nThis prohibition shall not apply where the customer has given explicit consent.\n"
    assert _kinds(_diff(ban, narrowed)) == [("weakened",)]


def test_a_duty_narrowed_by_what_it_does_not_cover_is_weakened() -> None:
    narrowed = DUTY.format(rest=" This obligation shall not cover outages planned a week in advance.")
    assert _kinds(_diff(DUTY.format(rest=""), narrowed)) == [("weakened",)]


def test_what_reads_as_a_derogation() -> None:
    assert derogation_of("This obligation shall not apply where the outage is short.", "en") == ""
    assert derogation_of("However, those requirements do not apply to micro-enterprises.", "en") == ""
    assert derogation_of("(c) The preceding subparagraph shall not apply to ports.", "en") == ""
    assert derogation_of("Paragraph 3 shall not apply where the use is authorised by law.", "en") == "3"
    assert derogation_of("The obligations set out in paragraph 2a shall not apply to banks.", "en") == "2a"
    # what the duty leaves out of its reach; a stray stop an extraction left before the sentence
    assert derogation_of("This obligation shall not cover the logs of crew members.", "en") == ""
    assert derogation_of(". Those requirements do not extend to rowing boats.", "en") == ""
    assert derogation_of("Paragraph 2 does not cover ferries.", "en") == "2"
    # a party's act, a text's scope, some points of a paragraph: no derogation of a duty
    assert derogation_of("Operators shall not apply the surcharge to refunds.", "en") is None
    assert derogation_of("This Regulation shall not apply to military systems.", "en") is None
    assert derogation_of("Paragraph 3, points (a) and (b), shall not apply to banks.", "en") is None
    assert derogation_of("This obligation shall not apply where the outage is short.", "ja") is None


def test_tracker_commitments_lists_the_obligation_and_not_its_derogation() -> None:
    """The one-version inventory reads a derogation as the differ does: part of its obligation."""
    from tracker.diff.inventory import inventory

    texts = [c.text for c in inventory(DUTY.format(rest=EXEMPTION), "en").commitments]
    assert texts == ["Operators of data centres shall report every outage to the regulator."]
