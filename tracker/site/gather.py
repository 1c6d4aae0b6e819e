"""Gather: read the corpus and the differ's reports into one immutable SiteModel.

Nothing is written here except cached reports. Each shown revision is compared with
the revision just before it in the full timeline (a technical re-normalization in
between is the right base: its text is the one the next revision was edited from),
and the first one with empty text, so its commitments and theme weights are known.
"""

from __future__ import annotations

import os
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import __version__
from tracker.errors import TrackerError
from tracker.site import parallel, paths
from tracker.site.differ import Differ, empty_side, side
from tracker.site.model import (
    DocumentEntry,
    ReportDigest,
    RevisionEntry,
    SiteModel,
    ThemeInfo,
    humanize_theme,
)
from tracker.site.output import state_dir
from tracker.site.reports import ReportStore, digest_report, report_key
from tracker.site.statedb import KeptEntry, Pair, encode_entry, entry_key

if TYPE_CHECKING:
    from tracker.corpus import Corpus, Document, Revision

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SiteSettings:
    """The `[site]` table of tracker.toml, with the build's own overrides applied."""

    title: str
    base_url: str | None
    language: str

    @classmethod
    def from_corpus(cls, corpus: Corpus, base_url: str | None = None) -> SiteSettings:
        settings: Mapping[str, Any] = corpus.settings or {}
        site: Mapping[str, Any] = settings.get("site") or {}
        title = str(site.get("title") or settings.get("title") or corpus.root.name)
        url = base_url if base_url is not None else site.get("base_url")
        if url and base_url is None:
            try:
                paths.check_base_url(str(url))
            except TrackerError as exc:
                raise TrackerError(f"tracker.toml, [site] base_url: {exc}") from None
        language = str(site.get("language") or "en")
        return cls(title=title, base_url=str(url) if url else None, language=language)


def metadata_stats(root: Path) -> dict[str, tuple[int, int]] | None:
    """Per document folder (`<jurisdiction>/<slug>`), the (mtime in ns, size) of its
    document.toml: what the build's no-change check and kept entries are keyed by (the file
    is edited without a commit). None when the documents folder cannot be read."""
    found: dict[str, tuple[int, int]] = {}
    try:
        with os.scandir(root / "documents") as jurisdictions:
            for jurisdiction in jurisdictions:
                if jurisdiction.name.startswith(".") or not jurisdiction.is_dir():
                    continue
                with os.scandir(jurisdiction.path) as slugs:
                    for slug in slugs:
                        if slug.name.startswith("."):
                            continue
                        try:
                            stat = os.stat(os.path.join(slug.path, "document.toml"))
                        except (FileNotFoundError, NotADirectoryError):
                            continue
                        found[f"{jurisdiction.name}/{slug.name}"] = (stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        return {}
    except OSError:
        return None
    return found


def revision_slugs(shown: list[Revision]) -> list[str]:
    """Permalink slugs: the date, or date + commit prefix for a second revision on one date."""
    slugs = []
    seen: set[str] = set()
    for rev in shown:
        slug = rev.date.isoformat()
        if slug in seen:
            slug = f"{slug}-{rev.commit[:7]}"
        seen.add(slug)
        slugs.append(slug)
    return slugs


class Gatherer:
    """Builds the SiteModel; reuses report digests from the previous build by key."""

    def __init__(
        self,
        corpus: Corpus,
        store: ReportStore,
        known_digests: Mapping[str, Mapping[str, Any]],
        *,
        base_url: str | None = None,
        progress: Progress | None = None,
        jobs: int = 1,
        kept: Mapping[str, KeptEntry] | None = None,
        kept_digests: Callable[[list[str]], Mapping[str, Mapping[str, Any]]] | None = None,
        metadata: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        self.metadata = metadata  # the stat of each document.toml, when the build has made it
        self.corpus = corpus
        self.kept = kept or {}  # the previous build's model entries, reused when their key matches
        self.kept_digests = kept_digests  # the previous build's digests of the documents gathered anew
        # per document gathered anew: its entry to keep (key, bytes), None when not to be kept
        self.fresh_entries: dict[str, tuple[str, bytes] | None] = {}
        self._recording: list[Pair] | None = None
        self.jobs = jobs
        self.computed_by_workers = 0
        self.worker_differ_seconds = 0.0
        self.workers_used = 0
        self.store = store
        self.known = known_digests
        self.settings = SiteSettings.from_corpus(corpus, base_url)
        self.differ = Differ(corpus.settings)
        self.progress = progress
        self.digests: dict[str, dict[str, Any]] = {}
        self.document_digests: dict[str, dict[str, dict[str, Any]]] = {}  # doc -> key -> digest
        self.warnings: list[str] = []
        self.texts: dict[str, str] = {}
        self.pairs: dict[str, tuple[Revision | None, Revision, str]] = {}
        self.by_commit: dict[str, Revision] = {}

    def key(self, before: Revision | None, after: Revision) -> str:
        return report_key(
            before.commit if before else None,
            after.commit,
            version=__version__,
            lexicon_id=self.differ.lexicon_id,
        )

    def text(self, rev: Revision) -> str:
        if rev.commit not in self.texts:
            self.texts[rev.commit] = self.corpus.text(rev)
        return self.texts[rev.commit]

    def pair(self, before: Revision | None, after: Revision, language: str) -> str:
        """Register a pair whose report a page may ask for later; returns its key."""
        key = self.key(before, after)
        self.pairs[key] = (before, after, language)
        if self._recording is not None:
            self._recording.append((key, before.commit if before else None, after.commit))
        return key

    def report_by_key(self, key: str) -> dict[str, Any]:
        before, after, language = self.pairs[key]
        return self.report(before, after, language)

    def report_bytes(self, key: str) -> bytes:
        """The stored report's bytes (compact JSON), for publishing it without a parse and re-dump."""
        before, after, language = self.pairs[key]
        return self.store.raw(key, lambda: self.report(before, after, language))

    def text_of(self, commit: str) -> str:
        return self.text(self.by_commit[commit])

    def report(self, before: Revision | None, after: Revision, language: str) -> dict[str, Any]:
        """The full report for a pair (from the cache or computed now)."""
        key = self.key(before, after)

        def compute() -> dict[str, Any]:
            before_text = self.text(before) if before else ""
            return self.differ.report(
                before_text, self.text(after), side(before) if before else empty_side(), side(after), language
            )

        return self.store.get(key, compute)

    def digest(self, before: Revision | None, after: Revision, language: str) -> ReportDigest:
        key = self.key(before, after)
        known = self.known.get(key)
        if known is not None:
            try:
                digest = ReportDigest.from_dict(known)
                self._keep(after.doc_id, key, dict(known))
                return digest
            except (KeyError, TypeError, ValueError):
                pass
        digest = digest_report(self.report(before, after, language))
        self._keep(after.doc_id, key, digest.to_dict())
        return digest

    def _keep(self, doc_id: str, key: str, digest: dict[str, Any]) -> None:
        self.digests[key] = digest
        self.document_digests.setdefault(doc_id, {})[key] = digest

    def document(self, doc: Document) -> DocumentEntry:
        timeline = self.corpus.timeline(doc.id, include_technical=True)
        shown = [rev for rev in timeline if not rev.technical]
        slugs = revision_slugs(shown)
        entries: list[RevisionEntry] = []
        warnings: list[str] = []
        position = {rev.commit: i for i, rev in enumerate(timeline)}
        first: Revision | None = None
        for rev, slug in zip(shown, slugs, strict=True):
            self.by_commit[rev.commit] = rev
            at = position[rev.commit]
            base = timeline[at - 1] if at > 0 and entries else None
            try:
                digest = self.digest(base, rev, doc.language)
            except (TrackerError, OSError, UnicodeError) as exc:
                warnings.append(f"unreadable revision {rev.ref}: {exc}")
                continue
            if first is None:
                first = rev
            compare_key = self.pair(first, rev, doc.language) if len(entries) >= 2 else None
            entries.append(
                RevisionEntry(
                    doc_id=doc.id,
                    slug=slug,
                    number=len(entries) + 1,
                    ref=rev.ref,
                    date=rev.date,
                    label=rev.label,
                    status=rev.status,
                    commit=rev.commit,
                    source_sha256=rev.source_sha256,
                    source_ext=rev.source_ext,
                    source_url=rev.source_url,
                    report_key=self.pair(base, rev, doc.language),
                    compare_key=compare_key,
                    previous_slug=entries[-1].slug if entries else None,
                    digest=digest,
                )
            )
        latest = self.by_commit[entries[-1].commit] if entries else None
        return DocumentEntry(
            id=doc.id,
            title=doc.title,
            jurisdiction=doc.jurisdiction,
            language=doc.language,
            issuer=doc.issuer,
            series=doc.series,
            illustrative=bool(doc.illustrative),
            source_url=doc.source_url,
            revisions=tuple(entries),
            commitments_key=self.pair(None, latest, doc.language) if latest else None,
            warnings=tuple(warnings),
        )

    @property
    def differ_seconds(self) -> float:
        """Time spent computing diff reports, in this process and in workers."""
        return self.differ.seconds + self.worker_differ_seconds

    def missing_reports(self, documents: list[Document]) -> list[parallel.DocumentJob]:
        """Per document, the reports this build will need and the cache does not hold: those of
        revisions whose digest is not known, and then the document's compare-with-first and
        commitments reports (its pages are made again). A revision found unreadable here is
        left to `document`, which warns about it."""
        jobs: list[parallel.DocumentJob] = []
        for doc in documents:
            timeline = self.corpus.timeline(doc.id, include_technical=True)
            shown = [rev for rev in timeline if not rev.technical]
            position = {rev.commit: i for i, rev in enumerate(timeline)}
            tasks: list[tuple[str, Revision | None, Revision]] = []
            for n, rev in enumerate(shown):
                at = position[rev.commit]
                base = timeline[at - 1] if at > 0 and n > 0 else None
                key = self.key(base, rev)
                if key not in self.known:
                    tasks.append((key, base, rev))
            if not tasks:
                continue
            tasks.extend((self.key(shown[0], rev), shown[0], rev) for rev in shown[2:])
            tasks.append((self.key(None, shown[-1]), None, shown[-1]))
            tasks = [task for task in dict((t[0], t) for t in tasks).values() if not self.store.has(task[0])]
            if tasks:
                jobs.append((doc.language, tasks))
        return jobs

    def _reusable(
        self, timelines: Mapping[str, list[Revision]], doc_ids: list[str]
    ) -> tuple[dict[str, str], dict[str, tuple[DocumentEntry, list[Pair]]]]:
        """Per document, its key; and the kept entries (with their pairs) whose key matches."""
        keys: dict[str, str] = {}
        reused: dict[str, tuple[DocumentEntry, list[Pair]]] = {}
        metadata = self.metadata if self.metadata is not None else metadata_stats(self.corpus.root) or {}
        for doc_id in doc_ids:
            stat = metadata.get(doc_id)
            if stat is None:
                continue  # corpus.document says what is wrong
            commits = [rev.commit for rev in timelines.get(doc_id, [])]
            key = entry_key(stat, commits, self.differ.lexicon_id, __version__)
            keys[doc_id] = key
            kept = self.kept.get(doc_id)
            if kept is None or kept.key != key:
                continue
            try:
                entry, pairs = kept.decode()
            except ValueError:
                continue
            if entry.id == doc_id and all(
                p[2] in self.by_commit and (p[1] is None or p[1] in self.by_commit) for p in pairs
            ):
                reused[doc_id] = (entry, pairs)
        return keys, reused

    def gather(self) -> SiteModel:
        """The model: kept entries of unchanged documents as they are, the others gathered anew."""
        timelines = self.corpus.timelines()  # one `git log` for the whole corpus instead of one per document
        self.by_commit = {rev.commit: rev for revs in timelines.values() for rev in revs}
        doc_ids = self.corpus.document_ids()
        keys, reused = self._reusable(timelines, doc_ids)
        documents = [self.corpus.document(doc_id) for doc_id in doc_ids if doc_id not in reused]
        if documents and self.kept_digests is not None:
            known = dict(self.known)
            known.update(self.kept_digests([d.id for d in documents]))
            self.known = known
        if self.jobs > 1:
            done = parallel.compute_reports(
                self.missing_reports(documents),
                corpus_root=self.corpus.root,
                cache_dir=self.store.dir.parent,
                differ=self.differ,
                workers=self.jobs,
                progress=self.progress,
            )
            if done is not None:
                self.computed_by_workers = done.computed
                self.worker_differ_seconds = done.differ_seconds
                self.workers_used = done.workers
                fresh: dict[str, Mapping[str, Any]] = dict(done.digests)
                self.known = ChainMap(fresh, dict(self.known))  # the workers: not read back
        by_id = {d.id: d for d in documents}
        entries = []
        for i, doc_id in enumerate(doc_ids):
            if doc_id in reused:
                entry, pairs = reused[doc_id]
                for key, before, after in pairs:
                    self.pairs[key] = (
                        self.by_commit[before] if before else None,
                        self.by_commit[after],
                        entry.language,
                    )
            else:
                self._recording = []
                try:
                    entry = self.document(by_id[doc_id])
                    pairs = self._recording
                finally:
                    self._recording = None
                self.warnings.extend(entry.warnings)
                keep = not entry.warnings and doc_id in keys
                self.fresh_entries[doc_id] = (keys[doc_id], encode_entry(entry, pairs)) if keep else None
            entries.append(entry)
            if self.progress:
                self.progress("gather", i + 1, len(doc_ids))
        themes = self.differ.theme_infos()
        known_ids = {t.id for t in themes}
        extra = sorted(frozenset[str]().union(*(doc.theme_ids for doc in entries)) - known_ids)
        themes.extend(ThemeInfo(id=t, label=humanize_theme(t)) for t in extra)
        return SiteModel(
            title=self.settings.title,
            base_url=self.settings.base_url,
            language=self.settings.language,
            documents=tuple(entries),
            themes=tuple(themes),
            version=__version__,
            warnings=tuple(self.warnings),
        )

    def revision(self, doc_id: str, commit: str) -> Revision:
        for rev in self.corpus.timeline(doc_id, include_technical=True):
            if rev.commit == commit:
                return rev
        raise TrackerError(f"revision {commit[:12]} of {doc_id} is no longer in the corpus")


def change_summary(corpus: Corpus, before: Revision, after: Revision, out: Path) -> dict[str, int]:
    """How many changes of each kind the site's report on `before` -> `after` counts.

    The report is the one the site built in `out` keeps (or computed now and kept there),
    so a caller that rebuilds `out` next (tracker watch) does not diff the same pair twice."""
    gatherer = Gatherer(corpus, ReportStore(state_dir(Path(out))), {})
    report = gatherer.report(before, after, corpus.document(after.doc_id).language or "und")
    return {str(kind): int(count) for kind, count in report["summary"].items()}
