"""The methods `dataclasses` and `collections.namedtuple` generate, compiled once and kept across runs.

`dataclasses` writes each method it adds to a class (``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, a frozen class's ``__setattr__`` and ``__delattr__``) as Python source and runs
it with `exec`; `namedtuple` makes its ``__new__`` with `eval`. Both parse and compile that
source on every start: for the classes a `tracker diff` defines, some 190 compilations, about
80 million instructions (3% of a 50,000-word diff). The code objects they compile to are kept
in one cache file per Python build (marshal writes code objects, as .pyc files hold them), and
later runs execute them without compiling.

The cache never changes a result: an entry is what `compile` makes of the same source, in the
same mode and with the same ``__future__`` flags that `exec`/`eval` take from their caller, on
the same Python build (named in the file name), and `exec`/`eval` of a string compile it so and
run the code. A missing, corrupt or foreign file only means compiling as before. `install`
points the ``exec`` and ``eval`` names of `dataclasses` and `collections` (which shadow the
builtins in those modules alone) at the cached forms. Only the `tracker` command calls it
(`tracker.cli.run`, before it imports a command): a program that imports the package as a
library keeps its standard library as it was. The file is trusted as ``__pycache__``
is: it lives in the user's own cache folder (`regex_cache.cache_folder`; ``TRACKER_CACHE_DIR=off``
turns it off). New entries are written once, when the process exits.
"""

from __future__ import annotations
import __future__

import atexit
import builtins
import collections
import dataclasses
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from tracker.marshal_file import merge_into_file, read_file
from tracker.regex_cache import cache_folder

__all__ = ["cache_file", "cached_eval", "cached_exec", "compiled", "install"]

#: The compiler flags `exec` and `eval` take over from the code that calls them (its ``__future__`` imports).
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag

#: At most this many entries (sources since changed pile up otherwise); a fuller cache keeps the
#: entries the writing process used.
_MAX_ENTRIES = 1024

_Key = tuple[str, str, int, int]  # (source, mode, flags, optimization level)

_entries: dict[_Key, Any] | None = None  # what the cache file held, read on first use
_used: set[_Key] = set()
_fresh: dict[_Key, CodeType] = {}  # compiled by this process, written at exit


def cache_file() -> Path | None:
    """The cache file for this Python build, or None when the cache is off."""
    if sys.implementation.name != "cpython":
        return None
    folder = cache_folder()
    if folder is None:
        return None
    return folder / f"code-{sys.implementation.cache_tag}-{sys.hexversion:x}-{marshal.version}.marshal"


def compiled(source: str, mode: str, flags: int = 0) -> CodeType:
    """``compile(source, "<string>", mode, flags, dont_inherit=True)``, from the cache when it holds it."""
    key = (source, mode, flags, sys.flags.optimize)  # (python -O compiles without asserts)
    entries = _entries if _entries is not None else _load()
    code = entries.get(key)
    if type(code) is not CodeType:
        code = _fresh.get(key)
        if code is None:
            code = compile(source, "<string>", mode, flags, dont_inherit=True)
            if not _fresh:
                atexit.register(_save)
            _fresh[key] = code
    _used.add(key)
    return code


def cached_exec(source: Any, namespace: Any = None, local_namespace: Any = None, /) -> None:
    """`exec` as its caller would run it, a source string compiled through the cache."""
    builtins.exec(*_as_caller_would(source, "exec", namespace, local_namespace))


def cached_eval(source: Any, namespace: Any = None, local_namespace: Any = None, /) -> Any:
    """`eval` as its caller would run it, a source string compiled through the cache."""
    if type(source) is str:
        source = source.lstrip(" \t")  # eval strips leading spaces and tabs before compiling
    return builtins.eval(*_as_caller_would(source, "eval", namespace, local_namespace))


def _as_caller_would(source: Any, mode: str, namespace: Any, local_namespace: Any) -> tuple[Any, Any, Any]:
    """The code and namespaces `exec`/`eval` take when called where `cached_exec`/`cached_eval` was."""
    caller = sys._getframe(2)
    if namespace is None:  # the caller's namespaces, as exec and eval take them
        namespace = caller.f_globals
        if local_namespace is None:
            local_namespace = caller.f_locals
    if type(source) is str:
        source = compiled(source, mode, caller.f_code.co_flags & _FUTURE_FLAGS)
    return source, namespace, local_namespace


def install() -> None:
    """Make `dataclasses` and `collections.namedtuple` compile their generated methods through the cache."""
    if cache_file() is None:
        return
    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    collections.eval = cached_eval  # type: ignore[attr-defined]


def _load() -> dict[_Key, Any]:
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
