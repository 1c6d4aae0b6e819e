"""The persistent revision-log cache: it must always give what a full `git log` gives.

Each test compares timelines read through the cache with timelines read by a fresh
process that has no cache file, on real repositories, across the ways a history moves:
new revisions by another process, a rewritten branch, a merge, a corrupt or
unwritable cache file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from tests.conftest import git
from tracker.corpus import Corpus, Revision
from tracker.corpus.timeline_cache import TimelineCache

DAY = datetime.date(2026, 3, 1)


def record(corpus: Corpus, source_file, doc_id: str, n: int, label: str | None = None) -> None:
    text = f"# Plan {doc_id}\n\nThe Ministry will fund {n} research centres by {2030 + n}.\n"
    corpus.add(
        doc_id,
        source_file(f"{doc_id.replace('/', '-')}-{n}.md", text),
        date=DAY + datetime.timedelta(days=n),
        label=label or f"draft {n}",
    )


def summary(timelines: dict[str, list[Revision]]) -> dict[str, list[tuple[str, str, str, int]]]:
    return {
        doc: [(r.commit, r.date.isoformat(), r.label, r.index) for r in revs]
        for doc, revs in timelines.items()
    }


def uncached(corpus: Corpus) -> dict[str, list[Revision]]:
    """The timelines as a reader with no cache file sees them (the reference)."""
    cache_file = TimelineCache(corpus.git).path
    saved = cache_file.read_bytes() if cache_file.exists() else None
    cache_file.unlink(missing_ok=True)
    try:
        return Corpus(corpus.root).timelines()
    finally:
        if saved is not None:
            cache_file.write_bytes(saved)


def cache_seen(corpus: Corpus) -> str:
    return TimelineCache(corpus.git).path.read_text(encoding="utf-8").split("\n")[0].split(" ")[2]


def test_cache_is_written_and_brought_forward_by_later_revisions(make_corpus, source_file) -> None:
    corpus = make_corpus()
    record(corpus, source_file, "uk/plan", 1)
    record(corpus, source_file, "eu/plan", 2)
    first = Corpus(corpus.root).timelines()
    assert cache_seen(corpus) == git(corpus.root, "rev-parse", "HEAD")

    record(Corpus(corpus.root), source_file, "uk/plan", 3)  # another process records a revision
    later = Corpus(corpus.root).timelines()
    assert [r.label for r in later["uk/plan"]] == ["draft 1", "draft 3"]
    assert summary(later) == summary(uncached(corpus))
    assert summary(first)["eu/plan"] == summary(later)["eu/plan"]
    assert cache_seen(corpus) == git(corpus.root, "rev-parse", "HEAD")


def test_single_document_reads_use_and_agree_with_the_cache(make_corpus, source_file) -> None:
    corpus = make_corpus()
    for n in range(1, 4):
        record(corpus, source_file, "jp/plan", n)
    Corpus(corpus.root).timelines()
    fresh = Corpus(corpus.root)
    assert [r.label for r in fresh.timeline("jp/plan")] == ["draft 1", "draft 2", "draft 3"]
    assert fresh.resolve("jp/plan@latest~1").label == "draft 2"


def test_rewritten_history_is_read_in_full(make_corpus, source_file) -> None:
    corpus = make_corpus()
    record(corpus, source_file, "uk/plan", 1)
    record(corpus, source_file, "uk/plan", 2)
    Corpus(corpus.root).timelines()  # the cache has seen draft 2
    git(corpus.root, "reset", "-q", "--hard", "HEAD~1")  # a user rewinds the branch
    record(Corpus(corpus.root), source_file, "uk/plan", 5, label="other draft")
    timelines = Corpus(corpus.root).timelines()
    assert [r.label for r in timelines["uk/plan"]] == ["draft 1", "other draft"]
    assert summary(timelines) == summary(uncached(corpus))


def test_a_merge_since_the_cache_was_written_means_a_full_read(make_corpus, source_file) -> None:
    corpus = make_corpus()
    record(corpus, source_file, "uk/plan", 1)
    Corpus(corpus.root).timelines()
    git(corpus.root, "checkout", "-q", "-b", "side")
    record(Corpus(corpus.root), source_file, "eu/plan", 2)
    git(corpus.root, "checkout", "-q", "main")
    record(Corpus(corpus.root), source_file, "uk/plan", 3)
    git(corpus.root, "merge", "-q", "--no-edit", "side")
    timelines = Corpus(corpus.root).timelines()
    assert set(timelines) == {"uk/plan", "eu/plan"}
    assert summary(timelines) == summary(uncached(corpus))


def test_a_corrupt_or_foreign_cache_file_is_ignored(make_corpus, source_file) -> None:
    corpus = make_corpus()
    record(corpus, source_file, "uk/plan", 1)
    reference = summary(Corpus(corpus.root).timelines())
    head = git(corpus.root, "rev-parse", "HEAD")
    cache_file = TimelineCache(corpus.git).path
    for junk in (
        "{not json",
        "",
        "tracker-timelines 999 x\n",
        "tracker-timelines 1 0000000000000000000000000000000000000000\n",
        f'tracker-timelines 1 {head}\nuk/plan\t[["abc", [1, 2]]]\n',
        f"tracker-timelines 1 {head}\nuk/plan\t{{}}\n",
        f"tracker-timelines 1 {head}\nuk/plan no tab\n",
        f"tracker-timelines 1 {head}\nuk/plan\t[[\n",
    ):
        cache_file.write_text(junk, encoding="utf-8")
        assert summary(Corpus(corpus.root).timelines()) == reference, junk
        assert summary({"uk/plan": Corpus(corpus.root).timeline("uk/plan")}) == reference


def test_an_unwritable_cache_costs_speed_not_correctness(make_corpus, source_file) -> None:
    corpus = make_corpus()
    cache_dir = TimelineCache(corpus.git).path.parent
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("a file where the cache folder would go\n", encoding="utf-8")
    record(corpus, source_file, "uk/plan", 1)
    record(Corpus(corpus.root), source_file, "uk/plan", 2)
    assert [r.label for r in Corpus(corpus.root).timeline("uk/plan")] == ["draft 1", "draft 2"]
    assert cache_dir.is_file()


def test_two_corpora_in_one_repository_keep_separate_caches(make_corpus, source_file, tmp_path: Path) -> None:
    first = make_corpus(name="alpha", inside_repo=True)
    second = Corpus.init(first.root.parent / "beta", "Second corpus")
    record(first, source_file, "uk/plan", 1)
    record(second, source_file, "uk/plan", 2)
    assert [r.label for r in Corpus(first.root).timeline("uk/plan")] == ["draft 1"]
    assert [r.label for r in Corpus(second.root).timeline("uk/plan")] == ["draft 2"]
    assert TimelineCache(first.git).path != TimelineCache(second.git).path


def test_an_add_brings_the_cache_to_its_own_commit(make_corpus, source_file) -> None:
    corpus = make_corpus()
    record(corpus, source_file, "uk/plan", 1)
    record(corpus, source_file, "uk/plan", 2)
    assert cache_seen(corpus) == git(corpus.root, "rev-parse", "HEAD")  # no reader needed to catch up
    assert summary(Corpus(corpus.root).timelines()) == summary(uncached(corpus))
