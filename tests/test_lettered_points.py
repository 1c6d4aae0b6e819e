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
    assert report.changes[0].after is not None and report.changes[0].after.text == "inspect ports;"
