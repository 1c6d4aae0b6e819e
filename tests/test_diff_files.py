"""`tracker diff FILE FILE`: Markdown is read as written, other formats are ingested first."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import main
from tracker.file_diff import diff_files
from tracker.ingest.files import read_file

BEFORE = """# 計画

## 1. 人材

文部科学省は、AI人材を年間２万人育成する。
政府は、研究拠点の整備を推進する。
"""
AFTER = """# 計画

## 1. 人材

文部科学省は、AI人材を年間３万人育成する。
政府は、研究拠点の整備を推進する。
"""


def test_markdown_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(BEFORE, encoding="utf-8")
    read = read_file(path)
    assert read.text == BEFORE and not read.normalized and read.language == "ja"


def test_report_points_at_the_users_lines_and_characters(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "b.md").write_text(AFTER, encoding="utf-8")
    report = diff_files(tmp_path / "a.md", tmp_path / "b.md").to_dict()
    [change] = [c for c in report["commitment_changes"] if "target_changed" in c["kinds"]]
    assert "２万人" in change["before"]["text"] and "３万人" in change["after"]["text"]
    assert change["before"]["lines"] == [5, 5] and change["after"]["lines"] == [5, 5]


def test_other_formats_are_ingested(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text("<html><body><h1>Plan</h1><p>The Ministry will fund 20 labs. It will report.</p>"
                    "</body></html>", encoding="utf-8")
    read = read_file(path)
    assert read.normalized and "The Ministry will fund 20 labs.\nIt will report.\n" in read.text


def test_cli_diff_of_two_markdown_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "b.md").write_text(AFTER, encoding="utf-8")
    args = ["diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["summary"]["target_changed"] == 1


def test_only_the_newer_files_language_is_detected(tmp_path: Path, monkeypatch) -> None:
    """A diff reads the newer file's language; detecting the older one's would be wasted work."""
    import tracker.language

    detected: list[str] = []
    real = tracker.language.detect_language

    def recording(text: str) -> str:
        detected.append(text)
        return real(text)

    monkeypatch.setattr(tracker.language, "detect_language", recording)
    (tmp_path / "a.md").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "b.md").write_text(AFTER, encoding="utf-8")
    args = ["diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert detected == [AFTER]
    assert json.loads(result.output)["summary"]["target_changed"] == 1
    old = read_file(tmp_path / "a.md")
    assert old.language == "ja" and detected[-1] == BEFORE  # still there when asked for
    assert read_file(tmp_path / "a.md", "en").language == "en" and len(detected) == 2


def test_the_differ_reads_no_files() -> None:
    """tracker.diff compares texts: importing it and diffing loads nothing of tracker.ingest."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tracker.diff import Side, diff_texts\n"
        "diff_texts('# A\\n\\nThe Agency will fund 20 labs.\\n', '# A\\n\\nThe Agency will fund 30 labs.\\n',"
        " before_side=Side('a'), after_side=Side('b'), language='en')\n"
        "print(sorted(m for m in sys.modules if m.startswith('tracker.ingest')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
