"""`tracker diff`, `commitments`, `themes` through the real CLI: files, corpus references, bad input."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent

OLD = """# Rail Data Plan

## 1. Data

The Rail Agency will publish timetable data in machine-readable formats by 2027.
The Rail Agency will fund 12 regional data hubs.
"""
NEW = OLD.replace("by 2027", "by 2029").replace("will fund 12", "will consider funding 12")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_identical_files_say_no_differences_and_exit_0(source_file: Callable[[str, str], Path]) -> None:
    a, b = source_file("a.md", OLD), source_file("b.md", OLD)
    code, out, _ = run("diff", str(a), str(b))
    assert code == 0 and "no differences" in out


def test_changed_files_exit_1_unless_exit_zero(source_file: Callable[[str, str], Path]) -> None:
    a, b = source_file("a.md", OLD), source_file("b.md", NEW)
    code, out, _ = run("diff", str(a), str(b), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["schema"] == "tracker.diff/1"
    assert set(doc) >= {"before", "after", "summary", "commitment_changes", "themes", "blocks"}
    kinds = sorted(k for c in doc["commitment_changes"] for k in c["kinds"])
    assert kinds == ["target_changed", "weakened"]
    change = doc["commitment_changes"][0]
    assert set(change["after"]) >= {"text", "section", "lines", "strength", "actor", "targets", "themes"}
    assert run("diff", str(a), str(b), "--exit-zero")[0] == 0


def test_json_output_is_byte_identical_across_runs(source_file: Callable[[str, str], Path]) -> None:
    """Two separate processes with different hash seeds (set iteration order differs) print the same bytes."""
    a, b = source_file("a.md", OLD), source_file("b.md", NEW)
    outputs = set()
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "tracker", "diff", str(a), str(b), "--format", "json"],
            capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            cwd=ROOT, timeout=120, check=False,
        )
        assert proc.returncode == 1, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1 and json.loads(outputs.pop())["summary"]["weakened"] == 1


def test_every_format_renders(source_file: Callable[[str, str], Path], tmp_path: Path) -> None:
    a, b = source_file("a.md", OLD), source_file("b.md", NEW)
    _, term, _ = run("diff", str(a), str(b), "--all")
    assert term.splitlines()[1].startswith("1 weakened, 1 target changed")
    assert "[-2027-]{+2029+}" in term
    _, md, _ = run("diff", str(a), str(b), "--format", "md")
    assert "~~2027~~" in md and "**2029**" in md
    out = tmp_path / "diff.html"
    code, _, _ = run("diff", str(a), str(b), "--format", "html", "--all", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert code == 1 and "<del>2027</del>" in html and "<script" not in html


def test_missing_binary_and_empty_inputs_give_one_line(
    source_file: Callable[[str, str], Path], tmp_path: Path
) -> None:
    a = source_file("a.md", OLD)
    code, out, err = run("diff", str(a), str(tmp_path / "nope.md"))
    assert code == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    binary = tmp_path / "blob.pdf"
    binary.write_bytes(b"\x00\x01\x02garbage\xff" * 50)
    code, _, err = run("diff", str(a), str(binary))
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code, out, err = run("diff", str(empty), str(empty), "--format", "json")
    assert code == 2 and out == "" and err == "error: empty.md: the file is empty\n"


def test_dutch_text_is_compared_as_text(source_file: Callable[[str, str], Path]) -> None:
    a = source_file("a.md", "# Plan\n\nDe regering zal investeren in rekenkracht voor onderzoek.\n")
    b = source_file("b.md", "# Plan\n\nDe regering zal fors investeren in rekenkracht voor onderzoek.\n")
    code, out, _ = run("diff", str(a), str(b), "--format", "json", "--language", "nl")
    doc = json.loads(out)
    assert code == 1 and doc["commitments_analysed"] is False and doc["commitment_changes"] == []


def test_corpus_references_and_the_previous_to_latest_shorthand(make_corpus, source_file) -> None:  # type: ignore[no-untyped-def]
    corpus = make_corpus()
    corpus.add("xx/rail-data", source_file("v1.md", OLD), date=datetime.date(2026, 1, 5), label="draft")
    corpus.add("xx/rail-data", source_file("v2.md", NEW), date=datetime.date(2026, 3, 1), label="final")
    root = str(corpus.root)
    code, out, _ = run("diff", "xx/rail-data", "--corpus", root, "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["before"]["label"] == "draft" and doc["after"]["label"] == "final"
    assert doc["summary"]["weakened"] == 1
    code, out, _ = run(
        "diff", "xx/rail-data@latest~1", "xx/rail-data@latest", "--corpus", root, "--format", "json"
    )
    assert code == 1 and json.loads(out)["summary"]["target_changed"] == 1
    code, _, err = run("diff", "xx/rail-data@nonsense", "xx/rail-data@latest", "--corpus", root)
    assert code == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    code, out, _ = run("commitments", "xx/rail-data@latest", "--corpus", root, "--json")
    listed = json.loads(out)["commitments"]
    assert code == 0 and [c["strength"] for c in listed] == ["strong", "weak"]
    code, out, _ = run("themes", "xx/rail-data", "--corpus", root, "--json")
    revisions = json.loads(out)["revisions"]
    assert code == 0 and [r["label"] for r in revisions] == ["draft", "final"]


def test_help_ends_with_an_example() -> None:
    for command in ("diff", "commitments", "themes"):
        code, out, _ = run(command, "--help")
        heading, *examples = out.rstrip().split("\n\n")[-1].strip().splitlines()
        assert code == 0 and heading in ("Example:", "Examples:"), out
        assert examples and all(line.strip().startswith(f"tracker {command} ") for line in examples), out
