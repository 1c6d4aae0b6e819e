"""Shared helpers for the watch tests: a thread-leak guard, an event log to wait on, file drops."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

DEFAULT_TIMEOUT = 20.0


@pytest.fixture
def no_leaked_threads() -> Iterator[None]:
    """Fail the test if it leaves a thread running (observers, debouncers must be stopped and joined)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5.0
    extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in extra:
        thread.join(max(0.0, deadline - time.monotonic()))
    leaked = [t.name for t in extra if t.is_alive()]
    assert not leaked, f"test leaked threads: {leaked}"


class EventLog:
    """Collects events from any thread; tests wait on a condition with a timeout, never a fixed sleep."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._cond = threading.Condition()

    def __call__(self, item: Any) -> None:
        with self._cond:
            self.items.append(item)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[list[Any]], bool], timeout: float = DEFAULT_TIMEOUT) -> list[Any]:
        with self._cond:
            ok = self._cond.wait_for(lambda: predicate(self.items), timeout)
            assert ok, f"timed out after {timeout} s; got {self.items!r}"
            return list(self.items)

    def of_kind(self, kind: str) -> list[Any]:
        with self._cond:
            return [e for e in self.items if getattr(e, "kind", None) == kind]


def drop(inbox: Path, relpath: str, content: bytes | str, *, via_temp: bool = False) -> Path:
    """Write a file into the inbox the way a user or a browser would (optionally via a .part name)."""
    target = inbox / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if via_temp:
        temp = target.with_name(target.name + ".part")
        temp.write_bytes(data)
        os.replace(temp, target)
    else:
        target.write_bytes(data)
    return target


def pin_git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pinned identity and commit date, and no user or system git config, for reproducible repos."""
    for key, value in {
        "GIT_AUTHOR_NAME": "Watch Test", "GIT_AUTHOR_EMAIL": "watch@example.org",
        "GIT_COMMITTER_NAME": "Watch Test", "GIT_COMMITTER_EMAIL": "watch@example.org",
        "GIT_COMMITTER_DATE": "2026-01-15T12:00:00+0000", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(key, value)


def plan_text(title: str, sentences: list[str]) -> str:
    """A small Markdown plan: a heading and one paragraph per sentence."""
    return f"# {title}\n\n" + "\n\n".join(sentences) + "\n"


#: The two revisions of jp/compute-plan that the watch tests record and drop.
COMPUTE_PLAN_FIRST = plan_text(
    "Compute plan", ["The Government will build three national compute centres by 2030."]
)
COMPUTE_PLAN_SECOND = plan_text(
    "Compute plan", ["The Government will build two national compute centres by 2032."]
)


def seeded_corpus(root: Path, seed_dir: Path) -> Any:
    """A new corpus at `root` holding jp/compute-plan's first revision (its source written in `seed_dir`)."""
    import datetime

    from tracker.corpus import Corpus

    corpus = Corpus.init(root, title="Test corpus")
    seed = seed_dir / "seed.md"
    seed.write_text(COMPUTE_PLAN_FIRST, encoding="utf-8")
    corpus.add("jp/compute-plan", seed, date=datetime.date(2025, 1, 10), label="First draft",
               metadata={"title": "Compute plan"})
    return corpus


class SiteRecorder:
    """A rebuild callable for tests that do not exercise the site: it writes one real page per
    revision into `out` from the corpus's timelines, and counts its calls."""

    def __init__(self, corpus: Any, out: Path, fail_times: int = 0) -> None:
        self.corpus = corpus
        self.out = out
        self.calls = 0
        self.fail_times = fail_times

    def __call__(self) -> Any:
        from types import SimpleNamespace

        self.calls += 1
        if self.calls <= self.fail_times:
            raise RuntimeError("template exploded")
        started = time.perf_counter()
        written = 0
        self.corpus.refresh()
        for doc_id, timeline in self.corpus.timelines().items():
            for rev in timeline:
                page = self.out / doc_id / rev.date.isoformat() / "index.html"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(f"<h1>{rev.label}</h1>\n", encoding="utf-8")
                written += 1
        return SimpleNamespace(files_written=written, files_unchanged=0, warnings=[],
                               seconds=time.perf_counter() - started)


class WatcherProcess:
    """A real `python -m tracker watch` subprocess; stdout and stderr lines are read by threads into
    queues so a test can wait for a line with a timeout."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        import queue
        import subprocess
        import sys

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tracker", "watch", *args], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)
        self.stdout: queue.Queue[str | None] = queue.Queue()
        self.stderr: queue.Queue[str | None] = queue.Queue()
        self.err_lines: list[str] = []
        self._readers = [threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout)),
                         threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr))]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _pump(stream: Any, sink: Any) -> None:
        for line in stream:
            sink.put(line.rstrip("\n"))
        sink.put(None)

    def wait_line(self, which: str, predicate: Callable[[str], bool],
                  timeout: float = DEFAULT_TIMEOUT) -> str:
        """The first line on stdout or stderr matching predicate; fails on timeout or end of stream."""
        import queue

        source = self.stdout if which == "stdout" else self.stderr
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = source.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no matching {which} line within {timeout} s; "
                                     f"stderr so far: {self.err_lines}") from None
            if line is None:
                raise AssertionError(f"{which} ended; stderr: {self.err_lines}")
            if which == "stderr":
                self.err_lines.append(line)
            if predicate(line):
                return line

    def kill(self) -> None:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.close()

    def close(self, timeout: float = 30.0) -> int:
        code = self.proc.wait(timeout)
        for reader in self._readers:
            reader.join(timeout)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return code
