"""Derived views of the site model: what the home, document and theme pages list and chart.

Pure functions of the SiteModel (no I/O, no templates), so they are tested directly
and each page's fingerprint can be made from exactly what it shows.
"""

from __future__ import annotations

import datetime
import weakref
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.site import paths
from tracker.site.chart import (
    Chart,
    SparseStats,
    build_chart,
    day_number,
    drawn_sparse_by_stats,
    layout_chart,
)
from tracker.site.model import ChangeDigest, DocumentEntry, RevisionEntry, SiteModel

#: Kinds that are a change of substance (a card); "reworded" is shown only in the text.
SUBSTANTIVE = ("added", "removed", "strengthened", "weakened", "target_changed", "actor_changed", "moved")


def substantive(changes: tuple[ChangeDigest, ...]) -> list[ChangeDigest]:
    return [c for c in changes if any(k in SUBSTANTIVE for k in c.kinds)]


@dataclass(frozen=True)
class LatestItem:
    doc: DocumentEntry
    rev: RevisionEntry
    changes: tuple[ChangeDigest, ...]
    more: int


def latest_changes(model: SiteModel, limit: int = 20, per_revision: int = 5) -> list[LatestItem]:
    """The newest revisions that changed commitments (first revisions excluded), newest first.

    Revisions are ordered first and their changes read only until `limit` are found: the
    changes of the rest of the corpus are never made into objects."""
    revisions = [(rev.date, doc.id, rev.number, doc, rev) for doc in model.documents for rev in doc.revisions]
    revisions.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
    items: list[LatestItem] = []
    for _, _, _, doc, rev in revisions:
        if len(items) == limit:
            break
        if rev.is_first:
            continue
        changes = substantive(rev.digest.changes)
        if changes:
            items.append(
                LatestItem(
                    doc=doc,
                    rev=rev,
                    changes=tuple(changes[:per_revision]),
                    more=max(0, len(changes) - per_revision),
                )
            )
    return items


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    name: str
    documents: tuple[DocumentEntry, ...]


def jurisdictions(model: SiteModel) -> list[Jurisdiction]:
    groups: dict[str, list[DocumentEntry]] = defaultdict(list)
    for doc in model.documents:
        groups[doc.jurisdiction].append(doc)
    return [
        Jurisdiction(
            id=paths.safe_segment(name), name=name, documents=tuple(sorted(docs, key=lambda d: d.title))
        )
        for name, docs in sorted(groups.items())
    ]


@dataclass(frozen=True)
class Direction:
    id: str
    label: str
    first: float
    latest: float
    documents: int

    @property
    def delta(self) -> float:
        return self.latest - self.first

    @property
    def direction(self) -> str:
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "steady"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "steady": "→"}[self.direction]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "direction": self.direction,
            "first": self.first,
            "latest": self.latest,
            "documents": self.documents,
        }


_directions_of: tuple[weakref.ref[SiteModel], list[Direction]] | None = None


def directions(model: SiteModel) -> list[Direction]:
    """Each theme's weight summed over documents, first revision against latest.

    The home page, the themes page and api/themes.json all show it: it is computed
    once per model (the last one asked about is remembered)."""
    global _directions_of
    if _directions_of is not None and _directions_of[0]() is model:
        return list(_directions_of[1])
    first: dict[str, float] = defaultdict(float)
    latest: dict[str, float] = defaultdict(float)
    docs: dict[str, int] = defaultdict(int)
    for doc in model.documents:
        if not doc.revisions:
            continue
        for theme, weight in doc.revisions[0].digest.themes_after:
            first[theme] += weight
        for theme, weight in doc.revisions[-1].digest.themes_after:
            latest[theme] += weight
        for theme in carried_themes(doc):
            docs[theme] += 1
    out = [
        Direction(
            id=theme.id,
            label=theme.label,
            first=first.get(theme.id, 0.0),
            latest=latest.get(theme.id, 0.0),
            documents=docs.get(theme.id, 0),
        )
        for theme in model.themes
    ]
    out.sort(key=lambda d: (-abs(d.delta), -d.latest, d.id))
    _directions_of = (weakref.ref(model), out)  # weak: the last build's model is not kept alive
    return list(out)


def carried_themes(doc: DocumentEntry) -> frozenset[str]:
    """The themes with a weight in at least one of a document's revisions."""
    return doc.carried_themes


@dataclass(frozen=True)
class WeightRow:
    id: str
    label: str
    values: tuple[float, ...]


def weight_rows(model: SiteModel, doc: DocumentEntry) -> list[WeightRow]:
    """Per theme, its weight at each revision of a document (themes never present are left out)."""
    rows = []
    for theme in model.themes:
        values = tuple(rev.digest.weight(theme.id) for rev in doc.revisions)
        if any(values):
            rows.append(WeightRow(id=theme.id, label=theme.label, values=values))
    return rows


def document_chart(model: SiteModel, doc: DocumentEntry) -> Chart:
    rows = weight_rows(model, doc)
    return build_chart(
        f"Theme weights of {doc.title} at each revision",
        [rev.date.isoformat() for rev in doc.revisions],
        [(row.label, list(row.values)) for row in rows],
    )


@dataclass(frozen=True)
class ThemeRow:
    doc: DocumentEntry
    rev: RevisionEntry
    weight: float


@dataclass(frozen=True)
class ThemeMove:
    doc: DocumentEntry
    rev: RevisionEntry
    before: float
    after: float
    changes: tuple[ChangeDigest, ...]


@dataclass(frozen=True)
class ThemeView:
    rows: tuple[ThemeRow, ...]
    moves: tuple[ThemeMove, ...]
    chart: Chart
    documents: tuple[DocumentEntry, ...]


def carries_theme(doc: DocumentEntry, theme_id: str) -> bool:
    return theme_id in carried_themes(doc)


def theme_rows(doc: DocumentEntry, theme_id: str) -> list[ThemeRow]:
    """One document's weight on a theme at each of its revisions."""
    return [ThemeRow(doc=doc, rev=r, weight=r.digest.weight(theme_id)) for r in doc.revisions]


def theme_moves(doc: DocumentEntry, theme_id: str) -> list[ThemeMove]:
    """One document's revisions that moved a theme's weight or changed a commitment carrying it."""
    moves = []
    for r in doc.revisions:
        if r.is_first:
            continue
        before = dict(r.digest.themes_before).get(theme_id, 0.0)
        after = dict(r.digest.themes_after).get(theme_id, 0.0)
        changes = tuple(c for c in substantive(r.digest.changes) if theme_id in c.themes)
        if before != after or changes:
            moves.append(ThemeMove(doc=doc, rev=r, before=before, after=after, changes=changes))
    return moves


def move_order(move: ThemeMove) -> tuple[str, str, int]:
    """Moves are listed newest first, across documents (sort with reverse=True)."""
    return (move.rev.date.isoformat(), move.doc.id, move.rev.number)


def theme_chart(model: SiteModel, theme_id: str, docs: list[DocumentEntry]) -> Chart:
    # one series per document with a point at each of its revisions among every date of the
    # corpus: ranked by each document's kept stats, and made (keyed by date) only for the
    # few drawn, so a page over thousands of documents is neither documents x dates nor
    # a dict per document
    def points_of(doc: DocumentEntry) -> Callable[[], dict[datetime.date, float]]:
        return lambda: {date: w.get(theme_id, 0.0) for date, w in doc.dated_weights}

    series = [
        (
            d.title,
            d.theme_stats.get(theme_id) or SparseStats.of(points_of(d)()),
            points_of(d),
        )
        for d in docs
    ]
    dates = sorted(frozenset[datetime.date]().union(*(d.revision_dates for d in docs)))
    return layout_chart(
        f"Weight of {model.theme_label(theme_id)} per document over time",
        [date.isoformat() for date in dates],
        drawn_sparse_by_stats(series, dates),
        x_positions=[day_number(date) for date in dates],
    )


def theme_view(model: SiteModel, theme_id: str) -> ThemeView:
    """Every document's weight on one theme over time, and the revisions that moved it."""
    docs = [d for d in model.documents if carries_theme(d, theme_id)]
    rows = [row for d in docs for row in theme_rows(d, theme_id)]
    moves = [move for d in docs for move in theme_moves(d, theme_id)]
    moves.sort(key=move_order, reverse=True)
    return ThemeView(
        rows=tuple(rows), moves=tuple(moves), chart=theme_chart(model, theme_id, docs), documents=tuple(docs)
    )


def theme_fingerprint_data(model: SiteModel, theme_id: str) -> list[Any]:
    """What a theme page shows, as plain data (for its fingerprint)."""
    data: list[Any] = []
    for d in model.documents:
        weights = [
            (r.slug, r.digest.weight(theme_id), dict(r.digest.themes_before).get(theme_id, 0.0))
            for r in d.revisions
        ]
        if not any(w for _, w, _ in weights):
            continue
        changes = [
            (r.slug, [c.to_dict() for c in r.digest.changes if theme_id in c.themes]) for r in d.revisions
        ]
        data.append([d.meta(), [r.meta() for r in d.revisions], weights, changes])
    return data


def theme_weights(digest_themes: Mapping[str, float]) -> dict[str, float]:
    return {k: v for k, v in sorted(digest_themes.items()) if v}
