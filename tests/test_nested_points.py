"""Points under points: a sub-point without a predicate of its own takes the modality (and actor)
of the nearest lead-in above it that has one, however deep the nesting. Our own texts.
"""

from __future__ import annotations

from tracker.diff import Side, analyse_document, diff_texts
from tracker.diff.parse import parse_document


def _read(text: str, language: str = "en") -> list[tuple[str, str | None, str | None]]:
    """(label and text, strength, actor) of every sentence."""
    doc = parse_document(text, language)
    out = []
    for sentence, commitment in zip(doc.sentences, analyse_document(doc), strict=True):
        strength = commitment.strength if commitment is not None else None
        actor = commitment.actor if commitment is not None else None
        out.append((sentence.shown, strength, actor))
    return out


TWO_LEVELS = """# Article 9 - Tasks of the Council

The Council shall, in particular:
(a) publish an annual report;
(b) at the request of a region, issue opinions on:
(i) the siting of new depots;
(ii) the hiring of wardens;
(c) keep a register of depots.
"""


def test_sub_points_take_the_modality_of_their_points_lead_in() -> None:
    assert _read(TWO_LEVELS)[1:] == [
        ("(a) publish an annual report;", "strong", "Council"),
        ("(b) at the request of a region, issue opinions on:", None, None),  # a lead-in: its points commit
        ("(i) the siting of new depots;", "strong", "Council"),
        ("(ii) the hiring of wardens;", "strong", "Council"),
        ("(c) keep a register of depots.", "strong", "Council"),
    ]


def test_sub_points_record_the_lead_ins_above_them() -> None:
    doc = parse_document(TWO_LEVELS, "en")
    depots = next(s for s in doc.sentences if s.text.startswith("the siting"))
    assert depots.lead_in == "at the request of a region, issue opinions on:"
    assert depots.outer_lead_ins == ("The Council shall, in particular:",)
    register = next(s for s in doc.sentences if s.text.startswith("keep"))
    assert register.outer_lead_ins == ()


def test_three_levels_and_a_sub_point_with_its_own_modal() -> None:
    text = """The Council shall, in particular:
(a) issue opinions on:
(i) the siting of depots, including:
(A) their distance from schools;
(B) their fire exits;
(ii) the Council may consult the regions on the hiring of wardens;
(b) keep a register.
"""
    assert _read(text)[1:] == [
        ("(a) issue opinions on:", None, None),
        ("(i) the siting of depots, including:", None, None),
        ("(A) their distance from schools;", "strong", "Council"),
        ("(B) their fire exits;", "strong", "Council"),
        ("(ii) the Council may consult the regions on the hiring of wardens;", "weak", "Council"),
        ("(b) keep a register.", "strong", "Council"),
    ]


def test_the_nearest_lead_in_with_a_predicate_decides() -> None:
    text = """The Council shall, in particular:
(a) where appropriate, issue opinions on:
(i) the siting of depots;
(b) the Council may, where it sees fit, publish:
(i) guidance for wardens;
(ii) a list of depots.
(c) this Article shall not apply to:
(i) depots of the armed forces.
"""
    assert _read(text)[1:] == [
        ("(a) where appropriate, issue opinions on:", None, None),
        ("(i) the siting of depots;", "weak", "Council"),  # the point's hedge passes down
        ("(b) the Council may, where it sees fit, publish:", None, None),
        ("(i) guidance for wardens;", "weak", "Council"),  # its own "may", not the Council's "shall"
        ("(ii) a list of depots.", "weak", "Council"),
        ("(c) this Article shall not apply to:", None, None),
        ("(i) depots of the armed forces.", None, None),  # a scope clause commits no one below it
    ]


def test_a_roman_one_after_a_point_that_introduces_points_opens_them() -> None:
    letters = "".join(f"({c}) task {c};\n" for c in "abcdefg")
    text = f"The Council shall:\n{letters}(h) report on:\n(i) depots;\n(ii) wardens;\n(i) keep a register.\n"
    doc = parse_document(text, "en")
    by_text = {s.shown: s for s in doc.sentences}
    assert by_text["(i) depots;"].lead_in == "report on:"
    assert by_text["(ii) wardens;"].lead_in == "report on:"
    assert by_text["(i) keep a register."].lead_in == "The Council shall:"  # the letter after (h)


def test_nested_markdown_lists() -> None:
    text = """The Ministry will:

- support schools by funding:
  - twelve new science labs;
  - teacher exchanges.
- publish a plan.
"""
    assert _read(text)[1:] == [
        ("support schools by funding:", None, None),
        ("twelve new science labs;", "strong", "Ministry"),
        ("teacher exchanges.", "strong", "Ministry"),
        ("publish a plan.", "strong", "Ministry"),
    ]


def test_japanese_nested_items() -> None:
    text = """政府は、次の施策を実施する。
（1）人材の育成：
① 大学における数理教育の充実
② 社会人の学び直しの支援
（2）研究開発の推進
"""
    read = _read(text, "ja")
    assert read[2:4] == [
        ("① 大学における数理教育の充実", "strong", "政府"),
        ("② 社会人の学び直しの支援", "strong", "政府"),
    ]


def test_a_dropped_sub_point_is_a_removed_commitment() -> None:
    after = TWO_LEVELS.replace("(ii) the hiring of wardens;\n", "")
    report = diff_texts(TWO_LEVELS, after, before_side=Side("a"), after_side=Side("b"))
    assert [c.kinds for c in report.changes] == [("removed",)]
    removed = report.changes[0].before
    assert removed is not None and removed.strength == "strong" and removed.actor == "Council"


def test_the_cases_of_an_exception_are_no_points_of_the_ban() -> None:
    text = """The following practices shall be prohibited:
(a) the sale of fireworks to minors;
(b) the use of drones, unless strictly necessary for one of the following:
(i) the search for a missing person;
(ii) the prevention of an imminent threat to life.
"""
    assert [(shown, strength) for shown, strength, _ in _read(text)[1:]] == [
        ("(a) the sale of fireworks to minors;", "strong"),
        ("(b) the use of drones, unless strictly necessary for one of the following:", None),
        ("(i) the search for a missing person;", None),
        ("(ii) the prevention of an imminent threat to life.", None),
    ]


def test_a_sub_point_quoted_without_the_lead_in_above_its_point() -> None:
    before = """# Amendment 12

(b) the extent to which the regional plans provide for:

(i) shelters for wardens;
"""
    after = """# Article 7 - Criteria

The Council shall take into account the following criteria:
(a) the number of depots;
(b) the extent to which the regional plans provide for:
(i) shelters for wardens and their families;
"""
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"))
    assert [(c.kinds, c.after.text if c.after else None) for c in report.changes] == [
        (("added",), "(a) the number of depots;"),  # not shown in the amendment: new here
        (("reworded",), "(i) shelters for wardens and their families;"),  # one provision, reworded
    ]


def test_a_line_after_the_last_point_is_no_point_text() -> None:
    text = """The register of depots shall record:
(a) the owner of each depot;
(b) the stock held.
With regard to point (b), where the stock is unknown, the register may estimate it.
Section 2 Depots in ports
"""
    assert _read(text)[1:] == [
        ("(a) the owner of each depot;", "strong", None),
        ("(b) the stock held.", "strong", None),
        ("With regard to point (b), where the stock is unknown, the register may estimate it.", None, None),
        ("Section 2 Depots in ports", None, None),
    ]


def test_a_point_that_runs_on_a_second_line_keeps_its_lead_in() -> None:
    text = """The Council shall:
(a) publish an annual report on the depots
and their wardens;
(b) keep a register.
"""
    assert [strength for _, strength, _ in _read(text)[1:]] == ["strong", "strong"]
