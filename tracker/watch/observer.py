"""File-system events from watchdog, forwarded as paths and nothing more.

The handler runs on watchdog's thread and must not block or decide anything: it
passes each path that may hold a new or changed file to a sink (the debouncer's
queue). `--poll` swaps the native observer (inotify, FSEvents, ...) for polling,
which also works on network file systems and in containers.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

PathSink = Callable[[Path], None]

class _ShutdownNoise(logging.Filter):
    """watchdog logs an error when its inotify thread is stopped while reading; nothing is lost."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in record.getMessage()


logging.getLogger("watchdog.observers.inotify").addFilter(_ShutdownNoise())

# Events after which a file may have new content. Deletions and opens carry no news for an inbox.
NEW_CONTENT = frozenset({"created", "modified", "moved", "closed", "attrib"})
#: ... and for a site made from a folder, a deleted file is news too.
ANY_CHANGE = NEW_CONTENT | {"deleted"}


class ForwardingHandler(FileSystemEventHandler):
    """Forwards the path of every event of the given kinds (default: a new or changed file)."""

    def __init__(self, sink: PathSink, kinds: frozenset[str] = NEW_CONTENT) -> None:
        super().__init__()
        self._sink = sink
        self._kinds = kinds

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in self._kinds:
            return
        raw = event.dest_path if event.event_type == "moved" else event.src_path
        if event.is_directory and event.event_type not in ("created", "moved"):
            return
        self._sink(Path(os.fsdecode(raw)))


def start_observer(inbox: Path, sink: PathSink, *, poll: bool = False, poll_interval: float = 0.5,
                   kinds: frozenset[str] = NEW_CONTENT) -> BaseObserver:
    """Start watching `inbox` recursively; the caller stops and joins the returned observer."""
    # watchdog's inotify backend warns (harmlessly) when nested folders appear faster than it adds watches.
    warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning,
                            module=r"watchdog\.observers\.inotify")
    observer: BaseObserver = PollingObserver(timeout=poll_interval) if poll else Observer()
    observer.schedule(ForwardingHandler(sink, kinds), os.fspath(inbox), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def stop_observer(observer: BaseObserver, timeout: float = 5.0) -> None:
    observer.stop()
    observer.join(timeout)
