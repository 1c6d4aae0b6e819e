"""Compare two files: each read as `tracker.ingest.files.read_file` reads it, then diffed as texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.diff import DiffReport, Side, diff_texts
from tracker.ingest.files import read_file

__all__ = ["diff_files"]


def diff_files(before: Path, after: Path, *, language: str | None = None, lexicon: Any = None) -> DiffReport:
    """Compare two files of any supported format (see `read_file` for how each is read)."""
    old, new = read_file(before, language), read_file(after, language)
    lang = language or (new.language if new.text.strip() else old.language)
    return diff_texts(
        old.text,
        new.text,
        before_side=Side(str(before)),
        after_side=Side(str(after)),
        language=lang,
        lexicon=lexicon,
        normalized=old.normalized and new.normalized,
    )
