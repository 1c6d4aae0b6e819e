"""The corpus's read-only results: a document, one of its revisions, the outcome of an add."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Revision:
    """One recorded version of a document: a commit whose trailers say when and what it was."""

    doc_id: str
    index: int  # 1-based position in the timeline, ordered by revision date then commit order
    date: datetime.date
    label: str
    status: str
    commit: str
    source_sha256: str
    source_ext: str
    source_url: str | None
    normalizer: str
    technical: bool
    text_path: str = field(default="text.md", repr=False)  # relative to the document folder
    ref_name: str = field(default="", repr=False, compare=False)  # what follows '@' in `ref`

    @property
    def ref(self) -> str:
        """A stable reference: the date, or the label (else commit prefix) when dates collide."""
        return f"{self.doc_id}@{self.ref_name or self.date.isoformat()}"

    @property
    def short_commit(self) -> str:
        return self.commit[:12]

    def to_dict(self) -> dict[str, Any]:
        """The `tracker log --json` shape (docs/cli-json.md)."""
        return {
            "index": self.index,
            "ref": self.ref,
            "date": self.date.isoformat(),
            "label": self.label,
            "status": self.status,
            "technical": self.technical,
            "commit": self.commit,
            "source_sha256": self.source_sha256,
            "source_ext": self.source_ext,
            "source_url": self.source_url,
            "normalizer": self.normalizer,
        }


#: The document facts that JSON output and the site print, in their order.
DOCUMENT_FIELDS = (
    "id", "title", "jurisdiction", "language", "issuer", "series", "illustrative", "source_url",
)


@dataclass(frozen=True)
class Document:
    """A tracked document as described by its `document.toml`."""

    id: str
    title: str
    jurisdiction: str
    language: str
    issuer: str | None = None
    series: str | None = None
    illustrative: bool = False
    source_url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DOCUMENT_FIELDS}


@dataclass(frozen=True)
class AddResult:
    """What `Corpus.add` did: the new revision, or None when the same text was already recorded."""

    revision: Revision | None
    message: str


@dataclass(frozen=True)
class MetadataResult:
    """What `Corpus.update_metadata` did: the commit and the keys it changed, or None when nothing did."""

    commit: str | None
    changed: list[str]
    message: str
