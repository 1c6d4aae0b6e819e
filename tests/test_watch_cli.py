"""`tracker watch` as a user runs it: a real subprocess, real folders, real site build."""

from __future__ import annotations

import datetime
import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.watch_helpers import (  # noqa: F401 - fixture
    WatcherProcess,
    drop,
    no_leaked_threads,
    pin_git_identity,
    plan_text,
)
from tracker.cli import main
from tracker.corpus import Corpus

pytestmark = pytest.mark.usefixtures("no_leaked_threads")

V1 = plan_text("Basic plan", ["The Government will train 10,000 engineers by 2030.",
                              "The Ministry will fund compute infrastructure."])
V2 = plan_text("Basic plan", ["The Government will train 5,000 engineers by 2032.",
                              "The Ministry will fund compute infrastructure.",
                              "The Agency will publish a safety framework."])


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    pin_git_identity(monkeypatch)
    corpus = Corpus.init(tmp_path / "corpus", title="CLI corpus")
    seed = tmp_path / "seed.md"
    seed.write_text(V1, encoding="utf-8")
    corpus.add("jp/basic-plan", seed, date=datetime.date(2025, 1, 10), label="First draft",
               metadata={"title": "Basic plan"})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return corpus.root, inbox, tmp_path / "public"


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(main, ["watch", "--help"])
    assert result.exit_code == 0
    assert result.output.rstrip().splitlines()[-1].strip().startswith("cp ")
    assert "tracker watch ~/inbox --corpus" in result.output


def test_once_records_builds_and_exits_zero(setup: tuple[Path, Path, Path]) -> None:
    corpus, inbox, public = setup
    drop(inbox, "jp/basic-plan/2025-06-30--revised-draft.md", V2)
    result = CliRunner().invoke(main, ["watch", str(inbox), "--corpus", str(corpus), "--build", str(public),
                                       "--once", "--settle", "0.1", "--json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    (recorded,) = [e for e in events if e["event"] == "recorded"]
    assert (recorded["doc"], recorded["date"], recorded["label"]) == \
        ("jp/basic-plan", "2025-06-30", "Revised draft")
    assert "site" not in recorded          # emitted at its commit, before the rebuild
    (built,) = [e for e in events if e["event"] == "site_built"]
    assert built["site"]["files"] > 0 and events.index(built) > events.index(recorded)
    assert isinstance(recorded["summary"], dict) or recorded["summary_note"]
    assert (public / "documents/jp/basic-plan/2025-06-30.html").is_file()
    assert "recorded jp/basic-plan 2025-06-30 'Revised draft': " in result.stderr


def test_once_exits_one_when_a_file_is_rejected(setup: tuple[Path, Path, Path]) -> None:
    corpus, inbox, _ = setup
    drop(inbox, "jp/basic-plan/revised-draft.md", V2)
    result = CliRunner().invoke(main, ["watch", str(inbox), "--corpus", str(corpus), "--once",
                                       "--settle", "0"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"error: 1 file(s) rejected, see {inbox / '_rejected'}"
    assert (inbox / "_rejected/jp/basic-plan/revised-draft.md.reason.txt").is_file()


def test_a_missing_inbox_is_one_line(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    corpus, _, _ = setup
    result = CliRunner().invoke(main, ["watch", str(tmp_path / "nope"), "--corpus", str(corpus), "--once"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: inbox ")
    assert "Traceback" not in result.output


def test_watch_records_publishes_refuses_a_second_and_stops_on_ctrl_c(
        setup: tuple[Path, Path, Path]) -> None:
    corpus, inbox, public = setup
    drop(inbox, "jp/basic-plan/2025-03-01--while-down.md", V1.replace("10,000", "8,000"))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    args = [str(inbox), "--corpus", str(corpus), "--build", str(public), "--json", "--settle", "0.2"]
    watcher = WatcherProcess(args, env=env)
    try:
        first = json.loads(watcher.wait_line("stdout", lambda line: True))
        assert first["event"] == "recorded" and first["file"] == "jp/basic-plan/2025-03-01--while-down.md"
        watcher.wait_line("stderr", lambda line: line.startswith("watching "))

        second = WatcherProcess([str(inbox), "--corpus", str(corpus)], env=env)
        line = second.wait_line("stderr", lambda line: line.startswith("error:"))
        assert second.close() == 1
        assert f"another watcher (PID {watcher.proc.pid})" in line

        drop(inbox, "jp/basic-plan/2025-06-30--revised-draft.md", V2, via_temp=True)
        event = json.loads(watcher.wait_line("stdout", lambda line: '"recorded"' in line))
        assert (event["date"], event["label"]) == ("2025-06-30", "Revised draft")
        text = watcher.wait_line("stderr", lambda line: line.startswith("recorded jp/basic-plan 2025-06-30"))
        assert text.startswith("recorded jp/basic-plan 2025-06-30 'Revised draft': ")
        built = json.loads(watcher.wait_line("stdout", lambda line: '"site_built"' in line))
        assert built["site"]["files"] > 0
        watcher.wait_line("stderr", lambda line: line.startswith("site updated, "))
        assert (public / "documents/jp/basic-plan/2025-06-30.html").is_file()
        assert (inbox / "_done/jp/basic-plan/2025-06-30--revised-draft.md").is_file()

        watcher.proc.send_signal(signal.SIGINT)
        stopped = json.loads(watcher.wait_line("stdout", lambda line: '"stopped"' in line))
        assert stopped["recorded"] == 2
        assert watcher.close() == 130
    finally:
        watcher.kill()


def test_sigterm_stops_cleanly_with_143(setup: tuple[Path, Path, Path]) -> None:
    corpus, inbox, _ = setup
    watcher = WatcherProcess([str(inbox), "--corpus", str(corpus), "--settle", "0.1"],
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        watcher.wait_line("stderr", lambda line: line.startswith("watching "))
        watcher.proc.send_signal(signal.SIGTERM)
        watcher.wait_line("stderr", lambda line: line.startswith("stopped: 0 recorded"))
        assert watcher.close() == 143
    finally:
        watcher.kill()
