"""A point quoted without its lead-in (an amendment, an excerpt) reads with its counterpart's lead-in."""

from __future__ import annotations

from tracker.diff import Side, diff_texts

QUOTED = "## Article 9 — paragraph 2 — point c\n\n(c) {point}\n"
LISTED = (
    "## Article 9 — Duties of operators\n\n"
    "Operators shall carry out:\n\n"
    "(a) a monthly check of the backup generators;\n"
    "(b) {point}\n"
)
AUDIT = "an annual audit of the cooling systems of every data centre;"


def _diff(before: str, after: str):  # type: ignore[no-untyped-def]
    return diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")


def test_a_quoted_point_kept_under_its_lead_in_is_not_added() -> None:
    report = _diff(QUOTED.format(point=AUDIT), LISTED.format(point=AUDIT))
    added = [c.after.text for c in report.changes if c.kinds == ("added",) and c.after]
    assert report.summary["added"] == 1 and "backup generators" in added[0]


def test_a_quoted_point_that_gained_a_hedge_is_weakened() -> None:
    hedged = "where feasible, " + AUDIT
    report = _diff(QUOTED.format(point=AUDIT), LISTED.format(point=hedged))
    assert report.summary["weakened"] == 1


def test_a_sentence_without_a_label_does_not_borrow_a_lead_in() -> None:
    background = (
        "## Article 9 — Duties of operators\n\nAn annual audit of the cooling systems of every data centre.\n"
    )
    report = _diff(background, LISTED.format(point=AUDIT))
    assert report.summary["added"] == 2


NUMBERED_QUOTED = "## Annex II — point 2\n\n2. {point}\n"
NUMBERED_LISTED = (
    "## Annex II\n\n"
    "The register of berths shall contain:\n\n"
    "1. the name of the vessel;\n"
    "2. {point}\n"
)


def test_a_quoted_numbered_point_reads_with_its_counterparts_lead_in() -> None:
    """An amendment that prints "2. ..." alone quotes a numbered list item, as it would "(b) ..."."""
    before = "the date and hour of berthing and the signature of the harbour master."
    after = "the date and hour of berthing, and a signature of the harbour master."
    report = _diff(NUMBERED_QUOTED.format(point=before), NUMBERED_LISTED.format(point=after))
    added = [c.after.text for c in report.changes if c.kinds == ("added",) and c.after]
    assert added == ["the name of the vessel;"]
    assert report.summary["added"] == 1


def test_a_numbered_paragraph_without_a_lead_in_anywhere_borrows_none() -> None:
    background = "## Annex II\n\n2. The date and hour of berthing and the signature of the harbour master.\n"
    report = _diff(background, background.replace("and the", "and a"))
    assert report.changes == ()


def test_a_quoted_point_split_in_two_under_the_lead_in_is_not_added() -> None:
    """The amendment quotes one point; the newer text splits it into two points of the list."""
    quoted = (
        "## Article 9 — paragraph 2 — point b\n\n"
        "(b) an annual audit and a yearly test of the cooling systems of every data centre;\n"
    )
    listed = LISTED.format(point="an annual audit of the cooling systems of every data centre;") + (
        "(c) a yearly test of the cooling systems of every data centre;\n"
    )
    report = _diff(quoted, listed)
    added = [c.after.text for c in report.changes if c.kinds == ("added",) and c.after]
    assert len(added) == 1 and "backup generators" in added[0]
