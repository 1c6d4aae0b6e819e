"""The site model: everything the pages need, gathered once, immutable, then written.

Gathering (corpus + differ) and writing (templates, feeds, JSON) are separate steps,
as in mkdocs and pelican, so a page can be fingerprinted by the model data it shows
and rewritten only when that data changes. Full reports stay on disk (ReportStore);
the model carries only small digests of them.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from tracker.corpus.model import DOCUMENT_FIELDS
from tracker.site import paths
from tracker.site.chart import SparseStats


@dataclass(frozen=True)
class ChangeDigest:
    """One commitment change, shortened for lists (home, theme pages, feeds, CSV)."""

    anchor: str
    kinds: tuple[str, ...]
    text: str
    before_text: str | None
    after_text: str | None
    section: tuple[str, ...]
    themes: tuple[str, ...]
    evidence: tuple[str, ...]
    strength_before: str | None
    strength_after: str | None
    actor: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "anchor": self.anchor,
            "kinds": list(self.kinds),
            "text": self.text,
            "before_text": self.before_text,
            "after_text": self.after_text,
            "section": list(self.section),
            "themes": list(self.themes),
            "evidence": list(self.evidence),
            "strength_before": self.strength_before,
            "strength_after": self.strength_after,
            "actor": self.actor,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChangeDigest:
        return cls(
            anchor=data["anchor"],
            kinds=tuple(data["kinds"]),
            text=data["text"],
            before_text=data.get("before_text"),
            after_text=data.get("after_text"),
            section=tuple(data.get("section", ())),
            themes=tuple(data.get("themes", ())),
            evidence=tuple(data.get("evidence", ())),
            strength_before=data.get("strength_before"),
            strength_after=data.get("strength_after"),
            actor=data.get("actor"),
        )


#: The keys every change record of a digest has (a digest file missing one is not trusted).
_CHANGE_KEYS = ("anchor", "kinds", "text")


@dataclass(frozen=True)
class ReportDigest:
    """What lists and charts need from one tracker.diff/1 report (kept in the build state).

    Its changes are kept as records (`ChangeDigest.to_dict()`) and made into ChangeDigest
    objects only when asked for: a rebuild after one new revision reads every document's
    digests, but lists the changes of few of them (the newest, and the changed document's).
    """

    summary: tuple[tuple[str, int], ...]
    themes_after: tuple[tuple[str, float], ...]
    themes_before: tuple[tuple[str, float], ...]
    change_records: Sequence[Mapping[str, Any]]  # a tuple, or kept records read when first asked for
    commitments_after: int
    commitments_analysed: bool
    text_changed: bool
    shifts: tuple[tuple[str, str], ...] = ()  # the report's theme shifts: (falling, rising)

    @functools.cached_property
    def changes(self) -> tuple[ChangeDigest, ...]:
        return tuple(ChangeDigest.from_dict(c) for c in self.change_records)

    @property
    def change_count(self) -> int:
        return sum(count for _, count in self.summary)

    def summary_line(self) -> str:
        """'2 weakened, 1 target changed, 3 added' (largest first, then by kind order)."""
        parts = [(count, i, kind) for i, (kind, count) in enumerate(self.summary) if count]
        parts.sort(key=lambda item: (-item[0], item[1]))
        if not parts:
            return "no commitment changes" if self.text_changed else "no text changes"
        return ", ".join(f"{count} {kind.replace('_', ' ')}" for count, _, kind in parts)

    @functools.cached_property
    def weights(self) -> dict[str, float]:
        """Theme weights after the change, by theme (read, never changed)."""
        return dict(self.themes_after)

    def weight(self, theme: str) -> float:
        return self.weights.get(theme, 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": [list(item) for item in self.summary],
            "themes_after": [list(item) for item in self.themes_after],
            "themes_before": [list(item) for item in self.themes_before],
            "changes": list(self.change_records),
            "commitments_after": self.commitments_after,
            "commitments_analysed": self.commitments_analysed,
            "text_changed": self.text_changed,
            "shifts": [list(item) for item in self.shifts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportDigest:
        records = tuple(data["changes"])
        for record in records:
            if not isinstance(record, dict) or any(key not in record for key in _CHANGE_KEYS):
                raise ValueError("a change record of the digest is incomplete")
        return cls(
            summary=tuple((str(k), int(v)) for k, v in data["summary"]),
            themes_after=tuple((str(k), float(v)) for k, v in data["themes_after"]),
            themes_before=tuple((str(k), float(v)) for k, v in data["themes_before"]),
            change_records=records,
            commitments_after=int(data["commitments_after"]),
            commitments_analysed=bool(data["commitments_analysed"]),
            text_changed=bool(data["text_changed"]),
            shifts=tuple((str(f), str(r)) for f, r in data["shifts"]),
        )


@dataclass(frozen=True)
class RevisionEntry:
    """One shown (non-technical) revision of a document, with the report against its predecessor."""

    doc_id: str
    slug: str
    number: int  # 1-based among shown revisions
    ref: str
    date: datetime.date
    label: str
    status: str
    commit: str
    source_sha256: str
    source_ext: str
    source_url: str | None
    report_key: str  # cache key of the report against the previous revision (or empty text)
    compare_key: str | None  # cache key of the report against the first revision (None for 1 and 2)
    previous_slug: str | None
    digest: ReportDigest

    @property
    def is_first(self) -> bool:
        return self.previous_slug is None

    @property
    def page(self) -> str:
        return paths.revision_page(self.doc_id, self.slug)

    def meta(self) -> dict[str, Any]:
        """The facts about a revision that pages print around it (for fingerprints and JSON)."""
        return {
            "slug": self.slug,
            "number": self.number,
            "ref": self.ref,
            "date": self.date.isoformat(),
            "label": self.label,
            "status": self.status,
            "commit": self.commit,
            "source_sha256": self.source_sha256,
            "source_ext": self.source_ext,
            "source_url": self.source_url,
            "previous": self.previous_slug,
        }


@dataclass(frozen=True)
class DocumentEntry:
    """A document and its shown timeline (oldest first)."""

    id: str
    title: str
    jurisdiction: str
    language: str
    issuer: str | None
    series: str | None
    illustrative: bool
    source_url: str | None
    revisions: tuple[RevisionEntry, ...]
    commitments_key: str | None = None  # report of the latest text against empty: every commitment in force
    warnings: tuple[str, ...] = ()

    @property
    def page(self) -> str:
        return paths.document_page(self.id)

    @property
    def latest(self) -> RevisionEntry | None:
        return self.revisions[-1] if self.revisions else None

    @property
    def first(self) -> RevisionEntry | None:
        return self.revisions[0] if self.revisions else None

    @functools.cached_property
    def carried_themes(self) -> frozenset[str]:
        """The themes with a weight in at least one revision (asked once per theme page)."""
        return frozenset(
            theme for rev in self.revisions for theme, weight in rev.digest.themes_after if weight
        )

    @functools.cached_property
    def dated_weights(self) -> tuple[tuple[datetime.date, Mapping[str, float]], ...]:
        """Each revision's date and theme weights (every theme page's chart reads them)."""
        return tuple((rev.date, rev.digest.weights) for rev in self.revisions)

    @functools.cached_property
    def revision_dates(self) -> frozenset[datetime.date]:
        return frozenset(rev.date for rev in self.revisions)

    @functools.cached_property
    def theme_stats(self) -> dict[str, SparseStats]:
        """Per carried theme, what ranking its series on the theme page's chart needs (its
        points: date -> weight), made once and kept with the entry between builds."""
        return {
            theme: SparseStats.of({date: w.get(theme, 0.0) for date, w in self.dated_weights})
            for theme in sorted(self.carried_themes)
        }

    @functools.cached_property
    def theme_ids(self) -> frozenset[str]:
        """Every theme its reports name, with a weight or not (the site lists the lexicon's
        themes and these)."""
        return frozenset(
            theme for rev in self.revisions for theme, _ in rev.digest.themes_after + rev.digest.themes_before
        )

    def revision(self, slug: str) -> RevisionEntry:
        for rev in self.revisions:
            if rev.slug == slug:
                return rev
        raise KeyError(slug)

    def meta(self) -> dict[str, Any]:
        """The document's facts, as `Document.to_dict` gives them (for fingerprints and JSON)."""
        return {name: getattr(self, name) for name in DOCUMENT_FIELDS}


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    label: str


@dataclass(frozen=True)
class SiteModel:
    """The whole site's data, complete before the first byte is written."""

    title: str
    base_url: str | None
    language: str
    documents: tuple[DocumentEntry, ...]
    themes: tuple[ThemeInfo, ...]
    version: str
    warnings: tuple[str, ...] = field(default=())

    def document(self, doc_id: str) -> DocumentEntry:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def theme_labels(self) -> dict[str, str]:
        """Each theme's label by id (the first theme of an id wins, as in theme_label)."""
        labels: dict[str, str] = {}
        for theme in self.themes:
            labels.setdefault(theme.id, theme.label)
        return labels

    def theme_label(self, theme_id: str) -> str:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme.label
        return humanize_theme(theme_id)

    def chrome(self) -> dict[str, Any]:
        """What every page shows regardless of its content (title, base URL, version)."""
        return {
            "title": self.title,
            "base_url": self.base_url,
            "language": self.language,
            "version": self.version,
        }


def humanize_theme(theme_id: str) -> str:
    """'sovereign-ai' -> 'Sovereign AI' for themes whose lexicon gives no label."""
    words = theme_id.replace("_", "-").split("-")
    acronyms = {"ai": "AI", "ml": "ML", "r&d": "R&D", "it": "IT", "eu": "EU"}
    return " ".join(acronyms.get(w.lower(), w.capitalize()) for w in words if w)


def fingerprint(*parts: Any) -> str:
    """A stable hash of JSON-able data: what a page shows decides whether it is rewritten."""
    blob = orjson.dumps(parts, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha256(blob).hexdigest()
