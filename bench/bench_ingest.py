"""Ingestion timings: normalize the real 100,000-word document and each generated format.

Run: python bench/bench_ingest.py   (reads ../shared/realdocs when present; prints figures, asserts nothing)
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from docx import Document
from reportlab.pdfgen import canvas
from shared_folder import shared_dir  # bench/shared_folder.py (bench/ is sys.path[0])

from tracker.ingest import ingest_bytes, normalize_markdown
from tracker.sentences import split_sentences

REALDOCS = shared_dir() / "realdocs"
PARAGRAPH = (
    "The Government will expand shared compute for universities, e.g. through regional centres. "
    "Funding rises by 1.5% a year under Art. 5 of the plan. 政府は、計算資源の整備を進める。"
)


def _best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _docx(paragraphs: int) -> bytes:
    document = Document()
    for number in range(paragraphs):
        if number % 20 == 0:
            document.add_heading(f"{number // 20 + 1}. Section", 1)
        document.add_paragraph(PARAGRAPH)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for page in range(pages):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, 810, "Running header")
        pdf.setFont("Helvetica", 10)
        for line in range(50):
            pdf.drawString(72, 780 - line * 14, f"Line {line} of page {page} says the plan will be reviewed.")
        pdf.drawString(290, 30, str(page + 1))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def main() -> None:
    real = REALDOCS / "eu/ai-act/2023-06-14-ep-amendments-P9_TA-2023-0236.md"
    if real.exists():
        text = real.read_text(encoding="utf-8")
        words = len(text.split())
        seconds = _best_of(3, lambda: normalize_markdown(text))
        print(f"normalize_markdown, {real.name} ({words:,} words): {seconds:.2f} s (best of 3)")
        normalized = normalize_markdown(text)
        again = _best_of(3, lambda: normalize_markdown(normalized))
        stable = normalize_markdown(normalized) == normalized
        print(f"normalize_markdown of its own output: {again:.2f} s; idempotent: {stable}")
    synthetic = " ".join([PARAGRAPH] * 4000)
    seconds = _best_of(3, lambda: split_sentences(synthetic))
    print(f"split_sentences, {len(synthetic.split()):,} words: {seconds:.2f} s")
    html = (
        "<html><body>"
        + "".join(f"<h2>{n}. Part</h2><p>{PARAGRAPH}</p>" for n in range(2000))
        + "</body></html>"
    )
    for label, data, name in (
        ("HTML, 2,000 sections", html.encode(), "page.html"),
        ("DOCX, 2,000 paragraphs", _docx(2000), "plan.docx"),
        ("PDF, 40 pages", _pdf(40), "plan.pdf"),
    ):
        seconds = _best_of(3, lambda data=data, name=name: ingest_bytes(data, name))
        print(f"ingest_bytes, {label} ({len(data) / 1024:,.0f} KiB): {seconds:.2f} s")


if __name__ == "__main__":
    main()
