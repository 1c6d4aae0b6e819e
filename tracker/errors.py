"""Errors a user can cause: each carries one line that says what happened and what to do.

The CLI prints the message and exits with `exit_code`; no traceback is shown.
Anything that is not a TrackerError is a bug and keeps its traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """A user-facing failure: bad input, bad reference, a corpus in the wrong state."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class IngestError(TrackerError):
    """A source file that cannot be turned into normalized text."""


class CorpusError(TrackerError):
    """A corpus that is missing, locked, dirty or in the middle of a git operation."""


class BadReference(TrackerError):
    """A revision reference that names nothing, or more than one thing."""


class CorpusLocked(CorpusError):
    """Another tracker process holds the corpus's write lock."""
