"""The line-by-line tokenizer for plain Markdown gives exactly markdown-it's reading.

The differ's `parse_document` and the ingester's `parse_markdown` tokenize plain text
themselves (several times faster than markdown-it) and fall back to markdown-it for
anything else; these tests hold both paths to the same sections, blocks, sentences,
lines and ingested blocks, on generated and real documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.diff import parse as parse_module
from tracker.ingest import ingest_file, normalize_markdown
from tracker.ingest import markdown as ingest_markdown
from tracker.markdown_tokens import markdown_parser, plain_markdown_tokens


def _built(text: str, fast: bool, sentence_per_line: bool = True) -> parse_module._Builder | None:
    tokens = plain_markdown_tokens(text) if fast else markdown_parser().parse(text)
    if tokens is None:
        return None
    builder = parse_module._Builder("en", sentence_per_line)
    builder.walk(tokens)
    return builder


def _assert_same_reading(text: str) -> bool:
    """True when the fast path took the text (and then read it as markdown-it does)."""
    for sentence_per_line in (True, False):
        fast = _built(text, True, sentence_per_line)
        if fast is None:
            return False
        slow = _built(text, False, sentence_per_line)
        assert slow is not None
        assert fast.sections == slow.sections
        assert fast.blocks == slow.blocks
        assert fast.sentences == slow.sentences
    tokens = plain_markdown_tokens(text)
    assert tokens is not None
    ingested_fast, _ = ingest_markdown._parse(tokens, 0, None)
    ingested_slow, _ = ingest_markdown._parse(markdown_parser().parse(text), 0, None)
    assert ingested_fast == ingested_slow
    return True


WORDS = st.sampled_from(
    [
        "The Agency will fund 40 chairs.",
        "The Council will:",
        "compute",
        "x | y",
        "a \\| b",
        "[ref] note",
        "[label]: /url",
        "**1.** Scope",
        "*Note* text",
        "+5%",
        "= sign",
        "#tag",
        "`code`",
        "2.5 million",
        "データ基盤を整備する。",
        "Title #",
    ]
)
PLAIN = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
MARKER = st.sampled_from(["-", "-", "1.", "2.", "10.", "*", "1)"])


@st.composite
def _block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["heading", "paragraph", "list", "table", "odd"]))
    if kind == "heading":
        return [f"{draw(st.sampled_from(['#', '##', '###', '#######']))} {draw(PLAIN)}"]
    if kind == "paragraph":
        return draw(st.lists(PLAIN, min_size=1, max_size=3))
    if kind == "list":
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            marker = draw(MARKER)
            lines.append(f"{marker} {draw(PLAIN)}")
            for _ in range(draw(st.integers(0, 2))):
                indent = " " * (len(marker) + 1 + draw(st.sampled_from([0, 0, 0, 1, -1])))
                lines.append(indent + draw(st.one_of(PLAIN, st.just("- nested"), st.just("| a |"))))
        return lines
    if kind == "table":
        width = draw(st.integers(1, 3))
        rows = [
            "| "
            + " | ".join(draw(st.one_of(PLAIN, st.just(""))) for _ in range(width + draw(st.integers(-1, 1))))
            + " |"
            for _ in range(draw(st.integers(1, 3)))
        ]
        delimiter = (
            "| " + " | ".join(draw(st.sampled_from(["---", ":--", "--:"])) for _ in range(width)) + " |"
        )
        return [rows[0], delimiter, *rows[1:]]
    return [
        draw(st.sampled_from(["---", "***", "===", "> quote", "```", "<div>", "    code", ":--", "1) one"]))
    ]


DOCUMENT = st.lists(st.tuples(_block(), st.sampled_from([0, 1, 1, 1, 2])), min_size=1, max_size=6).map(
    lambda blocks: "\n".join(line for block, blanks in blocks for line in [*block, *[""] * blanks]) + "\n"
)


@settings(max_examples=400, deadline=None)
@given(DOCUMENT)
def test_generated_markdown_reads_the_same_on_both_paths(text: str) -> None:
    _assert_same_reading(text)


@settings(max_examples=100, deadline=None)
@given(DOCUMENT)
def test_normalized_markdown_reads_the_same_on_both_paths(text: str) -> None:
    _assert_same_reading(normalize_markdown(text, "en"))


def test_plain_normalized_text_takes_the_fast_path() -> None:
    text = normalize_markdown(
        "# Plan\n\n## 1. Compute\n\nThe Agency will build two centres by 2030. It will also train staff.\n\n"
        "The Ministry will:\n\n- fund 40 chairs\n- publish a registry. It will be open.\n\n"
        "1. first step\n2. second step\n\n| Item | Owner | Due |\n| --- | --- | --- |\n"
        "| Siting rules | Energy Office | 2031 |\n| Grid | | 2032 |\n",
        "en",
    )
    assert _assert_same_reading(text)
    doc = parse_module.parse_document(text, "en", sentence_per_line=True)
    assert [s.lead_in for s in doc.sentences if s.text.startswith("fund")] == ["The Ministry will:"]
    assert doc.sentences[-1].text == "Grid |  | 2032" and doc.sentences[-1].lines[0] == text.count("\n")


@pytest.mark.parametrize(
    "text",
    [
        "Intro line\n- item\n",  # a list interrupting a paragraph
        "- item\nlazy continuation\n",
        "- one\n\n  more\n",  # a second paragraph in an item
        "[label]: https://example.org\n",
        "Title\n===\n",
        "## Heading ##\n",
        "> quoted\n",
        "- item\n  - nested\n",
    ],
)
def test_other_markdown_goes_to_markdown_it(text: str) -> None:
    assert plain_markdown_tokens(text) is None


def test_real_documents_read_the_same_on_both_paths(shared_dir: Path) -> None:
    taken = 0
    for path in sorted((shared_dir / "realdocs").glob("*/*/*")):
        if path.suffix in (".md", ".txt"):
            taken += _assert_same_reading(ingest_file(path).text)
    assert taken >= 4


def test_the_odd_spaces_are_every_white_space_but_space_and_newline() -> None:
    """The fast reader declines text with any of them: the list is the regex class [^\\S \\n]."""
    import re
    import sys

    from tracker.markdown_tokens import _ODD_SPACES

    odd = re.compile(r"[^\S \n]")
    assert set(_ODD_SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if odd.match(chr(c))}
    for space in _ODD_SPACES:
        assert plain_markdown_tokens(f"# Port rules\n\nThe Board{space}shall act.\n") is None
    assert plain_markdown_tokens("# Port rules\n\nThe Board shall act.\n") is not None


def test_the_inline_marks_are_the_former_class() -> None:
    """A line holding none of the listed marks is returned as it is: the list is the class it replaced."""
    import re
    import sys

    from tracker.diff.parse import _MARKS, _strip_inline

    former = re.compile(r"[\[*_`~<\\!]")
    assert set(_MARKS) == {chr(c) for c in range(sys.maxunicode + 1) if former.match(chr(c))}
    assert _strip_inline("The Board shall act **promptly**.") == "The Board shall act promptly."
