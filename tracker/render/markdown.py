"""Markdown view: summary, one section per commitment change, optional full-text redline.

Deletions are ~~struck~~ and insertions **bold**, which every Markdown viewer shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.diff.report import CommitmentChange, DiffReport, RedlineOp
from tracker.render.summary import (
    context_label,
    kind_label,
    lines_label,
    section_label,
    summary_line,
    theme_movement,
)

_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPE)


def redline_markdown(ops: Sequence[RedlineOp]) -> str:
    """A redline with ~~deleted~~ and **inserted** words (white space kept outside the marks)."""
    out = []
    for op, text in ops:
        if op == "=":
            out.append(_escape(text))
            continue
        mark = "~~" if op == "-" else "**"
        core = text.strip()
        if not core:
            out.append(text if op == "+" else "")
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        out.append(f"{lead}{mark}{_escape(core)}{mark}{trail}")
    return "".join(out).replace("\n", " ")


def _change(n: int, change: CommitmentChange) -> list[str]:
    kinds = ", ".join(f"`{kind_label(k)}`" for k in change.kinds)
    lines = [f"### {n}. {kinds}", ""]
    for name, view in (("Before", change.before), ("After", change.after)):
        if view is None:
            continue
        facts = [f"{section_label(view.section)}, {lines_label(view.lines)}"]
        if view.strength:
            facts.append(view.strength)
        if view.actor:
            facts.append(view.actor)
        if view.targets:
            facts.append("targets: " + ", ".join(t.text for t in view.targets))
        lines.append(f"- **{name}:** " + _escape("; ".join(facts)))
    if change.context is not None:
        name, where = context_label(change.context)
        lines.append(f"- **{name.capitalize()}:** " + _escape(where))
    if change.evidence:
        lines.append("- **Evidence:** " + _escape("; ".join(change.evidence)))
    lines += ["", "> " + redline_markdown(change.redline), ""]
    return lines


def render_markdown(report: DiffReport, *, full_text: bool = False) -> str:
    """The report as a Markdown document (ends with a newline)."""
    out = [
        f"# {_escape(report.before.ref)} → {_escape(report.after.ref)}",
        "",
        f"**{_escape(summary_line(report))}**",
        "",
    ]
    out += [f"*Note: {_escape(note)}*\n" for note in report.notes]
    if report.shifts:
        out += ["Theme shifts: " + ", ".join(f"{s.falling} → {s.rising}" for s in report.shifts), ""]
    moved = [t for t in report.themes if t.delta]
    if moved:
        out += ["| Theme | Before | After |", "| --- | ---: | ---: |"]
        for t in moved:
            before, after = theme_movement(t).rsplit(" -> ", 1)
            out.append(f"| {t.id} | {before.rsplit(' ', 1)[1]} | {after} |")
        out.append("")
    if report.changes:
        out += ["## Commitment changes", ""]
        for n, change in enumerate(report.changes, 1):
            out += _change(n, change)
    if full_text:
        out += ["## Full text", ""]
        for block in report.blocks:
            if block.kind == "heading":
                out += ["#### " + redline_markdown(block.redline), ""]
            else:
                out += [redline_markdown(block.redline), ""]
    return "\n".join(out).rstrip("\n") + "\n"
