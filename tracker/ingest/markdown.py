"""Markdown input to blocks, with markdown-it-py so that structure is read as Markdown defines it.

Inline text is kept as Markdown source (emphasis, links, escapes stay as written),
which is what makes normalizing already-normalized text a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.ingest.blocks import Block, Code, Heading, ListBlock, ListItem, Paragraph, Quote, Raw, Table
from tracker.markdown_tokens import AnyToken as _Token
from tracker.markdown_tokens import markdown_tokens


def parse_markdown(text: str) -> list[Block]:
    """The block structure of a Markdown document (setext headings become headings, HTML comments go)."""
    blocks, _ = _parse(markdown_tokens(text), 0, None)
    return blocks


def _inline(token: _Token) -> str:
    # A backslash hard line break is a layout choice, not content.
    return token.content.replace("\\\n", "\n")


def _parse(tokens: Sequence[_Token], index: int, closing: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == closing:
            return blocks, index + 1
        if kind == "heading_open":
            blocks.append(Heading(int(token.tag[1:]), _inline(tokens[index + 1])))
            index += 3
        elif kind == "paragraph_open":
            blocks.append(Paragraph(_inline(tokens[index + 1])))
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items, index = _parse_list(tokens, index + 1, kind.replace("_open", "_close"))
            blocks.append(ListBlock(tuple(items)))
        elif kind == "blockquote_open":
            children, index = _parse(tokens, index + 1, "blockquote_close")
            blocks.append(Quote(tuple(children)))
        elif kind == "table_open":
            rows, index = _parse_table(tokens, index + 1)
            blocks.append(Table(rows))
        elif kind in ("fence", "code_block"):
            blocks.append(Code(token.content, token.info if kind == "fence" else ""))
            index += 1
        elif kind == "html_block":
            if not token.content.lstrip().startswith("<!--"):
                blocks.append(Raw(token.content))
            index += 1
        else:  # hr and anything without text
            index += 1
    return blocks, index


def _parse_list(tokens: Sequence[_Token], index: int, closing: str) -> tuple[list[ListItem], int]:
    items: list[ListItem] = []
    while index < len(tokens) and tokens[index].type != closing:
        token = tokens[index]
        if token.type == "list_item_open":
            marker = f"{token.info}." if token.info else "-"
            children, index = _parse(tokens, index + 1, "list_item_close")
            items.append(ListItem(marker, tuple(children)))
        else:
            index += 1
    return items, index + 1


def _parse_table(tokens: Sequence[_Token], index: int) -> tuple[tuple[tuple[str, ...], ...], int]:
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(tuple(row))
        index += 1
    return tuple(rows), index + 1
