"""The corpus commands through click's CliRunner: output shapes, errors, and what they leave behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import git, read_terminal, repo_state
from tracker.cli import main

DOC = "jp/ai-basic-plan"
FIRST = "# AI Basic Plan\n\n政府は、計算資源の整備を推進する。経済産業省は、毎年度報告する。\n"
ACT = (
    "# AI Act\n\nProviders of high-risk systems shall register them in the database before they are placed "
    "on the market. The Commission will publish guidelines on the practical implementation of this rule.\n"
)
SECOND = "# AI Basic Plan\n\n政府は、計算資源の整備を検討する。経済産業省は、報告する。\n"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def corpus_dir(tmp_path: Path, source_file) -> Path:
    root = tmp_path / "plans"
    assert run("init", str(root), "--title", "AI plans").exit_code == 0
    first = source_file("draft.md", FIRST)
    result = run(
        "add",
        DOC,
        str(first),
        "--date",
        "2025-12-23",
        "--label",
        "Cabinet decision",
        "--status",
        "adopted",
        "--title",
        "AI Basic Plan",
        "--jurisdiction",
        "JP",
        "--language",
        "ja",
        "--source-url",
        "https://example.org/plan.pdf",
        "--corpus",
        str(root),
    )
    assert result.exit_code == 0, result.output
    second = source_file("revised.md", SECOND)
    result = run(
        "add", DOC, str(second), "--date", "2026-06-30", "--label", "Revised draft", "--corpus", str(root)
    )
    assert result.exit_code == 0, result.output
    return root


def test_init_and_add_messages(tmp_path: Path, source_file) -> None:
    result = run("init", str(tmp_path / "c"))
    assert result.exit_code == 0 and "created corpus 'c'" in result.output
    result = run(
        "add", DOC, str(source_file("a.md", FIRST)), "--date", "2025-12-23", "--corpus", str(tmp_path / "c")
    )
    assert result.exit_code == 0
    assert result.output.startswith(f"recorded revision {DOC}@2025-12-23 'Draft' (draft) as commit ")


def test_log_json_shape(corpus_dir: Path) -> None:
    result = run("log", DOC, "--json", "--corpus", str(corpus_dir))
    assert result.exit_code == 0
    revisions = json.loads(result.output)
    assert [r["date"] for r in revisions] == ["2025-12-23", "2026-06-30"]
    first = revisions[0]
    assert {
        "date",
        "label",
        "status",
        "commit",
        "source_sha256",
        "index",
        "ref",
        "technical",
        "source_url",
        "normalizer",
    } <= set(first)
    assert (first["label"], first["status"], first["source_url"]) == (
        "Cabinet decision",
        "adopted",
        "https://example.org/plan.pdf",
    )
    assert first["commit"] == git(corpus_dir, "rev-parse", "HEAD~1")
    assert run("log", DOC, "--format", "json", "--corpus", str(corpus_dir)).output == result.output


def test_log_text(corpus_dir: Path) -> None:
    lines = run("log", DOC, "--corpus", str(corpus_dir)).output.splitlines()
    assert lines[0].split() == ["#", "date", "status", "commit", "label"]
    assert lines[1].split()[:3] == ["1", "2025-12-23", "adopted"] and lines[1].endswith("Cabinet decision")
    assert lines[2].split()[:3] == ["2", "2026-06-30", "draft"] and lines[2].endswith("Revised draft")


def test_ls(corpus_dir: Path, source_file) -> None:
    run(
        "add",
        "eu/ai-act",
        str(source_file("act.md", ACT)),
        "--date",
        "2024-06-13",
        "--label",
        "Final",
        "--status",
        "adopted",
        "--corpus",
        str(corpus_dir),
    )
    documents = json.loads(run("ls", "--json", "--corpus", str(corpus_dir)).output)
    assert [d["id"] for d in documents] == ["eu/ai-act", DOC]
    plan = documents[1]
    assert (plan["title"], plan["jurisdiction"], plan["language"], plan["revisions"], plan["latest"]) == (
        "AI Basic Plan",
        "JP",
        "ja",
        2,
        "2026-06-30",
    )
    assert documents[0]["language"] == "en"
    text = run("ls", "--corpus", str(corpus_dir)).output.splitlines()
    assert text[0].split() == ["document", "revisions", "latest", "lang", "title"]
    assert text[2].split() == [DOC, "2", "2026-06-30", "ja", "AI", "Basic", "Plan"]
    only = json.loads(run("ls", "--json", "--jurisdiction", "eu", "--corpus", str(corpus_dir)).output)
    assert [d["id"] for d in only] == ["eu/ai-act"]


def test_show(corpus_dir: Path, chdir) -> None:
    chdir(corpus_dir / "documents")  # found upward, as git finds a repository
    latest = run("show", DOC).output
    assert latest == (corpus_dir / "documents" / DOC / "text.md").read_text(encoding="utf-8")
    assert "検討する。" in latest
    assert "推進する。" in run("show", f"{DOC}@latest~1").output
    assert run("show", f"{DOC}@2026-01-15").output == run("show", f"{DOC}@1").output
    shown = json.loads(run("show", f"{DOC}@Cabinet decision", "--json").output)
    assert shown["label"] == "Cabinet decision" and "推進する。" in shown["text"]


def test_tracker_corpus_env(corpus_dir: Path, tmp_path: Path, chdir) -> None:
    chdir(tmp_path)
    result = run("log", DOC, "--json", env={"TRACKER_CORPUS": str(corpus_dir)})
    assert result.exit_code == 0 and len(json.loads(result.output)) == 2


def test_identical_add_exits_zero_and_says_so(corpus_dir: Path, source_file) -> None:
    before = repo_state(corpus_dir)
    result = run(
        "add", DOC, str(source_file("same.md", SECOND)), "--date", "2026-07-01", "--corpus", str(corpus_dir)
    )
    assert result.exit_code == 0 and result.output.startswith("nothing recorded: the text is identical to")
    assert repo_state(corpus_dir) == before
    as_json = json.loads(
        run(
            "add",
            DOC,
            str(source_file("same.md", SECOND)),
            "--date",
            "2026-07-01",
            "--json",
            "--corpus",
            str(corpus_dir),
        ).output
    )
    assert as_json["recorded"] is False and as_json["revision"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", DOC, "{src}", "--date", "2026-02-30"], "invalid revision date '2026-02-30'"),
        (["add", DOC, "{src}", "--date", "30/06/2026"], "use YYYY-MM-DD"),
        (["add", "../escape", "{src}", "--date", "2026-07-01"], "invalid document id"),
        (["add", DOC, "{src}", "--date", "2026-07-01", "--status", "final"], "invalid status"),
        (["add", DOC, "{missing}", "--date", "2026-07-01"], "no such file"),
        (["add", DOC, "{empty}", "--date", "2026-07-01"], "empty.md"),
        (["show", f"{DOC}@9"], "has 2 revision(s)"),
        (["show", f"{DOC}@nope"], "no revision"),
        (["show", "jp/unknown"], "no document jp/unknown"),
        (["log", "jp/../../etc"], "invalid document id"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    corpus_dir: Path, tmp_path: Path, source_file, args, message
) -> None:
    src = source_file("new.md", "# AI Basic Plan\n\nSomething new.\n")
    empty = source_file("empty.md", "")
    args = [a.format(src=src, missing=tmp_path / "missing.md", empty=empty) for a in args]
    before = repo_state(corpus_dir)
    result = run(*args, "--corpus", str(corpus_dir))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert repo_state(corpus_dir) == before


def test_outside_a_corpus(tmp_path: Path, chdir) -> None:
    chdir(tmp_path)
    result = run("ls")
    assert result.exit_code == 1 and result.stderr.startswith("error: no tracker corpus found")


def test_every_command_help_ends_with_an_example() -> None:
    for name in ("init", "add", "meta", "log", "ls", "show"):
        result = run(name, "--help")
        assert result.exit_code == 0
        last_paragraph = result.output.rstrip().split("\n\n")[-1].strip()
        assert last_paragraph.startswith(f"Example: tracker {name}")


def test_log_does_not_import_heavy_modules(corpus_dir: Path) -> None:
    """`tracker log` must start fast: no differ, rich, PDF/DOCX readers or GitPython."""
    probe = (
        "import sys\nfrom tracker.cli import main\n"
        f"try:\n    main(['log', {DOC!r}, '--corpus', {str(corpus_dir)!r}])\nexcept SystemExit:\n    pass\n"
        "heavy = ['tracker.diff', 'rich', 'pypdf', 'docx', 'git', 'tracker.ingest', 'jinja2']\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


# -- metadata, defaults and messages a newcomer meets ----------------------------------------------


def _toml(corpus_dir: Path) -> Path:
    return corpus_dir / "documents" / DOC / "document.toml"


def test_meta_records_metadata_as_a_commit_of_document_toml_only(corpus_dir: Path) -> None:
    head = git(corpus_dir, "rev-parse", "HEAD")
    where = ["--corpus", str(corpus_dir)]
    result = run("meta", DOC, "--issuer", "Cabinet Office", "--series", "AI plans", *where)
    assert result.exit_code == 0, result.output
    assert git(corpus_dir, "rev-parse", "HEAD^") == head
    changed = git(corpus_dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD").splitlines()
    assert changed == [f"documents/{DOC}/document.toml"]
    assert git(corpus_dir, "status", "--porcelain") == ""
    document = json.loads(run("ls", "--json", "--corpus", str(corpus_dir)).output)[0]
    assert (document["issuer"], document["series"]) == ("Cabinet Office", "AI plans")
    assert document["title"] == "AI Basic Plan"
    # a metadata commit is not a revision: the timeline is unchanged
    assert len(json.loads(run("log", DOC, "--json", "--corpus", str(corpus_dir)).output)) == 2
    again = run("meta", DOC, "--issuer", "Cabinet Office", "--corpus", str(corpus_dir))
    assert again.exit_code == 0 and "nothing recorded" in again.stderr
    assert git(corpus_dir, "rev-list", "--count", "HEAD") == "4"


def test_hand_edited_document_toml_is_recorded_by_meta_and_then_add_works(
    corpus_dir: Path, source_file
) -> None:
    with _toml(corpus_dir).open("a", encoding="utf-8") as handle:
        handle.write('issuer = "Cabinet Office"\n')
    third = source_file("third.md", SECOND + "\n政府は、人材を育成する。\n")
    add = ["add", DOC, str(third), "--date", "2026-07-30", "--corpus", str(corpus_dir)]
    blocked = run(*add)
    assert blocked.exit_code == 1
    assert f"tracker meta {DOC}" in blocked.stderr
    recorded = run("meta", DOC, "--corpus", str(corpus_dir))
    assert recorded.exit_code == 0
    assert "recorded metadata" in recorded.stderr and "(issuer)" in recorded.stderr
    assert git(corpus_dir, "status", "--porcelain") == ""
    assert run(*add).exit_code == 0
    listed = json.loads(run("ls", "--json", "--corpus", str(corpus_dir)).output)
    assert listed[0]["issuer"] == "Cabinet Office"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jurisdiction", "UK"], "does not match document id"),
        (["--source-url", "ftp://example.org/plan.pdf"], "is not a web address"),
        (["--language", "Japanese!"], "invalid language"),
        (["--title", " "], "invalid title"),
    ],
)
def test_meta_refuses_bad_values_and_changes_nothing(corpus_dir: Path, args, message) -> None:
    before = repo_state(corpus_dir)
    result = run("meta", DOC, *args, "--corpus", str(corpus_dir))
    assert result.exit_code == 1 and result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert repo_state(corpus_dir) == before


def test_default_title_is_the_first_heading_of_any_level(tmp_path: Path, source_file) -> None:
    root = tmp_path / "c"
    run("init", str(root))
    text = "## AI Act\n\nProviders shall register high-risk systems before they are placed on the market.\n"
    src = source_file("act.md", text)
    result = run("add", "eu/ai-act", str(src), "--date", "2024-06-13", "--corpus", str(root))
    assert result.exit_code == 0, result.output
    assert json.loads(run("ls", "--json", "--corpus", str(root)).output)[0]["title"] == "AI Act"


def test_a_new_document_without_a_title_is_refused_with_what_to_pass(tmp_path: Path, source_file) -> None:
    root = tmp_path / "c"
    run("init", str(root))
    before = repo_state(root)
    src = source_file("plain.md", "Providers shall register high-risk systems before they are sold.\n")
    result = run("add", "eu/ai-act", str(src), "--date", "2024-06-13", "--corpus", str(root))
    assert result.exit_code == 1 and "needs title" in result.stderr and "--title" in result.stderr
    assert repo_state(root) == before
    titled = ["--title", "AI Act", "--corpus", str(root)]
    result = run("add", "eu/ai-act", str(src), "--date", "2024-06-13", *titled)
    assert result.exit_code == 0, result.output
    assert run("check", "--corpus", str(root)).exit_code == 0


def test_ls_with_a_jurisdiction_nothing_matches(corpus_dir: Path, tmp_path: Path) -> None:
    result = run("ls", "--jurisdiction", "ZZ", "--corpus", str(corpus_dir))
    assert result.exit_code == 0 and result.stderr == "no document matches --jurisdiction ZZ\n"
    run("init", str(tmp_path / "empty"))
    result = run("ls", "--jurisdiction", "ZZ", "--corpus", str(tmp_path / "empty"))
    assert result.stderr.startswith("no documents yet")


def test_init_says_how_other_commands_find_the_corpus(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "plans"))
    assert result.exit_code == 0
    assert f"--corpus {tmp_path / 'plans'}" in result.stderr and "TRACKER_CORPUS" in result.stderr


# -- file-system errors: one line and the documented exit status, never a traceback ---------------


def _lock_is_a_folder(corpus_dir: Path) -> None:
    """A place the tracker cannot write, even as root: its lock file's name taken by a folder."""
    lock = Path(git(corpus_dir, "rev-parse", "--absolute-git-dir")) / "tracker.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()


@pytest.mark.parametrize(
    ("args", "status", "where"),
    [
        (["init", "/dev/null/x"], 1, "/dev/null"),
        (["init", "/proc/x"], 1, "/proc/x"),
        (["build", "{corpus}", "-o", "/proc/site"], 1, "/proc/site"),
        (["add", DOC, "{src}", "--date", "2026-07-01", "--corpus", "{corpus}"], 1, "tracker.lock"),
        (["meta", DOC, "--issuer", "X", "--corpus", "{corpus}"], 1, "tracker.lock"),
        (["diff", f"{DOC}@1", f"{DOC}@2", "-o", "{tmp}/reports/x.html", "--corpus", "{corpus}"], 2,
         "folder {tmp}/reports does not exist"),
    ],
)
def test_file_system_errors_are_one_line(
    corpus_dir: Path, tmp_path: Path, source_file, args, status, where
) -> None:
    src = source_file("new.md", "# AI Basic Plan\n\nSomething new.\n")
    _lock_is_a_folder(corpus_dir)
    args = [a.format(corpus=corpus_dir, src=src, tmp=tmp_path) for a in args]
    where = where.format(tmp=tmp_path)
    result = run(*args)
    assert result.exit_code == status, result.output
    assert result.stderr.startswith("error: ") and where in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_usage_errors_keep_exit_status_2(corpus_dir: Path, source_file) -> None:
    result = run("add", DOC, str(source_file("new.md", "# T\n\nText.\n")), "--corpus", str(corpus_dir))
    assert result.exit_code == 2 and "--date" in result.stderr


def test_an_os_error_without_a_path_is_one_line_too() -> None:
    import errno

    from tracker.cli import describe_os_error

    full = describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    assert full == "No space left on device (operating system error 28)"
    named = describe_os_error(PermissionError(errno.EACCES, "Permission denied", "/srv/site\nx"))
    assert named.startswith("cannot use /srv/site x: Permission denied;") and "\n" not in named


@pytest.fixture
def read_only_corpus(corpus_dir: Path, tmp_path: Path):
    """The corpus seen through a read-only bind mount: a place nobody, root included, can write."""
    view = tmp_path / "read-only"
    view.mkdir()
    mount = subprocess.run(["mount", "--bind", str(corpus_dir), str(view)], capture_output=True, check=False)
    if mount.returncode != 0:
        pytest.skip(f"cannot bind-mount here (needs root and mount rights): {mount.stderr.decode().strip()}")
    try:
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True,
                                 check=False)
        if remount.returncode != 0:
            pytest.skip(f"cannot make a read-only bind mount here: {remount.stderr.decode().strip()}")
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=False)


@pytest.mark.parametrize("command", ["add", "meta", "build"])
def test_a_read_only_corpus_gives_one_line(read_only_corpus: Path, source_file, command: str) -> None:
    before = repo_state(read_only_corpus)
    args = {
        "add": ["add", DOC, str(source_file("new.md", "# AI Basic Plan\n\nSomething new.\n")),
                "--date", "2026-07-01", "--corpus", str(read_only_corpus)],
        "meta": ["meta", DOC, "--issuer", "Cabinet Office", "--corpus", str(read_only_corpus)],
        "build": ["build", str(read_only_corpus), "-o", str(read_only_corpus / "public")],
    }[command]
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot use ") and "Read-only file system" in result.stderr
    assert result.stderr.count("\n") == 1
    assert repo_state(read_only_corpus) == before


_ADD_WITH_NO_DELAY = (
    "import sys, tracker.cli.progress as progress; progress.DELAY_SECONDS = 0; "
    "from tracker.cli import main; sys.argv[0] = 'tracker'; main()"
)


def _add_with_stderr_on(stderr_is_terminal: bool, corpus_dir: Path, src: Path) -> tuple[int, str, str]:
    """`tracker add` with the status line's delay at 0 s; stderr on a pseudo-terminal or a pipe."""
    import os
    import pty

    args = ["add", "jp/ai-basic-plan", str(src), "--date", "2026-07-01", "--corpus", str(corpus_dir)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-c", _ADD_WITH_NO_DELAY, *args], stdout=subprocess.PIPE,
        stderr=terminal if stderr_is_terminal else subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
    ) as process:
        os.close(terminal)
        screen = read_terminal(controller) if stderr_is_terminal else b""
        out, err = process.communicate()
    os.close(controller)
    return process.returncode, out.decode(), screen.decode() if stderr_is_terminal else err.decode()


def test_add_shows_a_status_line_on_a_terminal_only(corpus_dir: Path, source_file) -> None:
    src = source_file("status.md", "# AI Basic Plan\n\nThe Government will fund 5 new labs.\n")
    status, out, screen = _add_with_stderr_on(True, corpus_dir, src)
    assert status == 0 and "recorded" in out.lower(), out
    assert "recording status.md as a revision of jp/ai-basic-plan" in screen
    src2 = source_file("status2.md", "# AI Basic Plan\n\nThe Government will fund 6 new labs.\n")
    status, out, err = _add_with_stderr_on(False, corpus_dir, src2)
    assert status == 0 and "recording" not in err and "\r" not in err, err
