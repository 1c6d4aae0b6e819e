"""Terminal view (rich): the summary line, what matters as cards, then the rest by section."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.diff.report import DiffReport, RedlineOp
from tracker.render.outline import DEFAULT_TOP, Numbered, outline
from tracker.render.summary import (
    change_text,
    collapsed_lines,
    commitment_cells,
    context_label,
    counts_line,
    kind_label,
    lines_label,
    more_line,
    section_label,
    summary_line,
    theme_movement,
)

KIND_STYLES = {
    "added": "bold green",
    "removed": "bold red",
    "strengthened": "bold cyan",
    "weakened": "bold magenta",
    "target_changed": "bold yellow",
    "actor_changed": "bold blue",
    "moved": "bold white",
    "reworded": "dim",
}


def _console(color: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def redline_text(ops: Sequence[RedlineOp], color: bool = True) -> Text:
    """A redline as rich Text; without colour, deletions read [-old-] and insertions {+new+}."""
    text = Text()
    for op, piece in ops:
        if op == "=":
            text.append(piece)
        elif op == "-":
            text.append(piece if color else f"[-{piece}-]", style="red strike" if color else "")
        else:
            text.append(piece if color else f"{{+{piece}+}}", style="green underline" if color else "")
    return text


def _card(item: Numbered, color: bool) -> Panel:
    change = item.change
    badges = Text()
    for kind in change.kinds:
        badges.append(
            f" {kind_label(kind)} ", style=("reverse " + KIND_STYLES.get(kind, "")) if color else ""
        )
        badges.append(" ")
    where = Table.grid(padding=(0, 1))
    where.add_column(style="dim")
    where.add_column()
    if change.significance_reason:
        where.add_row("why", Text(change.significance_reason))
    for name, view in (("before", change.before), ("after", change.after)):
        if view is not None:
            detail = f"{section_label(view.section)}, {lines_label(view.lines)}"
            if view.strength:
                detail += f"  [{view.strength}" + (f", {view.actor}" if view.actor else "") + "]"
            where.add_row(name, Text(detail))
    if change.context is not None:
        name, detail = context_label(change.context)
        where.add_row(name, Text(detail))
    parts: list[Any] = [badges, where]
    if change.evidence:
        parts.append(Text("evidence: " + "; ".join(change.evidence), style="italic" if color else ""))
    parts.append(redline_text(change.redline, color))
    title = f"{item.number} · significance {change.significance}"
    return Panel(Group(*parts), expand=True, padding=(0, 1), title=title, title_align="left")


def _entry(item: Numbered, color: bool) -> Text:
    """One line for a change listed under its section (cut to the width with an ellipsis)."""
    change = item.change
    line = Text(f"  {item.number:>5} ", style="dim" if color else "")
    line.append(f"{change.significance:>3} ", style="bold" if color else "")
    kinds = ", ".join(kind_label(k) for k in change.kinds)
    line.append(kinds, style=KIND_STYLES.get(change.kinds[0], "") if color else "")
    line.append("  " + " ".join(change_text(change).split()))
    return line


def render_term(
    report: DiffReport,
    *,
    full_text: bool = False,
    color: bool = False,
    width: int = 100,
    top: int = DEFAULT_TOP,
) -> str:
    """The terminal view as text (ANSI colours only when `color`); `full_text`: every change, and the text."""
    console = _console(color, width)
    console.print(f"{report.before.ref} -> {report.after.ref}", style="bold" if color else "", soft_wrap=True)
    console.print(summary_line(report), style="bold" if color else "", soft_wrap=True)
    for note in report.notes:
        console.print(f"note: {note}", style="yellow" if color else "")
    for shift in report.shifts:
        console.print(f"shift: {shift.falling} -> {shift.rising}")
    if report.renumbering:
        renumbered = ", ".join(f"{old} -> {new}" for old, new in report.renumbering)
        console.print(f"renumbered: {renumbered}", soft_wrap=True)
    shape = outline(report, top=top, every=full_text)
    if shape.top:
        console.rule("What matters", style="" if not color else "rule.line")
        for item in shape.top:
            console.print(_card(item, color))
    if shape.groups:
        console.rule("By section", style="" if not color else "rule.line")
        for group in shape.groups:
            console.print(Text(group.title, style="bold" if color else ""), soft_wrap=False, overflow="fold")
            console.print(Text("  " + counts_line(group.counts), style="dim" if color else ""))
            if shape.every:
                for item in group.listed:
                    console.print(_card(item, color))
                continue
            for item in group.listed:
                console.print(_entry(item, color), no_wrap=True, overflow="ellipsis")
            if group.hidden:
                console.print(Text("  " + more_line(group.hidden), style="dim" if color else ""))
    if shape.collapsed:
        console.rule("Not listed", style="" if not color else "rule.line")
        for counted in collapsed_lines(shape.collapsed):
            console.print(counted)
    if full_text:
        console.rule("full text")
        for block in report.blocks:
            if block.kind == "heading":
                console.print(redline_text(block.redline, color), style="bold" if color else "")
                continue
            marker = {"same": "  ", "added": "+ ", "removed": "- ", "moved": "> "}.get(block.status, "~ ")
            line = Text(marker)
            line.append_text(redline_text(block.redline, color))
            console.print(line)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return str(out)


#: A sentence column narrower than this is unreadable: commitments are stacked instead.
MIN_SENTENCE_COLUMNS = 24


def render_commitments(result: Any, *, color: bool = False, width: int = 100) -> str:
    """`tracker commitments`: one row per commitment."""
    console = _console(color, width)
    if not result.analysed:
        console.print(f"commitments were not analysed: no commitment rules for language '{result.language}'")
        return str(console.file.getvalue())  # type: ignore[attr-defined]
    rows = [commitment_cells(c) for c in result.commitments]
    names = ("line", "strength", "actor", "targets", "themes")
    # Rich measures in display columns (a wide CJK character is 2). The facts get what they need
    # up to a cap and the sentence the rest; too narrow a rest, and each commitment is stacked.
    widths = [
        min(cap, max([cell_len(name)] + [cell_len(row[i]) for row in rows]))
        for i, (name, cap) in enumerate(zip(names, (6, 19, 16, 20, 24), strict=True))
    ]
    rest = width - sum(widths) - 3 * (len(names) + 1) - 1
    if rest < MIN_SENTENCE_COLUMNS:
        for row in rows:
            console.print(Text("  ".join(x for x in row[:5] if x), style="bold" if color else ""))
            console.print(Padding(Text(row[5]), (0, 0, 0, 4), expand=False))
        console.print(f"{len(result.commitments)} commitments")
        return str(console.file.getvalue())  # type: ignore[attr-defined]
    table = Table(show_lines=False)
    for name, w in zip(names, widths, strict=True):
        table.add_column(name, overflow="fold", width=w)
    table.add_column("sentence", overflow="fold", width=rest)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(result.commitments)} commitments")
    return str(console.file.getvalue())  # type: ignore[attr-defined]


def render_theme_timeline(
    doc_id: str, rows: Sequence[tuple[Any, Any]], *, color: bool = False, width: int = 100
) -> str:
    """`tracker themes`: one column per revision, one row per theme that ever carried weight."""
    console = _console(color, width)
    table = Table(title=doc_id, expand=False)
    table.add_column("theme")
    for revision, _ in rows:
        table.add_column(f"{revision.date}\n{revision.label}", justify="right")
    ids: list[str] = []
    for _, result in rows:
        for theme, weight in result.themes:
            if weight and theme not in ids:
                ids.append(theme)
    for theme in ids:
        cells = []
        for _, result in rows:
            weight = dict(result.themes).get(theme, 0.0)
            cells.append(str(int(weight)) if float(weight).is_integer() else f"{weight:.1f}")
        table.add_row(theme, *cells)
    console.print(table)
    if len(rows) >= 2:
        first, last = dict(rows[0][1].themes), dict(rows[-1][1].themes)
        from tracker.diff.report import ThemeWeight

        moves = [ThemeWeight(t, first.get(t, 0.0), last.get(t, 0.0)) for t in ids]
        moves = [m for m in moves if m.delta]
        moves.sort(key=lambda m: (-abs(m.delta), m.id))
        if moves:
            console.print("first -> latest: " + ", ".join(theme_movement(m) for m in moves[:6]))
    return str(console.file.getvalue())  # type: ignore[attr-defined]
