"""A status line on stderr for work that takes longer than a second, and only on a terminal.

    with delayed_status("comparing A and B"):
        report = diff(...)

Nothing is written when stderr is not a terminal (scripts, CI, pipes) or when the work ends
within the delay; the line is erased when the work ends, so it never mixes with the output.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

DELAY_SECONDS = 1.0
FRAMES = "|/-\\"


@contextmanager
def delayed_status(
    message: str, stream: TextIO | None = None, delay: float | None = None
) -> Iterator[None]:
    """Show "message ... 3s" with a turning bar on `stream` (stderr) after `delay` seconds of work
    (default DELAY_SECONDS, read when called)."""
    out = stream if stream is not None else sys.stderr
    delay = DELAY_SECONDS if delay is None else delay
    if not _is_terminal(out):
        yield
        return
    done = threading.Event()
    shown = threading.Event()

    def run() -> None:
        if done.wait(delay):
            return
        start = time.monotonic() - delay
        frame = 0
        width = shutil.get_terminal_size((80, 24)).columns - 1  # a wrapped line could not be redrawn
        while not done.is_set():
            elapsed = f" ... {int(time.monotonic() - start)}s"
            text = f"{FRAMES[frame % len(FRAMES)]} {message}"
            if len(text) + len(elapsed) > width:
                text = text[: max(0, width - len(elapsed) - 1)] + "…"
            out.write(f"\r{text}{elapsed}")
            out.flush()
            shown.set()
            frame += 1
            done.wait(0.25)

    thread = threading.Thread(target=run, name="status", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if shown.is_set():
            out.write("\r\033[K")  # erase the status line
            out.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
