"""Narrow a report to the changes a reader asked for: by kind, by strength, by section.

The narrowed report is a DiffReport like any other (every renderer and the JSON read it
as is); its summary counts the changes kept and a note says what was left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

from tracker.diff.report import CommitmentChange, DiffReport


@dataclass(frozen=True)
class ChangeFilter:
    """What to keep: any of `kinds`, at least `min_strength` on a side, `section` in a section path."""

    kinds: Collection[str] = ()
    min_strength: str | None = None
    section: str | None = None

    def __bool__(self) -> bool:
        return bool(self.kinds or self.min_strength or self.section)

    def keeps(self, change: CommitmentChange) -> bool:
        if self.kinds and not set(change.kinds) & set(self.kinds):
            return False
        views = [v for v in (change.before, change.after) if v is not None]
        if self.min_strength:
            from tracker.commitments import strength_rank

            floor = strength_rank(self.min_strength)
            if not any(strength_rank(v.strength or "") >= floor for v in views):
                return False
        if self.section:
            needle = self.section.casefold()
            paths = [v.section for v in views] + ([change.context.section] if change.context else [])
            if not any(needle in " > ".join(path).casefold() for path in paths):
                return False
        return True

    def describe(self) -> str:
        parts = []
        if self.kinds:
            parts.append("kind " + " or ".join(sorted(self.kinds)))
        if self.min_strength:
            parts.append(f"strength at least {self.min_strength}")
        if self.section:
            parts.append(f'section containing "{self.section}"')
        return ", ".join(parts)


def select_changes(report: DiffReport, wanted: ChangeFilter) -> DiffReport:
    """The report with only the changes `wanted` keeps (the same report when nothing is asked)."""
    if not wanted:
        return report
    kept = tuple(c for c in report.changes if wanted.keeps(c))
    note = f"showing {len(kept)} of {len(report.changes)} commitment changes: {wanted.describe()}"
    return dataclasses.replace(report, changes=kept, notes=(*report.notes, note))
