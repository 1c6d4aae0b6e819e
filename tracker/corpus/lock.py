"""One writer at a time: the project's one file lock, an advisory lock file that names its holder.

Used for the corpus's write lock (`<git dir>/tracker.lock`), the watcher's lock (one
watcher per corpus) and the site's build lock (one build per output folder).

The lock is an OS-level `flock`, so it dies with its process: a lock left by a killed
holder is stale by construction and is taken over at once (its record is replaced).
The file holds its holder's record, ``{"pid": ..., "since": ...}``, so a process that
finds it taken can say who holds it. A waiter polls until `timeout` seconds have
passed (TRACKER_LOCK_TIMEOUT for the corpus), then fails naming the holder.

Why not the `filelock` package: it opens the lock file with O_TRUNC on every attempt,
so a waiter erases the holder's record (and no error could name the holder), and it
needs write access to the file, where the watcher must start on a disk it cannot write
now (it defers files until it can).
"""

from __future__ import annotations

import datetime
import fcntl
import json
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tracker.errors import CorpusLocked, TrackerError

DEFAULT_TIMEOUT = 5.0
"""Seconds a writer waits for another one; TRACKER_LOCK_TIMEOUT overrides it."""

Holder = dict[str, object]
#: Makes the error raised when the lock stays taken: (the holder's record, seconds waited) -> error.
Busy = Callable[[Holder, float], TrackerError]


def lock_timeout() -> float:
    raw = os.environ.get("TRACKER_LOCK_TIMEOUT")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def read_holder(path: Path) -> Holder:
    """What the lock file says about its (last) holder; {} when it is empty or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _corpus_busy(holder: Holder, waited: float) -> TrackerError:
    if holder.get("pid") == os.getpid():
        return CorpusLocked(
            f"the corpus is being written by another thread of this process (PID {os.getpid()})"
        )
    since = f" since {holder['since']}" if holder.get("since") else ""
    return CorpusLocked(
        f"the corpus is being written by another tracker process (PID {holder.get('pid', '?')}"
        f"{since}); waited {waited:g}s, try again when it has finished"
    )


class LockFile:
    """One `flock` on `path`, taken without waiting; not re-entrant (see `exclusive_lock`)."""

    def __init__(self, path: Path, *, read_only_ok: bool = False) -> None:
        self.path = path
        self.read_only_ok = read_only_ok  # take it even where the file cannot be written now
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock and record this process as its holder; False when another holds it."""
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        try:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": stamp}).encode(), 0)
        except OSError:
            if not self.read_only_ok:  # the record is only for messages: a lock that may be
                os.close(fd)  # read-only does without it
                raise
        self._fd = fd
        return True

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            if not self.read_only_ok:
                raise
            return os.open(self.path, os.O_RDONLY)  # a flock needs no write access

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            with suppress(OSError):
                os.ftruncate(fd, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


_registry_guard = threading.Lock()
_in_process: dict[str, threading.RLock] = {}
_depth: dict[str, int] = {}


@contextmanager
def exclusive_lock(path: Path, timeout: float | None = None, *, busy: Busy = _corpus_busy) -> Iterator[None]:
    """Hold the lock at path for the duration of the block, waiting up to `timeout` seconds
    for it (None: TRACKER_LOCK_TIMEOUT; math.inf: as long as it takes). Re-entrant within a
    process; its threads queue on it."""
    timeout = lock_timeout() if timeout is None else timeout
    key = str(path)
    with _registry_guard:
        local = _in_process.setdefault(key, threading.RLock())
    if timeout > 0:
        taken = local.acquire(timeout=-1 if math.isinf(timeout) else timeout)
    else:
        taken = local.acquire(blocking=False)
    if not taken:
        raise busy({"pid": os.getpid()}, timeout)
    try:
        _depth[key] = _depth.get(key, 0) + 1
        if _depth[key] > 1:
            yield
        else:
            lock = LockFile(path)
            deadline = time.monotonic() + timeout
            while not lock.try_acquire():
                if time.monotonic() >= deadline:
                    raise busy(read_holder(path), timeout)
                time.sleep(0.05)
            try:
                yield
            finally:
                lock.release()
    finally:
        _depth[key] -= 1
        local.release()
