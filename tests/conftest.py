"""Fixtures shared by every test: an isolated, pinned git environment and temporary corpora.

* `pinned_git_env` (autouse): git sees no machine/user config, a fixed identity and
  fixed committer dates, and TRACKER_CORPUS is unset, so tests are deterministic
  and can never write to the project's own `corpus/`.
* `no_git_identity`: a git with no identity at all (a fresh CI machine).
* `make_corpus(name="corpus", title=..., inside_repo=False)`: a new corpus in
  tmp_path, in its own repository or as a folder of a host repository that
  already has a commit.
* `source_file(name, text)`: write a source file (Markdown, text, ...) under tmp_path.
* `repo_state(path)` / `RepoState`: HEAD, refs, index, status and every working
  file's hash, to assert that a failed command left a repository exactly as it was.
* `shared_dir`: the project's shared/ folder (real documents, evaluation set) beside the
  checkout, as CI lays it out (TRACKER_SHARED names another); tests that need it skip,
  saying where they looked, when it is absent.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
PINNED_NAME = "Test Author"
PINNED_EMAIL = "author@example.org"
PINNED_DATE = "2026-01-01T00:00:00+0000"
_IDENTITY_VARS = (
    "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL",
    "GIT_AUTHOR_DATE", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
)


@pytest.fixture(autouse=True)
def pinned_git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Isolate git and the tracker from the machine: pinned identity, committer date, caches."""
    config = tmp_path_factory.getbasetemp() / "pinned-gitconfig"
    if not config.exists():
        config.write_text(
            f"[user]\n\tname = {PINNED_NAME}\n\temail = {PINNED_EMAIL}\n"
            "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[gc]\n\tauto = 0\n",
            encoding="utf-8",
        )
    for var in (*_IDENTITY_VARS, "TRACKER_CORPUS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_COMMITTER_DATE", PINNED_DATE)
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", "1")
    # the cross-run regex cache (tracker/regex_cache.py) goes to the session's temporary folder, not ~/.cache
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "tracker-cache"))


@pytest.fixture
def no_git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git that knows no user name or email, as on a fresh CI machine."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in _IDENTITY_VARS:
        monkeypatch.delenv(var, raising=False)


def git(cwd: Path, *args: str) -> str:
    """Run git in cwd and return its stdout (stripped); fails the test on error."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)} failed: {proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., object]:
    """Factory: make_corpus(name="corpus", title="Test corpus", inside_repo=False) -> Corpus."""
    from tracker.corpus import Corpus

    def make(name: str = "corpus", title: str = "Test corpus", inside_repo: bool = False) -> Corpus:
        if inside_repo:
            host = tmp_path / f"{name}-host"
            host.mkdir()
            git(host, "init", "-q", "-b", "main")
            (host / "README.md").write_text("host project\n", encoding="utf-8")
            git(host, "add", "README.md")
            git(host, "commit", "-q", "-m", "host project")
            return Corpus.init(host / name, title)
        return Corpus.init(tmp_path / name, title)

    return make


@pytest.fixture
def source_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Factory: source_file("draft.md", text) writes UTF-8 text under tmp_path/inputs, returns the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / "inputs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@dataclass(frozen=True)
class RepoState:
    """Everything a failed command must leave as it was."""

    head: str
    refs: str
    index: str
    status: str
    files: tuple[tuple[str, str], ...]


def repo_state(path: Path) -> RepoState:
    """The state of the repository containing path: HEAD, refs, index entries, status, working files."""
    top = Path(git(path, "rev-parse", "--show-toplevel"))
    head = subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=top, capture_output=True,
                          text=True, check=False).stdout.strip()
    files = tuple(
        (str(p.relative_to(top)), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(top.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(top).parts
    )
    return RepoState(
        head=head,
        refs=git(top, "for-each-ref", "--format=%(refname) %(objectname)"),
        index=git(top, "ls-files", "--stage"),
        status=git(top, "status", "--porcelain=v1", "--untracked-files=all"),
        files=files,
    )


@pytest.fixture
def snapshot() -> Callable[[Path], RepoState]:
    """repo_state as a fixture, for tests in other files."""
    return repo_state


@pytest.fixture
def chdir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """chdir(path): change the working folder for this test only."""
    yield monkeypatch.chdir


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """<checkout>/../shared (or TRACKER_SHARED); the test is skipped, saying why, when it is absent."""
    path = Path(os.environ.get("TRACKER_SHARED") or CHECKOUT.parent / "shared")
    if not path.is_dir():
        pytest.skip(f"no shared/ folder at {path} (beside the checkout; TRACKER_SHARED names another)")
    return path


def read_terminal(controller: int) -> bytes:
    """Everything written to a pseudo-terminal until its last writer closes it (Linux raises EIO then)."""
    import os

    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


#: Golden files are rewritten, on purpose only, when TRACKER_UPDATE_GOLDEN=1.
UPDATE_GOLDEN = os.environ.get("TRACKER_UPDATE_GOLDEN") == "1"


def match_golden(actual: str, target: Path, *, test_file: str, name: str, produced: str = "rendered",
                 context: int = 3) -> None:
    """Compare output with its golden file byte for byte (or rewrite it under TRACKER_UPDATE_GOLDEN=1);
    a difference fails with a unified diff and the command that regenerates the goldens."""
    import difflib

    if UPDATE_GOLDEN:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(actual, encoding="utf-8")
        return
    assert target.is_file(), f"no golden file {name}: run TRACKER_UPDATE_GOLDEN=1 pytest {test_file}"
    expected = target.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), "golden", produced,
                n=context,
            )
        )
        pytest.fail(
            f"{name} differs (regenerate on purpose: TRACKER_UPDATE_GOLDEN=1 pytest "
            f"tests/{Path(test_file).name}):\n{diff[:6000]}"
        )
