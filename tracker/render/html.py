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
from tracker.render.summary import context_label, kind_label, lines_label, section_label, summary_line

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
    facts = [f"{section_label(view.section)}, {lines_label(view.lines)}"]
    if view.strength:
        facts.append(view.strength)
    if view.actor:
        facts.append(view.actor)
    if view.targets:
        facts.append("targets: " + ", ".join(t.text for t in view.targets))
    return Markup('<div class="where"><b>{}</b> {}</div>').format(name, "; ".join(facts))


def _context(context: ChangeContext | None) -> Markup:
    if context is None:
        return Markup("")
    name, where = context_label(context)
    return Markup('<div class="where context"><b>{}</b> {}</div>').format(name, where)


def change_card_html(change: CommitmentChange, number: int) -> Markup:
    """One commitment change: kind badges, where it stands on both sides, evidence, redline."""
    badges = Markup("").join(
        Markup('<span class="badge {}">{}</span>').format(k, kind_label(k)) for k in change.kinds
    )
    evidence = (
        Markup('<div class="evidence">{}</div>').format("; ".join(change.evidence)) if change.evidence else ""
    )
    return Markup(
        '<section class="card" id="change-{}"><div>{}</div>{}{}{}{}<p class="redline">{}</p></section>'
    ).format(
        number,
        badges,
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


def render_html(report: DiffReport, *, full_text: bool = False) -> str:
    """A standalone HTML page (inline CSS, no scripts)."""
    title = f"{report.before.ref} → {report.after.ref}"
    cards = Markup("\n").join(change_card_html(c, n) for n, c in enumerate(report.changes, 1))
    parts = [
        Markup('<!doctype html>\n<html lang="{}"><head><meta charset="utf-8">').format(
            report.language if report.language != "und" else "en"
        ),
        Markup("<title>{}</title><style>{}</style></head><body>").format(title, Markup(STYLE)),
        Markup("<h1>{}</h1>").format(title),
        summary_html(report),
        themes_html(report),
        Markup("<h2>Commitment changes</h2>") if report.changes else Markup(""),
        cards,
    ]
    if full_text:
        parts += [Markup("<h2>Full text</h2>"), full_text_html(report.blocks)]
    parts.append(Markup("</body></html>\n"))
    return str(Markup("\n").join(parts))
