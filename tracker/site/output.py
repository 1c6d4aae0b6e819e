"""Writing the site: only files whose content changed are written, and the build remembers why.

Every planned file carries a fingerprint of the data it shows. When the previous build
wrote the same fingerprint and the file is still there, it is not even rendered; when
it is rendered, it is written only if its bytes differ. Files the previous build wrote
and this one no longer plans are removed; files the tracker never wrote are left alone.
The state lives beside the output folder, never inside it (`state_dir`: `public` keeps it
in `public.tracker-state/`), so the published folder holds only what is published and no
file of the state can be served or uploaded with the site: `state.json`, the report cache,
and `state.sqlite` (tracker.site.statedb), whose rows hold each document's model entry,
report digests and parts of the corpus-wide files, so a new revision rewrites only its
own document's rows.

A document whose signature (what its own files show, and the site chrome) is the one
the previous build recorded is not planned at all: its files are carried over from
the state as they are, so a rebuild costs little more per unchanged document than
reading its rows of the state.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tracker.errors import TrackerError
from tracker.site.statedb import KeptEntry, StateDB, plain_loads

STATE_FORMAT = "tracker.site-state/4"
#: The suffix of the state folder's name: `public` keeps its state in `public.tracker-state`.
STATE_SUFFIX = ".tracker-state"
#: Where builds before the state moved out kept it, inside the output (removed, never read).
LEGACY_STATE_DIR = ".tracker"


def state_dir(out: Path) -> Path:
    """The build's own state and caches of the site in `out`: beside it, never inside it."""
    folder = Path(os.path.abspath(out))
    if not folder.name:
        raise TrackerError(
            f"the output folder {out} has no name to keep the build's state beside; choose another with -o"
        )
    return folder.with_name(folder.name + STATE_SUFFIX)


def dump_memo(memo: Mapping[str, Any]) -> bytes:
    """A document's kept parts as stored: marshal (version 2: the same bytes in any process),
    so their many large strings and serialised chunks (bytes) are read back without parsing."""
    return marshal.dumps(_sorted_dicts(memo), 2)


def load_memo(blob: bytes) -> dict[str, Any] | None:
    try:
        data = plain_loads(blob)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _sorted_dicts(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_dicts(value[key]) for key in sorted(value)}
    return value


def missing_files(out: Path, rel_paths: Iterable[str]) -> set[str]:
    """Which of these files of the site are not on disk (deleted since the build that wrote
    them): one listing per folder rather than one stat per file."""
    listed: dict[str, set[str]] = {}
    missing = set()
    for rel in rel_paths:
        folder, _, name = rel.rpartition("/")
        names = listed.get(folder)
        if names is None:
            try:
                names = set(os.listdir(out / folder))
            except OSError:
                names = set()
            listed[folder] = names
        if name not in names:
            missing.add(rel)
    return missing


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
    """What the previous build wrote (path -> fingerprint, sha256, size), and per document
    the signature it was planned with and the files it owns (state.json); per document, its
    kept model entry, report digests and parts of the corpus-wide files (state.sqlite, see
    tracker.site.statedb), each read only when needed and rewritten only when it changed.
    """

    files: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    documents: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    reports: list[str] | None = None  # the report keys the build used (None: not known)
    inputs: str | None = None  # signature of everything the build read (see build.inputs_signature)
    warnings: list[str] = field(default_factory=list)  # the last build's warnings, repeated by a no-op build
    out: Path | None = None  # where the state was loaded from (None: no state, so no kept parts)
    # this build's new entries (None: drop the kept one), signatures and digests, saved with it
    new_entries: dict[str, tuple[str, bytes] | None] = field(default_factory=dict)
    signatures: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc -> (chrome, signature)
    new_digests: dict[str, dict[str, Any]] = field(default_factory=dict)  # doc -> key -> digest
    _saved: bytes = b""  # the state file as loaded: an unchanged state is not written again
    _loaded_documents: frozenset[str] = frozenset()
    _memo_blobs: dict[str, bytes] | None = None
    _memos: dict[str, dict[str, Any]] = field(default_factory=dict)
    _changed_memos: set[str] = field(default_factory=set)
    _kept: dict[str, KeptEntry] | None = None
    _kept_signatures: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def db(self) -> StateDB | None:
        return StateDB(state_dir(self.out)) if self.out is not None else None

    def kept_entries(self) -> dict[str, KeptEntry]:
        """Each document's kept model entry (undecoded), for documents the state names."""
        if self._kept is None:
            db = self.db
            rows = db.entries() if db is not None else {}
            self._kept = {doc_id: row for doc_id, row in rows.items() if doc_id in self._loaded_documents}
            self._kept_signatures = {
                doc_id: (row.chrome, row.signature) for doc_id, row in self._kept.items()
            }
        return self._kept

    def kept_signatures(self, exclude: set[str]) -> dict[str, tuple[str, str]]:
        """The signatures (chrome, signature) kept with the entries, except those of `exclude`
        (documents gathered anew: their kept signature was made from another entry)."""
        return {
            doc_id: (chrome, signature)
            for doc_id, (chrome, signature) in self._kept_signatures.items()
            if doc_id not in exclude and chrome is not None and signature is not None
        }

    def kept_digests(self, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The kept report digests (key -> digest) of these documents."""
        db = self.db
        wanted = [doc_id for doc_id in doc_ids if doc_id in self._loaded_documents]
        return db.digests(wanted) if db is not None and wanted else {}

    def document_memo(self, doc_id: str, changing: bool = False) -> dict[str, Any]:
        """One document's parts of the corpus-wide files, kept between builds in its own row
        (read only when one of those files is rendered: a build with nothing to do never reads
        them). Pass `changing=True` before changing it, so that it is saved; only those are."""
        memo = self._memos.get(doc_id)
        if memo is None:
            memo = {}
            if self.out is not None and doc_id in self._loaded_documents:
                if self._memo_blobs is None:
                    db = self.db
                    self._memo_blobs = db.memos() if db is not None else {}
                blob = self._memo_blobs.pop(doc_id, None)
                data = load_memo(blob) if blob is not None else None
                if isinstance(data, dict):
                    memo = data
            self._memos[doc_id] = memo
        if changing:
            self._changed_memos.add(doc_id)
        return memo

    @classmethod
    def load(cls, out: Path) -> BuildState:
        path = state_dir(out) / "state.json"
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
        return cls(
            _saved=raw,
            files=files,
            documents=documents,
            reports=reports,
            inputs=str(data["inputs"]) if data.get("inputs") else None,
            warnings=warnings,
            out=out,
            _loaded_documents=frozenset(documents),
        )

    def save(self, out: Path) -> None:
        target = state_dir(out) / "state.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": STATE_FORMAT,
            "files": self.files,
            "documents": self.documents,
            "reports": self.reports,
            "inputs": self.inputs,
            "warnings": self.warnings,
        }
        # the rows first: a state never names a document whose rows are not there
        memos = {
            doc_id: dump_memo(self._memos[doc_id])
            for doc_id in self._changed_memos
            if doc_id in self.documents
        }
        digests = {
            doc_id: orjson.dumps(own, option=orjson.OPT_SORT_KEYS)
            for doc_id, own in self.new_digests.items()
            if doc_id in self.documents
        }
        signatures = {
            doc_id: pair
            for doc_id, pair in self.signatures.items()
            if doc_id in self.new_entries or self._kept_signatures.get(doc_id) != pair
        }
        db = StateDB(state_dir(out))
        if (
            memos
            or digests
            or signatures
            or self.new_entries
            or set(self._loaded_documents) - set(self.documents)
        ):
            db.save(
                keep=set(self.documents),
                entries=self.new_entries,
                signatures=signatures,
                digests=digests,
                memos=memos,
            )
        self._changed_memos.clear()
        self.new_entries = {}
        self.new_digests = {}
        self._kept_signatures.update(signatures)
        self._loaded_documents = frozenset(self.documents)
        legacy = out / LEGACY_STATE_DIR
        if legacy.is_dir() and not legacy.is_symlink():  # never published, never read again
            shutil.rmtree(legacy, ignore_errors=True)
        raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        if raw != self._saved:
            _atomic_write(target, raw)
            self._saved = raw


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
        and not state_dir(out).is_dir()
        and not (out / LEGACY_STATE_DIR).is_dir()
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
