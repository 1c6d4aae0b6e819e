"""The `tracker` process ends without teardown only when its output is complete.

Each test runs a real `python -m tracker` (or `exit_process` in a child process): an
exit that skips teardown inside pytest would end the test run itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_python(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, *args], capture_output=True, env=env, cwd=tmp_path, check=False)


def plan(version: int) -> str:
    """A plan long enough that its JSON report is many times a pipe's buffer."""
    year = 2030 + version
    sections = [
        f"## Area {n}\n\nThe Ministry will fund {n + version} research centres by {year}. "
        f"The Agency shall publish a report on area {n} every year.\n"
        for n in range(1, 120)
    ]
    return "# Plan\n\n" + "\n".join(sections)


def test_a_diff_writes_its_whole_report_and_runs_the_exit_handlers(tmp_path: Path) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(plan(0), encoding="utf-8")
    new.write_text(plan(1), encoding="utf-8")
    proc = run_python(["-m", "tracker", "diff", str(old), str(new), "--format", "json"], tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""
    assert len(proc.stdout) > 256 * 1024
    report = json.loads(proc.stdout)
    assert report["summary"]["target_changed"] >= 100
    assert list((tmp_path / "cache").glob("regex-*.marshal"))  # written by an exit handler

    out = tmp_path / "report.json"
    args = ["-m", "tracker", "diff", str(old), str(new), "--format", "json", "-o", str(out)]
    proc = run_python(args, tmp_path)
    assert proc.returncode == 1 and json.loads(out.read_text(encoding="utf-8")) == report


@pytest.mark.parametrize(
    ("second", "code", "stderr"),
    [("old.md", 0, b""), ("missing.md", 2, b"error: no such file: missing.md\n")],
)
def test_exit_status_and_errors_are_as_before(tmp_path: Path, second: str, code: int, stderr: bytes) -> None:
    (tmp_path / "old.md").write_text(plan(0), encoding="utf-8")
    proc = run_python(["-m", "tracker", "diff", "old.md", second], tmp_path)
    assert proc.returncode == code and proc.stderr == stderr


def test_a_running_thread_gets_the_ordinary_exit(tmp_path: Path) -> None:
    marker = tmp_path / "thread-finished"
    script = f"""
import threading, time
from pathlib import Path
from tracker.cli.process_exit import exit_process, skip_teardown

def work():
    time.sleep(0.3)
    Path({str(marker)!r}).write_text("done")

threading.Thread(target=work).start()
skip_teardown()
exit_process(3)
"""
    proc = run_python(["-c", script], tmp_path)
    assert proc.returncode == 3 and marker.read_text() == "done"  # joined, as Python's own exit does


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [(None, 0, b""), (4, 4, b""), ("bad input", 1, b"bad input\n")]
)
def test_exit_codes_follow_sys_exit(tmp_path: Path, code: object, status: int, stderr: bytes) -> None:
    script = f"""
import sys
from tracker.cli.process_exit import exit_process, skip_teardown
sys.stdout.write("partial line without newline")
skip_teardown()
exit_process({code!r})
"""
    proc = run_python(["-c", script], tmp_path)
    assert proc.returncode == status and proc.stderr == stderr
    assert proc.stdout == b"partial line without newline"  # flushed before the process ended
