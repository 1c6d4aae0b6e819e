"""Render a sample text to the PDF or DOCX original that a watcher would have received.

Some revisions of the sample corpus arrive as office files, as real ones do.
Their originals are generated from the Markdown texts in `samples/texts/` so
anyone can regenerate them; the output is byte-for-byte deterministic (fixed
creation dates, ids and zip timestamps), so the recorded SHA-256 is stable for
a given reportlab / python-docx version.

    python samples/render_originals.py samples/texts/jp/.../2026-09-18-decision.md out.pdf
"""

from __future__ import annotations

import datetime
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

# A fixed moment for every "created"/"modified" stamp inside the generated files.
FIXED_TIME = datetime.datetime(2026, 1, 1, 0, 0, 0, tzinfo=datetime.UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Block:
    """One rendered unit of the Markdown: a heading (level 1-3), a list item or a paragraph."""

    kind: str  # "heading" | "item" | "paragraph"
    text: str
    level: int = 0


def _join(lines: list[str], language: str) -> str:
    """Join a paragraph's source lines: Japanese needs no space between lines, English does."""
    glue = "" if language == "ja" else " "
    return glue.join(line.strip() for line in lines)


def parse_blocks(markdown: str, language: str) -> list[Block]:
    """The headings, list items and paragraphs of the simple Markdown the sample texts use."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", _join(paragraph, language)))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
        elif line.startswith("#"):
            flush()
            marks, _, title = line.partition(" ")
            blocks.append(Block("heading", title.strip(), level=len(marks)))
        elif line.startswith("- "):
            flush()
            blocks.append(Block("item", line[2:].strip()))
        else:
            paragraph.append(line)
    flush()
    return blocks


def render_pdf(markdown: str, language: str, title: str) -> bytes:
    """A tagged-text PDF (reportlab); Japanese uses the built-in CID fonts, so no font files are needed."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if language == "ja":
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
        body_font, heading_font, wrap = "HeiseiMin-W3", "HeiseiKakuGo-W5", "CJK"
    else:
        body_font, heading_font, wrap = "Times-Roman", "Helvetica-Bold", "LTR"
    body = ParagraphStyle("body", fontName=body_font, fontSize=10.5, leading=16, wordWrap=wrap, spaceAfter=4)
    item = ParagraphStyle("item", parent=body, leftIndent=6 * mm, bulletIndent=1 * mm)
    headings = {
        level: ParagraphStyle(
            f"h{level}",
            fontName=heading_font,
            fontSize=size,
            leading=size * 1.5,
            wordWrap=wrap,
            spaceBefore=8,
            spaceAfter=6,
        )
        for level, size in ((1, 16), (2, 13), (3, 11.5))
    }
    story: list[object] = []
    for block in parse_blocks(markdown, language):
        text = escape(block.text)
        if block.kind == "heading":
            story.append(Paragraph(text, headings[min(block.level, 3)]))
        elif block.kind == "item":
            story.append(Paragraph(text, item, bulletText="•"))
        else:
            story.append(Paragraph(text, body))
            story.append(Spacer(1, 2))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="policy tracker sample corpus (illustrative)",
        creator="samples/render_originals.py",
        invariant=1,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    document.build(story)
    return buffer.getvalue()


def render_docx(markdown: str, language: str, title: str) -> bytes:
    """A Word document (python-docx) with real heading and list styles, re-zipped with fixed timestamps."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    if language == "ja":
        style = document.styles["Normal"]
        style.font.name = "MS Mincho"
        style.element.rPr.rFonts.set(qn("w:eastAsia"), "MS Mincho")
    for block in parse_blocks(markdown, language):
        if block.kind == "heading":
            # "# " is the Title paragraph, "## " Heading 1, "### " Heading 2: how Word authors use them.
            document.add_heading(block.text, level=min(block.level - 1, 3))
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    props = document.core_properties
    props.title = title
    props.author = "policy tracker sample corpus (illustrative)"
    props.last_modified_by = props.author
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.language = language
    buffer = io.BytesIO()
    document.save(buffer)
    return _fix_zip_times(buffer.getvalue())


def _fix_zip_times(data: bytes) -> bytes:
    """The same zip with every member stamped at one fixed time, so the bytes never depend on the clock."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def render(markdown_path: Path, out_path: Path, *, language: str, title: str) -> Path:
    """Write the original for one sample text; the format follows `out_path`'s extension."""
    markdown = markdown_path.read_text(encoding="utf-8")
    suffix = out_path.suffix.lower()
    if suffix == ".pdf":
        data = render_pdf(markdown, language, title)
    elif suffix == ".docx":
        data = render_docx(markdown, language, title)
    else:
        raise ValueError(f"cannot render {out_path.name}: use .pdf or .docx")
    out_path.write_bytes(data)
    return out_path


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(
            "usage: python samples/render_originals.py TEXT.md OUT.pdf|OUT.docx [LANGUAGE]", file=sys.stderr
        )
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    language = (
        argv[2]
        if len(argv) == 3
        else ("ja" if "/jp/" in source.as_posix() and "-en/" not in source.as_posix() else "en")
    )
    first = source.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    render(source, target, language=language, title=first)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
