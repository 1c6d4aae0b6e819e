"""`tracker serve`: build, serve the output on 127.0.0.1, rebuild when the corpus or theme changes.

The watchdog handler only records that something changed; one rebuild thread waits for
a quiet moment (so a commit's burst of events gives one rebuild) and a failed rebuild
is reported without stopping the server, as in mkdocs serve.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import TrackerError
from tracker.site.build import BuildResult, build_site
from tracker.site.output import state_dir

if TYPE_CHECKING:
    from tracker.corpus import Corpus

Log = Callable[[str], None]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files only; the access log goes to the given logger, not stderr noise."""

    log_sink: Log | None = None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        if self.log_sink is not None:
            self.log_sink(format % args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def make_server(out: Path, host: str, port: int, log: Log | None = None) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(out))
    QuietHandler.log_sink = log
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise TrackerError(
            f"cannot serve on {host}:{port}: {exc.strerror or exc}; try another --port"
        ) from None


class Rebuilder:
    """Rebuilds once per burst of file events, after `quiet` seconds without a new one."""

    def __init__(self, rebuild: Callable[[], None], quiet: float = 0.5) -> None:
        self.rebuild = rebuild
        self.quiet = quiet
        self._last = 0.0
        self._pending = threading.Event()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="tracker-serve-rebuild", daemon=True)

    def notify(self) -> None:
        self._last = time.monotonic()
        self._pending.set()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._pending.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._pending.wait()
            if self._stop.is_set():
                return
            while time.monotonic() - self._last < self.quiet:
                time.sleep(self.quiet / 5)
            self._pending.clear()
            self.rebuild()


def watch(paths: list[Path], ignore: Path, on_change: Callable[[], None]) -> Any:
    """Start a watchdog observer on `paths`; events under `ignore` (the output) and under the
    build's state beside it are skipped."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    ignored = (str(ignore.resolve()), str(state_dir(ignore)))

    class Forward(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            path = str(event.src_path)
            if path.startswith(ignored) or event.event_type in ("opened", "closed_no_write"):
                return
            on_change()

    observer = Observer()
    for path in paths:
        if path.is_dir():
            observer.schedule(Forward(), str(path), recursive=True)
    observer.start()
    return observer


def serve(
    corpus: Corpus,
    out: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    watch_changes: bool = True,
    log: Log = print,
    on_build: Callable[[BuildResult], None] | None = None,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build, then serve until interrupted (or until `stop` is set, for tests)."""
    result = build_site(corpus, out)
    if on_build:
        on_build(result)
    server = make_server(out, host, port)

    def rebuild() -> None:
        try:
            corpus.refresh()
            res = build_site(corpus, out)
        except TrackerError as exc:
            log(f"error: rebuild failed: {exc}")
            return
        if on_build:
            on_build(res)

    rebuilder = Rebuilder(rebuild)
    observer = None
    if watch_changes:
        rebuilder.start()
        observer = watch([corpus.root], out, rebuilder.notify)
    thread = threading.Thread(target=server.serve_forever, name="tracker-serve-http", daemon=True)
    thread.start()
    log(f"serving {out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)")
    if ready:
        ready.set()
    try:
        while not (stop and stop.is_set()):
            time.sleep(0.2)
    except KeyboardInterrupt:
        log("stopped")
    finally:
        server.shutdown()
        server.server_close()
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        if watch_changes:
            rebuilder.stop()
