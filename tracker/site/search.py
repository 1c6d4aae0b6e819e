"""The static search index: one script file per document, loaded by `static/search.js`.

Script files (not JSON fetched over XHR) so search works from file:// as well as any
static host. Each shard lists a document's distinct text lines once, with the shown
revisions that contain them, so N similar revisions cost little more than one; a new
revision rewrites only its own document's shard.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tracker.errors import TrackerError
from tracker.site import paths
from tracker.site.environment import show_bidi_controls
from tracker.site.inputs import BuildInputs
from tracker.site.model import DocumentEntry, fingerprint
from tracker.site.output import PlannedFile
from tracker.site.pages import block_id

_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s+)")


def text_lines(text: str) -> list[str]:
    """Searchable lines of normalized Markdown: markers stripped, blank lines dropped."""
    return [line for _, line in numbered_lines(text)]


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The searchable lines with their line numbers in the text (1-based, as reports count)."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = _MARKUP.sub("", line).strip()
        if line:
            out.append((number, line))
    return out


def block_anchors(report: dict[str, Any]) -> dict[int, str]:
    """Each line of a revision's text -> the anchor of the redline block showing it on its page."""
    anchors: dict[int, str] = {}
    for i, block in enumerate(report.get("blocks", [])):
        span = block.get("after_lines")
        if span:
            for line in range(int(span[0]), int(span[1]) + 1):
                anchors.setdefault(line, block_id(i))
    return anchors


def _script(call: str, data: Any) -> bytes:
    """A script calling `call(data)`; <, > and & are escaped so no text can ever read as markup."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"{call}({payload});\n".encode()


class SearchPlanner:
    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self.model = inputs.model

    def plan(self) -> list[PlannedFile]:
        files = self.plan_corpus()
        for doc in self.model.documents:
            files.extend(self.plan_document(doc))
        return files

    def plan_corpus(self, signature: str | None = None) -> list[PlannedFile]:
        shards = [paths.search_shard(d.id) for d in self.model.documents]
        manifest = {"shards": shards}
        return [
            PlannedFile(
                paths.SEARCH_MANIFEST,
                fingerprint("search-manifest", manifest),
                lambda: f"window.TRACKER_SEARCH = {json.dumps(manifest, separators=(',', ':'))};\n".encode(),
            )
        ]

    def plan_document(self, doc: DocumentEntry) -> list[PlannedFile]:
        return [self.shard(doc)]

    def shard(self, doc: DocumentEntry) -> PlannedFile:
        deps = [
            doc.meta(),
            [(r.slug, r.commit, r.date.isoformat(), r.label, r.report_key) for r in doc.revisions],
        ]

        def render() -> bytes:
            lines: dict[str, list[int]] = {}
            anchors: dict[str, str | None] = {}  # the line's block on the newest revision holding it
            for i, rev in enumerate(doc.revisions):
                try:
                    text = self.inputs.text(rev.commit)
                except (TrackerError, OSError, UnicodeError) as exc:
                    self.inputs.warn(f"unreadable revision {rev.ref} (search index): {exc}")
                    continue
                blocks = block_anchors(self.inputs.report(rev.report_key))
                for number, line in numbered_lines(text):
                    revs = lines.setdefault(line, [])
                    if not revs or revs[-1] != i:
                        revs.append(i)
                        anchors[line] = blocks.get(number)
            data = {
                "id": doc.id,
                "title": show_bidi_controls(doc.title),
                "lang": doc.language,
                "illustrative": doc.illustrative,
                "revisions": [
                    [r.date.isoformat(), show_bidi_controls(r.label), r.page] for r in doc.revisions
                ],
                "lines": [[line, revs, anchors.get(line)] for line, revs in lines.items()],
            }
            return _script("trackerSearchAdd", data)

        return PlannedFile(paths.search_shard(doc.id), fingerprint("search", deps), render)
