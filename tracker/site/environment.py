"""The Jinja2 environment of the site: the packaged theme, overridable by the corpus's own.

Like datasette, a corpus may hold `templates/` and `static/` folders at its root; a file
there replaces the packaged file of the same name. Autoescaping is always on: document
text is untrusted and is only ever shown as text. Templates are compiled anew by each
build, never read back from a cache (Jinja's bytecode cache is a pickle: a file anyone
could replace would run code at the next build).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from tracker.render.summary import kind_label  # the differ's own kind labels
from tracker.site import paths

#: The packaged theme (a link to the top-level `site/` folder, copied into the wheel).
PACKAGED_THEME = Path(__file__).resolve().parent / "theme"

#: The output file being rendered, for `url()` in macros: templates import their macros
#: without the page's context (`{% import "_macros.html" as m %}`), so the module is made
#: once, not once per page, and holds no page data (a module imported with context is a
#: reference cycle holding the whole render context, freed only by the cyclic collector).
_current_page: ContextVar[str] = ContextVar("tracker_site_page")


class Theme:
    """Templates and static files from the corpus override (if any) and the packaged theme."""

    def __init__(self, override: Path | None = None) -> None:
        self.roots = [root for root in (override, PACKAGED_THEME) if root is not None and root.is_dir()]
        if not (PACKAGED_THEME / "templates").is_dir():
            raise RuntimeError(f"the packaged site theme is missing: {PACKAGED_THEME}")
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader(str(root / "templates"))
            for root in self.roots
            if (root / "templates").is_dir()
        ]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        self.env.globals["url"] = _url
        self.env.filters["kind_label"] = kind_label
        self.env.filters["num"] = number
        self.env.filters["nl2br_safe"] = _nl2br
        self.env.filters["bidi_shown"] = show_bidi_controls
        self._fingerprint: str | None = None

    def static_files(self) -> dict[str, Path]:
        """Every static file by its path under `static/`; the corpus's win over the packaged ones."""
        found: dict[str, Path] = {}
        for root in reversed(self.roots):
            base = root / "static"
            if base.is_dir():
                for file in sorted(base.rglob("*")):
                    if file.is_file():
                        found["static/" + file.relative_to(base).as_posix()] = file
        return dict(sorted(found.items()))

    def _files(self) -> Iterator[Path]:
        for root in self.roots:
            for sub in ("templates", "static"):
                base = root / sub
                if base.is_dir():
                    yield from sorted(p for p in base.rglob("*") if p.is_file())

    def fingerprint(self) -> str:
        """A hash of every template and static file: a theme change rewrites every page."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for file in self._files():
                digest.update(file.as_posix().encode("utf-8"))
                digest.update(file.read_bytes())
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    def render(self, template: str, page: str, **context: Any) -> str:
        with rendering(page):
            return self.env.get_template(template).render(page=page, url=linker(page), **context)


@contextlib.contextmanager
def rendering(page: str) -> Iterator[None]:
    """Links made by macros while this is open are relative to `page`."""
    token = _current_page.set(page)
    try:
        yield
    finally:
        _current_page.reset(token)


#: Bidi controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069) and the
#: implicit marks (U+200E, U+200F, U+061C).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


#: The controls that reorder what follows them (embeddings, overrides, isolates): shown in
#: document text too, where the implicit marks belong to right-to-left writing.
BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _code_point(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def show_bidi_overrides(html: Markup) -> Markup:
    """Document text (escaped HTML) with its overrides shown: "funding [U+202E]0302 yb", not a
    sentence that reads "by 2030" while its extracted target is "0302 yb"."""
    return Markup(BIDI_OVERRIDES.sub(_code_point, html)) if not html.isascii() else html


def show_bidi_controls(text: str) -> str:
    """The text with each bidi control shown as its code point ("[U+202E]"): unseen, an
    override left open in a label reverses what the page shows after it (a date, a number),
    and a reader cannot tell the text shown from the text recorded."""
    if text.isascii():
        return text
    return BIDI_CONTROLS.sub(_code_point, text)


def _finalize(value: Any) -> Any:
    """Every plain string a template prints (labels, titles, targets, actors, sentences of
    cards; not the Markup of the redline, whose blocks are isolated with dir="auto") shows
    its bidi controls."""
    if type(value) is str and not value.isascii():
        return show_bidi_controls(value)
    return value


def linker(page: str) -> Callable[[str], str]:
    """`url(target)` for one page, given to its render: a plain call costs less in Jinja than
    the context-reading global `url`, and a page makes thousands of links."""
    return functools.partial(paths.relative, page)


def _url(target: str) -> str:
    """A link from the page being rendered to another output file (relative, so file:// works)."""
    return paths.relative(_current_page.get(), target)


def number(value: float | int | None) -> str:
    """Weights print as integers when whole, else with at most one decimal."""
    if value is None:
        return "–"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def _nl2br(text: str) -> Markup:
    return Markup("<br>").join(text.split("\n"))
