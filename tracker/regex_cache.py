"""Compiled regular expressions kept across runs, so start-up does not pay to compile them again.

Python's `re` parses and compiles a pattern in pure Python before the C engine runs it;
the differ's lexicons (theme, cue and actor tries) and its CJK character classes take
about 0.1 s of every `tracker diff` to compile, more than any stage of a 50,000-word
diff. What `re` hands the C engine (`_sre.compile`) is plain data: flags, a list of
integers (the engine's code), the group count and the group names. That data is kept
in one cache file per Python build, and later runs give it to the C engine directly.

The cache never changes a result: an entry holds exactly what `re` computes for the
same pattern and flags on the same Python build (the file name carries the build and
the engine's MAGIC number), and `_sre.compile` validates the code it is given. A
missing, corrupt, foreign or unwritable cache file only means compiling as `re` does.

The file lives in ``$TRACKER_CACHE_DIR`` (default: ``$XDG_CACHE_HOME/policy-tracker``,
else ``~/.cache/policy-tracker``); ``TRACKER_CACHE_DIR=off`` turns the cache off. New
entries are written once, when the process exits.
"""

from __future__ import annotations

import atexit
import os
import re
import sys
from pathlib import Path
from typing import AnyStr

from tracker.marshal_file import merge_into_file, read_file

try:  # CPython's engine and the two halves of re.compile; elsewhere the cache is off
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python implementations
    _sre = None

__all__ = ["cache_file", "cache_folder", "compile_regex"]

#: A cache holding more entries than this (patterns of lexicons since changed) keeps only
#: the entries the writing process used. Every run reads the whole file (~2 ms for the ~150
#: patterns of all commands), so stale entries must not pile up.
_MAX_ENTRIES = 1024

_Key = tuple[str | bytes, int]
# (flags, code, groups - 1, group index, index group): the arguments of _sre.compile after the pattern
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_entries: dict[_Key, _Entry] | None = None  # what the cache file held, read on first use
_used: set[_Key] = set()
_fresh: dict[_Key, _Entry] = {}  # compiled by this process, written at exit


def cache_folder() -> Path | None:
    """The folder of the cross-run caches, or None when caching is off (TRACKER_CACHE_DIR=off)."""
    folder = os.environ.get("TRACKER_CACHE_DIR", "")
    if folder.lower() == "off":
        return None
    if not folder:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        try:
            base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no home directory to be found: no cache
            return None
        folder = str(base / "policy-tracker")
    return Path(folder)


def cache_file() -> Path | None:
    """The cache file for this Python build, or None when the cache is off."""
    if _sre is None or sys.implementation.name != "cpython":
        return None
    folder = cache_folder()
    if folder is None:
        return None
    build = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"
    return folder / f"regex-{build}.marshal"


def compile_regex(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, from the cross-run cache when it holds the pattern."""
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str | bytes) or flags & (re.DEBUG | re.TEMPLATE):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    entries = _entries if _entries is not None else _load()
    entry = entries.get(key) or _fresh.get(key)
    if entry is not None:
        try:
            _used.add(key)
            return _sre.compile(pattern, *entry)
        except (TypeError, ValueError, RuntimeError):
            entries.pop(key, None)  # not what this engine reads: compile it again
    entry = _compiled(pattern, flags)
    if entry is None:
        return re.compile(pattern, flags)
    if not _fresh:
        atexit.register(_save)
    _fresh[key] = entry
    _used.add(key)
    return _sre.compile(pattern, *entry)


def _compiled(pattern: str | bytes, flags: int) -> _Entry | None:
    """What re.compile gives the C engine for this pattern (re._compiler.compile, step by step)."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        groups = parsed.state.groups - 1
        return (flags | parsed.state.flags, [int(op) for op in code], groups, groupindex, tuple(indexgroup))
    except re.error:
        raise
    except Exception:  # an engine whose internals differ: let re.compile do it
        return None


def _load() -> dict[_Key, _Entry]:
    global _entries
    _entries = read_file(cache_file())
    return _entries


def _save() -> None:
    """Merge this process's new entries into the cache file (atomically; failures are ignored)."""
    path = cache_file()
    if path is None or not _fresh:
        return
    merge_into_file(path, _fresh, _used, _MAX_ENTRIES)
    _fresh.clear()
