"""The word-level redline: exact round trip, readable grouping, determinism."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.diff.redline import rebuild, redline

WORDS = st.sampled_from(
    [
        "the",
        "Agency",
        "will",
        "consider",
        "fund",
        "2030",
        "¥1兆",
        "政府",
        "は",
        "、",
        "推進",
        "する",
        "。",
        " ",
        "  ",
        "\n",
        ",",
        "$2.5",
    ]
)
TEXTS = st.lists(WORDS, max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS)
def test_redline_rebuilds_both_texts_exactly(before: str, after: str) -> None:
    ops = redline(before, after)
    assert rebuild(ops, "before") == before
    assert rebuild(ops, "after") == after
    assert all(op in ("=", "-", "+") and text for op, text in ops)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_redline_round_trips_arbitrary_unicode(before: str, after: str) -> None:
    ops = redline(before, after)
    assert rebuild(ops, "before") == before and rebuild(ops, "after") == after


def test_words_change_as_words_and_deletions_come_first() -> None:
    ops = redline("The Agency will fund 40 labs.", "The Agency will consider funding 40 labs.")
    assert ops == (
        ("=", "The Agency will "),
        ("-", "fund"),
        ("+", "consider funding"),
        ("=", " 40 labs."),
    )


def test_japanese_is_compared_per_character() -> None:
    ops = redline("政府は整備を推進する。", "政府は整備を検討する。")
    assert ("-", "推進") in ops and ("+", "検討") in ops


def test_identical_and_one_sided_texts() -> None:
    assert redline("same", "same") == (("=", "same"),)
    assert redline("", "new") == (("+", "new"),)
    assert redline("old", "") == (("-", "old"),)
    assert redline("", "") == ()
