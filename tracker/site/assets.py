"""Files copied rather than rendered: the theme's static assets, each revision's untouched
source file (content-addressed, so it is never rewritten) and its normalized text."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from tracker.errors import TrackerError
from tracker.site import paths
from tracker.site.inputs import BuildInputs
from tracker.site.model import RevisionEntry, fingerprint
from tracker.site.output import PlannedFile


class AssetPlanner:
    def __init__(self, inputs: BuildInputs) -> None:
        self.inputs = inputs

    def plan(self) -> list[PlannedFile]:
        files = []
        for rel, source in self.inputs.theme.static_files().items():
            data = source.read_bytes()
            files.append(PlannedFile(rel, hashlib.sha256(data).hexdigest(), functools.partial(bytes, data)))
        seen: set[str] = set()
        for doc in self.inputs.model.documents:
            for rev in doc.revisions:
                src = paths.source_file(rev.source_sha256, rev.source_ext)
                if src not in seen:
                    seen.add(src)
                    files.append(PlannedFile(src, fingerprint("source", src), self._source(rev)))
                commit = rev.commit
                files.append(
                    PlannedFile(
                        paths.revision_text(doc.id, rev.slug),
                        fingerprint("text", commit),
                        functools.partial(self._text, commit),
                    )
                )
        return files

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
