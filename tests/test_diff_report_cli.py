"""`tracker diff` reports a reader can take in: what matters first, filters, colour, pager, width, -o."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from tests.conftest import read_terminal
from tracker.cli import main

ROOT = Path(__file__).resolve().parents[1]

OLD = """# Lighthouse Regulation

## Recitals

(1) Lighthouses guide ships along the coast.
(2) The Coast Board will publish a yearly note on lamp colours.

## Article 1 — Keepers

The Coast Board shall appoint a keeper for every lighthouse.
The Coast Board shall train keepers in first aid by 2028.

## Article 2 — Lamps

Operators shall replace every lamp older than ten years.
The Coast Board will fund 400 solar lamps.
Operators shall log each lamp failure within 24 hours.

## Article 3 — Records

Keepers shall keep a weather log.
"""
NEW = (
    OLD.replace("shall appoint a keeper", "may consider appointing a keeper")
    .replace("will fund 400 solar lamps", "will fund 200 solar lamps")
    .replace("Operators shall replace every lamp older than ten years.\n", "")
    .replace("(2) The Coast Board will publish a yearly note on lamp colours.",
             "(2) The Coast Board will publish a yearly note on lamp colours and fog signals.")
    .replace("Keepers shall keep a weather log.\n", "Keepers shall keep a weather log.\n"
             "Keepers shall report storm damage to the Coast Board.\n")
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pair(source_file: Callable[[str, str], Path]) -> tuple[str, str]:
    return str(source_file("old.md", OLD)), str(source_file("new.md", NEW))


def test_reports_open_with_what_matters_ranked_by_significance(pair: tuple[str, str]) -> None:
    code, out, _ = run("diff", *pair, "--format", "md", "--top", "2")
    assert code == 1
    doc = json.loads(run("diff", *pair, "--json")[1])
    scores = sorted((c["significance"] for c in doc["commitment_changes"]), reverse=True)
    assert out.index("## What matters") < out.index("## By section")
    cards = [line for line in out.splitlines() if line.startswith("### ") and "(significance" in line]
    assert len(cards) == 2
    assert [int(c.rsplit(" ", 1)[1].rstrip(")")) for c in cards] == scores[:2]
    assert "### Article 3 — Records" in out  # the rest, by article


def test_json_is_the_same_with_json_or_format_json_and_carries_significance(pair: tuple[str, str]) -> None:
    _, by_flag, _ = run("diff", *pair, "--json")
    _, by_format, _ = run("diff", *pair, "--format", "json")
    assert by_flag == by_format
    change = json.loads(by_flag)["commitment_changes"][0]
    assert isinstance(change["significance"], int) and change["significance_reason"]


def test_filters_narrow_the_report_and_say_so(pair: tuple[str, str]) -> None:
    doc = json.loads(run("diff", *pair, "--json", "--kind", "removed", "--kind", "weakened")[1])
    kinds = {k for c in doc["commitment_changes"] for k in c["kinds"]}
    assert kinds and kinds <= {"removed", "weakened"}
    assert any(n.startswith("showing 2 of ") for n in doc["notes"])
    doc = json.loads(run("diff", *pair, "--json", "--section", "article 2")[1])
    sections = [(c["after"] or c["before"])["section"][-1] for c in doc["commitment_changes"]]
    assert sections and set(sections) == {"Article 2 — Lamps"}
    doc = json.loads(run("diff", *pair, "--json", "--min-strength", "strong")[1])
    assert all(
        "strong" in {(c["before"] or {}).get("strength"), (c["after"] or {}).get("strength")}
        for c in doc["commitment_changes"]
    )
    code, _, err = run("diff", *pair, "--kind", "vanished")
    assert code == 2 and "'vanished' is not one of" in err


def test_output_into_a_missing_folder_is_one_line_and_exit_2(pair: tuple[str, str], tmp_path: Path) -> None:
    target = tmp_path / "reports" / "x.html"
    code, out, err = run("diff", *pair, "-o", str(target))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"error: folder {target.parent} does not exist; create it first, "
                                        "or give -o a file in an existing folder"]
    assert not target.parent.exists()
    assert run("diff", *pair, "-o", str(tmp_path / "x.html"), "--format", "html")[0] == 1
    assert "<h2>What matters</h2>" in (tmp_path / "x.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # piped, auto
        (("--color", "always"), {}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
    ],
)
def test_colour_follows_the_option_then_no_color_then_force_color(
    pair: tuple[str, str], args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    base = {"NO_COLOR": None, "FORCE_COLOR": None}
    _, out, _ = run("diff", *pair, *args, env={**base, **env})  # type: ignore[dict-item]
    assert ("\x1b[" in out) is coloured


def test_json_never_carries_colour(pair: tuple[str, str]) -> None:
    assert "\x1b[" not in run("diff", *pair, "--json", "--color", "always")[1]


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; returns what it printed there."""
    controller, terminal = pty.openpty()
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "LINES": "10", **env}
    with subprocess.Popen([sys.executable, "-m", "tracker", *args], stdout=terminal, stderr=terminal,
                          stdin=subprocess.DEVNULL, env=full_env, cwd=cwd) as process:
        os.close(terminal)
        screen = read_terminal(controller)
        process.wait()
    os.close(controller)
    return screen.decode("utf-8", "replace")


def test_long_output_on_a_terminal_goes_through_the_pager_unless_no_pager(
    pair: tuple[str, str], tmp_path: Path
) -> None:
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"sh -c 'cat > {paged}'", "TRACKER_PAGER": ""}
    pager.pop("TRACKER_PAGER")
    _on_a_terminal(["diff", *pair], pager, tmp_path)
    assert "What matters" in paged.read_text(encoding="utf-8")
    paged.unlink()
    shown = _on_a_terminal(["diff", *pair, "--no-pager"], pager, tmp_path)
    assert not paged.exists() and "What matters" in shown


def test_the_pager_never_runs_when_output_is_piped(pair: tuple[str, str], tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAGER": f"sh -c 'cat > {paged}'"}
    done = subprocess.run([sys.executable, "-m", "tracker", "diff", *pair], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert "What matters" in done.stdout and not paged.exists()


def test_a_terminal_report_is_coloured_at_the_terminal_width(pair: tuple[str, str], tmp_path: Path) -> None:
    shown = _on_a_terminal(["diff", *pair, "--no-pager"], {"COLUMNS": "72"}, tmp_path)
    assert "\x1b[" in shown
    rules = [_plain(line) for line in shown.splitlines() if "What matters" in line or "By section" in line]
    assert rules and all(cell_len(rule) == 72 for rule in rules)  # rules and cards span the terminal
    cards = [_plain(line) for line in shown.splitlines() if _plain(line).startswith(("╭", "│", "╰"))]
    assert cards and all(cell_len(card) == 72 for card in cards)


def _plain(line: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip("\r")


JA = """# 灯台整備計画

## 1. 整備

国土交通省は、全国の灯台に太陽光発電設備を導入し、停電時にも灯火を維持できる体制を2030年度までに整備する。
海上保安庁は、灯台の点検結果を毎年公表し、老朽化した設備の更新計画を関係自治体と共有する。
"""


def test_japanese_commitments_wrap_by_display_width_when_piped(
    source_file: Callable[[str, str], Path],
) -> None:
    path = source_file("ja.md", JA)
    code, out, _ = run("commitments", str(path))
    assert code == 0
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 100  # 100 columns when piped, wide characters count 2
    sentence_lines = [line for line in lines if "国土交通省は" in line or "海上保安庁は" in line]
    # the sentence gets the width the facts leave: far more than ~18 characters per line
    assert sentence_lines and all(len(line.strip().lstrip("│").strip()) >= 30 for line in sentence_lines)


def test_commitments_and_themes_share_format_and_json(
    source_file: Callable[[str, str], Path],
) -> None:
    path = str(source_file("ja.md", JA))
    assert run("commitments", path, "--json")[1] == run("commitments", path, "--format", "json")[1]
    code, md, _ = run("commitments", path, "--format", "md")
    assert code == 0 and md.startswith("# Commitments of ") and "| line | strength |" in md
    assert "国土交通省" in md


def test_the_cli_lists_the_differs_kinds_and_default(pair: tuple[str, str]) -> None:
    from tracker.cli import diff_commands
    from tracker.diff.report import REWORDED, SCORED_KINDS
    from tracker.render.outline import DEFAULT_TOP

    assert diff_commands.CHANGE_KINDS == (*SCORED_KINDS, REWORDED)
    assert diff_commands.DEFAULT_TOP == DEFAULT_TOP


def test_progress_is_silent_off_a_terminal_and_erased_on_one() -> None:
    import io
    import threading

    from tracker.cli.progress import delayed_status

    piped = io.StringIO()
    with delayed_status("comparing", stream=piped, delay=0):
        threading.Event().wait(0.3)
    assert piped.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with delayed_status("comparing", stream=screen, delay=0):
        for _ in range(200):  # until the status line is up (a few ms), never more than 10 s
            if "comparing" in screen.getvalue():
                break
            threading.Event().wait(0.05)
    written = screen.getvalue()
    assert "comparing ... 0s" in written and written.endswith("\r\x1b[K")


def test_all_lists_every_change_and_the_full_text_as_before(pair: tuple[str, str]) -> None:
    _, default, _ = run("diff", *pair, "--format", "md")
    _, every, _ = run("diff", *pair, "--format", "md", "--all")
    doc = json.loads(run("diff", *pair, "--json")[1])
    assert "## Not listed" in default and "## Full text" not in default
    assert "## Not listed" not in every and "## Full text" in every
    cards = [line for line in every.splitlines() if line.startswith("### ") and "(significance" in line]
    assert len(cards) == len(doc["commitment_changes"])  # every change, collapsed ones included
