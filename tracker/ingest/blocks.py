"""The document structure every extractor produces and the renderer turns into Markdown.

Extractors (Markdown, text, HTML, DOCX, PDF) only have to find headings, paragraphs,
lists and tables; one renderer decides how they are written, so every format ends up
in the same normalized Markdown. Text fields hold inline Markdown source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    level: int  # 1..6; numbering such as "3.2" or "第1章" stays in the text
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # may span several lines; they are joined before splitting into sentences


@dataclass(frozen=True)
class ListItem:
    marker: str  # "-" for bullets, "3." for an ordered item numbered 3
    children: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]

    @property
    def ordered(self) -> bool:
        return bool(self.items) and self.items[0].marker != "-"


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # the first row is the header


@dataclass(frozen=True)
class Code:
    text: str
    info: str = ""


@dataclass(frozen=True)
class Quote:
    children: tuple[Block, ...]


@dataclass(frozen=True)
class Raw:
    text: str  # an HTML block in Markdown input, kept verbatim


Block = Heading | Paragraph | ListBlock | Table | Code | Quote | Raw


def list_item(marker: str, text: str) -> ListItem:
    """A list item holding one paragraph (the common case for every extractor)."""
    return ListItem(marker, (Paragraph(text),) if text.strip() else ())


def plain_text(blocks: tuple[Block, ...] | list[Block], limit: int = 200_000) -> str:
    """The words of the blocks without markup, up to about `limit` characters (for language detection)."""
    parts: list[str] = []
    size = 0
    stack: list[Block] = list(reversed(blocks))
    while stack and size < limit:
        block = stack.pop()
        if isinstance(block, Heading | Paragraph | Code | Raw):
            parts.append(block.text)
            size += len(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                parts.extend(row)
                size += sum(len(cell) for cell in row)
        elif isinstance(block, ListBlock):
            stack.extend(reversed([child for item in block.items for child in item.children]))
        elif isinstance(block, Quote):
            stack.extend(reversed(block.children))
    return "\n".join(parts)
