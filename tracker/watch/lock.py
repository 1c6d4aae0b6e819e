"""One watcher per corpus: an exclusive lock file that names its holder's PID.

The lock is an OS file lock (`flock`), so the kernel releases it when its holder
dies, even by SIGKILL: a stale lock file from a killed watcher is simply taken
over and its PID overwritten. A second live watcher is refused, naming the first.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from tracker.errors import CorpusError, CorpusLocked


class AlreadyWatching(CorpusLocked):
    """Another watcher holds this corpus."""


class WatcherLock:
    """Held for a watcher's whole life; `with WatcherLock(path):` or acquire()/release()."""

    def __init__(self, path: Path, what: str = "this corpus") -> None:
        self.path = path
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyWatching(
                f"another watcher (PID {holder}) is already watching {self.what}; stop it first "
                f"(lock file {self.path})"
            ) from None
        try:  # the PID is only for the message above: a full disk must not stop the watcher
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            os.fsync(fd)
        except OSError:
            pass
        self._fd = fd

    def _open(self) -> int:
        """The lock file, for writing; read-only when it exists on a disk that cannot be written now (a
        flock needs no write access), so the watcher can start and defer files until it can write."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            try:
                return os.open(self.path, os.O_RDONLY)
            except OSError:
                raise CorpusError(f"cannot take the watch lock {self.path}: {exc.strerror or exc}; the "
                                  "watcher needs to write into the corpus's git directory") from None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> WatcherLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
