"""The Corpus: a folder with `tracker.toml` inside a git repository, holding every revision of every document.

Layout (see DESIGN.md)::

    tracker.toml                                  corpus settings
    documents/<jurisdiction>/<slug>/document.toml title, jurisdiction, language, ...
    documents/<jurisdiction>/<slug>/text.md       normalized text of the latest revision by date
    documents/<jurisdiction>/<slug>/backfill/...  texts of back-filled revisions (see below)
    sources/<sha256>.<ext>                        every original, untouched, content-addressed

One revision is one commit, made by `Corpus.add`, touching only that document's
folder and its source. `Corpus.update_metadata` (`tracker meta`) commits a
document's document.toml alone; its commit carries no revision trailers, so it
is not a revision. Trailers (tracker/corpus/trailers.py) carry the revision
date, label, status, source URL and SHA-256, normalizer version and whether the
revision is technical; the author date is the revision date.

Timelines are ordered by revision date, then commit order, so a draft found
later can be recorded without rewriting history. Where a revision's text lives:

* a revision dated on or after the latest one (the usual case) writes `text.md`,
  so `text.md` is always the text in force now and `git log -p text.md` reads as
  the document's history;
* a back-filled revision, dated before the latest one, must not put older text
  into `text.md`. Its commit adds `backfill/<date>-<text sha>.md` in the
  document folder instead and names it in a `Revision-Text` trailer; `text.md`
  is untouched. `Corpus.text()` reads whichever file the revision names, at the
  revision's own commit.

Writes hold `Corpus.lock()` and are crash-safe (tracker/corpus/journal.py).
Reads cache per process; writes made through this object refresh the cache,
`refresh()` drops it to see writes made by other processes.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tracker.corpus import metadata as doc_toml
from tracker.corpus import refs, timeline_cache, trailers
from tracker.corpus.git import DEFAULT_EMAIL, DEFAULT_NAME, GitRepo
from tracker.corpus.model import AddResult, Document, MetadataResult, Revision
from tracker.corpus.validate import (
    check_doc_id,
    check_line,
    check_revision_date,
    check_status,
    check_url,
    parse_author,
)
from tracker.errors import BadReference, CorpusError, IngestError

SETTINGS_FILE = "tracker.toml"
_TEMPLATE = """\
# A policy tracker corpus: documents/<jurisdiction>/<slug>/ hold each document's
# metadata and current text, sources/ every original. Record revisions with
# `tracker add`, read them with `tracker log`, `tracker ls` and `tracker show`.
{title}
[site]
# base_url = "https://example.org/ai-plans/"

# [themes]   extend or replace the default theme lexicon here
"""
IGNORE_FILE = ".gitignore"
_IGNORE = b"""\
# What `tracker build` writes when run here: the site (public/ by default) and,
# beside each output folder, the build's state. Neither belongs in the corpus history.
/public/
*.tracker-state/
"""


def _sha256(data: bytes) -> str:
    import hashlib  # imported when writing: reads do not need it

    return hashlib.sha256(data).hexdigest()


def _same_path(status_path: str, relpath: str) -> bool:
    """Whether a path git status printed (from the repository's top) is the corpus's `relpath`."""
    return status_path == relpath or status_path.endswith("/" + relpath)


class Corpus:
    """A tracker corpus: read timelines and texts, record new revisions."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.git = GitRepo(self.root)
        self._timelines: dict[str, list[Revision]] = {}
        self._all: dict[str, list[Revision]] | None = None
        self._settings: Mapping[str, Any] | None = None
        self._log_cache: timeline_cache.TimelineCache | None = None

    def __repr__(self) -> str:
        return f"Corpus({str(self.root)!r})"

    # -- finding and creating -------------------------------------------------------------------
    @classmethod
    def find(cls, explicit: Path | None = None, start: Path | None = None) -> Corpus:
        """The corpus at `explicit`, else TRACKER_CORPUS, else the nearest tracker.toml up, else ./corpus."""
        if explicit is None and os.environ.get("TRACKER_CORPUS"):
            explicit = Path(os.environ["TRACKER_CORPUS"])
        if explicit is not None:
            root = Path(explicit).expanduser()
            if root.name == SETTINGS_FILE and root.is_file():
                root = root.parent
            if not (root / SETTINGS_FILE).is_file():
                raise CorpusError(
                    f"{root} is not a tracker corpus (no {SETTINGS_FILE}); "
                    f"create one with: tracker init {root}"
                )
            return cls(root)
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / SETTINGS_FILE).is_file():
                return cls(folder)
        if (here / "corpus" / SETTINGS_FILE).is_file():
            return cls(here / "corpus")
        raise CorpusError(
            f"no tracker corpus found: no {SETTINGS_FILE} in {here} or above, and no ./corpus/; "
            "use --corpus PATH (or TRACKER_CORPUS), or create one with: tracker init PATH"
        )

    @classmethod
    def init(cls, path: Path, title: str | None = None) -> Corpus:
        """A new corpus at path: a new git repository, or a folder of the repository path is in."""
        path = Path(path).expanduser().resolve()
        if (path / SETTINGS_FILE).exists():
            raise CorpusError(f"{path} is already a tracker corpus")
        if path.exists() and not path.is_dir():
            raise CorpusError(f"{path} exists and is not a folder")
        title = check_line(title, "title") if title else path.name
        new_repo = GitRepo.find_worktree(path) is None
        made_folder = not path.exists()
        if new_repo:
            GitRepo.init_repository(path)
        else:
            path.mkdir(parents=True, exist_ok=True)
        corpus = cls(path)
        try:
            content = _TEMPLATE.format(title=doc_toml.dump_document_toml({"title": title}).decode()).encode()
            files = {SETTINGS_FILE: content}
            if not (path / IGNORE_FILE).exists():
                files[IGNORE_FILE] = _IGNORE
            with corpus.lock():
                head = corpus.git.head()
                blobs = corpus.git.hash_blobs(files)
                message = f"Start tracker corpus: {title}\n"
                commit = corpus.git.commit_files(head, blobs, message, corpus._identity_env(None))
                corpus._publish(commit, head, files, "tracker init")
        except BaseException:
            if new_repo:
                import shutil

                shutil.rmtree(path / ".git", ignore_errors=True)
                if made_folder and not any(path.iterdir()):
                    path.rmdir()
            raise
        return corpus

    @property
    def settings(self) -> Mapping[str, Any]:
        """The parsed tracker.toml (title, [site], [themes], ...)."""
        if self._settings is None:
            import tomllib

            try:
                parsed = tomllib.loads((self.root / SETTINGS_FILE).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise CorpusError(f"cannot read {self.root / SETTINGS_FILE}: {exc}") from None
            self._settings = MappingProxyType(parsed)
        return self._settings

    @property
    def title(self) -> str:
        return str(self.settings.get("title") or self.root.name)

    # -- documents ------------------------------------------------------------------------------
    def _doc_dir(self, doc_id: str) -> Path:
        return self.root / "documents" / doc_id

    def document_ids(self) -> list[str]:
        """Ids of the documents with a document.toml, sorted."""
        base = self.root / "documents"
        if not base.is_dir():
            return []
        found = []
        for toml in base.glob("*/*/document.toml"):
            doc_id = f"{toml.parent.parent.name}/{toml.parent.name}"
            try:
                found.append(check_doc_id(doc_id))
            except CorpusError:
                continue  # a stray folder that is not a document
        return sorted(found)

    def documents(self) -> list[Document]:
        return [self.document(doc_id) for doc_id in self.document_ids()]

    def document(self, doc_id: str) -> Document:
        check_doc_id(doc_id)
        path = self._doc_dir(doc_id) / "document.toml"
        if not path.is_file():
            raise self._unknown_document(doc_id)
        return doc_toml.to_document(doc_id, doc_toml.parse_document_toml(doc_id, path.read_bytes()))

    def _unknown_document(self, doc_id: str) -> BadReference:
        import difflib

        known = self.document_ids()
        close = difflib.get_close_matches(doc_id, known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        listing = (
            f" Documents: {', '.join(known[:20])}{' ...' if len(known) > 20 else ''}"
            if known
            else (" The corpus has no documents yet.")
        )
        return BadReference(f"no document {doc_id} in {self.root}{hint}{listing}")

    # -- timelines ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget cached timelines, to see revisions recorded by other processes."""
        self._timelines.clear()
        self._all = None

    @staticmethod
    def _build_timeline(doc_id: str, log: list[tuple[str, trailers.RevisionRecord]]) -> list[Revision]:
        ordered = sorted(log, key=lambda item: item[1].date)  # stable: commit order within a date
        names = refs.ref_names([(rec.date, rec.label, sha) for sha, rec in ordered])
        return [
            Revision(
                doc_id=doc_id,
                index=number,
                date=rec.date,
                label=rec.label,
                status=rec.status,
                commit=sha,
                source_sha256=rec.source_sha256,
                source_ext=rec.source_ext,
                source_url=rec.source_url,
                normalizer=rec.normalizer,
                technical=rec.technical,
                text_path=rec.text_path,
                ref_name=name,
            )
            for number, ((sha, rec), name) in enumerate(zip(ordered, names, strict=True), start=1)
        ]

    def timeline(self, doc_id: str, include_technical: bool = True) -> list[Revision]:
        """The document's revisions, oldest first (by revision date, then commit order)."""
        check_doc_id(doc_id)
        if doc_id not in self._timelines:
            if self._all is not None:
                self._timelines[doc_id] = self._all.get(doc_id, [])
            else:
                log = self._log_at(self.git.head(), [doc_id]).get(doc_id, [])
                self._timelines[doc_id] = self._build_timeline(doc_id, log)
        revisions = self._timelines[doc_id]
        if not revisions and not (self._doc_dir(doc_id) / "document.toml").is_file():
            raise self._unknown_document(doc_id)
        return list(revisions) if include_technical else [rev for rev in revisions if not rev.technical]

    def timelines(self) -> dict[str, list[Revision]]:
        """Every document's timeline, from the log cache brought up to HEAD (one `git log` at most)."""
        if self._all is None:
            grouped = self._log_at(self.git.head())
            self._all = {doc_id: self._build_timeline(doc_id, log) for doc_id, log in sorted(grouped.items())}
            self._timelines.update(self._all)
        return dict(self._all)

    def _log_at(
        self, head: str | None, doc_ids: list[str] | None = None, save: bool = True
    ) -> timeline_cache.Log:
        """The revision log as of commit `head` (none before the first commit), read through the cache."""
        if head is None:
            return {}
        if self._log_cache is None:
            self._log_cache = timeline_cache.TimelineCache(self.git)
        return self._log_cache.log_at(head, doc_ids, save=save)

    def resolve(self, ref: str) -> Revision:
        """The revision a reference names: DOC, DOC@latest, @latest~N, @N, @YYYY-MM-DD, @label, @commit."""
        doc_id, selector = refs.split_ref(ref)
        return refs.resolve_in(doc_id, selector, self.timeline(doc_id))

    def text(self, rev: Revision) -> str:
        """The normalized text of a revision, read from its own commit."""
        data = self.git.read_blob(rev.commit, f"documents/{rev.doc_id}/{rev.text_path}")
        if data is None:
            raise CorpusError(f"the text of {rev.ref} is missing from commit {rev.short_commit}")
        return data.decode("utf-8")

    def source_path(self, rev: Revision) -> Path:
        """Where the untouched original of a revision is kept: sources/<sha256>.<ext>."""
        return self.root / "sources" / f"{rev.source_sha256}.{rev.source_ext}"

    # -- writing --------------------------------------------------------------------------------
    @property
    def _journal_path(self) -> Path:
        import hashlib

        name = hashlib.sha1(str(self.root).encode()).hexdigest()[:10]
        return self.git.git_dir / f"tracker-pending-{name}.json"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the corpus's write lock; finishes any write a killed process left halfway."""
        what = self.git.operation_in_progress()
        if what:
            raise CorpusError(
                f"the repository is in the middle of {what}; finish or abort it first (see git status)"
            )
        from tracker.corpus import journal
        from tracker.corpus.lock import exclusive_lock  # imported when writing: reads take no lock

        with exclusive_lock(self.git.git_dir / "tracker.lock"):
            if journal.finish_pending(self.git, self.root, self._journal_path):
                self.refresh()
            yield

    def _identity_env(self, author: str | None) -> dict[str, str]:
        """Author/committer for a commit: --author, else git's own settings, else the tracker's default."""
        env: dict[str, str] = {}
        author_known, committer_known = self.git.identity_configured()
        if author:
            env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"] = parse_author(author)
        elif not author_known:
            env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"] = DEFAULT_NAME, DEFAULT_EMAIL
        if not committer_known:
            env["GIT_COMMITTER_NAME"], env["GIT_COMMITTER_EMAIL"] = DEFAULT_NAME, DEFAULT_EMAIL
        return env

    def _publish(self, commit: str, parent: str | None, files: Mapping[str, bytes], reason: str) -> None:
        """Move HEAD to a new commit, then bring the working tree and index up to it, crash-safely."""
        from tracker.corpus import journal
        journal.save(self._journal_path, journal.PendingWrite(commit, parent, tuple(sorted(files))))
        self.git.move_head(commit, parent, reason)
        journal.update_worktree(self.git, self.root, files)
        self._journal_path.unlink(missing_ok=True)
        self.refresh()
        self.git.refresh_commit_graph_in_background()

    def add(
        self,
        doc_id: str,
        source: Path,
        *,
        date: datetime.date,
        label: str,
        status: str = "draft",
        source_url: str | None = None,
        metadata: Mapping[str, str] | None = None,
        author: str | None = None,
        technical: bool = False,
    ) -> AddResult:
        """Record `source` as a revision of doc_id, creating the document on its first add."""
        from tracker.ingest import NORMALIZER_VERSION, ingest_file

        check_doc_id(doc_id)
        check_revision_date(date)
        label = check_line(label, "label")
        status = check_status(status)
        source_url = check_url(source_url) if source_url else None
        if author:
            parse_author(author)
        updates = dict(metadata or {})
        source = Path(source)
        if not source.is_file():
            raise IngestError(f"{source}: no such file")
        doc_dir = self._doc_dir(doc_id)
        toml_path = doc_dir / "document.toml"
        existing = metadata_table = None
        if toml_path.is_file():
            existing = toml_path.read_bytes()
            metadata_table = doc_toml.parse_document_toml(doc_id, existing)
        language = updates.get("language") or (metadata_table or {}).get("language")
        table = doc_toml.merge_metadata(doc_id, metadata_table, updates)  # validate before the slow part
        ingested = ingest_file(source, language=language)
        if not ingested.text.strip():
            raise IngestError(f"{source}: no text found")
        raw = source.read_bytes()
        source_sha = _sha256(raw)
        text = ingested.text.encode("utf-8")

        with self.lock():
            self.refresh()
            dirty, head = self.git.changed_paths([f"documents/{doc_id}"])
            if dirty:
                raise self._dirty_error(doc_id, dirty)
            if toml_path.is_file() and toml_path.read_bytes() != existing:
                existing = toml_path.read_bytes()
                metadata_table = doc_toml.parse_document_toml(doc_id, existing)
            table = doc_toml.merge_metadata(
                doc_id,
                metadata_table,
                updates,
                detected_language=ingested.language,
                detected_title=ingested.title,
            )
            doc_toml.require_sound(doc_id, table, new=metadata_table is None)
            log = self._log_at(head, [doc_id], save=False).get(doc_id, [])  # saved with the new commit
            timeline = self._build_timeline(doc_id, log)
            earlier = [rev for rev in timeline if rev.date <= date]
            predecessor = earlier[-1] if earlier else None
            if predecessor is not None and self.text(predecessor) == ingested.text:
                return AddResult(
                    None,
                    f"nothing recorded: the text is identical to {predecessor.ref} ('{predecessor.label}')",
                )
            for rev in timeline:
                if rev.source_sha256 == source_sha and self.text(rev) == ingested.text:
                    return AddResult(
                        None,
                        f"nothing recorded: this source is already recorded as {rev.ref} ('{rev.label}')",
                    )
            backfill = len(earlier) < len(timeline)
            text_path = f"backfill/{date.isoformat()}-{_sha256(text)[:12]}.md" if backfill else "text.md"
            files: dict[str, bytes] = {f"documents/{doc_id}/{text_path}": text}
            new_toml = doc_toml.dump_document_toml(table)
            if new_toml != existing:
                files[f"documents/{doc_id}/document.toml"] = new_toml
            files[f"sources/{source_sha}.{ingested.extension}"] = raw
            record = trailers.RevisionRecord(
                doc_id=doc_id,
                date=date,
                label=label,
                status=status,
                source_sha256=source_sha,
                source_ext=ingested.extension,
                source_url=source_url,
                normalizer=str(NORMALIZER_VERSION),
                technical=technical,
                text_path=text_path,
            )
            blobs = self.git.hash_blobs(files)
            env = self._identity_env(author)
            env["GIT_AUTHOR_DATE"] = f"{date.isoformat()}T12:00:00+0000"
            commit = self.git.commit_files(head, blobs, trailers.commit_message(record), env)
            self._publish(commit, head, files, f"tracker add {doc_id}")
            if self._log_cache is not None and head is not None:
                self._log_cache.advance(head, commit, record)
            # The new timeline is the one read above plus this commit, the newest: no second `git log`.
            self._timelines[doc_id] = self._build_timeline(doc_id, [*log, (commit, record)])
            revision = next(rev for rev in self._timelines[doc_id] if rev.commit == commit)
        where = " (back-filled before the latest revision; text.md unchanged)" if backfill else ""
        kind = "technical revision" if technical else "revision"
        return AddResult(
            revision,
            f"recorded {kind} {revision.ref} '{label}' ({status}) as commit {revision.short_commit}{where}",
        )

    def _dirty_error(self, doc_id: str, dirty: list[str]) -> CorpusError:
        toml = f"documents/{doc_id}/document.toml"
        hint = f"record edits of document.toml with: tracker meta {doc_id}; " if any(
            _same_path(name, toml) for name in dirty) else ""
        return CorpusError(
            f"documents/{doc_id} has uncommitted changes ({', '.join(dirty[:3])}); "
            f"{hint}commit or discard them first"
        )

    def update_metadata(
        self, doc_id: str, updates: Mapping[str, str], *, author: str | None = None
    ) -> MetadataResult:
        """Record new metadata of a document as one commit that touches only its document.toml.

        The values are merged into the document.toml on disk, so edits made to it by hand
        are recorded too (after the same checks `add` applies); nothing is written when the
        result is what the last commit holds.
        """
        check_doc_id(doc_id)
        if author:
            parse_author(author)
        relpath = f"documents/{doc_id}/document.toml"
        path = self.root / relpath
        with self.lock():
            self.refresh()
            head = self.git.head()
            committed = self.git.read_blob(head, relpath) if head else None
            if committed is None or not path.is_file():
                raise self._unknown_document(doc_id)
            dirty, head = self.git.changed_paths([f"documents/{doc_id}"])
            others = [name for name in dirty if not _same_path(name, relpath)]
            if others:
                raise self._dirty_error(doc_id, others)
            on_disk = doc_toml.parse_document_toml(doc_id, path.read_bytes())
            table = doc_toml.merge_metadata(doc_id, on_disk, updates)
            doc_toml.require_sound(doc_id, table)
            before = doc_toml.parse_document_toml(doc_id, committed)
            changed = sorted(key for key in {*before, *table} if before.get(key) != table.get(key))
            if not changed:
                return MetadataResult(None, changed, f"nothing recorded: {relpath} already says this")
            content = doc_toml.dump_document_toml(table)
            message = (
                f"{doc_id}: metadata ({', '.join(changed)})\n\n{trailers.DOCUMENT}: {doc_id}\n"
            )
            blobs = self.git.hash_blobs({relpath: content})
            commit = self.git.commit_files(head, blobs, message, self._identity_env(author))
            self._publish(commit, head, {relpath: content}, f"tracker meta {doc_id}")
        return MetadataResult(
            commit, changed, f"recorded metadata of {doc_id} ({', '.join(changed)}) as commit {commit[:12]}"
        )
