"""Long output on a terminal goes through a pager, as git does: $PAGER, else `less -FRX`.

`less -F` quits at once when the text fits on one screen, `-R` shows colours, `-X` leaves
the text on the screen afterwards. The caller decides when to page (only when stdout is a
terminal and the user did not say --no-pager); an empty PAGER or "cat" means no pager.
"""

from __future__ import annotations

import os
import shutil
import sys

DEFAULT_PAGER = "less -FRX"


def pager_command() -> list[str] | None:
    """The pager to run (TRACKER_PAGER, then PAGER, then less -FRX), or None for none."""
    import shlex  # here, not at start-up: most runs write to a pipe and never page

    for name in ("TRACKER_PAGER", "PAGER"):
        if name in os.environ:
            value = os.environ[name].strip()
            return shlex.split(value) if value and value != "cat" else None
    return shlex.split(DEFAULT_PAGER) if shutil.which("less") else None


def page(text: str) -> bool:
    """Show `text` through the pager when it is longer than the screen; False if it was not paged."""
    command = pager_command()
    if command is None or text.count("\n") < shutil.get_terminal_size((80, 24)).lines:
        return False
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git: the same flags when PAGER is less without any
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False  # no such pager: print as usual
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early: not an error
        pass
    process.wait()
    return True
