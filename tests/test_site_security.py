"""The site facing hostile documents and a shared build folder: nothing read back from the
build's state may run, the published folder holds only what is published, spreadsheets do
not read cells as formulas, bidi controls cannot spoof the page, the base URL is http(s),
text from a non-Markdown source shows as written, and a rebuild restores what is missing.

The browser half (dialogs, page width, rendering order) is tests/browser/test_hostile_site.py.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import html.parser
import io
import marshal
import pickle
import sqlite3
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner

from tests.test_site_support import HOSTILE_LABEL, RLO, build_hostile_corpus, build_sample_corpus
from tracker.site import SiteBuildError, build_site
from tracker.site.environment import PACKAGED_THEME
from tracker.site.links import check_site
from tracker.site.output import LEGACY_STATE_DIR, state_dir
from tracker.site.statedb import is_plain_marshal, plain_loads


def site_files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def add(
    corpus: Any, tmp_path: Path, doc_id: str, name: str, text: str, date: str, label: str, **kw: Any
) -> None:
    path = tmp_path / "inputs" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = corpus.add(doc_id, path, date=datetime.date.fromisoformat(date), label=label, **kw)
    assert result.revision is not None, result.message


# -- the build's state: beside the output, never code ----------------------------------------------


def test_the_published_folder_holds_only_the_site_and_the_state_lives_beside_it(
    make_corpus: Any, tmp_path: Path
) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    (out / LEGACY_STATE_DIR / "templates").mkdir(parents=True)  # as an older build left it
    (out / "index.html").write_text("old", encoding="utf-8")
    build_site(corpus, out)
    state = state_dir(out)
    assert state == tmp_path / "public.tracker-state"
    assert (state / "state.json").is_file() and (state / "state.sqlite").is_file()
    assert any((state / "reports").iterdir())
    hidden = [p for p in site_files(out) if any(part.startswith(".") for part in p.split("/"))]
    assert hidden == []  # no .tracker, no cache, no lock: only what is published
    assert not (out / LEGACY_STATE_DIR).exists()


def _plant_pickles(folder: Path, marker: Path) -> int:
    """A crafted pickle at each name Jinja's FileSystemBytecodeCache would read for the site's
    templates (and in a few other files), each creating `marker` when unpickled."""

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (exec, (f"open({str(marker)!r}, 'w').write('ran')",))

    payload = pickle.dumps(Payload())
    cache = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PACKAGED_THEME / "templates")))
    folder.mkdir(parents=True, exist_ok=True)
    names = env.list_templates()
    for name in names:
        _, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        key = cache.get_cache_key(name, filename)
        # what Jinja writes: its magic, then the pickled checksum, then marshalled code
        (folder / (cache.pattern % key)).write_bytes(jinja2.bccache.bc_magic + payload)
    for name in ("state.pickle", "templates.cache", "cache.pkl"):
        (folder / name).write_bytes(payload)
    return len(names)


def test_a_crafted_pickle_where_the_caches_lived_or_live_never_runs(make_corpus: Any, tmp_path: Path) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    marker = tmp_path / "pwned"
    planted = _plant_pickles(out / LEGACY_STATE_DIR / "templates", marker)
    planted += _plant_pickles(state_dir(out) / "templates", marker)
    assert planted > 10
    (out / "index.html").unlink()  # not the no-change path: templates are compiled
    build_site(corpus, out)
    (state_dir(out) / "state.json").unlink()  # a build from nothing kept
    build_site(corpus, out)
    assert not marker.exists()


def test_state_rows_holding_a_code_object_are_refused_before_marshal_reads_them(
    make_corpus: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.site import statedb

    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    expected = site_files(out)
    code = compile("open('pwned', 'w')", "state", "exec")
    poisoned = marshal.dumps(("tracker.site-state-db/8", code), 2)
    with sqlite3.connect(state_dir(out) / "state.sqlite") as con:
        con.execute("UPDATE entries SET data = ?", (poisoned,))
        con.execute("UPDATE memo SET data = ?", (marshal.dumps({"home_row": code}, 2),))
    con.close()
    loaded: list[Any] = []
    real_loads = marshal.loads
    monkeypatch.setattr(statedb.marshal, "loads", lambda data: loaded.append(real_loads(data)) or loaded[-1])
    (out / "index.html").unlink()
    result = build_site(corpus, out)
    assert site_files(out) == expected and not result.warnings

    def has_code(value: Any) -> bool:
        if isinstance(value, dict):
            return any(has_code(v) for v in [*value.keys(), *value.values()])
        if isinstance(value, (tuple, list)):
            return any(has_code(v) for v in value)
        return type(value) is type(code)

    assert not any(has_code(value) for value in loaded)


@pytest.mark.parametrize(
    "value",
    [None, True, 0, -1, 2**40, -(2**70), 1.5, "", "é ‮", b"\x00", (1, ("a", [b"b", {"k": None}])), {}, [], ()],
)
def test_plain_data_reads_back(value: Any) -> None:
    assert plain_loads(marshal.dumps(value, 2)) == value


@pytest.mark.parametrize(
    "blob",
    [
        marshal.dumps(compile("1", "x", "eval"), 2),
        marshal.dumps(("ok", [compile("1", "x", "eval")]), 2),
        marshal.dumps({1, 2}, 2),
        marshal.dumps(["a", "a"], 4),  # references: not what the state writes
        marshal.dumps(..., 2),
        marshal.dumps((1, 2), 2)[:-1],
        marshal.dumps(1, 2) + b"x",
        b"",
    ],
)
def test_anything_but_plain_data_is_refused(blob: bytes) -> None:
    assert not is_plain_marshal(blob)
    with pytest.raises(ValueError):
        plain_loads(blob)


def test_the_pages_workflow_never_restores_state_into_the_published_folder() -> None:
    workflow = (Path(__file__).resolve().parent.parent / "docs/examples/publish-pages.yml").read_text("utf-8")
    assert "public/.tracker" not in workflow and "public.tracker-state" in workflow
    assert "path: public\n" in workflow  # the build's output is uploaded as it is


# -- CSV cells ---------------------------------------------------------------------------------


def test_csv_cells_that_start_like_a_formula_are_neutralized(make_corpus: Any, tmp_path: Path) -> None:
    corpus = make_corpus(title="CSV corpus")
    first = (
        '## =HYPERLINK("http://evil.example","x")\n\n'
        "The Government will fund 10 centres by 2030.\n\n"
        "## -1 Budget\n\nThe Ministry will publish guidance by 2027.\n\n"
        "## @SUM(A1)\n\nThe Agency will hire 20 staff by 2028.\n"
    )
    second = first.replace("10 centres", "12 centres").replace("20 staff", "25 staff")
    add(corpus, tmp_path, "xx/csv", "c1.md", first, "2025-01-01", "First",
        metadata={"title": "CSV plan", "language": "en", "issuer": "X"})
    add(corpus, tmp_path, "xx/csv", "c2.md", second, "2025-06-01", "=cmd|' /C calc'!A0")
    out = tmp_path / "public"
    build_site(corpus, out)
    cells: list[str] = []
    for name in ("commitments.csv", "commitment-changes.csv"):
        rows = list(csv.reader(io.StringIO((out / "api" / name).read_text(encoding="utf-8"))))
        assert len(rows) > 1, name
        cells.extend(cell for row in rows for cell in row)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells
    assert "'=cmd|' /C calc'!A0" in cells  # the label column
    assert "'-1 Budget" in cells and "'@SUM(A1)" in cells


# -- bidi controls ---------------------------------------------------------------------------------

CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


class _IsolationCheck(html.parser.HTMLParser):
    """Text holding a bidi control that is not inside an element isolating it (dir or bdi)."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "col", "area", "base", "embed"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.exposed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(ch in CONTROLS for _, value in attrs for ch in value or ""):
            self.exposed.append(f"<{tag}> attribute")
        if tag not in self.VOID:
            self.stack.append(tag == "bdi" or any(name == "dir" for name, _ in attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(ch in CONTROLS for ch in data) and not any(self.stack):
            self.exposed.append(data.strip()[:60])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_site_support import pinned_git_identity

    tmp = tmp_path_factory.mktemp("hostile")
    with pinned_git_identity(tmp):
        corpus = build_hostile_corpus(tmp)
        out = tmp / "public"
        assert build_site(corpus, out).warnings == []
    return out


def test_bidi_controls_are_shown_in_labels_titles_and_targets_and_isolated_in_text(
    hostile_site: Path,
) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    exposed = {}
    for page in pages:
        check = _IsolationCheck()
        check.feed(page.read_text(encoding="utf-8"))
        if check.exposed:
            exposed[page.relative_to(hostile_site).as_posix()] = check.exposed
    assert exposed == {}
    timeline = (hostile_site / "documents/xx/hostile-md/index.html").read_text(encoding="utf-8")
    assert HOSTILE_LABEL.replace(RLO, "[U+202E]") in timeline and RLO not in timeline
    assert "Hostile [U+202E]nalp" in timeline  # the title
    revision = (hostile_site / "documents/xx/hostile-md/2025-07-01.html").read_text(encoding="utf-8")
    assert RLO not in revision.split("<main", 1)[0]  # the <title>
    assert "laboratories [U+202E]0302 yb" in revision  # a sentence says what it holds
    feed = (hostile_site / "documents/xx/hostile-md/feed.xml").read_text(encoding="utf-8")
    assert "Second [U+202E]noisiver" in feed


# -- text as written ----------------------------------------------------------------------------


def test_text_from_a_source_that_is_not_markdown_shows_as_written(hostile_site: Path) -> None:
    for doc, slug in (("hostile-text", "2025-03-01"), ("hostile-html", "2025-01-01")):
        page = (hostile_site / f"documents/xx/{doc}/{slug}.html").read_text(encoding="utf-8")
        assert "&#39;&#39;.__class__.__mro__" in page, doc
    text_page = (hostile_site / "documents/xx/hostile-text/2025-03-01.html").read_text(encoding="utf-8")
    assert "__init__ and *emphasis* as written" in text_page
    html_page = (hostile_site / "documents/xx/hostile-html/2025-01-01.html").read_text(encoding="utf-8")
    assert "*stars* and _under_ stay as written" in html_page
    pdf = (hostile_site / "documents/xx/hostile-pdf/2025-04-01.html").read_text(encoding="utf-8")
    assert "under __init__ and *stars*." in pdf
    docx = (hostile_site / "documents/xx/hostile-docx/2025-04-01.html").read_text(encoding="utf-8")
    assert "for &#39;&#39;.__class__ and ~~strike~~." in docx
    markdown = (hostile_site / "documents/xx/hostile-md/2025-02-01.html").read_text(encoding="utf-8")
    assert "publish the guidance by 2027" in markdown  # Markdown's own links and marks still read as such


# -- --base-url ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "not-a-url", "ftp://example.org/", "https://"])
def test_a_base_url_that_is_not_http_is_a_usage_error(make_corpus: Any, tmp_path: Path, url: str) -> None:
    from tracker.cli import main

    corpus = make_corpus()
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus.root), "-o", str(out), "--base-url", url])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "http(s)" in errors[0] and "warning" not in result.output
    assert not out.exists()
    with pytest.raises(Exception, match="invalid base URL"):
        build_site(corpus, out, base_url=url)


def test_an_http_base_url_is_accepted(make_corpus: Any, tmp_path: Path) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    result = build_site(corpus, tmp_path / "out", base_url="http://example.org/plans/")
    assert result.warnings == []


# -- incremental state ----------------------------------------------------------------------------


def test_a_rebuild_after_the_output_files_were_deleted_restores_every_one(
    make_corpus: Any, tmp_path: Path
) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = tmp_path / "public"
    build_site(corpus, out)
    expected = site_files(out)
    assert any(p.startswith("sources/") for p in expected)
    for path in out.rglob("*"):
        if path.is_file():
            path.unlink()
    build_site(corpus, out, strict=True)
    assert site_files(out) == expected and check_site(out) == []
    sources = [p for p in expected if p.startswith("sources/")]
    for rel in [*sources[:2], "documents/xx/compute-plan/2025-06-30.html"]:
        (out / rel).unlink()  # a few files only: the no-change path must notice them too
    build_site(corpus, out, strict=True)
    assert site_files(out) == expected


def test_strict_fails_with_one_line_per_broken_link(make_corpus: Any, tmp_path: Path) -> None:
    from tracker.cli import main

    corpus = build_sample_corpus(make_corpus, tmp_path)
    templates = corpus.root / "templates"
    templates.mkdir()
    (templates / "data.html").write_text(
        '{% extends "base.html" %}{% block main %}<a href="{{ url(\'nowhere.html\') }}">x</a>'
        "<a href=\"{{ url('gone/away.html') }}\">y</a>{% endblock %}",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(corpus.root), "-o", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[:2] == [
        "warning: data.html: broken link gone/away.html",
        "warning: data.html: broken link nowhere.html",
    ]
    assert len(lines) == 3 and "2 warnings" in lines[2] and "broken link" not in lines[2]
    with pytest.raises(SiteBuildError):
        build_site(corpus, tmp_path / "out", strict=True)


def test_a_state_folder_that_cannot_be_made_is_one_clear_error(make_corpus: Any, tmp_path: Path) -> None:
    from tracker.cli import main

    corpus = make_corpus()
    (tmp_path / "out.tracker-state").write_text("a file where the state folder goes", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus.root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: cannot make the build's state folder {tmp_path / 'out.tracker-state'} beside the output: "
        "File exists; choose an output folder whose parent you can write to with -o"
    ]


def test_a_base_url_in_tracker_toml_that_is_not_http_is_refused(make_corpus: Any, tmp_path: Path) -> None:
    from tracker.cli import main

    corpus = make_corpus()
    settings = corpus.root / "tracker.toml"
    hostile = 'title = "Test corpus"\n\n[site]\nbase_url = "javascript:alert(1)//"\n'
    settings.write_text(hostile, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus.root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: tracker.toml, [site] base_url: invalid base URL 'javascript:alert(1)//': "
        "expected an http(s) URL such as https://example.org/ai-plans/"
    ]
