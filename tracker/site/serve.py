"""`tracker serve`: build, serve the output on 127.0.0.1, rebuild when the corpus or theme changes.

Changes are followed with tracker watch's observer and debouncer: the observer only
forwards paths, the debouncer waits for a quiet moment (so a commit's burst of events
gives one rebuild), and a failed rebuild is reported without stopping the server, as in
mkdocs serve.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.observers.api import BaseObserver

from tracker.errors import TrackerError
from tracker.site.build import BuildResult, build_site
from tracker.site.output import state_dir
from tracker.watch.debounce import Debouncer
from tracker.watch.observer import ANY_CHANGE, start_observer, stop_observer

if TYPE_CHECKING:
    from tracker.corpus import Corpus

Log = Callable[[str], None]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files only; the access log goes to the given logger, not stderr noise."""

    log_sink: Log | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
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


class ChangeWatcher:
    """Calls `rebuild` once per burst of changes under `root` (outside `out`), once `settle`
    seconds have passed without another: tracker watch's observer and debouncer, with every
    change standing for the corpus as a whole."""

    def __init__(self, root: Path, out: Path, rebuild: Callable[[], None], *, settle: float = 0.5,
                 log: Log = print) -> None:
        self.root = root.resolve()
        self.out = out.resolve()
        self.state = state_dir(self.out)
        self._rebuild = rebuild
        self.debouncer = Debouncer(
            self.root,
            self._on_burst,
            settle=settle,
            concerns=self._concerns,
            on_error=lambda exc: log(f"error: rebuild failed: {type(exc).__name__}: {exc}"),
        )
        self._observer: BaseObserver | None = None

    def _concerns(self, path: Path) -> tuple[Path, ...]:
        if any(path == own or own in path.parents for own in (self.out, self.state)):
            return ()  # the site's own files and the build's state beside them
        return (self.root,)

    def _on_burst(self, paths: Sequence[Path]) -> Sequence[Path]:
        self._rebuild()
        return ()

    @property
    def idle(self) -> threading.Event:
        """Set while no change is waiting, settling or being rebuilt."""
        return self.debouncer.idle

    def start(self) -> None:
        self.debouncer.start()
        self._observer = start_observer(self.root, self.debouncer.put, kinds=ANY_CHANGE)

    def stop(self) -> None:
        if self._observer is not None:
            stop_observer(self._observer)
        self.debouncer.stop(timeout=5)


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

    watcher = ChangeWatcher(corpus.root, out, rebuild, log=log) if watch_changes else None
    if watcher is not None:
        watcher.start()
    thread = threading.Thread(target=server.serve_forever, name="tracker-serve-http", daemon=True)
    thread.start()
    log(f"serving {out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)")
    if ready:
        ready.set()
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        log("stopped")
    finally:
        server.shutdown()
        server.server_close()
        if watcher is not None:
            watcher.stop()
