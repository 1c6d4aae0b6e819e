"""Golden reports: the terminal (100 columns, no colour), Markdown, HTML and JSON renderings of a
few diffs of our own texts, byte for byte.

A difference fails with a diff. Regenerate, only on purpose, after reading the diff:

    TRACKER_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py

A change of the differ (a kind, a score) shows here as well: that is a change of every report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import UPDATE_GOLDEN, match_golden
from tracker.diff import Side, diff_texts
from tracker.diff.report import DiffReport
from tracker.render import render

GOLDEN = Path(__file__).resolve().parent / "golden" / "reports"

LIGHTHOUSE_OLD = """# Lighthouse Regulation

## Recitals

(1) Lighthouses guide ships along the coast.
(2) The Coast Board will publish a yearly note on lamp colours.

## Article 1 — Keepers

The Coast Board shall appoint a keeper for every lighthouse.
The Coast Board shall train keepers in first aid by 31 March 2028.

## Article 2 — Lamps

Operators shall replace every lamp older than ten years.
The Coast Board will fund 400 solar lamps.
Operators shall log each lamp failure within 24 hours.
The use of coal lamps shall be prohibited.

## Article 3 — Records

Keepers shall keep a weather log.
The Coast Board should archive the logs.
"""
LIGHTHOUSE_NEW = """# Lighthouse Regulation

## Recitals

(1) Lighthouses guide ships along the coast.
(2) The Coast Board will publish a yearly note on lamp colours and fog signals.

## Article 1 — Keepers

The Coast Board may consider appointing a keeper for every lighthouse.
The Coast Board shall train keepers in first aid by 30 April 2028.

## Article 2 — Lamps

The Coast Board will fund 200 solar lamps.
Operators shall log each lamp failure within 24 hours.
The use of coal lamps shall be prohibited.

## Article 3 — Records

The Coast Board should archive the logs.
Keepers shall keep a weather log.
Keepers shall report storm damage to the Coast Board.
"""

ORCHARD_OLD = """# 果樹園振興計画

## 1. 基本方針

農林水産省は、果樹園の受粉を支える花粉媒介昆虫の生息地を2030年までに100か所整備する。
農林水産省は、若手農業者の研修を毎年実施する。

## 2. 研究

研究機関は、病害に強い品種の開発を推進する。
"""
ORCHARD_NEW = """# 果樹園振興計画

## 1. 基本方針

農林水産省は、果樹園の受粉を支える花粉媒介昆虫の生息地を2032年までに50か所整備することを検討する。

## 2. 研究

研究機関は、病害に強い品種の開発を推進する。
都道府県は、気候変動に適応した栽培技術の普及を支援する。
"""

REPORTS = {
    "lighthouse": (LIGHTHOUSE_OLD, LIGHTHOUSE_NEW, "en"),
    "orchard-ja": (ORCHARD_OLD, ORCHARD_NEW, "ja"),
}
EXTENSIONS = {"term": "txt", "md": "md", "html": "html", "json": "json"}
CASES = [(name, fmt, False) for name in REPORTS for fmt in EXTENSIONS] + [("lighthouse", "md", True)]


def report(name: str) -> DiffReport:
    old, new, language = REPORTS[name]
    return diff_texts(
        old,
        new,
        before_side=Side(f"{name}@2025-01-01", "2025-01-01", "first"),
        after_side=Side(f"{name}@2026-01-01", "2026-01-01", "second"),
        language=language,
    )


def golden_path(name: str, fmt: str, every: bool) -> Path:
    return GOLDEN / f"{name}{'-all' if every else ''}.{EXTENSIONS[fmt]}"


@pytest.mark.parametrize(("name", "fmt", "every"), CASES)
def test_report_matches_golden(name: str, fmt: str, every: bool) -> None:
    actual = render(report(name), fmt, full_text=every, color=False, width=100, top=3)
    target = golden_path(name, fmt, every)
    match_golden(actual, target, test_file=__file__, name=target.name)


def test_golden_folder_holds_only_current_files() -> None:
    expected = {golden_path(*case).name for case in CASES}
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    assert present <= expected, f"stale golden files: {sorted(present - expected)}"
    assert UPDATE_GOLDEN or present == expected


def test_the_goldens_show_what_they_are_meant_to() -> None:
    """The goldens pin a report that exercises every part of the layout (not an empty one)."""
    md = render(report("lighthouse"), "md", top=3)
    for part in ("## What matters", "## By section", "## Not listed", "(significance "):
        assert part in md
