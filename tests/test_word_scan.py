"""WordScan finds what the lookbehind scan it replaces finds, at the same places."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.commitments.trie import char_trie
from tracker.commitments.word_scan import WordScan

WORDS = st.lists(st.text(alphabet="abs-", min_size=1, max_size=4), min_size=1, max_size=6)
TEXT = st.text(alphabet="abs -,.Aé_1\u00a0", max_size=40)


def _lookbehind(alternation: str, boundary: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(rf"(?<![{boundary}])(?:{alternation})(?![{boundary}])", flags)


@settings(max_examples=400, deadline=None)
@given(WORDS, TEXT, st.integers(min_value=0, max_value=12))
def test_the_same_spans_as_the_lookbehind_scan(words: list[str], text: str, pos: int) -> None:
    alternation = char_trie(words)
    for boundary, flags, options in (
        (r"\w-", 0, {}),
        (r"\w-", 0, {"ascii_class": True}),
        (r"\w-", re.IGNORECASE, {}),
        ("a-z0-9", 0, {}),
    ):
        scan = WordScan(alternation, boundary, (w[:1] for w in words), flags, **options)
        former = _lookbehind(alternation, boundary, flags)
        expected = [(m.start(), m.end(), m.group()) for m in former.finditer(text, pos)]
        assert list(scan.spans(text, pos)) == expected


@settings(max_examples=200, deadline=None)
@given(WORDS, st.text(alphabet="abs -,.A_1", max_size=40))
def test_an_ascii_only_scan_on_ascii_text(words: list[str], text: str) -> None:
    alternation = char_trie(words)
    scan = WordScan(alternation, r"\w-", (w[:1] for w in words), ascii_only=True)
    expected = [(m.start(), m.end(), m.group()) for m in _lookbehind(alternation, r"\w-").finditer(text)]
    assert list(scan.spans(text)) == expected


def test_phrases_that_open_with_a_boundary_character_keep_the_lookbehind_scan() -> None:
    scan = WordScan(char_trie(["-based", "x"]), "a-z", ["-", "x"])
    assert list(scan.spans("a -based x")) == [(2, 8, "-based"), (9, 10, "x")]


def test_the_packaged_cue_scan_reads_sentences_of_our_own() -> None:
    from tracker.commitments.cues import english_modality

    found = english_modality("The Harbour Board will, where appropriate, publish its tariffs.")
    assert found is not None and found.cues == ("will", "where appropriate") and found.strength == "weak"
    assert english_modality("May 2026 saw record traffic at the port.") is None
