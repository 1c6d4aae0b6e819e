"""The static JSON API (mirroring the pages) and the CSV downloads.

Layout (every path relative to the site root):
  api/index.json                            the site and every document (schemas/site-index.schema.json)
  api/documents/<id>.json                   one document and its timeline (schemas/site-document.schema.json)
  api/documents/<id>/<revision>.json        that revision's tracker.diff/1 report, as the differ wrote it
  api/themes.json                           theme weights per document and revision
  api/changes.json                          every commitment change, newest first
  api/commitments.csv                       every commitment in force in each document's latest revision
  api/commitment-changes.csv                every commitment change, one row each
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import orjson

from tracker.site import paths, views
from tracker.site.inputs import BuildInputs
from tracker.site.model import DocumentEntry, RevisionEntry, fingerprint
from tracker.site.output import PlannedFile

SITE_SCHEMA = "tracker.site/1"


def dump_json(data: Any) -> bytes:
    """Indented UTF-8 JSON (orjson: the standard encoder is pure Python once it indents)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def revision_record(doc: DocumentEntry, rev: RevisionEntry) -> dict[str, Any]:
    return {
        **rev.meta(),
        "summary": dict(rev.digest.summary),
        "summary_line": rev.digest.summary_line() if not rev.is_first else "first revision",
        "commitments": rev.digest.commitments_after,
        "themes": views.theme_weights(dict(rev.digest.themes_after)),
        "page": rev.page,
        "report": paths.api_report(doc.id, rev.slug),
        "source": paths.source_file(rev.source_sha256, rev.source_ext),
        "text": paths.revision_text(doc.id, rev.slug),
    }


def document_record(doc: DocumentEntry) -> dict[str, Any]:
    return {
        **doc.meta(),
        "page": doc.page,
        "api": paths.api_document(doc.id),
        "feed": paths.document_feed(doc.id),
        "revisions": len(doc.revisions),
        "latest": doc.latest.slug if doc.latest else None,
    }


CHANGE_COLUMNS = [
    "document",
    "revision",
    "date",
    "label",
    "kinds",
    "section",
    "before",
    "after",
    "strength_before",
    "strength_after",
    "actor",
    "themes",
    "evidence",
    "url",
]
COMMITMENT_COLUMNS = [
    "document",
    "revision",
    "date",
    "section",
    "text",
    "strength",
    "negated",
    "actor",
    "targets",
    "themes",
    "lines",
]


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading single
    quote (`=HYPERLINK(...)` becomes `'=HYPERLINK(...)`). Every column of the site's CSV
    files is text (no number in them is negative), so a cell such as "-5%" is quoted too."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_rows(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([csv_cell(cell) for cell in row] for row in rows)
    return buf.getvalue()


def json_list_items(items: list[Any], depth: int) -> bytes:
    """The items of a JSON list as `dump_json` writes them inside a document, the list being
    `depth` levels deep: each item indented, items joined by a comma and a new line. Kept
    per document, they are joined into a corpus-wide file without serialising it again
    (a JSON string never holds a raw new line, so indenting after each one is exact)."""
    indent = b"\n" + b"  " * depth
    return b",\n".join(
        b"  " * depth + orjson.dumps(item, option=orjson.OPT_INDENT_2).replace(b"\n", indent)
        for item in items
    )


def _composed(make: Callable[[], Any], write: Callable[[Any], bytes]) -> Callable[[], bytes]:
    return lambda: write(make())


#: The key in the build's memo (kept between builds) of each document's commitments.csv rows.
COMMITMENT_ROWS_MEMO = "commitment_rows"
#: ... and of its parts of changes.json and commitment-changes.csv.
CHANGES_MEMO = "changes"
#: ... and of its items of api/themes.json, per theme.
THEME_POINTS_MEMO = "theme_points"


class ApiPlanner:
    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self.model = inputs.model
        self.chrome = [self.model.chrome()]
        self._changes: list[tuple[str, str, int, bytes, str]] | None = None

    def plan(self) -> list[PlannedFile]:
        files = self.plan_corpus()
        for doc in self.model.documents:
            files.extend(self.plan_document(doc))
        return files

    def plan_corpus(self, signature: str | None = None) -> list[PlannedFile]:
        """The files about every document. With the corpus `signature`, they are fingerprinted
        by it and their data is made only when they are rendered."""
        makers: list[tuple[str, Callable[[], Any], Callable[[Any], bytes]]] = [
            (paths.API_INDEX, self.index_data, dump_json),
            (paths.API_THEMES, self.themes_json, bytes),
            (paths.API_CHANGES, self.changes_json, bytes),
            (paths.CHANGES_CSV, self.changes_csv, bytes),
        ]
        if signature is None:
            files = [self._eager(path, make(), write) for path, make, write in makers]
        else:
            files = [
                PlannedFile(path, fingerprint("api", path, signature), _composed(make, write))
                for path, make, write in makers
            ]
        return [*files, self.commitments_csv()]

    def _eager(self, path: str, data: Any, write: Callable[[Any], bytes]) -> PlannedFile:
        return PlannedFile(path, fingerprint("api", path, self.chrome, data), lambda: write(data))

    def plan_document(self, doc: DocumentEntry) -> list[PlannedFile]:
        return [self.document(doc), *(self.report(doc, rev) for rev in doc.revisions)]

    def index_data(self) -> dict[str, Any]:
        model = self.model
        return {
            "schema": SITE_SCHEMA,
            "title": model.title,
            "base_url": model.base_url,
            "generator": f"policy tracker {model.version}",
            "documents": [document_record(d) for d in model.documents],
            "themes": [{"id": t.id, "label": t.label, "page": paths.theme_page(t.id)} for t in model.themes],
            "files": {
                "themes": paths.API_THEMES,
                "changes": paths.API_CHANGES,
                "commitments_csv": paths.COMMITMENTS_CSV,
                "changes_csv": paths.CHANGES_CSV,
                "feed": paths.FEED,
            },
        }

    def document(self, doc: DocumentEntry) -> PlannedFile:
        data = {
            "schema": "tracker.site.document/1",
            "document": document_record(doc),
            "timeline": [revision_record(doc, r) for r in doc.revisions],
        }
        path = paths.api_document(doc.id)
        return PlannedFile(path, fingerprint("api", self.chrome, data), lambda: dump_json(data))

    def report(self, doc: DocumentEntry, rev: RevisionEntry) -> PlannedFile:
        key = rev.report_key
        return PlannedFile(
            paths.api_report(doc.id, rev.slug),
            fingerprint("report", key),
            lambda: self.inputs.report_bytes(key) + b"\n",
        )

    def themes_data(self) -> dict[str, Any]:
        model = self.model
        directions = {d.id: d for d in views.directions(model)}
        # each document's revisions once (slug, ISO date, weights), not once per theme
        documents = [
            (
                d.id,
                views.carried_themes(d),
                [(r.slug, r.date.isoformat(), r.digest.weight) for r in d.revisions],
            )
            for d in model.documents
        ]
        return {
            "schema": "tracker.site.themes/1",
            "themes": [
                {
                    **directions[t.id].to_dict(),
                    "page": paths.theme_page(t.id),
                    "documents": [
                        {
                            "id": doc_id,
                            "points": [
                                {"revision": slug, "date": date, "weight": weight(t.id)}
                                for slug, date, weight in revisions
                            ],
                        }
                        for doc_id, carried, revisions in documents
                        if t.id in carried
                    ],
                }
                for t in model.themes
            ],
        }

    def themes_json(self) -> bytes:
        """api/themes.json as dump_json writes `themes_data()`, assembled from each document's
        items (kept in its memo under its signature): a rebuild serialises the changed ones."""
        model = self.model
        directions = {d.id: d for d in views.directions(model)}
        by_theme: dict[str, list[bytes]] = {}
        for d in model.documents:
            for theme_id, item in self._theme_points(d).items():
                by_theme.setdefault(theme_id, []).append(item)
        items = []
        for t in model.themes:
            head = {**directions[t.id].to_dict(), "page": paths.theme_page(t.id), "documents": []}
            item = json_list_items([head], depth=2)
            documents = by_theme.get(t.id)
            if documents:
                # a key of this object (a string value holds its quotes escaped): replaced once
                listed = b"[\n" + b",\n".join(documents) + b"\n" + b"  " * 3 + b"]"
                item = item.replace(b'"documents": []', b'"documents": ' + listed, 1)
            items.append(item)
        body = b"[\n" + b",\n".join(items) + b"\n  ]" if items else b"[]"
        return b'{\n  "schema": "tracker.site.themes/1",\n  "themes": ' + body + b"\n}\n"

    def _theme_points(self, d: DocumentEntry) -> dict[str, bytes]:
        """One document's item of each theme's "documents" in api/themes.json, serialised."""
        signature = self.inputs.signatures.get(d.id)
        kept = self.inputs.memo(d.id, False).get(THEME_POINTS_MEMO)
        if (
            signature is not None
            and isinstance(kept, list)
            and len(kept) == 2
            and kept[0] == signature
            and all(isinstance(item, bytes) for item in kept[1].values())
        ):
            return dict(kept[1])
        revisions = [(r.slug, r.date.isoformat(), r.digest.weight) for r in d.revisions]
        own = {
            theme: json_list_items(
                [
                    {
                        "id": d.id,
                        "points": [
                            {"revision": slug, "date": date, "weight": weight(theme)}
                            for slug, date, weight in revisions
                        ],
                    }
                ],
                depth=4,
            )
            for theme in sorted(views.carried_themes(d))
        }
        if signature is not None:
            self.inputs.memo(d.id, True)[THEME_POINTS_MEMO] = [signature, own]
        return own

    def _change_parts(self) -> list[tuple[str, str, int, bytes, str]]:
        """Per revision with substantive changes, across the corpus, newest first: (date, document,
        number, its changes.json items, its CSV rows), each made once per document and kept in
        its memo under its signature, so a rebuild serialises only the changed document's."""
        if self._changes is None:
            parts: list[tuple[str, str, int, bytes, str]] = []
            for d in self.model.documents:
                signature = self.inputs.signatures.get(d.id)
                kept = self.inputs.memo(d.id, False).get(CHANGES_MEMO)
                if (
                    signature is not None
                    and isinstance(kept, list)
                    and len(kept) == 2
                    and kept[0] == signature
                    and all(isinstance(p[2], bytes) for p in kept[1])
                ):
                    own = [(str(p[0]), int(p[1]), p[2], str(p[3])) for p in kept[1]]
                else:
                    own = self._document_change_parts(d)
                    if signature is not None:
                        self.inputs.memo(d.id, True)[CHANGES_MEMO] = [signature, own]
                parts.extend((date, d.id, number, items, rows) for date, number, items, rows in own)
            parts.sort(key=lambda t: t[:3], reverse=True)
            self._changes = parts
        return self._changes

    @staticmethod
    def _document_change_parts(d: DocumentEntry) -> list[tuple[str, int, bytes, str]]:
        own: list[tuple[str, int, bytes, str]] = []
        for r in d.revisions:
            if r.is_first:
                continue
            changes = views.substantive(r.digest.changes)
            if not changes:
                continue
            date = r.date.isoformat()
            items = [
                {"document": d.id, "revision": r.slug, "date": date, "page": r.page, **c.to_dict()}
                for c in changes
            ]
            rows = [
                [
                    d.id,
                    r.slug,
                    date,
                    r.label,
                    " ".join(c.kinds),
                    " > ".join(c.section),
                    c.before_text or "",
                    c.after_text or "",
                    c.strength_before or "",
                    c.strength_after or "",
                    c.actor or "",
                    " ".join(c.themes),
                    " | ".join(c.evidence),
                    f"{r.page}#{c.anchor}",
                ]
                for c in changes
            ]
            own.append((date, r.number, json_list_items(items, depth=2), _csv_rows(rows)))
        return own

    def changes_json(self) -> bytes:
        """api/changes.json: every commitment change, newest first (as dump_json writes it)."""
        items = b",\n".join(part[3] for part in self._change_parts())
        body = b"[\n" + items + b"\n  ]" if items else b"[]"
        return b'{\n  "schema": "tracker.site.changes/1",\n  "changes": ' + body + b"\n}\n"

    def changes_csv(self) -> bytes:
        return (_csv_rows([CHANGE_COLUMNS]) + "".join(part[4] for part in self._change_parts())).encode(
            "utf-8"
        )

    def commitments_csv(self) -> PlannedFile:
        """Every commitment in force: the latest text compared with nothing lists them all as added.

        Each document's rows are kept in its memo under its report key, so a rebuild
        reads only the reports of documents that changed, not all of them.
        """
        docs = [d for d in self.model.documents if d.latest and d.commitments_key]
        deps = [(d.id, d.latest.slug if d.latest else None, d.commitments_key) for d in docs]

        def render() -> bytes:
            chunks: list[str] = []
            for d in docs:
                assert d.latest is not None and d.commitments_key is not None
                key = f"{d.commitments_key}:{d.latest.slug}"
                kept = self.inputs.memo(d.id, False).get(COMMITMENT_ROWS_MEMO)
                if isinstance(kept, list) and len(kept) == 2 and kept[0] == key:
                    chunk = str(kept[1])
                else:
                    chunk = _csv_rows(self._commitment_rows(d, self.inputs.report(d.commitments_key)))
                    self.inputs.memo(d.id, True)[COMMITMENT_ROWS_MEMO] = [key, chunk]
                chunks.append(chunk)
            return (_csv_rows([COMMITMENT_COLUMNS]) + "".join(chunks)).encode("utf-8")

        return PlannedFile(paths.COMMITMENTS_CSV, fingerprint("csv-commitments", deps), render)

    @staticmethod
    def _commitment_rows(d: DocumentEntry, report: dict[str, Any]) -> list[list[Any]]:
        assert d.latest is not None
        rows: list[list[Any]] = []
        for change in report.get("commitment_changes", []):
            c = change.get("after")
            if not c:
                continue
            rows.append(
                [
                    d.id,
                    d.latest.slug,
                    d.latest.date.isoformat(),
                    " > ".join(c.get("section", [])),
                    c.get("text", ""),
                    c.get("strength") or "",
                    "yes" if c.get("negated") else "",
                    c.get("actor") or "",
                    " | ".join(t.get("text", "") for t in c.get("targets", [])),
                    " ".join(c.get("themes", [])),
                    "-".join(str(n) for n in c.get("lines", [])),
                ]
            )
        return rows
