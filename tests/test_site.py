"""The static site, built from a real corpus in a temporary git repository.

Most tests read one shared build (module fixture); tests that change the corpus make
their own. Assertions target the HTML, feeds, JSON and files a reader or script sees.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_site_support import EN_3, build_sample_corpus, pinned_sample_corpus
from tracker.site import SiteBuildError, build_site
from tracker.site.links import check_site
from tracker.site.output import state_dir

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One corpus and one build shared by the read-only tests of this module."""
    tmp = tmp_path_factory.mktemp("site")
    with pinned_sample_corpus(tmp) as corpus:
        out = tmp / "public"
        result = build_site(corpus, out, base_url="https://example.org/plans/")
        yield {"corpus": corpus, "out": out, "result": result, "tmp": tmp}


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def state_rows(out: Path, table: str) -> dict[str, tuple[Any, ...]]:
    """Each document's row of one table of the build's state database."""
    con = sqlite3.connect(state_dir(out) / "state.sqlite")
    try:
        return {row[0]: tuple(row[1:]) for row in con.execute(f"SELECT * FROM {table}")}  # noqa: S608
    finally:
        con.close()


def site_files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


# -- pages ---------------------------------------------------------------------------------------


def test_every_page_type_is_written(built: dict[str, Any]) -> None:
    out = built["out"]
    for rel in (
        "index.html",
        "search.html",
        "data.html",
        "404.html",
        "themes/index.html",
        "feed.xml",
        "documents/xx/compute-plan/index.html",
        "documents/xx/compute-plan/2025-01-15.html",
        "documents/xx/compute-plan/2025-06-30.html",
        "documents/xx/compute-plan/2026-02-01.html",
        "documents/xx/compute-plan/compare/2025-01-15--2026-02-01.html",
        "documents/xx/compute-plan/feed.xml",
        "documents/jp/ai-plan/index.html",
        "documents/jp/ai-plan/2025-12-20.html",
        "api/index.json",
        "api/documents/jp/ai-plan.json",
        "api/documents/jp/ai-plan/2025-12-20.json",
        "api/themes.json",
        "api/changes.json",
        "api/commitments.csv",
        "api/commitment-changes.csv",
        "search/manifest.js",
        "search/jp/ai-plan.js",
        "static/style.css",
        "static/search.js",
    ):
        assert (out / rel).is_file(), rel
    assert built["result"].warnings == []
    assert built["result"].files_written == len(site_files(out))


def test_no_broken_internal_link_and_no_external_load(built: dict[str, Any]) -> None:
    assert check_site(built["out"]) == []
    for page in built["out"].rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|img|iframe)[^>]+src=\"(https?:)?//", html), page
        assert not re.search(r"<link[^>]+stylesheet[^>]+href=\"(https?:)?//", html), page


def test_home_lists_latest_changes_documents_and_theme_directions(built: dict[str, Any]) -> None:
    html = read(built["out"], "index.html")
    # newest change first: the EN amendment (2026-02-01) before the JA revision (2025-12-20)
    assert html.index("2026-02-01") < html.index("2025-12-20")
    assert 'href="documents/xx/compute-plan/index.html"' in html
    assert 'href="documents/jp/ai-plan/index.html"' in html
    assert "Documents by jurisdiction" in html and "Where the plans are turning" in html
    assert "badge-" in html or "no commitment changes" in html


def test_document_page_has_timeline_chart_and_table(built: dict[str, Any]) -> None:
    html = read(built["out"], "documents/xx/compute-plan/index.html")
    timeline = html[html.index('class="timeline"') : html.index("</ol>", html.index('class="timeline"'))]
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', timeline)
    assert dates == ["2025-01-15", "2025-06-30", "2026-02-01"]
    assert "Consultation draft" in timeline and "Adopted plan" in timeline and "Amendment" in timeline
    assert "first revision" in timeline
    assert '<table class="weights">' in html
    report = json.loads(read(built["out"], "api/documents/xx/compute-plan/2026-02-01.json"))
    if any(t["after"] for t in report["themes"]):
        assert '<svg class="chart"' in html and 'role="img"' in html


def test_revision_page_has_cards_redline_and_links(built: dict[str, Any]) -> None:
    out = built["out"]
    html = read(out, "documents/xx/compute-plan/2025-06-30.html")
    report = json.loads(read(out, "api/documents/xx/compute-plan/2025-06-30.json"))
    substantive = [c for c in report["commitment_changes"] if set(c["kinds"]) - {"reworded"}]
    if report["commitments_analysed"]:
        assert html.count('<article class="card"') == len(substantive) > 0
        for anchor in re.findall(r'<article class="card" id="([^"]+)"', html):
            assert f'href="#{anchor}"' in html  # each card has a permalink
    else:
        assert "not analysed" in html
    fulltext = html[html.index('class="fulltext"') :]
    assert "<del>" in fulltext and "<ins>" in fulltext
    assert 'href="2025-01-15.html"' in html  # the revision it is compared with
    # the original as inert text, saved under its own name
    assert re.search(r'href="\.\./\.\./\.\./sources/([0-9a-f]{64})\.md\.txt" download="\1\.md"', html)
    assert 'href="https://example.org/plan-2025.html"' in html
    latest = read(out, "documents/xx/compute-plan/2026-02-01.html")
    assert 'href="compare/2025-01-15--2026-02-01.html"' in latest


def test_first_revision_shows_plain_text(built: dict[str, Any]) -> None:
    html = read(built["out"], "documents/xx/compute-plan/2025-01-15.html")
    fulltext = html[html.index('class="fulltext"') :]
    assert "three public supercomputing centres" in fulltext
    assert "<del>" not in fulltext and "<ins>" not in fulltext
    assert "first recorded revision" in html


def test_hostile_text_is_shown_as_text(built: dict[str, Any]) -> None:
    for page in built["out"].rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert 'href="javascript:' not in html.lower(), page
        assert "<!-- a hidden comment -->" not in html, page
    html = read(built["out"], "documents/xx/compute-plan/2026-02-01.html")
    assert "stay text." in html  # the sentence is shown (what the differ keeps of inline markup, as text)
    # The redline shows what the differ's blocks hold; the untouched text the page links to keeps it all.
    text = read(built["out"], "documents/xx/compute-plan/2026-02-01.md")
    assert '<script>alert("x")</script>' in text and "<!-- a hidden comment -->" in text
    shard = read(built["out"], "search/xx/compute-plan.js")
    assert "<script>alert" not in shard  # a script file the page loads: the text is JSON-escaped in it
    assert "\\u003cscript\\u003e" in shard or "<\\/script>" in shard


def test_illustrative_notice_on_every_page_showing_its_text(built: dict[str, Any]) -> None:
    out = built["out"]
    ja_sentence = "この文書は説明用の例示であり、公式文書ではありません"
    for rel in (
        "documents/jp/ai-plan/index.html",
        "documents/jp/ai-plan/2025-03-01.html",
        "documents/jp/ai-plan/2025-12-20.html",
    ):
        html = read(out, rel)
        assert 'class="notice illustrative"' in html and "illustrative" in html, rel
        assert ja_sentence in html and "例示" in html, rel
    home = read(out, "index.html")
    entry = home[home.index("AI推進計画") - 400 :]
    assert 'class="notice illustrative"' in entry[:3000] or "tag-illustrative" in home
    for rel in ("documents/xx/compute-plan/index.html", "documents/xx/compute-plan/2026-02-01.html"):
        assert 'class="notice illustrative"' not in read(out, rel), rel
    feed = read(out, "documents/jp/ai-plan/feed.xml")
    assert "Illustrative document" in feed and ja_sentence in feed


def test_japanese_text_carries_lang_and_css_breaks_lines(built: dict[str, Any]) -> None:
    html = read(built["out"], "documents/jp/ai-plan/2025-12-20.html")
    assert '<div class="fulltext" lang="ja" dir="auto">' in html
    assert '<h1><span lang="ja" dir="auto">AI推進計画</span>' in html
    css = read(built["out"], "static/style.css")
    assert "word-break: auto-phrase" in css and "line-break: strict" in css


# -- feeds ---------------------------------------------------------------------------------------


def test_feeds_are_valid_atom_with_stable_ids(built: dict[str, Any]) -> None:
    import feedparser
    from lxml import etree

    atom = "{http://www.w3.org/2005/Atom}"
    for rel, expected in (("feed.xml", 5), ("documents/xx/compute-plan/feed.xml", 3)):
        data = (built["out"] / rel).read_bytes()
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert len(parsed.entries) == expected
        root = etree.fromstring(data)
        assert root.tag == f"{atom}feed"
        for el in (root, *root.findall(f"{atom}entry")):
            for child in ("id", "title", "updated"):
                assert el.find(f"{atom}{child}") is not None and el.find(f"{atom}{child}").text
        ids = [e.id for e in parsed.entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
        assert parsed.entries[0].link.startswith("https://example.org/plans/documents/")
        updated = [e.updated[:10] for e in parsed.entries]
        assert updated == sorted(updated, reverse=True)
        assert root.find(f"{atom}updated").text.startswith(updated[0])
    parsed = feedparser.parse((built["out"] / "documents/xx/compute-plan/feed.xml").read_bytes())
    assert parsed.entries[0].summary  # the change summary


# -- data ----------------------------------------------------------------------------------------


def _validator(name: str) -> Any:
    import jsonschema

    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_api_validates_against_the_shipped_schemas(built: dict[str, Any]) -> None:
    out = built["out"]
    index = json.loads(read(out, "api/index.json"))
    _validator("site-index.schema.json").validate(index)
    diff = _validator("tracker.diff.1.schema.json")
    document = _validator("site-document.schema.json")
    n_reports = 0
    for doc in index["documents"]:
        data = json.loads(read(out, doc["api"]))
        document.validate(data)
        for rev in data["timeline"]:
            report = json.loads(read(out, rev["report"]))
            diff.validate(report)
            assert report["schema"] == "tracker.diff/1"
            n_reports += 1
    assert n_reports == 5
    _validator("site-themes.schema.json").validate(json.loads(read(out, "api/themes.json")))
    _validator("site-changes.schema.json").validate(json.loads(read(out, "api/changes.json")))


def test_csv_downloads_parse(built: dict[str, Any]) -> None:
    out = built["out"]
    rows = list(csv.DictReader(io.StringIO(read(out, "api/commitment-changes.csv"))))
    changes = json.loads(read(out, "api/changes.json"))["changes"]
    assert len(rows) == len(changes)
    commitments = list(csv.DictReader(io.StringIO(read(out, "api/commitments.csv"))))
    assert commitments == [] or {r["document"] for r in commitments} <= {"xx/compute-plan", "jp/ai-plan"}
    assert list(csv.reader(io.StringIO(read(out, "api/commitments.csv"))))[0][:3] == [
        "document",
        "revision",
        "date",
    ]


def test_search_index_holds_every_revision_text(built: dict[str, Any]) -> None:
    shard = read(built["out"], "search/jp/ai-plan.js")
    assert shard.startswith("trackerSearchAdd(")
    data = json.loads(shard[len("trackerSearchAdd(") : -3])
    lines = {text: revs for text, revs, _ in data["lines"]}
    assert lines["政府は国内の計算基盤を整備する。"] == [0]
    assert lines["文部科学省はAI人材の育成を推進する。"] == [0, 1]
    # each line names the block that shows it on the newest revision page holding it
    for text, revs, anchor in data["lines"]:
        page = read(built["out"], data["revisions"][revs[-1]][2])
        block = re.search(rf'id="{anchor}"[^>]*>(.*?)</(?:p|h3)>', page, re.S)
        assert block and text in re.sub(r"<[^>]+>", "", re.sub(r"<del>.*?</del>", "", block.group(1)))
    assert data["illustrative"] is True and data["lang"] == "ja"
    assert 'window.TRACKER_SEARCH = {"shards":["search/jp/ai-plan.js","search/xx/compute-plan.js"]}' in read(
        built["out"], "search/manifest.js"
    )


# -- determinism, incrementality, permalinks -----------------------------------------------------


def test_rebuilding_writes_nothing_and_a_fresh_build_is_byte_identical(built: dict[str, Any]) -> None:
    corpus, out = built["corpus"], built["out"]
    again = build_site(corpus, out, base_url="https://example.org/plans/")
    assert again.files_written == 0 and again.reports_computed == 0 and again.documents_planned == ()
    fresh = built["tmp"] / "public-fresh"
    build_site(corpus, fresh, base_url="https://example.org/plans/")
    assert site_files(fresh) == site_files(out)


def test_the_corpus_is_left_exactly_as_it_was(built: dict[str, Any]) -> None:
    root = built["corpus"].root
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def test_one_new_revision_rewrites_only_what_it_touches(make_corpus: Any, tmp_path: Path) -> None:
    from tests.test_site_support import add_revision

    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    before = site_files(out)
    kept_before = {table: state_rows(out, table) for table in ("entries", "digests", "memo")}
    add_revision(
        corpus,
        tmp_path,
        "jp/ai-plan",
        "# AI推進計画\n\n## 第1章 計算基盤\n\n政府は国内の計算基盤を整備する。\n",
        "2026-03-01",
        "第2次改定",
        status="adopted",
    )
    result = build_site(corpus, out)
    after = site_files(out)
    changed = {p for p in after if before.get(p) != after[p]}
    assert set(result.written) == changed
    assert result.documents_planned == ("jp/ai-plan",)  # the other documents' files are carried over
    assert result.files_written == len(changed) and result.files_removed == 0
    assert (
        result.reports_computed == 3
    )  # against the previous, against the first, and all commitments in force
    doc = "documents/jp/ai-plan/"
    expected_new = {
        doc + "2026-03-01.html",
        doc + "2026-03-01.md",
        doc + "compare/2025-03-01--2026-03-01.html",
        "api/documents/jp/ai-plan/2026-03-01.json",
    }
    assert expected_new <= changed
    assert doc + "2025-12-20.html" in changed  # it gains a "next" link
    untouched = [p for p in before if p.startswith("documents/xx/") or p.startswith("api/documents/xx/")]
    assert untouched and not changed & set(untouched)
    assert doc + "2025-03-01.html" not in changed  # an older revision's page and URL stay as they were
    assert "search/xx/compute-plan.js" not in changed and "search/jp/ai-plan.js" in changed
    assert set(before) <= set(after)  # permalinks: every earlier URL still exists
    # the state keeps each document's entry, digests and kept parts of the corpus-wide files in
    # its own rows: only the changed document's are rewritten
    for table, rows in kept_before.items():
        now = state_rows(out, table)
        assert now["xx/compute-plan"] == rows["xx/compute-plan"], table
        assert now["jp/ai-plan"] != rows["jp/ai-plan"], table
    assert b"digests" not in (state_dir(out) / "state.json").read_bytes()
    with sqlite3.connect(state_dir(out) / "state.sqlite") as con:  # lost rows are made again
        con.execute("DELETE FROM digests WHERE id = 'xx/compute-plan'")
        con.execute("DELETE FROM entries WHERE id = 'xx/compute-plan'")
    con.close()
    (out / "documents/xx/compute-plan/index.html").unlink()  # (and a missing page forces a build)
    again = build_site(corpus, out)
    assert again.reports_computed == 0 and again.documents_planned == ("xx/compute-plan",)
    assert state_rows(out, "digests")["xx/compute-plan"] == kept_before["digests"]["xx/compute-plan"]
    assert state_rows(out, "entries")["xx/compute-plan"] == kept_before["entries"]["xx/compute-plan"]
    assert site_files(out) == after
    fresh = tmp_path / "public-fresh"
    build_site(corpus, fresh)
    assert site_files(fresh) == after  # parts kept from the first build (theme pages, CSV) are current

    def cached_reports(site: Path) -> set[str]:
        return {p.name for p in (state_dir(site) / "reports").iterdir()}

    assert cached_reports(out) == cached_reports(fresh)  # the report no page uses any more was pruned


def test_unchanged_documents_are_carried_over_unless_their_page_or_the_chrome_changed(
    make_corpus: Any, tmp_path: Path
) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    first = build_site(corpus, out)
    assert set(first.documents_planned) == {"jp/ai-plan", "xx/compute-plan"}
    built = site_files(out)
    (out / "documents/xx/compute-plan/index.html").unlink()
    restored = build_site(corpus, out)
    assert restored.documents_planned == ("xx/compute-plan",)
    assert restored.written == ("documents/xx/compute-plan/index.html",)
    assert site_files(out) == built
    rebased = build_site(corpus, out, base_url="https://example.org/elsewhere/")
    assert set(rebased.documents_planned) == set(first.documents_planned)
    assert "https://example.org/elsewhere/documents/jp/ai-plan/feed.xml" in read(
        out, "documents/jp/ai-plan/feed.xml"
    )


def test_a_rebuild_sees_a_document_toml_edited_without_a_commit(make_corpus: Any, tmp_path: Path) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    assert build_site(corpus, out).files_written == 0  # nothing changed: the quick path
    toml = corpus.root / "documents/xx/compute-plan/document.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("National Compute Plan", "National Compute Strategy"),
        encoding="utf-8",
    )
    result = build_site(corpus, out)
    assert result.documents_planned == ("xx/compute-plan",)
    assert "National Compute Strategy" in read(out, "documents/xx/compute-plan/index.html")


def test_technical_revisions_never_appear(make_corpus: Any, tmp_path: Path) -> None:
    from tests.test_site_support import add_revision

    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    add_revision(
        corpus,
        tmp_path,
        "xx/compute-plan",
        EN_3.replace("stay text.", "stay as text."),
        "2026-04-01",
        "Re-normalized",
        technical=True,
    )
    build_site(corpus, out)
    assert not (out / "documents/xx/compute-plan/2026-04-01.html").exists()
    assert "2026-04-01" not in read(out, "feed.xml") and "Re-normalized" not in read(out, "feed.xml")
    assert "2026-04-01" not in read(out, "documents/xx/compute-plan/index.html")


def test_corpus_templates_override_the_theme_and_strict_fails_on_a_broken_link(
    make_corpus: Any, tmp_path: Path
) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    templates = corpus.root / "templates"
    templates.mkdir()
    (templates / "data.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Our data</h1>'
        "<a href=\"{{ url('nowhere.html') }}\">x</a>{% endblock %}",
        encoding="utf-8",
    )
    out = tmp_path / "public"
    result = build_site(corpus, out)
    assert "<h1>Our data</h1>" in read(out, "data.html")
    assert result.warnings == ["data.html: broken link nowhere.html"]
    with pytest.raises(SiteBuildError, match="strict"):
        build_site(corpus, tmp_path / "strict-out", strict=True)


def test_theme_pages_are_link_checked_in_the_parts_they_render(make_corpus: Any, tmp_path: Path) -> None:
    from tests.test_site_support import add_revision

    corpus = build_sample_corpus(make_corpus, tmp_path)
    templates = corpus.root / "templates"
    templates.mkdir()
    parts = (ROOT / "site" / "templates" / "_theme_parts.html").read_text(encoding="utf-8")
    broken = "<a href=\"{{ url('missing-' ~ row.doc.id|replace('/', '-') ~ '.html') }}\">x</a>"
    (templates / "_theme_parts.html").write_text(
        parts.replace("<td>{{ row.weight|num }}</td>", "<td>{{ row.weight|num }}" + broken + "</td>"),
        encoding="utf-8",
    )
    out = tmp_path / "public"
    first = build_site(corpus, out)
    assert "themes/compute-infrastructure.html: broken link ../missing-xx-compute-plan.html" in first.warnings
    new_text = "# AI推進計画\n\n## 第1章 計算基盤\n\n政府は国内の計算基盤を整備する。\n"
    add_revision(corpus, tmp_path, "jp/ai-plan", new_text, "2026-03-01", "第2次改定")
    again = build_site(corpus, out)
    theme_warnings = [w for w in again.warnings if w.startswith("themes/compute-infrastructure.html")]
    # the kept part of the unchanged document was checked when it was made; the new one is checked now
    assert theme_warnings == ["themes/compute-infrastructure.html: broken link ../missing-jp-ai-plan.html"]


def test_a_theme_page_shows_its_kept_parts_however_a_template_uses_them(
    make_corpus: Any, tmp_path: Path
) -> None:
    """A theme page is rendered with placeholders where its (large, kept) rows and moves go;
    a template override that shows them twice, or tests them only, still gets them as text."""
    corpus = build_sample_corpus(make_corpus, tmp_path)
    packaged = tmp_path / "packaged"
    build_site(corpus, packaged)
    page = read(packaged, "themes/compute-infrastructure.html")
    assert "\x00" not in page and "<tbody>" in page and "No document carries this theme" not in page
    templates = corpus.root / "templates"
    templates.mkdir()
    theme = (ROOT / "site" / "templates" / "theme.html").read_text(encoding="utf-8")
    (templates / "theme.html").write_text(
        theme.replace("{{ rows_html }}", "{{ rows_html }}{{ rows_html }}").replace(
            "{{ moves_html }}", "{% if moves_html %}moved{% endif %}"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "public"
    build_site(corpus, out)
    twice = read(out, "themes/compute-infrastructure.html")
    rows = page.split("<tbody>")[1].split("</tbody>")[0].strip()
    assert rows and twice.count(rows) == 2 and "\x00" not in twice and "moved" in twice


# -- CLI -----------------------------------------------------------------------------------------


def test_cli_build_says_how_many_files_it_wrote(built: dict[str, Any], tmp_path: Path) -> None:
    from tracker.cli import main

    out = tmp_path / "cli-out"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(built["corpus"].root), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert re.search(r"wrote \d+ files to .*cli-out \(0 unchanged, 0 removed", first.output)
    second = runner.invoke(main, ["build", "--corpus", str(built["corpus"].root), "-o", str(out)])
    assert "wrote 0 files" in second.output
    assert "Example" in runner.invoke(main, ["build", "--help"]).output
    assert "Example" in runner.invoke(main, ["serve", "--help"]).output


def test_cli_errors_are_one_line(built: dict[str, Any], tmp_path: Path) -> None:
    from tracker.cli import main

    runner = CliRunner()
    missing = runner.invoke(main, ["build", str(tmp_path / "no-corpus-here"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 1 and missing.output.startswith("error: ")
    assert "Traceback" not in missing.output
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(main, ["build", str(built["corpus"].root), "-o", str(foreign)])
    assert refused.exit_code == 1 and "not made by tracker build" in refused.output
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_a_build_leaves_its_model_to_reference_counting(built: dict[str, Any]) -> None:
    """No reference cycle (a Jinja macro module, an environment global) may hold the site
    model: the cyclic collector would then walk all of it after every build."""
    import gc

    from tracker.site.model import DocumentEntry, RevisionEntry, SiteModel

    corpus, out = built["corpus"], built["out"]
    (out / "index.html").unlink()  # not the quick no-change path: gather and render
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        build_site(corpus, out, base_url="https://example.org/plans/")
        gc.collect()
        held = [o for o in gc.garbage if isinstance(o, SiteModel | DocumentEntry | RevisionEntry)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert held == []


def test_diff_workers_make_the_same_site_and_a_threaded_build_never_forks(
    make_corpus: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes compute a first build's reports and write the documents' own files;
    the site and the build state are byte-identical to those of a single-process build, and
    the next build finds nothing to do. A build running beside other threads (tracker serve)
    does not fork: it does everything itself."""
    import threading

    from tracker.site import parallel

    corpus = build_sample_corpus(make_corpus, tmp_path)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_REPORTS", 1)  # the sample corpus needs only a few
    monkeypatch.setattr(parallel, "MIN_PARALLEL_FILES", 1)
    alone = build_site(corpus, tmp_path / "alone", jobs=1)
    assert alone.workers == 0 and alone.differ_seconds > 0
    # in a process of its own, which has no other thread whatever ran before in this one
    forked = _build_in_a_fresh_process(corpus.root, tmp_path / "forked", jobs=2)
    assert forked["workers"] == 2 and forked["differ_seconds"] > 0
    assert forked["reports_computed"] == alone.reports_computed and forked["warnings"] == alone.warnings
    assert site_files(tmp_path / "forked") == site_files(tmp_path / "alone")

    def state(site: Path) -> dict[str, bytes]:
        cache = state_dir(site)
        return {
            p.relative_to(cache).as_posix(): p.read_bytes()
            for p in sorted(cache.rglob("*"))
            if p.is_file() and p.name != "build.lock"
        }

    assert state(tmp_path / "forked") == state(tmp_path / "alone")  # reports, digests, memo, state.json
    (tmp_path / "forked" / "index.html").unlink()  # not the quick no-change path
    again = build_site(corpus, tmp_path / "forked", jobs=2)
    assert again.written == ("index.html",) and again.documents_planned == ()
    results: list[Any] = []
    thread = threading.Thread(
        target=lambda: results.append(build_site(corpus, tmp_path / "threaded", jobs=2))
    )
    blocker = threading.Event()
    other = threading.Thread(target=blocker.wait)  # the build's thread is not the only one
    other.start()
    try:
        thread.start()
        thread.join(60)
    finally:
        blocker.set()
        other.join(10)
    assert results and results[0].workers == 0
    assert site_files(tmp_path / "threaded") == site_files(tmp_path / "alone")


def _build_in_a_fresh_process(root: Path, out: Path, jobs: int) -> dict[str, Any]:
    """build_site in a new Python process (free to fork its workers), its result as a dict."""
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom tracker.corpus import Corpus\n"
        "from tracker.site import build_site, parallel\n"
        "parallel.MIN_PARALLEL_REPORTS = parallel.MIN_PARALLEL_FILES = 1\n"
        "r = build_site(Corpus(Path(sys.argv[1])), Path(sys.argv[2]), jobs=int(sys.argv[3]))\n"
        "print(json.dumps({'workers': r.workers, 'differ_seconds': r.differ_seconds,"
        " 'reports_computed': r.reports_computed, 'warnings': r.warnings}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(root), str(out), str(jobs)], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


def test_serve_serves_the_site_and_rebuilds_on_a_new_revision(make_corpus: Any, tmp_path: Path) -> None:
    import threading
    import urllib.request

    from tests.test_site_support import add_revision
    from tracker.site.serve import serve

    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "served"
    messages: list[str] = []
    builds: list[Any] = []
    ready, stop, rebuilt = threading.Event(), threading.Event(), threading.Event()

    def on_build(result: Any) -> None:
        builds.append(result)
        if len(builds) >= 2:
            rebuilt.set()

    thread = threading.Thread(
        target=serve,
        args=(corpus, out),
        kwargs={"port": 0, "log": messages.append, "on_build": on_build, "ready": ready, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        assert ready.wait(30), messages
        url = re.search(r"http://127\.0\.0\.1:\d+/", " ".join(messages))
        assert url, messages
        with urllib.request.urlopen(url.group(0) + "index.html") as response:
            assert response.status == 200 and b"Site test corpus" in response.read()
        add_revision(
            corpus,
            tmp_path,
            "jp/ai-plan",
            "# AI推進計画\n\n政府は計算基盤を整備する。\n",
            "2026-05-01",
            "改定",
        )
        assert rebuilt.wait(30), messages
        with urllib.request.urlopen(url.group(0) + "documents/jp/ai-plan/2026-05-01.html") as response:
            assert response.status == 200
    finally:
        stop.set()
        thread.join(10)


def test_chart_geometry_scales_series_and_keeps_end_labels_inside() -> None:
    from tracker.site.chart import build_chart

    chart = build_chart(
        "t", ["2025-01-01", "2025-06-01", "2026-01-01"], [("a", [0, 3, 6]), ("b", [2, None, 2])]
    )
    a, b = chart.series
    assert [p.value for p in a.points] == [0, 3, 6] and len(b.points) == 2  # None leaves a gap
    assert a.points[0].y > a.points[1].y > a.points[2].y  # larger weights are drawn higher
    assert a.points[0].x == chart.plot_left and a.points[-1].x == chart.plot_right
    assert [t.anchor for t in chart.x_ticks] == ["start", "middle", "end"]
    assert chart.y_ticks[-1].label == "6" and a.color != b.color and a.dash != b.dash
    assert build_chart("t", ["2025-01-01"], [("none", [0])]).empty


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.sampled_from(["a", "b", "c", "same", "same"]),  # repeated labels: ties keep doc order
                    st.dictionaries(
                        st.integers(min_value=0, max_value=max(n - 1, 0)),
                        st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5, 7.0, -1.0]),
                        max_size=n,
                    ),
                ),
                max_size=14,
            ),
        )
    )
)
def test_sparse_series_are_ranked_as_their_dense_lists_are(case: tuple[int, list[Any]]) -> None:
    """Theme pages rank one sparse series per document; the choice and order must be what
    build_chart makes of the same series written out in full."""
    from tracker.site.chart import SparseStats, drawn_series, drawn_sparse_by_stats, drawn_sparse_series

    n, sparse = case
    dense = [(label, [points.get(i) for i in range(n)]) for label, points in sparse]
    expected = [(label, list(values)) for label, values in drawn_series(dense)]
    assert drawn_sparse_series(sparse, n) == expected
    # ... and from each series' stats alone (kept per document), its points made only if drawn
    by_stats = [(label, SparseStats.of(points), lambda points=points: points) for label, points in sparse]
    assert drawn_sparse_by_stats(by_stats, list(range(n))) == expected


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_json_values, max_size=5))
def test_json_items_kept_per_document_join_into_what_dump_json_writes(items: list[Any]) -> None:
    """changes.json is joined from per-document parts; its bytes must be those of one dump."""
    from tracker.site.api import dump_json, json_list_items

    joined = json_list_items(items, depth=2)
    body = b"[\n" + joined + b"\n  ]" if items else b"[]"
    assert b'{\n  "schema": "s",\n  "changes": ' + body + b"\n}\n" == dump_json(
        {"schema": "s", "changes": items}
    )


def test_corpus_wide_json_assembled_from_kept_items_is_the_whole_serialised(built: dict[str, Any]) -> None:
    """api/themes.json is joined from each document's serialised items (kept between builds):
    the same bytes as serialising the whole, with and without kept items, and with a theme
    that no document carries."""
    from tracker.site import views
    from tracker.site.api import ApiPlanner, dump_json
    from tracker.site.environment import Theme
    from tracker.site.gather import Gatherer
    from tracker.site.inputs import BuildInputs
    from tracker.site.reports import ReportStore

    corpus, out = built["corpus"], built["out"]
    gatherer = Gatherer(corpus, ReportStore(state_dir(out)), {}, jobs=1)
    model = gatherer.gather()
    assert any(not d.documents for d in views.directions(model))
    kept: dict[str, dict[str, Any]] = {}

    def memo(doc_id: str, changing: bool = False) -> dict[str, Any]:
        return kept.setdefault(doc_id, {})

    def planner() -> ApiPlanner:
        inputs = BuildInputs(
            model=model,
            theme=Theme(override=corpus.root),
            report=gatherer.report_by_key,
            report_bytes=gatherer.report_bytes,
            text=gatherer.text_of,
            source=lambda rev: corpus.source_path(gatherer.by_commit[rev.commit]),
            warn=lambda message: None,
            memo=memo,
            signatures={d.id: f"signature of {d.id}" for d in model.documents},
        )
        return ApiPlanner(inputs)

    whole = dump_json(planner().themes_data())
    assert planner().themes_json() == whole  # made anew, and kept
    assert all("theme_points" in parts for parts in kept.values())
    assert planner().themes_json() == whole  # from the kept items
    assert (out / "api/themes.json").read_bytes() == whole


def test_a_kept_entry_reads_back_as_the_entry_it_was_made_from(built: dict[str, Any]) -> None:
    """The state database keeps each document's model entry: read back, it equals the one
    gathered (digests, lazily read change records, the themes kept with it) and encodes to
    the same bytes; damaged bytes are refused, so the document is gathered anew."""
    from tracker.site.gather import Gatherer
    from tracker.site.model import DocumentEntry
    from tracker.site.reports import ReportStore
    from tracker.site.statedb import decode_entry, encode_entry

    corpus, out = built["corpus"], built["out"]
    model = Gatherer(corpus, ReportStore(state_dir(out)), {}, jobs=1).gather()
    assert model.documents
    for doc in model.documents:
        pairs = [(rev.report_key, None, rev.commit) for rev in doc.revisions]
        blob = encode_entry(doc, pairs)
        back, back_pairs = decode_entry(blob)
        assert back == doc and back_pairs == pairs
        assert [r.digest.changes for r in back.revisions] == [r.digest.changes for r in doc.revisions]
        assert back.theme_ids == DocumentEntry.theme_ids.func(back)  # kept, and as computed
        assert back.carried_themes == DocumentEntry.carried_themes.func(back)
        assert encode_entry(back, back_pairs) == blob
        with pytest.raises(ValueError):
            decode_entry(blob[: len(blob) // 2])


def test_a_damaged_state_database_is_made_again(make_corpus: Any, tmp_path: Path) -> None:
    """state.sqlite is the build's own cache: garbage in its place, or a row that is not an
    entry, makes the build gather those documents anew, with the same site and no error."""
    from tests.test_site_support import add_revision

    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    expected = site_files(out)
    db = state_dir(out) / "state.sqlite"
    db.write_bytes(b"not a database" * 100)
    add_revision(
        corpus, tmp_path, "jp/ai-plan", "# AI推進計画\n\n政府は計算基盤を整備する。\n", "2026-03-01", "改定"
    )
    again = build_site(corpus, out)
    assert set(again.documents_planned) == {"jp/ai-plan"} and not again.warnings
    assert set(state_rows(out, "entries")) == {d.id for d in corpus.documents()}  # all gathered anew
    with sqlite3.connect(db) as con:
        con.execute("UPDATE entries SET data = ? WHERE id = 'xx/compute-plan'", (b"\x00garbage",))
    con.close()
    (out / "index.html").unlink()  # not the no-change path
    third = build_site(corpus, out)
    assert not third.warnings and third.reports_computed == 0
    fresh = tmp_path / "fresh"
    build_site(corpus, fresh)
    assert site_files(out) == site_files(fresh) and set(expected) <= set(site_files(out))
