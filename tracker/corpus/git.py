"""Every git operation the corpus needs, and the only module that talks to git.

Reads are path-limited (`git log -- <document folder>`, one call per document)
and blob reads go through a persistent `git cat-file --batch` (GitPython) once a
process has read more than a few texts (the site, the watcher). After each write a
detached `git commit-graph write --changed-paths` keeps path-limited logs fast.

Writes never use the user's index: a commit's tree is the parent tree plus our
files (`commit-tree`), HEAD moves with a compare-and-swap
`update-ref`, and only then are the working tree and the user's index brought up
to date for exactly our paths, so whatever else the user has staged or changed
stays as it was. A `tracker add` runs a fixed dozen short git processes, whatever
the corpus size: status (which also reports HEAD), one path-limited log, a
cat-file for the text to compare with, one hash-object for all blobs,
a cat-file and a hash-object that rewrite only the trees on the changed paths
(tracker/corpus/trees.py; a temporary index when that cannot be done),
commit-tree, update-ref, and update-index for the user's index.

Paths passed in are relative to the folder the GitRepo was opened on (the corpus root).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import Any

from tracker.errors import CorpusError

ZERO_SHA = "0" * 40
DEFAULT_NAME = "policy tracker"
DEFAULT_EMAIL = "tracker@localhost"
_IN_PROGRESS = {
    "MERGE_HEAD": "a merge",
    "rebase-merge": "a rebase",
    "rebase-apply": "a rebase or git am",
    "CHERRY_PICK_HEAD": "a cherry-pick",
    "REVERT_HEAD": "a revert",
    "BISECT_LOG": "a bisect",
}


# Private temporary folders in the git directory are named tracker-<kind>-<pid>-<random>: a folder
# whose writer has died (SIGKILL, power loss) is found by its PID and removed by the next writer.
TEMPORARY_KINDS = ("blobs", "trees", "index", "inbox")
_TEMPORARY = re.compile(rf"tracker-(?:{'|'.join(TEMPORARY_KINDS)})-(?:(?P<pid>\d+)-)?[^/]+")
_LEGACY_TEMPORARY_AGE = 3600.0  # seconds; folders named before the PID was part of the name

_LONG_WRITE_BYTES = 4 * 1024 * 1024  # blobs this large take git a noticeable time to hash and write
_COMMIT_GRAPH_INTERVAL = 300  # seconds between background commit-graph writes
_SINGLE_READS = 16  # blob reads done with one `git cat-file` each before a persistent batch pays off


class GitFailed(CorpusError):
    """A git command failed; the message carries git's own first line of complaint."""


class GitRepo:
    """A git repository as seen from one folder inside its working tree."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._batch: Any = None  # GitPython Repo, for persistent cat-file reads
        self._reads = 0
        self._stale_checked = False

    # -- running git ---------------------------------------------------------------------------
    def run(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        dies_with_parent: bool = False,
    ) -> bytes:
        """Run git; `dies_with_parent` for long object writes, which are safe to cut short (never for
        commands that take git's own lock files, such as update-ref: those must finish)."""
        full_env = None
        if env:
            full_env = dict(os.environ)
            full_env.update(env)
        try:
            proc = subprocess.run(
                ["git", *args],
                cwd=self.cwd,
                input=input,
                capture_output=True,
                env=full_env,
                check=False,
                stdin=subprocess.DEVNULL if input is None else None,
                preexec_fn=_die_with_parent() if dies_with_parent else None,
            )
        except FileNotFoundError:
            raise CorpusError("git is not installed or not on PATH") from None
        if check and proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            first = next((line for line in message if line.strip()), f"exit status {proc.returncode}")
            if "not a git repository" in first:
                raise CorpusError(f"{self.cwd} is not inside a git repository")
            raise GitFailed(f"git {args[0]} failed: {first.removeprefix('fatal: ')}")
        return proc.stdout

    def text(self, *args: str, **kwargs: Any) -> str:
        return self.run(*args, **kwargs).decode("utf-8", "replace").strip()

    # -- where things are -----------------------------------------------------------------------
    @cached_property
    def _locations(self) -> tuple[Path, Path, Path, str]:
        """Top level, common git dir, this worktree's git dir and the prefix, from one `git rev-parse`."""
        out = self.text(
            "rev-parse",
            "--path-format=absolute",
            "--show-toplevel",
            "--git-common-dir",
            "--git-dir",
            "--show-prefix",
        ).split("\n")
        if len(out) < 3 or not out[0]:
            raise CorpusError(f"{self.cwd} is not inside a git working tree")
        prefix = out[3] if len(out) > 3 else ""
        return Path(out[0]), Path(out[1]), Path(out[2]), prefix

    @property
    def toplevel(self) -> Path:
        return self._locations[0]

    @property
    def git_dir(self) -> Path:
        """The common git directory (shared by all worktrees): where lock and journal live."""
        return self._locations[1]

    @property
    def prefix(self) -> str:
        """The corpus folder relative to the repository root, '' or ending in '/'."""
        return self._locations[3]

    @property
    def _private_git_dir(self) -> Path:
        return self._locations[2]

    def operation_in_progress(self) -> str | None:
        """Name a merge/rebase/cherry-pick/... that is under way, since committing then would mix in."""
        for marker, what in _IN_PROGRESS.items():
            if (self._private_git_dir / marker).exists():
                return what
        return None

    # -- reading --------------------------------------------------------------------------------
    def head(self) -> str | None:
        out = self.run("rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).decode().strip()
        return out or None

    def log_trailers(
        self, pathspec: str, max_count: int | None = None, start: str | None = None
    ) -> list[tuple[str, str]]:
        """(commit, trailer block) for each commit touching pathspec, oldest first, in one git call.

        The history read is HEAD's, or `start`'s when given (a writer pins the commit it builds on).
        """
        args = ["log", "--no-color", "--format=%H%x1f%(trailers:only,unfold)%x1e"]
        if max_count is not None:
            args.append(f"--max-count={max_count}")
        if start is not None:
            args.append(start)
        out = self.run(*args, "--", pathspec, check=False)
        records: list[tuple[str, str]] = []
        for chunk in out.decode("utf-8", "replace").split("\x1e"):
            sha, sep, block = chunk.strip("\n").partition("\x1f")
            if sep:
                records.append((sha, block))
        records.reverse()
        return records

    def read_blob(self, commit: str, path: str) -> bytes | None:
        """The content of path at commit, or None when it is not there."""
        self._reads += 1
        if self._reads <= _SINGLE_READS:
            proc = subprocess.run(
                ["git", "cat-file", "blob", f"{commit}:./{path}"],
                cwd=self.cwd,
                capture_output=True,
                check=False,
            )
            return proc.stdout if proc.returncode == 0 else None
        if self._batch is None:
            import git  # GitPython: a persistent `cat-file --batch` for processes that read many texts

            self._batch = git.Repo(self.toplevel)
        try:
            _sha, kind, _size, data = self._batch.git.get_object_data(f"{commit}:{self.prefix}{path}")
        except ValueError:
            return None
        return bytes(data) if kind in (b"blob", "blob") else None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        proc = subprocess.run(
            ["git", "merge-base", "--is-ancestor", ancestor, descendant], cwd=self.cwd, capture_output=True
        )
        return proc.returncode == 0

    def changed_paths(self, paths: Iterable[str]) -> tuple[list[str], str | None]:
        """Paths among `paths` (or under them) that differ between HEAD, index and working tree, and HEAD.

        One `git status --porcelain=v2 --branch`: its header carries the HEAD commit
        (None in a repository with no commit yet), so a writer needs no `rev-parse`.
        """
        out = self.run("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--", *paths)
        head: str | None = None
        changed: list[str] = []
        entries = iter(out.decode("utf-8", "replace").split("\0"))
        for entry in entries:
            kind = entry[:2]
            if entry.startswith("# branch.oid "):
                oid = entry.removeprefix("# branch.oid ").strip()
                head = None if oid == "(initial)" else oid
            elif kind == "1 ":
                changed.append(entry.split(" ", 8)[-1])
            elif kind == "2 ":
                changed.append(entry.split(" ", 9)[-1])
                next(entries, None)  # the path it was renamed from
            elif kind == "u ":
                changed.append(entry.split(" ", 10)[-1])
            elif kind in ("? ", "! "):
                changed.append(entry[2:])
        return changed, head

    def identity_configured(self) -> tuple[bool, bool]:
        """Whether git knows an author and a committer (env or config) without guessing."""
        wanted = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
        if all(os.environ.get(name) for name in wanted):
            return True, True  # the environment says it all: no need to ask git's config
        config = self.run(
            "config", "--get-regexp", r"^(user|author|committer)\.(name|email)$", check=False
        ).decode("utf-8", "replace")
        keys = {line.split(" ", 1)[0] for line in config.splitlines()}

        def known(kind: str) -> bool:
            name = (
                bool(os.environ.get(f"GIT_{kind.upper()}_NAME"))
                or f"{kind}.name" in keys
                or "user.name" in keys
            )
            email = (
                bool(os.environ.get(f"GIT_{kind.upper()}_EMAIL"))
                or f"{kind}.email" in keys
                or ("user.email" in keys or bool(os.environ.get("EMAIL")))
            )
            return name and email

        return known("author"), known("committer")

    # -- private temporary folders ----------------------------------------------------------------
    @contextmanager
    def temporary_folder(self, kind: str) -> Iterator[Path]:
        """A private folder in the git directory, removed afterwards; its name carries our PID so that
        the next writer can remove it if we are killed first (`remove_stale_temporaries`)."""
        import shutil
        import tempfile  # imported when writing: it pulls in random

        if kind not in TEMPORARY_KINDS:
            raise ValueError(f"unknown temporary folder kind {kind!r}")
        self.remove_stale_temporaries()
        folder = Path(tempfile.mkdtemp(prefix=f"tracker-{kind}-{os.getpid()}-", dir=self._private_git_dir))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def remove_stale_temporaries(self, *, force: bool = False) -> list[Path]:
        """Remove the temporary folders of writers that died (their PID is gone); once per process,
        unless `force`. Returns what was removed. A folder of a live process is never touched."""
        if self._stale_checked and not force:
            return []
        self._stale_checked = True
        import shutil
        import time

        removed: list[Path] = []
        try:
            entries = list(os.scandir(self._private_git_dir))
        except OSError:
            return removed
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match is None:
                continue
            pid = match["pid"]
            if pid is not None:
                stale = int(pid) != os.getpid() and not _process_alive(int(pid))
            else:  # named by an older version: no writer holds one for an hour
                try:
                    stale = time.time() - entry.stat(follow_symlinks=False).st_mtime > _LEGACY_TEMPORARY_AGE
                except OSError:
                    stale = False
            if not stale:
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with suppress(OSError):
                    path.unlink(missing_ok=True)
            if not os.path.lexists(path):
                removed.append(path)
        return removed

    # -- writing --------------------------------------------------------------------------------
    def hash_blob(self, data: bytes) -> str:
        return self.text("hash-object", "-w", "--stdin", input=data)  # ends with our pipe if we die

    def hash_blobs(self, contents: Mapping[str, bytes]) -> dict[str, str]:
        """Write each content as a blob, all in one `git hash-object`; {path: blob sha}."""
        if len(contents) <= 1:
            return {path: self.hash_blob(data) for path, data in contents.items()}
        with self.temporary_folder("blobs") as folder:
            files = []
            for number, data in enumerate(contents.values()):
                file = folder / str(number)
                file.write_bytes(data)
                files.append(str(file))
            # --no-filters: store the bytes as given, as `--stdin` does, whatever .gitattributes says
            # A big write is stopped if we are killed; a small one ends by itself a moment later, and
            # the death signal costs a full fork (~0.1 s for a watcher-sized process) instead of vfork.
            long = sum(map(len, contents.values())) >= _LONG_WRITE_BYTES
            shas = self.text("hash-object", "-w", "--no-filters", "--", *files, dies_with_parent=long).split()
        if len(shas) != len(contents):
            raise GitFailed(f"git hash-object returned {len(shas)} ids for {len(contents)} files")
        return dict(zip(contents, shas, strict=True))

    def commit_files(
        self, parent: str | None, blobs: Mapping[str, str], message: str, env: Mapping[str, str]
    ) -> str:
        """A new commit: parent's tree with `blobs` ({path: blob sha}) put in; HEAD is not moved."""
        tree = self._tree_with(parent, blobs) if parent else None
        if tree is None:
            tree = self._tree_with_index(parent, blobs)
        args = ["commit-tree", tree]
        if parent:
            args += ["-p", parent]
        return self.text(*args, "-F", "-", input=message.encode("utf-8"), env=env)

    def _tree_with(self, parent: str, blobs: Mapping[str, str]) -> str | None:
        """The tree of parent with `blobs` put in, rewriting only the trees on their paths.

        One `git cat-file --batch` reads the parent's trees on those paths, one
        `git hash-object -t tree` writes the new ones (tracker/corpus/trees.py).
        None when this cannot be done safely; the caller then uses an index.
        """
        from tracker.corpus import trees

        files = {f"{self.prefix}{path}": sha for path, sha in blobs.items()}
        id_length = len(parent) // 2
        if any("\n" in path for path in files) or len(parent) not in (40, 64):
            return None
        folders = trees.folders_along(files)
        request = "".join(f"{parent}^{{tree}}\n" if not f else f"{parent}:{f}\n" for f in folders)
        out = self.run("cat-file", "--batch", input=request.encode("utf-8"))
        old: dict[str, bytes | None] = {}
        at = 0
        for folder in folders:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            at = end + 1
            if header[-1] == b"missing":
                old[folder] = None
                continue
            if len(header) != 3 or header[1] != b"tree":
                return None  # a file or a submodule where a folder should be
            size = int(header[2])
            old[folder] = out[at : at + size]
            at += size + 1
        try:
            new = trees.build_trees(old, files, id_length)
        except (trees.TreeConflict, ValueError):
            return None
        with self.temporary_folder("trees") as scratch:
            paths = []
            for number, tree in enumerate(new):
                file = scratch / str(number)
                file.write_bytes(tree.data)
                paths.append(str(file))
            try:
                # Stored without zlib (level 0): a big sources/ tree (~1 MB at 10,000 originals) is
                # rewritten by every add, compresses only to ~70% (binary ids) and costs ~15 ms to
                # deflate; `git gc` packs these loose trees with deltas later.
                level0 = ("-c", "core.looseCompression=0")
                command = ("hash-object", "-t", "tree", "-w", "--no-filters", "--")
                written = self.text(*level0, *command, *paths).split()
            except GitFailed:
                return None
        if written != [tree.oid for tree in new]:
            return None  # git disagrees with our serialization: let the index build it
        return new[-1].oid

    def _tree_with_index(self, parent: str | None, blobs: Mapping[str, str]) -> str:
        """The same tree built through a temporary index (read-tree, update-index, write-tree)."""
        with self.temporary_folder("index") as folder:
            index_env = {"GIT_INDEX_FILE": str(folder / "index")}  # git wants to create it itself
            if parent:
                self.run("read-tree", parent, env=index_env)
            else:
                self.run("read-tree", "--empty", env=index_env)
            info = "".join(f"100644 {sha}\t{self.prefix}{path}\n" for path, sha in sorted(blobs.items()))
            self.run("update-index", "--index-info", input=info.encode("utf-8"), env=index_env)
            return self.text("write-tree", env=index_env)

    def move_head(self, new: str, old: str | None, reason: str) -> None:
        """Point HEAD (its branch) at new, only if it still points at old."""
        self.run("update-ref", "-m", reason, "HEAD", new, old or ZERO_SHA)

    def stage_paths(self, paths: Iterable[str]) -> None:
        """Make the user's index match the working tree for exactly these paths (like `git add -- paths`)."""
        path_list = list(paths)
        if path_list:
            self.run("update-index", "--add", "--", *path_list)

    def refresh_commit_graph_in_background(self) -> None:
        """Start a detached `git commit-graph write --changed-paths` and return at once.

        Changed-path Bloom filters make path-limited `git log` (every timeline read)
        about ten times faster on a corpus of thousands of revisions. The graph is a
        cache git maintains itself from then on; a failed or raced write is harmless.
        """
        if os.environ.get("TRACKER_COMMIT_GRAPH", "1") == "0" or self._commit_graph_is_recent():
            return
        try:
            subprocess.Popen(
                [
                    "git",
                    "commit-graph",
                    "write",
                    "--reachable",
                    "--changed-paths",
                    "--split",
                    "--no-progress",
                ],
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            pass

    def _commit_graph_is_recent(self) -> bool:
        """A graph written minutes ago still covers nearly all history: one write per burst of adds.

        Commits newer than the graph are read without Bloom filters, which costs little
        for a few of them; a write per add would keep a second process busy on every add.
        """
        import time

        info = self.git_dir / "objects" / "info"
        for graph in (info / "commit-graphs" / "commit-graph-chain", info / "commit-graph"):
            try:
                if time.time() - graph.stat().st_mtime < _COMMIT_GRAPH_INTERVAL:
                    return True
            except OSError:
                continue
        return False

    @staticmethod
    def init_repository(path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            ["git", "init", "-q", "-b", "main", str(path)], capture_output=True, check=False
        )
        if proc.returncode != 0:
            raise CorpusError(
                f"cannot create a git repository in {path}: {proc.stderr.decode('utf-8', 'replace').strip()}"
            )

    @staticmethod
    def find_worktree(path: Path) -> Path | None:
        """The working tree that contains path (or its nearest existing parent), if any."""
        probe = path
        while not probe.exists():
            probe = probe.parent
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=probe, capture_output=True, check=False
        )
        out = proc.stdout.decode().strip()
        return Path(out) if proc.returncode == 0 and out else None


def _process_alive(pid: int) -> bool:
    """Whether a process with this PID exists (a zombie counts as dead: it writes nothing more)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True  # no /proc (macOS): signal 0 said it exists


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec function making the child get SIGTERM when we die (Linux), so a killed writer does
    not leave a git process behind; git removes its own temporary files on SIGTERM. None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    global _PRCTL
    if _PRCTL is None:
        import ctypes

        _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
    prctl, parent = _PRCTL, os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, 15)  # SIGTERM
        if os.getppid() != parent:  # the parent died before the line above: nobody would signal us
            os._exit(1)

    return preexec


_PR_SET_PDEATHSIG = 1
_PRCTL: Any = None
