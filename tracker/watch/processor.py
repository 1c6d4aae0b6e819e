"""Turn a burst of complete inbox files into recorded revisions, then rebuild the site once.

Each file is read (inbox naming rules), recorded under the corpus lock, and moved
to `_done/` only after `Corpus.add` has returned, that is after its commit: a
watcher killed at any moment leaves the file in the inbox, and the next run finds
the same content already recorded and only moves it. A file that cannot be
recorded goes to `_rejected/` with `<name>.reason.txt`. A corpus that is busy
leaves the file where it is, to be tried again. The site rebuild is a callable
passed in (the CLI passes `build_site`); its failure is reported and retried at
the next burst, never fatal.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tracker.corpus import Corpus
from tracker.errors import BadReference, CorpusError, TrackerError
from tracker.watch.events import (
    BuildFailed,
    BurstStarted,
    Deferred,
    Failed,
    Recorded,
    Rejected,
    SiteBuilt,
    SiteUpdate,
    Skipped,
    WatchEvent,
)
from tracker.watch.inbox import (
    DONE_DIR,
    REASON_SUFFIX,
    REJECTED_DIR,
    Drop,
    DropRejected,
    read_drop,
    sidecar_for,
)
from tracker.watch.summary import Summarizer, differ_summarizer


class BuildOutcome(Protocol):
    files_written: int
    files_unchanged: int
    warnings: list[str]
    seconds: float


Rebuild = Callable[[], BuildOutcome]
MAX_RETRY_DELAY = 300.0
Emit = Callable[[WatchEvent], None]


@dataclass(frozen=True)
class BurstOutcome:
    """What one burst did; `deferred` files stay in the inbox for a later try."""

    recorded: tuple[Recorded, ...]
    skipped: tuple[Skipped, ...]
    rejected: tuple[Rejected, ...]
    deferred: tuple[Path, ...]
    retry_in: Mapping[Path, float]     # seconds until each deferred file is tried again
    site: SiteUpdate | None
    build_failed: bool


class Processor:
    """Records files into a corpus and rebuilds the site once per burst; reports every step via `emit`."""

    def __init__(self, corpus: Corpus, inbox: Path, *, emit: Emit,
                 rebuild: Rebuild | None = None, retry_after: float = 5.0,
                 summarize: Summarizer | None = None, summaries: bool = True) -> None:
        self.corpus = corpus
        self.inbox = inbox
        self._emit = emit
        self._rebuild = rebuild
        self._retry_after = retry_after
        self._summarize = (summarize or differ_summarizer(corpus)) if summaries else None
        self._build_owed = False          # a failed build is retried at the next change
        self._attempts: dict[Path, int] = {}  # deferrals in a row, for the back-off
        self.totals = {"recorded": 0, "skipped": 0, "rejected": 0}

    # -- one burst -----------------------------------------------------------------

    def process_burst(self, paths: Sequence[Path], *, force_build: bool = False) -> BurstOutcome:
        """Record every file of the burst, then rebuild the site once if anything changed."""
        self.corpus.refresh()             # see revisions other processes recorded meanwhile
        if len(paths) > 1:
            self._emit(BurstStarted(files=len(paths)))
        recorded: list[Recorded] = []
        skipped: list[Skipped] = []
        rejected: list[Rejected] = []
        deferred: list[Path] = []
        for path in paths:
            try:
                event = self._process_file(path)
            except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the watcher
                event = self._reject_after_bug(path, exc)
            if isinstance(event, Recorded):
                recorded.append(event)
            elif isinstance(event, Skipped):
                skipped.append(event)
                self._emit(event)
            elif isinstance(event, Rejected):
                rejected.append(event)
                self._emit(event)
            elif isinstance(event, Deferred):
                deferred.append(path)
                self._emit(event)
            if not isinstance(event, Deferred):
                self._attempts.pop(path, None)
        self.totals["recorded"] += len(recorded)
        self.totals["skipped"] += len(skipped)
        self.totals["rejected"] += len(rejected)

        site: SiteUpdate | None = None
        build_failed = False
        if self._rebuild is not None and (recorded or self._build_owed or force_build):
            site, build_failed = self._build(announce=not recorded)
        for event in recorded:
            self._emit(dataclasses.replace(event, site=site, build_failed=build_failed))
        retry_in = {path: self._retry_delay(path) for path in deferred}
        return BurstOutcome(tuple(recorded), tuple(skipped), tuple(rejected), tuple(deferred),
                            retry_in, site, build_failed)

    def _retry_delay(self, path: Path) -> float:
        attempts = self._attempts.get(path, 1)
        return float(min(self._retry_after * 2 ** (attempts - 1), MAX_RETRY_DELAY))

    def owe_build(self) -> None:
        """Make the next burst rebuild the site even if it records nothing."""
        self._build_owed = self._rebuild is not None

    @property
    def build_owed(self) -> bool:
        return self._build_owed

    def build(self) -> SiteUpdate | None:
        """Rebuild now (at start-up, so a site left stale by a killed watcher catches up)."""
        if self._rebuild is None:
            return None
        return self._build(announce=True)[0]

    # -- one file ------------------------------------------------------------------

    def _process_file(self, path: Path) -> WatchEvent | None:
        if not path.is_file():
            return None                     # moved or deleted while waiting: nothing to do
        relpath = path.relative_to(self.inbox).as_posix()
        try:
            drop = read_drop(self.inbox, path)
        except DropRejected as exc:
            return self._reject(path, relpath, str(exc))
        digest = _sha256(path)
        try:
            problem = self._unknown_document(drop)
            if problem is not None:
                return self._reject(path, relpath, problem)
            earlier = self._already_recorded(drop.doc_id, digest)
            if earlier is not None:
                moved = self._move(path, DONE_DIR)
                return Skipped(file=relpath, doc=drop.doc_id, moved_to=moved,
                               reason=f"the same file is already recorded as {earlier}")
            # Corpus.add holds Corpus.lock() for its write and commits before it returns.
            result = self.corpus.add(drop.doc_id, path, **_add_arguments(drop))
        except CorpusError as exc:
            # The corpus's state (locked by another writer, uncommitted edits, a rebase in
            # progress), not the file's fault: leave the file in the inbox and try again,
            # backing off (5 s, 10 s, 20 s ... 5 min) so a stuck corpus does not flood the log.
            self._attempts[path] = self._attempts.get(path, 0) + 1
            return Deferred(file=relpath, reason=str(exc), retry_seconds=self._retry_delay(path))
        except TrackerError as exc:       # the file's fault: unreadable, invalid metadata
            return self._reject(path, relpath, str(exc))
        # Committed: only now may the file leave the inbox.
        moved = self._move(path, DONE_DIR)
        revision = result.revision
        if revision is None:
            return Skipped(file=relpath, doc=drop.doc_id, moved_to=moved,
                           reason=result.message or "the same text is already recorded")
        summary, note = (self._summarize(revision) if self._summarize is not None
                         else (None, "summary not computed (--no-summary)"))
        return Recorded(file=relpath, doc=revision.doc_id, date=revision.date.isoformat(),
                        label=revision.label, ref=revision.ref, commit=revision.commit,
                        summary=summary, summary_note=note)

    def _unknown_document(self, drop: Drop) -> str | None:
        """Why a drop names no document of the corpus, or None. A new document needs a sidecar
        `title`, so a mistyped folder name is rejected instead of starting a stray document."""
        from tracker.corpus import check_doc_id

        try:
            check_doc_id(drop.doc_id)
        except CorpusError as exc:
            return f"the folder {drop.doc_id}/ is not a document id: {exc}"
        try:
            self.corpus.document(drop.doc_id)
        except BadReference as exc:
            if drop.title:
                return None
            side = f"{drop.path.name}.toml"
            return (f"{exc}. To start a new document, give it a title in a sidecar {side} "
                    f"(title = \"...\")")
        return None

    def _reject_after_bug(self, path: Path, exc: Exception) -> WatchEvent | None:
        """A bug, not the file's fault as far as we know; the file is kept in _rejected/ (never lost,
        never retried in a loop) with the error, and the traceback goes out as an `error` event."""
        self._emit(Failed(error=f"{path.name}: {type(exc).__name__}: {exc}",
                          details=tuple(traceback.format_exception(exc))))
        if not path.is_file():
            return None
        reason = (f"internal error while recording ({type(exc).__name__}: {exc}); this is a bug in "
                  "the tracker, please report it; move the file back into the inbox to try again")
        return self._reject(path, path.relative_to(self.inbox).as_posix(), reason)

    def _already_recorded(self, doc_id: str, digest: str) -> str | None:
        try:
            timeline = self.corpus.timeline(doc_id)
        except TrackerError:
            return None                     # a new or unknown document: `add` decides
        for rev in timeline:
            if rev.source_sha256 == digest:
                return str(rev.ref)
        return None

    # -- moving files out of the inbox -----------------------------------------------

    def _reject(self, path: Path, relpath: str, reason: str) -> Rejected:
        moved = self._move(path, REJECTED_DIR, reason=reason)
        return Rejected(file=relpath, reason=reason, moved_to=moved)

    def _move(self, path: Path, folder: str, reason: str | None = None) -> str:
        """Move a file (then its sidecar, then write its reason) under `<inbox>/<folder>/`, never
        overwriting an earlier one; returns the new path relative to the inbox."""
        rel = path.relative_to(self.inbox)
        target = _free_name(self.inbox / folder / rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if reason is not None:   # first, so a rejected file is never found without its reason
            target.with_name(target.name + REASON_SUFFIX).write_text(reason + "\n", encoding="utf-8")
        os.replace(path, target)
        side = sidecar_for(path)
        if side.is_file():
            os.replace(side, sidecar_for(target))
        return target.relative_to(self.inbox).as_posix()

    # -- the site ------------------------------------------------------------------

    def _build(self, *, announce: bool) -> tuple[SiteUpdate | None, bool]:
        assert self._rebuild is not None
        started = time.perf_counter()
        try:
            outcome = self._rebuild()
        except Exception as exc:  # noqa: BLE001 - a failed build is reported and retried, never fatal
            self._build_owed = True
            message = str(exc) if isinstance(exc, TrackerError) else f"{type(exc).__name__}: {exc}"
            self._emit(BuildFailed(error=message))
            return None, True
        self._build_owed = False
        seconds = getattr(outcome, "seconds", None)
        site = SiteUpdate(files=int(outcome.files_written), unchanged=int(outcome.files_unchanged),
                          seconds=float(seconds) if seconds is not None else time.perf_counter() - started,
                          warnings=tuple(outcome.warnings))
        if announce:
            self._emit(SiteBuilt(site=site))
        return site, False


def orphan_sidecars(inbox: Path) -> Iterator[Path]:
    """Sidecars left in the inbox after their file moved to _done/ (a watcher killed between two moves)."""
    done = inbox / DONE_DIR
    for side in sorted(inbox.rglob("*.toml")):
        rel = side.relative_to(inbox)
        if rel.parts[0].startswith(("_", ".")):
            continue
        owner = side.with_name(side.name[: -len(".toml")])
        if not owner.exists() and (done / rel.parent / owner.name).exists():
            yield side


def tidy_orphan_sidecars(inbox: Path) -> int:
    """Move orphaned sidecars next to their file in _done/; returns how many."""
    count = 0
    for side in list(orphan_sidecars(inbox)):
        rel = side.relative_to(inbox)
        target = _free_name(inbox / DONE_DIR / rel)
        os.replace(side, target)
        count += 1
    return count


def _add_arguments(drop: Drop) -> dict[str, Any]:
    args: dict[str, Any] = {"date": drop.date, "label": drop.label, "source_url": drop.source_url}
    if drop.status is not None:
        args["status"] = drop.status
    metadata: Mapping[str, str] = {k: v for k, v in (("title", drop.title), ("language", drop.language)) if v}
    if metadata:
        args["metadata"] = dict(metadata)
    return args


def _free_name(target: Path) -> Path:
    """`name.pdf`, or `name (2).pdf`, `name (3).pdf`... when taken (with or without its sidecar)."""
    def taken(path: Path) -> bool:
        return any(p.exists() for p in (path, sidecar_for(path), path.with_name(path.name + REASON_SUFFIX)))

    if not taken(target):
        return target
    stem, suffix = target.stem, target.suffix
    n = 2
    while taken(target.with_name(f"{stem} ({n}){suffix}")):
        n += 1
    return target.with_name(f"{stem} ({n}){suffix}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
