"""Theme weights per version and the clear shifts between them.

A theme's weight (`tracker.commitments.theme_weights`) is the strength-weighted
count of the commitments that carry it, so a plan that keeps its length but moves
its promises from one theme to another shows it. Here: every theme's weight on
both sides, and which movements are clear enough to name as a shift.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.diff.report import ThemeShift, ThemeWeight

#: A shift is "clear" when a theme moves by at least this much, and by a quarter of its old weight.
CLEAR_DELTA = 2.0


def compare_themes(
    before: dict[str, float], after: dict[str, float], order: Sequence[str]
) -> tuple[tuple[ThemeWeight, ...], tuple[ThemeShift, ...]]:
    """Every theme's before/after weight (lexicon order, then any other), and the clear shifts."""
    ids = list(order) + sorted((set(before) | set(after)) - set(order))
    weights = tuple(ThemeWeight(t, before.get(t, 0.0), after.get(t, 0.0)) for t in ids)
    falling = sorted((w for w in weights if _clear(w, -1)), key=lambda w: (w.delta, w.id))
    rising = sorted((w for w in weights if _clear(w, +1)), key=lambda w: (-w.delta, w.id))
    shifts = tuple(ThemeShift(f.id, r.id) for f, r in zip(falling, rising, strict=False))
    return weights, shifts


def _clear(weight: ThemeWeight, direction: int) -> bool:
    delta = weight.delta * direction
    return delta >= CLEAR_DELTA and delta >= 0.25 * max(weight.before, weight.after)
