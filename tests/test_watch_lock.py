"""One watcher per corpus: a second is refused with the first one's PID; a killed one's lock is cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.corpus.lock import read_holder
from tracker.watch.lock import AlreadyWatching, WatcherLock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from tracker.watch.lock import WatcherLock
lock = WatcherLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(600)
"""


def test_second_holder_is_refused_naming_the_first(tmp_path: Path) -> None:
    path = tmp_path / "watch.lock"
    with WatcherLock(path):
        with pytest.raises(AlreadyWatching, match=rf"PID {os.getpid()}\b"):
            WatcherLock(path).acquire()
    with WatcherLock(path):        # released: free again
        assert read_holder(path)["pid"] == os.getpid()


def test_lock_of_a_killed_process_is_cleared(tmp_path: Path) -> None:
    path = tmp_path / "watch.lock"
    child = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyWatching, match=rf"PID {child.pid}\b"):
            WatcherLock(path).acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert read_holder(path)["pid"] == child.pid      # the stale lock file is still there...
    with WatcherLock(path):                                 # ...and is taken over
        assert read_holder(path)["pid"] == os.getpid()
