"""HTML view: a standalone page, built from components the static site reuses.

Each component returns escaped `Markup` (so Jinja templates can embed it as is),
ids are derived from positions (stable across runs), and the page needs no
JavaScript and no network: the stylesheet is inline.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from tracker.diff.report import (
    BlockDiff,
    ChangeContext,
    CommitmentChange,
    CommitmentView,
    DiffReport,
    RedlineOp,
)
from tracker.render.outline import DEFAULT_TOP, Numbered, outline
from tracker.render.summary import (
    ENTRY_CHARS,
    change_text,
    collapsed_lines,
    context_label,
    counts_line,
    kind_label,
    more_line,
    shorten,
    summary_line,
    view_facts,
)

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
.summary{font-weight:600;font-size:1.1rem}
.card{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;margin-right:.3rem;font-size:.85rem;
 color:#fff;background:#555}
.badge.added{background:#1a7f37}.badge.removed{background:#b42318}.badge.strengthened{background:#0b6e99}
.badge.weakened{background:#8e3ea6}.badge.target_changed{background:#9a6700}.badge.actor_changed{background:#2f4fa2}
.badge.moved{background:#444}.badge.reworded{background:#999}
.where{color:#555;font-size:.9rem;margin:.3rem 0}.evidence{font-style:italic}
del{background:#ffebe9;color:#82071e}ins{background:#dafbe1;color:#116329;text-decoration:none}
.block{margin:.4rem 0}.block.same{color:#444}.block.added{border-left:3px solid #1a7f37;padding-left:.5rem}
.block.removed{border-left:3px solid #b42318;padding-left:.5rem}
.block.edited,.block.split,.block.merged{border-left:3px solid #9a6700;padding-left:.5rem}
.block.moved{border-left:3px solid #444;padding-left:.5rem}
table.themes{border-collapse:collapse}table.themes td,table.themes th{padding:.2rem .6rem;text-align:right}
table.themes td:first-child,table.themes th:first-child{text-align:left}
.score{display:inline-block;font-weight:600;font-size:.85rem;min-width:2rem;margin-right:.3rem}
.card .score{float:right}.counts,.more,.collapsed{color:#555}ul.entries{padding-left:1rem;list-style:none}
ul.entries li{margin:.2rem 0}
"""


def redline_html(ops: Sequence[RedlineOp]) -> Markup:
    """A redline with <del> and <ins> (plain string joins: the site calls it for every block)."""
    parts: list[str] = []
    for op, text in ops:
        if op == "=":
            parts.append(escape(text))
        elif op == "-":
            parts.append(f"<del>{escape(text)}</del>")
        else:
            parts.append(f"<ins>{escape(text)}</ins>")
    return Markup("".join(parts))


def summary_html(report: DiffReport) -> Markup:
    """The summary line, notes and theme shifts."""
    out = [Markup('<p class="summary">{}</p>').format(summary_line(report))]
    for note in report.notes:
        out.append(Markup('<p class="note">{}</p>').format(note))
    for shift in report.shifts:
        out.append(Markup('<p class="shift">Theme shift: {} → {}</p>').format(shift.falling, shift.rising))
    return Markup("\n").join(out)


def themes_html(report: DiffReport) -> Markup:
    """A table of every theme whose weight moved."""
    rows = [t for t in report.themes if t.delta]
    if not rows:
        return Markup("")
    body = Markup("").join(
        Markup("<tr><td>{}</td><td>{}</td><td>{}</td></tr>").format(t.id, _num(t.before), _num(t.after))
        for t in rows
    )
    return Markup(
        '<table class="themes"><tr><th>Theme</th><th>Before</th><th>After</th></tr>{}</table>'
    ).format(body)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _where(name: str, view: CommitmentView | None) -> Markup:
    if view is None:
        return Markup("")
    return Markup('<div class="where"><b>{}</b> {}</div>').format(name, view_facts(view))


def _context(context: ChangeContext | None) -> Markup:
    if context is None:
        return Markup("")
    name, where = context_label(context)
    return Markup('<div class="where context"><b>{}</b> {}</div>').format(name, where)


def _badges(change: CommitmentChange) -> Markup:
    return Markup("").join(
        Markup('<span class="badge {}">{}</span>').format(k, kind_label(k)) for k in change.kinds
    )


def change_card_html(change: CommitmentChange, number: int) -> Markup:
    """One commitment change: kind badges and significance, why, where it stands on both sides,
    evidence, redline."""
    evidence = (
        Markup('<div class="evidence">{}</div>').format("; ".join(change.evidence)) if change.evidence else ""
    )
    why = (
        Markup('<div class="where why"><b>why</b> {}</div>').format(change.significance_reason)
        if change.significance_reason
        else ""
    )
    return Markup(
        '<section class="card" id="change-{}"><div>{}<span class="score">significance {}</span></div>'
        '{}{}{}{}{}<p class="redline">{}</p></section>'
    ).format(
        number,
        _badges(change),
        change.significance,
        why,
        _where("before", change.before),
        _where("after", change.after),
        _context(change.context),
        evidence,
        redline_html(change.redline),
    )


def full_text_html(blocks: Sequence[BlockDiff]) -> Markup:
    """Every block of the newer text with its redline; removed blocks where they stood."""
    out = []
    for n, block in enumerate(blocks, 1):
        if block.kind == "heading":
            out.append(Markup('<h3 id="block-{}">{}</h3>').format(n, redline_html(block.redline)))
        else:
            out.append(
                Markup('<p class="block {}" id="block-{}">{}</p>').format(
                    block.status, n, redline_html(block.redline)
                )
            )
    return Markup("\n").join(out)


def _entry_html(item: Numbered) -> Markup:
    change = item.change
    return Markup('<li id="change-{}"><span class="score">{}</span> {} {}</li>').format(
        item.number, change.significance, _badges(change), shorten(change_text(change), ENTRY_CHARS)
    )


def outline_html(report: DiffReport, *, every: bool = False, top: int = DEFAULT_TOP) -> Markup:
    """What matters (cards), then the rest by section, then the changes of form counted."""
    shape = outline(report, top=top, every=every)
    out: list[Markup] = []
    if shape.top:
        out.append(Markup("<h2>What matters</h2>"))
        out += [change_card_html(item.change, item.number) for item in shape.top]
    if shape.groups:
        out.append(Markup("<h2>By section</h2>"))
        for group in shape.groups:
            out.append(
                Markup('<section class="group"><h3>{}</h3><p class="counts">{}</p>').format(
                    group.title, counts_line(group.counts)
                )
            )
            if shape.every:
                out += [change_card_html(item.change, item.number) for item in group.listed]
            else:
                items = Markup("").join(_entry_html(item) for item in group.listed)
                more = Markup()
                if group.hidden:
                    more = Markup('<li class="more">{}</li>').format(more_line(group.hidden))
                out.append(Markup('<ul class="entries">{}{}</ul>').format(items, more))
            out.append(Markup("</section>"))
    if shape.collapsed:
        out.append(Markup("<h2>Not listed</h2>"))
        lines = Markup("").join(Markup("<li>{}</li>").format(x) for x in collapsed_lines(shape.collapsed))
        out.append(Markup('<ul class="collapsed">{}</ul>').format(lines))
    return Markup("\n").join(out)


def render_html(report: DiffReport, *, full_text: bool = False, top: int = DEFAULT_TOP) -> str:
    """A standalone HTML page (inline CSS, no scripts); `full_text`: every change, and the text."""
    title = f"{report.before.ref} → {report.after.ref}"
    parts = [
        Markup('<!doctype html>\n<html lang="{}"><head><meta charset="utf-8">').format(
            report.language if report.language != "und" else "en"
        ),
        Markup("<title>{}</title><style>{}</style></head><body>").format(title, Markup(STYLE)),
        Markup("<h1>{}</h1>").format(title),
        summary_html(report),
        themes_html(report),
        outline_html(report, every=full_text, top=top),
    ]
    if full_text:
        parts += [Markup("<h2>Full text</h2>"), full_text_html(report.blocks)]
    parts.append(Markup("</body></html>\n"))
    return str(Markup("\n").join(parts))
