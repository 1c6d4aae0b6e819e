"""Legal-style points ("(a) ...", "(i) ...") on their own lines: Markdown reads them as one
paragraph, but each point is a list item under the sentence that introduces it. Our own texts.
"""

from __future__ import annotations

from tracker.diff import Side, diff_texts
from tracker.diff.parse import parse_document

POINTS = """# Article 4 - Tasks

The Office shall support the regional testbeds. It shall in particular:

(a) fund at least 6 shared robotics labs;
(b) publish test protocols for service robots;
(c) train inspectors in every region.
"""


def test_points_are_items_with_their_lead_in() -> None:
    doc = parse_document(POINTS, "en")
    items = [s for s in doc.sentences if s.lead_in]
    assert [s.text for s in items] == [
        "fund at least 6 shared robotics labs;",
        "publish test protocols for service robots;",
        "train inspectors in every region.",
    ]
    assert all(s.lead_in and s.lead_in.endswith("It shall in particular:") for s in items)
    assert [s.lines for s in items] == [(5, 5), (6, 6), (7, 7)]
    assert {doc.blocks[s.block].kind for s in items} == {"list_item"}


def test_a_lead_in_line_in_the_same_paragraph() -> None:
    doc = parse_document("The Office shall:\n(i) fund labs;\n(ii) train staff.\n", "en")
    assert [(s.text, s.lead_in) for s in doc.sentences] == [
        ("The Office shall:", None),
        ("fund labs;", "The Office shall:"),
        ("train staff.", "The Office shall:"),
    ]


def test_a_point_reference_inside_a_sentence_stays_text() -> None:
    doc = parse_document("The Office shall act as set out in\n(a) above and\n(b) below.\n", "en")
    assert [s.text for s in doc.sentences] == ["The Office shall act as set out in (a) above and (b) below."]


def test_a_changed_point_is_a_commitment_change() -> None:
    after = POINTS.replace("at least 6 shared", "at least 9 shared")
    report = diff_texts(POINTS, after, before_side=Side("a"), after_side=Side("b"))
    assert [c.kinds for c in report.changes] == [("target_changed",)]
    assert report.changes[0].evidence == ("6 shared robotics labs -> 9 shared robotics labs",)


def test_re_lettered_points_are_no_change() -> None:
    after = POINTS.replace("(b) publish", "(b) inspect ports;\n(c) publish").replace("(c) train", "(d) train")
    report = diff_texts(POINTS, after, before_side=Side("a"), after_side=Side("b"))
    assert [c.kinds for c in report.changes] == [("added",)]
    assert report.changes[0].after is not None and report.changes[0].after.text == "(b) inspect ports;"


INSERTED = """# Article 9 - Findings

Where the inspectorate makes one of the following findings, it shall order the operator to stop:

(a) the seal has been forged;

(b) the seal is missing;

(c) the logbook has not been kept.
"""


def test_an_inserted_point_is_a_point_and_each_point_shows_its_label() -> None:
    """EU amending acts insert a point between (b) and (c) as "(ba)" or "(b a)": a point like any
    other, analysed without its label, and reported with it, as the reader finds it in the text."""
    after = INSERTED.replace(
        "(c) the logbook", "(b a) the operator has refused entry to the inspectors;\n\n(c) the logbook"
    )
    doc = parse_document(after, "en")
    labels = [(s.label, s.text) for s in doc.sentences if s.lead_in]
    assert labels[2] == ("(b a)", "the operator has refused entry to the inspectors;")
    assert [label for label, _ in labels] == ["(a)", "(b)", "(b a)", "(c)"]
    assert parse_document(after.replace("(b a)", "(ba)"), "en").sentences[3].label == "(ba)"
    report = diff_texts(INSERTED, after, before_side=Side("old"), after_side=Side("new"), language="en")
    added = [c for c in report.changes if "added" in c.kinds]
    assert [c.after.text for c in added if c.after] == [
        "(b a) the operator has refused entry to the inspectors;"
    ]


def test_two_roman_letters_stay_a_roman_numeral() -> None:
    doc = parse_document("It shall:\n\n(i) publish a list;\n\n(ii) update it yearly.\n", "en")
    assert [s.label for s in doc.sentences if s.lead_in] == ["(i)", "(ii)"]
