"""The built site in a real browser: Debian's headless Chromium driven by Playwright.

Opened over http://127.0.0.1 and over file://: click from home to a document to a
revision, see the cards and the redline, search and get results, make no external
request, and pass axe-core (no serious or critical violation) on every page type.
Screenshots of each page type go to a folder this test prints (TRACKER_SCREENSHOTS,
default tests/browser/screenshots).

Needs: apt-get install chromium; the test extras (playwright, never `playwright install`; and
axe-playwright-python, which ships axe-core's axe.min.js).
"""

from __future__ import annotations

import importlib.resources
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_site_support import pinned_sample_corpus

HERE = Path(__file__).resolve().parent
AXE = Path(str(importlib.resources.files("axe_playwright_python") / "axe.min.js"))
SCREENSHOTS = Path(os.environ.get("TRACKER_SCREENSHOTS", HERE / "screenshots"))



@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from tracker.site import build_site

    tmp = tmp_path_factory.mktemp("browser-site")
    with pinned_sample_corpus(tmp) as corpus:
        out = tmp / "public"
        result = build_site(corpus, out)
        assert result.warnings == []
        yield out




@pytest.fixture(scope="module")
def screenshots(request: pytest.FixtureRequest) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled() if capman else _null():
        print(f"\nsite screenshots: {SCREENSHOTS}")
    return SCREENSHOTS


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class Visit:
    """A page that records every request it makes, so a test can prove nothing left the site."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.page = self.context.new_page()
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.origin) and not u.startswith("data:")]

    def close(self) -> None:
        self.context.close()


def _reports(site: Path, doc: str, slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / f"api/documents/{doc}/{slug}.json").read_text(encoding="utf-8"))
    return data


def click_through(visit: Visit, start: str, site: Path, shots: Path | None) -> None:
    """Home -> the English document -> its adopted revision: cards (when analysed) and the redline show."""
    page = visit.page
    page.goto(start)
    assert page.title().startswith("Site test corpus") or "Site test corpus" in page.title()
    if shots:
        page.screenshot(path=str(shots / "home.png"), full_page=True)
    page.locator("table.documents a", has_text="National Compute Plan").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "National Compute Plan"
    assert page.locator(".timeline-entry").count() == 3
    if shots:
        page.screenshot(path=str(shots / "document.png"), full_page=True)
    page.locator(".timeline-entry a", has_text="Adopted plan").click()
    page.wait_for_load_state()
    assert page.url.endswith("documents/xx/compute-plan/2025-06-30.html")
    report = _reports(site, "xx/compute-plan", "2025-06-30")
    if report["commitments_analysed"] and report["commitment_changes"]:
        assert page.locator("article.card").first.is_visible()
    assert page.locator(".fulltext del").first.is_visible()
    assert page.locator(".fulltext ins").first.is_visible()
    if shots:
        page.screenshot(path=str(shots / "revision.png"), full_page=True)


def run_search(visit: Visit, search_url: str, query: str) -> list[str]:
    page = visit.page
    page.goto(search_url)
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_selector("#search-results li", timeout=5000)
    return page.locator("#search-results li a").all_inner_texts()


def test_click_through_and_search_over_http(browser: Any, server: str, site: Path, screenshots: Path) -> None:
    visit = Visit(browser, server)
    try:
        click_through(visit, server + "index.html", site, screenshots)
        hits = run_search(visit, server + "search.html", "supercomputing")
        assert any("supercomputing" in h for hits_text in [hits] for h in hits_text)
        visit.page.screenshot(path=str(screenshots / "search.png"), full_page=True)
        ja_hits = run_search(visit, server + "search.html", "計算基盤")
        assert any("計算基盤" in h for h in ja_hits)
        assert visit.external() == []
        assert visit.errors == []
    finally:
        visit.close()


def test_click_through_and_search_from_file_urls(browser: Any, site: Path) -> None:
    origin = site.as_uri() + "/"
    visit = Visit(browser, origin)
    try:
        click_through(visit, origin + "index.html", site, None)
        hits = run_search(visit, origin + "search.html", "research chairs")
        assert hits and all("research chairs" in h for h in hits)
        assert visit.external() == []
        assert visit.errors == []
    finally:
        visit.close()


def test_unchanged_text_collapses_and_expands(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    try:
        page = visit.page
        page.goto(server + "documents/xx/compute-plan/2026-02-01.html")
        blocks = page.locator(".fulltext .block")
        total = blocks.count()
        buttons = page.locator("button.collapsed-run")
        if buttons.count():
            hidden_before = page.locator(".fulltext .block[hidden]").count()
            assert hidden_before > 0
            buttons.first.click()
            assert page.locator(".fulltext .block[hidden]").count() < hidden_before
        assert total > 0 and page.locator(".fulltext").is_visible()
    finally:
        visit.close()


def _page_types(site: Path) -> dict[str, str]:
    pages = {
        "home": "index.html",
        "document": "documents/jp/ai-plan/index.html",
        "revision": "documents/jp/ai-plan/2025-12-20.html",
        "revision-en": "documents/xx/compute-plan/2026-02-01.html",
        "first-revision": "documents/xx/compute-plan/2025-01-15.html",
        "compare": "documents/xx/compute-plan/compare/2025-01-15--2026-02-01.html",
        "themes": "themes/index.html",
        "search": "search.html?q=plan",
        "data": "data.html",
        "not-found": "404.html",
    }
    themes = sorted(p for p in (site / "themes").glob("*.html") if p.name != "index.html")
    if themes:
        pages["theme"] = f"themes/{themes[0].name}"
    return pages


def test_axe_finds_no_serious_or_critical_violation(
    browser: Any, server: str, site: Path, screenshots: Path
) -> None:
    assert AXE.is_file(), f"axe-core is missing at {AXE}: pip install -c constraints.txt -e '.[test]'"
    failures = []
    visit = Visit(browser, server)
    try:
        for name, rel in _page_types(site).items():
            page = visit.page
            page.goto(server + rel)
            if name == "search":
                page.wait_for_selector("#search-results li", timeout=5000)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"][:3]]
                    failures.append(f"{name} ({rel}): {v['id']} [{v['impact']}] {v['help']} at {targets}")
            page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
        assert visit.external() == []
    finally:
        visit.close()
    assert failures == []


def test_a_revision_page_leads_with_the_turn_and_top_changes_and_cards_reach_the_redline(
    browser: Any, server: str
) -> None:
    visit = Visit(browser, server)
    try:
        page = visit.page
        page.goto(server + "documents/jp/ai-plan/2025-12-20.html")
        first_card = page.locator("article.card").first.bounding_box()
        turn = page.locator(".turn").first
        assert turn.is_visible() and "turning from" in turn.inner_text()
        top = page.locator(".top-changes li")
        assert top.count() > 0
        assert turn.bounding_box()["y"] < first_card["y"]
        assert top.last.bounding_box()["y"] < first_card["y"]
        # every card's link into the text reaches an element that exists, and back again
        missing = page.evaluate(
            """() => Array.from(document.querySelectorAll('article.card')).flatMap(card => {
                const link = card.querySelector('a.to-text');
                if (!link) return [card.id + ': no link'];
                const target = document.getElementById(link.getAttribute('href').slice(1));
                if (!target) return [card.id + ': no ' + link.getAttribute('href')];
                const back = target.querySelector('a.to-card[href="#' + card.id + '"]');
                return back ? [] : [card.id + ': no way back'];
            })"""
        )
        assert missing == []
        page.locator("article.card a.to-text").first.click()
        target = page.evaluate("location.hash")
        assert page.locator(target).is_visible()
        page.locator(".skip-text a").click()
        assert page.evaluate("location.hash") == "#text-h"
        assert visit.errors == []
    finally:
        visit.close()


def test_no_page_scrolls_sideways_on_a_phone(browser: Any, server: str, site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        wide = {}
        for name, rel in _page_types(site).items():
            page.goto(server + rel)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[name] = width
        assert wide == {}
    finally:
        context.close()


def _boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_chart_labels_never_overlap_and_name_each_line(browser: Any, server: str, site: Path) -> None:
    themes = sorted(p.name for p in (site / "themes").glob("*.html") if p.name != "index.html")
    charts = ["documents/xx/compute-plan/index.html", "documents/jp/ai-plan/index.html"]
    charts += [f"themes/{name}" for name in themes]
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
        try:
            page = context.new_page()
            for rel in charts:
                page.goto(server + rel)
                if page.locator("svg.chart").count() == 0:
                    continue
                boxes = [label.bounding_box() for label in page.locator("svg.chart text.x-label").all()]
                assert len(boxes) >= 1
                clashes = [
                    (i, j) for i in range(len(boxes)) for j in range(i) if _boxes_overlap(boxes[i], boxes[j])
                ]
                assert clashes == [], f"{rel} at {width} px: x labels overlap"
                assert page.locator("svg.chart .axis-title").text_content() == "Weight"
                lines = page.locator("svg.chart .series").count()
                assert page.locator(".legend li").count() == lines > 0
        finally:
            context.close()


def test_the_weight_table_scrolls_in_its_box_with_the_theme_column_kept(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(server + "documents/xx/compute-plan/index.html")
        box = page.locator("table.weights").locator("xpath=..")
        box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        frame = box.bounding_box()
        last = page.locator("table.weights thead th").last.bounding_box()
        first = page.locator("table.weights tbody th").first.bounding_box()
        assert frame["x"] - 1 <= last["x"] and last["x"] + last["width"] <= frame["x"] + frame["width"] + 1
        assert abs(first["x"] - frame["x"]) <= 1  # the theme column stays at the box's left edge
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_one_notice_per_page_a_badge_per_listed_document_and_a_favicon(
    browser: Any, server: str, site: Path
) -> None:
    visit = Visit(browser, server)
    failed: list[str] = []
    visit.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        page = visit.page
        for rel in _page_types(site).values():
            if rel == "404.html":
                continue
            page.goto(server + rel)
            assert page.locator(".notice.illustrative").count() <= 1, rel
            assert page.locator("link[rel=icon]").count() == 1
        page.goto(server + "index.html")
        assert page.locator(".notice.illustrative").count() == 1
        assert page.locator("table.documents .tag-illustrative").count() >= 1
        page.goto(server + "static/favicon.svg")
        assert failed == []
    finally:
        visit.close()


def test_search_matches_whole_words_and_links_to_the_line(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    try:
        page = visit.page
        # "AI" is a word of "AI Office" and of "AI人材" (Japanese has no spaces), never a piece of
        # "aims" or "maintain"
        hits = run_search(visit, server + "search.html", "AI")
        assert hits and all(re.search(r"(?<![A-Za-z])AI(?![A-Za-z])", h) for h in hits)
        assert any("AI人材" in h for h in hits)
        assert run_search_count(visit, server + "search.html", "upercomputing") == 0
        hits = run_search(visit, server + "search.html", "計算")  # a piece of a Japanese word is found
        assert any("計算基盤" in h for h in hits)
        href = page.locator("#search-results li a").first.get_attribute("href")
        assert href and "#b" in href
        page.locator("#search-results li a").first.click()
        page.wait_for_load_state()
        target = page.evaluate("location.hash")
        assert page.locator(target).is_visible()
        assert "計算" in page.locator(target).inner_text()
    finally:
        visit.close()


def run_search_count(visit: Visit, search_url: str, query: str) -> int:
    page = visit.page
    page.goto(search_url)
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.indexOf('result') !== -1")
    return int(page.locator("#search-results li").count())
