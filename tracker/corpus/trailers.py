"""Revision metadata as git trailers: written into each revision's commit message, read back from `git log`.

The commit message is `<doc>: <label> (<date>)`, a blank line, then one trailer per
field. Trailers keep the metadata in the history itself, readable with plain
`git log`, and parseable by git (`%(trailers)`) in one call per document.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

DOCUMENT = "Tracker-Document"
DATE = "Revision-Date"
LABEL = "Revision-Label"
STATUS = "Revision-Status"
TECHNICAL = "Revision-Technical"
TEXT = "Revision-Text"
SOURCE_URL = "Source-URL"
SOURCE_SHA256 = "Source-SHA256"
SOURCE_EXT = "Source-Ext"
NORMALIZER = "Normalizer"


@dataclass(frozen=True)
class RevisionRecord:
    """What one revision commit says about itself, before its place in the timeline is known."""

    doc_id: str
    date: datetime.date
    label: str
    status: str
    source_sha256: str
    source_ext: str
    source_url: str | None
    normalizer: str
    technical: bool
    text_path: str = "text.md"


def commit_message(record: RevisionRecord) -> str:
    subject = f"{record.doc_id}: {record.label} ({record.date.isoformat()})"
    if record.technical:
        subject += " [technical]"
    fields = [
        (DOCUMENT, record.doc_id),
        (DATE, record.date.isoformat()),
        (LABEL, record.label),
        (STATUS, record.status),
        (SOURCE_SHA256, record.source_sha256),
        (SOURCE_EXT, record.source_ext),
        (NORMALIZER, record.normalizer),
    ]
    if record.source_url:
        fields.append((SOURCE_URL, record.source_url))
    if record.technical:
        fields.append((TECHNICAL, "true"))
    if record.text_path != "text.md":
        fields.append((TEXT, record.text_path))
    return subject + "\n\n" + "".join(f"{key}: {value}\n" for key, value in fields)


def parse_trailer_block(block: str) -> dict[str, str]:
    """Parse `Key: value` lines as printed by `%(trailers:only,unfold)`; the last value of a key wins."""
    trailers: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key and " " not in key:
            trailers[key.strip()] = value.strip()
    return trailers


def record_from_trailers(trailers: Mapping[str, str]) -> RevisionRecord | None:
    """The revision a commit records, or None for a commit the tracker did not make."""
    doc_id = trailers.get(DOCUMENT)
    raw_date = trailers.get(DATE)
    if not doc_id or not raw_date:
        return None
    try:
        date = datetime.date.fromisoformat(raw_date)
    except ValueError:
        return None
    return RevisionRecord(
        doc_id=doc_id,
        date=date,
        label=trailers.get(LABEL, ""),
        status=trailers.get(STATUS, "draft"),
        source_sha256=trailers.get(SOURCE_SHA256, ""),
        source_ext=trailers.get(SOURCE_EXT, ""),
        source_url=trailers.get(SOURCE_URL) or None,
        normalizer=trailers.get(NORMALIZER, ""),
        technical=trailers.get(TECHNICAL, "").lower() == "true",
        text_path=trailers.get(TEXT, "text.md"),
    )
