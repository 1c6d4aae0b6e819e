"""`build_site`: gather everything into a SiteModel, then write only what changed.

    result = build_site(Corpus.find(), Path("public"), base_url="https://example.org/ai-plans/")
    print(result.files_written, "files written")

Warnings (a broken internal link, an unreadable revision) are collected; with
`strict=True` any warning makes the build fail with SiteBuildError after writing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import __version__
from tracker.collector import paused_cyclic_gc
from tracker.corpus.lock import exclusive_lock
from tracker.errors import TrackerError
from tracker.site import parallel, paths
from tracker.site.api import ApiPlanner
from tracker.site.assets import AssetPlanner
from tracker.site.environment import Theme
from tracker.site.feeds import FeedPlanner
from tracker.site.gather import Gatherer, metadata_stats
from tracker.site.inputs import BuildInputs
from tracker.site.links import check_pages
from tracker.site.model import DocumentEntry, fingerprint
from tracker.site.output import (
    STATE_FORMAT,
    BuildState,
    PlannedFile,
    check_output_dir,
    missing_files,
    state_dir,
    write_files,
)
from tracker.site.pages import PagePlanner
from tracker.site.reports import ReportStore
from tracker.site.search import SearchPlanner
from tracker.site.statedb import DB_FORMAT

if TYPE_CHECKING:
    from tracker.corpus import Corpus

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    """What a build did: files written and left alone, warnings, time, diff reports computed."""

    files_written: int
    files_unchanged: int
    warnings: list[str]
    seconds: float
    files_removed: int = 0
    reports_computed: int = 0
    reports_reused: int = 0
    documents_planned: tuple[str, ...] = ()  # documents whose files were planned (the rest carried over)
    differ_seconds: float = 0.0  # time in diff_texts, summed over this process and its workers
    workers: int = 0  # worker processes that computed diff reports (0: none were needed)
    written: tuple[str, ...] = field(default=(), repr=False)


class SiteBuildError(TrackerError):
    """A strict build that produced warnings."""

    def __init__(self, message: str, warnings: list[str]) -> None:
        super().__init__(message)
        self.warnings = warnings


def document_signature(doc: DocumentEntry, chrome: Any) -> str:
    """What a document's own files show: its metadata, its timeline and its reports' keys
    (a key names a commit pair under one tracker version and lexicon, so it fixes the report)."""
    return fingerprint(
        "document",
        chrome,
        doc.meta(),
        [(rev.meta(), rev.report_key, rev.compare_key) for rev in doc.revisions],
        doc.commitments_key,
    )


def plan_files(
    inputs: BuildInputs, state: BuildState, missing: set[str]
) -> tuple[list[PlannedFile], dict[str, tuple[str, str, int]], list[str], int]:
    """Plan the corpus-wide files and the files of changed documents; carry over the rest.

    A document whose signature matches the previous build's is not planned at all: its
    files are carried over from the state, unless one of them is `missing` from the disk
    (then it is planned, so whatever was deleted is written again; so are missing
    sources). Updates `state.documents` to this build's signatures and file lists. The last value is how
    many of the planned files, at the start, are documents' own files (made from their
    document alone, so they may be written by worker processes).
    """
    model = inputs.model
    planners = [planner(inputs) for planner in (PagePlanner, FeedPlanner, ApiPlanner, SearchPlanner)]
    assets = AssetPlanner(inputs)
    chrome = [model.chrome(), inputs.theme.fingerprint(), [(t.id, t.label) for t in model.themes]]
    chrome_id = fingerprint("chrome", chrome)
    kept = state.signatures  # of documents whose kept entry was reused: made from the same entry
    signatures = {
        doc.id: kept[doc.id][1]
        if doc.id in kept and kept[doc.id][0] == chrome_id
        else document_signature(doc, chrome)
        for doc in model.documents
    }
    state.signatures = {doc_id: (chrome_id, signature) for doc_id, signature in signatures.items()}
    inputs.signatures.update(signatures)
    planned: list[PlannedFile] = []
    carried: dict[str, tuple[str, str, int]] = {}
    documents: dict[str, tuple[str, list[str]]] = {}
    replanned: list[str] = []
    for doc in model.documents:
        previous = state.documents.get(doc.id)
        signature = signatures[doc.id]
        if (
            previous is not None
            and previous[0] == signature
            and all(path in state.files and path not in missing for path in previous[1])
        ):
            carried.update((path, state.files[path]) for path in previous[1])
            documents[doc.id] = previous
            continue
        files = [f for planner in planners for f in planner.plan_document(doc)]
        files.extend(assets.plan_document(doc))
        planned.extend(files)
        documents[doc.id] = (signature, [f.path for f in files])
        replanned.append(doc.id)
    own = len(planned)
    corpus_signature = fingerprint("corpus", chrome, sorted(signatures.items()))
    for planner in planners:
        planned.extend(planner.plan_corpus(corpus_signature))
    planned.extend(assets.plan_corpus())
    present = set(state.files) - missing
    planned.extend(assets.plan_sources(present))
    carried.update((path, state.files[path]) for path in assets.source_paths() if path in present)
    state.documents = documents
    return planned, carried, replanned, own


def _build_lock(out: Path) -> contextlib.AbstractContextManager[None]:
    """One build at a time per output folder (tracker serve and tracker watch may overlap): waits
    for the other build to finish. The lock lives in the state folder beside the output."""
    lock_path = state_dir(out) / "build.lock"
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrackerError(
            f"cannot make the build's state folder {lock_path.parent} beside the output: "
            f"{exc.strerror or exc}; choose an output folder whose parent you can write to with -o"
        ) from None
    return exclusive_lock(lock_path, math.inf)


def build_site(
    corpus: Corpus,
    out: Path,
    *,
    base_url: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build (or bring up to date) the static site of a corpus in `out`.

    `jobs` worker processes compute the diff reports when many are missing and write the
    documents' own files when many are planned (a first build); default: the processors
    not kept busy by other work (TRACKER_JOBS overrides); 1: none. The output is the same."""
    started = time.perf_counter()
    out = Path(out)
    if base_url is not None:
        paths.check_base_url(base_url)
    check_output_dir(out, corpus.root)
    out.mkdir(parents=True, exist_ok=True)
    with _build_lock(out), paused_cyclic_gc():  # many small objects, no cycles
        build = _build(corpus, out, base_url, progress, started, jobs or parallel.default_jobs())
    # the time includes resuming the cyclic collector
    return _finish(dataclasses.replace(build, seconds=time.perf_counter() - started), strict)


def _build(
    corpus: Corpus, out: Path, base_url: str | None, progress: Progress | None, started: float, jobs: int
) -> BuildResult:
    """The build itself. A function of its own so that its state, model and digests (millions
    of objects made while the cyclic collector is paused) are freed by reference counting
    when it returns, before the collector resumes: else its first pass walks them all."""
    state = BuildState.load(out)
    theme = Theme(override=corpus.root)
    metadata = metadata_stats(corpus.root)
    signature = inputs_signature(corpus, theme, base_url, metadata)
    missing = missing_files(out, [paths.HOME, *state.files])
    if signature is not None and signature == state.inputs and not missing:
        # nothing the site is made from changed since the last build
        return BuildResult(0, len(state.files), list(state.warnings), time.perf_counter() - started)
    store = ReportStore(state_dir(out))
    gatherer = Gatherer(
        corpus,
        store,
        {},
        base_url=base_url,
        progress=progress,
        jobs=jobs,
        kept=state.kept_entries(),
        kept_digests=state.kept_digests,
        metadata=metadata,
    )
    model = gatherer.gather()
    state.signatures = state.kept_signatures(exclude=set(gatherer.fresh_entries))
    warnings: list[str] = list(model.warnings)
    inputs = BuildInputs(
        model=model,
        theme=theme,
        report=gatherer.report_by_key,
        report_bytes=gatherer.report_bytes,
        text=gatherer.text_of,
        source=lambda rev: corpus.source_path(gatherer.by_commit[rev.commit]),
        warn=warnings.append,
        memo=state.document_memo,
    )
    planned, carried, replanned, own = plan_files(inputs, state, missing)
    exists = set(carried) | {f.path for f in planned}  # what the site holds once written
    elsewhere = parallel.write_documents(
        out, planned[:own], state.files, exists, gatherer, warnings, workers=jobs, progress=progress
    )
    if elsewhere is not None:  # the documents' own files were written by workers
        warnings.extend(elsewhere.warnings)
        planned = planned[own:]
        gatherer.computed_by_workers += elsewhere.computed
        gatherer.worker_differ_seconds += elsewhere.differ_seconds
        gatherer.workers_used = max(gatherer.workers_used, elsewhere.workers)
    batches = elsewhere.batches if elsewhere is not None else []
    result = write_files(out, planned, state, progress, carried=carried, written_elsewhere=batches)
    problems = set(check_pages(result.rendered, exists=exists, root=out))
    warnings.extend(sorted(problems | set(elsewhere.problems if elsewhere else ())))
    state.new_digests = gatherer.document_digests
    state.new_entries = gatherer.fresh_entries
    used = set(gatherer.pairs)
    store.prune(used, set(state.reports) if state.reports is not None else None)
    state.reports = sorted(used)
    state.inputs = signature
    state.warnings = list(warnings)  # a build with nothing to do repeats them all (--strict)
    state.save(out)
    return BuildResult(
        files_written=len(result.written),
        files_unchanged=result.unchanged,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        files_removed=len(result.removed),
        reports_computed=store.computed + gatherer.computed_by_workers,
        reports_reused=len(gatherer.pairs) - store.computed - gatherer.computed_by_workers,
        written=result.written,
        documents_planned=tuple(replanned),
        differ_seconds=gatherer.differ_seconds,
        workers=gatherer.workers_used,
    )


def _finish(build: BuildResult, strict: bool) -> BuildResult:
    warnings = build.warnings
    if strict and warnings:
        raise SiteBuildError(
            f"the build has {len(warnings)} warning{'s' if len(warnings) != 1 else ''} "
            "and --strict is on",
            warnings,
        )
    return build


def inputs_signature(
    corpus: Corpus, theme: Theme, base_url: str | None, metadata: Mapping[str, tuple[int, int]] | None
) -> str | None:
    """A cheap signature of everything a build reads: the corpus's commit, the stat of its
    settings and of every document.toml (`metadata`: editable without a commit), the theme,
    the base URL and the tracker version. None when the corpus cannot say its commit."""
    head = getattr(getattr(corpus, "git", None), "head", None)
    if head is None or metadata is None:
        return None
    try:
        commit = head()
        settings = (corpus.root / "tracker.toml").stat()
    except (TrackerError, OSError):
        return None
    return fingerprint(
        "inputs",
        STATE_FORMAT,
        DB_FORMAT,
        commit,
        (settings.st_mtime_ns, settings.st_size),
        sorted(metadata.items()),
        theme.fingerprint(),
        base_url,
        __version__,
    )
