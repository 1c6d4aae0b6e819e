"""A file's text as the differ takes it: Markdown as written, any other format ingested.

The differ compares two texts and reads no files; this is where a path becomes a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tracker.ingest import ingest_file
from tracker.ingest.decode import decode_text
from tracker.ingest.detect import detect_format

__all__ = ["FileText", "read_file"]


@dataclass(frozen=True)
class FileText:
    """A file's text as the differ reads it.

    `language` is the one given or found while ingesting, else detected from the text on
    first use: a diff takes the language of the newer file, so the older one's is rarely read.
    """

    text: str
    known_language: str | None
    normalized: bool  # one sentence per line (ingested), or as written (Markdown read as is)

    @cached_property
    def language(self) -> str:
        if self.known_language:
            return self.known_language
        from tracker.language import detect_language  # looked up on use: a test may record the calls

        return detect_language(self.text) if self.text.strip() else "und"


def read_file(path: Path, language: str | None = None) -> FileText:
    """A Markdown file as written; any other format (PDF, DOCX, HTML, text) ingested to Markdown.

    Markdown is read as written so that the report's text and line numbers point into the
    user's own file, characters as typed (full-width digits included); comparison keys fold
    width and case anyway. Other formats have no lines a user could point at, so the
    normalized text is what the report shows. Raises IngestError for unreadable input.
    """
    ingested = None
    try:
        data = Path(path).read_bytes()
        fmt = detect_format(data, Path(path).name)
    except OSError:
        ingested = ingest_file(Path(path), language=language)  # says what is wrong, in one line
        fmt = ingested.format
    if fmt == "markdown" and ingested is None:
        text = decode_text(data, Path(path).name)
        if text.strip():
            return FileText(text, language, normalized=False)
    ingested = ingested or ingest_file(Path(path), language=language)
    return FileText(ingested.text, language or ingested.language, normalized=True)
