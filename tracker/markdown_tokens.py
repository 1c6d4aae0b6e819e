"""Markdown block tokens, the one reading of Markdown structure the ingester and the differ share.

`markdown_tokens` is the entry point: one markdown-it preset (CommonMark block rules
and pipe tables; inline text stays Markdown source) and one fast path for plain text.

Normalized text (what the ingester writes and the corpus stores) is headings,
paragraphs, one-paragraph list items and pipe tables, blank-line separated. Both the
ingester and the differ read it many times, and markdown-it spends most of its time
trying every block rule on every line; this reader tokenizes such text in one pass,
several times faster and without loading markdown-it. Anything it is not sure of
gives None, and the caller asks markdown-it: the tokens are always the ones
markdown-it would give (tests hold the two to the same reading).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Union

from tracker.regex_cache import compile_regex

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["AnyToken", "BlockToken", "markdown_parser", "markdown_tokens", "plain_markdown_tokens"]

# Any white space but the space and the newline (tab, CR, form feed, Unicode spaces): every
# character str.isspace() (and so the regex class [^\S \n]) takes but " " and "\n". Looked for
# one by one with `in`, which scans a document with memchr where the regex class tested each
# character against the Unicode tables (about 20 million instructions for a 50,000-word file).
_ODD_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class BlockToken:
    """The fields of a markdown-it block token that the readers of its tokens use."""

    __slots__ = ("content", "info", "map", "tag", "type")

    def __init__(self, type_: str, tag: str = "", map_: list[int] | None = None, content: str = "") -> None:
        self.type = type_
        self.tag = tag
        self.map = map_
        self.content = content
        self.info = ""


#: A token of either reader: both have the fields the walkers of block tokens read.
AnyToken = Union["Token", BlockToken]


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """markdown-it for text the line tokenizer does not take (imported only then: it is slow to load).

    Only block structure is read: the inline parser is off, so inline text reaches the
    readers as its Markdown source (they strip or keep the marks themselves).
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def markdown_tokens(text: str) -> Sequence[AnyToken]:
    """The block tokens of a Markdown text: the fast reader's for plain text, else markdown-it's."""
    tokens = plain_markdown_tokens(text)
    return tokens if tokens is not None else markdown_parser().parse(text)


_HEADING_LINE = compile_regex(r"(#{1,6}) (?=\S)")
_ITEM_LINE = compile_regex(r"(?:(-)|\d{1,9}\.) (?=\S)")
_DELIMITER_ROW = compile_regex(r"\|(?: *:?-+:? *\|)+")
# A line start that markdown-it may read as anything but paragraph text: indentation, a quote,
# table, HTML block, heading, list item, thematic break, setext underline, delimiter row or fence.
_SPECIAL_START = compile_regex(
    r"[ \t>|<-]|#{1,6}(?:[ \t]|$)|[*+](?:[ \t]|$)|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$"
    r"|=+[ \t]*$|:[-:| \t]*$|```|~~~|\d{1,9}[.)](?:[ \t]|$)"
)
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it's own limit on cells added to short rows


def plain_markdown_tokens(text: str) -> list[BlockToken] | None:
    """markdown-it's block tokens for plain Markdown, or None for anything else.

    Plain: ATX headings, paragraphs, lists of one-paragraph items ("- " or "1. ",
    continuation lines indented under the text) and pipe tables, with a blank line
    between blocks. None for code, quotes, HTML, nested lists, multi-paragraph items,
    lazy continuation lines, setext headings, link definitions, tabs ...
    """
    if "\0" in text or any(space in text for space in _ODD_SPACES):
        return None  # tabs, CR and Unicode spaces: markdown-it's own rules for them apply
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    n = len(lines)
    tokens: list[BlockToken] = []
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
            tokens.append(BlockToken("heading_open", f"h{level}", [i, i + 1]))
            tokens.append(BlockToken("inline", "", [i, i + 1], _trim(line[heading.end() :])))
            tokens.append(BlockToken("heading_close", f"h{level}"))
            i += 1
            continue
        item = _ITEM_LINE.match(line)
        if item is not None:
            bullet = item.group(1) is not None
            list_kind = "bullet_list" if bullet else "ordered_list"
            if kind == list_kind:
                return None  # cannot happen: _list reads on over blank lines
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


def _paragraph(tokens: list[BlockToken], lines: list[str], start: int) -> None:
    span = [start, start + len(lines)]
    tokens.append(BlockToken("paragraph_open", "p", span))
    tokens.append(BlockToken("inline", "", span, _trim("\n".join(lines))))
    tokens.append(BlockToken("paragraph_close", "p"))


def _list(tokens: list[BlockToken], lines: list[str], i: int, bullet: bool, kind: str) -> int:
    """Tokens of a list starting at line i; the line after it, or -1 when it is not plain.

    Items of the same kind after blank lines continue the list (a loose list, same tokens).
    """
    n = len(lines)
    tokens.append(BlockToken(f"{kind}_open", "ul" if bullet else "ol", [i, 0]))
    while i < n:
        if not lines[i]:
            j = i
            while j < n and not lines[j]:
                j += 1
            if j < n and lines[j][0] == " ":
                return -1  # an indented block after a blank line belongs to the last item
            following = _ITEM_LINE.match(lines[j]) if j < n else None
            if following is None or (following.group(1) is not None) != bullet:
                break
            i = j
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
        opening = BlockToken("list_item_open", "li", [i, j])
        if not bullet:
            opening.info = lines[i][: item.end() - 2]  # the item's number, as markdown-it keeps it
        tokens.append(opening)
        _paragraph(tokens, body, i)
        tokens.append(BlockToken("list_item_close", "li"))
        i = j
    tokens.append(BlockToken(f"{kind}_close", "ul" if bullet else "ol"))
    return i


def _table(tokens: list[BlockToken], lines: list[str], i: int) -> int:
    """Tokens of a pipe table starting at line i; the line after it, or -1 when it is not plain."""
    n = len(lines)
    if i + 1 >= n or not _DELIMITER_ROW.fullmatch(lines[i + 1]):
        return -1
    header = _cells(lines[i])
    count = lines[i + 1].count("|") - 1
    if len(header) != count:
        return -1
    tokens.append(BlockToken("table_open", "table", [i, 0]))
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
    tokens.append(BlockToken("table_close", "table"))
    return j


def _cells(line: str) -> list[str]:
    columns = _escaped_split(_trim(line))
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _row(tokens: list[BlockToken], cells: list[str], line: int, count: int) -> None:
    tokens.append(BlockToken("tr_open", "tr", [line, line + 1]))
    for k in range(count):
        cell = cells[k] if k < len(cells) else ""
        tokens.append(BlockToken("inline", "", [line, line + 1], _trim(cell) if cell else ""))
    tokens.append(BlockToken("tr_close", "tr"))


def _trim(text: str) -> str:
    # markdown-it trims its own set of white space; with only spaces and newlines in the text
    # (see _ODD_SPACES) that is str.strip()
    return text.strip()


def _escaped_split(line: str) -> list[str]:
    """Cells of a table row split at pipes; an escaped pipe (\\|) is a pipe in the cell (as markdown-it)."""
    if "\\" not in line:
        return line.split("|")
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    last = 0
    for pos, char in enumerate(line):
        if char == "|":
            if not escaped:
                current.append(line[last:pos])
                cells.append("".join(current))
                current = []
                last = pos + 1
            else:
                current.append(line[last : pos - 1])
                last = pos
        escaped = char == "\\"
    current.append(line[last:])
    cells.append("".join(current))
    return cells
