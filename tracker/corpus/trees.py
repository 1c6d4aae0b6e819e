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
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate

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


_HEADERS = {
    length: re.compile(rb"([0-7]+) ([^\0]+)\0.{%d}" % length, re.DOTALL) for length in (20, 32)
}


def _is_tree(mode: bytes) -> bool:
    return mode.lstrip(b"0") == TREE_MODE  # old git wrote folders as 040000


def _sort_key(name: bytes, mode: bytes) -> bytes:
    return name + b"/" if _is_tree(mode) else name  # git compares a folder as "name/"


class Tree:
    """A raw tree object with a few entries put in, spliced into its bytes.

    A corpus's sources/ tree has one entry per original (10,000 on a large
    corpus) and every revision adds one: rather than rebuilding the tree entry
    by entry, its names are found in one regex pass and the new entries are
    spliced in at their place in git's order.
    """

    def __init__(self, data: bytes, id_length: int) -> None:
        self.data, self.id_length = data, id_length
        heads = _HEADERS[id_length].findall(data)  # [(mode, name)] in the tree's (git's) order
        self._lengths = [len(mode) + len(name) + 2 + id_length for mode, name in heads]
        if sum(self._lengths) != len(data):
            raise ValueError("not a tree object this module can read")
        self._heads = heads
        self._index = {name: number for number, (_mode, name) in enumerate(heads)}
        self._replaced: dict[int, bytes] = {}
        self._added: dict[bytes, tuple[bytes, bytes]] = {}  # name -> (mode, raw entry)

    def mode(self, name: bytes) -> bytes | None:
        if name in self._added:
            return self._added[name][0]
        number = self._index.get(name)
        return None if number is None else self._heads[number][0]

    def put(self, name: bytes, mode: bytes, oid: bytes) -> None:
        raw = mode + b" " + name + b"\0" + oid
        number = self._index.get(name)
        if number is None:
            self._added[name] = (mode, raw)
        else:
            self._replaced[number] = raw

    def serialize(self) -> bytes:
        if not self._added and not self._replaced:
            return self.data
        starts = [0, *accumulate(self._lengths)]
        edits = [
            (starts[number], starts[number + 1], raw) for number, raw in sorted(self._replaced.items())
        ]
        if self._added:
            keys = [_sort_key(name, mode) for mode, name in self._heads]
            added = sorted((_sort_key(name, mode), raw) for name, (mode, raw) in self._added.items())
            for key, raw in added:
                at = starts[bisect_left(keys, key)]
                edits.append((at, at, raw))
        edits.sort(key=lambda edit: (edit[0], edit[1]))  # stable: added names stay in key order
        pieces, cursor = [], 0
        for begin, end, raw in edits:
            pieces += [self.data[cursor:begin], raw]
            cursor = end
        pieces.append(self.data[cursor:])
        return b"".join(pieces)


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
    entries = {folder: Tree(old_trees.get(folder) or b"", id_length) for folder in folders}

    def put(folder: str, name: bytes, mode: bytes, oid: str) -> None:
        current = entries[folder].mode(name)
        if current is not None and _is_tree(current) != _is_tree(mode):
            where = f"{folder}/{name.decode()}".lstrip("/")
            kind = "a file" if _is_tree(mode) else "a folder"
            raise TreeConflict(f"{where} is {kind} in the parent commit")
        entries[folder].put(name, mode, bytes.fromhex(oid))

    for path, blob in files.items():
        folder, _, name = path.rpartition("/")
        put(folder, name.encode(), FILE_MODE, blob)
    written: list[NewTree] = []
    for folder in reversed(folders):  # children before their parents
        data = entries[folder].serialize()
        oid = object_id("tree", data, id_length)
        written.append(NewTree(folder, oid, data))
        if folder:
            parent, _, name = folder.rpartition("/")
            put(parent, name.encode(), TREE_MODE, oid)
    return written
