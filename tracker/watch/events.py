"""What the watcher tells its user: one immutable event per thing that happened.

Each event renders two ways: a line for people (stderr) and a JSON object for
programs (`--json`, one object per line on stdout). Computing an event is the
processor's job; these classes only hold and present it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

# The order in which a summary lists kinds of commitment change (tracker.diff/1 summary keys).
SUMMARY_ORDER = ("added", "removed", "strengthened", "weakened", "target_changed", "actor_changed", "moved")


@dataclass(frozen=True)
class SiteUpdate:
    """The site build that followed a burst."""

    files: int          # files written
    unchanged: int
    seconds: float
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "unchanged": self.unchanged, "seconds": round(self.seconds, 3),
                "warnings": list(self.warnings)}

    def describe(self) -> str:
        return f"site updated, {self.files} files, {self.seconds:.1f} s"


@dataclass(frozen=True)
class WatchEvent:
    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Watching(WatchEvent):
    kind: ClassVar[str] = "watching"
    inbox: str
    corpus: str
    mode: str                 # "native" | "polling"
    settle: float

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "inbox": self.inbox, "corpus": self.corpus, "mode": self.mode,
                "settle": self.settle}

    def describe(self) -> str:
        how = "polling" if self.mode == "polling" else "file-system events"
        return (f"watching {self.inbox} ({how}, settle {self.settle:g} s) for corpus {self.corpus}; "
                "Ctrl-C stops")


@dataclass(frozen=True)
class Recorded(WatchEvent):
    kind: ClassVar[str] = "recorded"
    file: str                 # path relative to the inbox
    doc: str
    date: str
    label: str
    ref: str
    commit: str
    summary: Mapping[str, int] | None     # tracker.diff/1 summary against the previous revision
    summary_note: str | None              # why there is no summary ("first revision", differ unavailable)

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "file": self.file, "doc": self.doc, "date": self.date,
                "label": self.label, "ref": self.ref, "commit": self.commit,
                "summary": dict(self.summary) if self.summary is not None else None,
                "summary_note": self.summary_note}

    def describe(self) -> str:
        summary = describe_summary(self.summary, self.summary_note)
        return f"recorded {self.doc} {self.date} {self.label!r}: {summary}"


@dataclass(frozen=True)
class BurstStarted(WatchEvent):
    """Several files settled together: one event per file as it is done, then one site rebuild."""

    kind: ClassVar[str] = "burst"
    files: int

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "files": self.files}

    def describe(self) -> str:
        return f"recording {self.files} files, then one site rebuild"


@dataclass(frozen=True)
class Skipped(WatchEvent):
    """The same content was already recorded: nothing new, the file goes to _done/."""

    kind: ClassVar[str] = "skipped"
    file: str
    doc: str
    reason: str
    moved_to: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "file": self.file, "doc": self.doc, "reason": self.reason,
                "moved_to": self.moved_to}

    def describe(self) -> str:
        return f"skipped {self.file}: {self.reason}; moved to {self.moved_to}"


@dataclass(frozen=True)
class Rejected(WatchEvent):
    kind: ClassVar[str] = "rejected"
    file: str
    reason: str
    moved_to: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "file": self.file, "reason": self.reason, "moved_to": self.moved_to}

    def describe(self) -> str:
        return f"rejected {self.file}: {self.reason} (moved to {self.moved_to})"


@dataclass(frozen=True)
class Deferred(WatchEvent):
    """The corpus could not take the file now (busy, or in the middle of a git operation); it stays put."""

    kind: ClassVar[str] = "deferred"
    file: str
    reason: str
    retry_seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "file": self.file, "reason": self.reason,
                "retry_seconds": self.retry_seconds}

    def describe(self) -> str:
        when = f", retrying in {self.retry_seconds:g} s" if self.retry_seconds else " for the next run"
        return f"deferred {self.file}: {self.reason}; left in the inbox{when}"


@dataclass(frozen=True)
class SiteBuilt(WatchEvent):
    """A site build: after a burst that recorded something, at start-up, or a retry after a failure."""

    kind: ClassVar[str] = "site_built"
    site: SiteUpdate

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "site": self.site.to_dict()}

    def describe(self) -> str:
        return self.site.describe()


@dataclass(frozen=True)
class BuildFailed(WatchEvent):
    kind: ClassVar[str] = "build_failed"
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "error": self.error}

    def describe(self) -> str:
        return f"site build failed: {self.error}; will retry at the next change"


@dataclass(frozen=True)
class Failed(WatchEvent):
    """A bug caught so the watcher lives on; the file stays in the inbox."""

    kind: ClassVar[str] = "error"
    error: str
    details: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "error": self.error, "traceback": "".join(self.details)}

    def describe(self) -> str:
        return f"internal error: {self.error}"


@dataclass(frozen=True)
class Stopped(WatchEvent):
    kind: ClassVar[str] = "stopped"
    recorded: int
    skipped: int
    rejected: int

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "recorded": self.recorded, "skipped": self.skipped,
                "rejected": self.rejected}

    def describe(self) -> str:
        return f"stopped: {self.recorded} recorded, {self.skipped} skipped, {self.rejected} rejected"


def describe_summary(summary: Mapping[str, int] | None, note: str | None) -> str:
    """`2 weakened, 1 added` (largest first, ties in the contract's order), or why there is none."""
    if summary is None:
        return note or "no summary"
    counts = [(summary.get(k, 0), k) for k in SUMMARY_ORDER if summary.get(k, 0)]
    if not counts:
        return "no commitment changes"
    counts.sort(key=lambda pair: (-pair[0], SUMMARY_ORDER.index(pair[1])))
    return ", ".join(f"{n} {kind.replace('_', ' ')}" for n, kind in counts)
