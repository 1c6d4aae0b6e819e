"""What every planner (pages, feeds, JSON, search) reads: the model and lazy access to the corpus.

Full reports and texts are fetched only when a file that shows them has to be rendered,
which is what keeps an incremental build fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.site.environment import Theme
from tracker.site.model import RevisionEntry, SiteModel


@dataclass(frozen=True)
class BuildInputs:
    model: SiteModel
    theme: Theme
    report: Callable[[str], dict[str, Any]]  # report by cache key
    report_bytes: Callable[[str], bytes]  # the same report as stored: compact UTF-8 JSON
    text: Callable[[str], str]  # normalized text by commit
    source: Callable[[RevisionEntry], Path]  # the untouched original file of a revision
    warn: Callable[[str], None]
    # (document id, changing) -> that document's parts of the corpus-wide files, kept between builds
    memo: Callable[[str, bool], dict[str, Any]] = field(default_factory=lambda: _memo_of({}))
    signatures: dict[str, str] = field(default_factory=dict)  # document id -> what its files show


def _memo_of(data: dict[str, dict[str, Any]]) -> Callable[[str, bool], dict[str, Any]]:
    def memo(doc_id: str, changing: bool = False) -> dict[str, Any]:
        return data.setdefault(doc_id, {})

    return memo
