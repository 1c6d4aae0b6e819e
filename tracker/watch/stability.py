"""When a dropped file is complete: its size and modification time have not changed for `settle` seconds.

A file is read only once it has been still for a while, because a copy, a download
or a save is a sequence of writes and the last one gives no signal of its own. A
file's sidecar counts as part of it, so editing `<file>.toml` restarts the wait.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.watch.inbox import sidecar_for

Signature = tuple[int, int, int, int] | None   # (size, mtime_ns) of the file and of its sidecar


@dataclass(frozen=True)
class Settled:
    """One poll's answer: the files now stable, and how many are still changing."""

    ready: tuple[Path, ...]
    settling: int


def file_signature(path: Path) -> Signature:
    """Size and mtime of a file and of its sidecar; None when the file is gone. Links are not followed:
    a link (even a dangling one) settles like a file, to be refused with a reason."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        side = os.lstat(sidecar_for(path))
        side_size, side_mtime = side.st_size, side.st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        side_size, side_mtime = -1, -1
    return (st.st_size, st.st_mtime_ns, side_size, side_mtime)


class StabilityTracker:
    """Tracks candidate files until each has been unchanged for `settle` seconds. Not thread-safe:
    one debouncer thread owns it."""

    def __init__(self, settle: float, clock: Callable[[], float] = time.monotonic) -> None:
        if settle < 0:
            raise ValueError("settle must be >= 0")
        self.settle = settle
        self._clock = clock
        self._seen: dict[Path, tuple[Signature, float]] = {}

    def note(self, path: Path) -> None:
        """Something happened to `path`: (re)start its wait from now."""
        self._seen[path] = (file_signature(path), self._clock())

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def is_tracked(self, path: Path) -> bool:
        return path in self._seen

    @property
    def pending(self) -> int:
        return len(self._seen)

    def poll(self) -> Settled:
        """Re-stat every tracked file; hand back (and stop tracking) those that have settled."""
        now = self._clock()
        ready: list[Path] = []
        for path, (signature, since) in list(self._seen.items()):
            current = file_signature(path)
            if current is None:
                del self._seen[path]          # deleted or moved away before it settled
            elif current != signature:
                self._seen[path] = (current, now)
            elif now - since >= self.settle:
                del self._seen[path]
                ready.append(path)
        return Settled(ready=tuple(sorted(ready)), settling=len(self._seen))

    def next_deadline(self) -> float | None:
        """Seconds until the earliest tracked file could settle, or None when nothing is tracked."""
        if not self._seen:
            return None
        now = self._clock()
        return max(0.0, min(since for _, since in self._seen.values()) + self.settle - now)
