"""The shape every report takes: what matters first, then the rest by section, bulk edits counted.

Renderers differ in markup only; which change goes where is decided here, once:

- `top`: the changes of highest significance (`--top N`, 10 by default);
- `groups`: the other changes, grouped by the article or top-level section they stand in, in
  document order; without `--all` each group lists its PER_GROUP highest changes and counts the rest;
- `collapsed`: moves, renumbering and rewording (changes of form, not substance), one counted
  line per kind, unless `--all` lists them in their groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.diff.report import CommitmentChange, CommitmentView, DiffReport
from tracker.diff.significance import FORM_KINDS

DEFAULT_TOP = 10
#: Changes listed per section group when not every change is asked for (`--all`).
PER_GROUP = 3

#: A heading that is a unit of its own for grouping: an article, an annex, a recital, 第N条.
_ARTICLE_LEVEL = re.compile(
    r"^\s*(?:article|art\.|annex|appendix|recitals?)\b|^\s*第[0-9０-９一二三四五六七八九十百千]+条",
    re.IGNORECASE,
)


#: A recital, grouped with the other recitals.
_RECITAL = re.compile(r"^\s*recitals?\b", re.IGNORECASE)
#: The part of a heading that names a subdivision of an article ("Article 41 — paragraph 2"):
#: the terms of legislative drafting (paragraph, subparagraph, point, indent).
_SUBDIVISION = re.compile(
    r"\s*[—–-]\s*(?:paragraph|subparagraph|point|indent|introductory part)\b.*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Numbered:
    """A change with its number: its position in the report, 1-based (the JSON's index + 1)."""

    number: int
    change: CommitmentChange


@dataclass(frozen=True)
class SectionGroup:
    """The changes of one article or top-level section; `hidden` more are counted, not listed."""

    title: str
    listed: tuple[Numbered, ...]
    hidden: int
    counts: tuple[tuple[str, int], ...]  # (kind, how many), in the order of KIND_ORDER


@dataclass(frozen=True)
class Outline:
    top: tuple[Numbered, ...]
    groups: tuple[SectionGroup, ...]
    collapsed: tuple[tuple[str, int], ...]  # (kind, how many) of changes of form not listed
    every: bool


def is_form_only(change: CommitmentChange) -> bool:
    """A move, renumbering or rewording, and nothing of substance."""
    return all(kind in FORM_KINDS for kind in change.kinds)


def outline(report: DiffReport, *, top: int = DEFAULT_TOP, every: bool = False) -> Outline:
    """Where each change of `report` goes (see the module docstring)."""
    numbered = [Numbered(n, c) for n, c in enumerate(report.changes, 1)]
    shown = numbered if every else [x for x in numbered if not is_form_only(x.change)]
    leading = sorted(shown, key=_by_significance)[: max(0, top)]
    lead_numbers = {x.number for x in leading}
    titles = _TitleStrip(report.changes)
    grouped: dict[tuple[str, ...], list[Numbered]] = {}
    for x in shown:
        if x.number not in lead_numbers:
            grouped.setdefault(titles.group(x.change), []).append(x)
    groups = []
    for key, members in grouped.items():
        listed = members if every else sorted(members, key=_by_significance)[:PER_GROUP]
        listed = sorted(listed, key=lambda x: x.number)
        title = " > ".join(key) if key else "(start of document)"
        if all(x.change.after is None for x in members):
            title += " (earlier version)"  # only removals: the heading is the earlier version's
        groups.append(
            SectionGroup(
                title=title,
                listed=tuple(listed),
                hidden=len(members) - len(listed),
                counts=kind_counts(x.change for x in members),
            )
        )
    collapsed: list[tuple[str, int]] = []
    if not every:
        form = [x.change for x in numbered if is_form_only(x.change)]
        collapsed = [(kind, n) for kind, n in kind_counts(form)]
    return Outline(tuple(leading), tuple(groups), tuple(collapsed), every)


def _by_significance(item: Numbered) -> tuple[int, int]:
    """Highest significance first; equal scores in report order."""
    return (-item.change.significance, item.number)


KIND_ORDER = (
    "removed", "weakened", "narrowed", "added", "strengthened", "target_changed", "actor_changed",
    "moved", "renumbered", "reworded",
)


def kind_counts(changes: Iterable[CommitmentChange]) -> tuple[tuple[str, int], ...]:
    """How many changes have each kind, in KIND_ORDER (then any other kind by name)."""
    counts: dict[str, int] = {}
    for change in changes:
        for kind in change.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    return tuple(sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


class _TitleStrip:
    """Groups by the article-level heading of a path, leaving out each side's document title.

    A document title is the first heading when every section path of that side starts with it
    (and goes deeper); repeating it on every group would say nothing.
    """

    def __init__(self, changes: Sequence[CommitmentChange]) -> None:
        self.titles = {
            "before": _shared_first([c.before for c in changes]),
            "after": _shared_first([c.after for c in changes]),
        }

    def group(self, change: CommitmentChange) -> tuple[str, ...]:
        side = "after" if change.after is not None else "before"
        view = change.after or change.before
        path = tuple(view.section) if view else ()
        if path and len(path) > 1 and path[0] == self.titles[side]:
            path = path[1:]
        for title in path:
            if _RECITAL.search(title):
                return ("Recitals",)
            if _ARTICLE_LEVEL.search(title):
                return (_SUBDIVISION.sub("", title),)
        return path[:1]


def _shared_first(views: list[CommitmentView | None]) -> str | None:
    present = [v for v in views if v is not None]
    firsts = {v.section[:1] for v in present if len(v.section) > 1}
    short = any(len(v.section) == 1 for v in present)
    if len(firsts) == 1 and not short:
        return next(iter(firsts))[0]
    return None
