"""One watcher per corpus: the corpus's lock file helper, taken without waiting and held for life.

The lock is an OS file lock (`flock`), so the kernel releases it when its holder dies,
even by SIGKILL: a stale lock file from a killed watcher is simply taken over and its
record overwritten. A second live watcher is refused, naming the first.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from tracker.corpus.lock import LockFile, read_holder
from tracker.errors import CorpusError, CorpusLocked


class AlreadyWatching(CorpusLocked):
    """Another watcher holds this corpus."""


class WatcherLock:
    """Held for a watcher's whole life; `with WatcherLock(path):` or acquire()/release()."""

    def __init__(self, path: Path, what: str = "this corpus") -> None:
        self.path = path
        self.what = what
        # taken even on a disk that cannot be written now, so the watcher can start and defer
        # files until it can
        self._lock = LockFile(path, read_only_ok=True)

    def acquire(self) -> None:
        try:
            taken = self._lock.try_acquire()
        except OSError as exc:
            raise CorpusError(f"cannot take the watch lock {self.path}: {exc.strerror or exc}; the "
                              "watcher needs to write into the corpus's git directory") from None
        if not taken:
            holder = read_holder(self.path).get("pid") or "unknown"
            raise AlreadyWatching(
                f"another watcher (PID {holder}) is already watching {self.what}; stop it first "
                f"(lock file {self.path})"
            )

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> WatcherLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
