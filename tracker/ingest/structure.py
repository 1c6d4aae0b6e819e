"""Recover headings, lists and paragraphs from lines of plain text (text files and PDFs).

Plain text carries its structure in numbering ("1.2 Compute", "Chapter 3", "第1章"),
list markers ("-", "・", "(a)", "①") and blank lines; PDFs add font sizes. Wrapped
lines are joined (repairing words hyphenated across a line break) so that a
re-wrapped revision normalizes to the same text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tracker.ingest.blocks import Block, Heading, ListBlock, ListItem, Paragraph, list_item
from tracker.lead_ins import is_lead_in
from tracker.regex_cache import compile_regex

_KANJI_NUMBER = "0-9一二三四五六七八九十百千〇"
_JA_HEADING = compile_regex(rf"^第\s*[{_KANJI_NUMBER}]+\s*(?P<unit>[編部章節款])(?:\s|$|[\u3000-\u9fff])")
_WORD_HEADING = compile_regex(
    r"^(?P<word>part|title|chapter|section|article|annex|appendix|schedule|recital|citation|amendment)\s+"
    r"(?:\d{1,3}[a-z]?|[ivxlc]{1,6}|[a-z])\b",
    re.IGNORECASE,
)
_NUMBER_HEADING = compile_regex(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,4})(?P<dot>\.?)\s+(?P<rest>\S)")
_ROMAN_HEADING = compile_regex(r"^[IVX]{1,5}\.\s+\S")
_LEVEL_OF_WORD = {
    "part": 2,
    "title": 2,
    "chapter": 2,
    "section": 3,
    "article": 3,
    "annex": 2,
    "appendix": 2,
    "schedule": 2,
    # the units of an EU act's preamble, and of a parliament's amendments to a proposal
    "recital": 3,
    "citation": 3,
    "amendment": 3,
}
_LEVEL_OF_UNIT = {"編": 2, "部": 2, "章": 2, "節": 3, "款": 4}
_SENTENCE_END = compile_regex(r"[.。!?！？:：;；,、]$")
# A word, a sentence stop, then more words on the line: "Purpose. Artificial intelligence ..."
_SENTENCE_INSIDE = compile_regex(r"[^\W\d_]{2,}[.。!?！？]\s*\S+(?:\s+\S+){1,}")

_BULLET = compile_regex(r"^(?:[•・◦▪●○■□◆◇▶►‣⁃]\s*|[-*+–]\s+)(?=\S)")
_ORDERED = compile_regex(r"^(?P<number>\d{1,3})[.)]\s+(?=\S)")
_LABELLED = compile_regex(
    r"^(?:\(\d{1,3}\)|（\d{1,3}）|\([a-zA-Z]\)|（[a-zA-Z]）|[a-z]\)|\([ivx]{1,5}\)|（[ivx]{1,5}）"
    r"|[\u2460-\u2473\u3251-\u325f]|[ア-ン][.)）]|\([ア-ン]\)|（[ア-ン]）)\s*(?=[^\s)\]）])"
)  # not before a closing bracket: "(see (2))" wrapped before "(2))" ends a reference, starts no point
_PAGE_NUMBER = compile_regex(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$|^[ivxlc]{1,6}$",
    re.IGNORECASE,
)
_HYPHENATED_WORD = compile_regex(r"[^\W\d_]+-[^\W\d_]+")
_BROKEN_WORD = compile_regex(r"(?P<stem>[^\W\d_]+)-$")
_NEXT_WORD = compile_regex(r"^(?P<word>[a-zß-ÿ]+)(?P<rest>.*)$", re.DOTALL)
_MAX_HEADING_CHARS = 100
# Font sizes this far apart (points) are different sizes, not rounding.
_SIZE_STEP = 0.5
# A line this share of the full line length or longer was filled by wrapping.
_FULL_LINE = 0.8
# An unnumbered heading in plain text is at most this long.
_STANDALONE_CHARS = 60
_STANDALONE_WORDS = 6
_ATX_HEADING = compile_regex(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")


@dataclass(frozen=True)
class TextLine:
    text: str
    size: float | None = None  # font size, when the source says
    break_before: bool = False  # a paragraph break (blank line, wide gap) precedes this line


def is_page_number(text: str) -> bool:
    """A line that is only a page number: "12", "- 12 -", "Page 3 of 10", "iv"."""
    return _PAGE_NUMBER.match(text.strip()) is not None


def heading_level(text: str, under: int = 0) -> int | None:
    """The heading level a numbering pattern implies, or None when the line reads like prose.

    `under`: the level of the chapter-like heading ("第2章", "Chapter 2", "Part I") the line
    follows, if any; plain numbers ("1.", "1.2") are numbered within it, one level deeper.
    """
    text = text.strip()
    if not text or len(text) > _MAX_HEADING_CHARS:
        return None
    match = _JA_HEADING.match(text)
    if match:
        return _LEVEL_OF_UNIT[match.group("unit")]
    if _SENTENCE_END.search(text):
        return None
    match = _WORD_HEADING.match(text)
    if match:
        return _LEVEL_OF_WORD[match.group("word").lower()]
    match = _NUMBER_HEADING.match(text)
    if match and not match.group("rest").islower():
        depth = match.group("number").count(".") + 1
        return min(max(depth + 1, under + depth), 6)
    if _ROMAN_HEADING.match(text):
        return 2
    return None


def list_marker(text: str) -> tuple[str, str] | None:
    """(marker, item text) when a line starts a list item; labels like "(a)" stay in the text."""
    match = _BULLET.match(text)
    if match:
        return "-", text[match.end() :]
    match = _ORDERED.match(text)
    if match:
        return f"{int(match.group('number'))}.", text[match.end() :]
    if _LABELLED.match(text):
        return "-", text
    return None


def blocks_from_lines(
    lines: Sequence[TextLine],
    *,
    size_levels: Mapping[float, int] | None = None,
    lines_are_paragraphs: bool = False,
    first_line_title: bool = False,
) -> list[Block]:
    """Headings, lists and paragraphs from lines; `size_levels` maps large font sizes to heading levels."""
    builder = _Builder(_hyphenated_words(lines), lines_are_paragraphs)
    previous_ended = True
    chapter_level = 0
    # a PDF that sets headings in two or more sizes says which lines are headings: a line numbered
    # like an ordered list ("1. Phase 1: ...") in body type is then an item, not a heading
    by_numbering = not size_levels or len(size_levels) < 2
    numbered = False  # a numbered heading was seen: short lines after it are labels, not headings
    wrap_width = _wrap_width(lines)
    for position, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            builder.flush()
            previous_ended = True
            continue
        if lines_are_paragraphs and _broken_paragraph(lines, position, previous_ended):
            builder.add_text(text, continued=True)  # a paragraph the source broke mid-sentence
            previous_ended = _SENTENCE_END.search(text) is not None
            continue
        resized = position > 0 and _resized(lines[position - 1], line)
        at_break = line.break_before or previous_ended or lines_are_paragraphs or position == 0 or resized
        atx = _ATX_HEADING.match(text)
        if atx and atx.group(2):
            builder.flush()
            builder.blocks.append(Heading(len(atx.group(1)), atx.group(2)))
            previous_ended = True
            continue
        level = _size_level(line, size_levels) if at_break else None
        numbering = at_break and level is None and (by_numbering or not _ORDERED.match(text))
        numbering = numbering and not _runs_on(text, lines, position, lines_are_paragraphs, wrap_width)
        if numbering and not _in_numbered_run(lines, position) and not _after_lead_in(lines, position):
            level = heading_level(text, chapter_level)
            numbered = numbered or level is not None
            if level is not None and _NUMBER_HEADING.match(text) is None:
                chapter_level = level  # a 第N章 / Chapter / Part heading: numbers below nest in it
        if level is None and position == 0 and first_line_title and _looks_like_title(lines):
            level = 1
        if level is None and not numbered and not size_levels and _stands_alone(lines, position, wrap_width):
            level = 2
        if level is not None:
            builder.flush()
            builder.blocks.append(Heading(level, text))
            previous_ended = True
            continue
        marker = list_marker(text)
        # a bullet starts an item anywhere; a label ("(ii)", "①") only where a line may start a
        # block: a wrapped line that happens to begin "(ii) Diversity" goes on the sentence before
        bullet = marker is not None and marker[0] == "-" and _LABELLED.match(text) is None
        if marker is not None and (at_break or bullet or builder.in_list):
            builder.start_item(*marker)
        elif line.break_before or lines_are_paragraphs or resized:
            builder.flush()
            builder.add_text(text)
        else:
            builder.add_text(text)
        previous_ended = _SENTENCE_END.search(text) is not None
    builder.flush()
    return builder.blocks


def _in_numbered_run(lines: Sequence[TextLine], position: int) -> bool:
    """A numbered line next to the line numbered one before or after it is a list item, not a heading.

    "4. Japan Science and Technology Agency" over "5. New Energy ..." is a list; numbered
    headings have their sections' text between them.
    """
    number = _ORDERED.match(lines[position].text.strip())
    if number is None:
        return False
    value = int(number.group("number"))
    for neighbour, step in ((position - 1, -1), (position + 1, 1)):
        if 0 <= neighbour < len(lines):
            other = _ORDERED.match(lines[neighbour].text.strip())
            if other is not None and int(other.group("number")) == value + step:
                return True
    return False


def _after_lead_in(lines: Sequence[TextLine], position: int) -> bool:
    """A numbered line right after a line that announces a list ("... as follows:") is an item."""
    if position == 0 or _ORDERED.match(lines[position].text.strip()) is None:
        return False
    return is_lead_in(lines[position - 1].text.strip())


def _stands_alone(lines: Sequence[TextLine], position: int, wrap_width: float) -> bool:
    """An unnumbered heading of plain text: a short line set apart above a paragraph of prose.

    "Recitals" or "Definitions" alone between blank lines, capitalised, without final
    punctuation, followed by a paragraph whose first line is a full line of text; a title
    block's short lines ("The President", a date) are followed by more short lines and stay text.
    Looked for only before the first numbered heading (the caller's rule): once a text numbers
    its headings, a short line on its own ("Amendment") labels a part of a section.
    """
    line = lines[position]
    text = line.text.strip()
    if position == 0 or not line.break_before or position + 2 > len(lines):
        return False
    if not lines[position + 1].break_before:
        return False
    if len(text) > _STANDALONE_CHARS or len(text.split()) > _STANDALONE_WORDS or not text[0].isupper():
        return False
    if _SENTENCE_END.search(text) or list_marker(text) is not None or is_page_number(text):
        return False
    following = lines[position + 1].text.strip()
    return len(following) >= wrap_width * _FULL_LINE


def _wrap_width(lines: Sequence[TextLine]) -> float:
    """The length of a full line: the 90th percentile of the line lengths."""
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    return float(lengths[(len(lengths) * 9) // 10]) if lengths else 0.0


def _resized(before: TextLine, line: TextLine) -> bool:
    """Text set in another size than the line before it starts a new block (a heading, or after one)."""
    if before.size is None or line.size is None:
        return False
    return abs(before.size - line.size) > _SIZE_STEP


def _broken_paragraph(lines: Sequence[TextLine], position: int, previous_ended: bool) -> bool:
    """In text with a paragraph per line, a line that goes on a long line cut mid-sentence.

    The previous line is longer than any heading and ends without punctuation ("... through
    the Assistant to the President for"), nothing separates the two, and this line starts no
    list item: the break is an accident of the source, not a new paragraph.
    """
    if position == 0 or previous_ended or lines[position].break_before:
        return False
    before, text = lines[position - 1].text.strip(), lines[position].text.strip()
    return len(before) > _MAX_HEADING_CHARS and list_marker(text) is None and not _ATX_HEADING.match(text)


def _runs_on(
    text: str, lines: Sequence[TextLine], position: int, lines_are_paragraphs: bool, wrap_width: float
) -> bool:
    """A line whose text goes on past a sentence and into the next line is the start of a paragraph.

    "Section 1. Purpose. Artificial intelligence holds" wrapped onto a next line reads like a
    numbered heading by its first words, but a heading neither holds a sentence and more
    words nor fills the line (`wrap_width`, the text's usual longest line) and runs on without a break.
    """
    if lines_are_paragraphs or position + 1 >= len(lines):
        return False
    following = lines[position + 1]
    if following.break_before or not following.text.strip():
        return False
    return _SENTENCE_INSIDE.search(text) is not None or len(text) >= wrap_width * _FULL_LINE


def _size_level(line: TextLine, size_levels: Mapping[float, int] | None) -> int | None:
    if not size_levels or line.size is None or len(line.text.strip()) > _MAX_HEADING_CHARS:
        return None
    if _SENTENCE_END.search(line.text.strip()) and not _JA_HEADING.match(line.text.strip()):
        return None
    return size_levels.get(round(line.size, 1))


def _looks_like_title(lines: Sequence[TextLine]) -> bool:
    first = lines[0].text.strip()
    following = lines[1] if len(lines) > 1 else None
    alone = following is None or not following.text.strip() or following.break_before
    return (
        alone
        and len(first) <= _MAX_HEADING_CHARS
        and not _SENTENCE_END.search(first)
        and list_marker(first) is None
        and not is_page_number(first)
    )


def _hyphenated_words(lines: Sequence[TextLine]) -> frozenset[str]:
    found: set[str] = set()
    for line in lines:
        if "-" in line.text:
            found.update(word.lower() for word in _HYPHENATED_WORD.findall(line.text))
    return frozenset(found)


class _Builder:
    """Accumulates the paragraph or list being read and turns it into blocks."""

    def __init__(self, hyphenated: frozenset[str], lines_are_paragraphs: bool) -> None:
        self.blocks: list[Block] = []
        self.hyphenated = hyphenated
        self.lines_are_paragraphs = lines_are_paragraphs
        self.paragraph: list[str] = []
        self.items: list[tuple[str, list[str]]] = []

    @property
    def in_list(self) -> bool:
        return bool(self.items) and not self.paragraph

    def start_item(self, marker: str, text: str) -> None:
        self._flush_paragraph()
        self.items.append((marker, [text]))

    def add_text(self, text: str, continued: bool = False) -> None:
        """Add a line to the open list item or paragraph (`continued`: also in one-line paragraphs)."""
        if self.items and not self.paragraph and (continued or not self.lines_are_paragraphs):
            self._append(self.items[-1][1], text)
            return
        self._flush_list()
        self._append(self.paragraph, text)

    def flush(self) -> None:
        self._flush_paragraph()
        self._flush_list()

    def _append(self, buffer: list[str], text: str) -> None:
        """Add a wrapped line, rejoining a word hyphenated across the break."""
        if buffer:
            broken = _BROKEN_WORD.search(buffer[-1])
            following = _NEXT_WORD.match(text) if broken else None
            if broken and following:
                stem, word = broken.group("stem"), following.group("word")
                joiner = "-" if f"{stem}-{word}".lower() in self.hyphenated else ""
                buffer[-1] = buffer[-1][: broken.start()] + stem + joiner + word
                text = following.group("rest").strip()
                if not text:
                    return
        buffer.append(text)

    def _flush_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.append(Paragraph("\n".join(self.paragraph)))
            self.paragraph = []

    def _flush_list(self) -> None:
        if self.items:
            items: list[ListItem] = [list_item(marker, "\n".join(parts)) for marker, parts in self.items]
            self.blocks.append(ListBlock(tuple(items)))
            self.items = []
