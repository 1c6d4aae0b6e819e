"""A dictionary kept across runs in one marshal file: read whole, merged and replaced at exit.

The regex cache (`tracker.regex_cache`) and the code cache (`tracker.code_cache`) each keep
one such file per Python build. A missing, unreadable or foreign file reads as empty; a
write that fails leaves the old file, since a cache only ever saves time.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

__all__ = ["merge_into_file", "read_file"]


def read_file(path: Path | None) -> dict[Any, Any]:
    """The dictionary the file holds, or an empty one (no file, no cache, or not a dictionary)."""
    if path is None:
        return {}
    try:
        data: Any = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def merge_into_file(path: Path, fresh: dict[Any, Any], used: set[Any], max_entries: int) -> None:
    """Add `fresh` to the file's entries, atomically; a file grown past `max_entries` keeps the `used` ones.

    Entries of sources since changed would otherwise pile up, and every run reads the whole file.
    """
    merged = {**read_file(path), **fresh}
    if len(merged) > max_entries:
        merged = {key: value for key, value in merged.items() if key in used}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(merged))
        os.replace(temporary, path)
    except (OSError, ValueError):  # unwritable folder, or a value marshal cannot write
        pass
