"""The debouncer owns timing: it turns a stream of file events into bursts of complete files.

The event handler only forwards paths to a queue; this thread decides when a file
is complete (see stability.py) and hands each burst to one callback, so a burst of
events becomes one recording per file and one site rebuild per burst. While the
callback runs, new events wait in the queue and form the next burst.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from tracker.watch.inbox import candidate, pending_files
from tracker.watch.stability import StabilityTracker

# A burst handler returns the paths to try again later, with or without their delays in seconds.
BurstHandler = Callable[[Sequence[Path]], Sequence[Path] | Mapping[Path, float]]
ErrorHandler = Callable[[BaseException], None]
# The files an event on a path concerns, whose settling the debouncer waits for.
Concerns = Callable[[Path], Iterable[Path]]

_STOP = object()


class Debouncer:
    """A thread that collects event paths, waits until files settle, and calls `on_burst` per burst.

    A burst is handed over once no other file is still settling, or once its first
    file has waited `max_wait` seconds (so one endless download cannot hold back others).
    Paths `on_burst` returns (the corpus was busy) are tried again after `retry_after`.
    Which files an event concerns is `concerns` (default: the inbox's files, by its naming
    rules); `tracker serve` maps every change in a corpus to the corpus itself.
    """

    def __init__(self, inbox: Path, on_burst: BurstHandler, *, settle: float = 1.0,
                 max_wait: float | None = None, retry_after: float = 5.0,
                 on_error: ErrorHandler | None = None, drain: bool = False,
                 give_up_after: float = 60.0, on_abandon: Callable[[Path], None] | None = None,
                 concerns: Concerns | None = None) -> None:
        self.inbox = inbox
        self._concerns = concerns or self._inbox_files
        self.paths: queue.Queue[object] = queue.Queue()
        self._on_burst = on_burst
        self._on_error = on_error
        self._tracker = StabilityTracker(settle)
        self._max_wait = max_wait if max_wait is not None else max(2.0, 3 * settle)
        self._retry_after = retry_after
        self._tick = min(0.25, max(0.02, settle / 5))
        self._retries: dict[Path, float] = {}
        self._drain_mode = drain                 # --once: end when nothing is left, do not retry
        self._give_up_after = give_up_after
        self._on_abandon = on_abandon
        self._first_seen: dict[Path, float] = {}
        self._thread = threading.Thread(target=self._run, name="tracker-watch-debouncer", daemon=True)
        self.idle = threading.Event()        # set whenever nothing is queued, settling or being processed
        self.idle.set()
        self._idle_lock = threading.Lock()

    def put(self, path: Path) -> None:
        """Called by the event handler, from the observer's thread: forward and return."""
        with self._idle_lock:
            self.idle.clear()
            self.paths.put(path)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Finish the burst in hand (never cut a recording short), then end the thread."""
        self.paths.put(_STOP)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def stop_when_done(self) -> None:
        """Drain mode: wait until the thread has processed everything and ended by itself."""
        self._thread.join()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        burst: list[Path] = []
        burst_started = 0.0
        while True:
            if self._drain_mode and not burst and not self._tracker.pending and self.paths.empty():
                self.idle.set()
                return                             # drain mode: nothing (left) to do
            timeout = self._wait_time(burst)
            try:
                item = self.paths.get(timeout=timeout) if timeout is None or timeout > 0 else \
                    self.paths.get_nowait()
                items = [item, *self._drain()]
            except queue.Empty:
                items = []
            if _STOP in items:
                return
            for item in items:
                self._note(item, burst)     # type: ignore[arg-type]
            self._due_retries()
            settled = self._tracker.poll()
            if settled.ready and not burst:
                burst_started = time.monotonic()
            burst.extend(p for p in settled.ready if p not in burst)
            for path in [p for p in self._first_seen if p not in burst and not self._tracker.is_tracked(p)]:
                del self._first_seen[path]               # vanished before it settled
            waited = time.monotonic() - burst_started
            if burst and (settled.settling == 0 or waited >= self._max_wait):
                handed, burst = burst, []
                self._hand_over(handed)
            if self._drain_mode:
                self._abandon_restless()
            if not burst and self._tracker.pending == 0 and not self._retries:
                with self._idle_lock:
                    if self.paths.empty():
                        self.idle.set()

    def _wait_time(self, burst: list[Path]) -> float | None:
        if not self._tracker.pending and not burst and not self._retries:
            return None                        # nothing to time: sleep until an event arrives
        waits = [self._tick]
        if self._retries:
            waits.append(max(0.0, min(self._retries.values()) - time.monotonic()))
        return min(waits)

    def _drain(self) -> list[object]:
        items: list[object] = []
        while True:
            try:
                items.append(self.paths.get_nowait())
            except queue.Empty:
                return items

    def _note(self, path: Path, burst: list[Path]) -> None:
        for picked in self._concerns(path):
            if picked in burst:
                burst.remove(picked)              # changed again after settling: wait again
            self._retries.pop(picked, None)
            self._first_seen.setdefault(picked, time.monotonic())
            self._tracker.note(picked)

    def _inbox_files(self, path: Path) -> list[Path]:
        if path.is_dir() and not path.is_symlink():  # a folder moved in: its files bring no events
            inner = pending_files(path) if path == self.inbox else _files_under(self.inbox, path)
            return [picked for file in inner for picked in self._inbox_files(file)]
        picked = candidate(self.inbox, path)
        return [] if picked is None else [picked]

    def _due_retries(self) -> None:
        now = time.monotonic()
        for path, due in list(self._retries.items()):
            if due <= now:
                del self._retries[path]
                self._tracker.note(path)

    def _abandon_restless(self) -> None:
        """In drain mode, leave files that never stop changing for a later run instead of waiting forever."""
        now = time.monotonic()
        for path, first in list(self._first_seen.items()):
            if now - first >= self._give_up_after and self._tracker.is_tracked(path):
                self._tracker.forget(path)
                del self._first_seen[path]
                if self._on_abandon is not None:
                    self._on_abandon(path)

    def _hand_over(self, burst: list[Path]) -> None:
        for path in burst:
            self._first_seen.pop(path, None)
        try:
            again = self._on_burst(tuple(burst))
        except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one burst
            if self._on_error is not None:
                with contextlib.suppress(Exception):     # reporting must not kill the thread either
                    self._on_error(exc)
            return
        if self._drain_mode:
            return                               # deferred files stay in the inbox for the next run
        now = time.monotonic()
        delays = again if isinstance(again, Mapping) else dict.fromkeys(again, self._retry_after)
        for path, delay in delays.items():
            self._retries[path] = now + delay


def _files_under(inbox: Path, folder: Path) -> list[Path]:
    return [p for p in pending_files(inbox) if folder in p.parents]
