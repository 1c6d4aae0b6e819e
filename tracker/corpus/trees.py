"""Git tree objects built in Python: a commit's tree with a few files put in, without a temporary index.

Recording a revision changes two or three files. Building its tree through an
index means reading the whole parent tree into the index and writing every
entry back (`read-tree`, `update-index`, `write-tree`), which grows with the
corpus. Only the trees on the paths to the changed files differ from the
parent's, so this module rewrites just those: it parses the parent's trees,
puts the new entries in, and serializes them in git's order. The object ids it
computes are checked against the ones git returns when the trees are written
(tracker/corpus/git.py), and any tree it cannot handle (a file where a folder
should be, say) makes the caller fall back to the index.

Pure functions over bytes; no git process here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

TREE_MODE = b"40000"
FILE_MODE = b"100644"


class TreeConflict(ValueError):
    """The parent's tree has something this module does not rewrite (a file where a folder goes)."""


@dataclass(frozen=True)
class NewTree:
    """A tree to write: the folder it is (repository-relative, '' for the root), its id and bytes."""

    folder: str
    oid: str
    data: bytes


def folders_along(paths: Mapping[str, str]) -> list[str]:
    """Every folder on the way to the given file paths, root ('') first, parents before children."""
    found = {""}
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]))
    return sorted(found, key=lambda folder: (folder.count("/") + (folder != ""), folder))


_ENTRY = {
    length: re.compile(rb"([0-7]+) ([^\0]+)\0.{%d}" % length, re.DOTALL) for length in (20, 32)
}

Entries = dict[bytes, tuple[bytes, bytes]]
"""A tree's entries in git's order: {name: (mode, the entry's raw bytes)}."""


def entry(mode: bytes, name: bytes, oid: bytes) -> tuple[bytes, bytes]:
    return mode, mode + b" " + name + b"\0" + oid


def parse_tree(data: bytes, id_length: int) -> Entries:
    """A raw tree object's entries (a corpus's sources/ tree has one per original: kept as raw bytes)."""
    entries: Entries = {}
    total = 0
    for match in _ENTRY[id_length].finditer(data):
        entries[match[2]] = (match[1], match[0])
        total += len(match[0])
    if total != len(data):
        raise ValueError("not a tree object this module can read")
    return entries


def _is_tree(mode: bytes) -> bool:
    return mode.lstrip(b"0") == TREE_MODE  # old git wrote folders as 040000


def _sort_key(item: tuple[bytes, tuple[bytes, bytes]]) -> bytes:
    name, (mode, _raw) = item
    return name + b"/" if _is_tree(mode) else name  # git compares a folder as "name/"


def serialize_tree(entries: Entries, *, ordered: bool = False) -> bytes:
    """The raw tree; `ordered` says the entries are already in git's order (only replaced in place)."""
    items = entries.items() if ordered else sorted(entries.items(), key=_sort_key)
    return b"".join(raw for _name, (_mode, raw) in items)


def object_id(kind: str, data: bytes, id_length: int) -> str:
    """The id git gives an object: SHA-1 (20-byte ids) or SHA-256 (32) of its header and content."""
    digest = hashlib.sha1 if id_length == 20 else hashlib.sha256
    return digest(f"{kind} {len(data)}\0".encode() + data).hexdigest()


def build_trees(
    old_trees: Mapping[str, bytes | None], files: Mapping[str, str], id_length: int
) -> list[NewTree]:
    """The new trees, deepest first, that put `files` ({path: blob id}) into the parent's trees.

    `old_trees` maps each folder of `folders_along(files)` to the parent's raw
    tree there, or None where the folder is new. The last tree returned is the root.
    """
    folders = folders_along(files)
    entries = {folder: parse_tree(old_trees.get(folder) or b"", id_length) for folder in folders}
    added: set[str] = set()  # folders that gain a name, so need sorting again

    def put(folder: str, name: bytes, mode: bytes, oid: str) -> None:
        current = entries[folder].get(name)
        if current is not None and _is_tree(current[0]) != _is_tree(mode):
            where = f"{folder}/{name.decode()}".lstrip("/")
            kind = "a file" if _is_tree(mode) else "a folder"
            raise TreeConflict(f"{where} is {kind} in the parent commit")
        if current is None:
            added.add(folder)
        entries[folder][name] = entry(mode, name, bytes.fromhex(oid))

    for path, blob in files.items():
        folder, _, name = path.rpartition("/")
        put(folder, name.encode(), FILE_MODE, blob)
    written: list[NewTree] = []
    for folder in reversed(folders):  # children before their parents
        data = serialize_tree(entries[folder], ordered=folder not in added)
        oid = object_id("tree", data, id_length)
        written.append(NewTree(folder, oid, data))
        if folder:
            parent, _, name = folder.rpartition("/")
            put(parent, name.encode(), TREE_MODE, oid)
    return written
