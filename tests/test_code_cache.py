"""The cross-run cache of generated methods: a cached code object is the one `exec`/`eval` would compile.

Real processes with their own cache folders: a cold run writes the cache, a warm run reads
it and compiles nothing; every entry is compared with what `compile` makes of its source
(code objects compare their bytecode, constants, names and flags). A corrupt, foreign or
disabled cache changes nothing but speed. (That `tracker diff` prints the same bytes cold,
warm and with the cache off is tested with the regex cache, in the same folder.)
"""

from __future__ import annotations
import __future__

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import code_cache

ROOT = Path(__file__).resolve().parents[1]

# Defines the differ's and the analyser's dataclasses and named tuples, then shows some of them.
_WORKLOAD = """
import dataclasses, inspect, json
from tracker import code_cache
code_cache.install()  # as the tracker command does first
import tracker.diff, tracker.diff.inventory
from tracker.commitments import analyze_sentence, load_lexicon
from tracker.diff.parse import Sentence
from tracker.diff.points import Label
a = analyze_sentence("The Ministry will invest 5 billion yen by 2030.", "en", lexicon=load_lexicon())
s = Sentence(0, "A.", "a.", 0, 0, (1, 1), None)
t = dataclasses.replace(s)
shown = [repr(a), repr(s), hash(s) == hash(t), s == t, str(inspect.signature(Sentence)),
         repr(Label("alpha", 1, "(a)")), repr(Label._make(["roman", 2, "(ii)"]))]
print(json.dumps({"fresh": len(code_cache._fresh), "shown": shown}))
"""


def run_workload(cache_dir: str) -> dict[str, object]:
    env = {**os.environ, "TRACKER_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", _WORKLOAD], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    assert proc.stderr == ""
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def cache_path(cache_dir: Path) -> Path:
    files = list(cache_dir.glob("code-*.marshal"))
    assert len(files) == 1, files
    return files[0]


def assert_same_as_compile(entries: dict[tuple[str, str, int, int], object]) -> None:
    for (source, mode, flags, optimize), code in entries.items():
        assert optimize == sys.flags.optimize
        assert code == compile(source, "<string>", mode, flags, dont_inherit=True), source


def test_a_cold_run_writes_what_compile_makes_and_a_warm_run_compiles_nothing(tmp_path: Path) -> None:
    reference = run_workload("off")
    cold = run_workload(str(tmp_path))
    entries = marshal.loads(cache_path(tmp_path).read_bytes())
    assert cold["fresh"] == len(entries) > 100  # methods of dataclasses, named tuples' __new__
    assert {mode for _, mode, _, _ in entries} == {"exec", "eval"}
    assert any(flags for _, _, flags, _ in entries)  # direct_init's, from a module with future annotations
    assert_same_as_compile(entries)
    warm = run_workload(str(tmp_path))
    assert warm["fresh"] == 0
    assert warm["shown"] == cold["shown"] == reference["shown"]


def test_a_corrupt_or_foreign_cache_file_is_replaced(tmp_path: Path) -> None:
    reference = run_workload("off")
    run_workload(str(tmp_path))
    path = cache_path(tmp_path)
    for junk in (b"not marshal data", marshal.dumps([1, 2, 3]), b""):
        path.write_bytes(junk)
        again = run_workload(str(tmp_path))
        assert again["fresh"] and again["shown"] == reference["shown"]
        assert_same_as_compile(marshal.loads(path.read_bytes()))


def test_an_entry_that_is_no_code_is_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "def f(x):\n return x + 1\n"
    key = (source, "exec", __future__.annotations.compiler_flag, sys.flags.optimize)  # this module's flag
    monkeypatch.setattr(code_cache, "_entries", {key: "junk"})
    monkeypatch.setattr(code_cache, "_fresh", {})
    monkeypatch.setattr(code_cache, "_used", set())
    monkeypatch.setattr(code_cache, "_save", lambda: None)
    namespace: dict[str, object] = {}
    code_cache.cached_exec(source, namespace)
    assert namespace["f"](1) == 2  # type: ignore[operator]
    assert list(code_cache._fresh) == [key]


def test_exec_and_eval_compile_as_for_their_caller() -> None:
    # this module reads annotations lazily (from __future__ import annotations): so does exec'd code
    source = "def f(x: int) -> str:\n    return str(x)\n"
    cached: dict[str, object] = {}
    plain: dict[str, object] = {}
    code_cache.cached_exec(source, cached)
    exec(source, plain)
    assert cached["f"].__annotations__ == plain["f"].__annotations__ == {"x": "int", "return": "str"}  # type: ignore[attr-defined]
    assert code_cache.cached_eval("  \t1 + 2", {}) == eval("  \t1 + 2", {}) == 3
    assert code_cache.cached_eval("y * 2", {}, {"y": 4}) == 8
    y = 5
    assert code_cache.cached_eval("y + 1") == 6 == y + 1  # the caller's own namespaces
    with pytest.raises(SyntaxError):
        code_cache.cached_exec("def (", {})


def test_installed_by_the_command_only_and_only_when_caching(tmp_path: Path) -> None:
    script = """
import collections, dataclasses, json
import tracker.cli, tracker.diff
from tracker import code_cache
before = [getattr(dataclasses, "exec", None), getattr(collections, "eval", None)]
code_cache.install()
cached = (code_cache.cached_exec, code_cache.cached_eval)
after = [getattr(dataclasses, "exec", None) in cached, getattr(collections, "eval", None) in cached]
print(json.dumps([before, after]))
"""
    for cache_dir, installed in ((str(tmp_path / "cache"), True), ("off", False)):
        env = {**os.environ, "TRACKER_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        before, after = json.loads(proc.stdout)
        assert before == [None, None]  # importing the package (as a library does) patches nothing
        assert after == [installed, installed]


def test_off_means_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", "off")
    assert code_cache.cache_file() is None
    assert run_workload("off")["fresh"]
