"""The word tables in ``tracker/data/*.toml``, parsed once and kept across runs as JSON.

The tables (cues, themes, targets, actors) live in TOML so an analyst can read and extend
them. Python's TOML parser is pure Python and takes about 15 ms for the four files on every
`tracker diff`, longer than a 5,000-word comparison's alignment; JSON is parsed in C. The
copy is named after the size and checksum of the TOML it came from, so an edited table
is parsed afresh, and it holds plain data (JSON has no code): a missing, unreadable or corrupt copy
only means parsing the TOML again. It lives beside the regex cache (`regex_cache.cache_folder`;
``TRACKER_CACHE_DIR=off`` turns both off).
"""

from __future__ import annotations

import json
import os
import zlib
from importlib import resources
from typing import Any

from tracker.regex_cache import cache_folder

__all__ = ["packaged_table"]


def packaged_table(name: str) -> dict[str, Any]:
    """``tracker/data/<name>`` (a TOML file) as parsed TOML."""
    data = resources.files("tracker").joinpath("data", name).read_bytes()
    folder = cache_folder()
    if folder is None:
        return _parsed(data)
    # named after the TOML's size and CRC-32 (zlib is loaded already; hashlib would cost its import)
    copy = folder / f"table-{name.removesuffix('.toml')}-{len(data)}-{zlib.crc32(data):08x}.json"
    try:
        kept = json.loads(copy.read_bytes())
        if isinstance(kept, dict):
            return kept
    except (OSError, ValueError):
        pass
    parsed = _parsed(data)
    try:
        text = json.dumps(parsed, ensure_ascii=False)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = copy.with_name(f".{copy.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, copy)
    except (OSError, TypeError, ValueError):  # unwritable folder, or a value JSON cannot hold
        pass
    return parsed


def _parsed(data: bytes) -> dict[str, Any]:
    import tomllib  # here, not at start-up: with the JSON copy in place no TOML is parsed at all

    return tomllib.loads(data.decode("utf-8"))
