"""The sample corpus, built by scripts/build_sample_corpus.py into a temporary repository, tells its story.

One build per module (the build records every revision through `Corpus.add`);
each test reads it. The project's own `corpus/` is never touched.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tracker.check import check_corpus
from tracker.corpus import Corpus, Revision
from tracker.errors import CorpusError

REPO = Path(__file__).resolve().parent.parent
CHANGE_KINDS = {"added", "removed", "strengthened", "weakened", "target_changed", "actor_changed", "moved"}


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_script = _load("build_sample_corpus", REPO / "scripts" / "build_sample_corpus.py")
renderer = _load("render_originals", REPO / "samples" / "render_originals.py")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The sample corpus in a fresh repository, with git pinned as in conftest (module-scoped, built once)."""
    base = tmp_path_factory.mktemp("sample")
    config = base / "gitconfig"
    config.write_text(
        "[user]\n\tname = Test Author\n\temail = author@example.org\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        for var in (
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "GIT_AUTHOR_DATE",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "TRACKER_CORPUS",
        ):
            patch.delenv(var, raising=False)
        patch.setenv("GIT_CONFIG_GLOBAL", str(config))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        patch.setenv("GIT_COMMITTER_DATE", "2026-11-01T00:00:00+0000")
        lines: list[str] = []
        corpus = build_script.build(base / "corpus", log=lines.append)
        assert len(lines) == len(build_script.load_manifest().recordings)
        yield corpus


@pytest.fixture(scope="module")
def timelines(sample: Corpus) -> dict[str, list[Revision]]:
    return sample.timelines()


def test_size_languages_and_jurisdictions(sample: Corpus, timelines: dict[str, list[Revision]]) -> None:
    documents = sample.documents()
    policy_revisions = [rev for revs in timelines.values() for rev in revs if not rev.technical]
    assert len(documents) >= 5
    assert len(policy_revisions) >= 15
    assert {doc.language for doc in documents} == {"ja", "en"}
    assert sum(doc.language == "ja" for doc in documents) >= 4
    assert len({doc.jurisdiction for doc in documents}) >= 3  # theme pages compare countries
    assert all(timelines[doc.id] for doc in documents)


def test_every_document_is_illustrative_and_described(sample: Corpus) -> None:
    for doc in sample.documents():
        table = tomllib.loads((sample.root / "documents" / doc.id / "document.toml").read_text("utf-8"))
        assert table["illustrative"] is True, doc.id
        assert doc.title and doc.issuer and doc.language in ("ja", "en"), doc.id
        assert doc.jurisdiction.lower() == doc.id.split("/")[0]


def test_recordings_cover_backfill_technical_pdf_docx_and_withdrawal(
    sample: Corpus, timelines: dict[str, list[Revision]]
) -> None:
    revisions = [rev for revs in timelines.values() for rev in revs]
    assert [rev.text_path.startswith("backfill/") for rev in revisions].count(True) == 1
    technical = [rev for rev in revisions if rev.technical]
    assert len(technical) == 1
    renormalized = [
        rev for rev in timelines[technical[0].doc_id] if rev.source_sha256 == technical[0].source_sha256
    ]
    assert len(renormalized) == 2 and renormalized[0].normalizer != renormalized[1].normalizer
    assert {"pdf", "docx", "md"} <= {rev.source_ext for rev in revisions}
    statuses = {rev.status for rev in revisions}
    assert statuses == {"draft", "consultation", "adopted", "amended", "withdrawn"}
    withdrawn = [rev for rev in revisions if rev.status == "withdrawn"]
    assert all(timelines[rev.doc_id][-1] == rev for rev in withdrawn)


def test_dates_are_real_and_in_the_past(timelines: dict[str, list[Revision]]) -> None:
    today = datetime.date.today()
    for revisions in timelines.values():
        dates = [rev.date for rev in revisions]
        assert dates == sorted(dates)
        assert all(datetime.date(2024, 1, 1) <= day < today for day in dates)


def test_the_backfill_was_recorded_after_a_newer_revision(
    sample: Corpus, timelines: dict[str, list[Revision]]
) -> None:
    backfilled = next(
        rev for revs in timelines.values() for rev in revs if rev.text_path.startswith("backfill/")
    )
    later = [rev for rev in timelines[backfilled.doc_id] if rev.date > backfilled.date]
    assert later
    assert any(sample.git.is_ancestor(rev.commit, backfilled.commit) for rev in later)


def test_tracker_check_passes(sample: Corpus) -> None:
    report = check_corpus(sample)
    assert report.findings == ()
    assert report.ok(strict=True)


def test_originals_regenerate_byte_for_byte(
    sample: Corpus, timelines: dict[str, list[Revision]], tmp_path: Path
) -> None:
    manifest = build_script.load_manifest()
    office = [rec for rec in manifest.recordings if rec.format != "md"]
    assert office
    for rec in office:
        rev = next(r for r in timelines[rec.doc_id] if r.date == rec.date and r.label == rec.label)
        document = manifest.documents[rec.doc_id]
        target = tmp_path / f"again.{rec.format}"
        renderer.render(rec.text, target, language=document["language"], title=document["title"])
        assert hashlib.sha256(target.read_bytes()).hexdigest() == rev.source_sha256, rec.text.name


def test_building_into_a_corpus_with_documents_is_refused(sample: Corpus, tmp_path: Path) -> None:
    head = sample.git.head()
    with pytest.raises(CorpusError, match="already has documents"):
        build_script.build(sample.root)
    assert sample.git.head() == head
    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert build_script.main([str(tmp_path / "occupied"), "-q"]) == 1
    assert sorted(p.name for p in (tmp_path / "occupied").iterdir()) == ["notes.txt"]


def _sentences(text: str, language: str) -> list[str]:
    from tracker.sentences import split_sentences

    lines = [line.lstrip("#- ").strip() for line in text.splitlines()]
    return [s for line in lines if line for s in split_sentences(line, language)]


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.parametrize("folder", ["eval", "realdocs"])
def test_no_sentence_is_borrowed(folder: str, shared_dir: Path) -> None:
    """Written from scratch: none of the sample sentences occurs in the eval set or in real documents."""
    root = shared_dir / folder
    assert root.is_dir(), f"{root} is missing from the shared folder"
    corpus_text = _folded(
        "\n".join(
            p.read_text("utf-8", errors="replace")
            for p in sorted(root.rglob("*"))
            if p.suffix in (".md", ".txt")
        )
    )
    manifest = build_script.load_manifest()
    borrowed = []
    for doc_id, meta in manifest.documents.items():
        for path in sorted((build_script.SAMPLES / "texts" / doc_id).glob("*.md")):
            for sentence in _sentences(path.read_text("utf-8"), meta["language"]):
                if (
                    len(sentence) >= (15 if meta["language"] == "ja" else 40)
                    and _folded(sentence) in corpus_text
                ):
                    borrowed.append(f"{path.name}: {sentence}")
    assert borrowed == []


def _consecutive_reports(sample: Corpus, timelines: dict[str, list[Revision]]) -> list[dict[str, object]]:
    from tracker.diff import Side, diff_texts

    reports = []
    for doc_id, revisions in timelines.items():
        policy = [rev for rev in revisions if not rev.technical]
        language = sample.document(doc_id).language
        for before, after in zip(policy, policy[1:], strict=False):
            report = diff_texts(
                sample.text(before),
                sample.text(after),
                before_side=Side(before.ref, before.date.isoformat(), before.label),
                after_side=Side(after.ref, after.date.isoformat(), after.label),
                language=language,
            ).to_dict()
            reports.append(report)
    return reports


@pytest.fixture(scope="module")
def reports(sample: Corpus, timelines: dict[str, list[Revision]]) -> list[dict[str, object]]:
    found = _consecutive_reports(sample, timelines)
    assert all(report.get("commitments_analysed") for report in found)  # every sample language is analysed
    return found


def test_every_change_kind_occurs_across_the_corpus(reports: list[dict[str, object]]) -> None:
    seen: set[str] = set()
    for report in reports:
        for change in report["commitment_changes"]:  # type: ignore[attr-defined]
            seen.update(change["kinds"])
    assert CHANGE_KINDS <= seen, f"missing: {sorted(CHANGE_KINDS - seen)}"


def test_sovereign_ai_gives_way_to_provider_diversification(
    sample: Corpus, timelines: dict[str, list[Revision]]
) -> None:
    from tracker.diff import Side, diff_texts

    plan = [rev for rev in timelines["jp/ai-basic-plan"] if not rev.technical]
    report = diff_texts(
        sample.text(plan[0]),
        sample.text(plan[-1]),
        before_side=Side(plan[0].ref),
        after_side=Side(plan[-1].ref),
        language="ja",
    ).to_dict()
    assert report.get("commitments_analysed")
    weights = {theme["id"]: (theme["before"], theme["after"]) for theme in report["themes"]}
    sovereign = weights.get("sovereign-ai", (0, 0))
    diversification = weights.get("provider-diversification", (0, 0))
    assert sovereign[0] > sovereign[1], weights
    assert diversification[1] > diversification[0], weights


def test_the_script_loads_the_renderer_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "render_originals", raising=False)
    loaded = build_script._load_renderer(build_script.SAMPLES)
    blocks = loaded.parse_blocks("# T\n\n政府は、\n推進する。\n\n- 項目\n", "ja")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "T"),
        ("paragraph", "政府は、推進する。"),
        ("item", "項目"),
    ]
