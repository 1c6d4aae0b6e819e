"""The differ's result: immutable data that every renderer reads, never recomputes.

`DiffReport.to_dict()` is the `tracker.diff/1` JSON contract of DESIGN.md, so the
JSON renderer, the site and scripts all see exactly the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.records import direct_init

SCHEMA = "tracker.diff/1"

#: Change kinds that count as a change of substance, in the order they are summarised.
SCORED_KINDS: tuple[str, ...] = (
    "added",
    "removed",
    "strengthened",
    "weakened",
    "target_changed",
    "actor_changed",
    "moved",
)
#: A same-meaning edit: shown to readers, never counted as a change of substance.
REWORDED = "reworded"

#: One redline piece: ("=" unchanged | "-" deleted | "+" inserted, text).
RedlineOp = tuple[str, str]


@dataclass(frozen=True)
class Side:
    """One side of a diff: a revision reference or a file name, with its date and label."""

    ref: str
    date: str | None = None
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "date": self.date, "label": self.label}


@dataclass(frozen=True)
class TargetView:
    """A typed, normalized target as shown in a report."""

    type: str
    value: float | str
    unit: str | None
    text: str
    bound: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "value": self.value, "unit": self.unit, "text": self.text}
        if self.bound:
            out["bound"] = self.bound
        return out


@dataclass(frozen=True)
class CommitmentView:
    """One side of a commitment change: the sentence, where it stands, and what it commits to."""

    text: str
    section: tuple[str, ...]
    lines: tuple[int, int]
    strength: str | None
    actor: str | None
    targets: tuple[TargetView, ...]
    themes: tuple[str, ...]
    negated: bool = False
    cues: tuple[str, ...] = ()
    #: The sentence that introduces the point this commitment is ("The following practices shall be
    #: prohibited:"): a point often says what is required only through it.
    lead_in: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "section": list(self.section),
            "lines": list(self.lines),
            "strength": self.strength,
            "actor": self.actor,
            "targets": [t.to_dict() for t in self.targets],
            "themes": list(self.themes),
            "negated": self.negated,
            "cues": list(self.cues),
        }
        if self.lead_in:  # optional: only a point of a list has one
            out["lead_in"] = self.lead_in
        return out


@dataclass(frozen=True)
class ChangeContext:
    """The sentence beside an added or removed commitment that is not itself a commitment.

    A commitment dropped by negation ("will no longer fund ...") has no commitment on
    the newer side (`after` is null, as the contract says), yet readers want to see
    the sentence that negates it: it is kept here, with the side it stands on.
    """

    side: str  # "before" | "after"
    text: str
    section: tuple[str, ...]
    lines: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "text": self.text,
            "section": list(self.section),
            "lines": list(self.lines),
        }


@dataclass(frozen=True)
class CommitmentChange:
    """A commitment that was added, removed or changed, with the evidence for each kind.

    `before` is None for an added commitment and `after` None for a removed one;
    `context` then holds the negating (or formerly negating) sentence, if any.
    """

    kinds: tuple[str, ...]
    before: CommitmentView | None
    after: CommitmentView | None
    evidence: tuple[str, ...]
    redline: tuple[RedlineOp, ...]
    context: ChangeContext | None = None
    significance: int = 0  # 0-100, see tracker.diff.significance
    significance_reason: str = ""

    @property
    def scored_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in self.kinds if k in SCORED_KINDS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kinds": list(self.kinds),
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
            "evidence": list(self.evidence),
            "redline": [list(op) for op in self.redline],
            "context": self.context.to_dict() if self.context else None,
            "significance": self.significance,
            "significance_reason": self.significance_reason,
        }


@dataclass(frozen=True)
class ThemeWeight:
    """A theme's strength-weighted commitment count on both sides."""

    id: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "before": _number(self.before), "after": _number(self.after)}


@dataclass(frozen=True)
class ThemeShift:
    """A clear turn of the plan: one theme falls while a contrasting one rises."""

    falling: str
    rising: str

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.falling, "to": self.rising}


@direct_init
@dataclass(frozen=True)
class BlockDiff:
    """One aligned block (paragraph, list item, table row or heading) for full-text views."""

    status: str  # same | edited | moved | added | removed | split | merged
    kind: str  # paragraph | list_item | table_row | heading
    section: tuple[str, ...]
    before_lines: tuple[int, int] | None
    after_lines: tuple[int, int] | None
    redline: tuple[RedlineOp, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "kind": self.kind,
            "section": list(self.section),
            "before_lines": list(self.before_lines) if self.before_lines else None,
            "after_lines": list(self.after_lines) if self.after_lines else None,
            "redline": [list(op) for op in self.redline],
        }


@dataclass(frozen=True)
class DiffReport:
    """Everything one diff found; computed once, rendered many ways."""

    before: Side
    after: Side
    language: str
    commitments_analysed: bool
    changes: tuple[CommitmentChange, ...]
    themes: tuple[ThemeWeight, ...]
    shifts: tuple[ThemeShift, ...]
    blocks: tuple[BlockDiff, ...]
    text_changed: bool
    notes: tuple[str, ...] = field(default=())
    commitments_before: int = 0
    commitments_after: int = 0
    #: numbered units that kept their content under another number: ("Article 29", "Article 26")
    renumbering: tuple[tuple[str, str], ...] = ()

    @property
    def summary(self) -> dict[str, int]:
        counts = {kind: 0 for kind in SCORED_KINDS}
        for change in self.changes:
            for kind in change.scored_kinds:
                counts[kind] += 1
        return counts

    @property
    def has_differences(self) -> bool:
        """True when the texts differ at all (diff(1) semantics for the exit status)."""
        return self.text_changed

    def to_dict(self) -> dict[str, Any]:
        out = {
            "schema": SCHEMA,
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "language": self.language,
            "commitments_analysed": self.commitments_analysed,
            "commitments": {"before": self.commitments_before, "after": self.commitments_after},
            "summary": self.summary,
            "commitment_changes": [c.to_dict() for c in self.changes],
            "themes": [t.to_dict() for t in self.themes],
            "theme_shifts": [s.to_dict() for s in self.shifts],
            "notes": list(self.notes),
            "blocks": [b.to_dict() for b in self.blocks],
        }
        if self.renumbering:  # optional: only a document whose units were renumbered has it
            out["renumbering"] = [{"before": old, "after": new} for old, new in self.renumbering]
        return out


def _number(value: float) -> float | int:
    """Whole weights print as integers so the JSON stays stable and readable."""
    return int(value) if float(value).is_integer() else round(value, 3)
