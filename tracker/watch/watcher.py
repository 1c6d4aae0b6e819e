"""The watcher: observer -> debouncer -> processor, started and stopped as one thing.

Start-up order matters for never losing a file: take the one-watcher-per-corpus
lock, tidy what a killed watcher left (orphaned sidecars, the temporary folders of dead
writers in the git directory), start the observer (so nothing arriving
from now on is missed), feed it everything already in the inbox, and announce
`watching` only once that start-up scan is processed.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchdog.observers.api import BaseObserver

from tracker.corpus import Corpus
from tracker.errors import TrackerError
from tracker.watch.debounce import Debouncer
from tracker.watch.events import Deferred, Failed, Stopped, WatchEvent, Watching
from tracker.watch.inbox import pending_files, shown
from tracker.watch.lock import WatcherLock
from tracker.watch.observer import start_observer, stop_observer
from tracker.watch.processor import Emit, Processor, Rebuild, tidy_orphan_sidecars
from tracker.watch.summary import Summarizer


@dataclass(frozen=True)
class WatchOptions:
    settle: float = 1.0            # seconds a file's size and mtime must stay unchanged
    poll: bool = False             # polling observer (network file systems, containers)
    poll_interval: float = 0.5
    retry_after: float = 5.0       # when the corpus was locked by another writer
    give_up_after: float = 60.0    # --once: a file still changing after this is left for the next run;
                                   # start(): the longest wait for the start-up scan before `watching`
    summaries: bool = True


@dataclass(frozen=True)
class WatchTotals:
    recorded: int
    skipped: int
    rejected: int
    left: int                      # --once: files left in the inbox (still changing, or corpus busy)
    build_failed: bool


def default_lock_path(corpus: Corpus) -> Path:
    """In the git directory beside the corpus's write lock (never in the working tree), one per
    corpus folder, since one repository may hold several corpora."""
    git_dir = Path(corpus.git.git_dir)
    name = hashlib.sha1(str(Path(corpus.root).resolve()).encode()).hexdigest()[:10]
    return git_dir / f"tracker-watch-{name}.lock"


class Watcher:
    """Watches an inbox and records what lands in it. `start()`/`stop()`, or `run_once()`."""

    def __init__(self, corpus: Corpus, inbox: Path, *, emit: Emit,
                 rebuild: Rebuild | None = None, options: WatchOptions | None = None,
                 lock_path: Path | None = None, site_dir: Path | None = None,
                 summarize: Summarizer | None = None) -> None:
        self.corpus = corpus
        self.inbox = inbox.resolve()
        self.site_dir = site_dir.resolve() if site_dir is not None else None
        self.options = options or WatchOptions()
        self._emit = emit
        self._lock = WatcherLock(lock_path or default_lock_path(corpus), what=f"corpus {corpus.root}")
        self._burst_lock = threading.Lock()
        self.processor = Processor(corpus, self.inbox, emit=emit, rebuild=rebuild,
                                   retry_after=self.options.retry_after, summarize=summarize,
                                   summaries=self.options.summaries)
        self._observer: BaseObserver | None = None
        self._debouncer: Debouncer | None = None
        self._left: list[Path] = []
        self._once = False
        self._build_failed = False

    # -- long-running --------------------------------------------------------------

    def start(self) -> None:
        """Process what is already in the inbox, then watch; returns once `watching` is announced."""
        self._check_inbox()
        self._lock.acquire()
        try:
            self._tidy()
            debouncer = self._debouncer = self._make_debouncer(drain=False)
            self._observer = start_observer(self.inbox, debouncer.put, poll=self.options.poll,
                                            poll_interval=self.options.poll_interval)
            self._feed_startup_scan(debouncer)
            debouncer.start()
            # Ready once the start-up scan is processed; a file that never stops changing must
            # not hold back the announcement for ever (it is recorded once it settles).
            debouncer.idle.wait(self.options.give_up_after)
        except BaseException:
            self.stop(announce=False)
            raise
        self._emit(Watching(inbox=str(self.inbox), corpus=str(self.corpus.root),
                            mode="polling" if self.options.poll else "native", settle=self.options.settle))

    def stop(self, announce: bool = True) -> None:
        """Stop watching; a burst in hand is finished first, so no recording is cut short."""
        if self._observer is not None:
            stop_observer(self._observer)
            self._observer = None
        if self._debouncer is not None:
            self._debouncer.stop()
            self._debouncer = None
        self._lock.release()
        if announce:
            totals = self.processor.totals
            self._emit(Stopped(recorded=totals["recorded"], skipped=totals["skipped"],
                               rejected=totals["rejected"]))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once nothing is queued, settling or being processed (for tests and benchmarks)."""
        return self._debouncer.idle.wait(timeout) if self._debouncer else True

    # -- one pass (cron, CI) -------------------------------------------------------

    def run_once(self) -> WatchTotals:
        """Process everything in the inbox (waiting for each file to settle), rebuild, and return."""
        self._check_inbox()
        self._once = True
        self.processor.retrying = False
        with self._lock:
            self._tidy()
            debouncer = self._make_debouncer(drain=True)
            self._feed_startup_scan(debouncer)
            debouncer.start()
            debouncer.stop_when_done()
        totals = self.processor.totals
        return WatchTotals(recorded=totals["recorded"], skipped=totals["skipped"],
                           rejected=totals["rejected"], left=len(self._left),
                           build_failed=self._build_failed)

    # -- parts -----------------------------------------------------------------------

    def _check_inbox(self) -> None:
        if not self.inbox.is_dir():
            raise TrackerError(f"inbox {self.inbox} is not a folder; create it first "
                               "(mkdir -p it, then drop files into <inbox>/<jurisdiction>/<slug>/)")
        root = Path(self.corpus.root).resolve()
        if root == self.inbox or self.inbox in root.parents:
            raise TrackerError(f"the inbox {self.inbox} contains the corpus {root}; its files would be "
                               "taken for drops. Use a folder outside the corpus")
        if self.site_dir is not None and (self.site_dir == self.inbox or self.inbox in self.site_dir.parents):
            raise TrackerError(f"the site folder {self.site_dir} is inside the inbox {self.inbox}; its "
                               "pages would be taken for drops. Build somewhere else")

    def _tidy(self) -> None:
        """What a killed watcher (or writer) left behind: sidecars whose file reached _done/, and
        temporary folders in the git directory whose process is gone."""
        tidy_orphan_sidecars(self.inbox)
        self.corpus.git.remove_stale_temporaries(force=True)

    def _make_debouncer(self, *, drain: bool) -> Debouncer:
        return Debouncer(self.inbox, self._on_burst, settle=self.options.settle,
                         retry_after=self.options.retry_after, on_error=self._on_error, drain=drain,
                         give_up_after=self.options.give_up_after, on_abandon=self._abandoned)

    def _feed_startup_scan(self, debouncer: Debouncer) -> None:
        waiting = pending_files(self.inbox)
        if not waiting:
            self.processor.build()         # nothing new, but a killed watcher may have left the site stale
            self._build_failed = self.processor.build_owed
            return
        self.processor.owe_build()         # the first burst rebuilds even if it records nothing
        for path in waiting:
            debouncer.put(path)

    def _on_burst(self, paths: Sequence[Path]) -> Mapping[Path, float]:
        with self._burst_lock:
            outcome = self.processor.process_burst(paths)
        self._build_failed = outcome.build_failed
        if self._once:
            self._left.extend(outcome.deferred)
        return outcome.retry_in

    def _abandoned(self, path: Path) -> None:
        self._left.append(path)
        self._emit(Deferred(file=shown(path.relative_to(self.inbox).as_posix()), retry_seconds=0,
                            reason=f"still being written after {self.options.give_up_after:g} s"))

    def _on_error(self, exc: BaseException) -> None:
        self._emit(Failed(error=f"{type(exc).__name__}: {exc}"))


def emit_to(*sinks: Callable[[WatchEvent], None]) -> Emit:
    """One emit that calls several sinks, serialised, since events come from two threads."""
    guard = threading.Lock()

    def emit(event: WatchEvent) -> None:
        with guard:
            for sink in sinks:
                sink(event)

    return emit
