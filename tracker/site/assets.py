"""Files copied rather than rendered: the theme's static assets, each revision's untouched
source file (content-addressed, so it is never rewritten) and its normalized text."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from tracker.errors import TrackerError
from tracker.site import paths
from tracker.site.inputs import BuildInputs
from tracker.site.model import DocumentEntry, RevisionEntry, fingerprint
from tracker.site.output import PlannedFile


class AssetPlanner:
    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self._sources: dict[str, RevisionEntry] | None = None  # made once per build

    def plan(self) -> list[PlannedFile]:
        files = self.plan_corpus()
        for doc in self.inputs.model.documents:
            files.extend(self.plan_document(doc))
        files.extend(self.plan_sources(set()))
        return files

    def plan_corpus(self) -> list[PlannedFile]:
        """The theme's static files (few and small: hashed on every build)."""
        files = []
        for rel, source in self.inputs.theme.static_files().items():
            data = source.read_bytes()
            files.append(PlannedFile(rel, hashlib.sha256(data).hexdigest(), functools.partial(bytes, data)))
        return files

    def plan_document(self, doc: DocumentEntry) -> list[PlannedFile]:
        """The normalized text of each of a document's revisions."""
        return [
            PlannedFile(
                paths.revision_text(doc.id, rev.slug),
                fingerprint("text", rev.commit),
                functools.partial(self._text, rev.commit),
            )
            for rev in doc.revisions
        ]

    def source_paths(self) -> dict[str, RevisionEntry]:
        """Every original source file the site links to (documents may share one), by output path."""
        if self._sources is None:
            found: dict[str, RevisionEntry] = {}
            for doc in self.inputs.model.documents:
                for rev in doc.revisions:
                    found.setdefault(paths.source_file(rev.source_sha256, rev.source_ext), rev)
            self._sources = found
        return self._sources

    def plan_sources(self, known: set[str]) -> list[PlannedFile]:
        """Source files not in `known`: content-addressed, so one written once never changes."""
        return [
            PlannedFile(src, fingerprint("source", src), self._source(rev))
            for src, rev in self.source_paths().items()
            if src not in known
        ]

    def _text(self, commit: str) -> bytes:
        return self.inputs.text(commit).encode("utf-8")

    def _source(self, rev: RevisionEntry) -> Callable[[], bytes]:
        def read() -> bytes:
            try:
                return self.inputs.source(rev).read_bytes()
            except (OSError, TrackerError) as exc:
                self.inputs.warn(f"unreadable source file of {rev.ref}: {exc}")
                return b""

        return read
