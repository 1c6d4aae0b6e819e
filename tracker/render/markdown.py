"""Markdown view: summary, what matters, the rest by section, optional full-text redline.

Deletions are ~~struck~~ and insertions **bold**, which every Markdown viewer shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracker.diff.report import DiffReport, RedlineOp
from tracker.render.outline import DEFAULT_TOP, Numbered, outline
from tracker.render.summary import (
    ENTRY_CHARS,
    change_text,
    collapsed_lines,
    commitment_cells,
    context_label,
    counts_line,
    kind_label,
    more_line,
    shorten,
    summary_line,
    theme_movement,
    view_facts,
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


def _change(item: Numbered) -> list[str]:
    change = item.change
    kinds = ", ".join(f"`{kind_label(k)}`" for k in change.kinds)
    lines = [f"### {item.number}. {kinds} (significance {change.significance})", ""]
    if change.significance_reason:
        lines.append("- **Why:** " + _escape(change.significance_reason))
    for name, view in (("Before", change.before), ("After", change.after)):
        if view is None:
            continue
        lines.append(f"- **{name}:** " + _escape(view_facts(view)))
    if change.context is not None:
        name, where = context_label(change.context)
        lines.append(f"- **{name.capitalize()}:** " + _escape(where))
    if change.evidence:
        lines.append("- **Evidence:** " + _escape("; ".join(change.evidence)))
    lines += ["", "> " + redline_markdown(change.redline), ""]
    return lines


def _entry(item: Numbered) -> str:
    """One line for a change listed under its section: number, score, kinds, the sentence shortened."""
    change = item.change
    kinds = ", ".join(kind_label(k) for k in change.kinds)
    text = _escape(shorten(change_text(change), ENTRY_CHARS))
    return f"- {item.number}. **{change.significance}** {kinds}: {text}"


def render_markdown(report: DiffReport, *, full_text: bool = False, top: int = DEFAULT_TOP) -> str:
    """The report as a Markdown document (ends with a newline); `full_text`: every change, and the text."""
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
    shape = outline(report, top=top, every=full_text)
    if shape.top:
        out += ["## What matters", ""]
        for item in shape.top:
            out += _change(item)
    if shape.groups:
        out += ["## By section", ""]
        for group in shape.groups:
            out += [f"### {_escape(group.title)}", "", _escape(counts_line(group.counts)), ""]
            if shape.every:
                for item in group.listed:
                    out += _change(item)
                continue
            out += [_entry(item) for item in group.listed]
            if group.hidden:
                out.append(f"- *{more_line(group.hidden)}*")
            out.append("")
    if shape.collapsed:
        out += ["## Not listed", ""]
        out += [f"- {_escape(line)}" for line in collapsed_lines(shape.collapsed)]
        out.append("")
    if full_text:
        out += ["## Full text", ""]
        for block in report.blocks:
            if block.kind == "heading":
                out += ["#### " + redline_markdown(block.redline), ""]
            else:
                out += [redline_markdown(block.redline), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return _escape(" ".join(text.split())) or " "


def render_commitments_markdown(ref: str, result: Any) -> str:
    """`tracker commitments --format md`: one table row per commitment."""
    out = [f"# Commitments of {_escape(ref)}", ""]
    if not result.analysed:
        language = _escape(result.language)
        out.append(f"Commitments were not analysed: no commitment rules for language '{language}'.")
        return "\n".join(out) + "\n"
    out += ["| line | strength | actor | targets | themes | sentence |", "| ---: |" + " --- |" * 5]
    for c in result.commitments:
        out.append("| " + " | ".join(_cell(x) for x in commitment_cells(c)) + " |")
    out += ["", f"{len(result.commitments)} commitments"]
    return "\n".join(out) + "\n"


def render_theme_timeline_markdown(doc_id: str, rows: Sequence[tuple[Any, Any]]) -> str:
    """`tracker themes --format md`: one column per revision, one row per theme that ever carried weight."""
    out = [f"# Themes of {_escape(doc_id)}", ""]
    ids: list[str] = []
    for _, result in rows:
        ids += [theme for theme, weight in result.themes if weight and theme not in ids]
    heads = [_cell(f"{rev.date} {rev.label or ''}") for rev, _ in rows]
    out += ["| theme | " + " | ".join(heads) + " |", "| --- |" + " ---: |" * len(rows)]
    for theme in ids:
        cells = []
        for _, result in rows:
            weight = dict(result.themes).get(theme, 0.0)
            cells.append(str(int(weight)) if float(weight).is_integer() else f"{weight:.1f}")
        out.append(f"| {theme} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
