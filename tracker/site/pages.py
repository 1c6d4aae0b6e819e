"""The HTML pages: home, documents, revisions, compare-with-first, themes, search, data.

Each page is planned with a fingerprint of what it shows; the template is rendered only
when that changes. Cards and redlines come from the differ's tracker.diff/1 reports
as they are; nothing here re-reads or re-compares text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from tracker.render.html import redline_html
from tracker.site import paths, reading, views
from tracker.site.environment import linker, rendering, show_bidi_overrides
from tracker.site.inputs import BuildInputs
from tracker.site.model import DocumentEntry, RevisionEntry, fingerprint, humanize_theme
from tracker.site.output import PlannedFile
from tracker.site.reports import anchors_for

#: The key in the build's memo (kept between builds) of each theme page's per-document parts.
THEME_PARTS_MEMO = "theme_parts"
#: ... and of each document's row of the home page.
HOME_ROW_MEMO = "home_row"


#: Where a theme page's kept parts go in its rendered shell (never left in a written page).
ROWS_MARK = "\x00tracker:theme-rows\x00"
MOVES_MARK = "\x00tracker:theme-moves\x00"


class Placeholder(Markup):
    """A marker put in a page where a large kept part goes, true when that part is not empty
    (templates test it, as they test the part)."""

    present: bool

    def __new__(cls, marker: str, present: bool) -> Placeholder:
        made = super().__new__(cls, marker)
        made.present = present
        return made

    def __bool__(self) -> bool:
        return self.present


@dataclass(frozen=True)
class Card:
    anchor: str
    change: dict[str, Any]
    block: str | None = None  # the id of the redline block holding its sentence


@dataclass(frozen=True)
class BlockView:
    id: str
    kind: str
    status: str
    redline: list[list[str]]
    html: Markup  # the block's text as shown: its redline, or for a first revision the plain text
    cards: tuple[str, ...] = ()  # the anchors of the cards whose sentence it holds


def plain_text(ops: list[list[str]]) -> Markup:
    """A redline's resulting text (deletions dropped), escaped: a first revision shows no edits."""
    return show_bidi_overrides(escape("".join(text for op, text in ops if op != "-")))


def shown_redline(ops: Sequence[tuple[str, str]]) -> Markup:
    """The differ's redline of a block or sentence, with its bidi overrides shown."""
    return show_bidi_overrides(redline_html(ops))


def block_id(index: int) -> str:
    """The anchor of a redline block (1-based, as the page numbers them)."""
    return f"b{index + 1}"


def theme_label(labels: Mapping[str, str], theme_id: str) -> str:
    """A theme's label, as SiteModel.theme_label gives it, from the labels alone."""
    return labels[theme_id] if theme_id in labels else humanize_theme(theme_id)


def http_url(value: str | None) -> str | None:
    """Only http(s) links from untrusted metadata become links; anything else is dropped."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


class PagePlanner:
    """Plans every HTML page of the site from the BuildInputs."""

    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self.model = inputs.model
        theme = inputs.theme
        # a function of the labels alone: the environment (and the macro modules it caches) is
        # cyclic, and must not hold the model, or the whole model waits for the cyclic collector
        theme.env.globals["theme_label"] = functools.partial(theme_label, self.model.theme_labels())
        theme.env.globals["theme_page"] = paths.theme_page
        theme.env.filters["http_url"] = http_url
        theme.env.globals["redline_html"] = shown_redline  # the differ's own redline component
        self.chrome = [
            self.model.chrome(),
            theme.fingerprint(),
            [(t.id, t.label) for t in self.model.themes],
        ]
        self._theme_memos: dict[str, dict[str, Any]] = {}  # each document's kept theme parts, read once

    def _page(
        self, path: str, template: str, deps: Any, context: Callable[[], dict[str, Any]]
    ) -> PlannedFile:
        def render() -> bytes:
            canonical = paths.absolute(self.model.base_url, path)
            html = self.inputs.theme.render(template, path, site=self.model, canonical=canonical, **context())
            return html.encode("utf-8")

        return PlannedFile(path, fingerprint("page", template, self.chrome, deps), render, is_page=True)

    def plan(self) -> list[PlannedFile]:
        files = self.plan_corpus()
        for doc in self.model.documents:
            files.extend(self.plan_document(doc))
        return files

    def plan_corpus(self, signature: str | None = None) -> list[PlannedFile]:
        """The pages that show every document: home, themes, and the fixed pages.

        With the corpus `signature` (every document's signature), the pages that list
        all documents are fingerprinted by it instead of by the data they show, which
        would cost a pass over every revision and change on each build.
        """
        files = [self.home(signature), self.themes_index(signature), self.simple(paths.SEARCH, "search.html")]
        files.append(self.simple("data.html", "data.html"))
        files.append(self.simple(paths.NOT_FOUND, "404.html"))
        files.extend(self.theme(theme.id, signature) for theme in self.model.themes)
        return files

    def plan_document(self, doc: DocumentEntry) -> list[PlannedFile]:
        """A document's own pages: its timeline, each revision, each compare-with-first."""
        files = [self.document(doc)]
        for i, rev in enumerate(doc.revisions):
            following = doc.revisions[i + 1] if i + 1 < len(doc.revisions) else None
            files.append(self.revision(doc, rev, following))
            if rev.compare_key is not None:
                files.append(self.compare(doc, rev))
        return files

    def simple(self, path: str, template: str) -> PlannedFile:
        return self._page(path, template, [], dict)

    def home(self, signature: str | None = None) -> PlannedFile:
        model = self.model
        if signature is not None:
            return self._page(paths.HOME, "home.html", signature, self._home_context)
        latest = views.latest_changes(model)
        directions = views.directions(model)
        deps = [
            [
                d.meta() | {"latest": d.latest.meta() if d.latest else None, "n": len(d.revisions)}
                for d in model.documents
            ],
            [d.latest.digest.summary_line() if d.latest else None for d in model.documents],
            [
                (i.doc.id, i.rev.meta(), [c.to_dict() for c in i.changes], i.more, i.rev.digest.summary)
                for i in latest
            ],
            [d.to_dict() for d in directions],
        ]
        return self._page(paths.HOME, "home.html", deps, self._home_context)

    def _home_context(self) -> dict[str, Any]:
        model = self.model
        return {
            "doc_rows": self._home_rows(),
            "documents": model.documents,
            "revision_count": sum(len(d.revisions) for d in model.documents),
            "latest": views.latest_changes(model),
            "jurisdictions": views.jurisdictions(model),
            "directions": views.directions(model),
        }

    def _home_rows(self) -> dict[str, Markup]:
        """Each document's row of the home page's table, rendered per document and kept in its
        memo under its signature (the table lists the whole corpus)."""
        parts: Any = None
        rows: dict[str, Markup] = {}
        for doc in self.model.documents:
            signature = self.inputs.signatures.get(doc.id)
            kept = self.inputs.memo(doc.id, False).get(HOME_ROW_MEMO)
            if signature is not None and isinstance(kept, list) and len(kept) == 2 and kept[0] == signature:
                rows[doc.id] = Markup(kept[1])
                continue
            if parts is None:
                parts = self.inputs.theme.env.get_template("_home_parts.html").make_module(
                    {"page": paths.HOME, "url": linker(paths.HOME)}
                )
            with rendering(paths.HOME):
                row = str(parts.doc_row(doc))
            rows[doc.id] = Markup(row)
            if signature is not None:
                self.inputs.memo(doc.id, True)[HOME_ROW_MEMO] = [signature, row]
        return rows

    def themes_index(self, signature: str | None = None) -> PlannedFile:
        if signature is not None:
            return self._page(
                paths.THEMES, "themes.html", signature, lambda: {"directions": views.directions(self.model)}
            )
        directions = views.directions(self.model)
        return self._page(
            paths.THEMES, "themes.html", [d.to_dict() for d in directions], lambda: {"directions": directions}
        )

    def document(self, doc: DocumentEntry) -> PlannedFile:
        model = self.model
        deps = [
            doc.meta(),
            [
                (r.meta(), r.digest.summary, r.digest.themes_after, r.digest.commitments_after)
                for r in doc.revisions
            ],
            [r.digest.text_changed for r in doc.revisions],
            [r.digest.shifts for r in doc.revisions],
        ]
        return self._page(
            doc.page,
            "document.html",
            deps,
            lambda: {
                "doc": doc,
                "feed": paths.document_feed(doc.id),
                "api": paths.api_document(doc.id),
                "chart": views.document_chart(model, doc),
                "weight_rows": views.weight_rows(model, doc),
                "turns": {
                    r.slug: reading.turn_phrase(r.digest.shifts, model.theme_label) for r in doc.revisions
                },
            },
        )

    def _report_context(self, doc: DocumentEntry, key: str, first_revision: bool) -> dict[str, Any]:
        report = self.inputs.report(key)
        changes = list(report.get("commitment_changes", []))
        raw_blocks = list(report.get("blocks", []))
        shown = [
            (anchor, change)
            for anchor, change in zip(anchors_for(changes), changes, strict=True)
            if any(k in views.SUBSTANTIVE for k in change.get("kinds", []))
        ]
        cards = []
        back: dict[int, list[str]] = {}
        for anchor, change in shown:
            at = reading.block_of(change, raw_blocks)
            if at is not None:
                back.setdefault(at, []).append(anchor)
            cards.append(Card(anchor=anchor, change=change, block=None if at is None else block_id(at)))
        reworded = sum(1 for c in changes if not any(k in views.SUBSTANTIVE for k in c.get("kinds", [])))
        show = plain_text if first_revision else shown_redline
        blocks = [
            BlockView(
                id=block_id(i),
                kind=str(b.get("kind", "paragraph")),
                status="same" if first_revision else str(b.get("status", "same")),
                redline=b.get("redline", []),
                html=show(b.get("redline", [])),
                cards=tuple(back.get(i, ())),
            )
            for i, b in enumerate(raw_blocks)
        ]
        counts = reading.kind_counts(report.get("summary", {}))
        summary_line = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts) or "No commitment changes."
        label = functools.partial(theme_label, self.model.theme_labels())
        return {
            "report": report,
            "cards": cards,
            "sections": reading.group_by_section(
                cards, lambda card: reading.change_side(card.change).get("section") or ()
            ),
            "top": reading.top_changes(shown),
            "turns": reading.theme_turns(report, label),
            "theme_weights": [(label(t), b, a) for t, b, a in reading.weight_table(report)],
            "kind_counts": counts,
            "reworded": reworded,
            "blocks": blocks,
            "first_revision": first_revision,
            "analysed": bool(report.get("commitments_analysed", True)),
            "in_force": int((report.get("commitments") or {}).get("after", 0)),
            "summary_line": summary_line,
        }

    def revision(
        self, doc: DocumentEntry, rev: RevisionEntry, following: RevisionEntry | None
    ) -> PlannedFile:
        previous = doc.revision(rev.previous_slug) if rev.previous_slug else None
        compare = paths.compare_page(doc.id, doc.revisions[0].slug, rev.slug) if rev.compare_key else None
        deps = [
            doc.meta(),
            rev.meta(),
            rev.report_key,
            previous.meta() if previous else None,
            following.meta() if following else None,
            doc.revisions[0].meta() if compare else None,
        ]
        return self._page(
            rev.page,
            "revision.html",
            deps,
            lambda: {
                "doc": doc,
                "rev": rev,
                "previous": previous,
                "following": following,
                "compare": compare,
                "source": paths.source_file(rev.source_sha256, rev.source_ext),
                "source_name": paths.source_download_name(rev.source_sha256, rev.source_ext),
                "text": paths.revision_text(doc.id, rev.slug),
                "api": paths.api_report(doc.id, rev.slug),
                **self._report_context(doc, rev.report_key, rev.is_first),
            },
        )

    def compare(self, doc: DocumentEntry, rev: RevisionEntry) -> PlannedFile:
        assert rev.compare_key is not None
        first = doc.revisions[0]
        path = paths.compare_page(doc.id, first.slug, rev.slug)
        deps = [doc.meta(), rev.meta(), first.meta(), rev.compare_key]
        key = rev.compare_key
        return self._page(
            path,
            "compare.html",
            deps,
            lambda: {"doc": doc, "rev": rev, **self._report_context(doc, key, False)},
        )

    def theme(self, theme_id: str, signature: str | None = None) -> PlannedFile:
        model = self.model
        theme = next(t for t in model.themes if t.id == theme_id)
        deps = [
            theme.id,
            theme.label,
            signature if signature is not None else views.theme_fingerprint_data(model, theme_id),
        ]

        path = paths.theme_page(theme_id)
        fingerprint_ = fingerprint("page", "theme.html", self.chrome, deps)
        checked: list[bytes] = []

        def render() -> bytes:
            """The page's shell rendered with placeholders where its kept parts go, then the
            parts (bytes, kept per document) put in: the large parts are never re-encoded."""
            docs, rows, moves, fresh = self._theme_parts(theme_id)
            illustrative = [d for d in docs if d.illustrative]
            context = {
                "theme": theme,
                "chart": views.theme_chart(model, theme_id, docs),
                "illustrative_docs": illustrative,
                "illustrative_ja": any(d.language.startswith("ja") for d in illustrative)
                or model.language.startswith("ja"),
            }
            canonical = paths.absolute(model.base_url, path)
            render_page = functools.partial(
                self.inputs.theme.render, "theme.html", path, site=model, canonical=canonical, **context
            )
            shell = render_page(
                rows_html=Placeholder(ROWS_MARK, bool(rows)), moves_html=Placeholder(MOVES_MARK, bool(moves))
            ).encode("utf-8")
            marks = (ROWS_MARK.encode("utf-8"), MOVES_MARK.encode("utf-8"))
            at = [shell.find(mark) for mark in marks]
            if any(i < 0 or shell.count(mark) != 1 for i, mark in zip(at, marks, strict=True)):
                # a template that shows the parts otherwise than once each: rendered in full
                data = render_page(
                    rows_html=Markup(rows.decode("utf-8")), moves_html=Markup(moves.decode("utf-8"))
                )
                checked[:] = [data.encode("utf-8")]
                return checked[0]
            pieces = sorted(zip(at, marks, (rows, moves), strict=True))
            out: list[bytes] = []
            checks: list[bytes] = []
            start = 0
            for i, mark, part in pieces:
                out.extend((shell[start:i], part))
                checks.append(shell[start:i])
                start = i + len(mark)
            out.append(shell[start:])
            checks.extend((shell[start:], fresh))
            checked[:] = [b"".join(checks)]
            return b"".join(out)

        def to_check(data: bytes) -> bytes:
            """The page without its kept parts (checked when they were rendered), plus the new ones."""
            return checked[0] if checked else data

        return PlannedFile(path, fingerprint_, render, is_page=True, to_check=to_check)

    def _theme_parts(self, theme_id: str) -> tuple[list[DocumentEntry], bytes, bytes, bytes]:
        """A theme page's table rows and moves (UTF-8), rendered per document and kept in the
        build memo under the document's signature: a new revision re-renders one document's
        part of each theme page, not every document's (theme pages list the whole corpus).
        The last value is the parts rendered in this build (for the link check)."""
        page = paths.theme_page(theme_id)
        parts: Any = self.inputs.theme.env.get_template("_theme_parts.html").make_module(
            {"page": page, "url": linker(page)}
        )
        docs: list[DocumentEntry] = []
        rows: list[bytes] = []
        moves: list[tuple[str, str, int, bytes]] = []
        fresh: list[bytes] = []
        for doc in self.model.documents:
            if not views.carries_theme(doc, theme_id):
                continue  # no part on this page
            signature = self.inputs.signatures.get(doc.id)
            known = self._theme_memos.get(doc.id)
            if known is None:
                known = self._theme_memos[doc.id] = (
                    self.inputs.memo(doc.id, False).get(THEME_PARTS_MEMO) or {}
                )
            cached = known.get(theme_id)
            if (
                signature is not None
                and cached is not None
                and cached[0] == signature
                and isinstance(cached[1], bytes)
            ):
                doc_rows, doc_moves = cached[1], cached[2]  # moves kept as (date, document, number, html)
            else:
                with rendering(page):
                    doc_rows = str(parts.doc_rows(views.theme_rows(doc, theme_id))).encode("utf-8")
                    doc_moves = [
                        (*views.move_order(move), str(parts.move_item(move)).encode("utf-8"))
                        for move in views.theme_moves(doc, theme_id)
                    ]
                fresh.append(doc_rows)
                fresh.extend(m[3] for m in doc_moves)
                if signature is not None:  # kept in the document's memo under its signature
                    kept = self.inputs.memo(doc.id, True).setdefault(THEME_PARTS_MEMO, {})
                    kept[theme_id] = [signature, doc_rows, doc_moves]
            docs.append(doc)
            rows.append(doc_rows)
            moves.extend(doc_moves)
        moves.sort(key=lambda m: m[:3], reverse=True)
        return docs, b"".join(rows), b"".join(m[3] for m in moves), b"".join(fresh)
