"""Hostile inbox entries: links, odd names, oversized files. Each is refused with a reason, one event per
file, nothing outside the inbox is read, moved or recorded, and the JSON lines stay valid UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tracker.ingest
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
from tracker.errors import IngestError
from tracker.watch import Watcher, WatchOptions
from tracker.watch.inbox import DropRejected, pending_files

pytestmark = pytest.mark.usefixtures("no_leaked_threads")

FIRST, SECOND = COMPUTE_PLAN_FIRST, COMPUTE_PLAN_SECOND
SECRET = "# Secret\n\nThe root password is hunter2 and must never be published.\n"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    pin_git_identity(monkeypatch)
    return seeded_corpus(tmp_path / "corpus", tmp_path)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    (tmp_path / "inbox").mkdir()
    return tmp_path / "inbox"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET, encoding="utf-8")
    return outside / "secret.md"


def _run_once(corpus: Corpus, inbox: Path) -> tuple[EventLog, object]:
    log = EventLog()
    watcher = Watcher(corpus, inbox, emit=log, options=WatchOptions(settle=0.0, summaries=False))
    return log, watcher.run_once()


def _nothing_of(corpus: Corpus, text: str) -> None:
    """No revision, no blob of the corpus holds `text`."""
    objects = subprocess.run(["git", "grep", "-l", "hunter2", "HEAD"], cwd=corpus.root,
                             capture_output=True, text=True, check=False)
    assert objects.stdout == "", objects.stdout
    assert [r.label for r in Corpus(corpus.root).timeline("jp/compute-plan")] == ["First draft"]


def test_a_link_to_a_file_outside_is_refused_and_never_read(
        corpus: Corpus, inbox: Path, secret: Path) -> None:
    link = inbox / "jp/compute-plan/2025-05-27--s.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    log, totals = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert rejected.file == "jp/compute-plan/2025-05-27--s.md"
    assert "symbolic link" in rejected.reason and "copy the file itself" in rejected.reason
    assert totals.rejected == 1 and totals.recorded == 0          # type: ignore[attr-defined]
    _nothing_of(corpus, SECRET)
    moved = inbox / rejected.moved_to
    assert moved.is_symlink() and secret.read_text(encoding="utf-8") == SECRET  # the link moved
    assert "symbolic link" in (inbox / (rejected.moved_to + ".reason.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["missing.md", "folder"])
def test_dangling_links_and_links_to_folders_are_refused_not_dropped(
        corpus: Corpus, inbox: Path, tmp_path: Path, target: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "plan.md").write_text(SECRET, encoding="utf-8")
    link = inbox / "jp/compute-plan/2025-05-27--s.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(tmp_path / target)
    assert pending_files(inbox) == [link]
    log, totals = _run_once(corpus, inbox)
    assert [e.kind for e in log.items] == ["rejected"]
    assert "symbolic link" in log.items[0].reason
    assert totals.rejected == 1                                   # type: ignore[attr-defined]
    _nothing_of(corpus, SECRET)


def test_a_linked_folder_in_the_inbox_is_refused_and_nothing_behind_it_moves(
        corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    drop(outside, "compute-plan/2025-05-27--s.md", SECRET)
    (inbox / "jp").symlink_to(outside)
    # an event from inside the linked folder concerns the link itself
    from tracker.watch.inbox import candidate

    assert candidate(inbox, inbox / "jp/compute-plan/2025-05-27--s.md") == inbox / "jp"
    log, _ = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert rejected.file == "jp" and "symbolic link" in rejected.reason
    assert (outside / "compute-plan/2025-05-27--s.md").read_text(encoding="utf-8") == SECRET
    _nothing_of(corpus, SECRET)


def test_a_linked_sidecar_is_refused(corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    (tmp_path / "meta.toml").write_text('title = "Stolen"\n', encoding="utf-8")
    path = drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)
    Path(str(path) + ".toml").symlink_to(tmp_path / "meta.toml")
    log, _ = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert "sidecar 2025-03-01.md.toml" in rejected.reason and "symbolic link" in rejected.reason


def test_a_named_pipe_is_refused_without_blocking(corpus: Corpus, inbox: Path) -> None:
    fifo = inbox / "jp/compute-plan/2025-03-01.md"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    log, _ = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert "not a regular file" in rejected.reason


def test_the_read_never_follows_a_link_swapped_in_after_the_check(inbox: Path, secret: Path,
                                                                   tmp_path: Path) -> None:
    """The snapshot is what is recorded: a link in the file's place, or a linked folder above it, is refused
    at the open itself, so a swap between the processor's check and the read gains nothing."""
    from tracker.watch.snapshot import take_snapshot

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    link = inbox / "jp/compute-plan/2025-05-27--s.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    with pytest.raises(DropRejected, match="symbolic link"):
        take_snapshot(inbox, link, scratch, max_bytes=1 << 20)
    (inbox / "us").symlink_to(secret.parent)
    with pytest.raises(DropRejected, match="outside the inbox"):
        take_snapshot(inbox, inbox / "us" / "secret.md", scratch, max_bytes=1 << 20)
    assert list(scratch.iterdir()) == []
    real = drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)
    copy = take_snapshot(inbox, real, scratch, max_bytes=1 << 20)
    assert copy.path.read_text(encoding="utf-8") == SECOND and copy.path.name == real.name


# -- names ---------------------------------------------------------------------------------------

def _watch_once_json(corpus: Corpus, inbox: Path) -> tuple[list[dict[str, object]], str]:
    """A real `tracker watch --once --json`: stdout must be valid UTF-8 JSON lines."""
    proc = subprocess.run([sys.executable, "-m", "tracker", "watch", str(inbox), "--corpus", str(corpus.root),
                           "--once", "--json", "--settle", "0", "--no-summary"],
                          capture_output=True, check=False, timeout=120)
    stdout = proc.stdout.decode("utf-8")                       # strict: raises on raw bytes
    return [json.loads(line) for line in stdout.splitlines()], proc.stderr.decode("utf-8")


def test_a_name_that_is_not_utf8_is_refused_and_the_json_stays_utf8(corpus: Corpus, inbox: Path) -> None:
    folder = inbox / "jp/compute-plan"
    folder.mkdir(parents=True)
    name = os.fsdecode(b"2025-03-01--caf\xe9.md")
    (folder / name).write_text(SECOND, encoding="utf-8")
    events, stderr = _watch_once_json(corpus, inbox)
    assert [e["event"] for e in events] == ["rejected"]
    assert events[0]["file"] == "jp/compute-plan/2025-03-01--caf\\xe9.md"
    assert "not valid UTF-8" in str(events[0]["reason"])
    assert "Traceback" not in stderr
    assert [r.label for r in Corpus(corpus.root).timeline("jp/compute-plan")] == ["First draft"]


def test_a_newline_in_a_name_is_refused_on_one_log_line(corpus: Corpus, inbox: Path) -> None:
    drop(inbox, "jp/compute-plan/2025-03-01--two\nlines.md", SECOND)
    events, stderr = _watch_once_json(corpus, inbox)
    assert [e["event"] for e in events] == ["rejected"]
    assert events[0]["file"] == "jp/compute-plan/2025-03-01--two\\u000alines.md"
    assert "control character U+000A" in str(events[0]["reason"])
    (line,) = [line for line in stderr.splitlines() if line.startswith("rejected ")]
    assert "two\\u000alines.md" in line and "control character" in line


def test_a_bidi_override_in_a_name_is_refused(corpus: Corpus, inbox: Path) -> None:
    drop(inbox, "jp/compute-plan/2025-03-01--final\u202edm.exe.md", SECOND)
    log, _ = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert "U+202E" in rejected.reason and "\\u202e" in rejected.file and "\u202e" not in rejected.describe()
    assert [r.label for r in Corpus(corpus.root).timeline("jp/compute-plan")] == ["First draft"]


def test_zero_width_characters_never_reach_a_label(corpus: Corpus, inbox: Path) -> None:
    drop(inbox, "jp/compute-plan/2025-03-01--re\u200bvised\u200d-draft.md", SECOND)
    log, _ = _run_once(corpus, inbox)
    (recorded,) = log.of_kind("recorded")
    assert recorded.label == "Revised draft"
    (rev,) = Corpus(corpus.root).timeline("jp/compute-plan")[1:]
    assert rev.label == "Revised draft"
    subject = subprocess.run(["git", "log", "-1", "--format=%B"], cwd=corpus.root, capture_output=True,
                             text=True, check=True).stdout
    assert "\u200b" not in subject and "\u200d" not in subject


@pytest.mark.parametrize(("sidecar", "reason"), [
    ('label = "Adopted \u202e0302 yb"\n', "label holds an invisible direction control"),
    ('title = "Plan \\u001b[2J"\n', "title holds a control character"),      # a terminal escape
])
def test_direction_and_control_characters_in_a_sidecar_are_refused(
        corpus: Corpus, inbox: Path, sidecar: str, reason: str) -> None:
    path = drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)
    Path(str(path) + ".toml").write_text(sidecar, encoding="utf-8")
    log, _ = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert reason in rejected.reason


# -- size ------------------------------------------------------------------------------------------

def _oversized_markdown(path: Path) -> Path:
    line = "The Government will fund research on the safety of artificial intelligence systems.\n\n"
    limit = tracker.ingest.input_limit("markdown")
    path.write_text("# Huge plan\n\n" + line * (limit // len(line) + 1), encoding="utf-8")
    assert limit < path.stat().st_size < tracker.ingest.input_limit()
    return path


def test_an_oversized_markdown_file_is_rejected_by_watch(corpus: Corpus, inbox: Path) -> None:
    path = inbox / "jp/compute-plan/2025-03-01--huge.md"
    path.parent.mkdir(parents=True)
    _oversized_markdown(path)
    log, _ = _run_once(corpus, inbox)
    (rejected,) = log.of_kind("rejected")
    assert "larger than the 5 MB allowed for a Markdown file" in rejected.reason


def test_an_oversized_markdown_file_is_refused_by_add(corpus: Corpus, tmp_path: Path) -> None:
    path = _oversized_markdown(tmp_path / "huge.md")
    proc = subprocess.run([sys.executable, "-m", "tracker", "add", "jp/compute-plan", str(path), "--date",
                           "2025-03-01", "--corpus", str(corpus.root)], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode != 0
    (line,) = proc.stderr.strip().splitlines()
    assert "huge.md" in line and "larger than the 5 MB allowed for a Markdown file" in line


def test_too_many_sentences_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracker.ingest, "MAX_SENTENCES", 50)
    text = "# Plan\n\n" + " ".join(f"The Agency will publish report {n}." for n in range(60)) + "\n"
    with pytest.raises(IngestError, match="more than the 50 a document may have"):
        tracker.ingest.ingest_bytes(text.encode("utf-8"), "plan.md")
    short = "# Plan\n\n" + " ".join(f"The Agency will publish report {n}." for n in range(40)) + "\n"
    assert tracker.ingest.ingest_bytes(short.encode("utf-8"), "plan.md").text.count("report") == 40


@pytest.mark.parametrize("poll", [False, True])
def test_links_dropped_while_watching_are_refused(corpus: Corpus, inbox: Path, secret: Path, tmp_path: Path,
                                                  poll: bool) -> None:
    log = EventLog()
    watcher = Watcher(corpus, inbox, emit=log,
                      options=WatchOptions(settle=0.1, poll=poll, poll_interval=0.05, summaries=False))
    watcher.start()
    try:
        folder = inbox / "jp/compute-plan"
        folder.mkdir(parents=True)
        (folder / "2025-05-27--file.md").symlink_to(secret)
        (folder / "2025-05-28--dangling.md").symlink_to(tmp_path / "missing.md")
        (folder / "2025-05-29--folder.md").symlink_to(secret.parent)
        log.wait_for(lambda items: sum(e.kind == "rejected" for e in items) == 3)
    finally:
        watcher.stop()
    assert all("symbolic link" in e.reason for e in log.of_kind("rejected"))
    assert not log.of_kind("recorded") and not log.of_kind("error")
    _nothing_of(corpus, SECRET)
