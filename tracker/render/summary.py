"""Words shared by every renderer: the summary line, kind labels, theme movements."""

from __future__ import annotations

from typing import Any

from tracker.diff.report import (
    SCORED_KINDS,
    ChangeContext,
    CommitmentChange,
    CommitmentView,
    DiffReport,
    ThemeWeight,
)

KIND_LABELS = {
    "added": ("added", "added"),
    "removed": ("removed", "removed"),
    "strengthened": ("strengthened", "strengthened"),
    "weakened": ("weakened", "weakened"),
    "target_changed": ("target changed", "targets changed"),
    "actor_changed": ("actor changed", "actors changed"),
    "moved": ("moved", "moved"),
    "reworded": ("reworded", "reworded"),
    "narrowed": ("narrowed", "narrowed"),
    "renumbered": ("renumbered", "renumbered"),
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


def view_facts(view: CommitmentView) -> str:
    """Where a commitment stands and what it commits to: "Plan > 2. Data, line 5; strong; Agency"."""
    facts = [f"{section_label(view.section)}, {lines_label(view.lines)}"]
    if view.strength:
        facts.append(view.strength)
    if view.actor:
        facts.append(view.actor)
    if view.targets:
        facts.append("targets: " + ", ".join(t.text for t in view.targets))
    return "; ".join(facts)


#: How much of a sentence a one-line entry shows.
ENTRY_CHARS = 100


def commitment_cells(commitment: Any) -> tuple[str, str, str, str, str, str]:
    """One commitment of `tracker commitments` as the cells of a table row: line, strength,
    actor, targets, themes, sentence."""
    c = commitment
    return (
        str(c.lines[0]),
        c.strength + (" (negated)" if c.negated else ""),
        c.actor or "",
        ", ".join(t.text for t in c.targets),
        ", ".join(c.themes),
        c.text,
    )


def change_text(change: CommitmentChange) -> str:
    """The sentence a change is about: as it reads now, or as it read if removed."""
    view = change.after or change.before
    return view.text if view else ""


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary before `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def counts_line(counts: tuple[tuple[str, int], ...]) -> str:
    """ "12 added, 1 removed, 6 moved"."""
    return ", ".join(f"{n} {KIND_LABELS.get(k, (k, k))[0 if n == 1 else 1]}" for k, n in counts)


def more_line(hidden: int) -> str:
    return f"and {hidden} more in this section (--all lists every change)"


#: What a collapsed kind of change is, for the line that counts them.
FORM_MEANINGS = {
    "moved": "the same commitment in another section",
    "renumbered": "the same commitment under a new number",
    "reworded": "the same meaning in other words",
}


def collapsed_lines(collapsed: tuple[tuple[str, int], ...]) -> list[str]:
    """One line per kind of change of form: "347 moved: the same commitment in another section"."""
    return [
        f"{n} {KIND_LABELS.get(k, (k, k))[0 if n == 1 else 1]}: {FORM_MEANINGS.get(k, 'changes of form')} "
        "(--all lists them)"
        for k, n in collapsed
    ]
