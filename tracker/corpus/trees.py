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


def parse_tree(data: bytes, id_length: int) -> dict[bytes, tuple[bytes, bytes]]:
    """A raw tree object's entries: {name: (mode, binary id)}."""
    entries: dict[bytes, tuple[bytes, bytes]] = {}
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode, name = data[at:space], data[space + 1 : nul]
        entries[name] = (mode, data[nul + 1 : nul + 1 + id_length])
        at = nul + 1 + id_length
    return entries


def _sort_key(item: tuple[bytes, tuple[bytes, bytes]]) -> bytes:
    name, (mode, _oid) = item
    return name + b"/" if mode == TREE_MODE else name  # git compares a folder as "name/"


def serialize_tree(entries: Mapping[bytes, tuple[bytes, bytes]]) -> bytes:
    ordered = sorted(entries.items(), key=_sort_key)
    return b"".join(mode + b" " + name + b"\0" + oid for name, (mode, oid) in ordered)


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
    for path, blob in files.items():
        folder, _, name = path.rpartition("/")
        current = entries[folder].get(name.encode())
        if current is not None and current[0] == TREE_MODE:
            raise TreeConflict(f"{path} is a folder in the parent commit")
        entries[folder][name.encode()] = (FILE_MODE, bytes.fromhex(blob))
    written: list[NewTree] = []
    for folder in reversed(folders):  # children before their parents
        data = serialize_tree(entries[folder])
        oid = object_id("tree", data, id_length)
        written.append(NewTree(folder, oid, data))
        if folder:
            parent, _, name = folder.rpartition("/")
            current = entries[parent].get(name.encode())
            if current is not None and current[0] != TREE_MODE:
                raise TreeConflict(f"{folder} is a file in the parent commit")
            entries[parent][name.encode()] = (TREE_MODE, bytes.fromhex(oid))
    return written
