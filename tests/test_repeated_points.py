"""A point printed twice in a row, label and words alike, is one provision set twice by a
typesetting slip: it is read, and reported, once. Our own texts.
"""

from __future__ import annotations

from tracker.diff import Side, diff_texts
from tracker.diff.parse import parse_document

TWICE = """# Article 12 - Wardens

The Council shall publish guidance on:

(i) the hiring of wardens;

(i) the hiring of wardens;

(ii) the training of wardens;

(ii) the training of wardens;

(iii) the pay of wardens.
"""


def _points(text: str) -> list[str]:
    return [s.shown for s in parse_document(text, "en").sentences if s.lead_in]


def test_an_immediate_repeat_is_read_once() -> None:
    assert _points(TWICE) == [
        "(i) the hiring of wardens;",
        "(ii) the training of wardens;",
        "(iii) the pay of wardens.",
    ]


def test_the_repeat_keeps_the_run_of_points() -> None:
    doc = parse_document(TWICE, "en")
    assert {s.lead_in for s in doc.sentences if s.label} == {"The Council shall publish guidance on:"}


def test_a_repeat_dropped_is_no_change_and_a_point_dropped_is_one() -> None:
    once = TWICE.replace("(i) the hiring of wardens;\n\n(i)", "(i)").replace(
        "(ii) the training of wardens;\n\n(ii)", "(ii)"
    )
    report = diff_texts(TWICE, once, before_side=Side("a"), after_side=Side("b"))
    assert report.changes == ()
    without = once.replace("(ii) the training of wardens;\n\n", "").replace("(iii)", "(ii)")
    report = diff_texts(TWICE, without, before_side=Side("a"), after_side=Side("b"))
    assert [c.kinds for c in report.changes] == [("removed",)]
    removed = report.changes[0].before
    assert removed is not None and removed.text == "(ii) the training of wardens;"


def test_the_same_words_apart_or_under_another_label_are_two_points() -> None:
    apart = "The Council shall:\n(a) hire wardens;\n(b) train wardens;\n(c) hire wardens.\n"
    assert _points(apart) == ["(a) hire wardens;", "(b) train wardens;", "(c) hire wardens."]
    relabelled = "The Council shall:\n(a) hire wardens;\n(b) hire wardens;\n(c) train wardens.\n"
    assert _points(relabelled) == ["(a) hire wardens;", "(b) hire wardens;", "(c) train wardens."]


def test_a_repeat_within_one_paragraph_is_read_once() -> None:
    text = "The Council shall:\n(a) hire wardens;\n(a) hire wardens;\n(b) train wardens.\n"
    assert _points(text) == ["(a) hire wardens;", "(b) train wardens."]
