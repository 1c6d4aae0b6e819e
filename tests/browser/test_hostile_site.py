"""A site built from hostile documents, opened in a real browser (Debian's headless Chromium
driven by Playwright): no page and no published file may run code, spoof the page's own
text or widen the page.

The corpus (tests/test_site_support.build_hostile_corpus) holds an HTML original with
<script>, onerror, onclick, onload, an inline SVG with a script and javascript: links,
Markdown with javascript: links and raw HTML, an unterminated right-to-left override in
a sentence, a label and a title, a 600-character word and a 120-character label. Every
file of the built site (pages, originals, normalized texts, feeds, JSON, CSV) is opened
over http://127.0.0.1 and over file:// with a dialog handler: no dialog may fire.

Needs: apt-get install chromium; pip install playwright (no `playwright install`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_site_support import build_hostile_corpus, pinned_git_identity


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tracker.site import build_site

    tmp = tmp_path_factory.mktemp("hostile-site")
    with pinned_git_identity(tmp):
        corpus = build_hostile_corpus(tmp)
        out = tmp / "public"
        result = build_site(corpus, out)
    assert result.warnings == []
    return out




def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def open_everything(browser: Any, base: str, files: list[str]) -> tuple[list[str], dict[str, str]]:
    """Open each file in a fresh page: the dialogs that fired (file: message), and how each
    file was shown (its document's content type, or "download")."""
    dialogs: list[str] = []
    shown: dict[str, str] = {}
    context = browser.new_context(accept_downloads=True)
    try:
        for rel in files:
            page = context.new_page()
            page.on("dialog", lambda d, rel=rel: (dialogs.append(f"{rel}: {d.message}"), d.dismiss()))
            try:
                page.goto(base + rel, wait_until="load")  # scripts, onload and onerror run before load
                shown[rel] = page.evaluate("document.contentType")
                for element in page.locator("[onclick], a[href^='javascript:' i]").all():
                    element.click(timeout=1000)  # a handler or link copied from a source: click it
            except Exception as exc:  # noqa: BLE001 - a download is what an original may be
                if "Download is starting" not in str(exc):
                    raise
                shown[rel] = "download"
            finally:
                page.close()
    finally:
        context.close()
    return dialogs, shown


def test_published_originals_are_text_or_downloads_never_pages(site: Path) -> None:
    originals = [rel for rel in site_files(site) if rel.startswith("sources/")]
    assert len(originals) == 7  # two HTML, two Markdown, one plain text, a PDF, a DOCX
    assert all(rel.endswith((".txt", ".bin")) for rel in originals), originals
    assert sum(rel.endswith((".pdf.bin", ".docx.bin")) for rel in originals) == 2
    page = (site / "documents/xx/hostile-html/2025-01-01.html").read_text(encoding="utf-8")
    assert 'download="' in page and ".html.txt" in page


@pytest.mark.parametrize("origin", ["http", "file"])
def test_no_page_and_no_published_file_runs_code(
    site: Path, server: str, browser: Any, origin: str
) -> None:
    base = server if origin == "http" else site.as_uri() + "/"
    files = site_files(site)
    dialogs, shown = open_everything(browser, base, files)
    assert dialogs == []
    originals = {rel: kind for rel, kind in shown.items() if rel.startswith("sources/")}
    assert originals and set(originals.values()) <= {"text/plain", "download"}, originals
    assert [rel for rel, kind in originals.items() if kind == "download"] == [
        rel for rel in originals if rel.endswith(".bin")
    ]
    assert shown["documents/xx/hostile-html/2025-01-01.md"] != "text/html"
    assert len(shown) == len(files)


def test_searching_hostile_text_runs_no_code(server: str, browser: Any) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(server + "search.html")
        for query in ("alert", "script", "guidance"):
            page.fill("#q", query)
            page.press("#q", "Enter")
            page.wait_for_selector("#search-results li", timeout=5000)
        assert dialogs == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_word_or_label_does_not_widen_any_page(
    site: Path, server: str, browser: Any, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    wide: list[str] = []
    try:
        for rel in [r for r in site_files(site) if r.endswith(".html")]:
            page.goto(server + rel)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide.append(f"{rel}: {scroll} px")
    finally:
        context.close()
    assert wide == []


def test_an_override_in_a_label_does_not_reverse_the_page_own_text(server: str, browser: Any) -> None:
    """The revision's date after its label (which ends inside an unterminated U+202E) reads
    left to right: its first digit is drawn left of its last."""
    page = browser.new_page()
    try:
        for rel in ("documents/xx/hostile-md/2025-02-01.html", "documents/xx/hostile-md/index.html"):
            page.goto(server + rel)
            order = page.evaluate(
                """() => [...document.querySelectorAll('main time')].map(t => {
                    const node = t.firstChild, range = document.createRange();
                    range.setStart(node, 0); range.setEnd(node, 1);
                    const first = range.getBoundingClientRect().left;
                    range.setStart(node, node.length - 1); range.setEnd(node, node.length);
                    return [t.textContent, first < range.getBoundingClientRect().left];
                })"""
            )
            assert order and all(ltr for _, ltr in order), (rel, order)
    finally:
        page.close()
