"""Golden pages: the built site of the sample corpus, byte for byte, for a few files of each type.

A difference fails with a diff. Regenerate, only on purpose, after checking the diff:

    TRACKER_UPDATE_GOLDEN=1 pytest tests/test_site_golden.py

The goldens pin the site's rendering of given differ reports. `inputs.sha256` records a
hash of every report the differ produced for the sample corpus; when the differ itself
changes its output, the site's input has changed and the test fails with the command to
regenerate them: a change of the differ is a change of the pages, to be looked at.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import UPDATE_GOLDEN, match_golden
from tests.test_site_support import pinned_sample_corpus

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
FILES = (
    "index.html",
    "documents/xx/compute-plan/index.html",
    "documents/xx/compute-plan/2026-02-01.html",
    "documents/xx/compute-plan/compare/2025-01-15--2026-02-01.html",
    "documents/jp/ai-plan/2025-12-20.html",
    "themes/index.html",
    "feed.xml",
    "documents/jp/ai-plan/feed.xml",
    "api/index.json",
    "api/documents/xx/compute-plan.json",
    "api/commitment-changes.csv",
    "search/jp/ai-plan.js",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from tracker.site import build_site

    tmp = tmp_path_factory.mktemp("golden")
    # the corpus's first commit is pinned too, so the goldens' commit ids are stable
    with pinned_sample_corpus(tmp, user="Golden", email="golden@example.org",
                              author_date="2026-01-01T00:00:00+0000") as corpus:
        out = tmp / "public"
        build_site(corpus, out, base_url="https://example.org/plans/")
        yield out


def golden_path(rel: str) -> Path:
    return GOLDEN / rel.replace("/", "__")


INPUTS = GOLDEN / "inputs.sha256"


def reports_hash(site: Path) -> str:
    """A hash of every diff report the build used (the differ's output, the site's input)."""
    digest = hashlib.sha256()
    from tracker.site.output import state_dir

    for path in sorted((state_dir(site) / "reports").glob("*.json")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def same_inputs(site: Path) -> None:
    current = reports_hash(site)
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        INPUTS.write_text(current + "\n", encoding="utf-8")
        return
    recorded = INPUTS.read_text(encoding="utf-8").strip() if INPUTS.is_file() else None
    if recorded != current:  # a change of input is a change of the pages: look at it, never skip it
        pytest.fail(
            "the differ's reports for the sample corpus changed since the goldens were made; check the site "
            "and regenerate: TRACKER_UPDATE_GOLDEN=1 pytest tests/test_site_golden.py"
        )


@pytest.mark.parametrize("rel", FILES)
def test_page_matches_golden(site: Path, same_inputs: None, rel: str) -> None:
    actual = (site / rel).read_text(encoding="utf-8")
    target = golden_path(rel)
    match_golden(
        actual, target, test_file=__file__, name=f"{rel} ({target.name})", produced="built", context=2
    )


def test_golden_folder_holds_only_current_files() -> None:
    expected = {golden_path(rel).name for rel in FILES} | {INPUTS.name}
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    assert present <= expected, f"stale golden files: {sorted(present - expected)}"
    assert UPDATE_GOLDEN or present == expected
