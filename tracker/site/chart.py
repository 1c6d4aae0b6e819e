"""Theme-weight charts as plain geometry, drawn as inline SVG by a template at build time.

Readable without JavaScript; each series has a colour and a dash pattern (not colour
alone), and every chart comes with a table of the same numbers for screen readers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Colours with at least 4.5:1 contrast on white, paired with distinct dash patterns.
PALETTE = ("#1f5fa8", "#b3311b", "#2a7a2e", "#7a3d9a", "#8a5a00", "#00727a", "#a8266b", "#4d4d4d")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 2")

WIDTH = 640
HEIGHT = 270
LEFT = 60
RIGHT = 16
TOP = 16
BOTTOM = 56
#: The width of one character of an axis label (13 px text, as the stylesheet sets it), with room
#: to spare: x labels are placed so that no two of these boxes overlap.
CHAR_WIDTH = 7.6
LABEL_GAP = 10.0
#: The y axis's title, drawn along it.
Y_TITLE = "Weight"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str

    @property
    def cx(self) -> str:
        """x as the SVG writes it (one decimal): formatted here, not by a filter per point."""
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True)
class Series:
    label: str
    color: str
    dash: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the end ticks are aligned inwards so they are not cut off
    row: int = 0  # an x label that would meet the one before it goes on a second line

    @property
    def extent(self) -> tuple[float, float]:
        """The label's left and right edges on the x axis (as CHAR_WIDTH estimates them)."""
        width = len(self.label) * CHAR_WIDTH
        if self.anchor == "start":
            return self.pos, self.pos + width
        if self.anchor == "end":
            return self.pos - width, self.pos
        return self.pos - width / 2, self.pos + width / 2

    @property
    def at(self) -> str:
        """The position as the SVG writes it (one decimal)."""
        return f"{self.pos:.1f}"

    @property
    def text_at(self) -> str:
        """A y tick's label position: 4 below its line, so the text is centred on it."""
        return f"{self.pos + 4:.1f}"


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template needs; no arithmetic happens in the template."""

    title: str
    width: int
    height: int
    series: tuple[Series, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    y_title: str = Y_TITLE

    @property
    def empty(self) -> bool:
        return not self.series

    @property
    def y_title_at(self) -> str:
        """The y title's position along the rotated axis: the middle of the plot, negated."""
        return f"{-(self.plot_top + self.plot_bottom) / 2:.1f}"


def _y_scale(max_value: float) -> tuple[float, list[float]]:
    """A round upper bound and 3-5 tick values for the y axis."""
    if max_value <= 0:
        return 1.0, [0.0, 1.0]
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if max_value / step <= 5:
            top = step * -(-max_value // step)
            return float(top), [float(v) for v in range(0, int(top) + 1, step)]
    top = float(max_value)
    return top, [0.0, top / 2, top]


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _turn(
    values: Sequence[float | None],
    series: Sequence[tuple[str, Sequence[float | None]]],
    totals: dict[int, float] | None = None,
) -> float:
    """How far a series' share of all weight moved from the first point to the last.

    Shares, not raw weights: a plan that grows from an outline to a full text raises every
    theme, and what a reader wants to see is which themes gained or lost ground.
    `totals` keeps the all-series sum at each point between calls: without it, ranking
    every series of a theme page (hundreds of documents) costs series x series sums.
    """
    if not values:
        return 0.0
    known = totals if totals is not None else {}

    def share(i: int) -> float:
        total = known.get(i)
        if total is None:
            total = known[i] = sum((vals[i] or 0.0) for _, vals in series if len(vals) > i)
        return (values[i] or 0.0) / total if total else 0.0

    return abs(share(len(values) - 1) - share(0))


def _peak(values: Sequence[float | None]) -> float:
    """The largest value, a gap or zero counting as 0.0: `max(v or 0.0 for v in values)` (0.0
    when empty), with the scan done by `filter` (theme series are long and mostly gaps)."""
    present = list(filter(None, values))
    if not present:
        return 0.0
    top = max(present)
    return 0.0 if top < 0.0 and len(present) < len(values) else top


def drawn_series(
    series: Sequence[tuple[str, Sequence[float | None]]], max_series: int = len(PALETTE)
) -> list[tuple[str, Sequence[float | None]]]:
    """The `max_series` series that turned most (ties: the higher peak, then the label), in
    label order; series with no weight are never drawn."""
    totals: dict[int, float] = {}
    ranked = sorted(series, key=lambda s: (-_turn(s[1], series, totals), -_peak(s[1]), s[0]))
    drawn = [s for s in ranked if any(v for v in s[1])][:max_series]
    drawn.sort(key=lambda s: s[0])
    return drawn


def drawn_sparse_series(
    series: Sequence[tuple[str, Mapping[Any, float]]],
    xs: int | Sequence[Hashable],
    max_series: int = len(PALETTE),
) -> list[tuple[str, list[float | None]]]:
    """`drawn_series` for series given as {x: value} over the x keys `xs` in order (an int n:
    0 .. n-1), gaps absent, as a theme page has them: one series per document, each with a
    few points among every revision date of the corpus. Ranks without making a dense list
    per series (same sums in the same order, so the same choice); only the drawn ones are
    made dense."""
    keys: Sequence[Hashable] = range(xs) if isinstance(xs, int) else xs
    n = len(keys)
    first_x = keys[0] if n else None
    last_x = keys[-1] if n else None
    total_first = total_last = 0.0
    for _, points in series:  # the all-series sums at the first and the last x, in series order
        total_first += points.get(first_x) or 0.0
        total_last += points.get(last_x) or 0.0

    def rank(item: tuple[str, Mapping[Any, float]]) -> tuple[float, float, str]:
        label, points = item
        turn = 0.0
        if n:
            first = (points.get(first_x) or 0.0) / total_first if total_first else 0.0
            end = (points.get(last_x) or 0.0) / total_last if total_last else 0.0
            turn = abs(end - first)
        present = [v for v in points.values() if v]
        peak = 0.0
        if present:
            top = max(present)
            peak = 0.0 if top < 0.0 and len(present) < n else top
        return (-turn, -peak, label)

    ranked = sorted(series, key=rank)
    drawn = [s for s in ranked if any(v for v in s[1].values())][:max_series]
    drawn.sort(key=lambda s: s[0])
    return [(label, [points.get(x) for x in keys]) for label, points in drawn]


@dataclass(frozen=True)
class SparseStats:
    """What ranking a sparse series needs: its first and last x with their values, its
    largest non-zero value and how many it has (made once per series, e.g. kept per document)."""

    first_x: Any
    first: float
    last_x: Any
    last: float
    top: float
    nonzero: int

    @classmethod
    def of(cls, points: Mapping[Any, float], order: Callable[[Any], Any] = lambda x: x) -> SparseStats:
        """The stats of {x: value} (x ordered by `order`)."""
        present = [v for v in points.values() if v]
        first_x = min(points, key=order) if points else None
        last_x = max(points, key=order) if points else None
        return cls(
            first_x=first_x,
            first=points[first_x] if points else 0.0,
            last_x=last_x,
            last=points[last_x] if points else 0.0,
            top=max(present) if present else 0.0,
            nonzero=len(present),
        )


def drawn_sparse_by_stats(
    series: Sequence[tuple[str, SparseStats, Callable[[], Mapping[Any, float]]]],
    xs: Sequence[Hashable],
    max_series: int = len(PALETTE),
) -> list[tuple[str, list[float | None]]]:
    """`drawn_sparse_series` from each series' stats (and a way to make its points, called
    only for the series drawn): the same sums in the same order, so the same choice."""
    n = len(xs)
    first_x = xs[0] if n else None
    last_x = xs[-1] if n else None
    total_first = total_last = 0.0
    for _, stats, _ in series:
        if n and stats.first_x == first_x:
            total_first += stats.first or 0.0
        if n and stats.last_x == last_x:
            total_last += stats.last or 0.0

    def rank(item: tuple[str, SparseStats, Callable[[], Mapping[Any, float]]]) -> tuple[float, float, str]:
        label, stats, _ = item
        turn = 0.0
        if n:
            at_first = (stats.first if stats.first_x == first_x else 0.0) or 0.0
            at_last = (stats.last if stats.last_x == last_x else 0.0) or 0.0
            first = at_first / total_first if total_first else 0.0
            end = at_last / total_last if total_last else 0.0
            turn = abs(end - first)
        peak = 0.0
        if stats.nonzero:
            peak = 0.0 if stats.top < 0.0 and stats.nonzero < n else stats.top
        return (-turn, -peak, label)

    ranked = sorted(series, key=rank)
    drawn = [s for s in ranked if s[1].nonzero][:max_series]
    drawn.sort(key=lambda s: s[0])
    out: list[tuple[str, list[float | None]]] = []
    for label, _, points_of in drawn:
        points = points_of()
        out.append((label, [points.get(x) for x in xs]))
    return out


def build_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    x_positions: Sequence[float] | None = None,
    max_series: int = len(PALETTE),
) -> Chart:
    """Lay out line series over shared x labels; None values leave a gap in that series.

    `x_positions` (e.g. day numbers) places points proportionally; without it they are
    evenly spaced. Only the `max_series` series that turned most are drawn (the table has all).
    """
    return layout_chart(title, x_labels, drawn_series(series, max_series), x_positions=x_positions)


def layout_chart(
    title: str,
    x_labels: Sequence[str],
    drawn: Sequence[tuple[str, Sequence[float | None]]],
    *,
    x_positions: Sequence[float] | None = None,
) -> Chart:
    """The geometry of a chart of the series to draw, in the order given."""
    plot_left, plot_right = float(LEFT), float(WIDTH - RIGHT)
    plot_top, plot_bottom = float(TOP), float(HEIGHT - BOTTOM)
    top, ticks = _y_scale(max((v or 0.0) for _, values in drawn for v in values) if drawn else 0.0)
    n = len(x_labels)
    raw = list(x_positions) if x_positions is not None else [float(i) for i in range(n)]
    lo, hi = (min(raw), max(raw)) if raw else (0.0, 1.0)
    span = (hi - lo) or 1.0

    def x_at(i: int) -> float:
        if n == 1:
            return (plot_left + plot_right) / 2
        return plot_left + (raw[i] - lo) / span * (plot_right - plot_left)

    def y_at(value: float) -> float:
        return plot_bottom - value / top * (plot_bottom - plot_top)

    out = []
    for k, (label, values) in enumerate(drawn):
        points = tuple(
            Point(x=x_at(i), y=y_at(v), value=v, label=x_labels[i])
            for i, v in enumerate(values)
            if v is not None
        )
        out.append(
            Series(label=label, color=PALETTE[k % len(PALETTE)], dash=DASHES[k % len(DASHES)], points=points)
        )
    x_ticks = x_axis_ticks([x_at(i) for i in range(n)], x_labels)
    y_ticks = tuple(Tick(pos=y_at(v), label=_fmt(v)) for v in ticks)
    return Chart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        series=tuple(out),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
    )


def _overlap(a: Tick, b: Tick) -> bool:
    (a0, a1), (b0, b1) = a.extent, b.extent
    return a0 < b1 + LABEL_GAP and b0 < a1 + LABEL_GAP


def x_axis_ticks(positions: Sequence[float], labels: Sequence[str]) -> tuple[Tick, ...]:
    """The x labels to draw, none over another: the first and the last always, and between
    them each label that leaves room after the one before it (dates close in time share
    the room of one label). When the last still meets the first (two dates close
    together), it goes on a second line."""
    n = len(labels)
    if n == 0:
        return ()
    if n == 1:
        return (Tick(pos=positions[0], label=labels[0]),)
    first = Tick(pos=positions[0], label=labels[0], anchor="start")
    last = Tick(pos=positions[-1], label=labels[-1], anchor="end")
    kept = [first]
    for i in range(1, n - 1):
        tick = Tick(pos=positions[i], label=labels[i])
        if not _overlap(kept[-1], tick) and not _overlap(tick, last):
            kept.append(tick)
    if _overlap(kept[-1], last):
        last = Tick(pos=last.pos, label=last.label, anchor="end", row=1)
    return (*kept, last)


def day_number(date: datetime.date) -> float:
    return float(date.toordinal())
