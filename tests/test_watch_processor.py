"""The watcher against a real corpus (real git repo in a tmp folder) and real inbox folders."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.watch_helpers import (  # noqa: F401 - fixture
    EventLog,
    SiteRecorder,
    drop,
    no_leaked_threads,
    pin_git_identity,
    plan_text,
)
from tracker.corpus import Corpus
from tracker.errors import TrackerError
from tracker.site import build_site
from tracker.watch import AlreadyWatching, Processor, Watcher, WatchOptions
from tracker.watch.processor import tidy_orphan_sidecars
from tracker.watch.summary import site_cached_summarizer, summarize_revision

pytestmark = pytest.mark.usefixtures("no_leaked_threads")

FIRST = plan_text("Compute plan", ["The Government will build three national compute centres by 2030.",
                                   "The Ministry will fund research on safety evaluation."])
SECOND = plan_text("Compute plan", [
    "The Government will consider building two national compute centres by 2032.",
    "The Ministry will fund research on safety evaluation.",
    "The Agency will publish guidance for public procurement."])


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    pin_git_identity(monkeypatch)
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", "0.3")
    corpus = Corpus.init(tmp_path / "corpus", title="Test corpus")
    seed = tmp_path / "seed.md"
    seed.write_text(FIRST, encoding="utf-8")
    corpus.add("jp/compute-plan", seed, date=datetime.date(2025, 1, 10), label="First draft",
               metadata={"title": "Compute plan"})
    return corpus


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def _processor(corpus: Corpus, inbox: Path,
               rebuild: SiteRecorder | None = None) -> tuple[Processor, EventLog]:
    log = EventLog()
    return Processor(corpus, inbox, emit=log, rebuild=rebuild), log


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_drop_is_recorded_then_moved_to_done(corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    site = SiteRecorder(corpus, tmp_path / "public")
    processor, log = _processor(corpus, inbox, site)
    path = drop(inbox, "jp/compute-plan/2025-03-01--revised-draft.md", SECOND)
    outcome = processor.process_burst([path])

    (event,) = outcome.recorded
    assert (event.doc, event.date, event.label) == ("jp/compute-plan", "2025-03-01", "Revised draft")
    timeline = corpus.timeline("jp/compute-plan")
    assert [r.label for r in timeline] == ["First draft", "Revised draft"]
    assert timeline[-1].commit == event.commit
    assert corpus.source_path(timeline[-1]).read_text(encoding="utf-8") == SECOND
    assert _tree(inbox) == ["_done/jp/compute-plan/2025-03-01--revised-draft.md"]
    assert site.calls == 1
    # the file's event as soon as it is committed, then the burst's one rebuild
    assert [e.kind for e in log.items] == ["recorded", "site_built"]
    emitted = log.of_kind("recorded")
    line = emitted[0].describe()
    assert line.startswith("recorded jp/compute-plan 2025-03-01 'Revised draft': ")
    (built,) = log.of_kind("site_built")
    assert built.site.files == 2 and outcome.site == built.site
    assert built.describe() == f"site updated, 2 files, {built.site.seconds:.1f} s"
    # the summary is the differ's, or says honestly why there is none
    assert (emitted[0].summary is None) == (emitted[0].summary_note is not None)


def test_same_content_again_records_nothing_and_says_so(corpus: Corpus, inbox: Path) -> None:
    processor, log = _processor(corpus, inbox)
    processor.process_burst([drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)])
    head = corpus.timeline("jp/compute-plan")[-1].commit
    outcome = processor.process_burst([drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)])
    (skipped,) = outcome.skipped
    assert "already recorded as jp/compute-plan@2025-03-01" in skipped.reason
    assert corpus.timeline("jp/compute-plan")[-1].commit == head
    assert _tree(inbox) == ["_done/jp/compute-plan/2025-03-01 (2).md", "_done/jp/compute-plan/2025-03-01.md"]
    assert "skipped jp/compute-plan/2025-03-01.md: the same file is already recorded" in skipped.describe()


def test_identical_text_in_another_file_records_nothing(corpus: Corpus, inbox: Path) -> None:
    processor, _ = _processor(corpus, inbox)
    rewrapped = FIRST.replace("three national", "three\nnational")   # a different file, the same text
    outcome = processor.process_burst([drop(inbox, "jp/compute-plan/2025-02-01.md", rewrapped)])
    assert len(outcome.skipped) == 1 and not outcome.recorded
    assert "identical" in outcome.skipped[0].reason


def test_failures_are_rejected_with_reasons_and_the_burst_goes_on(corpus: Corpus, inbox: Path) -> None:
    processor, _ = _processor(corpus, inbox)
    paths = [
        drop(inbox, "jp/compute-plan/draft.md", SECOND),                       # no date
        drop(inbox, "jp/compute-plna/2025-03-01.md", SECOND),                  # unknown document (typo)
        drop(inbox, "jp/compute-plan/2025-03-02--broken.pdf", b"%PDF-1.7\nnot really a pdf"),
        drop(inbox, "jp/Compute_Plan/2025-03-03.md", SECOND),                  # not a document id
        drop(inbox, "jp/compute-plan/2025-03-04.md", SECOND),                  # fine
    ]
    outcome = processor.process_burst(paths)
    assert [r.file for r in outcome.rejected] == [
        "jp/compute-plan/draft.md", "jp/compute-plna/2025-03-01.md",
        "jp/compute-plan/2025-03-02--broken.pdf", "jp/Compute_Plan/2025-03-03.md"]
    assert [r.file for r in outcome.recorded] == ["jp/compute-plan/2025-03-04.md"]
    reasons = {r.file: (inbox / (r.moved_to + ".reason.txt")).read_text(encoding="utf-8")
               for r in outcome.rejected}
    assert "revision date is missing" in reasons["jp/compute-plan/draft.md"]
    assert "did you mean jp/compute-plan" in reasons["jp/compute-plna/2025-03-01.md"]
    assert "sidecar" in reasons["jp/compute-plna/2025-03-01.md"]
    assert "2025-03-02--broken.pdf" in reasons["jp/compute-plan/2025-03-02--broken.pdf"]
    assert "not a document id" in reasons["jp/Compute_Plan/2025-03-03.md"]
    for r in outcome.rejected:
        assert (inbox / r.moved_to).is_file() and r.moved_to.startswith("_rejected/")
        assert reasons[r.file].endswith("\n") and reasons[r.file].count("\n") == 1
    assert [r.label for r in corpus.timeline("jp/compute-plan")] == ["First draft", "Revision"]


def test_a_sidecar_starts_a_new_document_and_travels_with_its_file(corpus: Corpus, inbox: Path) -> None:
    processor, _ = _processor(corpus, inbox)
    path = drop(inbox, "us/ai-action-plan/2025-07-23.md", SECOND)
    drop(inbox, "us/ai-action-plan/2025-07-23.md.toml",
         'label = "Released plan"\nstatus = "adopted"\ntitle = "AI Action Plan"\n'
         'source_url = "https://example.org/plan"\nlanguage = "en"\n')
    outcome = processor.process_burst([path])
    assert len(outcome.recorded) == 1
    (rev,) = corpus.timeline("us/ai-action-plan")
    assert (rev.label, rev.status, rev.source_url) == ("Released plan", "adopted", "https://example.org/plan")
    assert corpus.document("us/ai-action-plan").title == "AI Action Plan"
    assert _tree(inbox) == ["_done/us/ai-action-plan/2025-07-23.md",
                            "_done/us/ai-action-plan/2025-07-23.md.toml"]


def test_one_rebuild_per_burst_and_a_failed_build_is_retried(
        corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    site = SiteRecorder(corpus, tmp_path / "public", fail_times=1)
    processor, log = _processor(corpus, inbox, site)
    burst = [drop(inbox, f"jp/compute-plan/2025-03-0{day}.md", SECOND.replace("two", f"{day + 1}"))
             for day in range(1, 6)]
    outcome = processor.process_burst(burst)
    assert len(outcome.recorded) == 5 and site.calls == 1
    assert outcome.build_failed and outcome.site is None
    (failure,) = log.of_kind("build_failed")
    assert "template exploded" in failure.error
    assert [e.kind for e in log.items] == ["burst", *["recorded"] * 5, "build_failed"]
    # the next change, even one that records nothing, retries the build
    again = drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND.replace("two", "2"))
    outcome = processor.process_burst([again])
    assert outcome.skipped and site.calls == 2 and not outcome.build_failed
    assert log.of_kind("burst")[0].describe() == "recording 5 files, then one site rebuild"
    assert len(log.of_kind("site_built")) == 1
    assert (tmp_path / "public/jp/compute-plan/2025-03-05/index.html").is_file()


HOLD_CORPUS_LOCK = """
import sys
from pathlib import Path
from tracker.corpus import Corpus
with Corpus(Path(sys.argv[1])).lock():
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_busy_corpus_defers_the_file_and_leaves_it_in_the_inbox(corpus: Corpus, inbox: Path) -> None:
    processor, log = _processor(corpus, inbox)
    path = drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_CORPUS_LOCK, str(corpus.root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        outcome = processor.process_burst([path])
        again = processor.process_burst([path])
    finally:
        holder.stdin.write("done\n")
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()
    assert outcome.deferred == (path,) and path.is_file()
    assert (outcome.retry_in[path], again.retry_in[path]) == (5.0, 10.0)     # backing off
    first, second = log.of_kind("deferred")
    assert f"PID {holder.pid}" in first.reason
    assert "retrying in 5 s" in first.describe() and "retrying in 10 s" in second.describe()
    assert len(processor.process_burst([path]).recorded) == 1


def test_orphan_sidecars_follow_their_file_to_done(inbox: Path) -> None:
    drop(inbox, "_done/jp/plan/2025-01-01.md", "x")
    drop(inbox, "jp/plan/2025-01-01.md.toml", "label = 'a'\n")
    drop(inbox, "jp/plan/2025-02-01.md.toml", "label = 'waiting for its file'\n")
    assert tidy_orphan_sidecars(inbox) == 1
    assert _tree(inbox) == ["_done/jp/plan/2025-01-01.md", "_done/jp/plan/2025-01-01.md.toml",
                            "jp/plan/2025-02-01.md.toml"]


@pytest.fixture
def running(corpus: Corpus, inbox: Path, tmp_path: Path) -> Iterator[tuple[Watcher, EventLog, SiteRecorder]]:
    site = SiteRecorder(corpus, tmp_path / "public")
    log = EventLog()
    drop(inbox, "jp/compute-plan/2025-02-01--arrived-while-down.md", SECOND)
    watcher = Watcher(corpus, inbox, emit=log, rebuild=site, options=WatchOptions(settle=0.2))
    watcher.start()
    try:
        yield watcher, log, site
    finally:
        watcher.stop()


def test_start_up_scan_comes_before_watching(running: tuple[Watcher, EventLog, SiteRecorder]) -> None:
    _, log, site = running
    kinds = [e.kind for e in log.items]
    assert kinds == ["recorded", "site_built", "watching"]
    assert log.items[0].file == "jp/compute-plan/2025-02-01--arrived-while-down.md"
    assert site.calls == 1
    assert log.items[2].describe().startswith("watching ")


@pytest.mark.parametrize("poll", [False, True])
def test_drops_are_recorded_while_watching(corpus: Corpus, inbox: Path, tmp_path: Path, poll: bool) -> None:
    site = SiteRecorder(corpus, tmp_path / "public")
    log = EventLog()
    watcher = Watcher(corpus, inbox, emit=log, rebuild=site,
                      options=WatchOptions(settle=0.2, poll=poll, poll_interval=0.1))
    watcher.start()
    try:
        log.wait_for(lambda items: any(e.kind == "watching" for e in items))
        for day in range(1, 4):
            drop(inbox, f"jp/compute-plan/2025-04-0{day}--draft-{day}.md",
                 SECOND.replace("two", str(day + 5)), via_temp=True)
        log.wait_for(lambda items: sum(e.kind == "recorded" for e in items) == 3)
    finally:
        watcher.stop()
    assert [e.kind for e in log.items][-1] == "stopped"
    assert len(corpus.timeline("jp/compute-plan")) == 4
    assert (tmp_path / "public/jp/compute-plan/2025-04-03/index.html").is_file()
    assert site.calls <= 3      # at start-up, then one per burst (the three drops may form one or two)


def test_a_second_watcher_on_the_same_corpus_is_refused(
        running: tuple[Watcher, EventLog, SiteRecorder], corpus: Corpus, tmp_path: Path) -> None:
    other_inbox = tmp_path / "other-inbox"
    other_inbox.mkdir()
    second = Watcher(Corpus(corpus.root), other_inbox, emit=EventLog())
    with pytest.raises(AlreadyWatching, match=rf"PID {os.getpid()}\b"):
        second.start()


def test_run_once_processes_the_inbox_and_returns(corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    site = SiteRecorder(corpus, tmp_path / "public")
    log = EventLog()
    drop(inbox, "jp/compute-plan/2025-05-01.md", SECOND)
    drop(inbox, "jp/compute-plan/undated.md", SECOND + "More.\n")
    drop(inbox, "jp/compute-plan/2025-05-02.md.crdownload", "half")
    totals = Watcher(corpus, inbox, emit=log, rebuild=site, options=WatchOptions(settle=0.1)).run_once()
    assert (totals.recorded, totals.rejected, totals.left, totals.build_failed) == (1, 1, 0, False)
    assert site.calls == 1
    assert (inbox / "jp/compute-plan/2025-05-02.md.crdownload").is_file()


def test_run_once_on_an_empty_inbox_still_rebuilds(corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    site = SiteRecorder(corpus, tmp_path / "public")
    log = EventLog()
    totals = Watcher(corpus, inbox, emit=log, rebuild=site, options=WatchOptions(settle=0.1)).run_once()
    assert totals.recorded == 0 and site.calls == 1
    assert [e.kind for e in log.items] == ["site_built"]
    assert (tmp_path / "public/jp/compute-plan/2025-01-10/index.html").is_file()


def test_a_site_folder_inside_the_inbox_is_refused(corpus: Corpus, inbox: Path) -> None:
    watcher = Watcher(corpus, inbox, emit=EventLog(), site_dir=inbox / "public")
    with pytest.raises(TrackerError, match="inside the inbox"):
        watcher.run_once()


def test_an_inbox_holding_the_corpus_is_refused(corpus: Corpus) -> None:
    with pytest.raises(TrackerError, match="contains the corpus"):
        Watcher(corpus, corpus.root.parent, emit=EventLog()).run_once()


def test_summaries_through_the_site_cache_match_the_differ_and_are_reused_by_the_rebuild(
        corpus: Corpus, inbox: Path, tmp_path: Path) -> None:
    from tracker.site.gather import Gatherer
    from tracker.site.output import state_dir
    from tracker.site.reports import ReportStore

    public = tmp_path / "public"
    build_site(corpus, public)
    store = ReportStore(state_dir(public))
    cached_before_build: list[bool] = []

    def rebuild() -> Any:
        first, second = corpus.timeline("jp/compute-plan")
        cached_before_build.append(store.has(Gatherer(corpus, store, {}).key(first, second)))
        return build_site(corpus, public)

    processor = Processor(corpus, inbox, emit=EventLog(), rebuild=rebuild,
                          summarize=site_cached_summarizer(corpus, public))
    outcome = processor.process_burst([drop(inbox, "jp/compute-plan/2025-03-01.md", SECOND)])
    (event,) = outcome.recorded
    assert event.summary is not None
    revision = corpus.timeline("jp/compute-plan")[-1]
    assert summarize_revision(corpus, revision) == (event.summary, None)
    assert cached_before_build == [True]      # the rebuild finds the pair's report already computed
    assert (public / "documents/jp/compute-plan/2025-03-01.html").is_file()


def _pdf(sentences: list[str]) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    y = 780
    for sentence in sentences:
        pdf.drawString(72, y, sentence)
        y -= 18
    pdf.save()
    return buffer.getvalue()


def _docx(sentences: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for sentence in sentences:
        document.add_paragraph(sentence)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FORMAT_SENTENCES = ["The Ministry will open four regional data centres by 2028.",
                    "The Agency will review the procurement rules every year."]


@pytest.mark.parametrize(("ext", "make"), [
    ("pdf", lambda: _pdf(FORMAT_SENTENCES)),
    ("docx", lambda: _docx(FORMAT_SENTENCES)),
    ("html", lambda: ("<html><body>" + "".join(f"<p>{s}</p>" for s in FORMAT_SENTENCES)
                      + "</body></html>").encode()),
    ("txt", lambda: "\n\n".join(FORMAT_SENTENCES).encode()),
])
def test_every_format_is_recorded_with_its_original_kept(
        corpus: Corpus, inbox: Path, ext: str, make: Any) -> None:
    processor, _ = _processor(corpus, inbox)
    data = make()
    outcome = processor.process_burst([drop(inbox, f"jp/compute-plan/2025-06-01--draft.{ext}", data)])
    assert len(outcome.recorded) == 1, outcome
    revision = corpus.timeline("jp/compute-plan")[-1]
    assert corpus.source_path(revision).read_bytes() == data
    assert "regional data centres" in corpus.text(revision)


def test_a_japanese_revision_keeps_its_label(corpus: Corpus, inbox: Path) -> None:
    processor, _ = _processor(corpus, inbox)
    text = "# AI基本計画\n\n政府は2030年までに計算基盤を整備する。\n\n経済産業省は人材育成を支援する。\n"
    path = drop(inbox, "jp/ai-basic-plan/2025-06-30--改定案.md", text)
    drop(inbox, "jp/ai-basic-plan/2025-06-30--改定案.md.toml", 'title = "AI基本計画"\nlanguage = "ja"\n')
    (event,) = processor.process_burst([path]).recorded
    assert event.label == "改定案"
    assert event.describe().startswith("recorded jp/ai-basic-plan 2025-06-30 '改定案': first revision")
    assert corpus.document("jp/ai-basic-plan").language == "ja"
