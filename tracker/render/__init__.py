"""Renderers of a DiffReport: terminal (rich), JSON, Markdown, standalone HTML.

Renderers only read the report; they never compute a diff. `render(report, fmt)`
returns the whole output as text, so the CLI, the site and tests share one path.
"""

from __future__ import annotations

from tracker.diff.report import DiffReport

FORMATS = ("term", "json", "md", "html")


def render(
    report: DiffReport,
    fmt: str,
    *,
    full_text: bool = False,
    color: bool = False,
    width: int = 100,
    top: int | None = None,
) -> str:
    """The report in one format ("term", "json", "md" or "html").

    `top`: how many changes "What matters" shows (default `outline.DEFAULT_TOP`); `full_text`
    (--all): every change, and the text. JSON holds every change and needs neither.
    """
    if fmt == "json":
        from tracker.render.json import render_json

        return render_json(report)
    from tracker.render.outline import DEFAULT_TOP

    top = DEFAULT_TOP if top is None else top
    if fmt == "md":
        from tracker.render.markdown import render_markdown

        return render_markdown(report, full_text=full_text, top=top)
    if fmt == "html":
        from tracker.render.html import render_html

        return render_html(report, full_text=full_text, top=top)
    if fmt == "term":
        from tracker.render.term import render_term

        return render_term(report, full_text=full_text, color=color, width=width, top=top)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
