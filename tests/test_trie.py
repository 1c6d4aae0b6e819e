"""Word lists as prefix-factored regexes: what they match, and the exact text they are written as.

The pattern text matters beyond its meaning: it keys the cross-run regex cache, and the
lexicons' regexes are built from it on every run, so the emitter must stay both fast and
byte-for-byte the one the plain recursive definition below gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.commitments import trie
from tracker.commitments.trie import char_trie, token_trie


def reference_emit(node: dict[str, dict], edge: Callable[[str, int], str], depth: int) -> str:
    """The definition: each node is the alternation of its children, optional where a word ends."""
    children = sorted(k for k in node if k != "")
    if not children:
        return ""
    alternatives = [edge(k, depth) + reference_emit(node[k], edge, depth + 1) for k in children]
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if "" in node else body


def with_reference(build: Callable[[], str]) -> str:
    """What `build` gives with the reference emitter in place of the module's."""
    fast = trie._emit
    trie._emit = reference_emit
    try:
        return build()
    finally:
        trie._emit = fast


WORDS = st.lists(st.text(alphabet="ab c.-é", max_size=7), max_size=14)
SHORT_WORDS = st.lists(st.text(alphabet="abc", min_size=1, max_size=5), min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_char_trie_is_written_as_the_recursive_definition_writes_it(words: list[str]) -> None:
    for space in (r"\s+", " *"):
        fast = char_trie(words, space=space)
        assert fast == with_reference(lambda space=space: char_trie(words, space=space))


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_token_trie_is_written_as_the_recursive_definition_writes_it(phrases: list[str]) -> None:
    def after(token: str) -> str:
        return r"(?:\s+also)?" if token.startswith("a") else ""

    for by_first_char in (False, True):
        fast = token_trie(phrases, after_first=after, by_first_char=by_first_char)
        reference = with_reference(
            lambda split=by_first_char: token_trie(phrases, after_first=after, by_first_char=split)
        )
        assert fast == reference


PHRASES = st.lists(
    st.lists(st.text(alphabet="abs", min_size=1, max_size=3), min_size=1, max_size=3).map(" ".join),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(PHRASES, st.text(alphabet="abs -,", max_size=30))
def test_a_token_trie_by_first_char_matches_as_the_plain_one(phrases: list[str], text: str) -> None:
    def after(token: str) -> str:
        return r"(?:,?\s+also,?)?" if token.startswith("a") else ""

    whole = r"(?<![\w-])(?:{})(?![\w-])"
    plain = re.compile(whole.format(token_trie(phrases, after_first=after)))
    split = re.compile(whole.format(token_trie(phrases, after_first=after, by_first_char=True)))
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in split.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(SHORT_WORDS, st.text("abcd", max_size=6))
def test_a_char_trie_matches_its_words_longest_first(words: list[str], other: str) -> None:
    pattern = re.compile(char_trie(words))
    for word in words:
        assert pattern.fullmatch(word)
    assert bool(pattern.fullmatch(other)) == (other in words)
    longest = max((w for w in words if other.startswith(w)), key=len, default=None)
    found = pattern.match(other)
    assert (found.group() if found else None) == longest


def test_the_lexicon_tries_read_as_before() -> None:
    """The packaged lexicons' patterns, built by the fast emitter and by the definition."""
    from tracker.commitments.themes import _fold_en, load_lexicon

    lexicon = load_lexicon()
    english = sorted({_fold_en(t) for theme in lexicon.themes for t in theme.en if "*" not in t})
    japanese = sorted({t for theme in lexicon.themes for t in theme.ja})
    assert len(english) > 100 and len(japanese) > 100
    for words, space in ((english, " *"), (japanese, r"\s+")):
        assert char_trie(words, space=space) == with_reference(
            lambda words=words, space=space: char_trie(words, space=space)
        )
