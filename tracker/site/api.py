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
import json
from typing import Any

from tracker.site import paths, views
from tracker.site.inputs import BuildInputs
from tracker.site.model import DocumentEntry, RevisionEntry, fingerprint
from tracker.site.output import PlannedFile

SITE_SCHEMA = "tracker.site/1"


def dump_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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


def _csv(rows: list[list[Any]], header: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


class ApiPlanner:
    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self.model = inputs.model
        self.chrome = [self.model.chrome()]

    def plan(self) -> list[PlannedFile]:
        model = self.model
        files = [self.index(), self.themes(), self.changes(), self.changes_csv(), self.commitments_csv()]
        for doc in model.documents:
            files.append(self.document(doc))
            for rev in doc.revisions:
                files.append(self.report(doc, rev))
        return files

    def index(self) -> PlannedFile:
        model = self.model
        data = {
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
        return PlannedFile(paths.API_INDEX, fingerprint("api", self.chrome, data), lambda: dump_json(data))

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

    def themes(self) -> PlannedFile:
        model = self.model
        directions = {d.id: d for d in views.directions(model)}
        data = {
            "schema": "tracker.site.themes/1",
            "themes": [
                {
                    **directions[t.id].to_dict(),
                    "page": paths.theme_page(t.id),
                    "documents": [
                        {
                            "id": d.id,
                            "points": [
                                {
                                    "revision": r.slug,
                                    "date": r.date.isoformat(),
                                    "weight": r.digest.weight(t.id),
                                }
                                for r in d.revisions
                            ],
                        }
                        for d in model.documents
                        if any(r.digest.weight(t.id) for r in d.revisions)
                    ],
                }
                for t in model.themes
            ],
        }
        return PlannedFile(paths.API_THEMES, fingerprint("api", self.chrome, data), lambda: dump_json(data))

    def _all_changes(self) -> list[tuple[DocumentEntry, RevisionEntry, Any]]:
        out: list[tuple[DocumentEntry, RevisionEntry, Any]] = []
        for d in self.model.documents:
            for r in d.revisions:
                if r.is_first:
                    continue
                out.extend((d, r, c) for c in views.substantive(r.digest.changes))
        out.sort(key=lambda t: (t[1].date, t[0].id, t[1].number), reverse=True)
        return out

    def changes(self) -> PlannedFile:
        data = {
            "schema": "tracker.site.changes/1",
            "changes": [
                {
                    "document": d.id,
                    "revision": r.slug,
                    "date": r.date.isoformat(),
                    "page": r.page,
                    **c.to_dict(),
                }
                for d, r, c in self._all_changes()
            ],
        }
        return PlannedFile(paths.API_CHANGES, fingerprint("api", self.chrome, data), lambda: dump_json(data))

    def changes_csv(self) -> PlannedFile:
        rows = [
            [
                d.id,
                r.slug,
                r.date.isoformat(),
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
            for d, r, c in self._all_changes()
        ]
        return PlannedFile(paths.CHANGES_CSV, fingerprint("csv", rows), lambda: _csv(rows, CHANGE_COLUMNS))

    def commitments_csv(self) -> PlannedFile:
        """Every commitment in force: the latest text compared with nothing lists them all as added."""
        docs = [d for d in self.model.documents if d.latest and d.commitments_key]
        deps = [(d.id, d.latest.slug if d.latest else None, d.commitments_key) for d in docs]

        def render() -> bytes:
            rows: list[list[Any]] = []
            for d in docs:
                assert d.latest is not None and d.commitments_key is not None
                report = self.inputs.report(d.commitments_key)
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
            return _csv(rows, COMMITMENT_COLUMNS)

        return PlannedFile(paths.COMMITMENTS_CSV, fingerprint("csv-commitments", deps), render)
