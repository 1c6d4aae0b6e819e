"""Worker processes for a build with much to do: diff reports, then documents' own files.

A full build computes one report per revision, one per compare-with-first page and one
per document's commitments: most of its time, and each report is independent of the
others. When more than a few are missing from the cache, worker processes each read
their texts from the corpus (with a Corpus of their own: git processes are not shared),
compute their documents' reports and store them in the report cache; the build then
reads them from there as if it had computed them itself. Workers are forked, so they
start at once with the differ already loaded and nothing is imported again (spawned
workers would re-run the caller's main script); a process running other threads (as
`tracker serve` does) is never forked: it computes its reports itself. A report
is a function of its two texts, the tracker version and the lexicon, so which process
computes it does not change a byte. A pair a worker cannot compute (an unreadable text)
is left to the build, which meets it in order and warns as it always does.

Then the files of each re-planned document (its pages, feed, JSON, search shard, texts)
are rendered and written by workers, forked after planning so they hold the same plan:
each takes a run of whole documents, with a Corpus of its own for texts, and sends back
the state entries of what it wrote, its warnings and its link-check problems (not the
pages). The corpus-wide files, made from every document and from parts kept between
builds, are written by the build itself. Which process writes a file changes no byte.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tracker.errors import TrackerError
from tracker.site.differ import Differ, empty_side, side
from tracker.site.reports import ReportStore, digest_report

if TYPE_CHECKING:
    from tracker.corpus import Corpus, Revision
    from tracker.site.output import Batch, PlannedFile

#: Fewer missing reports than this (a rebuild after new revisions) are computed in the
#: build's own process: forking workers and handing them their work costs more than it saves.
MIN_PARALLEL_REPORTS = 48

#: Fewer documents' files than this are written by the build's own process.
MIN_PARALLEL_FILES = 400

#: One document's missing reports: its language and (cache key, before or None, after) per report.
DocumentJob = tuple[str, list[tuple[str, "Revision | None", "Revision"]]]


@dataclass(frozen=True)
class ParallelResult:
    """What the workers did: reports stored in the cache, and their summed time in the differ."""

    computed: int
    differ_seconds: float
    workers: int
    digests: dict[str, dict[str, Any]]  # report key -> digest of each report computed


def default_jobs() -> int:
    """Worker processes when none are asked for: the processors this process may run on,
    less those the rest of the machine keeps busy (the 1-minute load average, as `make -l`
    does): on a machine with no idle processor, workers only compete with each other.
    TRACKER_JOBS overrides it; 1 turns workers off."""
    configured = os.environ.get("TRACKER_JOBS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        cpus = max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = max(1, os.cpu_count() or 1)
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover - no load average
        busy = 0
    return max(1, cpus - busy)


def compute_reports(
    jobs: list[DocumentJob],
    *,
    corpus_root: Path,
    cache_dir: Path,
    differ: Differ,
    workers: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> ParallelResult | None:
    """Compute the reports of `jobs` in `workers` processes, storing each in the report cache.

    None when there are too few to be worth it, or when worker processes cannot be started
    (the build then computes them itself, as it would anyway)."""
    total = sum(len(tasks) for _, tasks in jobs)
    if workers < 2 or total < MIN_PARALLEL_REPORTS or not _can_fork():
        return None
    workers = min(workers, len(jobs))
    if workers < 2:
        return None
    # the largest documents first, so no worker is left with a big one at the end
    ordered = sorted(jobs, key=lambda job: -len(job[1]))
    computed = 0
    seconds = 0.0
    digests: dict[str, dict[str, Any]] = {}
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(corpus_root, cache_dir, differ),
        ) as pool:
            done = 0
            for job, (made, spent, made_digests) in zip(ordered, pool.map(_compute, ordered), strict=True):
                computed += made
                seconds += spent
                digests.update(made_digests)
                done += len(job[1])
                if progress:
                    progress("diff", done, total)
    except (OSError, BrokenProcessPool):
        if computed == 0:
            return None
    return ParallelResult(computed=computed, differ_seconds=seconds, workers=workers, digests=digests)


_worker_state: tuple[Corpus, Differ, ReportStore] | None = None  # this worker's own


def _can_fork() -> bool:
    """Forking is safe only from a process with one thread (a lock held by another thread
    would stay held in the child forever)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start_worker(corpus_root: Path, cache_dir: Path, differ: Differ) -> None:
    """In a forked worker: a Corpus of its own (the parent's git processes are the parent's),
    the parent's differ (its lexicon already loaded) and the report cache."""
    global _worker_state
    from tracker.corpus import Corpus

    _worker_state = (Corpus(corpus_root), differ, ReportStore(cache_dir))


def _compute(job: DocumentJob) -> tuple[int, float, dict[str, dict[str, Any]]]:
    """One document's missing reports, stored in the cache: (how many, seconds in the differ,
    their digests by key, so the build need not read them back to list them)."""
    assert _worker_state is not None
    corpus, differ, store = _worker_state
    language, tasks = job
    texts: dict[str, str] = {}

    def text(rev: Revision) -> str:
        if rev.commit not in texts:
            texts[rev.commit] = corpus.text(rev)
        return texts[rev.commit]

    made = 0
    digests: dict[str, dict[str, Any]] = {}
    before_differ = differ.seconds
    for key, before, after in tasks:
        try:
            before_text = text(before) if before is not None else ""
            after_text = text(after)
            if not store.has(key):
                report = differ.report(
                    before_text,
                    after_text,
                    side(before) if before is not None else empty_side(),
                    side(after),
                    language,
                )
                store.get(key, functools.partial(dict, report))  # stores it, as the build would
                digests[key] = digest_report(report).to_dict()  # as the build makes it of a new report
            made += 1
        except (TrackerError, OSError, UnicodeError):
            continue  # left to the build, which warns about it in order
    return made, differ.seconds - before_differ, digests


@dataclass(frozen=True)
class WrittenElsewhere:
    """What the workers wrote, in plan order: batches, render warnings and link problems,
    and any report they had to compute on the way (a report missing from the cache)."""

    batches: list[Batch]
    warnings: list[str]
    problems: list[str]
    computed: int
    differ_seconds: float
    workers: int


class Reports(Protocol):
    """What the writers need of the build's gatherer: its corpus (each writer opens its own),
    the report cache and the differ for a report missing from it (the Gatherer is one)."""

    corpus: Corpus
    store: ReportStore
    differ: Differ


#: The plan, the previous build's entries and what the site will hold, as the workers inherit them.
_render_job: (
    tuple[Path, list[PlannedFile], Mapping[str, tuple[str, str, int]], set[str], Reports, list[str]] | None
) = None


def write_documents(
    out: Path,
    plan: list[PlannedFile],
    previous: Mapping[str, tuple[str, str, int]],
    exists: set[str],
    gatherer: Reports,
    sink: list[str],
    *,
    workers: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> WrittenElsewhere | None:
    """Render and write documents' own files (`plan`) in worker processes; the warnings
    their rendering gives go where the build's own go (`sink`, as the workers inherit it).
    None when there are too few, or workers cannot be started: the build then writes
    them itself."""
    global _render_job
    if workers < 2 or len(plan) < MIN_PARALLEL_FILES or not _can_fork():
        return None
    runs = _runs(len(plan), 4 * workers)
    _render_job = (out, plan, previous, exists, gatherer, sink)
    batches: list[Batch] = []
    warnings: list[str] = []
    problems: list[str] = []
    computed = 0
    seconds = 0.0
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_writer
        ) as pool:
            done = 0
            for (start, stop), (batch, run_warnings, run_problems, made, spent) in zip(
                runs, pool.map(_write_run, runs), strict=True
            ):
                batches.append(batch)
                warnings.extend(run_warnings)
                problems.extend(run_problems)
                computed += made
                seconds += spent
                done += stop - start
                if progress:
                    progress("write", done, len(plan))
    except (OSError, BrokenProcessPool):
        return None  # nothing is kept: the build writes every file again itself
    finally:
        _render_job = None
    return WrittenElsewhere(batches, warnings, problems, computed, seconds, workers)


def _runs(count: int, parts: int) -> list[tuple[int, int]]:
    """About `parts` contiguous runs of the plan, in plan order (a document's files are
    contiguous, so a run mostly holds whole documents and reads each report once)."""
    size = max(1, -(-count // parts))
    return [(start, min(count, start + size)) for start in range(0, count, size)]


def _start_writer() -> None:
    """In a forked writer: its own Corpus for texts (the parent's git processes are the parent's)."""
    from tracker.corpus import Corpus

    assert _render_job is not None
    gatherer = _render_job[4]
    gatherer.corpus = Corpus(gatherer.corpus.root)


def _write_run(run: tuple[int, int]) -> tuple[Batch, list[str], list[str], int, float]:
    from tracker.site.links import check_pages
    from tracker.site.output import write_batch

    assert _render_job is not None
    out, plan, previous, exists, gatherer, sink = _render_job
    warned = len(sink)
    computed = gatherer.store.computed
    seconds = gatherer.differ.seconds
    batch = write_batch(out, plan[run[0] : run[1]], previous)
    problems = check_pages(batch.rendered, exists=exists, root=out)
    light = type(batch)(files=batch.files, written=batch.written, unchanged=batch.unchanged, rendered={})
    return (
        light,
        list(sink[warned:]),
        problems,
        gatherer.store.computed - computed,
        gatherer.differ.seconds - seconds,
    )
