"""Which format a source file is in, decided from its bytes first and its name second.

Watchers receive files with wrong or missing extensions (a ".pdf" that is an HTML
error page, a download called "document"), so magic bytes win over the extension.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from tracker.errors import IngestError
from tracker.regex_cache import compile_regex

FORMATS = ("pdf", "docx", "html", "markdown", "text")
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "markdown": "md", "text": "txt"}

_BINARY_KINDS = (
    (b"\x89PNG", "a PNG image: it needs OCR first"),
    (b"\xff\xd8\xff", "a JPEG image: it needs OCR first"),
    (b"GIF8", "a GIF image: it needs OCR first"),
    (b"II*\x00", "a TIFF image: it needs OCR first"),
    (b"MM\x00*", "a TIFF image: it needs OCR first"),
    (
        b"\xd0\xcf\x11\xe0",
        "a legacy Office file (.doc/.xls) or an encrypted Office document; save it as .docx or PDF",
    ),
    (b"{\\rtf", "an RTF file; save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
)
_HTML_START = compile_regex(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table|ul|ol|article|section)\b",
    re.IGNORECASE | re.DOTALL,
)
_MARKDOWN_SIGNS = compile_regex(
    rb"^(?:#{1,6}\s+\S|={3,}\s*$|-{3,}\s*$|\|.*\|\s*$|[-*+]\s+\S|\d{1,3}\.\s+\S)", re.MULTILINE
)
_TEXT_EXTENSIONS = {
    "txt": "text",
    "text": "text",
    "md": "markdown",
    "markdown": "markdown",
    "mdown": "markdown",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
}


def detect_format(data: bytes, filename: str = "") -> str:
    """One of FORMATS; raises IngestError for empty, binary or unsupported input."""
    name = PurePath(filename).name or "input"
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    for magic, description in _BINARY_KINDS:
        if data.startswith(magic):
            raise IngestError(f"{name}: {description}")
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    if extension in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[extension]
    if extension in ("pdf", "docx"):
        raise IngestError(
            f"{name}: the name says .{extension} but the content is not a {extension.upper()} file"
        )
    if len(_MARKDOWN_SIGNS.findall(data[:65536])) >= 2:
        return "markdown"
    return "text"


def _zip_format(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(f"{name}: a corrupt or truncated ZIP/DOCX file ({exc})") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise IngestError(f"{name}: a spreadsheet (.xlsx), not a text document")
    if "ppt/presentation.xml" in names:
        raise IngestError(f"{name}: a presentation (.pptx); export it as PDF first")
    if "content.xml" in names:
        raise IngestError(f"{name}: an OpenDocument file; save it as .docx or PDF")
    raise IngestError(f"{name}: a ZIP archive that is not a Word document")
