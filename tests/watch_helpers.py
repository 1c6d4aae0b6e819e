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
