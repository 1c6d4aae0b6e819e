"""The cross-run regex cache: a cached pattern is the very pattern `re.compile` makes.

Real processes with their own cache folders: a cold run writes the cache, a warm run
reads it; every cached entry is compared with `re.compile` (Pattern equality compares
the engine code, flags and pattern). A corrupt, foreign, unwritable or disabled cache
changes nothing but speed, and `tracker diff` prints the same bytes cold and warm.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import regex_cache

ROOT = Path(__file__).resolve().parents[1]

# Imports every module that compiles patterns through the cache, loads the lexicon (its
# term tries) and analyses an English and a Japanese sentence (cue and actor patterns are
# compiled on first use); prints how many patterns this process compiled itself.
_WORKLOAD = """
import json
import tracker.diff, tracker.diff.equivalence, tracker.diff.inventory
import tracker.ingest, tracker.ingest.html, tracker.ingest.docx, tracker.ingest.pdf
from tracker.commitments import analyze_sentence, load_lexicon
from tracker import regex_cache
lexicon = load_lexicon()
a = analyze_sentence("The Ministry will invest 5 billion yen in compute by 2030.", "en", lexicon=lexicon)
b = analyze_sentence("政府は2030年度までに1兆円を投資する。", "ja", lexicon=lexicon)
print(json.dumps({"fresh": len(regex_cache._fresh), "a": repr(a), "b": repr(b)}))
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
    files = list(cache_dir.glob("regex-*.marshal"))
    assert len(files) == 1, files
    return files[0]


def assert_same_as_re(entries: dict[tuple[str | bytes, int], tuple]) -> None:
    import _sre

    for (pattern, flags), entry in entries.items():
        cached = _sre.compile(pattern, *entry)
        fresh = re.compile(pattern, flags)
        assert cached == fresh, pattern
        assert (cached.flags, cached.groups, dict(cached.groupindex)) == (
            fresh.flags,
            fresh.groups,
            dict(fresh.groupindex),
        ), pattern


def test_a_cold_run_writes_what_re_compiles_and_a_warm_run_compiles_nothing(tmp_path: Path) -> None:
    cold = run_workload(str(tmp_path))
    entries = marshal.loads(cache_path(tmp_path).read_bytes())
    assert cold["fresh"] == len(entries) > 50  # the lexicon, cue, actor, target and CJK patterns
    assert any(isinstance(p, bytes) for p, _ in entries)  # byte patterns too (format detection)
    assert any(flags & re.IGNORECASE for _, flags in entries)
    assert_same_as_re(entries)
    warm = run_workload(str(tmp_path))
    assert warm["fresh"] == 0
    assert (warm["a"], warm["b"]) == (cold["a"], cold["b"])
    assert "Commitment(strength='strong'" in str(warm["a"]) and "Commitment(" in str(warm["b"])


def test_a_corrupt_or_foreign_cache_file_is_replaced(tmp_path: Path) -> None:
    reference = run_workload("off")
    assert not list(tmp_path.iterdir())
    run_workload(str(tmp_path))
    path = cache_path(tmp_path)
    for junk in (b"not marshal data", marshal.dumps([1, 2, 3]), b""):
        path.write_bytes(junk)
        again = run_workload(str(tmp_path))
        assert again["fresh"] and (again["a"], again["b"]) == (reference["a"], reference["b"])
        assert_same_as_re(marshal.loads(path.read_bytes()))


def test_a_bad_entry_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    pattern = r"(?P<year>20\d\d)年度?"
    good = regex_cache._compiled(pattern, 0)
    assert good is not None
    broken = (good[0], [999_999, *good[1][1:]], *good[2:])  # code the engine refuses
    monkeypatch.setattr(regex_cache, "_entries", {(pattern, 0): broken})
    monkeypatch.setattr(regex_cache, "_fresh", {})
    monkeypatch.setattr(regex_cache, "_used", set())
    compiled = regex_cache.compile_regex(pattern)
    assert compiled == re.compile(pattern)
    match = compiled.search("2031年度")
    assert match is not None and match.group("year") == "2031"
    assert regex_cache._fresh == {(pattern, 0): good}


def test_syntax_errors_are_re_errors() -> None:
    with pytest.raises(re.error):
        regex_cache.compile_regex(r"(unclosed")


def test_off_and_unwritable_caches_only_cost_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", "off")
    assert regex_cache.cache_file() is None
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_workload(str(blocker / "cache"))  # mkdir fails: nothing written, nothing said
    assert result["fresh"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_cache_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = regex_cache.cache_file()
    assert path is not None and path.parent == tmp_path / "policy-tracker"
    assert sys.implementation.cache_tag in path.name


def test_tracker_diff_prints_the_same_bytes_cold_and_warm(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text(
        "# Plan\n\n## Compute\n\nThe Ministry will invest ¥1 trillion in sovereign compute by 2030. "
        "Grants were awarded last year.\n\n政府は2030年度までに国産AI基盤を整備する。\n",
        encoding="utf-8",
    )
    new.write_text(
        "# Plan\n\n## Compute\n\nThe Ministry will consider investing ¥2 trillion in compute by 2032. "
        "Grants were awarded last year.\n\n政府は2030年度までに国産AI基盤の整備を検討する。\n",
        encoding="utf-8",
    )
    outputs = []
    for cache_dir in ("off", str(tmp_path / "cache"), str(tmp_path / "cache")):
        env = {**os.environ, "TRACKER_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run(
            [sys.executable, "-m", "tracker", "diff", str(old), str(new), "--format", "json"],
            capture_output=True, env=env, cwd=ROOT, check=False,
        )
        assert proc.returncode == 1 and proc.stderr == b""
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    report = json.loads(outputs[0])
    assert report["summary"]["weakened"] >= 1


def test_a_full_cache_keeps_only_what_the_writer_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    path = regex_cache.cache_file()
    assert path is not None
    stale = {(f"old{i}", 0): regex_cache._compiled(f"old{i}", 0) for i in range(5)}
    path.write_bytes(marshal.dumps(stale))
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_fresh", {})
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_MAX_ENTRIES", 6)
    regex_cache.compile_regex("old1")  # read from the file
    regex_cache.compile_regex("new1")
    regex_cache.compile_regex("new2")  # 7 entries in all: over the limit
    regex_cache._save()
    assert set(marshal.loads(path.read_bytes())) == {("old1", 0), ("new1", 0), ("new2", 0)}
    assert not list(tmp_path.glob(".*.tmp"))


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert regex_cache.cache_file() is None
    assert regex_cache.compile_regex(r"a+b").fullmatch("aab")
