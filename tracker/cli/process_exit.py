"""Ending the `tracker` process without freeing its heap object by object.

At exit Python deallocates every live object and runs one more full collection of the
cyclic garbage collector; after a diff of two 50,000-word versions that is a few hundred
thousand objects, about 5% of the whole command's time, spent on memory the operating
system takes back at once anyway. A command whose output is written and whose files are
closed says so (`skip_teardown`); the console entry point (`tracker.cli.run`) then
flushes standard output and error, runs the exit handlers (`atexit`: the regex cache is
written there) and ends the process with `os._exit`.

Everything else exits as Python does: a command that did not say so, a process with
another thread still running, an exit that carries a message, an output stream that
cannot be flushed (a reader that closed the pipe). In-process callers (click's test
runner, a library user) never reach `exit_process`, so for them nothing changes.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

__all__ = ["exit_process", "skip_teardown"]

_teardown_skippable = False


def skip_teardown() -> None:
    """Say that this command's output is complete: the process may end without teardown."""
    global _teardown_skippable
    _teardown_skippable = True


def exit_process(code: str | int | None) -> NoReturn:
    """End the process with `code` (as `sys.exit` would), without teardown where that is safe."""
    if _teardown_skippable and not isinstance(code, str) and threading.active_count() == 1:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe or stream: let Python report it as usual
            sys.exit(code)
        atexit._run_exitfuncs()
        os._exit(code or 0)
    sys.exit(code)
