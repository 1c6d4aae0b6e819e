"""Ingestion: every format a watcher receives, turned into normalized Markdown.

Normalized Markdown has ATX headings (numbering kept), one sentence per line, lists
as "- " / "1. " items with further sentences on indented lines, pipe tables, a blank
line between blocks, NFC text with full-width ASCII folded, and a final newline.
It is stable: normalizing it again, or normalizing a re-wrapped copy, gives the
same bytes, so formatting-only revisions diff as nothing. Spaces written inside a
line are kept (also where Japanese meets Latin text); only line breaks are layout
(see tracker.sentences for the joining rule and its known limit).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from tracker.errors import IngestError
from tracker.ingest.decode import decode_text
from tracker.ingest.detect import EXTENSIONS, detect_format
from tracker.language import detect_language
from tracker.regex_cache import compile_regex
from tracker.unicode_norm import normalize_unicode

if TYPE_CHECKING:  # the block model, reader and writer load on first ingest, not with the package:
    # `tracker diff` imports this package to read files, and reads Markdown without them
    from tracker.ingest.blocks import Block

    # What an extractor returns: the blocks, and a title from the file's metadata if any.
    Extraction = tuple[list[Block], str | None]

__all__ = [
    "MAX_INPUT_BYTES", "MAX_SENTENCES", "NORMALIZER_VERSION", "Ingested", "ingest_bytes", "ingest_file",
    "input_limit", "normalize_markdown",
]

# Bump whenever the normalized output of any input changes: the corpus records it per
# revision and re-normalizes old revisions as technical revisions.
NORMALIZER_VERSION = "3"

# Larger inputs are refused rather than risking memory and time on a hostile file: recording,
# diffing and publishing a document cost about 70 MB of memory and 2 s of CPU per MB of its text (a
# 50 MB Markdown file took 160 s and 4.3 GB). Text formats are bounded by their bytes; PDF and DOCX
# files are mostly layout and images, so their text is bounded by MAX_SENTENCES once extracted. The
# largest plans and laws we track (the EU AI Act and its amendments) have under 0.7 MB of text and
# under 7,000 sentences: the limits leave room for documents ten times larger.
_MB = 1024 * 1024
MAX_INPUT_BYTES = {
    "pdf": 100 * _MB, "docx": 50 * _MB, "html": 10 * _MB, "markdown": 5 * _MB, "text": 5 * _MB,
}
MAX_SENTENCES = 100_000

_TITLE_LINE = compile_regex(r"^#{1,6} (.+)$", re.MULTILINE)  # the first heading, of any level
_UNESCAPE = compile_regex(r"\\([!-/:-@\[-`{-~])")  # a title is plain text, not Markdown
_MARKUP = compile_regex(r"^(?:#{1,6} |[-*+] |\d+\. |> |\| )|[*_`|\\]", re.MULTILINE)


@dataclass(frozen=True)
class Ingested:
    text: str  # normalized Markdown, one sentence per line, ends with "\n"
    format: str  # "pdf" | "docx" | "html" | "markdown" | "text"
    extension: str  # canonical extension for sources/: "pdf", "docx", "html", "md", "txt"
    language: str  # detected, or the one given
    title: str | None  # the first heading (of any level), or the document's own metadata title


def _extract_markdown(data: bytes, name: str) -> Extraction:
    from tracker.ingest.markdown import parse_markdown

    return parse_markdown(normalize_unicode(decode_text(data, name))), None


def _extract_text(data: bytes, name: str) -> Extraction:
    from tracker.ingest.plaintext import parse_text  # its structure rules load only for text files

    return parse_text(normalize_unicode(decode_text(data, name))), None


def _extract_html(data: bytes, name: str) -> Extraction:
    from tracker.ingest.html import parse_html

    return parse_html(data, name)


def _extract_docx(data: bytes, name: str) -> Extraction:
    from tracker.ingest.docx import parse_docx

    return parse_docx(data, name)


def _extract_pdf(data: bytes, name: str) -> Extraction:
    from tracker.ingest.pdf import parse_pdf

    return parse_pdf(data, name)


_EXTRACTORS: dict[str, Callable[[bytes, str], Extraction]] = {
    "markdown": _extract_markdown,
    "text": _extract_text,
    "html": _extract_html,
    "docx": _extract_docx,
    "pdf": _extract_pdf,
}


def input_limit(fmt: str | None = None) -> int:
    """The most bytes a source of this format may have (any format: the largest limit)."""
    return MAX_INPUT_BYTES[fmt] if fmt is not None else max(MAX_INPUT_BYTES.values())


def _too_large(name: str, size: int, fmt: str | None = None) -> IngestError:
    kind = f" for a {_KINDS.get(fmt, fmt.upper())} file" if fmt else ""
    return IngestError(
        f"{name}: {size / _MB:.1f} MB, larger than the {input_limit(fmt) // _MB} MB allowed{kind}; "
        "refusing to read it (split the document, or record its PDF or DOCX)"
    )


_KINDS = {"text": "text", "markdown": "Markdown"}


def ingest_bytes(data: bytes, filename: str = "", language: str | None = None) -> Ingested:
    """Normalize a source given as bytes; the format comes from the content, then the file name."""
    name = PurePath(filename).name or "input"
    if len(data) > input_limit():
        raise _too_large(name, len(data))
    fmt = detect_format(data, filename)
    if len(data) > input_limit(fmt):
        raise _too_large(name, len(data), fmt)
    blocks, metadata_title = _EXTRACTORS[fmt](data, name)
    from tracker.ingest.render import render_blocks

    language = language or _detect(blocks)
    text = render_blocks(blocks, language, literal=fmt != "markdown")
    sentences = text.count("\n") - text.count("\n\n")  # one sentence per line, blank lines between blocks
    if sentences > MAX_SENTENCES:
        raise IngestError(
            f"{name}: about {sentences:,} sentences, more than the {MAX_SENTENCES:,} a document may have; "
            "refusing to record it (split the document)"
        )
    if not text.strip():
        kind = _KINDS.get(fmt, fmt.upper())
        raise IngestError(f"{name}: no text found; the {kind} file is empty once markup is removed")
    return Ingested(
        text=text,
        format=fmt,
        extension=EXTENSIONS[fmt],
        language=language,
        title=_title(text) or _clean_title(metadata_title),
    )


def ingest_file(path: Path, language: str | None = None) -> Ingested:
    """Normalize a source file; raises IngestError for anything that is not a readable document."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IngestError(f"{path}: is a folder, not a document")
        size = path.stat().st_size
        if size > input_limit():
            raise _too_large(path.name, size)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise IngestError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return ingest_bytes(data, path.name, language)


def normalize_markdown(text: str, language: str | None = None) -> str:
    """Normalized Markdown for Markdown text; idempotent: f(f(x)) == f(x)."""
    from tracker.ingest.markdown import parse_markdown
    from tracker.ingest.render import render_blocks

    blocks = parse_markdown(normalize_unicode(text))
    return render_blocks(blocks, language or _detect(blocks))


def _detect(blocks: list[Block]) -> str:
    from tracker.ingest.blocks import plain_text

    return detect_language(_MARKUP.sub("", plain_text(blocks)))


def _title(text: str) -> str | None:
    match = _TITLE_LINE.search(text)
    return _UNESCAPE.sub(r"\1", match.group(1)).strip() if match else None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    cleaned = " ".join(normalize_unicode(title).split())
    return cleaned or None
