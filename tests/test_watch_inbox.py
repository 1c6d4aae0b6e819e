"""The inbox's naming rules: which files are taken, and which document, date and label each one is."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tracker.watch.inbox import (
    DropRejected,
    candidate,
    is_ignored_name,
    pending_files,
    read_drop,
)


@pytest.mark.parametrize("name", [
    "draft.pdf.part", "draft.pdf.crdownload", "draft.tmp", "~$draft.docx", ".draft.md.swp",
    ".hidden.md", "draft.md~", "#draft.md#", ".#draft.md", "4913", "Thumbs.db", ".DS_Store",
    "draft.pdf.partial", "report.docx.TMP",
])
def test_temporary_and_partial_names_are_ignored(name: str) -> None:
    assert is_ignored_name(name)


@pytest.mark.parametrize("name", ["2026-06-30--revised-draft.pdf", "2026-06-30.md",
                                  "2026-06-30--改定案.docx"])
def test_final_names_are_taken(name: str) -> None:
    assert not is_ignored_name(name)


def _put(inbox: Path, rel: str, text: str = "x") -> Path:
    path = inbox / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_name_gives_date_and_label(tmp_path: Path) -> None:
    path = _put(tmp_path, "jp/ai-basic-plan/2026-06-30--revised-draft.pdf")
    drop = read_drop(tmp_path, path)
    assert (drop.doc_id, drop.date) == ("jp/ai-basic-plan", datetime.date(2026, 6, 30))
    assert drop.label == "Revised draft"
    assert drop.relpath == "jp/ai-basic-plan/2026-06-30--revised-draft.pdf"
    assert drop.status is None and drop.sidecar is None


def test_japanese_label_is_kept_as_written(tmp_path: Path) -> None:
    path = _put(tmp_path, "jp/ai-basic-plan/2026-06-30--改定案.md")
    assert read_drop(tmp_path, path).label == "改定案"


def test_sidecar_overrides_label_and_adds_metadata(tmp_path: Path) -> None:
    path = _put(tmp_path, "us/ai-action-plan/2025-07-23--final.md")
    _put(tmp_path, "us/ai-action-plan/2025-07-23--final.md.toml",
         'label = "Released plan"\nstatus = "adopted"\nsource_url = "https://example.org/plan"\n'
         'title = "Action Plan"\nlanguage = "en"\n')
    drop = read_drop(tmp_path, path)
    assert drop.label == "Released plan"
    assert drop.status == "adopted"
    assert drop.source_url == "https://example.org/plan"
    assert (drop.title, drop.language) == ("Action Plan", "en")
    assert drop.sidecar == path.with_name(path.name + ".toml")


def test_sidecar_can_give_the_date_a_name_cannot(tmp_path: Path) -> None:
    path = _put(tmp_path, "eu/ai-continent/draft.md")
    _put(tmp_path, "eu/ai-continent/draft.md.toml", "date = 2025-04-09\n")
    assert read_drop(tmp_path, path).date == datetime.date(2025, 4, 9)


@pytest.mark.parametrize(("rel", "sidecar", "expected"), [
    ("jp/ai-basic-plan/draft.pdf", None, "revision date is missing"),
    ("jp/ai-basic-plan/draft.pdf", "label = 'x'\n", "draft.pdf.toml has no `date`"),
    ("jp/ai-basic-plan/2026-02-30--x.md", None, "not a calendar date"),
    ("jp/ai-basic-plan/30-06-2026.md", None, "revision date is missing"),
    ("jp/ai-basic-plan/2026-6-30.md", None, "not written YYYY-MM-DD"),
    ("2026-06-30.md", None, "<inbox>/<jurisdiction>/<slug>/"),
    ("jp/2026-06-30.md", None, "1 folder(s) deep"),
    ("jp/ai-basic-plan/extra/2026-06-30.md", None, "3 folder(s) deep"),
    ("jp/ai-basic-plan/2026-06-30", None, "no extension"),
    ("jp/ai-basic-plan/2026-06-30.md", "lable = 'x'\n", "did you mean 'label'"),
    ("jp/ai-basic-plan/2026-06-30.md", "status = 'final'\n", "expected one of draft"),
    ("jp/ai-basic-plan/2026-06-30.md", "label = \n", "not valid TOML"),
    ("jp/ai-basic-plan/2026-06-30.md", "date = 2026-07-01\n", "make them agree"),
    ("jp/ai-basic-plan/2026-06-30.md", "label = 3\n", "must be a non-empty string"),
])
def test_unclear_files_are_rejected_with_what_is_missing(
        tmp_path: Path, rel: str, sidecar: str | None, expected: str) -> None:
    path = _put(tmp_path, rel)
    if sidecar is not None:
        _put(tmp_path, rel + ".toml", sidecar)
    with pytest.raises(DropRejected) as info:
        read_drop(tmp_path, path)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message


def test_reason_suggests_a_name(tmp_path: Path) -> None:
    path = _put(tmp_path, "jp/ai-basic-plan/Revised Draft.pdf")
    with pytest.raises(DropRejected, match=r"YYYY-MM-DD--revised-draft\.pdf"):
        read_drop(tmp_path, path)


def test_candidates_skip_done_rejected_hidden_and_map_sidecars(tmp_path: Path) -> None:
    file = _put(tmp_path, "jp/plan/2026-01-01.md")
    side = _put(tmp_path, "jp/plan/2026-01-01.md.toml", "label = 'a'\n")
    assert candidate(tmp_path, file) == file
    assert candidate(tmp_path, side) == file
    for rel in ("_done/jp/plan/2026-01-01.md", "_rejected/jp/plan/x.md", ".git/x.md",
                "jp/plan/2026-01-01.md.part", "jp/plan/x.md.reason.txt"):
        assert candidate(tmp_path, tmp_path / rel) is None, rel
    assert candidate(tmp_path, tmp_path.parent / "elsewhere.md") is None


def test_pending_files_are_sorted_and_exclude_sidecars_and_litter(tmp_path: Path) -> None:
    for rel in ("jp/plan/2026-02-01.md", "eu/act/2024-01-01.md", "jp/plan/2026-01-01.md",
                "jp/plan/2026-01-01.md.toml", "jp/plan/.2026-03-01.md.swp", "_done/jp/plan/2025-01-01.md",
                "_rejected/a.md", "jp/plan/2026-04-01.pdf.crdownload", "jp/plan/orphan.md.toml"):
        _put(tmp_path, rel)
    assert [p.relative_to(tmp_path).as_posix() for p in pending_files(tmp_path)] == [
        "eu/act/2024-01-01.md", "jp/plan/2026-01-01.md", "jp/plan/2026-02-01.md"]
