"""Ingestion of every format into normalized Markdown, from real files the tests build."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tracker.ingest import NORMALIZER_VERSION, Ingested, ingest_bytes, ingest_file, normalize_markdown


def _stable(result: Ingested) -> None:
    """Every ingested text is normalized Markdown that normalizing again leaves alone."""
    assert result.text.endswith("\n") and not result.text.endswith("\n\n")
    assert normalize_markdown(result.text, result.language) == result.text
    assert "\r" not in result.text and "\u00a0" not in result.text


# --- Markdown -------------------------------------------------------------------------------------------


def test_markdown_structure_is_kept_one_sentence_per_line() -> None:
    source = (
        "Digital Strategy\n================\n\n"
        "The plan sets goals. It runs to 2030,\ne.g. for compute.\n\n"
        "Section 2\n---------\n\n"
        "3. Build shared data spaces. Open them to researchers.\n"
        "4. Train staff\n   - in ministries\n   - in regions\n\n"
        "| Measure | Budget |\n|---|---|\n| Compute | 2 billion |\n"
    )
    result = ingest_bytes(source.encode(), "plan.md")
    assert result.format == "markdown" and result.extension == "md"
    assert result.title == "Digital Strategy"
    assert result.text == (
        "# Digital Strategy\n\n"
        "The plan sets goals.\nIt runs to 2030, e.g. for compute.\n\n"
        "## Section 2\n\n"
        "3. Build shared data spaces.\n   Open them to researchers.\n"
        "4. Train staff\n   - in ministries\n   - in regions\n\n"
        "| Measure | Budget |\n| --- | --- |\n| Compute | 2 billion |\n"
    )
    _stable(result)


def test_rewrapping_a_paragraph_changes_nothing() -> None:
    words = (
        "The Government will expand public compute capacity for universities and start-ups, "
        "e.g. through shared clusters. It will report on progress every year."
    ).split()
    narrow = "\n".join(" ".join(words[i : i + 4]) for i in range(0, len(words), 4))
    wide = " ".join(words)
    assert normalize_markdown(narrow) == normalize_markdown(wide)
    japanese = "政府は、計算資源の整備を進める。大学及び新興企業の利用を支援する。"
    wrapped = "\n".join(japanese[i : i + 7] for i in range(0, len(japanese), 7))
    assert (
        normalize_markdown(wrapped)
        == normalize_markdown(japanese)
        == ("政府は、計算資源の整備を進める。\n大学及び新興企業の利用を支援する。\n")
    )


def test_spaces_where_japanese_meets_latin_text_are_kept() -> None:
    assert normalize_markdown("# 第2章 AI開発力の強化\n") == "# 第2章 AI開発力の強化\n"
    assert normalize_markdown("The plan uses AI 基盤 models.") == "The plan uses AI 基盤 models.\n"
    # in list items and table cells too; runs of spaces still fold to one
    assert normalize_markdown("- 政府は  AI 基盤を整備する。\n") == "- 政府は AI 基盤を整備する。\n"
    table = "| 施策 | 予算 |\n|---|---|\n| AI 基盤 | 100 億円 |\n"
    assert normalize_markdown(table) == "| 施策 | 予算 |\n| --- | --- |\n| AI 基盤 | 100 億円 |\n"
    # the same from HTML and plain text
    html = "<html><body><h1>第2章 AI開発力の強化</h1><p>The plan uses AI 基盤 models.</p></body></html>"
    assert ingest_bytes(html.encode(), "plan.html").text == (
        "# 第2章 AI開発力の強化\n\nThe plan uses AI 基盤 models.\n"
    )


def test_line_breaks_join_by_the_characters_around_them() -> None:
    # a break next to Japanese joins without a space, between Latin words with one
    assert normalize_markdown("政府は\nAI 基盤を\n整備する。\n") == "政府はAI 基盤を整備する。\n"
    assert normalize_markdown("The plan uses\nAI 基盤 models.") == "The plan uses AI 基盤 models.\n"
    # after a Latin stop the break keeps a space, so the sentence boundary survives
    assert normalize_markdown('He said "AI."\n政府は推進する。') == 'He said "AI."\n政府は推進する。\n'
    # the documented limit: a wrap exactly on a space at a Japanese/Latin boundary loses it
    assert normalize_markdown("The plan uses AI\n基盤 models.") == "The plan uses AI基盤 models.\n"


def test_a_trailing_hash_in_a_heading_is_kept() -> None:
    text = normalize_markdown("# Item \\#\n")
    assert text == "# Item \\#\n" and normalize_markdown(text) == text


def test_sentence_lines_that_look_like_markup_are_escaped_and_stable() -> None:
    text = normalize_markdown("Targets rise in 2030. 1. This is not a list. # Nor a heading.\n")
    assert text == "Targets rise in 2030.\n1\\. This is not a list.\n\\# Nor a heading.\n"
    assert normalize_markdown(text) == text


def test_full_width_characters_fold_in_markdown() -> None:
    text = normalize_markdown("## ＡＩ基本計画\n\n予算は１，０００億円とする（２０２６年度）。\n")
    assert text == "## AI基本計画\n\n予算は1,000億円とする（2026年度）。\n"


# --- Plain text and encodings ---------------------------------------------------------------------------

JAPANESE_PLAN = (
    "人工知能基本計画\n\n"
    "第1章　基本的な考え方\n"
    "政府は、人工知能の研究開発を推進し、その成果を社会に実装する。"
    "必要な予算を確保する！\n\n"
    "・データ基盤の整備\n"
    "・人材の育成\n"
    "（１）計算資源の確保\n\n"
    "第2章　推進体制\n"
    "関係府省は連携して施策を実施する。\n"
)


@pytest.mark.parametrize("encoding", ["shift_jis", "cp932", "euc_jp", "utf-8", "utf-16"])
def test_japanese_text_in_legacy_encodings(encoding: str) -> None:
    result = ingest_bytes(JAPANESE_PLAN.encode(encoding), "plan.txt")
    assert result.language == "ja"
    assert result.format == "text"
    assert result.title == "人工知能基本計画"
    assert result.text == (
        "# 人工知能基本計画\n\n"
        "## 第1章 基本的な考え方\n\n"
        "政府は、人工知能の研究開発を推進し、その成果を社会に実装する。\n必要な予算を確保する！\n\n"
        "- データ基盤の整備\n- 人材の育成\n- （1）計算資源の確保\n\n"
        "## 第2章 推進体制\n\n"
        "関係府省は連携して施策を実施する。\n"
    )
    _stable(result)


def test_cp1252_text_with_curly_quotes() -> None:
    source = (
        "The Ministry\u2019s \u201cAI for all\u201d programme will start in 2027. "
        "It covers schools, hospitals and courts.\n"
    ) * 3
    result = ingest_bytes(source.encode("cp1252"), "note.txt")
    assert (
        "The Ministry\u2019s \u201cAI for all\u201d programme will start in 2027." in result.text.splitlines()
    )
    _stable(result)


def test_plain_text_headings_lists_and_hyphenation() -> None:
    source = (
        "1. Introduction\n\n"
        "The strategy sets out how the Government will sup-\n"
        "port research. Data sharing across agencies is a long-\n"
        "term aim; long-term funding follows.\n\n"
        "1.2 Compute\n\n"
        "- Expand national supercomputers.\n"
        "- Fund regional centres. Start in 2026.\n\n"
        "Chapter 3\n\n"
        "12\n\n"
        "(a) first measure\n(b) second measure\n"
    )
    result = ingest_bytes(source.encode(), "strategy.txt")
    assert result.text == (
        "## 1. Introduction\n\n"
        "The strategy sets out how the Government will support research.\n"
        "Data sharing across agencies is a long-term aim; long-term funding follows.\n\n"
        "### 1.2 Compute\n\n"
        "- Expand national supercomputers.\n"
        "- Fund regional centres.\n  Start in 2026.\n\n"
        "## Chapter 3\n\n"
        "- (a) first measure\n- (b) second measure\n"
    )
    _stable(result)


def test_unwrapped_text_keeps_one_paragraph_per_line() -> None:
    line = (
        "The agency will publish guidance on model evaluation and will consult industry before it does so. "
    )
    source = f"{line * 2}\n{line * 3}\n"
    result = ingest_bytes(source.encode(), "release.txt")
    assert result.text.count("\n\n") == 1  # two paragraphs, not one


# --- HTML -----------------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>Plan page</title>
<style>body {{ color: red }}</style><script>var tracking = 1;</script></head>
<body>
<nav><ul><li>Home</li><li>About</li></ul></nav>
<header>Ministry website</header>
<main>
<h1>National AI Plan</h1>
<p>The Government will invest in compute. It will publish
a progress report, e.g. every year.<br>Reviews follow.</p>
<h2>2.1 Talent</h2>
<ol start="3"><li>Fund 500 fellowships. Start in 2026.</li>
<li>Train civil servants<ul><li>in ministries</li><li>in regions</li></ul></li></ol>
<table><thead><tr><th>Measure</th><th>Budget</th></tr></thead>
<tbody><tr><td>Compute | storage</td><td>1 trillion yen</td></tr></tbody></table>
<blockquote><p>Quoted text. Second part.</p></blockquote>
<div>Loose text <em>in</em> a div.<p>A paragraph inside.</p></div>
<p hidden>Hidden text</p><p style="display: none">Also hidden</p>
<p>{extra}</p>
</main>
<footer>Copyright notice</footer>
</body></html>"""


def test_html_structure_and_furniture() -> None:
    page = HTML_PAGE.format(charset="utf-8", extra="")
    result = ingest_bytes(page.encode(), "page.html")
    assert result.format == "html" and result.extension == "html"
    assert result.title == "National AI Plan"
    assert result.text == (
        "# National AI Plan\n\n"
        "The Government will invest in compute.\n"
        "It will publish a progress report, e.g. every year.\n"
        "Reviews follow.\n\n"
        "## 2.1 Talent\n\n"
        "3. Fund 500 fellowships.\n   Start in 2026.\n"
        "4. Train civil servants\n   - in ministries\n   - in regions\n\n"
        "| Measure | Budget |\n| --- | --- |\n| Compute \\| storage | 1 trillion yen |\n\n"
        "> Quoted text.\n> Second part.\n\n"
        "Loose text in a div.\n\n"
        "A paragraph inside.\n"
    )
    _stable(result)


def test_html_in_shift_jis_with_meta_charset() -> None:
    page = HTML_PAGE.format(charset="Shift_JIS", extra="政府は、人工知能の利活用を推進する。予算を確保する。")
    result = ingest_bytes(page.encode("shift_jis"), "page.htm")
    assert "政府は、人工知能の利活用を推進する。\n予算を確保する。\n" in result.text


def test_html_without_main_uses_the_body_and_drops_page_furniture() -> None:
    page = (
        "<html><body><header>Site</header><nav>Menu</nav><h1>Title</h1><p>Text here.</p>"
        "<aside>Related links</aside><footer>Footer</footer></body></html>"
    )
    assert ingest_bytes(page.encode(), "p.html").text == "# Title\n\nText here.\n"


# --- DOCX -----------------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    document = Document()
    document.core_properties.title = "Properties title"
    document.add_heading("AI Promotion Plan", 0)
    document.add_heading("1. Purpose", 1)
    document.add_paragraph("The Government will promote AI. It will do so, e.g. through grants.")
    document.add_paragraph("Open data portals. Keep them current.", style="List Bullet")
    document.add_paragraph("Shared compute", style="List Bullet")
    document.add_paragraph("Nested detail", style="List Bullet 2")
    document.add_paragraph("Draft the guideline", style="List Number")
    document.add_paragraph("Consult the public", style="List Number")
    document.add_heading("1.1 Budget", 2)
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("Item", "Year", "Amount")):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "Compute"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "merged cell"
    document.add_heading("第2章　推進体制", 1)
    document.add_paragraph("政府は、AIの研究開発を推進する。必要に応じて見直す。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_headings_lists_tables() -> None:
    result = ingest_bytes(_docx_bytes(), "plan.docx")
    assert result.format == "docx" and result.extension == "docx"
    assert result.title == "AI Promotion Plan"
    assert result.text == (
        "# AI Promotion Plan\n\n"
        "## 1. Purpose\n\n"
        "The Government will promote AI.\nIt will do so, e.g. through grants.\n\n"
        "- Open data portals.\n  Keep them current.\n"
        "- Shared compute\n"
        "- Nested detail\n\n"
        "1. Draft the guideline\n2. Consult the public\n\n"
        "### 1.1 Budget\n\n"
        "| Item | Year | Amount |\n| --- | --- | --- |\n| Compute | merged cell | |\n\n"
        "## 第2章 推進体制\n\n"
        "政府は、AIの研究開発を推進する。\n必要に応じて見直す。\n"
    )
    _stable(result)


def test_docx_found_from_content_whatever_the_name() -> None:
    assert ingest_bytes(_docx_bytes(), "download.bin").format == "docx"


# --- PDF ------------------------------------------------------------------------------------------------

_BODY = [
    [
        "The Government will invest in compute infra-",
        "structure by 2030. It will also support cross-",
        "border research; cross-border data flows matter.",
        "",
        "A second paragraph starts here and it",
        "continues on the next line.",
    ],
    [
        "Talent programmes will train engineers in",
        "universities, e.g. through fellowships.",
        "",
        "1.1 Data centres",
        "Data centres will be built in three regions.",
    ],
    [
        "Chapter 3",
        "The plan is reviewed every year.",
    ],
]


def _pdf_bytes(encrypt: object = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    pdf.setTitle("Metadata title")
    for number, lines in enumerate(_BODY, start=1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, 810, "Draft AI Plan (consultation version)")
        y = 760
        if number == 1:
            pdf.setFont("Helvetica-Bold", 22)
            pdf.drawString(72, 780, "National AI Plan")
        if number < 3:
            pdf.setFont("Helvetica-Bold", 15)
            pdf.drawString(72, 750, f"{number}. Section {number}")
            y = 725
        pdf.setFont("Helvetica", 11)
        for line in lines:
            if line:
                pdf.drawString(72, y, line)
            y -= 14
        pdf.setFont("Helvetica", 8)
        pdf.drawString(290, 40, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_headings_paragraphs_headers_and_hyphenation() -> None:
    result = ingest_bytes(_pdf_bytes(), "plan.pdf")
    assert result.format == "pdf" and result.extension == "pdf"
    assert result.title == "National AI Plan"
    assert result.text == (
        "# National AI Plan\n\n"
        "## 1. Section 1\n\n"
        "The Government will invest in compute infrastructure by 2030.\n"
        "It will also support cross-border research; cross-border data flows matter.\n\n"
        "A second paragraph starts here and it continues on the next line.\n\n"
        "## 2. Section 2\n\n"
        "Talent programmes will train engineers in universities, e.g. through fellowships.\n\n"
        "### 1.1 Data centres\n\n"
        "Data centres will be built in three regions.\n\n"
        "## Chapter 3\n\n"
        "The plan is reviewed every year.\n"
    )
    _stable(result)


def test_pdf_encrypted_without_a_user_password_is_read() -> None:
    locked = _pdf_bytes(encrypt=StandardEncryption("", ownerPassword="owner-secret", canPrint=0))
    assert b"/Encrypt" in locked
    assert ingest_bytes(locked, "plan.pdf").text == ingest_bytes(_pdf_bytes(), "plan.pdf").text


def test_japanese_pdf() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setFont("HeiseiMin-W3", 11)
    pdf.drawString(72, 760, "第1章 総論")
    pdf.drawString(72, 730, "政府は、人工知能の研究開発を推進す")
    pdf.drawString(72, 716, "る。予算を確保する。")
    pdf.save()
    result = ingest_bytes(buffer.getvalue(), "ja.pdf")
    assert result.language == "ja"
    assert result.text == "## 第1章 総論\n\n政府は、人工知能の研究開発を推進する。\n予算を確保する。\n"


# --- Detection, determinism, files ----------------------------------------------------------------------


def test_format_comes_from_content_not_the_extension() -> None:
    assert ingest_bytes(b"<html><body><p>An error page.</p></body></html>", "plan.pdf").format == "html"
    assert ingest_bytes(b"# Title\n\n- one\n- two\n", "README").format == "markdown"
    assert ingest_bytes(b"Just a note. Nothing more.\n", "").format == "text"
    assert ingest_bytes(_pdf_bytes(), "plan.docx").format == "pdf"


def test_given_language_is_kept() -> None:
    assert ingest_bytes(b"Just a note. Nothing more.\n", "a.txt", language="en").language == "en"


def test_same_input_gives_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx_bytes())
    assert ingest_file(path) == ingest_file(path)
    assert ingest_bytes(_pdf_bytes(), "a.pdf") == ingest_bytes(_pdf_bytes(), "a.pdf")
    assert NORMALIZER_VERSION


REAL_SAMPLES = [
    "eu/ai-act/2023-06-14-ep-amendments-P9_TA-2023-0236.md",  # about 100,000 words
    "us/eo-14110-safe-secure-trustworthy-ai/2023-10-30-whitehouse-release.txt",
]


@pytest.mark.parametrize("relative", REAL_SAMPLES)
def test_real_documents_are_stable(relative: str, shared_dir: Path) -> None:
    """Ingesting a normalized real text again changes nothing (its speed is bench/bench_ingest.py's)."""
    path = shared_dir / "realdocs" / relative
    result = ingest_file(path)
    assert normalize_markdown(result.text, result.language) == result.text, path.name
    assert len(result.text.splitlines()) > 100
