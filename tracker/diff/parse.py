"""Parse normalized Markdown into sections > blocks > sentences, each with its source lines.

markdown-it-py does the Markdown (so re-wrapping, list markers and numbering never
reach the differ); sentences come from the project's splitter (EN and JA). Every
sentence keeps its 1-based source lines so a change can point back to a line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from tracker.diff.keys import fold_space, section_key, text_key
from tracker.sentences import split_sentences


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


@dataclass(frozen=True)
class ParsedDocument:
    text: str
    language: str
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]

    def section_path(self, section: int) -> tuple[str, ...]:
        return self.sections[section].path


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["inline", "text_join"])


def parse_document(text: str, language: str = "en", *, sentence_per_line: bool = False) -> ParsedDocument:
    """Parse Markdown; the result is immutable and owns no reference to the parser.

    `sentence_per_line`: the text is normalized (one sentence per line, as the ingester
    and the corpus write it), so each paragraph line is a sentence and the splitter is skipped.
    """
    builder = _Builder(language, sentence_per_line)
    tokens = _plain_markdown_tokens(text)
    builder.walk(tokens if tokens is not None else _markdown().parse(text))
    return ParsedDocument(
        text=text,
        language=language,
        sections=tuple(builder.sections),
        blocks=tuple(builder.blocks),
        sentences=tuple(builder.sentences),
    )


class _Tok:
    """The fields of a markdown-it token that `_Builder` reads."""

    __slots__ = ("content", "info", "map", "tag", "type")

    def __init__(self, type_: str, tag: str = "", map_: list[int] | None = None, content: str = "") -> None:
        self.type = type_
        self.tag = tag
        self.map = map_
        self.content = content
        self.info = ""


_HEADING_LINE = re.compile(r"(#{1,6}) (?=\S)")
_ITEM_LINE = re.compile(r"(?:(-)|\d{1,9}\.) (?=\S)")
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+")
# A line start that markdown-it may read as anything but paragraph text: indentation, a quote,
# table, HTML block, heading, list item, thematic break, setext underline, delimiter row or fence.
_SPECIAL_START = re.compile(
    r"[ \t>|<-]|#{1,6}(?:[ \t]|$)|[*+](?:[ \t]|$)|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$"
    r"|=+[ \t]*$|:[-:| \t]*$|```|~~~|\d{1,9}[.)](?:[ \t]|$)"
)
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it's own limit on cells added to short rows


def _plain_markdown_tokens(text: str) -> list[_Tok] | None:
    """markdown-it's block tokens for plain normalized Markdown, read line by line; None otherwise.

    Normalized text (what the ingester writes and the corpus stores) is headings,
    paragraphs, tight lists of one-paragraph items and pipe tables, blank-line
    separated. Those are tokenized here in one pass, several times faster than
    markdown-it; anything else (code, quotes, HTML, nested or loose lists, lazy
    continuation lines, escapes at a line start ...) returns None and the caller
    uses markdown-it, so the tokens are always the ones markdown-it would give.
    """
    if "\t" in text or "\r" in text or "\0" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    n = len(lines)
    tokens: list[_Tok] = []
    special = _SPECIAL_START.match
    i = 0
    last_list: str | None = None  # the kind of the list that ended at the last blank line
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            continue
        kind = last_list
        last_list = None
        if not special(line):  # a paragraph: plain lines up to a blank line
            start = i
            while i + 1 < n and lines[i + 1] and not special(lines[i + 1]):
                i += 1
            if i + 1 < n and lines[i + 1]:
                return None  # something may interrupt the paragraph or continue it lazily
            if _may_define_link(lines[start : i + 1]):
                return None
            _paragraph(tokens, lines[start : i + 1], start)
            i += 1
            continue
        heading = _HEADING_LINE.match(line)
        if heading is not None:
            if line.rstrip().endswith("#"):
                return None  # a closing sequence ("## Title ##")
            level = len(heading.group(1))
            tokens.append(_Tok("heading_open", f"h{level}", [i, i + 1]))
            tokens.append(_Tok("inline", "", [i, i + 1], mdTrim(line[heading.end() :])))
            tokens.append(_Tok("heading_close", f"h{level}"))
            i += 1
            continue
        item = _ITEM_LINE.match(line)
        if item is not None:
            bullet = item.group(1) is not None
            list_kind = "bullet_list" if bullet else "ordered_list"
            if kind == list_kind:
                return None  # a blank line inside one list: a loose list
            i = _list(tokens, lines, i, bullet, list_kind)
            if i < 0:
                return None
            last_list = list_kind
            continue
        if line.startswith("|"):
            i = _table(tokens, lines, i)
            if i < 0:
                return None
            continue
        return None
    return tokens


def _may_define_link(lines: list[str]) -> bool:
    """A paragraph starting "[label]:" may be a link reference definition, which is no text."""
    return lines[0].startswith("[") and any("]:" in line for line in lines)


def _paragraph(tokens: list[_Tok], lines: list[str], start: int) -> None:
    span = [start, start + len(lines)]
    tokens.append(_Tok("paragraph_open", "p", span))
    tokens.append(_Tok("inline", "", span, mdTrim("\n".join(lines))))
    tokens.append(_Tok("paragraph_close", "p"))


def _list(tokens: list[_Tok], lines: list[str], i: int, bullet: bool, kind: str) -> int:
    """Tokens of a tight list starting at line i; the line after it, or -1 when it is not plain."""
    n = len(lines)
    tokens.append(_Tok(f"{kind}_open", "ul" if bullet else "ol", [i, 0]))
    while i < n and lines[i]:
        item = _ITEM_LINE.match(lines[i])
        if item is None or (item.group(1) is not None) != bullet:
            return -1  # lazy continuation, or a list of the other kind with no blank line
        first = lines[i][item.end() :]
        if _SPECIAL_START.match(first):
            return -1
        indent = " " * item.end()
        body = [first]
        j = i + 1
        while j < n and lines[j].startswith(indent):
            rest = lines[j][item.end() :]
            if _SPECIAL_START.match(rest):
                return -1  # deeper indentation, a nested block
            body.append(rest)
            j += 1
        if j < n and lines[j] and lines[j][0] == " ":
            return -1
        if _may_define_link(body):
            return -1
        tokens.append(_Tok("list_item_open", "li", [i, j]))
        _paragraph(tokens, body, i)
        tokens.append(_Tok("list_item_close", "li"))
        i = j
    if i + 1 < n and lines[i + 1].startswith(" "):
        return -1  # an indented block after a blank line belongs to the last item
    tokens.append(_Tok(f"{kind}_close", "ul" if bullet else "ol"))
    return i


def _table(tokens: list[_Tok], lines: list[str], i: int) -> int:
    """Tokens of a pipe table starting at line i; the line after it, or -1 when it is not plain."""
    n = len(lines)
    if i + 1 >= n or not _DELIMITER_ROW.fullmatch(lines[i + 1]):
        return -1
    header = _cells(lines[i])
    count = lines[i + 1].count("|") - 1
    if len(header) != count:
        return -1
    tokens.append(_Tok("table_open", "table", [i, 0]))
    _row(tokens, header, i, count)
    autocompleted = 0
    j = i + 2
    while j < n and lines[j]:
        if not lines[j].startswith("|"):
            return -1
        cells = _cells(lines[j])
        autocompleted += count - len(cells)
        if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
            return -1
        _row(tokens, cells, j, count)
        j += 1
    tokens.append(_Tok("table_close", "table"))
    return j


def _cells(line: str) -> list[str]:
    columns = escapedSplit(mdTrim(line))
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _row(tokens: list[_Tok], cells: list[str], line: int, count: int) -> None:
    tokens.append(_Tok("tr_open", "tr", [line, line + 1]))
    for k in range(count):
        cell = cells[k] if k < len(cells) else ""
        tokens.append(_Tok("inline", "", [line, line + 1], mdTrim(cell) if cell else ""))
    tokens.append(_Tok("tr_close", "tr"))


class _Builder:
    """Walks markdown-it tokens once and collects sections, blocks and sentences."""

    def __init__(self, language: str, sentence_per_line: bool = False) -> None:
        self.language = language
        self.sentence_per_line = sentence_per_line
        self.sections: list[Section] = [Section(0, "", 0, (), "", None, 1)]
        self.blocks: list[Block] = []
        self.sentences: list[Sentence] = []
        self._stack: list[int] = [0]  # open sections, outermost first
        self._list_depth = 0
        self._lead_ins: list[str | None] = []  # lead-in sentence for each open list
        self._last_text: str | None = None  # the last paragraph/item text seen, for lead-ins

    def walk(self, tokens: Sequence[Token | _Tok]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                self._heading(tok, tokens[i + 1])
                i += 3
                continue
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                self._lead_ins.append(_lead_in_of(self._last_text))
                self._list_depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                self._list_depth -= 1
                self._lead_ins.pop()
            elif tok.type == "paragraph_open":
                inline = tokens[i + 1]
                kind = "list_item" if self._list_depth else "paragraph"
                lead = self._lead_ins[-1] if self._lead_ins else None
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

    def _heading(self, tok: Token | _Tok, inline: Token | _Tok) -> None:
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

    # -- blocks -----------------------------------------------------------------------------------

    def _text_block(self, kind: str, inline: Token | _Tok, lead_in: str | None) -> None:
        text, starts, lines = _plain(inline)
        first = (inline.map[0] + 1) if inline.map else 1
        self._add_block(kind, text, [first + n for n in lines], starts, lead_in)

    def _table_row(self, tokens: Sequence[Token | _Tok], i: int) -> int:
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

    def _code_block(self, tok: Token | _Tok) -> None:
        assert tok.map is not None
        lines = tok.content.split("\n")
        first = tok.map[0] + 1 + (1 if tok.type == "fence" else 0)
        text = "\n".join(lines)
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + 1
        self._add_block("code", text, [first + n for n in range(len(lines))], starts, None, split=False)

    def _add_block(
        self,
        kind: str,
        text: str,
        line_numbers: list[int],
        line_starts: list[int],
        lead_in: str | None,
        split: bool = True,
    ) -> None:
        block_index = len(self.blocks)
        section = self._stack[-1]
        if split and not self.sentence_per_line:
            pieces = _split(text.replace("\n", " "), self.language)
        else:
            pieces = [ln for ln in text.split("\n") if ln.strip()]
        indices: list[int] = []
        cursor = 0
        for piece in pieces:
            at = text.find(piece, cursor)
            if at < 0:
                at = cursor
            end = max(at, at + len(piece) - 1)
            cursor = at + len(piece)
            span = (_line_at(line_starts, line_numbers, at), _line_at(line_starts, line_numbers, end))
            display = fold_space(piece)
            if not display:
                continue
            sentence = Sentence(
                len(self.sentences), display, text_key(display), block_index, section, span, lead_in
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
        block_text = fold_space(text)
        self.blocks.append(
            Block(block_index, kind, block_text, block_lines, section, tuple(indices), lead_in)
        )
        self._last_text = block_text


def _line_at(starts: list[int], numbers: list[int], offset: int) -> int:
    if not numbers:
        return 1
    return numbers[max(0, bisect.bisect_right(starts, offset) - 1)]


def _lead_in_of(text: str | None) -> str | None:
    """A paragraph ending with a colon introduces the list below it ("The Agency will:")."""
    if text and text.rstrip().endswith((":", "：")):
        return text
    return None


#: Inline markup, removed with one pass of a few regular expressions (markdown-it's inline
#: parser is skipped: it would build a token per emphasis and link, and cost a third of the parse).
#: A link destination: <...>, or text with balanced parentheses ("javascript:f(1)"), then an optional title.
_DEST = r"""\((?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
_IMAGE = re.compile(rf"!\[([^\]]*)\]{_DEST}")
_LINK = re.compile(rf"\[([^\]]+)\]{_DEST}|\[([^\]]+)\]\[[^\]]*\]|<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = re.compile(r"(?<!\\)(\*\*|__|~~|`+)(?=\S)(.+?)(?<=\S)\1")
_SINGLE = re.compile(
    r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])|(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _strip_inline(text: str) -> str:
    """Plain text of one line of inline Markdown: links and images keep their text, marks go.

    Raw HTML stays as text: a revision is untrusted, and the renderers escape what they show.
    """
    if not any(c in text for c in "[*_`~<\\!"):
        return text
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or m.group(3), text)
    for _ in range(3):  # nested marks: ***bold italic***, **a `b`**
        stripped = _EMPHASIS.sub(r"\2", text)
        stripped = _SINGLE.sub(lambda m: m.group(1) or m.group(2), stripped)
        if stripped == text:
            break
        text = stripped
    return _ESCAPE.sub(r"\1", text)


def _plain(inline: Token | _Tok) -> tuple[str, list[int], list[int]]:
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


def _split(text: str, language: str) -> list[str]:
    return split_sentences(text, language)
