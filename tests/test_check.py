"""`tracker check`: each problem it exists to catch, made for real in a temporary corpus."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import tracker.ingest as ingest
from tracker.check import CheckReport, check_corpus, render_text
from tracker.cli import main
from tracker.corpus import Corpus
from tracker.errors import TrackerError

FIRST = """# Compute plan

## 1. Compute

The Government will build three national AI data centres by 2028.
The Ministry will consider tax credits for private compute.

## 2. Talent

The Government aims to train 10,000 AI engineers by 2030.
"""

SECOND = FIRST.replace("three national AI data centres by 2028", "four national AI data centres by 2029")

METADATA = {
    "title": "Compute plan",
    "jurisdiction": "XX",
    "language": "en",
    "issuer": "Ministry of Digital Affairs",
    "illustrative": "true",
}


def _add(corpus: Corpus, source: Path, day: str, label: str, **kwargs: Any) -> None:
    result = corpus.add(
        "xx/compute-plan",
        source,
        date=datetime.date.fromisoformat(day),
        label=label,
        status="adopted",
        metadata=METADATA,
        **kwargs,
    )
    assert result.revision is not None, result.message


@pytest.fixture
def corpus(make_corpus: Callable[..., Corpus], source_file: Callable[[str, str], Path]) -> Corpus:
    made = make_corpus()
    _add(made, source_file("first.md", FIRST), "2025-03-01", "First edition")
    _add(made, source_file("second.md", SECOND), "2025-09-01", "Second edition")
    return made


@contextmanager
def normalizer_0() -> Iterator[None]:
    """Record as an older normalizer would have: version "0", whole paragraphs on one line."""
    original, version = ingest.ingest_file, ingest.NORMALIZER_VERSION

    def old(path: Path, language: str | None = None) -> ingest.Ingested:
        result = original(path, language=language)
        joined = result.text.replace(".\nThe ", ". The ")
        assert joined != result.text
        return dataclasses.replace(result, text=joined)

    ingest.ingest_file = old  # type: ignore[assignment]
    ingest.NORMALIZER_VERSION = "0"
    try:
        yield
    finally:
        ingest.ingest_file = original  # type: ignore[assignment]
        ingest.NORMALIZER_VERSION = version


def codes(report: CheckReport, severity: str | None = None) -> list[str]:
    return [f.code for f in report.findings if severity is None or f.severity == severity]


def test_a_sound_corpus_passes(corpus: Corpus) -> None:
    report = check_corpus(corpus)
    assert report.findings == ()
    assert (report.documents, report.revisions) == (1, 2)
    assert report.ok(strict=True)
    assert render_text(report).endswith("no problems found\n")


def test_check_reads_and_never_writes(corpus: Corpus, snapshot: Callable[[Path], object]) -> None:
    (corpus.root / "sources" / "stray.txt").write_text("left here\n", encoding="utf-8")
    before = snapshot(corpus.root)
    check_corpus(corpus)
    assert snapshot(corpus.root) == before


def test_a_changed_source_fails_its_sha256(corpus: Corpus) -> None:
    rev = corpus.resolve("xx/compute-plan@1")
    path = corpus.source_path(rev)
    path.write_bytes(path.read_bytes() + b"\nAn extra line.\n")
    report = check_corpus(corpus)
    assert codes(report, "error") == ["source-mismatch"]
    assert report.findings[0].ref == rev.ref
    assert not report.ok()


def test_a_missing_source_is_an_error(corpus: Corpus) -> None:
    rev = corpus.resolve("xx/compute-plan@latest")
    corpus.source_path(rev).unlink()
    report = check_corpus(corpus)
    assert codes(report, "error") == ["source-missing"]
    assert corpus.source_path(rev).name in report.findings[0].message


def test_incomplete_metadata_is_named(corpus: Corpus) -> None:
    toml = corpus.root / "documents" / "xx" / "compute-plan" / "document.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("language")]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_corpus(corpus)
    assert codes(report) == ["metadata-incomplete"]
    assert "no language" in report.findings[0].message
    assert "tracker meta xx/compute-plan --language" in report.findings[0].message


def test_what_add_accepts_check_accepts(
    make_corpus: Callable[..., Corpus], source_file: Callable[[str, str], Path]
) -> None:
    """add and check share one definition of a document's required fields: a document added with
    only what add asks for (no issuer, no series) passes check, and what add refuses, check reports."""
    made = make_corpus()
    result = made.add(
        "xx/compute-plan", source_file("first.md", FIRST), date=datetime.date(2025, 3, 1), label="First"
    )
    assert result.revision is not None
    report = check_corpus(made)
    assert report.findings == () and report.ok(strict=True)
    untitled = source_file("untitled.md", "The Government will build two data centres by 2030.\n")
    with pytest.raises(TrackerError, match="needs title.*pass --title"):
        made.add("xx/other-plan", untitled, date=datetime.date(2025, 3, 1), label="First")
    assert made.document_ids() == ["xx/compute-plan"]


def test_wrong_jurisdiction_and_illustrative_type(corpus: Corpus) -> None:
    toml = corpus.root / "documents" / "xx" / "compute-plan" / "document.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('jurisdiction = "XX"', 'jurisdiction = "JP"').replace(
        "illustrative = true", 'illustrative = "yes"'
    )
    toml.write_text(text, encoding="utf-8")
    assert sorted(codes(check_corpus(corpus))) == ["metadata-inconsistent", "metadata-invalid"]


def test_a_hand_edited_text_is_caught(corpus: Corpus) -> None:
    text_md = corpus.root / "documents" / "xx" / "compute-plan" / "text.md"
    text_md.write_text(text_md.read_text(encoding="utf-8").replace("four", "five"), encoding="utf-8")
    report = check_corpus(corpus)
    assert codes(report) == ["text-edited"]
    assert "line 5" in report.findings[0].message


def test_future_dates_are_errors(corpus: Corpus) -> None:
    report = check_corpus(corpus, today=datetime.date(2025, 6, 30))
    assert codes(report) == ["future-date"]
    assert report.findings[0].ref == corpus.resolve("xx/compute-plan@latest").ref


def test_an_orphaned_source_is_a_warning(corpus: Corpus) -> None:
    (corpus.root / "sources" / ("0" * 64 + ".md")).write_text("nobody's\n", encoding="utf-8")
    report = check_corpus(corpus)
    assert codes(report, "warning") == ["source-orphaned"]
    assert report.ok() and not report.ok(strict=True)


def test_text_from_an_older_normalizer_asks_for_a_technical_revision(
    make_corpus: Callable[..., Corpus], source_file: Callable[[str, str], Path]
) -> None:
    corpus = make_corpus()
    source = source_file("first.md", FIRST)
    with normalizer_0():
        _add(corpus, source, "2025-03-01", "First edition")
    report = check_corpus(corpus)
    assert codes(report) == ["technical-revision-due"]
    assert report.findings[0].severity == "warning"
    assert "--technical --date 2025-03-01" in report.findings[0].message

    _add(corpus, source, "2025-03-01", "First edition (re-normalized)", technical=True)
    assert check_corpus(corpus).findings == ()


def test_older_history_is_only_noted(
    make_corpus: Callable[..., Corpus], source_file: Callable[[str, str], Path]
) -> None:
    corpus = make_corpus()
    with normalizer_0():
        _add(corpus, source_file("first.md", FIRST), "2025-03-01", "First edition")
    _add(corpus, source_file("second.md", SECOND), "2025-09-01", "Second edition")
    report = check_corpus(corpus)
    assert codes(report) == ["older-normalizer"]
    assert report.ok(strict=True)
    assert "older-normalizer" not in render_text(report)
    assert "older-normalizer" in render_text(report, show_notes=True)


def test_a_text_the_same_normalizer_cannot_reproduce_is_an_error(
    make_corpus: Callable[..., Corpus], source_file: Callable[[str, str], Path]
) -> None:
    corpus = make_corpus()
    original = ingest.ingest_file

    def tampered(path: Path, language: str | None = None) -> ingest.Ingested:
        result = original(path, language=language)
        return dataclasses.replace(result, text=result.text.replace("10,000", "20,000"))

    ingest.ingest_file = tampered  # type: ignore[assignment]
    try:
        _add(corpus, source_file("first.md", FIRST), "2025-03-01", "First edition")
    finally:
        ingest.ingest_file = original  # type: ignore[assignment]
    report = check_corpus(corpus)
    assert codes(report) == ["text-not-reproducible"]
    assert "line 10" in report.findings[0].message


def test_quick_mode_skips_renormalizing(
    make_corpus: Callable[..., Corpus], source_file: Callable[[str, str], Path]
) -> None:
    corpus = make_corpus()
    with normalizer_0():
        _add(corpus, source_file("first.md", FIRST), "2025-03-01", "First edition")
    assert codes(check_corpus(corpus)) == ["technical-revision-due"]
    assert check_corpus(corpus, reproduce=False).findings == ()


# -- the command -------------------------------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_ok_and_json(corpus: Corpus) -> None:
    result = run("check", "--corpus", str(corpus.root))
    assert result.exit_code == 0
    assert result.output.startswith("ok: 1 documents, 2 revisions checked")
    data = json.loads(run("check", "--corpus", str(corpus.root), "--json").output)
    assert data["schema"] == "tracker.check/1"
    assert (data["ok"], data["errors"], data["revisions"]) == (True, 0, 2)


def test_cli_fails_with_one_line_per_problem(corpus: Corpus) -> None:
    corpus.source_path(corpus.resolve("xx/compute-plan@1")).write_bytes(b"changed\n")
    result = run("check", "--corpus", str(corpus.root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("error: xx/compute-plan@2025-03-01: sources/")
    assert lines[0].endswith("[source-mismatch]")
    assert lines[-1].startswith("FAILED: 1 documents, 2 revisions checked")


def test_cli_strict_fails_on_warnings(corpus: Corpus) -> None:
    (corpus.root / "sources" / "stray.txt").write_text("x\n", encoding="utf-8")
    assert run("check", "--corpus", str(corpus.root)).exit_code == 0
    assert run("check", "--corpus", str(corpus.root), "--strict").exit_code == 1


def test_cli_today_option(corpus: Corpus) -> None:
    result = run("check", "--corpus", str(corpus.root), "--today", "2025-06-30")
    assert result.exit_code == 1
    assert "[future-date]" in result.output
    bad = run("check", "--corpus", str(corpus.root), "--today", "someday")
    assert bad.exit_code == 1
    assert bad.output.startswith("error: ") and len(bad.output.strip().splitlines()) == 1


def test_cli_without_a_corpus_says_so(tmp_path: Path, chdir: Callable[[Path], None]) -> None:
    chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1
    assert result.output.startswith("error: no tracker corpus found")


def test_help_ends_with_an_example() -> None:
    assert (
        run("check", "--help").output.rstrip().splitlines()[-1].strip().startswith("Example: tracker check")
    )
