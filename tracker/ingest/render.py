"""Write blocks as normalized Markdown: one sentence per line, ATX headings, pipe tables.

The output parses back into the same blocks, so normalizing it again changes nothing:
every sentence line that Markdown would read as the start of a block ("1. ", "- ",
"# ", "> ") is escaped, consecutive lists of one kind are merged the way Markdown
itself would merge them, and list items keep their sentences on indented lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tracker.ingest.blocks import Block, Code, Heading, ListBlock, ListItem, Paragraph, Quote, Raw, Table
from tracker.regex_cache import compile_regex
from tracker.sentences import join_lines, split_sentences
from tracker.unicode_norm import normalize_unicode

# A line Markdown would read as a block start rather than paragraph text.
_BLOCK_START = compile_regex(
    r"^(?:"
    r"(?P<symbol>[-+*](?=\s|$)|#{1,6}(?=\s|$)|>|`{3,}|~{3,}|<|[=-]+\s*$|[-*_](?:\s*[-*_]){2,}\s*$"
    r"|\[[^\]]*\]:)"
    r"|(?P<number>\d{1,9})[.)](?=\s|$)"
    r")"
)
_UNESCAPED_PIPE = compile_regex(r"(?<!\\)\|")
_FENCE_RUN = compile_regex(r"`{3,}")
# A heading's trailing run of "#" that Markdown would read as its closing sequence ("## Item #").
_CLOSING_HASHES = compile_regex(r"(?:^|(?<=[ \t]))#+$")


# Characters Markdown reads as inline markup: escapes, code, emphasis, strike-through, links, autolinks.
_INLINE_MARK = compile_regex(r"[\\`*_~\[<]")


def render_blocks(blocks: Iterable[Block], language: str | None = None, *, literal: bool = False) -> str:
    """Normalized Markdown for a document: blocks separated by one blank line, ending with a newline.

    `literal`: the blocks' text came from a source that is not Markdown (plain text, HTML,
    PDF, DOCX), so a `*` or `_` in it is a character, not emphasis: it is escaped, and the
    text reads back as written (`__init__` stays `__init__`)."""
    blocks = list(blocks)
    if literal:
        blocks = [_literal(block) for block in blocks]
    lines = _render_sequence(blocks, language)
    return "\n".join(lines) + "\n" if lines else ""


def _render_sequence(blocks: Sequence[Block], language: str | None, in_item: bool = False) -> list[str]:
    """The lines of consecutive blocks, with a blank line between blocks.

    List items are regrouped the way Markdown reads them: one list per run of bullets
    or of numbers, also across a block that renders as nothing (an empty heading),
    since nothing then separates the lists in the output. A list right after a
    paragraph inside a list item follows without a blank line when Markdown allows it
    (a bullet list, or an ordered list starting at 1), so a nested list stays part of
    a tight item.
    """
    lines: list[str] = []
    previous: Block | None = None
    pending: list[ListItem] = []

    def emit(block: Block, rendered: list[str]) -> None:
        nonlocal previous
        if lines and not (in_item and isinstance(previous, Paragraph) and _interrupts_paragraph(block)):
            lines.append("")
        lines.extend(rendered)
        previous = block

    def flush() -> None:
        if pending:
            merged = ListBlock(tuple(pending))
            pending.clear()
            emit(merged, _render(merged, language))

    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                if pending and (pending[0].marker == "-") != (item.marker == "-"):
                    flush()
                pending.append(item)
            continue
        rendered = _render(block, language)
        if rendered:
            flush()
            emit(block, rendered)
    flush()
    return lines


def escape_inline(text: str) -> str:
    """Text with every character Markdown would read as inline markup backslash-escaped."""
    return _INLINE_MARK.sub(r"\\\g<0>", text)


def _literal(block: Block) -> Block:
    """The block with its text escaped (code is already literal)."""
    if isinstance(block, Heading):
        return Heading(block.level, escape_inline(block.text))
    if isinstance(block, Paragraph):
        return Paragraph(escape_inline(block.text))
    if isinstance(block, Table):
        cells = (tuple(escape_inline(cell).replace("|", "\\|") for cell in row) for row in block.rows)
        return Table(tuple(cells))
    if isinstance(block, ListBlock):
        return ListBlock(
            tuple(ListItem(i.marker, tuple(_literal(c) for c in i.children)) for i in block.items)
        )
    if isinstance(block, Quote):
        return Quote(tuple(_literal(c) for c in block.children))
    return block


def _interrupts_paragraph(block: Block) -> bool:
    if not isinstance(block, ListBlock):
        return False
    first = block.items[0]
    return bool(first.children) and (not block.ordered or first.marker in ("1.", "1)"))


def _render(block: Block, language: str | None) -> list[str]:
    if isinstance(block, Heading):
        text = _CLOSING_HASHES.sub(r"\\\g<0>", inline_text(block.text))
        return [f"{'#' * min(max(block.level, 1), 6)} {text}"] if text else []
    if isinstance(block, Paragraph):
        return [escape_block_start(s) for s in split_sentences(normalize_unicode(block.text), language)]
    if isinstance(block, ListBlock):
        lines: list[str] = []
        for item in block.items:
            lines.extend(_render_item(item, language))
        return lines
    if isinstance(block, Table):
        return _render_table(block)
    if isinstance(block, Code):
        return _render_code(block)
    if isinstance(block, Quote):
        inner = _render_sequence(block.children, language)
        return [f"> {line}" if line else ">" for line in inner]
    if isinstance(block, Raw):
        return [line.rstrip() for line in normalize_unicode(block.text).strip("\n").split("\n")]
    raise TypeError(f"not a block: {block!r}")


def _render_item(item: ListItem, language: str | None) -> list[str]:
    marker = "-" if item.marker == "-" else f"{int(item.marker.rstrip('.)'))}."
    inner = _render_sequence(item.children, language, in_item=True)
    if not inner:
        return [marker]
    indent = " " * (len(marker) + 1)
    return [f"{marker} {inner[0]}"] + [f"{indent}{line}" if line else "" for line in inner[1:]]


def _render_table(table: Table) -> list[str]:
    rows = [[_cell(cell) for cell in row] for row in table.rows]
    rows = [row for row in rows if row]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header, body = rows[0], rows[1:]
    lines = [_table_row(header), "| " + " | ".join(["---"] * width) + " |"]
    lines.extend(_table_row(row) for row in body)
    return lines


def _table_row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _cell(text: str) -> str:
    return _UNESCAPED_PIPE.sub(r"\\|", inline_text(text))


def _render_code(code: Code) -> list[str]:
    body = [line.rstrip() for line in normalize_unicode(code.text).strip("\n").split("\n")]
    longest = max((len(run) for run in _FENCE_RUN.findall(code.text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{code.info.strip()}", *body, fence]


def inline_text(text: str) -> str:
    """One line of inline text: Unicode normalized, line breaks joined, spaces collapsed."""
    return join_lines(normalize_unicode(text))


def escape_block_start(line: str) -> str:
    """Escape a sentence that Markdown would otherwise read as a heading, list item or quote."""
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group("number") is not None:
        end = match.end("number")
        return f"{line[:end]}\\{line[end:]}"
    return "\\" + line
