"""The corpus's revision log, kept between processes in the git directory.

Why: reading a timeline means `git log -- documents/...`, which walks the whole
history: on 10,000 commits that is ~110 ms for one document and ~500 ms for all of
them, paid again by every `tracker show`, `log`, `ls`, `add` and site build. The
tracker's records only accumulate (history is never rewritten), so the records read
once are kept, together with the commit they were read at. A later read asks git
only for what came since (`git log SEEN..HEAD -- documents`): usually nothing or a
handful of commits.

The cache is a convenience, never a source of truth: it is used only when the commit
it was read at is an ancestor of the commit asked for and no merge came in between
(a merge can hide or reorder path-limited history); otherwise the log is read in
full and the cache rewritten. A missing, corrupt or unwritable cache file means a
full read, never an error. Delete the file at any time; `git gc` does not touch it.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import threading
from dataclasses import astuple, fields
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.corpus import trailers

if TYPE_CHECKING:
    from tracker.corpus.git import GitRepo

# Bump when the stored row layout or the trailer parsing changes: older caches are then ignored.
CACHE_FORMAT = 1
_MAGIC = "tracker-timelines"

Row = list[str | bool | None]  # a RevisionRecord as stored: astuple() order, date as ISO text
Log = dict[str, list[tuple[str, trailers.RevisionRecord]]]
_FIELDS = len(fields(trailers.RevisionRecord))


def _record_from_row(row: Row) -> trailers.RevisionRecord:
    """The inverse of _row_from_record (positional: this runs once per revision of the corpus)."""
    if len(row) != _FIELDS:
        raise ValueError("a cached row of the wrong length")
    doc_id, date, *rest = row
    return trailers.RevisionRecord(doc_id, datetime.date.fromisoformat(date), *rest)  # type: ignore[arg-type]


def _row_from_record(record: trailers.RevisionRecord) -> Row:
    values = list(astuple(record))
    values[1] = record.date.isoformat()
    return values


class TimelineCache:
    """Every tracker revision under one corpus folder, as of one commit, read from git at most once."""

    def __init__(self, git: GitRepo, pathspec: str = "documents") -> None:
        self.git = git
        self.pathspec = pathspec
        self._seen: str | None = None  # the commit the rows below were read at
        self._raw: dict[str, bytes] = {}  # per document, its rows as stored, parsed only when asked for
        self._rows: dict[str, list[tuple[str, Row]]] = {}  # per document, rows parsed or read from git
        self._loaded = False
        self._unsaved = False  # read from git since the file was last written

    @property
    def path(self) -> Path:
        """One file per corpus folder in the repository (a repository may hold several corpora)."""
        key = hashlib.sha1(f"{self.git.prefix}{self.pathspec}".encode()).hexdigest()[:12]
        return self.git.git_dir / "tracker" / f"timelines-{key}.txt"

    # -- reading --------------------------------------------------------------------------------
    def log_at(self, head: str, doc_ids: list[str] | None = None, *, save: bool = True) -> Log:
        """(commit, record) per document, oldest first, as `git log <head> -- documents` gives them.

        `save=False` leaves writing the file to a later call (a writer's `advance`): one write per add.
        """
        self._bring_to(head)
        try:
            log = self._converted(doc_ids)
        except (ValueError, TypeError):  # a damaged line in a well-formed file: forget the file
            self._forget()
            self._bring_to(head)
            log = self._converted(doc_ids)
        if save and self._unsaved:
            self._save()
        return log

    def _converted(self, doc_ids: list[str] | None) -> Log:
        known = {*self._raw, *self._rows}
        wanted = sorted(known) if doc_ids is None else [doc_id for doc_id in doc_ids if doc_id in known]
        log = {
            doc_id: [(str(sha), _record_from_row(row)) for sha, row in self._doc_rows(doc_id)]
            for doc_id in wanted
        }
        return {doc_id: rows for doc_id, rows in log.items() if rows}

    def _doc_rows(self, doc_id: str) -> list[tuple[str, Row]]:
        import orjson

        if doc_id not in self._rows:
            raw = self._raw.pop(doc_id, None)
            rows = orjson.loads(raw) if raw is not None else []
            if not isinstance(rows, list):
                raise ValueError(f"cached rows of {doc_id} are not a list")
            self._rows[doc_id] = rows
        return self._rows[doc_id]

    def _forget(self) -> None:
        self._seen, self._raw, self._rows = None, {}, {}

    def _bring_to(self, head: str) -> None:
        if self._seen == head:
            return
        if not self._loaded:
            self._load()
        if self._seen == head:
            return
        if self._seen is not None and self._extends(self._seen, head):
            self._append(self.git.log_trailers(self.pathspec, start=f"{self._seen}..{head}"))
        else:
            self._forget()
            self._append(self.git.log_trailers(self.pathspec, start=head))
        self._seen = head
        self._unsaved = True

    def advance(self, parent: str, commit: str, record: trailers.RevisionRecord) -> None:
        """Note a revision commit just made on top of `parent`, so the next reader need not ask git for it."""
        if self._seen == parent:
            self._doc_rows(record.doc_id).append((commit, _row_from_record(record)))
            self._seen = commit
            self._save()

    def _extends(self, seen: str, head: str) -> bool:
        """True when head descends from seen with no merge between: a range read equals a full one.

        One `git rev-list --boundary --parents`: the range is linear when no commit in it
        has two parents, and seen is an ancestor when it is the range's only boundary.
        """
        out = self.git.run("rev-list", "--boundary", "--parents", f"{seen}..{head}", check=False)
        boundary = set()
        for line in out.decode("ascii", "replace").splitlines():
            if line.startswith("-"):
                boundary.add(line[1:].split(" ")[0])
            elif line.count(" ") > 1:
                return False  # a merge
        return boundary == {seen}

    def _append(self, log: list[tuple[str, str]]) -> None:
        for sha, block in log:
            record = trailers.record_from_trailers(trailers.parse_trailer_block(block))
            if record is not None:
                self._doc_rows(record.doc_id).append((sha, _row_from_record(record)))

    # -- the file -------------------------------------------------------------------------------
    # A header line `tracker-timelines <format> <seen commit>`, then one line per document,
    # `<doc id> TAB <JSON list of [commit, row]>`: a reader of one document parses one line.
    def _load(self) -> None:
        self._loaded = True
        try:
            header, *lines = self.path.read_bytes().split(b"\n")
            magic, version, seen = header.decode("ascii").split(" ")
            if magic != _MAGIC or version != str(CACHE_FORMAT):
                return
            raw = {}
            for line in lines:
                if line:
                    doc_id, tab, rows = line.partition(b"\t")
                    if not tab:
                        return
                    raw[doc_id.decode("utf-8")] = rows
        except (OSError, ValueError):
            return  # no cache yet, or one we cannot trust: read from git
        self._raw, self._rows, self._seen = raw, {}, seen

    def _save(self) -> None:
        """Write atomically (a reader never sees half a file); failing to write costs only speed."""
        import orjson

        lines = [f"{_MAGIC} {CACHE_FORMAT} {self._seen}".encode("ascii")]
        for doc_id in sorted({*self._raw, *self._rows}):
            rows = orjson.dumps(self._rows[doc_id]) if doc_id in self._rows else self._raw[doc_id]
            lines.append(doc_id.encode("utf-8") + b"\t" + rows)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            self.path.parent.mkdir(exist_ok=True)
            try:
                tmp.write_bytes(b"\n".join(lines) + b"\n")
                os.replace(tmp, self.path)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        except OSError:
            pass
        self._unsaved = False
