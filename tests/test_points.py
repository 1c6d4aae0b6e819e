"""Lettered and numbered points read as one representation however they are set. Our own texts."""

from __future__ import annotations

import pytest

from tracker.diff import Side, analyse_document, diff_texts
from tracker.diff.parse import parse_document

LAYOUTS = {
    "own lines": "The Agency shall:\n(a) publish a safety code;\n(b) train 300 inspectors.\n",
    "own paragraphs": "The Agency shall:\n\n(a) publish a safety code;\n\n(b) train 300 inspectors.\n",
    "list items": "The Agency shall:\n\n- (a) publish a safety code;\n- (b) train 300 inspectors.\n",
    "inline": "The Agency shall: (a) publish a safety code; (b) train 300 inspectors.\n",
    "inline with and": "The Agency shall: (a) publish a safety code; and (b) train 300 inspectors.\n",
}


def _reading(text: str, language: str = "en") -> list[tuple[str, str | None, str, str | None]]:
    doc = parse_document(text, language)
    analysis = analyse_document(doc)
    return [
        (s.text.removesuffix(" and"), s.lead_in, doc.blocks[s.block].kind, a.strength if a else None)
        for s, a in zip(doc.sentences, analysis, strict=True)
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_points_read_the_same_in_every_layout(layout: str) -> None:
    assert _reading(LAYOUTS[layout]) == [
        ("The Agency shall:", None, "paragraph", None),
        ("publish a safety code;", "The Agency shall:", "list_item", "strong"),
        ("train 300 inspectors.", "The Agency shall:", "list_item", "strong"),
    ]


def test_a_layout_change_is_no_commitment_change() -> None:
    for layout, after in LAYOUTS.items():
        if layout == "inline with and":
            continue  # one more word: a rewording
        report = diff_texts(LAYOUTS["own lines"], after, before_side=Side("a"), after_side=Side("b"))
        assert report.changes == (), layout


def test_nested_points_take_the_lead_in_of_their_own_list() -> None:
    text = (
        "The Board shall:\n\n"
        "(a) within 90 days, publish guidance that includes:\n\n"
        "(i) a test protocol;\n\n"
        "(ii) a reporting form;\n\n"
        "(b) report to the Minister every year.\n"
    )
    reading = {s.text: s.lead_in for s in parse_document(text, "en").sentences}
    assert reading["a test protocol;"] == "within 90 days, publish guidance that includes:"
    assert reading["a reporting form;"] == "within 90 days, publish guidance that includes:"
    assert reading["report to the Minister every year."] == "The Board shall:"
    assert reading["within 90 days, publish guidance that includes:"] == "The Board shall:"


def test_the_letter_i_after_h_is_a_letter_not_a_roman_one() -> None:
    text = "The Office shall:\n\n(g) fund labs;\n\n(h) train staff;\n\n(i) report yearly.\n"
    leads = [s.lead_in for s in parse_document(text, "en").sentences[1:]]
    assert leads == ["The Office shall:"] * 3


def test_the_letter_after_a_letter_i_on_lines_of_one_paragraph() -> None:
    letters = "".join(f"({c}) task {c};\n" for c in "abcdefgh")
    text = f"The Office shall:\n{letters}(i) report yearly;\n(j) audit labs;\n(k) advise on:\n(i) fees;\n"
    shown = [s.shown for s in parse_document(text, "en").sentences[-4:]]
    assert shown == ["(i) report yearly;", "(j) audit labs;", "(k) advise on:", "(i) fees;"]


def test_japanese_points_under_a_lead_in_that_announces_them() -> None:
    circled = "政府は、次の措置を講ずる。\n①　データセンターを分散する。\n②　再生エネルギーを使う。\n"
    wide = "政府は、次の措置を講ずる。\n\n（1）データセンターを分散する。\n\n（2）再生エネルギーを使う。\n"
    for text in (circled, wide):
        points = [s for s in parse_document(text, "ja").sentences if s.lead_in]
        assert [s.text for s in points] == [
            "データセンターを分散する。",
            "再生エネルギーを使う。",
        ]
        assert {s.lead_in for s in points} == {"政府は、次の措置を講ずる。"}


def test_a_point_whose_lead_in_is_not_in_the_text_is_still_a_point() -> None:
    doc = parse_document("(c) publish a safety code;\n\n(d) train 300 inspectors.\n", "en")
    assert [(s.text, doc.blocks[s.block].kind) for s in doc.sentences] == [
        ("publish a safety code;", "list_item"),
        ("train 300 inspectors.", "list_item"),
    ]


def test_references_and_asides_in_brackets_stay_text() -> None:
    for text in (
        "The Office shall act as set out in\n(a) above and\n(b) below.\n",
        "The Office shall act under Article 5(1) and (2), as point (a) requires.\n",
        "It has three aims: (i) dignity (ii) diversity. It will report.\n",
    ):
        doc = parse_document(text, "en")
        assert {doc.blocks[s.block].kind for s in doc.sentences} == {"paragraph"}, text


def test_inline_points_end_with_their_sentence() -> None:
    text = "The Office shall: (a) fund labs; (b) train staff. The Ministry will report.\n"
    reading = [(s.text, s.lead_in) for s in parse_document(text, "en").sentences]
    assert reading[-1] == ("The Ministry will report.", None)


@pytest.mark.parametrize(
    "lead_in",
    [
        "To keep the harbours open, the Port Office will carry out the following measures.",
        "By taking the following steps, the Port Office will modernise pilotage.",
        "The Port Office will act as follows.",
        "The Port Office will deliver the actions set out below.",
        "The Port Office will take these measures.",
    ],
)
def test_a_lead_in_ending_with_a_full_stop_that_announces_the_list(lead_in: str) -> None:
    text = f"{lead_in}\n\n- dredge the north channel\n- renew the pilot licences\n"
    reading = _reading(text)
    assert [(r[1], r[3]) for r in reading[1:]] == [(lead_in, "strong"), (lead_in, "strong")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The Port Office will renew its fleet.",  # commits, but announces no list
        "The Port Office will review the channel the following year.",  # a time, not a list
    ],
)
def test_a_sentence_that_announces_no_list_gives_the_list_no_modality(paragraph: str) -> None:
    text = f"{paragraph}\n\n- north channel depth\n- pilot licence numbers\n"
    assert [(r[1], r[3]) for r in _reading(text)[1:]] == [(None, None), (None, None)]


# ------------------------------------------------------------------------- labels set in emphasis


EMPHASIZED = (
    "The Harbour Board shall:\n\n***a)*** ***publish the tide tables;***\n\n***b)*** ***train 40 pilots.***\n"
)
PLAIN = "The Harbour Board shall:\n\n(a) publish the tide tables;\n\n(b) train 40 pilots.\n"


def test_a_label_set_in_emphasis_is_a_point_label() -> None:
    """Amending texts set the labels of new points in emphasis ("***a)***"); Markdown reads no list
    marker inside emphasis, the parser still reads the label."""
    assert _reading(EMPHASIZED) == _reading(PLAIN)
    assert [s.label for s in parse_document(EMPHASIZED, "en").sentences] == ["", "a)", "b)"]


def test_emphasis_around_a_label_is_no_commitment_change() -> None:
    report = diff_texts(PLAIN, EMPHASIZED, before_side=Side("a"), after_side=Side("b"))
    assert report.changes == ()


@pytest.mark.parametrize(
    ("source", "label", "text"),
    [
        ("***3 a.*** ***Pilots shall hold a licence.***", "3 a.", "Pilots shall hold a licence."),
        ("**5b.** Pilots shall hold a licence.", "5b.", "Pilots shall hold a licence."),
        ("***4.*** ***Pilots shall hold a licence.***", "4.", "Pilots shall hold a licence."),
        ("*ii.* Pilots shall hold a licence.", "ii.", "Pilots shall hold a licence."),
        # no label: a year, an abbreviation, a capital heading letter, a label without emphasis
        ("**2030.** Pilots shall hold a licence.", "", "2030. Pilots shall hold a licence."),
        ("**i.e.** pilots shall hold a licence.", "", "i.e. pilots shall hold a licence."),
        ("**A.** Pilots shall hold a licence.", "", "A. Pilots shall hold a licence."),
        ("3 a. Pilots shall hold a licence.", "", "3 a."),
    ],
)
def test_which_emphasised_runs_are_labels(source: str, label: str, text: str) -> None:
    first = parse_document(f"# Article 4\n\n{source}\n", "en").sentences[0]
    assert (first.label, first.text) == (label, text)


def test_a_numbered_paragraph_after_points_closes_them() -> None:
    text = EMPHASIZED + "\n***3.*** ***Ports may charge a berth fee.***\n"
    last = parse_document(text, "en").sentences[-1]
    assert (last.label, last.text, last.lead_in) == ("3.", "Ports may charge a berth fee.", None)


# ------------------------------------------------------------------------- lead-ins with a weak modal


@pytest.mark.parametrize(
    ("lead_in", "strength", "actor"),
    [
        ("Harbour inspectorates may:", "weak", "Harbour inspectorates"),
        ("To keep the channels safe, the harbour authority may:", "weak", "Harbour authority"),
        ("The Port Office could, where needed:", "weak", "Port Office"),
        ("Pilot associations should:", "moderate", "Pilot associations"),
    ],
)
def test_points_take_a_weak_or_moderate_modal_of_their_lead_in(
    lead_in: str, strength: str, actor: str
) -> None:
    """A power ("may:") governs its points as a duty ("shall:") does: each point is a commitment of
    the lead-in's strength and of the body it names."""
    text = f"{lead_in}\n\n(a) board any vessel in port;\n\n(b) seize unsafe cargo.\n"
    analysis = analyse_document(parse_document(text, "en"))
    assert analysis[0] is None  # the lead-in is no commitment of its own: its points are
    assert [(a.strength, a.actor) if a else None for a in analysis[1:]] == [(strength, actor)] * 2


@pytest.mark.parametrize(
    "lead_in", ["Storms may:", "In rough weather, it may:", "Such measures may include:"]
)
def test_a_weak_lead_in_that_names_no_body_gives_its_points_nothing(lead_in: str) -> None:
    text = f"{lead_in}\n\n(a) close the north channel;\n\n(b) delay the ferries.\n"
    assert analyse_document(parse_document(text, "en"))[1:] == [None, None]


def test_points_added_under_a_new_may_lead_in_are_added_commitments() -> None:
    before = "# Powers\n\nThe harbour authority shall keep the berth register.\n"
    points = "(a) board any vessel in port;\n\n(b) seize unsafe cargo.\n"
    after = before + "\nThe harbour authority may:\n\n" + points
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"))
    assert [(c.kinds, c.after.strength if c.after else None) for c in report.changes] == [
        (("added",), "weak"),
        (("added",), "weak"),
    ]


# ------------------------------------------------------------------------- lead-ins without their colon


@pytest.mark.parametrize(
    "lead_in",
    [
        "The Harbour Board shall publish, in particular;",  # a semicolon where the colon was meant
        "The Harbour Board shall publish—",  # a dash, as some drafting sets it
        "To that end, the Harbour Board shall",  # a modal that leaves the sentence open
        "Each year, the Harbour Board shall publish the reports of",  # a preposition
    ],
)
def test_a_paragraph_left_open_before_first_points_is_their_lead_in(lead_in: str) -> None:
    text = f"{lead_in}\n\n(a) the tide tables;\n\n(b) the berth register.\n"
    assert [(r[1], r[3]) for r in _reading(text)] == [
        (None, None),  # the lead-in is no commitment of its own: its points are
        (lead_in, "strong"),
        (lead_in, "strong"),
    ]


def test_within_one_paragraph_a_semicolon_before_first_points_ends_a_lead_in() -> None:
    text = "The Harbour Board shall publish, in particular;\n(a) the tide tables;\n(b) the berth register.\n"
    assert [(r[0], r[3]) for r in _reading(text)] == [
        ("The Harbour Board shall publish, in particular;", None),
        ("the tide tables;", "strong"),
        ("the berth register.", "strong"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The Harbour Board shall publish its reports.",  # a full stop closes the sentence
        "Berth allocation",  # a title: it ends on a noun
    ],
)
def test_a_closed_paragraph_before_points_is_no_lead_in(paragraph: str) -> None:
    text = f"{paragraph}\n\n(a) the tide tables;\n\n(b) the berth register.\n"
    assert [r[1] for r in _reading(text)[1:]] == [None, None]


def test_a_point_before_a_first_point_of_its_own_kind_introduces_nothing() -> None:
    # a list that starts again is no nested list (a point printed twice is read once)
    text = "(a) the tide tables;\n\n(a) the tide charts;\n\n(b) the berth register.\n"
    assert [r[1] for r in _reading(text)] == [None, None, None]
    twice = "(a) the tide tables;\n\n(a) the tide tables;\n\n(b) the berth register.\n"
    assert [r[1] for r in _reading(twice)] == [None, None]


def test_a_colon_replaced_by_a_semicolon_is_no_commitment_change() -> None:
    points = "\n\n(a) the tide tables;\n\n(b) the berth register.\n"
    before = "# Records\n\nThe Harbour Board shall publish, in particular:" + points
    after = "# Records\n\nThe Harbour Board shall publish, in particular;" + points
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"))
    assert [c.kinds for c in report.changes if c.kinds != ("reworded",)] == []
    assert [s.lead_in for s in parse_document(after, "en").sentences][-2:] == [
        "The Harbour Board shall publish, in particular;"
    ] * 2
