"""Trees built in Python (tracker/corpus/trees.py) must be exactly the trees git builds through an index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import git
from tracker.corpus import trees
from tracker.corpus.git import GitRepo


def _repo(root: Path, prefix: str, object_format: str = "sha1") -> tuple[GitRepo, str]:
    """A repository with names that sort differently as files and folders, an executable and a symlink."""
    git(root, "init", "-q", "-b", "main", f"--object-format={object_format}")
    base = root / prefix if prefix else root
    files = {
        "documents/jp/plan/text.md": "text\n",
        "documents/jp/plan/document.toml": 'title = "x"\n',
        "documents/jp/plan-b/text.md": "other\n",
        "documents/jp.old": "a file beside a folder of similar name\n",
        "documents/jp-x/a/text.md": "dash sorts before slash\n",
        "sources/aaa.md": "source\n",
        "tracker.toml": 'title = "t"\n',
    }
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (base / "run.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(base / "run.sh", 0o755)
    os.symlink("tracker.toml", base / "link")
    (root / "outside.txt").write_text("not the corpus\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    repo = GitRepo(base)
    return repo, git(root, "rev-parse", "HEAD")


@pytest.mark.parametrize("prefix", ["", "my corpus"])
@pytest.mark.parametrize(
    "changed",
    [
        ["documents/jp/plan/text.md"],  # one file replaced
        ["documents/jp/plan/text.md", "documents/jp/plan/document.toml", "sources/bbb.md"],
        ["documents/jp/plan/backfill/2025-01-01-abc.md", "sources/0.md"],  # a new folder
        ["documents/xx/new-plan/text.md", "documents/xx/new-plan/document.toml"],  # two new levels
        ["documents/jp/text.md", "documents/jp-x/a/text.md", "documents/jp.old"],  # neighbours of jp/
        ["sources/000.md", "sources/zzz.md", "sources/aab.md", "sources/a.md"],  # first, last, between
        ["documents/jp/plan.md", "documents/jp/plan0", "documents/jp/plan/z.md"],  # around folder "plan/"
    ],
)
def test_python_trees_equal_the_index_built_ones(tmp_path: Path, prefix: str, changed: list[str]) -> None:
    repo, head = _repo(tmp_path, prefix)
    blobs = {path: repo.hash_blob(f"new content of {path}\n".encode()) for path in changed}
    fast = repo._tree_with(head, blobs)
    assert fast is not None
    assert fast == repo._tree_with_index(head, blobs)
    assert git(tmp_path, "cat-file", "-t", fast) == "tree"
    git(tmp_path, "fsck", "--no-dangling", "--strict")


def test_sha256_repositories(tmp_path: Path) -> None:
    repo, head = _repo(tmp_path, "", object_format="sha256")
    assert len(head) == 64
    blobs = {"documents/jp/plan/text.md": repo.hash_blob(b"new\n"), "sources/new.md": repo.hash_blob(b"s\n")}
    fast = repo._tree_with(head, blobs)
    assert fast is not None and len(fast) == 64
    assert fast == repo._tree_with_index(head, blobs)


def test_a_file_where_a_folder_is_falls_back_to_the_index(tmp_path: Path) -> None:
    repo, head = _repo(tmp_path, "")
    blobs = {"documents/jp/plan": repo.hash_blob(b"a file replacing a folder\n")}
    assert repo._tree_with(head, blobs) is None
    commit = repo.commit_files(head, blobs, "replace\n", {})
    assert git(tmp_path, "cat-file", "-p", f"{commit}:documents/jp/plan") == "a file replacing a folder"


def test_a_folder_where_a_file_is_falls_back_to_the_index(tmp_path: Path) -> None:
    repo, head = _repo(tmp_path, "")
    blobs = {"documents/jp.old/text.md": repo.hash_blob(b"inside\n")}
    assert repo._tree_with(head, blobs) is None
    commit = repo.commit_files(head, blobs, "nest\n", {})
    assert git(tmp_path, "cat-file", "-p", f"{commit}:documents/jp.old/text.md") == "inside"


def test_folders_are_listed_parents_first() -> None:
    files = {"a/b/c.md": "0" * 40, "a/d.md": "0" * 40, "e/f.md": "0" * 40}
    assert trees.folders_along(files) == ["", "a", "e", "a/b"]


def test_parse_and_serialize_round_trip(tmp_path: Path) -> None:
    repo, head = _repo(tmp_path, "")
    raw = repo.run("cat-file", "tree", f"{head}:documents")
    assert trees.Tree(raw, 20).serialize() == raw
    assert trees.object_id("tree", raw, 20) == git(tmp_path, "rev-parse", f"{head}:documents")
