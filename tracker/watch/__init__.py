"""Watch mode: drop a draft into an inbox folder, find it recorded, diffed and published seconds later.

observer (forwards paths) -> debouncer (owns timing: stability, bursts) -> processor
(records under the corpus lock, moves to _done/ only after commit, one rebuild per burst).
"""

from tracker.watch.events import (
    BuildFailed,
    BurstStarted,
    Deferred,
    Failed,
    Recorded,
    Rejected,
    SiteBuilt,
    SiteUpdate,
    Skipped,
    Stopped,
    WatchEvent,
    Watching,
)
from tracker.watch.inbox import Drop, DropRejected, is_ignored_name, pending_files, read_drop
from tracker.watch.lock import AlreadyWatching, WatcherLock
from tracker.watch.processor import BurstOutcome, Processor
from tracker.watch.watcher import Watcher, WatchOptions, WatchTotals, emit_to

__all__ = [
    "AlreadyWatching", "BuildFailed", "BurstOutcome", "BurstStarted", "Deferred", "Drop", "DropRejected",
    "Failed", "Processor", "Recorded", "Rejected", "SiteBuilt", "SiteUpdate", "Skipped", "Stopped",
    "WatchEvent", "WatchOptions", "WatchTotals", "Watcher", "WatcherLock", "Watching", "emit_to",
    "is_ignored_name", "pending_files", "read_drop",
]
