"""Re-publish a Markdown text in the other formats a government site uses, for invariance checks.

The formatting-invariance test and benchmark give the differ one text as Markdown and
as each of these re-publications: the commitments must come out the same. Each writer
does what a real publisher does to the layout and nothing to the words:

* hard-wrapped plain text (headings on their own lines, paragraphs wrapped at 72 columns,
  list items as "- " or "1. " with hanging indents),
* a PDF (reportlab) with justified lines, a running header and footer, page numbers,
* a DOCX (python-docx) with heading styles and list paragraphs,
* HTML (h1-h6, p, ul/ol, table).
"""

from __future__ import annotations

import html
import io
import os
import re
import textwrap
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

from tracker.ingest.blocks import Block, Code, Heading, ListBlock, Paragraph, Quote, Raw, Table
from tracker.ingest.markdown import parse_markdown

FORMATS = ("txt", "pdf", "docx", "html")

REALDOCS = Path(
    os.environ.get("TRACKER_REALDOCS") or Path(__file__).resolve().parents[2] / "shared" / "realdocs"
)
"""The shared real documents: <checkout>/../shared/realdocs, or the folder TRACKER_REALDOCS names."""

_TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def _inline_renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})  # "<Main Objectives>" is text, as the differ reads it


def plain(inline: str) -> str:
    """Inline Markdown as the words a reader sees (rendered as CommonMark, tags dropped), on one line."""
    rendered = _inline_renderer().renderInline(inline)
    return " ".join(html.unescape(_TAG.sub("", rendered)).split())


def excerpt(markdown: str, words: int) -> str:
    """The leading blocks of a Markdown text, up to about `words` words, cut at a blank line."""
    out: list[str] = []
    count = 0
    for chunk in markdown.split("\n\n"):
        out.append(chunk)
        count += len(chunk.split())
        if count >= words:
            break
    return "\n\n".join(out).rstrip("\n") + "\n"


def _items(blocks: list[Block], depth: int = 0) -> Iterator[tuple[str, str, int, str]]:
    """(kind, text, level or depth, list marker) for every block, lists flattened in order."""
    for block in blocks:
        if isinstance(block, Heading):
            yield "heading", plain(block.text), block.level, ""
        elif isinstance(block, Paragraph):
            yield "paragraph", plain(block.text), depth, ""
        elif isinstance(block, ListBlock):
            for item in block.items:
                marker = item.marker if block.ordered else "-"
                first = True
                for child in item.children:
                    if isinstance(child, Paragraph):
                        yield "item" if first else "more", plain(child.text), depth, marker
                        first = False
                    else:
                        yield from _items([child], depth + 1)
        elif isinstance(block, Table):
            for row in block.rows:
                yield "row", " | ".join(plain(cell) for cell in row), depth, ""
        elif isinstance(block, Quote):
            yield from _items(list(block.children), depth)
        elif isinstance(block, Code | Raw):
            yield "paragraph", " ".join(block.text.split()), depth, ""


def _structure(markdown: str) -> list[tuple[str, str, int, str]]:
    return [entry for entry in _items(parse_markdown(markdown)) if entry[1]]


def to_text(markdown: str, width: int = 72) -> bytes:
    """Hard-wrapped plain text: blank lines between blocks, hanging indents under list markers."""
    out: list[str] = []
    for kind, text, _level, marker in _structure(markdown):
        if kind == "heading":
            out.append(text)
        elif kind == "item":
            indent = " " * (len(marker) + 1)
            out.append(textwrap.fill(text, width, initial_indent=f"{marker} ", subsequent_indent=indent))
        elif kind == "more":
            indent = " " * (len(marker) + 1)
            out.append(textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent))
        elif kind == "row":
            out.append(text)
        else:
            out.append(textwrap.fill(text, width))
        out.append("")
    return "\n".join(out).encode("utf-8")


def to_html(markdown: str, title: str = "Document") -> bytes:
    """An HTML page: headings, paragraphs, lists and table rows as the elements HTML has for them."""
    body: list[str] = []
    open_list: str | None = None
    for kind, text, level, marker in _structure(markdown):
        escaped = html.escape(text)
        if kind == "item":
            tag = "ul" if marker == "-" else "ol"
            if open_list != tag:
                if open_list:
                    body.append(f"</{open_list}>")
                body.append(f"<{tag}>")
                open_list = tag
            body.append(f"<li>{escaped}</li>")
            continue
        if open_list and kind != "more":
            body.append(f"</{open_list}>")
            open_list = None
        if kind == "heading":
            body.append(f"<h{min(level, 6)}>{escaped}</h{min(level, 6)}>")
        elif kind == "row":
            cells = "".join(f"<td>{html.escape(c.strip())}</td>" for c in text.split(" | "))
            body.append(f"<table><tr>{cells}</tr></table>")
        elif open_list:  # a further paragraph of the last item
            body[-1] = body[-1][: -len("</li>")] + f"<p>{escaped}</p></li>"
        else:
            body.append(f"<p>{escaped}</p>")
    if open_list:
        body.append(f"</{open_list}>")
    page = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        "<body><main>\n" + "\n".join(body) + "\n</main></body></html>\n"
    )
    return page.encode("utf-8")


def to_docx(markdown: str) -> bytes:
    """A Word document: Heading N styles, Normal paragraphs, List Bullet / List Number items."""
    from docx import Document

    document = Document()
    for kind, text, level, marker in _structure(markdown):
        if kind == "heading":
            document.add_heading(text, level=min(level, 9))
        elif kind == "item":
            document.add_paragraph(text, style="List Bullet" if marker == "-" else "List Number")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(markdown: str, header: str = "Official text - published for information") -> bytes:
    """A PDF with justified body text, larger headings, a running header and footer and page numbers."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as Para
    from reportlab.platypus import SimpleDocTemplate

    entries = _structure(markdown)
    wide = any(ord(char) > 0x2FFF for _, text, _, _ in entries for char in text)
    font = "Helvetica"
    if wide:
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
        font = "HeiseiMin-W3"
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=10,
        leading=13,
        alignment=TA_JUSTIFY,
        spaceAfter=8,
        wordWrap="CJK" if wide else None,
    )
    item = ParagraphStyle("item", parent=body, leftIndent=18, bulletIndent=4)
    headings = {
        level: ParagraphStyle(f"h{level}", parent=body, fontSize=size, leading=size + 4, spaceBefore=6)
        for level, size in ((1, 18), (2, 15), (3, 13), (4, 12), (5, 11.5), (6, 11.5))
    }
    flow = []
    number = 0
    for kind, text, level, marker in entries:
        escaped = html.escape(text)
        if kind == "heading":
            flow.append(Para(escaped, headings[min(level, 6)]))
        elif kind == "item":
            number = number + 1 if marker != "-" else 0
            flow.append(Para(escaped, item, bulletText="•" if marker == "-" else marker))
        else:
            flow.append(Para(escaped, body))

    def decorate(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 8)
        width, height = A4
        canvas.drawString(72, height - 40, header)
        canvas.drawCentredString(width / 2, 30, f"- {doc.page} -")
        canvas.drawRightString(width - 72, 30, "Policy tracker test publication")
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, topMargin=72, bottomMargin=72).build(
        flow, onFirstPage=decorate, onLaterPages=decorate
    )
    return buffer.getvalue()


WRITERS = {"txt": to_text, "pdf": to_pdf, "docx": to_docx, "html": to_html}


def republish(markdown: str, fmt: str) -> bytes:
    """The Markdown text as a file of the given format ("txt", "pdf", "docx", "html")."""
    return WRITERS[fmt](markdown)


JAPANESE_PLAN = """\
# 地域AI推進計画

## 第1章 基本的な考え方

本計画は、地域におけるAIの活用を進めるための政府の取組を定めるものである。
政府は、令和8年度までに全ての都道府県でAI相談窓口を設置する。

## 第2章 重点施策

### 1. 人材育成

政府は、次の施策を実施する。

（1）大学と連携し、年間2万人のAI人材を育成する。

（2）地方公共団体の職員向けの研修を毎年実施する。

（3）中小企業の経営者向けの講座を全国で開催する。

### 2. 計算資源

政府は、地域の計算資源を確保するため、次の措置を講ずる。

①　データセンターの地方分散を推進する。

②　再生可能エネルギーの活用を図る。

③　必要に応じて、民間事業者への支援を検討する。

## 第3章 推進体制

デジタル庁は、関係府省と連携し、本計画の進捗を年1回公表する。
総務省は、地方公共団体の取組状況を毎年調査する。
"""
