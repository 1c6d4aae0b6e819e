"""The build's per-document state in one SQLite file: `state.sqlite` in the state folder
beside the output (tracker.site.output.state_dir).

A rebuild after one new revision must cost little per unchanged document. Each document
has one row per table, keyed by its id:

- `entries`: its gathered model entry (DocumentEntry, revisions and report digests, the
  report pairs it uses), under a key made of what it was made from (the stat of its
  document.toml, the commits of its timeline, the lexicon, the tracker version), and
  the signature its files were last planned with. An unchanged document costs reading
  its row and making its objects, not reading its metadata file or its digests.
- `digests`: its report digests by report key (read only for documents gathered anew).
- `memo`: its parts of the corpus-wide files (theme page rows, CSV rows, changes.json and
  themes.json items), marshalled too: large strings and bytes read back without parsing.

A build rewrites only the rows of documents that changed, in one transaction. Entries are
`marshal`led (tuples, strings, numbers: the fastest to read back), and read back only
through `plain_loads`, which refuses anything but plain data: marshal can also carry code
objects, and nothing the build reads back may ever be code.
"""

from __future__ import annotations

import datetime
import marshal
import sqlite3
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import orjson

from tracker.corpus.model import DOCUMENT_FIELDS
from tracker.errors import TrackerError
from tracker.site.chart import SparseStats
from tracker.site.model import DocumentEntry, ReportDigest, RevisionEntry

#: Bump when a table's layout or an entry's encoding changes: an older file is started afresh.
DB_FORMAT = "tracker.site-state-db/9"
DB_NAME = "state.sqlite"

#: A pair of commits whose report a document uses: (report key, before commit or None, after commit).
Pair = tuple[str, str | None, str]

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, key TEXT NOT NULL, chrome TEXT, "
    "signature TEXT, data BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS digests (id TEXT PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS memo (id TEXT PRIMARY KEY, data BLOB NOT NULL)",
)


@dataclass(frozen=True)
class KeptEntry:
    """One document's row of `entries`, decoded only when its key matches."""

    key: str
    chrome: str | None
    signature: str | None
    data: bytes

    def decode(self) -> tuple[DocumentEntry, list[Pair]]:
        return decode_entry(self.data)


#: The marshal type codes of plain data, as version 2 writes them (no references, no short
#: forms): what a kept value may be made of. Anything else (a code object above all) is
#: refused before marshal reads it, so reading the state never makes a code object.
#: Per type code: 0 refused, 1 a fixed size (`_FIXED_SIZE`), 2 a 4-byte length and that many
#: bytes (bytes, str, interned str), 3 a 4-byte count and that many values (tuple, list),
#: 4 a dict (keys and values until "0"), 5 a long (a 4-byte signed count of 2-byte digits).
_KINDS = {
    **dict.fromkeys(b"NTFig", 1),
    **dict.fromkeys(b"sut", 2),
    **dict.fromkeys(b"([", 3),
    ord("{"): 4,
    ord("l"): 5,
}
_KIND = bytes(_KINDS.get(code, 0) for code in range(256))
_FIXED_SIZE = [{ord("i"): 4, ord("g"): 8}.get(code, 0) for code in range(256)]
_DICT_END = ord("0")
_U32 = struct.Struct("<I").unpack_from
_I32 = struct.Struct("<i").unpack_from


def is_plain_marshal(blob: bytes) -> bool:
    """Whether `blob` is one marshal (version 2) value made only of None, booleans, numbers,
    strings, bytes, tuples, lists and dicts, read without making any object of it."""
    try:
        return _scan(blob)
    except struct.error:  # a length or count past the end
        return False


def _scan(blob: bytes) -> bool:
    kind, fixed, u32 = _KIND, _FIXED_SIZE, _U32
    end = len(blob)
    pos = 0
    left = 1  # values still to read in the innermost open container; -1: a dict, until "0"
    outer: list[int] = []  # the same for the containers around it
    while True:
        if left == 0:
            if not outer:
                return pos == end
            left = outer.pop()
            continue
        if pos >= end:
            return False
        code = blob[pos]
        pos += 1
        if left > 0:
            left -= 1
        elif code == _DICT_END:
            left = outer.pop()
            continue
        what = kind[code]
        if what == 2:
            pos += 4 + u32(blob, pos)[0]
        elif what == 1:
            pos += fixed[code]
        elif what == 3:
            outer.append(left)
            left = u32(blob, pos)[0]
            pos += 4
        elif what == 4:
            outer.append(left)
            left = -1
        elif what == 5:
            pos += 4 + 2 * abs(_I32(blob, pos)[0])
        else:
            return False


def plain_loads(blob: bytes) -> Any:
    """`marshal.loads` of plain data only; ValueError for anything else (a code object, a
    set, a stream marshal cannot read), checked before marshal makes any object of it."""
    if not is_plain_marshal(blob):
        raise ValueError("not plain marshal data")
    try:
        return marshal.loads(blob)
    except (EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not marshal data: {exc}") from None


def entry_key(toml_stat: tuple[int, int], commits: Iterable[str], lexicon_id: str, version: str) -> str:
    """What a document's model entry is made from: its metadata file (by stat, as the build's
    no-change check does) and its timeline (a commit fixes a revision's text and trailers)."""
    return f"{DB_FORMAT}|{toml_stat[0]}|{toml_stat[1]}|{lexicon_id}|{version}|{','.join(commits)}"


class KeptRecords(Sequence[Mapping[str, Any]]):
    """A digest's change records as kept (marshal bytes), decoded when first read: a rebuild
    reads every document's entry, but the changes of few of them (the newest, the changed)."""

    __slots__ = ("_blob", "_records")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._records: tuple[Mapping[str, Any], ...] | None = None

    @property
    def records(self) -> tuple[Mapping[str, Any], ...]:
        if self._records is None:
            try:
                records = plain_loads(self._blob)
            except ValueError:
                records = None
            if not isinstance(records, tuple) or not all(isinstance(r, dict) for r in records):
                raise TrackerError(
                    f"the build's state is damaged: remove {DB_NAME} in the state folder beside the output"
                )
            self._records = records
        return self._records

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Mapping[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> Mapping[str, Any] | Sequence[Mapping[str, Any]]:
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self.records)


def _records_blob(records: Sequence[Mapping[str, Any]]) -> bytes:
    if isinstance(records, KeptRecords):
        return records._blob
    return marshal.dumps(tuple(dict(c) for c in records), 2)


def encode_entry(doc: DocumentEntry, pairs: list[Pair]) -> bytes:
    revisions = tuple(
        (
            r.slug,
            r.number,
            r.ref,
            r.date.toordinal(),
            r.label,
            r.status,
            r.commit,
            r.source_sha256,
            r.source_ext,
            r.source_url,
            r.report_key,
            r.compare_key,
            r.previous_slug,
            (
                r.digest.summary,
                r.digest.themes_after,
                r.digest.themes_before,
                _records_blob(r.digest.change_records),
                r.digest.commitments_after,
                r.digest.commitments_analysed,
                r.digest.text_changed,
                r.digest.shifts,
            ),
        )
        for r in doc.revisions
    )
    fields = (*(getattr(doc, name) for name in DOCUMENT_FIELDS), doc.commitments_key)
    # version 2: no back-references, whose use depends on the objects' identity: the same entry
    # gives the same bytes in any process
    stats = tuple(
        (theme, st.first_x.toordinal(), st.first, st.last_x.toordinal(), st.last, st.top, st.nonzero)
        for theme, st in doc.theme_stats.items()
        if isinstance(st.first_x, datetime.date) and isinstance(st.last_x, datetime.date)
    )
    themes = (tuple(sorted(doc.theme_ids)), tuple(sorted(doc.carried_themes)), stats)
    return marshal.dumps((DB_FORMAT, fields, revisions, tuple(pairs), themes), 2)


def decode_entry(data: bytes) -> tuple[DocumentEntry, list[Pair]]:
    """The entry and its pairs; ValueError when the bytes are not an entry of this format."""
    try:
        fmt, fields, revisions, pairs, themes = plain_loads(data)
        if fmt != DB_FORMAT:
            raise ValueError("another format")
        if len(fields) != len(DOCUMENT_FIELDS) + 1:  # the document's facts, then its commitments_key
            raise ValueError("another field list")
        facts = dict(zip(DOCUMENT_FIELDS, fields[:-1], strict=True))
        doc_id = facts["id"]
        if not all(isinstance(r[13][3], bytes) for r in revisions):
            raise ValueError("change records not kept as bytes")
        entries = tuple(
            RevisionEntry(
                doc_id=doc_id,
                slug=r[0],
                number=r[1],
                ref=r[2],
                date=datetime.date.fromordinal(r[3]),
                label=r[4],
                status=r[5],
                commit=r[6],
                source_sha256=r[7],
                source_ext=r[8],
                source_url=r[9],
                report_key=r[10],
                compare_key=r[11],
                previous_slug=r[12],
                digest=ReportDigest(r[13][0], r[13][1], r[13][2], KeptRecords(r[13][3]), *r[13][4:]),
            )
            for r in revisions
        )
        doc = DocumentEntry(**facts, revisions=entries, commitments_key=fields[-1])
        # what the entry's properties would compute from its revisions, kept with it
        doc.__dict__["theme_ids"] = frozenset(themes[0])
        doc.__dict__["carried_themes"] = frozenset(themes[1])
        date = datetime.date.fromordinal
        doc.__dict__["theme_stats"] = {
            t[0]: SparseStats(date(t[1]), t[2], date(t[3]), t[4], t[5], t[6]) for t in themes[2]
        }
        return doc, [(str(p[0]), p[1], str(p[2])) for p in pairs]
    except (EOFError, TypeError, IndexError, KeyError, ValueError) as exc:
        raise ValueError(f"not a kept entry: {exc}") from None


class StateDB:
    """The per-document tables of one output folder. Each call opens and closes the file (a
    build forks workers; a connection is never carried into them)."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / DB_NAME

    def _connect(self, create: bool = False) -> sqlite3.Connection | None:
        if not create and not self.path.is_file():
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, isolation_level=None)
        return con

    def _valid(self, con: sqlite3.Connection) -> bool:
        try:
            row = con.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        except sqlite3.DatabaseError:
            return False
        return row is not None and row[0] == DB_FORMAT

    def entries(self) -> dict[str, KeptEntry]:
        """Every document's kept entry (undecoded); none when the file is missing or not ours."""
        try:
            con = self._connect()
            if con is None:
                return {}
            try:
                if not self._valid(con):
                    return {}
                rows = con.execute("SELECT id, key, chrome, signature, data FROM entries").fetchall()
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return {}
        return {row[0]: KeptEntry(row[1], row[2], row[3], bytes(row[4])) for row in rows}

    def _blobs(self, table: str, ids: Iterable[str] | None) -> dict[str, bytes]:
        try:
            con = self._connect()
            if con is None:
                return {}
            try:
                if not self._valid(con):
                    return {}
                if ids is None:
                    rows = con.execute(f"SELECT id, data FROM {table}").fetchall()  # noqa: S608 - fixed names
                else:
                    wanted = list(ids)
                    rows = []
                    for start in range(0, len(wanted), 500):
                        chunk = wanted[start : start + 500]
                        marks = ",".join("?" * len(chunk))
                        rows.extend(
                            con.execute(f"SELECT id, data FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608
                        )
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return {}
        return {row[0]: bytes(row[1]) for row in rows}

    def digests(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The kept report digests (key -> digest) of these documents, all in one mapping."""
        found: dict[str, dict[str, Any]] = {}
        for blob in self._blobs("digests", ids).values():
            try:
                data = orjson.loads(blob)
            except ValueError:
                continue
            if isinstance(data, dict):
                found.update(data)
        return found

    def memos(self) -> dict[str, bytes]:
        """Every document's kept parts of the corpus-wide files, as stored (JSON)."""
        return self._blobs("memo", None)

    def save(
        self,
        *,
        keep: set[str],
        entries: Mapping[str, tuple[str, bytes] | None],
        signatures: Mapping[str, tuple[str, str]],
        digests: Mapping[str, bytes],
        memos: Mapping[str, bytes],
    ) -> None:
        """In one transaction: drop the rows of documents not in `keep`; write the given
        entries (None: drop that document's entry), signatures, digests and memos."""
        try:
            con = self._connect(create=True)
            assert con is not None
            try:
                try:
                    valid = self._valid(con)
                except sqlite3.DatabaseError:
                    valid = False
                if not valid:
                    con.close()
                    self.path.unlink(missing_ok=True)
                    con = sqlite3.connect(self.path, isolation_level=None)
                con.execute("BEGIN IMMEDIATE")
                for statement in _TABLES:
                    con.execute(statement)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (DB_FORMAT,))
                for table in ("entries", "digests", "memo"):
                    gone = [row[0] for row in con.execute(f"SELECT id FROM {table}") if row[0] not in keep]  # noqa: S608
                    con.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in sorted(gone)])  # noqa: S608
                for doc_id, entry in sorted(entries.items()):
                    if entry is None:
                        con.execute("DELETE FROM entries WHERE id = ?", (doc_id,))
                    else:
                        chrome, signature = signatures.get(doc_id, (None, None))
                        con.execute(
                            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                            (doc_id, entry[0], chrome, signature, entry[1]),
                        )
                for doc_id, (chrome, signature) in sorted(signatures.items()):
                    if doc_id not in entries:
                        con.execute(
                            "UPDATE entries SET chrome = ?, signature = ? WHERE id = ?",
                            (chrome, signature, doc_id),
                        )
                con.executemany("INSERT OR REPLACE INTO digests VALUES (?, ?)", sorted(digests.items()))
                con.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?)", sorted(memos.items()))
                con.execute("COMMIT")
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise TrackerError(f"cannot write the build's state {self.path}: {exc}") from None
