"""When two targets promise the same value, and which targets of a commitment changed."""

from __future__ import annotations

from typing import NamedTuple

from tracker.commitments.model import Target
from tracker.regex_cache import compile_regex


def resolve(target: Target, doc_year: int | None) -> Target:
    """The target with "{Y}" (the document's year) filled in; unchanged when there is nothing to fill."""
    if doc_year is None or not isinstance(target.value, str) or "{Y" not in target.value:
        return target
    value = target.value.replace("{Y+1}", str(doc_year + 1)).replace("{Y}", str(doc_year))
    return Target(target.type, value, target.unit, target.text, target.bound)


_ISO_DATE = compile_regex(r"\d{4}-\d\d-\d\d")


def _comparable(target: Target, doc_year: int | None) -> tuple[str, str, str, str]:
    t = resolve(target, doc_year)
    ttype = t.type
    if ttype in ("deadline", "date") and isinstance(t.value, str) and _ISO_DATE.fullmatch(t.value):
        ttype = "deadline" if t.type == "deadline" else "date"
    return (ttype, *t.key[1:])


def targets_equal(a: Target, b: Target, doc_year: int | None = None) -> bool:
    """Whether two targets promise the same value (same type, normalized value, unit and bound)."""
    return _comparable(a, doc_year) == _comparable(b, doc_year)


class TargetChange(NamedTuple):
    """One target that differs between two versions of a commitment (either side may be missing)."""

    before: Target | None
    after: Target | None

    @property
    def evidence(self) -> str:
        """ "2030 -> 2032", "10,000 GPUs -> 18,000 GPUs", "(none) -> by 2027"."""
        a = self.before.text if self.before else "(none)"
        b = self.after.text if self.after else "(none)"
        return f"{a} -> {b}"


def _slot(target: Target) -> tuple[str, str]:
    """Targets that can stand for one another: the same type and unit (a deadline for a deadline)."""
    ttype = "date" if target.type in ("deadline", "year", "date") else target.type
    return ttype, target.unit or ""


def diff_targets(
    before: tuple[Target, ...], after: tuple[Target, ...], doc_year: int | None = None
) -> tuple[TargetChange, ...]:
    """The targets that changed: equal values cancel out, the rest pair up by type and unit in order."""
    remaining_after = list(after)
    unmatched_before: list[Target] = []
    for t in before:
        for i, u in enumerate(remaining_after):
            if targets_equal(t, u, doc_year):
                del remaining_after[i]
                break
        else:
            unmatched_before.append(t)
    # the same number with its unit reworded or corrected ("scientsts" -> "scientists") is no change
    for t in list(unmatched_before):
        for i, u in enumerate(remaining_after):
            if t.type == u.type and t.key[1] == u.key[1] and t.bound == u.bound:
                unmatched_before.remove(t)
                del remaining_after[i]
                break
    changes: list[TargetChange] = []
    for t in unmatched_before:
        for i, u in enumerate(remaining_after):
            if _slot(t) == _slot(u):
                changes.append(TargetChange(t, u))
                del remaining_after[i]
                break
        else:
            changes.append(TargetChange(t, None))
    changes.extend(TargetChange(None, u) for u in remaining_after)
    return tuple(changes)
