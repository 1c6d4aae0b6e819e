"""Timing: the stability wait, the debouncer's bursts, real watchdog observers on real folders."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.watch_helpers import EventLog, drop, no_leaked_threads  # noqa: F401 - fixture
from tracker.watch.debounce import Debouncer
from tracker.watch.observer import start_observer, stop_observer
from tracker.watch.stability import StabilityTracker

pytestmark = pytest.mark.usefixtures("no_leaked_threads")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_file_is_ready_only_after_settling(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(1.0, clock=clock)
    path = drop(tmp_path, "a.md", "one")
    tracker.note(path)
    assert tracker.poll().ready == ()
    clock.now += 0.6
    path.write_text("one two")                      # still being written: the wait restarts
    assert tracker.poll().ready == ()
    clock.now += 0.6
    assert tracker.poll().ready == ()               # 0.6 s since the last change
    clock.now += 0.5
    settled = tracker.poll()
    assert settled.ready == (path,) and settled.settling == 0
    assert tracker.pending == 0


def test_mtime_alone_restarts_the_wait(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(1.0, clock=clock)
    path = drop(tmp_path, "a.md", "same size")
    tracker.note(path)
    clock.now += 0.9
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    tracker.poll()
    clock.now += 0.9
    assert tracker.poll().ready == ()
    clock.now += 0.2
    assert tracker.poll().ready == (path,)


def test_a_sidecar_change_restarts_the_wait(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(1.0, clock=clock)
    path = drop(tmp_path, "a.md", "text")
    tracker.note(path)
    clock.now += 0.9
    drop(tmp_path, "a.md.toml", "label = 'x'\n")
    assert tracker.poll().ready == ()
    clock.now += 1.0
    assert tracker.poll().ready == (path,)


def test_a_file_deleted_before_settling_is_forgotten(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(0.5, clock=clock)
    path = drop(tmp_path, "a.md", "x")
    tracker.note(path)
    path.unlink()
    clock.now += 1
    assert tracker.poll().ready == () and tracker.pending == 0


class Bursts:
    """An on_burst callback that keeps each burst (as relative paths) and when it arrived."""

    def __init__(self, inbox: Path) -> None:
        self.inbox = inbox
        self.queue: queue.Queue[tuple[float, list[str]]] = queue.Queue()

    def __call__(self, paths: Sequence[Path]) -> Sequence[Path]:
        self.queue.put((time.monotonic(), [p.relative_to(self.inbox).as_posix() for p in paths]))
        return ()

    def next(self, timeout: float = 15.0) -> tuple[float, list[str]]:
        return self.queue.get(timeout=timeout)


@pytest.fixture(params=["native", "polling"])
def watched(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Bursts, Debouncer]]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bursts = Bursts(inbox)
    debouncer = Debouncer(inbox, bursts, settle=0.3)
    observer = start_observer(inbox, debouncer.put, poll=request.param == "polling", poll_interval=0.1)
    debouncer.start()
    try:
        yield inbox, bursts, debouncer
    finally:
        stop_observer(observer)
        debouncer.stop()


def test_a_burst_of_files_becomes_one_burst(watched: tuple[Path, Bursts, Debouncer]) -> None:
    inbox, bursts, _ = watched
    names = [f"jp/plan/2026-01-{day:02d}.md" for day in range(1, 11)]
    for name in names:
        drop(inbox, name, f"text {name}\n")
    _, got = bursts.next()
    assert sorted(got) == names
    assert bursts.queue.empty()


def test_partial_names_are_never_handed_over(watched: tuple[Path, Bursts, Debouncer]) -> None:
    inbox, bursts, _ = watched
    drop(inbox, "jp/plan/2026-01-01.md", "downloaded\n", via_temp=True)
    drop(inbox, "jp/plan/.2026-01-02.md.swp", "swap")
    drop(inbox, "jp/plan/~$2026-01-03.docx", "lock")
    _, got = bursts.next()
    assert got == ["jp/plan/2026-01-01.md"]


def test_a_slow_write_is_handed_over_only_once_complete(watched: tuple[Path, Bursts, Debouncer]) -> None:
    inbox, bursts, _ = watched
    target = inbox / "jp" / "plan" / "2026-01-01.md"
    target.parent.mkdir(parents=True)
    finished = threading.Event()
    finished_at: list[float] = []

    def slow_writer() -> None:
        with target.open("w") as handle:
            for i in range(8):               # a slow copy: a chunk every 0.1 s, below the 0.3 s settle time
                handle.write(f"line {i}\n")
                handle.flush()
                finished.wait(0.1)
        finished_at.append(time.monotonic())

    writer = threading.Thread(target=slow_writer)
    writer.start()
    arrived, got = bursts.next()
    writer.join()
    assert got == ["jp/plan/2026-01-01.md"]
    assert arrived >= finished_at[0]
    assert target.read_text().count("line") == 8


def test_a_folder_moved_in_brings_its_files(watched: tuple[Path, Bursts, Debouncer], tmp_path: Path) -> None:
    inbox, bursts, _ = watched
    outside = tmp_path / "staging" / "plan"
    for day in (1, 2):
        drop(outside, f"2026-01-0{day}.md", f"day {day}\n")
    (inbox / "jp").mkdir()
    os.replace(outside, inbox / "jp" / "plan")
    _, got = bursts.next()
    assert sorted(got) == ["jp/plan/2026-01-01.md", "jp/plan/2026-01-02.md"]


def test_events_during_a_burst_form_the_next_burst(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    release = threading.Event()
    log = EventLog()

    def on_burst(paths: Sequence[Path]) -> Sequence[Path]:
        log([p.name for p in paths])
        release.wait(10)                     # a long build: the next files must wait for it
        return ()

    debouncer = Debouncer(inbox, on_burst, settle=0.2)
    observer = start_observer(inbox, debouncer.put)
    debouncer.start()
    try:
        drop(inbox, "jp/plan/2026-01-01.md", "a\n")
        log.wait_for(lambda items: len(items) == 1)
        drop(inbox, "jp/plan/2026-01-02.md", "b\n")
        drop(inbox, "jp/plan/2026-01-03.md", "c\n")
        release.set()
        items = log.wait_for(lambda items: len(items) >= 2)
        assert items[0] == ["2026-01-01.md"]
        assert sorted(items[1]) == ["2026-01-02.md", "2026-01-03.md"]
    finally:
        release.set()
        stop_observer(observer)
        debouncer.stop()


def test_a_crash_in_a_burst_is_reported_and_the_thread_lives_on(tmp_path: Path) -> None:
    errors = EventLog()
    calls = EventLog()

    def on_burst(paths: Sequence[Path]) -> Sequence[Path]:
        calls(paths)
        if len(calls.items) == 1:
            raise RuntimeError("boom")
        return ()

    debouncer = Debouncer(tmp_path, on_burst, settle=0.05, on_error=errors)
    debouncer.start()
    try:
        debouncer.put(drop(tmp_path, "jp/plan/2026-01-01.md", "a"))
        errors.wait_for(lambda items: len(items) == 1)
        debouncer.put(drop(tmp_path, "jp/plan/2026-01-02.md", "b"))
        calls.wait_for(lambda items: len(items) == 2)
        assert debouncer.is_alive()
        assert "boom" in str(errors.items[0])
    finally:
        debouncer.stop()


def test_deferred_files_are_tried_again(tmp_path: Path) -> None:
    calls = EventLog()

    def on_burst(paths: Sequence[Path]) -> Sequence[Path]:
        calls([p.name for p in paths])
        return paths if len(calls.items) == 1 else ()

    debouncer = Debouncer(tmp_path, on_burst, settle=0.05, retry_after=0.2)
    debouncer.start()
    try:
        debouncer.put(drop(tmp_path, "jp/plan/2026-01-01.md", "a"))
        items = calls.wait_for(lambda items: len(items) == 2)
        assert items == [["2026-01-01.md"], ["2026-01-01.md"]]
    finally:
        debouncer.stop()


def test_drain_mode_ends_by_itself_and_abandons_restless_files(tmp_path: Path) -> None:
    calls = EventLog()
    abandoned = EventLog()
    calm = drop(tmp_path, "jp/plan/2026-01-01.md", "a")
    restless = drop(tmp_path, "jp/plan/2026-01-02.md", "b")
    stop_writing = threading.Event()

    def keep_writing() -> None:
        n = 0
        while not stop_writing.wait(0.05):
            n += 1
            restless.write_text("b" * n)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    debouncer = Debouncer(tmp_path, lambda paths: calls([p.name for p in paths]) or (), settle=0.2,
                          max_wait=0.4, drain=True, give_up_after=1.0, on_abandon=abandoned)
    debouncer.put(calm)
    debouncer.put(restless)
    debouncer.start()
    try:
        debouncer.stop_when_done()
    finally:
        stop_writing.set()
        writer.join()
    assert calls.items == [["2026-01-01.md"]]
    assert abandoned.items == [restless]
