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

import errno
import os
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tracker.corpus import Corpus, Revision
from tracker.errors import BadReference, CorpusError, TrackerError
from tracker.ingest import input_limit
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
    kind_problem,
    name_problem,
    read_drop,
    shown,
    sidecar_for,
)
from tracker.watch.snapshot import take_snapshot
from tracker.watch.summary import Summarizer, differ_summarizer


class BuildOutcome(Protocol):
    """What the watcher reports of a rebuild (tracker.site.BuildResult is one)."""

    @property
    def files_written(self) -> int: ...
    @property
    def files_unchanged(self) -> int: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def seconds(self) -> float: ...


Rebuild = Callable[[], BuildOutcome]
MAX_RETRY_DELAY = 300.0
# The machine's fault, not the file's: a full disk or quota, a read-only or unwritable folder, an I/O
# error, too many open files. The file stays in the inbox and is tried again.
ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                                errno.EIO, errno.EMFILE, errno.ENFILE, errno.ENOMEM})
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
        self.retrying = True              # False for --once: a deferred file waits for the next run
        self._build_owed = False          # a failed build is retried at the next change
        self._attempts: dict[Path, int] = {}  # deferrals in a row, for the back-off
        self._burst_events: list[WatchEvent] = []
        self._burst_deferred: dict[Path, None] = {}
        self.totals = {"recorded": 0, "skipped": 0, "rejected": 0}

    # -- one burst -----------------------------------------------------------------

    def process_burst(self, paths: Sequence[Path], *, force_build: bool = False) -> BurstOutcome:
        """Record every file of the burst, then rebuild the site once if anything changed.

        Each file's event is emitted as soon as its fate is known (a `recorded` event right after its
        commit), and always before the file leaves the inbox: a watcher killed at any moment has
        reported every file that left the inbox, and the next run reports every file still in it.
        """
        self.corpus.refresh()             # see revisions other processes recorded meanwhile
        if len(paths) > 1:
            self._emit(BurstStarted(files=len(paths)))
        self._burst_events = []
        self._burst_deferred = {}
        for path in paths:
            try:
                self._process_file(path)
            except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the watcher
                self._after_error(path, exc)
            if path not in self._burst_deferred:
                self._attempts.pop(path, None)
        events = self._burst_events
        recorded = [e for e in events if isinstance(e, Recorded)]
        skipped = [e for e in events if isinstance(e, Skipped)]
        rejected = [e for e in events if isinstance(e, Rejected)]
        self.totals["recorded"] += len(recorded)
        self.totals["skipped"] += len(skipped)
        self.totals["rejected"] += len(rejected)

        site: SiteUpdate | None = None
        build_failed = False
        if self._rebuild is not None and (recorded or self._build_owed or force_build):
            site, build_failed = self._build()
        deferred = tuple(self._burst_deferred)
        retry_in = {path: self._retry_delay(path) for path in deferred}
        return BurstOutcome(tuple(recorded), tuple(skipped), tuple(rejected), deferred,
                            retry_in, site, build_failed)

    def _report(self, event: WatchEvent) -> None:
        self._burst_events.append(event)
        self._emit(event)

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
        return self._build()[0]

    # -- one file ------------------------------------------------------------------

    def _process_file(self, path: Path) -> None:
        if not os.path.lexists(path) or (path.is_dir() and not path.is_symlink()):
            return                          # moved or deleted while waiting: nothing to do
        name = path.relative_to(self.inbox).as_posix()
        relpath = shown(name)
        problem = name_problem(name) or kind_problem(path)
        if problem is not None:
            self._reject(path, relpath, problem)
            return
        try:
            drop = read_drop(self.inbox, path)
            problem = self._unknown_document(drop)
            if problem is not None:
                self._reject(path, relpath, problem)
                return
            with self.corpus.git.temporary_folder("inbox") as folder:
                # A private copy, read without following links: what is hashed is what is recorded.
                copy = take_snapshot(self.inbox, path, folder, max_bytes=input_limit())
                earlier = self._already_recorded(drop.doc_id, copy.sha256)
                if earlier is not None:
                    self._skip(path, relpath, drop.doc_id, f"the same file is already recorded as {earlier}")
                    return
                # Corpus.add holds Corpus.lock() for its write and commits before it returns.
                result = self.corpus.add(drop.doc_id, copy.path, **_add_arguments(drop))
        except DropRejected as exc:
            self._reject(path, relpath, str(exc))
            return
        except CorpusError as exc:
            # The corpus's state (locked by another writer, uncommitted edits, a rebase in
            # progress), not the file's fault: leave the file in the inbox and try again.
            self._defer(path, relpath, str(exc))
            return
        except TrackerError as exc:       # the file's fault: unreadable, invalid metadata
            self._reject(path, relpath, str(exc))
            return
        revision = result.revision
        if revision is None:
            self._skip(path, relpath, drop.doc_id, result.message or "the same text is already recorded")
            return
        # Committed: report it now (a watcher killed from here on has said so), then move the file.
        summary, note = self._summary(revision)
        self._report(Recorded(file=relpath, doc=revision.doc_id, date=revision.date.isoformat(),
                              label=revision.label, ref=revision.ref, commit=revision.commit,
                              summary=summary, summary_note=note))
        self._move(path, DONE_DIR, relpath)

    def _summary(self, revision: Revision) -> tuple[Mapping[str, int] | None, str | None]:
        if self._summarize is None:
            return None, "summary not computed (--no-summary)"
        try:
            return self._summarize(revision)
        except Exception as exc:  # noqa: BLE001 - the revision is recorded; a failed summary is only noted
            return None, f"summary failed ({type(exc).__name__}: {shown(str(exc))})"

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

    def _after_error(self, path: Path, exc: Exception) -> None:
        """An error no check caught. The machine's fault (a full disk, a read-only or unwritable
        folder) leaves the file in the inbox to be retried; anything else is a bug: the file goes to
        _rejected/ (never lost, never retried in a loop) and an `error` event carries the traceback."""
        relpath = shown(path.relative_to(self.inbox).as_posix())
        problem = self._environment_problem(exc)
        if problem is not None:
            self._defer(path, relpath, problem)
            return
        self._emit(Failed(error=f"{shown(path.name)}: {type(exc).__name__}: {shown(str(exc))}",
                          details=tuple(traceback.format_exception(exc))))
        if not os.path.lexists(path):
            return
        reason = (f"internal error while recording ({type(exc).__name__}: {shown(str(exc))}); this is a "
                  "bug in the tracker, please report it; move the file back into the inbox to try again")
        try:
            self._reject(path, relpath, reason)
        except OSError as again:
            self._defer(path, relpath, self._environment_problem(again) or f"cannot move it: {again}")

    def _environment_problem(self, exc: BaseException) -> str | None:
        """One line saying which folder cannot be written and why, when `exc` is the machine's fault."""
        if not isinstance(exc, OSError) or exc.errno not in ENVIRONMENT_ERRNOS:
            return None
        what = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        where = _where(exc.filename, {
            Path(self.corpus.git.git_dir): "the corpus repository",
            Path(self.corpus.root): "the corpus folder",
            self.inbox: "the inbox",
        })
        return f"cannot write {where}: {what}"

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

    def _reject(self, path: Path, relpath: str, reason: str) -> None:
        target = self._target(path, REJECTED_DIR)
        self._report(Rejected(file=relpath, reason=reason, moved_to=self._shown_target(target)))
        self._move_to(path, target, relpath, reason=reason)

    def _skip(self, path: Path, relpath: str, doc_id: str, reason: str) -> None:
        target = self._target(path, DONE_DIR)
        self._report(Skipped(file=relpath, doc=doc_id, moved_to=self._shown_target(target), reason=reason))
        self._move_to(path, target, relpath)

    def _defer(self, path: Path, relpath: str, reason: str) -> None:
        """Leave the file in the inbox, to be tried again, backing off (5 s, 10 s, 20 s ... 5 min) so a
        stuck corpus or a full disk does not flood the log."""
        self._attempts[path] = self._attempts.get(path, 0) + 1
        self._burst_deferred[path] = None
        delay = self._retry_delay(path) if self.retrying else 0.0
        self._report(Deferred(file=relpath, reason=reason, retry_seconds=delay))

    def _move(self, path: Path, folder: str, relpath: str) -> None:
        self._move_to(path, self._target(path, folder), relpath)

    def _target(self, path: Path, folder: str) -> Path:
        return _free_name(self.inbox / folder / path.relative_to(self.inbox))

    def _shown_target(self, target: Path) -> str:
        return shown(target.relative_to(self.inbox).as_posix())

    def _move_to(self, path: Path, target: Path, relpath: str, reason: str | None = None) -> None:
        """Move a file (then its sidecar, then write its reason) to `target` under `_done/` or
        `_rejected/`, never overwriting an earlier one. A folder that cannot be written leaves the file
        in the inbox, deferred (its event is out; the next try reports it again)."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if reason is not None:   # first, so a rejected file is never found without its reason
                target.with_name(target.name + REASON_SUFFIX).write_text(reason + "\n", encoding="utf-8")
            os.replace(path, target)
            side = sidecar_for(path)
            if os.path.lexists(side):
                os.replace(side, sidecar_for(target))
        except OSError as exc:
            problem = self._environment_problem(exc)
            if problem is None:
                raise
            self._defer(path, relpath, problem)

    # -- the site ------------------------------------------------------------------

    def _build(self) -> tuple[SiteUpdate | None, bool]:
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
        self._emit(SiteBuilt(site=site))
        return site, False


def _where(filename: object, places: Mapping[Path, str]) -> str:
    """Name the place a failing path belongs to ("the corpus repository"), else the path itself."""
    if not isinstance(filename, (str, os.PathLike)):
        return "the corpus"
    path = Path(os.fsdecode(filename)).absolute()
    for place, name in places.items():
        if path == place or path.is_relative_to(place):
            return name
    return shown(str(path))


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
        reason = path.with_name(path.name + REASON_SUFFIX)
        return any(os.path.lexists(p) for p in (path, sidecar_for(path), reason))

    if not taken(target):
        return target
    stem, suffix = target.stem, target.suffix
    n = 2
    while taken(target.with_name(f"{stem} ({n}){suffix}")):
        n += 1
    return target.with_name(f"{stem} ({n}){suffix}")
