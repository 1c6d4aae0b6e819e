"""HTML to blocks with lxml's HTML parser: headings, paragraphs, lists, tables and quotes kept.

Page furniture (scripts, styles, navigation, forms, hidden elements) is dropped; when
the page marks its content with <main> (or a single <article>), only that is read, so
a site's menu and footer do not become part of the policy text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
from lxml import etree

from tracker.errors import IngestError
from tracker.ingest.blocks import Block, Code, Heading, ListBlock, ListItem, Paragraph, Quote, Table
from tracker.ingest.decode import decode_text
from tracker.regex_cache import compile_regex

_DROPPED = frozenset(
    "script style noscript template nav form button select input textarea svg math iframe object "
    "embed canvas audio video map head".split()
)
# Page furniture outside <main>/<article>: a site header or footer, a sidebar.
_FURNITURE = frozenset({"header", "footer", "aside"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer header hgroup h1 h2 h3 h4 h5 h6 hr li main menu ol p pre section summary table tbody thead tfoot "
    "tr td th caption ul html".split()
)
_META_CHARSET = compile_regex(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECLARATION = compile_regex(r"^\s*<\?xml[^>]*\?>")
_HIDDEN_STYLE = compile_regex(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def parse_html(data: bytes, name: str) -> tuple[list[Block], str | None]:
    """Blocks of an HTML page and its <title>."""
    text = _decode(data, name)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"{name}: not readable as HTML ({exc})") from exc
    title_element = root.find(".//title")
    title = _inline_text(title_element) if title_element is not None else None
    content = _content_root(root)
    return _blocks(content, inside_content=content.tag in ("main", "article")), title


def _decode(data: bytes, name: str) -> str:
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to detection
    return decode_text(data, name)


def _content_root(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for path in (".//main", ".//*[@role='main']"):
        found = root.findall(path) if "@" not in path else root.xpath(path)
        if len(found) == 1:
            return found[0]
    articles = root.findall(".//article")
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


def _skipped(element: lxml.html.HtmlElement, inside_content: bool) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True  # comments and processing instructions
    if tag in _DROPPED or (tag in _FURNITURE and not inside_content):
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in ("navigation", "banner", "contentinfo", "search"):
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _blocks(element: lxml.html.HtmlElement, inside_content: bool) -> list[Block]:
    """The blocks inside a container element; loose inline text becomes paragraphs."""
    blocks: list[Block] = []
    inline: list[str] = [element.text or ""]

    def flush() -> None:
        text = "".join(inline).strip()
        if text:
            blocks.append(Paragraph(text))
        inline.clear()

    for child in element:
        if _skipped(child, inside_content):
            inline.append(child.tail or "")
            continue
        tag = child.tag
        if tag in _BLOCK_TAGS or tag in ("ul", "ol"):
            flush()
            blocks.extend(_block(child, inside_content or tag in ("main", "article")))
        elif tag == "br":
            inline.append("\n")
        else:
            inline.append(_inline_text(child))
        inline.append(child.tail or "")
    flush()
    return blocks


def _block(element: lxml.html.HtmlElement, inside_content: bool) -> list[Block]:
    tag = element.tag
    if tag in _HEADINGS:
        text = _inline_text(element)
        return [Heading(_HEADINGS[tag], text)] if text.strip() else []
    if tag in ("ul", "ol", "menu", "dir"):
        return [_list(element, inside_content)]
    if tag == "table":
        return [_table(element)]
    if tag == "pre":
        return [Code(element.text_content())]
    if tag == "blockquote":
        return [Quote(tuple(_blocks(element, inside_content)))]
    if tag == "hr":
        return []
    return _blocks(element, inside_content)


def _list(element: lxml.html.HtmlElement, inside_content: bool) -> ListBlock:
    ordered = element.tag == "ol"
    number = _int(element.get("start"), 1)
    items: list[ListItem] = []
    for child in element:
        if not isinstance(child.tag, str) or child.tag != "li" or _skipped(child, inside_content):
            continue
        number = _int(child.get("value"), number)
        marker = f"{number}." if ordered else "-"
        items.append(ListItem(marker, tuple(_blocks(child, inside_content))))
        number += 1
    return ListBlock(tuple(items))


def _table(element: lxml.html.HtmlElement) -> Table:
    rows: list[tuple[str, ...]] = []
    for row in element.iter("tr"):
        if _owning_table(row) is not element:
            continue  # rows of a nested table are read as that cell's text
        cells = [_inline_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
        if any(cell.strip() for cell in cells):
            rows.append(tuple(cells))
    return Table(tuple(rows))


def _owning_table(row: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _inline_text(element: lxml.html.HtmlElement) -> str:
    """The text of an element as one run: <br> becomes a line break, furniture is skipped."""
    parts: list[str] = []
    _gather(element, parts.append)
    return "".join(parts)


def _gather(element: lxml.html.HtmlElement, emit: Callable[[str], None]) -> None:
    emit(element.text or "")
    for child in element:
        if child.tag == "br":
            emit("\n")
        elif not _skipped(child, inside_content=True):
            if child.tag in _BLOCK_TAGS:
                emit("\n")
                _gather(child, emit)
                emit("\n")
            else:
                _gather(child, emit)
        emit(child.tail or "")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
