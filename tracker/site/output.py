"""Writing the site: only files whose content changed are written, and the build remembers why.

Every planned file carries a fingerprint of the data it shows. When the previous build
wrote the same fingerprint and the file is still there, it is not even rendered; when
it is rendered, it is written only if its bytes differ. Files the previous build wrote
and this one no longer plans are removed; files the tracker never wrote are left alone.
The state lives in `<out>/.tracker/state.json`, beside the report cache; each document's
report digests are in `<out>/.tracker/digests/`, one file per document, so a new revision
rewrites only its own document's digests.

A document whose signature (what its own files show, and the site chrome) is the one
the previous build recorded is not planned at all: its files are carried over from
the state as they are, so a rebuild costs little more per unchanged document than
reading its line of the state.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tracker.errors import TrackerError

STATE_FORMAT = "tracker.site-state/3"
CACHE_DIR = ".tracker"
#: Per document, the report digests of its revisions (one small file each, under the cache).
DIGESTS_DIR = "digests"
#: Per document, its parts of the corpus-wide files (theme page rows, CSV rows) kept between builds.
MEMO_DIR = "memo"


def _document_file(out: Path, folder: str, doc_id: str) -> Path:
    name = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32]  # ids hold slashes
    return out / CACHE_DIR / folder / f"{name}.json"


def digest_file(out: Path, doc_id: str) -> Path:
    """Where one document's report digests are kept."""
    return _document_file(out, DIGESTS_DIR, doc_id)


def memo_file(out: Path, doc_id: str) -> Path:
    """Where one document's kept parts of the corpus-wide files are."""
    return _document_file(out, MEMO_DIR, doc_id)


@dataclass(frozen=True)
class PlannedFile:
    """One output file: where it goes, what it depends on, and how to make its bytes."""

    path: str
    fingerprint: str
    render: Callable[[], bytes]
    is_page: bool = False
    # what of a page the link check reads (default: all of it); a page assembled from
    # parts kept between builds gives only what was rendered anew
    to_check: Callable[[bytes], bytes] | None = None


@dataclass
class BuildState:
    """What the previous build wrote (path -> fingerprint, sha256, size), its report digests,
    and per document the signature it was planned with and the files it owns.

    The digests (most of the state by size) are kept per document in their own files, so
    a build after one new revision rewrites that document's file, not every document's.
    """

    files: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    digests: dict[str, dict[str, Any]] = field(default_factory=dict)  # report key -> digest, all documents
    document_digests: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # doc -> key -> it
    documents: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    reports: list[str] | None = None  # the report keys the build used (None: not known)
    inputs: str | None = None  # signature of everything the build read (see build.inputs_signature)
    warnings: list[str] = field(default_factory=list)  # the gather's warnings, repeated by a no-op build
    out: Path | None = None  # where the state was loaded from (None: no state, so no kept parts)
    _saved: bytes = b""  # the state file as loaded: an unchanged state is not written again
    _loaded_digest_keys: dict[str, set[str]] = field(default_factory=dict)  # per document, as on disk
    _loaded_documents: frozenset[str] = frozenset()
    _memos: dict[str, dict[str, Any]] = field(default_factory=dict)
    _changed_memos: set[str] = field(default_factory=set)

    def document_memo(self, doc_id: str, changing: bool = False) -> dict[str, Any]:
        """One document's parts of the corpus-wide files, kept between builds in its own file
        (read only when one of those files is rendered: a build with nothing to do never reads
        it). Pass `changing=True` before changing it, so that it is saved; only those are."""
        memo = self._memos.get(doc_id)
        if memo is None:
            memo = {}
            if self.out is not None and doc_id in self._loaded_documents:
                try:
                    data = orjson.loads(memo_file(self.out, doc_id).read_bytes())
                except (OSError, ValueError):
                    data = None
                if (
                    isinstance(data, dict)
                    and data.get("format") == STATE_FORMAT
                    and data.get("document") == doc_id
                    and isinstance(data.get("memo"), dict)
                ):
                    memo = data["memo"]
            self._memos[doc_id] = memo
        if changing:
            self._changed_memos.add(doc_id)
        return memo

    @classmethod
    def load(cls, out: Path) -> BuildState:
        path = out / CACHE_DIR / "state.json"
        try:
            raw = path.read_bytes()
            data = orjson.loads(raw)
        except (OSError, ValueError):
            return cls()  # no memo either: parts kept for files the state does not know are not trusted
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            return cls()
        try:
            files = {k: (str(v[0]), str(v[1]), int(v[2])) for k, v in data.get("files", {}).items()}
            documents = {k: (str(v[0]), list(v[1])) for k, v in data.get("documents", {}).items()}
            reports = [str(k) for k in data["reports"]] if isinstance(data.get("reports"), list) else None
            warnings = [str(w) for w in data.get("warnings") or []]
        except (TypeError, ValueError, IndexError):
            return cls()
        document_digests = _load_digests(out, documents)
        return cls(
            _saved=raw,
            files=files,
            digests={key: digest for own in document_digests.values() for key, digest in own.items()},
            document_digests=document_digests,
            _loaded_digest_keys={doc_id: set(own) for doc_id, own in document_digests.items()},
            documents=documents,
            reports=reports,
            inputs=str(data["inputs"]) if data.get("inputs") else None,
            warnings=warnings,
            out=out,
            _loaded_documents=frozenset(documents),
        )

    def save(self, out: Path) -> None:
        target = out / CACHE_DIR / "state.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": STATE_FORMAT,
            "files": self.files,
            "documents": self.documents,
            "reports": self.reports,
            "inputs": self.inputs,
            "warnings": self.warnings,
        }
        self._save_memos(out)  # kept parts carry the signature or key they were made for
        self._save_digests(out)  # before the state: a state never names digests that are not there
        raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        if raw != self._saved:
            _atomic_write(target, raw)
            self._saved = raw

    def _save_memos(self, out: Path) -> None:
        """Write the kept parts that changed; drop those of documents that are gone."""
        for doc_id in sorted(self._changed_memos):
            if doc_id in self.documents:
                blob = {"format": STATE_FORMAT, "document": doc_id, "memo": self._memos[doc_id]}
                _atomic_write(memo_file(out, doc_id), orjson.dumps(blob, option=orjson.OPT_SORT_KEYS))
        for doc_id in self._loaded_documents - set(self.documents):
            memo_file(out, doc_id).unlink(missing_ok=True)
        self._changed_memos.clear()
        self._loaded_documents = frozenset(self.documents)
        (out / CACHE_DIR / "memo.json").unlink(missing_ok=True)  # where state format 2 kept them all

    def _save_digests(self, out: Path) -> None:
        """Write the digest file of each document whose report keys changed; drop those of
        documents that are gone. A key fixes its report, so the same keys mean the same file."""
        for doc_id, digests in self.document_digests.items():
            if self._loaded_digest_keys.get(doc_id) != set(digests) or not digest_file(out, doc_id).is_file():
                blob = {"format": STATE_FORMAT, "document": doc_id, "digests": digests}
                _atomic_write(digest_file(out, doc_id), orjson.dumps(blob, option=orjson.OPT_SORT_KEYS))
        for doc_id in set(self._loaded_digest_keys) - set(self.document_digests):
            digest_file(out, doc_id).unlink(missing_ok=True)
        self._loaded_digest_keys = {doc_id: set(d) for doc_id, d in self.document_digests.items()}


def _load_digests(out: Path, documents: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """The digest files of the documents the state names (a missing or damaged one is
    skipped: its digests are made again from the report cache)."""
    loaded: dict[str, dict[str, dict[str, Any]]] = {}
    for doc_id in documents:
        try:
            data = orjson.loads(digest_file(out, doc_id).read_bytes())
        except (OSError, ValueError):
            continue
        if (
            isinstance(data, dict)
            and data.get("format") == STATE_FORMAT
            and data.get("document") == doc_id
            and isinstance(data.get("digests"), dict)
        ):
            loaded[doc_id] = data["digests"]
    return loaded


@dataclass(frozen=True)
class WriteResult:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    rendered: Mapping[str, bytes]  # the pages rendered in this build (for the link check)


_made_dirs: set[Path] = set()


def _ensure_dir(folder: Path) -> None:
    if folder not in _made_dirs:
        folder.mkdir(parents=True, exist_ok=True)
        _made_dirs.add(folder)


def _atomic_write(target: Path, data: bytes) -> None:
    """Replace a file atomically (a server never sees half a page); new files are written directly."""
    _ensure_dir(target.parent)
    try:
        # a new file; after a crash it has no state entry, so the next build rewrites it
        with open(target, "xb") as fh:
            fh.write(data)
        return
    except FileExistsError:
        pass
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


def check_output_dir(out: Path, corpus_root: Path) -> None:
    """Refuse outputs that would overwrite the corpus or a folder the tracker did not make."""
    out_r, corpus_r = out.resolve(), corpus_root.resolve()
    if out_r == corpus_r or corpus_r.is_relative_to(out_r):
        raise TrackerError(f"the output folder {out} would hold the corpus itself; choose another with -o")
    if out.exists() and not out.is_dir():
        raise TrackerError(f"the output path {out} is a file, not a folder")
    if (
        out.is_dir()
        and any(out.iterdir())
        and not (out / CACHE_DIR).is_dir()
        and not (out / "index.html").exists()
    ):
        raise TrackerError(
            f"the output folder {out} is not empty and was not made by tracker build; "
            "choose an empty folder with -o or remove it"
        )


def write_files(
    out: Path,
    planned: Iterable[PlannedFile],
    state: BuildState,
    progress: Callable[[str, int, int], None] | None = None,
    carried: Mapping[str, tuple[str, str, int]] | None = None,
    written_elsewhere: Iterable[Batch] = (),
) -> WriteResult:
    """Write what changed, remove what is no longer planned, update `state.files` in place.

    `carried` are files of unchanged documents: kept as the previous build left them,
    neither rendered nor checked one by one. `written_elsewhere` are batches another
    process wrote (see tracker.site.parallel): they count as written here, before `planned`.
    """
    plan = list(planned)
    new_files: dict[str, tuple[str, str, int]] = dict(carried or {})
    written: list[str] = []
    unchanged = len(new_files)
    for batch in written_elsewhere:
        for path, entry in batch.files.items():
            if path in new_files:
                raise RuntimeError(f"two files planned at {path}")  # a bug in a planner, not user input
            new_files[path] = entry
        written.extend(batch.written)
        unchanged += batch.unchanged
    batch = write_batch(out, plan, state.files, progress, taken=set(new_files))
    new_files.update(batch.files)
    written.extend(batch.written)
    unchanged += batch.unchanged
    removed = []
    for path in sorted(set(state.files) - set(new_files)):
        target = out / path
        if target.is_file():
            target.unlink()
            removed.append(path)
            _prune_empty_dirs(target.parent, out)
    state.files = new_files
    return WriteResult(
        written=tuple(written), unchanged=unchanged, removed=tuple(removed), rendered=batch.rendered
    )


@dataclass(frozen=True)
class Batch:
    """Some planned files made and written: their state entries, those written, and the
    pages rendered (for the link check)."""

    files: dict[str, tuple[str, str, int]]
    written: list[str]
    unchanged: int
    rendered: dict[str, bytes]


def write_batch(
    out: Path,
    plan: list[PlannedFile],
    previous: Mapping[str, tuple[str, str, int]],
    progress: Callable[[str, int, int], None] | None = None,
    taken: set[str] | None = None,
) -> Batch:
    """Render and write the planned files whose fingerprint or bytes changed since `previous`
    (the last build's entries); the rest are left as they are."""
    files: dict[str, tuple[str, str, int]] = {}
    seen: set[str] = taken if taken is not None else set()
    written: list[str] = []
    rendered: dict[str, bytes] = {}
    unchanged = 0
    for i, item in enumerate(plan):
        if item.path in seen:
            raise RuntimeError(f"two files planned at {item.path}")  # a bug in a planner, not user input
        seen.add(item.path)
        target = out / item.path
        before = previous.get(item.path)
        if before is not None and before[0] == item.fingerprint:
            try:
                if target.stat().st_size == before[2]:
                    files[item.path] = before
                    unchanged += 1
                    if progress:
                        progress("write", i + 1, len(plan))
                    continue
            except OSError:
                pass
        data = item.render()
        sha = hashlib.sha256(data).hexdigest()
        if item.is_page:
            rendered[item.path] = item.to_check(data) if item.to_check else data
        if not (before is not None and before[1] == sha and _same_bytes(target, data)):
            _atomic_write(target, data)
            written.append(item.path)
        else:
            unchanged += 1
        files[item.path] = (item.fingerprint, sha, len(data))
        if progress:
            progress("write", i + 1, len(plan))
    return Batch(files=files, written=written, unchanged=unchanged, rendered=rendered)


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _prune_empty_dirs(folder: Path, root: Path) -> None:
    root = root.resolve()
    while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        _made_dirs.discard(folder)
        folder = folder.parent
