"""Crash safety: SIGKILL a real watcher at many points during a burst of 50 files.

After every kill: `git fsck` is clean, no revision is half-written, and every dropped
file is recorded at most once and is either recorded or still in the inbox (a file
reaches _done/ only after its commit). A final `--once` run then records the rest
exactly once and leaves the site consistent (a further build changes nothing).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.watch_helpers import (  # noqa: F401 - fixture
    WatcherProcess,
    no_leaked_threads,
    pin_git_identity,
    plan_text,
)
from tracker.corpus import Corpus
from tracker.site import build_site
from tracker.watch.inbox import DONE_DIR, pending_files

pytestmark = pytest.mark.usefixtures("no_leaked_threads")

DOCS = ("jp/compute-plan", "jp/talent-plan", "us/research-plan", "eu/data-plan", "sg/safety-plan")
DATES = [datetime.date(2025, month, 1) for month in range(2, 12)]          # 10 revisions per document
# Where each watcher is killed: once `after` files have reached _done/, at the next moment `when`
# holds: "locked" (the corpus write lock is held: ingest done, commit being made), "journal" (a
# commit is being published: HEAD moving, working tree catching up), "moved" (just after a file
# reached _done/: summary, next file) or "build" (after the last file, during the site build).
KILL_POINTS = [("burst", 0), ("locked", 1), ("journal", 3), ("moved", 6), ("locked", 10),
               ("journal", 14), ("locked", 19), ("journal", 25), ("moved", 32), ("build", 50)]


def _content(doc: str, index: int) -> str:
    return plan_text(doc, [f"The Government will fund {index * 7 + 3} research centres for {doc} by 2030.",
                           f"Revision {index} of {doc} keeps the earlier sections."])


def _relpath(doc: str, date: datetime.date) -> str:
    return f"{doc}/{date.isoformat()}--update.md"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _git(corpus: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=corpus, capture_output=True, text=True, check=False)


def _check_invariants(corpus_root: Path, inbox: Path, drops: dict[str, str]) -> dict[str, int]:
    fsck = _git(corpus_root, "fsck", "--full", "--strict")
    assert fsck.returncode == 0 and "error" not in fsck.stderr.lower(), fsck.stderr
    corpus = Corpus(corpus_root)
    counts: dict[str, int] = {}
    for doc in DOCS:
        for rev in corpus.timeline(doc):
            counts[rev.source_sha256] = counts.get(rev.source_sha256, 0) + 1
            assert corpus.text(rev).strip(), f"{rev.ref} has no text"          # no half-written revision
            source = f"{rev.commit}:sources/{rev.source_sha256}.{rev.source_ext}"
            assert _git(corpus_root, "cat-file", "-e", source).returncode == 0, f"{rev.ref} lost its source"
    for rel, text in drops.items():
        recorded = counts.get(_sha(text), 0)
        in_inbox = (inbox / rel).is_file()
        in_done = (inbox / DONE_DIR / rel).is_file()
        assert recorded <= 1, f"{rel} recorded {recorded} times"
        assert in_inbox != in_done, f"{rel}: in inbox {in_inbox}, in _done {in_done}"
        assert recorded == 1 or in_inbox, f"{rel} left the inbox without being recorded"
    return counts


def _done_count(inbox: Path) -> int:
    done = inbox / DONE_DIR
    return sum(1 for p in done.rglob("*") if p.is_file()) if done.is_dir() else 0


def _drain(lines: Any) -> list[str]:
    out = []
    while not lines.empty():
        line = lines.get_nowait()
        if line is not None:
            out.append(line)
    return out


def _site_build_running(public: Path) -> bool:
    """Whether a site build holds its lock (build.lock, in the site's build state beside or in `public`)."""
    import fcntl

    for lock in (*public.parent.glob(f"{public.name}*/build.lock"), *public.glob("*/build.lock")):
        try:
            with lock.open("rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            continue
    return False


def _wait_for_kill_point(when: str, after: int, inbox: Path, git_dir: Path, public: Path,
                         watcher: WatcherProcess, timeout: float = 15.0) -> bool:
    """Busy-wait (bounded) for the kill point; False if the watcher exited or time ran out first."""
    lock = git_dir / "tracker.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and watcher.proc.poll() is None:
        if _done_count(inbox) >= after:
            if when == "moved":
                return True
            if when == "locked" and lock.is_file() and lock.stat().st_size > 0:
                return True
            if when == "journal" and any(git_dir.glob("tracker-pending-*.json")):
                return True
            if when == "build" and _site_build_running(public):
                return True
        time.sleep(0.0005)
    return False


def test_sigkill_at_many_points_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin_git_identity(monkeypatch)
    corpus = Corpus.init(tmp_path / "corpus", title="Fault corpus")
    for doc in DOCS:
        seed = tmp_path / "seed.md"
        seed.write_text(_content(doc, 0), encoding="utf-8")
        corpus.add(doc, seed, date=datetime.date(2025, 1, 1), label="Seed", metadata={"title": doc})
    inbox, public = tmp_path / "inbox", tmp_path / "public"
    inbox.mkdir()
    drops = {_relpath(doc, date): _content(doc, i + 1) for doc in DOCS for i, date in enumerate(DATES)}
    args = [str(inbox), "--corpus", str(corpus.root), "--build", str(public), "--json", "--settle", "0.05"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    git_dir = Path(corpus.git.git_dir)
    hits = []
    events: list[dict[str, Any]] = []        # every JSON event of every run
    for round_number, (when, after) in enumerate(KILL_POINTS):
        watcher = WatcherProcess(args, env=env)
        try:
            if when == "burst":              # the burst arrives while the first watcher runs
                watcher.wait_line("stderr", lambda line: line.startswith("watching "))
                for rel, text in drops.items():
                    target = inbox / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                hits.append(True)            # killed while files are still settling
            else:
                hits.append(_wait_for_kill_point(when, after, inbox, git_dir, public, watcher))
        finally:
            watcher.kill()
        emitted = [json.loads(line) for line in _drain(watcher.stdout)]
        events += emitted
        if when == "build":                  # a hit only if the build had not finished
            hits[-1] = hits[-1] and not any(e["event"] == "site_built" for e in emitted)
        counts = _check_invariants(corpus.root, inbox, drops)
        if os.environ.get("WATCH_FAULT_TRACE"):     # what each kill left behind, for debugging
            recorded = sum(counts.values()) - len(DOCS)
            pending = bool(list(git_dir.glob("tracker-pending-*")))
            print(f"round {round_number} {when} reached={hits[-1]}: done {_done_count(inbox)}, "
                  f"recorded {recorded}, publish pending {pending}")

    # kill points are reached by timing; most must be, or the test proves little
    assert sum(hits) >= 7, f"only {sum(hits)} of {len(hits)} kill points were reached: {hits}"

    final = subprocess.run(["python", "-m", "tracker", "watch", *args, "--once"], capture_output=True,
                           text=True, env=env, timeout=120, check=False)
    assert final.returncode == 0, final.stderr
    events += [json.loads(line) for line in final.stdout.splitlines()]
    counts = _check_invariants(corpus.root, inbox, drops)
    # every file was reported by some run: a file leaves the inbox only after its event is out
    reported = {e["file"] for e in events if e["event"] in ("recorded", "skipped")}
    assert sorted(set(drops) - reported) == []
    assert all(counts.get(_sha(text)) == 1 for text in drops.values())
    assert pending_files(inbox) == []
    assert sorted(p.relative_to(inbox / DONE_DIR).as_posix()
                  for p in (inbox / DONE_DIR).rglob("*") if p.is_file()) == sorted(drops)
    assert _git(corpus.root, "status", "--porcelain").stdout == ""          # the working tree caught up
    fresh = Corpus(corpus.root)
    for doc in DOCS:
        assert len(fresh.timeline(doc)) == 1 + len(DATES)
        for date in DATES:
            assert (public / "documents" / doc / f"{date.isoformat()}.html").is_file()
    assert build_site(fresh, public).files_written == 0                    # the site is up to date


def test_a_watcher_killed_right_after_a_commit_has_reported_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kill the watcher the moment a recorded file reaches _done/ (its commit is in, the site build has not
    run): its `recorded` event is already on stdout, and the site catches up at the next start."""
    pin_git_identity(monkeypatch)
    corpus = Corpus.init(tmp_path / "corpus", title="Fault corpus")
    seed = tmp_path / "seed.md"
    seed.write_text(_content(DOCS[0], 0), encoding="utf-8")
    corpus.add(DOCS[0], seed, date=datetime.date(2025, 1, 1), label="Seed", metadata={"title": DOCS[0]})
    inbox, public = tmp_path / "inbox", tmp_path / "public"
    inbox.mkdir()
    args = [str(inbox), "--corpus", str(corpus.root), "--build", str(public), "--json", "--settle", "0.05"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    rel = _relpath(DOCS[0], DATES[0])
    watcher = WatcherProcess(args, env=env)
    try:
        watcher.wait_line("stderr", lambda line: line.startswith("watching "))
        target = inbox / rel
        target.parent.mkdir(parents=True)
        target.write_text(_content(DOCS[0], 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        while not (inbox / DONE_DIR / rel).exists() and time.monotonic() < deadline:
            time.sleep(0.0005)
    finally:
        watcher.kill()
    assert (inbox / DONE_DIR / rel).exists()
    emitted = [json.loads(line) for line in _drain(watcher.stdout)]
    recorded = [e for e in emitted if e["event"] == "recorded"]
    assert [e["file"] for e in recorded] == [rel]
    assert recorded[0]["commit"] == Corpus(corpus.root).timeline(DOCS[0])[-1].commit
    final = subprocess.run([sys.executable, "-m", "tracker", "watch", *args, "--once"], capture_output=True,
                           text=True, env=env, timeout=120, check=False)
    assert final.returncode == 0, final.stderr
    assert (public / "documents" / DOCS[0] / f"{DATES[0].isoformat()}.html").is_file()


# -- what a killed writer leaves in the git directory ---------------------------------------------

HASH_BIG_BLOBS = """
import os, sys
from pathlib import Path
from tracker.corpus.git import GitRepo
GitRepo(Path(sys.argv[1])).hash_blobs({"big": os.urandom(48 * 1024 * 1024), "small": b"x"})
"""


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if int(stat[1]) == pid and stat[0] != "Z":
            found.append((int(entry.name), cmdline))
    return found


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc to find the git child")
def test_a_killed_writer_takes_its_git_child_along_and_its_folder_is_removed_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGKILL a real writer while `git hash-object` writes its blobs. The child is stopped first (so it
    cannot finish on its own meanwhile): the writer's death must leave a SIGTERM pending for it, and
    the next writer removes the dead writer's temporary folder."""
    import signal

    from tracker.corpus.git import GitRepo

    pin_git_identity(monkeypatch)
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "core.compression", "9"], check=True)  # a slower child
    writer = subprocess.Popen([sys.executable, "-c", HASH_BIG_BLOBS, str(repo)])
    child = 0
    try:
        deadline = time.monotonic() + 60
        while not child and time.monotonic() < deadline and writer.poll() is None:
            child = next((pid for pid, cmd in _children(writer.pid) if "hash-object" in cmd), 0)
        assert child, "the writer never ran git hash-object"
        os.kill(child, signal.SIGSTOP)
        folders = list((repo / ".git").glob(f"tracker-blobs-{writer.pid}-*"))
        assert len(folders) == 1 and any(folders[0].iterdir())
        writer.send_signal(signal.SIGKILL)
        writer.wait(30)
        deadline = time.monotonic() + 10
        pending = 0
        while time.monotonic() < deadline and not pending & (1 << (signal.SIGTERM - 1)):
            status = _status(child)
            pending = int(status.get("ShdPnd", "0"), 16) | int(status.get("SigPnd", "0"), 16)
            time.sleep(0.01)
        assert pending & (1 << (signal.SIGTERM - 1)), "the git child outlives its killed parent"
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(30)
        if child:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGCONT)
    deadline = time.monotonic() + 30
    while _status(child).get("State", "Z").startswith(("R", "S", "D", "T")) and time.monotonic() < deadline:
        time.sleep(0.01)
    removed = GitRepo(repo).remove_stale_temporaries()
    assert removed == folders and not folders[0].exists()


def test_start_up_removes_only_the_temporary_folders_of_dead_writers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.watch import Watcher

    pin_git_identity(monkeypatch)
    corpus = Corpus.init(tmp_path / "corpus", title="Temp corpus")
    git_dir = Path(corpus.git.git_dir)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    alive = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        made = {
            "dead": git_dir / f"tracker-trees-{int(dead.stdout)}-a1b2c3",
            "alive": git_dir / f"tracker-blobs-{alive.pid}-d4e5f6",
            "old": git_dir / "tracker-blobs-k2j3h4x9",                 # named by an older version
            "recent": git_dir / "tracker-index-q8w7e6r5",
        }
        for folder in made.values():
            folder.mkdir()
            (folder / "0").write_bytes(b"x" * 1000)
        two_hours_ago = time.time() - 7200
        os.utime(made["old"], (two_hours_ago, two_hours_ago))
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        Watcher(corpus, inbox, emit=lambda event: None).run_once()
        assert {name: folder.exists() for name, folder in made.items()} == \
            {"dead": False, "alive": True, "old": False, "recent": True}
    finally:
        assert alive.stdin is not None
        alive.stdin.close()
        alive.wait(30)
