"""Sentence splitting (EN + JA), language detection and Unicode normalization."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracker.sentences as splitter
from tracker.language import detect_language
from tracker.sentences import join_lines, split_sentences
from tracker.unicode_norm import normalize_unicode

ENGLISH_CASES = [
    (
        "The agency will fund pilots, e.g. in health. It will report yearly.",
        ["The agency will fund pilots, e.g. in health.", "It will report yearly."],
    ),
    (
        "Funding rises by 1.5% per year. Reviews follow.",
        ["Funding rises by 1.5% per year.", "Reviews follow."],
    ),
    (
        "The U.S. Department of Energy leads. The U.K. follows.",
        ["The U.S. Department of Energy leads.", "The U.K. follows."],
    ),
    ("See No. 5 of the annex. Then act.", ["See No. 5 of the annex.", "Then act."]),
    (
        "Under Art. 5 providers must register. Sec. 3.2 applies.",
        ["Under Art. 5 providers must register.", "Sec. 3.2 applies."],
    ),
    ("As set out in Section 3.2. The board agrees.", ["As set out in Section 3.2.", "The board agrees."]),
    ("Dr. A. Rivera chairs it. Mr. Lee assists.", ["Dr. A. Rivera chairs it.", "Mr. Lee assists."]),
    (
        "Costs (approx. 40 units) are covered, i.e. all of them.",
        ["Costs (approx. 40 units) are covered, i.e. all of them."],
    ),
    ("Data, compute, talent, etc. are in scope.", ["Data, compute, talent, etc. are in scope."]),
    ("It covers data, compute, etc. The rest waits.", ["It covers data, compute, etc.", "The rest waits."]),
    ('She said "We will act." Then she left.', ['She said "We will act."', "Then she left."]),
    ("Is it funded? Yes! Fully.", ["Is it funded?", "Yes!", "Fully."]),
    ("(This is an aside.) The plan continues.", ["(This is an aside.)", "The plan continues."]),
    ("The plan (see Fig. 2. and Vol. 3) is final.", ["The plan (see Fig. 2. and Vol. 3) is final."]),
    ("1. The plan starts now. It ends in 2030.", ["1. The plan starts now.", "It ends in 2030."]),
    (
        "IV. Scope of the strategy is broad. More follows.",
        ["IV. Scope of the strategy is broad.", "More follows."],
    ),
    ("Budgets grew in 2024. 15 projects started.", ["Budgets grew in 2024.", "15 projects started."]),
    (
        "Phase one ends in Jan. 2027 and phase two in Dec. 2029.",
        ["Phase one ends in Jan. 2027 and phase two in Dec. 2029."],
    ),
    ("Version 2.0.1 ships today. Updates follow.", ["Version 2.0.1 ships today.", "Updates follow."]),
    ("No final stop here", ["No final stop here"]),
    # a footnote call right after the stop closes its sentence
    ("Pilots hold a licence.¹ The Board sets dues.", ["Pilots hold a licence.¹", "The Board sets dues."]),
    (
        "Pilots hold a licence.[^2] The Board sets dues.",
        ["Pilots hold a licence.[^2]", "The Board sets dues."],
    ),
    ("Pilots hold a licence.14 The Board sets dues.", ["Pilots hold a licence.14", "The Board sets dues."]),
    # ... but a section number, a decimal or a number after an abbreviation is none
    ("See section 4.2 The Board sets dues.", ["See section 4.2 The Board sets dues."]),
    ("See Annex B.2 The Board sets dues.", ["See Annex B.2 The Board sets dues."]),
    ("See Part IV.2 The Board sets dues.", ["See Part IV.2 The Board sets dues."]),
    ("See No.2 The Board sets dues.", ["See No.2 The Board sets dues."]),
    ("Dues rose.3 percent of berths were idle.", ["Dues rose.3 percent of berths were idle."]),
]

JAPANESE_CASES = [
    ("政府はAIを推進する。予算を確保する。", ["政府はAIを推進する。", "予算を確保する。"]),
    ("本当に必要か？必要だ！次へ進む。", ["本当に必要か？", "必要だ！", "次へ進む。"]),
    ("大臣は「投資を倍増する。」と述べた。", ["大臣は「投資を倍増する。」と述べた。"]),
    ("「基盤を整える。研究を進める。」計画は続く。", ["「基盤を整える。研究を進める。」", "計画は続く。"]),
    ("別紙（詳細は後述。）を参照する。以上。", ["別紙（詳細は後述。）を参照する。", "以上。"]),
    ("成長率は1.5%とする。次に進む。", ["成長率は1.5%とする。", "次に進む。"]),
    ("目標を定める.次に実施する.", ["目標を定める.", "次に実施する."]),
    ("目標を定める．次に実施する．", ["目標を定める．", "次に実施する．"]),
    ("研究開発の推進", ["研究開発の推進"]),
    ("AIを活用する。The plan is bilingual. 以上。", ["AIを活用する。", "The plan is bilingual.", "以上。"]),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), JAPANESE_CASES)
def test_japanese_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "ja") == expected


def test_language_none_uses_every_abbreviation_list() -> None:
    assert split_sentences("Zie bijv. de bijlage. Dan volgt meer.") == [
        "Zie bijv. de bijlage.",
        "Dan volgt meer.",
    ]
    assert split_sentences("Siehe Nr. 5 im Anhang. Dann mehr.", "de") == [
        "Siehe Nr. 5 im Anhang.",
        "Dann mehr.",
    ]


def test_soft_line_breaks_are_joined_by_script() -> None:
    assert join_lines("The plan\nwill   grow.") == "The plan will grow."
    assert join_lines("政府は\n推進する。") == "政府は推進する。"
    assert split_sentences("It ends.\n次に進む。") == ["It ends.", "次に進む。"]


def test_spaces_written_inside_a_line_are_kept() -> None:
    assert join_lines("# 第2章 AI開発力の強化") == "# 第2章 AI開発力の強化"
    assert join_lines("The plan uses AI 基盤 models.") == "The plan uses AI 基盤 models."
    assert join_lines("第2章\u3000AI   開発") == "第2章 AI 開発"  # whitespace runs fold to one space
    assert split_sentences("The plan uses AI 基盤 models. 政府は AI を活用する。") == [
        "The plan uses AI 基盤 models.",
        "政府は AI を活用する。",
    ]


def test_a_line_break_joins_by_the_characters_around_it() -> None:
    assert join_lines("政府は\nAI を活用する") == "政府はAI を活用する"
    assert join_lines("uses AI\n基盤") == "uses AI基盤"  # the documented limit
    assert join_lines("It ends.\n次に進む。") == "It ends. 次に進む。"
    assert join_lines('He said "AI."\n次に進む。') == 'He said "AI." 次に進む。'


def test_unbalanced_bracket_does_not_glue_the_text() -> None:
    text = "Item a) is first. Item b) is second. " + " ".join(f"Sentence {n} ends." for n in range(200))
    assert len(split_sentences(text)) == 202


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_splitting_is_fast_on_long_text() -> None:
    import time

    text = "The Government will invest 1.5% more, e.g. in U.S. compute. 政府は推進する。" * 20000
    start = time.perf_counter()
    sentences = split_sentences(text)
    assert len(sentences) == 40000
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Government will review the plan and report to the parliament on its progress.", "en"),
        (
            "De regering zal het plan herzien en het parlement over de voortgang inlichten.",
            "nl",
        ),
        ("Die Regierung wird den Plan prüfen und dem Parlament über die Fortschritte berichten.", "de"),
        ("Le gouvernement doit revoir le plan et rendre compte au parlement de la mise en œuvre.", "fr"),
        (
            "El gobierno debe revisar el plan y informar al parlamento sobre los avances de la estrategia.",
            "es",
        ),
        ("政府は人工知能の研究開発を推進し、その成果を社会に実装する。", "ja"),
        ("政府将推动人工智能研究与产业发展。", "zh"),
        ("정부는 인공지능 연구를 추진한다.", "ko"),
        ("12345 67890", "und"),
        # non-ASCII text without kana, hangul or ideographs, and Latin text with a few of them
        ("The Agency will invest ¥500 billion and €2 billion in café-scale compute clusters.", "en"),
        ("The Ministry will open offices in 東京 and 서울 and report on the progress of the plan.", "en"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_unicode_folds_full_width_ascii_but_keeps_japanese_punctuation() -> None:
    assert normalize_unicode("ＡＩ戦略２０３０　１．５％") == "AI戦略2030 1.5%"
    assert normalize_unicode("（注）「はい」、そうだ！本当？：；") == "（注）「はい」、そうだ！本当？：；"
    assert normalize_unicode("ｶﾞｲﾄﾞﾗｲﾝ｡") == "ガイドライン。"


def test_unicode_removes_invisible_characters_and_normalizes_line_ends() -> None:
    assert normalize_unicode("a\u00a0b\u200bc\u00add\ufeff \r\nnext\rlast  ") == "a bcd\nnext\nlast"
    assert normalize_unicode("“curly” quotes stay") == "“curly” quotes stay"
    assert normalize_unicode("e\u0301") == "é"  # NFC


# -- the splitter's fast scans read what the plain regex formulations read ---------------------

# Characters the splitter treats specially (stops, closers, brackets, word-ish marks, spaces),
# a few letters, digits and wide characters, so short random texts hit every branch.
_SPLITTER_ALPHABET = (
    "aZé_9 .．!?…‼。！？｡\"'”’」』）)]】〕〉》»([{（［｛「『【〔〈《“}］｝\\-\n\t\u3000\u00a0政府は"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_SPLITTER_ALPHABET, max_size=60))
def test_event_scan_equals_the_event_regex(text: str) -> None:
    expected = [(m.span(), m.lastgroup, m.groups()) for m in splitter._EVENTS.finditer(text)]
    assert [(m.span(), m.lastgroup, m.groups()) for m in splitter._events(text)] == expected


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_SPLITTER_ALPHABET, max_size=40), st.data())
def test_word_before_equals_the_regex_search(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, end))
    found = splitter._word_before(text, lo, end)
    expected = splitter._WORD_BEFORE.search(text, lo, end)
    assert (found and (found.span(), found.group())) == (expected and (expected.span(), expected.group()))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_SPLITTER_ALPHABET + "\r\x0b\x1c\u2028", max_size=60))
def test_join_lines_folds_white_space_as_the_regex_does(text: str) -> None:
    joined = splitter._LINE_BREAK.sub(splitter._join_break, text.strip()) if "\n" in text else text
    assert join_lines(text) == re.sub(r"\s+", " ", joined).strip()


def test_the_bracket_quick_test_lists_every_bracket() -> None:
    """A paragraph without any of the listed brackets skips the bracket scan: the lists are complete."""
    import sys

    from tracker.sentences import _ASCII_BRACKET_CHARS, _BRACKET_CHARS, _BRACKETS, split_sentences

    assert set(_BRACKET_CHARS) == {chr(c) for c in range(sys.maxunicode + 1) if _BRACKETS.match(chr(c))}
    assert set(_ASCII_BRACKET_CHARS) == {c for c in _BRACKET_CHARS if c.isascii()}
    text = "The Board (see Art. 5. below) shall act. It shall report."
    assert split_sentences(text, "en") == ["The Board (see Art. 5. below) shall act.", "It shall report."]
