"""Crash safety for writes: a note of the commit being recorded, kept until the working tree has caught up.

A write goes: objects and commit, then this note, then HEAD moves, then the
working tree and index are updated, then the note is removed. Whoever takes the
lock next and finds a note finishes the job: if HEAD never moved the note is
dropped (the orphan commit is harmless); if it did, each noted path still
holding its old content is brought up to the recorded one. A path the user has
changed since is left alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tracker.corpus.git import GitRepo


@dataclass(frozen=True)
class PendingWrite:
    commit: str
    parent: str | None
    paths: tuple[str, ...]  # relative to the corpus root


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path's content in one step, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tracker-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save(journal: Path, pending: PendingWrite) -> None:
    data = {"commit": pending.commit, "parent": pending.parent, "paths": list(pending.paths)}
    write_atomic(journal, json.dumps(data).encode("utf-8"))


def load(journal: Path) -> PendingWrite | None:
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        return PendingWrite(str(data["commit"]), data.get("parent"), tuple(data["paths"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # unreadable: written halfway, before HEAD could move
        return None


def update_worktree(git: GitRepo, root: Path, contents: Mapping[str, bytes]) -> None:
    """Write our files into the working tree, then stage exactly those paths."""
    for path, data in contents.items():
        target = root / path
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
    git.stage_paths(sorted(contents))


def finish_pending(git: GitRepo, root: Path, journal: Path) -> bool:
    """Complete an interrupted write, if there is one; True when something was repaired."""
    pending = load(journal)
    if pending is None:
        return False
    head = git.head()
    repaired = False
    if head and (head == pending.commit or git.is_ancestor(pending.commit, head)):
        contents: dict[str, bytes] = {}
        for path in pending.paths:
            recorded = git.read_blob(head, path)
            before = git.read_blob(pending.parent, path) if pending.parent else None
            file = root / path
            current = file.read_bytes() if file.is_file() else None
            if recorded is not None and (current == before or current == recorded):
                contents[path] = recorded
        update_worktree(git, root, contents)
        repaired = True
    journal.unlink(missing_ok=True)
    return repaired
