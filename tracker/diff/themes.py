"""Theme weights per version and the clear shifts between them.

A theme's weight (`tracker.commitments.theme_weights`) is the strength-weighted
count of the commitments that carry it, so a plan that keeps its length but moves
its promises from one theme to another shows it. Here: every theme's weight on
both sides, and which movements are clear enough to name as a shift.

A shift pairs a clearly falling theme with a clearly rising one. Pairs the lexicon
declares as contrasting (sovereign-ai <-> provider-diversification) are named
first, so a tie with an unrelated riser never hides the turn a reader looks for;
the remaining falls and rises are then paired by size, as before.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from tracker.diff.report import ThemeShift, ThemeWeight

#: A theme moves "clearly" when its weight moves by at least CLEAR_DELTA and, in the same
#: direction, its share of the version's theme weight moves by at least CLEAR_SHARE (1 point)
#: and by a quarter of its larger share. Shares as well as counts: a plan three times longer
#: raises nearly every theme's count, and a shift says which themes gained or lost ground
#: within the plan.
CLEAR_SHARE = 0.01
CLEAR_DELTA = 2.0


def compare_themes(
    before: dict[str, float],
    after: dict[str, float],
    order: Sequence[str],
    contrasts: Mapping[str, Collection[str]] | None = None,
) -> tuple[tuple[ThemeWeight, ...], tuple[ThemeShift, ...]]:
    """Every theme's before/after weight (lexicon order, then any other), and the clear shifts."""
    ids = list(order) + sorted((set(before) | set(after)) - set(order))
    weights = tuple(ThemeWeight(t, before.get(t, 0.0), after.get(t, 0.0)) for t in ids)
    totals = (sum(w.before for w in weights), sum(w.after for w in weights))
    falling = sorted((w for w in weights if _clear(w, -1, totals)), key=lambda w: (w.delta, w.id))
    rising = sorted((w for w in weights if _clear(w, +1, totals)), key=lambda w: (-w.delta, w.id))
    return weights, name_shifts(falling, rising, contrasts or {})


def name_shifts(
    falling: Sequence[ThemeWeight], rising: Sequence[ThemeWeight], contrasts: Mapping[str, Collection[str]]
) -> tuple[ThemeShift, ...]:
    """Contrasting pairs first (largest combined movement first), then the rest by size; each theme once."""
    candidates = sorted(
        ((f, r) for f in falling for r in rising if r.id in contrasts.get(f.id, ())),
        key=lambda pair: (pair[0].delta - pair[1].delta, pair[0].id, pair[1].id),
    )
    used: set[str] = set()
    shifts: list[ThemeShift] = []
    for f, r in candidates:
        if f.id not in used and r.id not in used:
            shifts.append(ThemeShift(f.id, r.id))
            used.update((f.id, r.id))
    rest_falling = [f for f in falling if f.id not in used]
    rest_rising = [r for r in rising if r.id not in used]
    shifts.extend(ThemeShift(f.id, r.id) for f, r in zip(rest_falling, rest_rising, strict=False))
    return tuple(shifts)


def _clear(weight: ThemeWeight, direction: int, totals: tuple[float, float]) -> bool:
    """The theme's weight and its share of all theme weight moved clearly in `direction` (+1, -1)."""
    before = weight.before / totals[0] if totals[0] else 0.0
    after = weight.after / totals[1] if totals[1] else 0.0
    moved = (after - before) * direction
    return (
        weight.delta * direction >= CLEAR_DELTA
        and moved >= CLEAR_SHARE
        and moved >= 0.25 * max(before, after)
    )
