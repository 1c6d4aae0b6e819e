"""Property tests: normalization is deterministic, idempotent and blind to line wrapping."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.ingest import ingest_bytes, normalize_markdown
from tracker.sentences import split_sentences
from tracker.unicode_norm import is_wide, normalize_unicode

_PROSE = (
    "the Government will invest in compute data talent e.g. U.S. No. 5 1.5% Art. 3.2 2030 "
    "(see annex) 「計画」 政府は 推進する。 予算を 確保する！ AI ＡＩ １２３ ： （注）"
).split()
_MARKUP = "- * # > 1. | ` _".split()  # a wrap that puts these at a line start changes Markdown structure
_WORDS = st.sampled_from(_PROSE + _MARKUP)
_ENDINGS = st.sampled_from([".", "!", "?", "。", "！", "", ":"])
_SENTENCES = st.builds(
    lambda words, end: " ".join(words) + end, st.lists(_WORDS, min_size=1, max_size=12), _ENDINGS
)
_PARAGRAPHS = st.lists(_SENTENCES, min_size=1, max_size=5).map(" ".join)
_BLOCKS = st.one_of(
    _PARAGRAPHS,
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 6), _SENTENCES),
    st.lists(_PARAGRAPHS, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {item}" for item in items)),
    st.lists(_PARAGRAPHS, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))
    ),
    st.lists(st.lists(_SENTENCES, min_size=2, max_size=2), min_size=1, max_size=3).map(
        lambda rows: "\n".join(["| a | b |", "|---|---|"] + [f"| {x} | {y} |" for x, y in rows])
    ),
    _PARAGRAPHS.map(lambda text: f"> {text}"),
)
_DOCUMENTS = st.lists(_BLOCKS, min_size=1, max_size=6).map("\n\n".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_DOCUMENTS)
def test_normalize_markdown_is_idempotent(document: str) -> None:
    once = normalize_markdown(document)
    assert normalize_markdown(once) == once


@_SETTINGS
@given(st.text(max_size=300))
def test_normalize_markdown_is_idempotent_on_any_text(text: str) -> None:
    once = normalize_markdown(text)
    assert normalize_markdown(once) == once


@_SETTINGS
@given(_DOCUMENTS, st.sampled_from(["doc.md", "doc.txt"]))
def test_ingesting_twice_gives_the_same_bytes_and_a_fixed_point(document: str, name: str) -> None:
    first = ingest_bytes(document.encode(), name)
    assert ingest_bytes(document.encode(), name) == first
    assert normalize_markdown(first.text, first.language) == first.text


def _join_words(words: list[str]) -> str:
    """Words as a writer would join them: no space between two Japanese words, a space otherwise."""
    text = words[0]
    for word in words[1:]:
        text += ("" if is_wide(text[-1]) and is_wide(word[0]) else " ") + word
    return text


_PROSE_PARAGRAPHS = st.lists(
    st.builds(
        lambda words, end: " ".join(words) + end, st.lists(st.sampled_from(_PROSE), min_size=1), _ENDINGS
    ),
    min_size=1,
    max_size=5,
).map(" ".join)


@_SETTINGS
@given(_PROSE_PARAGRAPHS, st.integers(min_value=1, max_value=8))
def test_rewrapping_does_not_change_the_output(paragraph: str, width: int) -> None:
    words = normalize_unicode(paragraph).split()  # full-width letters are Latin once folded
    wrapped = "\n".join(_join_words(words[i : i + width]) for i in range(0, len(words), width))
    assert normalize_markdown(wrapped) == normalize_markdown(_join_words(words))


@_SETTINGS
@given(_PARAGRAPHS)
def test_sentences_cover_the_paragraph(paragraph: str) -> None:
    sentences = split_sentences(paragraph)
    assert " ".join(sentences).replace(" ", "") == paragraph.replace(" ", "")
    assert split_sentences(" ".join(sentences)) == sentences
