"""Atom feeds (feedgen): one for the whole corpus, one per document.

Entry ids are UUIDs derived from the document and the commit, so they never change;
`updated` is the revision's own date, so two builds write the same bytes. Technical
revisions never reach the model, so they never appear here.
"""

from __future__ import annotations

import datetime
import uuid

from feedgen.feed import FeedGenerator

from tracker.site import paths, views
from tracker.site.environment import show_bidi_controls
from tracker.site.inputs import BuildInputs
from tracker.site.model import DocumentEntry, RevisionEntry, fingerprint
from tracker.site.output import PlannedFile

_NAMESPACE = uuid.UUID("6f1b1f5e-8d5e-4c1e-9a53-6a9f0f3d2c41")
CORPUS_FEED_SIZE = 50
DOCUMENT_FEED_SIZE = 100


def entry_id(doc_id: str, commit: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"revision:{doc_id}:{commit}").urn


def _timestamp(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(0, 0), tzinfo=datetime.UTC)


def entry_summary(rev: RevisionEntry) -> str:
    if rev.is_first:
        n = rev.digest.commitments_after
        return f"First recorded revision: {n} commitment{'' if n == 1 else 's'}."
    return rev.digest.summary_line().capitalize() + "."


class FeedPlanner:
    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self.model = inputs.model
        self.chrome = [self.model.chrome(), inputs.theme.fingerprint()]

    def plan(self) -> list[PlannedFile]:
        files = self.plan_corpus()
        for doc in self.model.documents:
            files.extend(self.plan_document(doc))
        return files

    def plan_corpus(self, signature: str | None = None) -> list[PlannedFile]:
        return [self.feed(paths.FEED, None)]  # its fingerprint covers only the newest entries: cheap

    def plan_document(self, doc: DocumentEntry) -> list[PlannedFile]:
        return [self.feed(paths.document_feed(doc.id), doc)]

    def _entries(self, doc: DocumentEntry | None) -> list[tuple[DocumentEntry, RevisionEntry]]:
        docs = [doc] if doc else list(self.model.documents)
        items = [(d, r) for d in docs for r in d.revisions]
        items.sort(key=lambda t: (t[1].date, t[0].id, t[1].number), reverse=True)
        return items[: DOCUMENT_FEED_SIZE if doc else CORPUS_FEED_SIZE]

    def _link(self, feed_path: str, target: str) -> str:
        return paths.absolute(self.model.base_url, target) or paths.relative(feed_path, target)

    def feed(self, path: str, doc: DocumentEntry | None) -> PlannedFile:
        entries = self._entries(doc)
        deps = [
            path,
            doc.meta() if doc else None,
            [(d.meta(), r.meta(), r.digest.to_dict()) for d, r in entries],
        ]

        def render() -> bytes:
            return self._render(path, doc, entries)

        return PlannedFile(path, fingerprint("feed", self.chrome, deps), render)

    def _render(
        self, path: str, doc: DocumentEntry | None, entries: list[tuple[DocumentEntry, RevisionEntry]]
    ) -> bytes:
        model = self.model
        fg = FeedGenerator()
        title = show_bidi_controls(f"{doc.title} · {model.title}" if doc else model.title)
        fg.id(
            paths.absolute(model.base_url, path) or uuid.uuid5(_NAMESPACE, f"feed:{model.title}:{path}").urn
        )
        fg.title(title)
        fg.subtitle("Commitment changes between revisions, found by policy tracker")
        fg.author({"name": show_bidi_controls(doc.issuer if doc and doc.issuer else model.title)})
        fg.link(href=self._link(path, path), rel="self", type="application/atom+xml")
        fg.link(href=self._link(path, doc.page if doc else paths.HOME), rel="alternate", type="text/html")
        fg.language(doc.language if doc else model.language)
        fg.generator("policy tracker", version=model.version)
        latest = max((r.date for _, r in entries), default=datetime.date(1970, 1, 1))
        fg.updated(_timestamp(latest))
        for d, r in reversed(entries):  # feedgen prepends; reversed keeps newest first
            fe = fg.add_entry()
            link = self._link(path, r.page)
            fe.id(entry_id(d.id, r.commit))
            fe.title(show_bidi_controls(f"{d.title}: {r.label} ({r.date.isoformat()})"))
            fe.link(href=link, rel="alternate", type="text/html")
            fe.updated(_timestamp(r.date))
            fe.published(_timestamp(r.date))
            summary = entry_summary(r)
            fe.summary(summary)
            changes = views.substantive(r.digest.changes) if not r.is_first else []
            html = self.inputs.theme.render(
                "feed_entry.html", path, doc=d, summary=summary, changes=changes[:20], link=link
            )
            fe.content(html.strip(), type="html")
            for kind in sorted({k for c in changes for k in c.kinds if k in views.SUBSTANTIVE}):
                fe.category(term=kind)
        data: bytes = fg.atom_str(pretty=True)
        return data
