"""The same text in any format gives the same commitments (issue: structure-invariant reading).

Every real text in <checkout>/../shared/realdocs (a 1,500-word excerpt; a text file is first
ingested to its Markdown) and a Japanese plan of our own are re-published as hard-wrapped text,
a PDF with running header/footer and page numbers, a DOCX and an HTML page (tests/republish.py),
and each is diffed against its Markdown as `tracker diff` reads files. bench/bench_invariance.py
prints the same figures for longer excerpts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from republish import FORMATS, JAPANESE_PLAN, REALDOCS, excerpt, republish

from tracker.file_diff import diff_files
from tracker.ingest import ingest_file

EXCERPT_WORDS = 1500
EO = "us/eo-14110-safe-secure-trustworthy-ai"


def _real_texts() -> list[Path]:
    if not REALDOCS.is_dir():
        return []
    return [p for p in sorted(REALDOCS.rglob("*")) if p.suffix in (".md", ".txt") and p.name != "SOURCES.md"]


def _markdown(path: Path) -> str:
    text = path.read_text(encoding="utf-8") if path.suffix == ".md" else ingest_file(path).text
    return excerpt(text, EXCERPT_WORDS)


def _changes(before: Path, after: Path) -> list[str]:
    report = diff_files(before, after).to_dict()
    return [
        f"{'+'.join(c['kinds'])}: {(c['before'] or {}).get('text', '-')[:80]} -> "
        f"{(c['after'] or {}).get('text', '-')[:80]}"
        for c in report["commitment_changes"]
    ]


def _cases() -> list[object]:
    cases: list[object] = []
    for path in [*_real_texts(), None]:
        name = str(path.relative_to(REALDOCS)) if path is not None else "own/japanese-plan"
        cases.extend(pytest.param(path, fmt, id=f"{name}-{fmt}") for fmt in FORMATS)
    return cases


@pytest.mark.parametrize(("path", "fmt"), _cases())
def test_a_text_reads_the_same_in_every_format(path: Path | None, fmt: str, tmp_path: Path) -> None:
    """At most 1 commitment change between a text's Markdown and its re-publication."""
    markdown = JAPANESE_PLAN if path is None else _markdown(path)
    source = tmp_path / "text.md"
    source.write_text(markdown, encoding="utf-8")
    other = tmp_path / f"text.{fmt}"
    other.write_bytes(republish(markdown, fmt))
    changes = _changes(source, other)
    assert len(changes) <= 1, changes


def test_the_real_documents_are_there_or_the_reason_is_said() -> None:
    if not REALDOCS.is_dir():
        pytest.skip(f"no real documents at {REALDOCS} (the shared folder beside the checkout)")
    assert _real_texts()


def test_the_executive_order_as_released_and_as_published_differs_by_at_most_3() -> None:
    pair = sorted((REALDOCS / EO).glob("*.txt")) if REALDOCS.is_dir() else []
    if len(pair) != 2:
        pytest.skip(f"the EO 14110 pair is not at {REALDOCS / EO}")
    changes = _changes(pair[0], pair[1])
    assert len(changes) <= 3, changes
