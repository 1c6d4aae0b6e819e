"""What a revision page leads with, computed from reports of our own (tracker.site.reading)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_site_support import pinned_sample_corpus
from tracker.site import build_site, reading


def change(
    kinds: list[str], text: str, significance: int, line: int, removed: bool = False
) -> dict[str, Any]:
    side = {"text": text, "section": ["Plan", "1 Compute"], "lines": [line, line]}
    return {
        "kinds": kinds,
        "significance": significance,
        "significance_reason": f"{kinds[0]}: reason",
        "before": side if removed else None,
        "after": None if removed else side,
    }


def test_top_changes_rank_by_significance_and_keep_report_order_on_a_tie() -> None:
    changes = [
        ("c-a", change(["added"], "weak one", 20, 3)),
        ("c-b", change(["removed"], "strong one", 80, 5, removed=True)),
        ("c-c", change(["moved"], "moved one", 20, 7)),
    ]
    top = reading.top_changes(changes, limit=2)
    assert [t.anchor for t in top] == ["c-b", "c-a"]
    assert top[0].text == "strong one" and top[0].reason == "removed: reason"


def test_a_turn_is_named_only_when_the_report_names_a_shift() -> None:
    labels = {"sovereign-ai": "Sovereign AI", "provider-diversification": "Provider diversification"}
    report = {
        "themes": [
            {"id": "sovereign-ai", "before": 6, "after": 2},
            {"id": "provider-diversification", "before": 1, "after": 5},
        ],
        "theme_shifts": [{"from": "sovereign-ai", "to": "provider-diversification"}],
    }
    turns = reading.theme_turns(report, labels.__getitem__)
    assert turns[0].phrase == "turning from sovereign AI to provider diversification"
    assert turns[0].falling_weights == (6.0, 2.0) and turns[0].rising_weights == (1.0, 5.0)
    labels["talent"] = "Talent and skills"
    labels["regulation"] = "Regulation"
    shifts = [("sovereign-ai", "provider-diversification"), ("regulation", "talent")]
    assert reading.turn_phrase(shifts, labels.__getitem__) == (
        "Turning from sovereign AI to provider diversification; and from regulation to talent and skills"
    )
    assert reading.turn_phrase([], labels.__getitem__) is None


def test_a_change_is_found_in_the_block_holding_its_line() -> None:
    blocks = [
        {"before_lines": [1, 1], "after_lines": [1, 1]},
        {"before_lines": [3, 4], "after_lines": None},  # removed
        {"before_lines": None, "after_lines": [3, 6]},  # added
    ]
    assert reading.block_of(change(["added"], "x", 1, 5), blocks) == 2
    assert reading.block_of(change(["removed"], "x", 1, 4, removed=True), blocks) == 1
    assert reading.block_of(change(["added"], "x", 1, 40), blocks) is None


def test_cards_are_grouped_by_section_in_order_of_appearance() -> None:
    cards = [("a", ["1"]), ("b", ["2"]), ("c", ["1"])]
    groups = reading.group_by_section(cards, lambda c: c[1])
    assert [(g.id, g.label, [c[0] for c in g.cards]) for g in groups] == [
        ("s-1", "1", ["a", "c"]),
        ("s-2", "2", ["b"]),
    ]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("reading")
    with pinned_sample_corpus(tmp) as corpus:
        build_site(corpus, tmp / "public")
        yield tmp / "public"


def test_a_revision_page_leads_with_its_turn_and_top_changes_and_links_cards_to_the_text(out: Path) -> None:
    html = (out / "documents/jp/ai-plan/2025-12-20.html").read_text(encoding="utf-8")
    report = json.loads((out / "api/documents/jp/ai-plan/2025-12-20.json").read_text(encoding="utf-8"))
    assert report["theme_shifts"]  # the sample's Japanese plan turns
    first_card = html.index('<article class="card"')
    turn = html.index('class="turn"')
    top = html.index('class="top-changes"')
    assert turn < first_card and top < first_card
    assert "turning from compute infrastructure to provider diversification" in html
    assert 'href="#text-h"' in html and 'id="text-h"' in html
    ids = set(re.findall(r'id="([^"]+)"', html))
    cards = re.findall(r'<article class="card" id="([^"]+)"', html)
    assert len(cards) == len(report["commitment_changes"])
    for anchor in cards:
        card = html[html.index(f'id="{anchor}"') :].split("</article>")[0]
        target = re.search(r'class="to-text" href="#([^"]+)"', card)
        assert target and target.group(1) in ids  # the card links to a block that exists
        block = html[html.index(f'id="{target.group(1)}"') :].split("</p>")[0]
        assert f'href="#{anchor}"' in block  # ... and the block links back
    for link in re.findall(r'class="top-changes".*?</ol>', html, re.S)[0].split('href="#')[1:]:
        assert link.split('"')[0] in cards


def test_a_revision_without_a_shift_names_no_turn(out: Path) -> None:
    html = (out / "documents/xx/compute-plan/2026-02-01.html").read_text(encoding="utf-8")
    assert 'class="turn"' not in html
    assert 'class="top-changes"' in html
    assert "What matters most" in html


def test_the_timeline_shows_the_turn_of_each_revision_whose_report_names_one(out: Path) -> None:
    html = (out / "documents/jp/ai-plan/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<li class="timeline-entry">.*?</li>', html, re.S)
    assert len(rows) == 2
    assert "turn-phrase" not in rows[0]  # the first revision turns nowhere
    assert "Turning from compute infrastructure to provider diversification" in rows[1]
    english = (out / "documents/xx/compute-plan/index.html").read_text(encoding="utf-8")
    assert "turn-phrase" not in english  # no report of that plan names a shift


def test_x_labels_of_dates_close_in_time_never_overlap() -> None:
    import datetime

    from tracker.site.chart import day_number, layout_chart

    dates = ["2025-01-15", "2025-03-01", "2025-06-30", "2025-11-14", "2025-12-20", "2026-01-15", "2026-02-01"]
    chart = layout_chart(
        "t",
        dates,
        [("a", [1.0] * len(dates))],
        x_positions=[day_number(datetime.date.fromisoformat(d)) for d in dates],
    )
    ticks = chart.x_ticks
    assert ticks[0].label == dates[0] and ticks[-1].label == dates[-1]  # both ends always named
    for i, a in enumerate(ticks):
        for b in ticks[:i]:
            if a.row == b.row:
                assert a.extent[0] >= b.extent[1] or b.extent[0] >= a.extent[1], (a.label, b.label)
    two = layout_chart("t", ["2026-01-15", "2026-01-20"], [("a", [1.0, 2.0])], x_positions=[0.0, 5.0])
    assert [t.row for t in two.x_ticks] == [0, 0]  # evenly apart (5 of 5 days): room for both
    close = layout_chart(
        "t", dates[:2] + ["2025-03-02"], [("a", [1.0, 2.0, 3.0])], x_positions=[0.0, 45.0, 46.0]
    )
    assert [t.label for t in close.x_ticks] == ["2025-01-15", "2025-03-02"]
