"""Parse normalized Markdown into sections > blocks > sentences, each with its source lines.

markdown-it-py does the Markdown (so re-wrapping, list markers and numbering never
reach the differ); sentences come from the project's splitter (EN and JA). Every
sentence keeps its 1-based source lines so a change can point back to a line.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.diff.keys import fold_space, folded_text_key, section_key, text_key
from tracker.diff.points import Label, emphasized_labels, point_segments
from tracker.lead_ins import is_lead_in, opens_points
from tracker.markdown_tokens import AnyToken, markdown_tokens
from tracker.records import direct_init
from tracker.regex_cache import compile_regex
from tracker.sentences import split_joined
from tracker.unicode_norm import fold_typography


@direct_init
@dataclass(frozen=True)
class Section:
    """A heading and everything under it; index 0 is the untitled start of the document."""

    index: int
    title: str
    level: int
    path: tuple[str, ...]
    key: str
    parent: int | None
    line: int


@direct_init
@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table row, heading or code block."""

    index: int
    kind: str
    text: str
    lines: tuple[int, int]
    section: int
    sentences: tuple[int, ...]
    lead_in: str | None
    #: The number of the ordered-list item this block opens ("3" for "3. Users shall ..."), which
    #: Markdown keeps out of the text; a provision may refer to it ("Paragraph 3 shall not apply").
    number: str = ""


@direct_init
@dataclass(frozen=True)
class Sentence:
    """One sentence with its comparison key and where it stands."""

    index: int
    text: str
    key: str
    block: int
    section: int
    lines: tuple[int, int]
    lead_in: str | None
    #: A point's label as written ("(b)", "(e a)", "①") on the first sentence of the point: shown
    #: to readers with the sentence, never part of its key or its analysis (re-lettering is no change).
    label: str = ""
    #: The lead-ins above `lead_in`, nearest first, when the lead-in is itself a point of a list
    #: ("The Board shall:" over "(e) issue opinions on:" over "(i) ..."): a sub-point without a
    #: predicate, under a lead-in without one, reads with the nearest lead-in that has one.
    outer_lead_ins: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The sentence as the document sets it: with its point's label."""
        return f"{self.label} {self.text}" if self.label else self.text

    @property
    def lead_ins(self) -> tuple[str, ...]:
        """Its lead-in and the lead-ins above that, nearest first (empty for no lead-in)."""
        return (self.lead_in, *self.outer_lead_ins) if self.lead_in else ()

    def folded_lead_ins(self) -> tuple[str | None, tuple[str, ...]]:
        """Its lead-in and the lead-ins above it, typography folded as its text is for reading."""
        lead_in = fold_typography(self.lead_in) if self.lead_in else self.lead_in
        outer = self.outer_lead_ins
        return lead_in, tuple(fold_typography(lead) for lead in outer) if outer else ()


@dataclass(frozen=True)
class ParsedDocument:
    text: str
    language: str
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]

    def section_path(self, section: int) -> tuple[str, ...]:
        return self.sections[section].path

    def introduces_points(self, index: int) -> bool:
        """Whether the sentence at `index` is the lead-in of the point that follows it."""
        following = index + 1
        sentences = self.sentences
        return following < len(sentences) and sentences[following].lead_in == sentences[index].text


def parse_document(
    text: str,
    language: str = "en",
    *,
    sentence_per_line: bool = False,
    memo: dict[Any, Any] | None = None,
) -> ParsedDocument:
    """Parse Markdown; the result is immutable and owns no reference to the parser.

    `sentence_per_line`: the text is normalized (one sentence per line, as the ingester
    and the corpus write it), so each paragraph line is a sentence and the splitter is skipped.
    `memo`: a dict shared by the parses of two versions of one document, so a block that
    reads the same in both is split into sentences once (the result does not depend on it).
    """
    builder = _Builder(language, sentence_per_line, memo)
    builder.walk(markdown_tokens(text))
    return ParsedDocument(
        text=text,
        language=language,
        sections=tuple(builder.sections),
        blocks=tuple(builder.blocks),
        sentences=tuple(builder.sentences),
    )


class _Builder:
    """Walks markdown-it tokens once and collects sections, blocks and sentences."""

    def __init__(
        self, language: str, sentence_per_line: bool = False, memo: dict[Any, Any] | None = None
    ) -> None:
        self.language = language
        self.sentence_per_line = sentence_per_line
        # a paragraph's inline source -> its plain text and line starts; a block's text -> its
        # sentences as (first line, last line, text, key), lines as indices into the block's
        # own lines, and the block's folded text (nothing in them depends on where the block is)
        self._memo: dict[Any, Any] = {} if memo is None else memo
        self.sections: list[Section] = [Section(0, "", 0, (), "", None, 1)]
        self.blocks: list[Block] = []
        self.sentences: list[Sentence] = []
        self._stack: list[int] = [0]  # open sections, outermost first
        self._list_depth = 0
        # a lead-in chain is a sentence's lead-in followed by that lead-in's own chain (nearest first)
        self._lead_ins: list[tuple[str, ...]] = []  # the lead-in chain of each open list
        self._last_text: str | None = None  # the last sentence of the last paragraph/item, for lead-ins
        self._item_number = ""  # the number of the ordered-list item just opened, for its first block
        self._last_chain: tuple[str, ...] = ()  # ... and its own lead-in chain
        # the open runs of points, outermost first: (label kind, last ordinal, their lead-in chain)
        self._points: list[tuple[str, float, tuple[str, ...]]] = []

    def walk(self, tokens: Sequence[AnyToken]) -> None:
        title = _title_heading(tokens)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                if i == title:
                    self._title(tok, tokens[i + 1])
                else:
                    self._heading(tok, tokens[i + 1])
                i += 3
                continue
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                self._lead_ins.append(self._chain_of_last() if _lead_in_of(self._last_text) else ())
                self._list_depth += 1
            elif tok.type == "list_item_open":
                self._item_number = tok.info if tok.info.isdigit() else ""
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                self._list_depth -= 1
                self._lead_ins.pop()
            elif tok.type == "paragraph_open":
                inline = tokens[i + 1]
                kind = "list_item" if self._list_depth else "paragraph"
                lead = self._lead_ins[-1] if self._lead_ins else ()
                self._text_block(kind, inline, lead)
                i += 3
                continue
            elif tok.type == "tr_open":
                i = self._table_row(tokens, i)
                continue
            elif tok.type in ("fence", "code_block", "html_block") and tok.map:
                self._code_block(tok)
            i += 1

    # -- sections ---------------------------------------------------------------------------------

    def _heading(self, tok: AnyToken, inline: AnyToken) -> None:
        level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        title = fold_space(_plain(inline)[0])
        while self._stack[-1] != 0 and self.sections[self._stack[-1]].level >= level:
            self._stack.pop()
        parent = self._stack[-1]
        line = (tok.map[0] + 1) if tok.map else 1
        path = (*self.sections[parent].path, title)
        section = Section(len(self.sections), title, level, path, section_key(title), parent, line)
        self.sections.append(section)
        self._stack.append(section.index)
        self.blocks.append(Block(len(self.blocks), "heading", title, (line, line), section.index, (), None))
        self._last_text = None
        self._last_chain = ()
        self._points.clear()

    def _title(self, tok: AnyToken, inline: AnyToken) -> None:
        """The document's title (see `_title_heading`) names the document's start, section 0.

        Its key stays empty, as an untitled start's: a version that sets the title as a
        paragraph, or not at all, has its sentences in the same section.
        """
        line = (tok.map[0] + 1) if tok.map else 1
        level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        title = fold_space(_plain(inline)[0])
        self.sections[0] = Section(0, title, level, (title,) if title else (), "", None, line)
        self.blocks.append(Block(len(self.blocks), "heading", title, (line, line), 0, (), None))
        self._last_text = None
        self._last_chain = ()

    # -- blocks -----------------------------------------------------------------------------------

    def _chain_of_last(self) -> tuple[str, ...]:
        """The lead-in chain of points that the last sentence introduces: it, then its own lead-ins."""
        return (self._last_text, *self._last_chain) if self._last_text else ()

    def _text_block(self, kind: str, inline: AnyToken, lead_ins: tuple[str, ...]) -> None:
        memo_key = ("plain", inline.content)
        plain = self._memo.get(memo_key)
        if plain is None:
            plain = self._memo[memo_key] = _plain(inline)
        text, starts, lines = plain
        first = (inline.map[0] + 1) if inline.map else 1
        line_numbers = [first + n for n in lines]
        marked = [(starts[line], label) for line, label in emphasized_labels(inline.content)]
        segments = point_segments(text, marked) if marked or _may_hold_points(text) else None
        if segments is None:
            if kind == "paragraph":
                self._points.clear()  # prose ends a run of points
            self._add_block(kind, text, line_numbers, starts, lead_ins)
            return
        # every point is an item of its own, introduced by the text before it ("It shall in
        # particular:"), whether it is set on its own line, in its own paragraph or inline
        for segment in segments:
            body = text[segment.body : segment.end].rstrip()
            if not body.strip():
                continue
            low = _line_index(starts, segment.body)
            high = _line_index(starts, max(segment.body, segment.body + len(body) - 1))
            piece_starts = [0] + [at - segment.body for at in starts[low + 1 : high + 1]]
            piece_lines = line_numbers[low : high + 1]
            if segment.label is None:
                if kind == "paragraph":
                    self._points.clear()
                self._add_block(kind, body, piece_lines, piece_starts, lead_ins)
            elif self._repeats_last_point(segment.label, body):
                continue
            else:
                point_lead_ins = self._point_lead_in(segment.label, lead_ins)
                self._add_block(
                    "list_item", body, piece_lines, piece_starts, point_lead_ins, label=segment.label.text
                )

    def _repeats_last_point(self, label: Label, body: str) -> bool:
        """Whether a point prints the point right before it again, label and words alike.

        "(ii) the guidelines;" set twice in a row is one provision printed twice (a typesetting
        slip of the source), not two: it is read once. The same words far apart, or under
        another label, are two points.
        """
        if not self.blocks:
            return False
        last = self.blocks[-1]
        if last.kind != "list_item" or not last.sentences:
            return False
        return self.sentences[last.sentences[0]].label == label.text and last.text == fold_space(body)

    def _point_lead_in(self, label: Label, list_lead_in: tuple[str, ...]) -> tuple[str, ...]:
        """The lead-in chain of a point: its list's, found by the nesting of labels ((a) > (i) > (A))."""
        candidates = [label] if label.ambiguous_letter() is None else [label.as_letter(), label]
        if len(candidates) > 1 and label.first and self._points and _lead_in_of(self._last_text):
            # "(h) issue opinions on:" / "(i) ...": after a point that introduces points, "(i)" opens
            # them (a roman one), it is not the letter after (h)
            candidates = [label]
        for depth in range(len(self._points) - 1, -1, -1):
            kind, ordinal, lead = self._points[depth]
            for candidate in candidates:
                if candidate.kind == kind and 0 < candidate.ordinal - ordinal <= 1:
                    del self._points[depth + 1 :]
                    self._points[depth] = (kind, candidate.ordinal, lead)
                    return lead
        if not label.first and all(kind != c.kind for kind, _, _ in self._points for c in candidates):
            # "3." after points (a) to (f): a later paragraph of the text the points belong to, whose
            # earlier siblings were no labelled points here; it closes them, it is none of them
            self._points.clear()
        outer = self._points[-1][2] if self._points else list_lead_in
        lead = self._chain_of_last() if _lead_in_of(self._last_text) else outer
        if (
            label.first
            and not lead
            and self._last_text
            and opens_points(self._last_text)
            and not (self._points and self._points[-1][0] in {c.kind for c in candidates})
        ):
            # "The Agency shall;" / "(a) ...": a lead-in without its colon (a point of the same kind
            # before a first one ends a list, or repeats; it introduces none)
            lead = self._chain_of_last()
        if label.first or not self._points:
            self._points.append((label.kind, label.ordinal, lead))
        return lead

    def _table_row(self, tokens: Sequence[AnyToken], i: int) -> int:
        row = tokens[i]
        cells: list[str] = []
        i += 1
        while i < len(tokens) and tokens[i].type != "tr_close":
            if tokens[i].type == "inline":
                cells.append(fold_space(_plain(tokens[i])[0]))
            i += 1
        line = (row.map[0] + 1) if row.map else 1
        text = " | ".join(cells)
        if text.strip(" |"):
            self._add_row(text, line)
        return i + 1

    def _add_row(self, text: str, line: int) -> None:
        """A table row is one unit: cells are not sentences of their own."""
        block_index = len(self.blocks)
        section = self._stack[-1]
        sentence = Sentence(
            len(self.sentences), text, text_key(text), block_index, section, (line, line), None
        )
        self.sentences.append(sentence)
        self.blocks.append(
            Block(block_index, "table_row", text, (line, line), section, (sentence.index,), None)
        )

    def _code_block(self, tok: AnyToken) -> None:
        assert tok.map is not None
        lines = tok.content.split("\n")
        first = tok.map[0] + 1 + (1 if tok.type == "fence" else 0)
        text = "\n".join(lines)
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + 1
        self._add_block("code", text, [first + n for n in range(len(lines))], starts, (), split=False)

    def _add_block(
        self,
        kind: str,
        text: str,
        line_numbers: list[int],
        line_starts: list[int],
        lead_ins: tuple[str, ...],
        split: bool = True,
        label: str = "",
    ) -> None:
        lead_in = lead_ins[0] if lead_ins else None
        block_index = len(self.blocks)
        section = self._stack[-1]
        split = split and not self.sentence_per_line
        memo_key = (text, split, self.language, tuple(line_starts))
        cached = self._memo.get(memo_key)
        if cached is None:
            # the pieces' lines are indices into the block's lines: only the line numbers
            # differ between two blocks with the same text
            folded = fold_space(text)
            cached = self._memo[memo_key] = (_pieces(text, folded, split, self.language, line_starts), folded)
        pieces, block_text = cached
        indices: list[int] = []
        previous_last_line = -1
        chain = lead_ins
        for first_line, last_line, display, key in pieces:
            span = (
                line_numbers[first_line] if line_numbers else 1,
                line_numbers[last_line] if line_numbers else 1,
            )
            if split and indices and kind == "list_item" and first_line > previous_last_line:
                # a sentence on a line of its own after the point's text ("With regard to point (e),
                # ...", a run-in heading "Section 2 ..."): a paragraph after the list, joined to its
                # last point by ingestion, read without the list's lead-in
                chain = () if display[:1].isupper() else chain
            previous_last_line = last_line
            sentence = Sentence(
                len(self.sentences), display, key, block_index, section, span, chain[0] if chain else None,
                "" if indices else label, chain[1:],
            )
            self.sentences.append(sentence)
            indices.append(sentence.index)
        if not indices:
            return
        block_lines = (line_numbers[0], line_numbers[-1]) if line_numbers else (1, 1)
        first_sentence = self.sentences[indices[0]]
        last_sentence = self.sentences[indices[-1]]
        block_lines = (
            min(block_lines[0], first_sentence.lines[0]),
            max(block_lines[1], last_sentence.lines[1]),
        )
        self.blocks.append(
            Block(
                block_index, kind, block_text, block_lines, section, tuple(indices), lead_in,
                self._item_number,
            )
        )
        self._item_number = ""
        # a lead-in is the sentence that introduces the list, not the whole paragraph before it
        self._last_text = last_sentence.text
        self._last_chain = chain


#: Front matter is short: a paragraph this long before a heading is the body, not a title block.
_FRONT_MATTER_CHARS = 200
#: A line of a title block is no longer than a heading.
_HEADING_CHARS = 100


def _title_heading(tokens: Sequence[AnyToken]) -> int | None:
    """The index of the heading that titles the whole document, if there is one.

    A heading in the front matter (before any list, table or long paragraph) with no later
    heading at its level or above, and no section number, is the document's title when it is a
    level-1 heading or the head of a title block (a short unpunctuated line follows): "# Regulation
    (EU) 2024/1689", "## Title 3—" over "The President", a date line that layout made a heading.
    Every sentence would be "in" it, and a version that sets the same title as a paragraph would
    move them all: it names the document's start instead of opening a section.
    """
    first: int | None = None
    level = 0
    for index, tok in enumerate(tokens):
        kind = tok.type
        if kind == "heading_open":
            tag_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            if first is None:
                heading = tokens[index + 1].content
                if section_key(heading) != text_key(heading):
                    return None  # numbered ("1. Scope", "Article 5", "第1章"): a section, not a title
                if tag_level > 1 and not _title_block_follows(tokens, index + 3):
                    return None  # "## Scope" over a sentence: a section, even if it is the only one
                first, level = index, tag_level
            elif tag_level <= level:
                return None
        elif first is None:
            if kind in ("bullet_list_open", "ordered_list_open", "table_open", "blockquote_open"):
                return None
            if kind == "inline" and len(tok.content) > _FRONT_MATTER_CHARS:
                return None
    return first


#: The end of a sentence, which the lines of a title block ("The President", a date) lack.
_SENTENCE_STOP = compile_regex(r"[.。!?！？:：;；]$")


def _title_block_follows(tokens: Sequence[AnyToken], index: int) -> bool:
    """Whether the heading ending before `index` is followed by a title-block line, not by prose."""
    if index + 1 >= len(tokens) or tokens[index].type != "paragraph_open":
        return False
    line = tokens[index + 1].content.split("\n", 1)[0].strip()
    return 0 < len(line) <= _HEADING_CHARS and _SENTENCE_STOP.search(line) is None


def _pieces(
    text: str, folded: str, split: bool, language: str, line_starts: list[int]
) -> list[tuple[int, int, str, str]]:
    """The sentences of a block's text: (first line, last line, folded text, key), lines as indices.

    `folded` is `fold_space(text)`: the text with its lines joined as the splitter joins them
    (its lines are joined with spaces, so `join_lines` gives the same text).
    """
    if split:
        pieces = split_joined(folded, language)
    else:
        pieces = [ln for ln in text.split("\n") if ln.strip()]
    out: list[tuple[int, int, str, str]] = []
    cursor = 0
    for piece in pieces:
        at = text.find(piece, cursor)
        if at < 0:
            at = cursor
        end = max(at, at + len(piece) - 1)
        cursor = at + len(piece)
        display = piece if split else fold_space(piece)  # the splitter's sentences come folded
        if not display:
            continue
        key = folded_text_key(display)
        out.append((_line_index(line_starts, at), _line_index(line_starts, end), display, key))
    return out


def _line_index(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


#: A character a point label holds: "(a)", "（1）", "①".
_MAY_HOLD_POINTS = compile_regex(r"[(（\u2460-\u2473\u3251-\u325f]")


def _may_hold_points(text: str) -> bool:
    """Whether text holds a character of a point label (ASCII text can only hold "(": a quick test)."""
    return "(" in text or (not text.isascii() and _MAY_HOLD_POINTS.search(text) is not None)


def _lead_in_of(text: str | None) -> str | None:
    """A paragraph ending with a colon introduces the list below it ("The Agency will:")."""
    if text and is_lead_in(text):
        return text
    return None


#: Inline markup, removed with one pass of a few regular expressions (markdown-it's inline
#: parser is skipped: it would build a token per emphasis and link, and cost a third of the parse).
#: A link destination: <...>, or text with balanced parentheses ("javascript:f(1)"), then an optional title.
_DEST = r"""\((?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
_IMAGE = compile_regex(rf"!\[([^\]]*)\]{_DEST}")
_LINK = compile_regex(  # an escaped "\[" or "\<" opens nothing (tested after the bracket, so a search
    # skips to the next "[" or "<" instead of trying every position)
    rf"\[(?<!\\\[)([^\]]+)\]{_DEST}|\[(?<!\\\[)([^\]]+)\]\[[^\]]*\]|<(?<!\\<)((?:https?|mailto):[^>\s]+)>"
)
_EMPHASIS = compile_regex(r"(?<!\\)(\*\*|__|~~|`+)(?=\S)(.+?)(?<=\S)\1")
_SINGLE = compile_regex(
    r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])|(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"
)
_ESCAPE = compile_regex(r"\\([!-/:-@\[-`{-~])")
#: The characters some inline markup starts with, looked for with `in` (memchr; a regex class
#: tested every character): a line without any is plain text.
_MARKS = "[*_`~<\\!"


def _strip_inline(text: str) -> str:
    """Plain text of one line of inline Markdown: links and images keep their text, marks go.

    Raw HTML stays as text: a revision is untrusted, and the renderers escape what they show.
    """
    if not any(mark in text for mark in _MARKS):
        return text
    # each pass only where its mark stands (a line of escaped text is common; emphasis is not)
    if "![" in text:
        text = _IMAGE.sub(r"\1", text)
    if "[" in text or "<" in text:
        text = _LINK.sub(lambda m: m.group(1) or m.group(2) or m.group(3), text)
    if "*" in text or "_" in text or "~" in text or "`" in text:
        for _ in range(3):  # nested marks: ***bold italic***, **a `b`**
            stripped = _EMPHASIS.sub(r"\2", text)
            stripped = _SINGLE.sub(lambda m: m.group(1) or m.group(2), stripped)
            if stripped == text:
                break
            text = stripped
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _plain(inline: AnyToken) -> tuple[str, list[int], list[int]]:
    """Inline text without markup, with the offset where each source line starts (0-based lines)."""
    source_lines = inline.content.split("\n")
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for raw in source_lines:
        line = _strip_inline(raw.strip())
        if line.endswith("\\"):  # hard line break marker
            line = line[:-1]
        starts.append(offset)
        parts.append(line)
        offset += len(line) + 1
    return "\n".join(parts), starts, list(range(len(source_lines)))

