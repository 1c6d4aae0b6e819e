"""The machine's faults are not the file's: an unwritable or full corpus leaves the file in the inbox,
deferred with one line saying what is wrong, and it is recorded once the machine is fixed.

Tests run as root, for whom chmod does not stop writes: the read-only case runs the watcher without
the capabilities that bypass file permissions (setpriv); the full-disk case puts the corpus on a
small tmpfs filled to the brim (mount). Each skips, saying why, only where the machine cannot.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.watch_helpers import (  # noqa: F401 - fixture
    COMPUTE_PLAN_FIRST,
    COMPUTE_PLAN_SECOND,
    EventLog,
    drop,
    no_leaked_threads,
    pin_git_identity,
    seeded_corpus,
)
from tracker.corpus import Corpus
from tracker.watch import Processor

pytestmark = pytest.mark.usefixtures("no_leaked_threads")

FIRST, SECOND = COMPUTE_PLAN_FIRST, COMPUTE_PLAN_SECOND
DROPPED = "jp/compute-plan/2025-03-01--revised.md"


def _inbox_files(inbox: Path) -> list[str]:
    return sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file())


# -- a read-only .git ----------------------------------------------------------------------------

PROCESS_ONE_BURST = """
import json, sys
from pathlib import Path
from tracker.corpus import Corpus
from tracker.watch import Processor
events = []
Processor(Corpus(Path(sys.argv[1])), Path(sys.argv[2]), emit=events.append, summaries=False).process_burst(
    [Path(sys.argv[3])])
for event in events:
    print(json.dumps(event.to_dict()))
"""

_NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", "--"]


def _without_permission_override() -> list[str]:
    """A command prefix that runs without the capabilities letting root ignore file permissions."""
    if os.geteuid() != 0:
        return []                                   # an ordinary user: chmod already applies
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux): cannot drop the capability that lets "
                    "root write into a read-only folder")
    probe = subprocess.run([*_NO_OVERRIDE, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode(errors='replace').strip()}")
    return _NO_OVERRIDE


def _process_in_child(prefix: list[str], corpus: Corpus, inbox: Path, path: Path) -> list[dict[str, object]]:
    proc = subprocess.run([*prefix, sys.executable, "-c", PROCESS_ONE_BURST, str(corpus.root), str(inbox),
                           str(path)], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_a_read_only_git_directory_defers_the_file_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = _without_permission_override()
    pin_git_identity(monkeypatch)
    corpus = seeded_corpus(tmp_path / "corpus", tmp_path)
    inbox = tmp_path / "inbox"
    path = drop(inbox, DROPPED, SECOND)
    git_dir = Path(corpus.git.git_dir)
    subprocess.run(["chmod", "-R", "a-w", str(git_dir)], check=True)
    try:
        events = _process_in_child(prefix, corpus, inbox, path)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(git_dir)], check=True)
    assert [e["event"] for e in events] == ["deferred"]
    assert events[0]["reason"] == "cannot write the corpus repository: Permission denied"
    assert events[0]["retry_seconds"] == 5.0
    assert _inbox_files(inbox) == [DROPPED]                    # kept, not rejected as a bug
    # once the repository is writable again, the same file is recorded
    events = _process_in_child(prefix, corpus, inbox, path)
    assert [e["event"] for e in events] == ["recorded"]
    assert [r.label for r in Corpus(corpus.root).timeline("jp/compute-plan")] == ["First draft", "Revised"]


# -- a full disk ---------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, mounted for the test and unmounted after it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a small file system to fill")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): {made.stderr.strip()}"
                    )
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    """Write a file until the file system is full; returns it (delete it to make room)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (65536, 1):                     # big blocks, then the last bytes
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_defers_the_file_and_it_is_recorded_once_there_is_room(
        small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin_git_identity(monkeypatch)
    corpus = seeded_corpus(small_disk / "corpus", tmp_path)
    inbox = tmp_path / "inbox"                        # the inbox has room; the corpus does not
    path = drop(inbox, DROPPED, SECOND * 200)
    filler = _fill(small_disk)
    log = EventLog()
    processor = Processor(corpus, inbox, emit=log, summaries=False)
    outcome = processor.process_burst([path])
    assert outcome.deferred == (path,) and outcome.retry_in[path] == 5.0
    (deferred,) = log.items
    assert deferred.kind == "deferred"
    assert deferred.reason.startswith("cannot write the corpus")
    assert deferred.reason.endswith(": No space left on device")
    assert deferred.describe().endswith("No space left on device; left in the inbox, retrying in 5 s")
    assert _inbox_files(inbox) == [DROPPED]
    assert not list(Path(corpus.git.git_dir).glob("tracker-*-*-*"))   # no temporary folder left behind
    again = processor.process_burst([path])
    assert again.deferred == (path,) and again.retry_in[path] == 10.0          # backing off
    filler.unlink()
    done = processor.process_burst([path])
    assert len(done.recorded) == 1 and not done.deferred
    assert _inbox_files(inbox) == [f"_done/{DROPPED}"]
    fsck = subprocess.run(["git", "fsck", "--strict"], cwd=corpus.root, capture_output=True, text=True,
                          check=False)
    assert fsck.returncode == 0, fsck.stderr


def test_watch_once_on_a_read_only_git_directory_leaves_the_file_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole command: it starts (its lock needs no write access once it exists), defers the file with
    one line, exits 1 saying a file was left, and records it at the next run once .git is writable."""
    prefix = _without_permission_override()
    pin_git_identity(monkeypatch)
    corpus = seeded_corpus(tmp_path / "corpus", tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    command = [*prefix, sys.executable, "-m", "tracker", "watch", str(inbox), "--corpus", str(corpus.root),
               "--once", "--settle", "0", "--no-summary"]
    first = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert first.returncode == 0, first.stderr                 # an empty inbox; the watch lock now exists
    drop(inbox, DROPPED, SECOND)
    git_dir = Path(corpus.git.git_dir)
    subprocess.run(["chmod", "-R", "a-w", str(git_dir)], check=True)
    try:
        stuck = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(git_dir)], check=True)
    assert stuck.returncode == 1
    assert "Traceback" not in stuck.stderr
    assert (f"deferred {DROPPED}: cannot write the corpus repository: Permission denied; "
            "left in the inbox for the next run") in stuck.stderr.splitlines()
    assert stuck.stderr.splitlines()[-1] == "error: 1 file(s) left in the inbox for the next run"
    assert _inbox_files(inbox) == [DROPPED]
    fixed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert fixed.returncode == 0, fixed.stderr
    assert _inbox_files(inbox) == [f"_done/{DROPPED}"]
