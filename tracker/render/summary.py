"""Words shared by every renderer: the summary line, kind labels, theme movements."""

from __future__ import annotations

from tracker.diff.report import SCORED_KINDS, ChangeContext, DiffReport, ThemeWeight

KIND_LABELS = {
    "added": ("added", "added"),
    "removed": ("removed", "removed"),
    "strengthened": ("strengthened", "strengthened"),
    "weakened": ("weakened", "weakened"),
    "target_changed": ("target changed", "targets changed"),
    "actor_changed": ("actor changed", "actors changed"),
    "moved": ("moved", "moved"),
    "reworded": ("reworded", "reworded"),
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, (kind, kind))[0]


def moved_themes(report: DiffReport) -> list[ThemeWeight]:
    """Themes whose weight changed, largest movement first (ties by id, so output is stable)."""
    return sorted((t for t in report.themes if t.delta), key=lambda t: (-abs(t.delta), t.id))


def _weight(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def theme_movement(theme: ThemeWeight) -> str:
    return f"{theme.id} {_weight(theme.before)} -> {_weight(theme.after)}"


def summary_line(report: DiffReport) -> str:
    """ "3 added, 1 removed, 2 weakened; sovereign-ai 7 -> 2" or "no differences"."""
    if not report.has_differences:
        return "no differences"
    counts = report.summary
    parts = []
    for kind in SCORED_KINDS:
        n = counts[kind]
        if n:
            singular, plural = KIND_LABELS[kind]
            parts.append(f"{n} {singular if n == 1 else plural}")
    reworded = sum(1 for c in report.changes if c.kinds == ("reworded",))
    if not parts:
        if not report.commitments_analysed:
            parts.append("text changed (commitments not analysed)")
        else:
            parts.append("no commitment changes" + (f" ({reworded} reworded)" if reworded else ""))
    themes = [theme_movement(t) for t in moved_themes(report)[:4]]
    return ", ".join(parts) + ("; " + ", ".join(themes) if themes else "")


def section_label(section: tuple[str, ...]) -> str:
    return " > ".join(section) if section else "(start of document)"


def lines_label(lines: tuple[int, int]) -> str:
    start, end = lines
    return f"line {start}" if start == end else f"lines {start}-{end}"


def context_label(context: ChangeContext) -> tuple[str, str]:
    """(row name, where) for the sentence beside an added/removed commitment ("after, no commitment")."""
    return f"{context.side}, no commitment", f"{section_label(context.section)}, {lines_label(context.lines)}"
