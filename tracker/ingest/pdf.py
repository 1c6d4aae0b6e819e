"""PDF to blocks with pypdf: text with font sizes, running headers/footers and page numbers removed.

pypdf reports each piece of text with its font size and position while it extracts,
which is all that is needed here: font sizes above the body size mark headings,
vertical gaps mark paragraph breaks, and lines repeated at the top or bottom of
most pages are running headers and footers. Numbering patterns ("1.2", "Chapter 3",
"第1章") and hyphenation repair are shared with plain text (structure.py).
"""

from __future__ import annotations

import io
import logging
import math
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from tracker.errors import IngestError
from tracker.ingest.blocks import Block
from tracker.ingest.structure import TextLine, blocks_from_lines, is_page_number
from tracker.regex_cache import compile_regex
from tracker.unicode_norm import normalize_unicode

_DIGITS = compile_regex(r"\d+")
# Lines this close to the top or bottom of a page may be running headers or footers.
_EDGE_LINES = 3
# A paragraph break is a gap this much larger than the usual line spacing.
_PARAGRAPH_GAP = 1.45
# Text this much larger than the body text is a heading.
_HEADING_SIZE_RATIO = 1.12
_MAX_HEADING_LEVELS = 4
# Text this far (in font sizes) above or below the line being read starts a new line; a
# superscript or subscript moves less.
_NEW_LINE_DROP = 0.6


@dataclass(frozen=True)
class _PdfLine:
    text: str
    size: float
    y: float | None


def parse_pdf(data: bytes, name: str) -> tuple[list[Block], str | None]:
    """Blocks of a PDF's text layer and its metadata title; IngestError for broken, locked, scanned files."""
    pages, title = _read_pages(data, name)
    if not any(line.text.strip() for page in pages for line in page):
        raise IngestError(
            f"{name}: the PDF has no text layer (a scanned document?); run OCR on it first (e.g. ocrmypdf)"
        )
    pages = _without_running_lines(pages)
    body_size = _body_size(pages)
    size_levels = _size_levels(pages, body_size)
    lines = _text_lines(pages)
    return blocks_from_lines(lines, size_levels=size_levels, first_line_title=not size_levels), title


def _read_pages(data: bytes, name: str) -> tuple[list[list[_PdfLine]], str | None]:
    logging.getLogger("pypdf").setLevel(
        logging.ERROR
    )  # warnings about sloppy PDFs are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise IngestError(f"{name}: the PDF is encrypted with a password; remove it first")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise IngestError(f"{name}: the PDF is encrypted with a password; remove it first") from exc
            except DependencyError as exc:
                raise IngestError(
                    f"{name}: the PDF is AES-encrypted and needs the 'cryptography' package"
                ) from exc
        pages = [_page_lines(page) for page in reader.pages]
        metadata = reader.metadata
        title = str(metadata.title) if metadata is not None and metadata.title else None
    except IngestError:
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        RecursionError,
        ZeroDivisionError,
    ) as exc:
        # pypdf fails in many ways on damaged files; every one of them means "cannot read this PDF".
        raise IngestError(f"{name}: a corrupt or truncated PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise IngestError(f"{name}: the PDF has no pages")
    return pages, title


def _page_lines(page: object) -> list[_PdfLine]:
    """The lines of one page with the size and height of the text that starts each line."""
    lines: list[_PdfLine] = []
    parts: list[str] = []
    sizes: Counter[float] = Counter()
    first_y: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
                y = tm[5] * cm[3] + cm[5]
                if first_y and abs(y - first_y[0]) > font_size * scale * _NEW_LINE_DROP:
                    _end_line()  # text set lower or higher on the page, with no line break said
                parts.append(piece)
                sizes[round(font_size * scale, 1)] += len(piece.strip())
                if not first_y:
                    first_y.append(y)
            elif piece:
                parts.append(piece)
            if index < len(pieces) - 1:
                _end_line()

    def _end_line() -> None:
        text = "".join(parts)
        if text.strip():
            size = sizes.most_common(1)[0][0] if sizes else 0.0
            lines.append(_PdfLine(normalize_unicode(text).strip(), size, first_y[0] if first_y else None))
        else:
            lines.append(_PdfLine("", 0.0, None))
        parts.clear()
        sizes.clear()
        first_y.clear()

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    _end_line()
    while lines and not lines[-1].text:
        lines.pop()
    return lines


def _edge_key(line: _PdfLine) -> tuple[str, int | None]:
    """Text with digits masked (page numbers vary) and height on the page, for finding repeats."""
    height = None if line.y is None else round(line.y / 6)
    return _DIGITS.sub("#", " ".join(line.text.split())).lower(), height


def _without_running_lines(pages: list[list[_PdfLine]]) -> list[list[_PdfLine]]:
    """Drop page numbers and the lines repeated at the top or bottom of most pages."""
    counts: Counter[tuple[str, int | None]] = Counter()
    for page in pages:
        edge = _edges(page)
        counts.update({_edge_key(page[index]) for index in edge})
    threshold = max(2, math.ceil(len(pages) * 0.5))
    running = {key for key, count in counts.items() if count >= threshold} if len(pages) >= 2 else set()
    cleaned: list[list[_PdfLine]] = []
    for page in pages:
        edge = _edges(page)
        kept = [
            line
            for index, line in enumerate(page)
            if not (index in edge and (_edge_key(line) in running or is_page_number(line.text)))
        ]
        cleaned.append(kept)
    return cleaned


def _edges(page: list[_PdfLine]) -> set[int]:
    filled = [index for index, line in enumerate(page) if line.text]
    reach = min(_EDGE_LINES, max(1, len(filled) // 4))
    return set(filled[:reach]) | set(filled[-reach:])


def _body_size(pages: list[list[_PdfLine]]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page:
            if line.text:
                weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _size_levels(pages: list[list[_PdfLine]], body_size: float) -> dict[float, int]:
    """Heading levels for font sizes clearly above the body size (largest first)."""
    if body_size <= 0:
        return {}
    heading_sizes: Counter[float] = Counter()
    first_page_only: dict[float, bool] = {}
    for number, page in enumerate(pages):
        for line in page:
            if line.text and line.size >= body_size * _HEADING_SIZE_RATIO and len(line.text) <= 100:
                heading_sizes[line.size] += 1
                first_page_only[line.size] = first_page_only.get(line.size, True) and number == 0
    ordered = sorted(heading_sizes, reverse=True)[:_MAX_HEADING_LEVELS]
    if not ordered:
        return {}
    # The largest size is the document title only if it appears on the first page alone.
    first_level = 1 if first_page_only[ordered[0]] else 2
    return {size: min(first_level + rank, 6) for rank, size in enumerate(ordered)}


def _text_lines(pages: list[list[_PdfLine]]) -> list[TextLine]:
    """Lines of all pages, with a paragraph break where the vertical gap is wider than usual."""
    result: list[TextLine] = []
    for page in pages:
        spacing = _line_spacing(page)
        previous: _PdfLine | None = None
        blank = False
        for line in page:
            if not line.text:
                blank = True
                continue
            gap_break = (
                previous is not None
                and previous.y is not None
                and line.y is not None
                and spacing > 0
                and (previous.y - line.y) > spacing * _PARAGRAPH_GAP
            )
            result.append(
                TextLine(line.text, size=line.size, break_before=gap_break or (blank and bool(result)))
            )
            previous, blank = line, False
    return result


def _line_spacing(page: list[_PdfLine]) -> float:
    """The most common distance between consecutive lines (the smaller one on a tie)."""
    gaps = Counter(
        round(above.y - below.y)
        for above, below in zip(page, page[1:], strict=False)
        if above.y is not None and below.y is not None and 0 < above.y - below.y < 100
    )
    if not gaps:
        return 0.0
    return float(min(gaps, key=lambda gap: (-gaps[gap], gap)))
