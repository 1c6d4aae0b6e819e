"""One writer at a time: an advisory lock file in the git directory, holding the writer's PID.

The lock is an OS-level `flock` on `<git dir>/tracker.lock`, so it dies with its
process: a lock left by a killed writer is stale by construction and is taken
over at once (its PID is still written in the file, and is replaced). A writer
that finds a live holder polls until `timeout` seconds have passed, then fails
with a CorpusLocked error naming the holder's PID.

The lock is re-entrant within a process (a caller may hold `Corpus.lock()` and
call `Corpus.add`, which takes it again); threads of one process queue on it.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import CorpusLocked

DEFAULT_TIMEOUT = 5.0
"""Seconds a writer waits for another one; TRACKER_LOCK_TIMEOUT overrides it."""


def lock_timeout() -> float:
    raw = os.environ.get("TRACKER_LOCK_TIMEOUT")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def read_holder(path: Path) -> dict[str, object]:
    """What the lock file says about its (last) holder; {} when it is empty or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_registry_guard = threading.Lock()
_in_process: dict[str, threading.RLock] = {}
_depth: dict[str, int] = {}


@contextmanager
def exclusive_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock at path for the duration of the block (re-entrant within a process)."""
    timeout = lock_timeout() if timeout is None else timeout
    key = str(path)
    with _registry_guard:
        local = _in_process.setdefault(key, threading.RLock())
    if not (local.acquire(timeout=timeout) if timeout > 0 else local.acquire(blocking=False)):
        raise CorpusLocked(
            f"the corpus is being written by another thread of this process (PID {os.getpid()})"
        )
    try:
        _depth[key] = _depth.get(key, 0) + 1
        if _depth[key] > 1:
            yield
        else:
            with _os_lock(path, timeout):
                yield
    finally:
        _depth[key] -= 1
        local.release()


@contextmanager
def _os_lock(path: Path, timeout: float) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = read_holder(path)
                    since = f" since {holder['since']}" if holder.get("since") else ""
                    raise CorpusLocked(
                        f"the corpus is being written by another tracker process "
                        f"(PID {holder.get('pid', '?')}"
                        f"{since}); waited {timeout:g}s, try again when it has finished"
                    ) from None
                time.sleep(0.05)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": stamp}).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
