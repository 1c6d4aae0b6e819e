"""The corpus library against real git repositories: recording, timelines, texts, safety."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PINNED_EMAIL, git, repo_state
from tracker.corpus import Corpus
from tracker.errors import BadReference, CorpusError, CorpusLocked, IngestError, TrackerError

DOC = "jp/ai-basic-plan"
D1 = datetime.date(2025, 12, 23)
D2 = datetime.date(2026, 6, 30)

FIRST = (
    "# AI Basic Plan\n\nThe Government will fund compute clusters. Ministries shall publish annual reports.\n"
)
SECOND = (
    "# AI Basic Plan\n\nThe Government will consider funding compute clusters. Ministries shall report.\n"
)
EARLY = "# AI Basic Plan\n\nAn early outline of the plan. It names no budget yet.\n"


def changed_files(repo: Path, commit: str) -> list[str]:
    return git(repo, "show", "--name-only", "--format=", commit).splitlines()


def top(corpus: Corpus) -> Path:
    return Path(git(corpus.root, "rev-parse", "--show-toplevel"))


def add(corpus: Corpus, source: Path, date: datetime.date = D1, label: str = "Cabinet decision", **kw):
    return corpus.add(DOC, source, date=date, label=label, **kw)


# -- init ---------------------------------------------------------------------------------------


def test_init_makes_a_repository_with_one_commit(make_corpus) -> None:
    corpus = make_corpus(title="National AI plans")
    assert (corpus.root / ".git").is_dir()
    assert corpus.settings["title"] == "National AI plans"
    assert changed_files(corpus.root, "HEAD") == [".gitignore", "tracker.toml"]
    assert git(corpus.root, "status", "--porcelain") == ""


def test_init_ignores_the_build_output(make_corpus) -> None:
    """`tracker build` run inside the corpus writes public/ and its state beside it: git ignores both."""
    corpus = make_corpus()
    for name in ("public/index.html", "public.tracker-state/state.json", "out.tracker-state/state.json"):
        (corpus.root / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus.root / name).write_text("built\n", encoding="utf-8")
    (corpus.root / "notes.md").write_text("mine\n", encoding="utf-8")
    assert git(corpus.root, "status", "--porcelain", "--untracked-files=all") == "?? notes.md"


def test_init_inside_a_repository_commits_only_its_folder(make_corpus) -> None:
    corpus = make_corpus(inside_repo=True)
    host = top(corpus)
    assert host != corpus.root
    assert changed_files(host, "HEAD") == ["corpus/.gitignore", "corpus/tracker.toml"]
    assert git(host, "log", "--format=%s").splitlines()[-1] == "host project"


def test_init_refuses_an_existing_corpus(make_corpus) -> None:
    corpus = make_corpus()
    before = repo_state(corpus.root)
    with pytest.raises(CorpusError, match="already a tracker corpus"):
        Corpus.init(corpus.root)
    assert repo_state(corpus.root) == before


# -- recording ----------------------------------------------------------------------------------


def test_first_add_records_one_commit_with_trailers(make_corpus, source_file) -> None:
    corpus = make_corpus()
    src = source_file("plan.md", FIRST)
    result = add(
        corpus,
        src,
        status="adopted",
        source_url="https://example.org/plan.md",
        metadata={"issuer": "Cabinet Office"},
    )
    rev = result.revision
    assert rev is not None and rev.index == 1 and rev.date == D1 and rev.status == "adopted"
    assert rev.ref == f"{DOC}@2025-12-23"
    sha = rev.source_sha256
    assert sorted(changed_files(corpus.root, rev.commit)) == sorted(
        [f"documents/{DOC}/document.toml", f"documents/{DOC}/text.md", f"sources/{sha}.md"]
    )
    assert git(corpus.root, "log", "-1", "--format=%ad", "--date=short") == "2025-12-23"
    body = git(corpus.root, "log", "-1", "--format=%B")
    assert "Revision-Label: Cabinet decision" in body and f"Source-SHA256: {sha}" in body
    assert corpus.source_path(rev).read_bytes() == src.read_bytes()
    assert corpus.text(rev) == (corpus.root / "documents" / DOC / "text.md").read_text(encoding="utf-8")
    document = corpus.document(DOC)
    assert (document.title, document.jurisdiction, document.language, document.issuer) == (
        "AI Basic Plan",
        "JP",
        "en",
        "Cabinet Office",
    )
    assert git(corpus.root, "status", "--porcelain") == ""


def test_add_leaves_other_staged_and_unstaged_changes_alone(make_corpus, source_file) -> None:
    corpus = make_corpus(inside_repo=True)
    host = top(corpus)
    (host / "README.md").write_text("staged edit\n", encoding="utf-8")
    git(host, "add", "README.md")
    (host / "notes.txt").write_text("untracked\n", encoding="utf-8")
    (host / "new.txt").write_text("staged new file\n", encoding="utf-8")
    git(host, "add", "new.txt")
    (host / "new.txt").write_text("staged new file, then edited\n", encoding="utf-8")
    staged_before = git(host, "diff", "--cached", "--name-status")
    rev = add(corpus, source_file("plan.md", FIRST)).revision
    assert all(path.startswith("corpus/") for path in changed_files(host, rev.commit))
    assert git(host, "diff", "--cached", "--name-status") == staged_before
    assert (host / "new.txt").read_text(encoding="utf-8") == "staged new file, then edited\n"
    assert git(host, "status", "--porcelain", "--", "corpus") == ""


def test_identical_text_records_nothing(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("plan.md", FIRST))
    before = repo_state(corpus.root)
    rewrapped = source_file("again.md", FIRST.replace(" Ministries", "\nMinistries"))
    result = add(corpus, rewrapped, date=D2, label="Same again")
    assert result.revision is None and "nothing recorded" in result.message
    assert repo_state(corpus.root) == before


def test_backfill_keeps_text_md_at_the_newest_revision(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    add(corpus, source_file("b.md", SECOND), date=D2, label="Revised draft")
    newest = (corpus.root / "documents" / DOC / "text.md").read_bytes()
    result = add(corpus, source_file("early.md", EARLY), date=datetime.date(2025, 3, 1), label="Outline")
    assert result.revision is not None and "back-filled" in result.message
    assert (corpus.root / "documents" / DOC / "text.md").read_bytes() == newest
    timeline = corpus.timeline(DOC)
    assert [rev.label for rev in timeline] == ["Outline", "Cabinet decision", "Revised draft"]
    assert [rev.index for rev in timeline] == [1, 2, 3]
    assert "early outline" in corpus.text(timeline[0])
    assert "will fund" in corpus.text(corpus.resolve(f"{DOC}@2026-01-01"))
    assert "early outline" in corpus.text(corpus.resolve(f"{DOC}@2025-06-01"))
    assert corpus.resolve(DOC).label == "Revised draft"
    assert git(corpus.root, "status", "--porcelain") == ""


def test_same_day_revisions_keep_commit_order_and_refs_round_trip(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST), label="Morning draft")
    add(corpus, source_file("b.md", SECOND), label="Evening draft")
    add(corpus, source_file("c.md", EARLY), date=D2, label="Evening draft")
    timeline = corpus.timeline(DOC)
    assert [rev.label for rev in timeline] == ["Morning draft", "Evening draft", "Evening draft"]
    assert timeline[0].ref == f"{DOC}@Morning draft"
    assert timeline[1].ref == f"{DOC}@{timeline[1].commit[:12]}"
    assert timeline[2].ref == f"{DOC}@2026-06-30"
    for rev in timeline:
        assert corpus.resolve(rev.ref) == rev
    assert corpus.resolve(f"{DOC}@2025-12-23").label == "Evening draft"  # the last one that day is in force


def test_technical_revision_is_flagged(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    rev = add(
        corpus,
        source_file("b.md", FIRST + "\nA trailing note.\n"),
        date=D2,
        label="Re-normalized",
        technical=True,
    ).revision
    assert rev is not None and rev.technical
    assert "Revision-Technical: true" in git(corpus.root, "log", "-1", "--format=%B")
    assert [r.label for r in corpus.timeline(DOC, include_technical=False)] == ["Cabinet decision"]


def test_later_add_updates_metadata(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST), metadata={"language": "en"})
    rev = add(
        corpus,
        source_file("b.md", SECOND),
        date=D2,
        label="Revised",
        metadata={"title": "AI Basic Plan (revised)", "series": "AI plans", "illustrative": "true"},
    ).revision
    assert f"documents/{DOC}/document.toml" in changed_files(corpus.root, rev.commit)
    document = corpus.document(DOC)
    assert (document.title, document.series, document.illustrative) == (
        "AI Basic Plan (revised)",
        "AI plans",
        True,
    )
    assert [d.id for d in corpus.documents()] == [DOC]


def test_timelines_match_per_document_timelines(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    corpus.add("eu/ai-act", source_file("act.md", SECOND), date=D2, label="Final")
    everything = Corpus(corpus.root).timelines()
    assert sorted(everything) == ["eu/ai-act", DOC]
    fresh = Corpus(corpus.root)
    assert everything[DOC] == fresh.timeline(DOC) and everything["eu/ai-act"] == fresh.timeline("eu/ai-act")


def test_works_without_any_git_identity(make_corpus, source_file, no_git_identity) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    assert (
        git(corpus.root, "log", "-1", "--format=%an <%ae>|%cn")
        == "policy tracker <tracker@localhost>|policy tracker"
    )
    add(corpus, source_file("b.md", SECOND), date=D2, label="Revised", author="Ana Analyst <ana@example.org>")
    assert git(corpus.root, "log", "-1", "--format=%an <%ae>") == "Ana Analyst <ana@example.org>"


def test_git_identity_is_used_when_configured(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    assert git(corpus.root, "log", "-1", "--format=%ae %ce") == f"{PINNED_EMAIL} {PINNED_EMAIL}"


def test_lock_is_reentrant_for_callers_that_hold_it(make_corpus, source_file) -> None:
    corpus = make_corpus()
    with corpus.lock():
        assert add(corpus, source_file("a.md", FIRST)).revision is not None


# -- references ---------------------------------------------------------------------------------


@pytest.fixture
def three(make_corpus, source_file):
    corpus = make_corpus()
    add(corpus, source_file("a.md", EARLY), date=datetime.date(2025, 3, 1), label="Outline")
    add(corpus, source_file("b.md", FIRST), label="Cabinet decision", status="adopted")
    add(corpus, source_file("c.md", SECOND), date=D2, label="Revised draft")
    return corpus


@pytest.mark.parametrize(
    ("selector", "label"),
    [
        ("", "Revised draft"),
        ("@latest", "Revised draft"),
        ("@latest~1", "Cabinet decision"),
        ("@latest~2", "Outline"),
        ("@1", "Outline"),
        ("@3", "Revised draft"),
        ("@2025-12-23", "Cabinet decision"),
        ("@2026-01-15", "Cabinet decision"),
        ("@2030-01-01", "Revised draft"),
        ("@Cabinet decision", "Cabinet decision"),
        ("@revised DRAFT", "Revised draft"),
    ],
)
def test_resolve(three, selector: str, label: str) -> None:
    assert three.resolve(DOC + selector).label == label


def test_resolve_commit_prefix(three) -> None:
    rev = three.timeline(DOC)[1]
    assert three.resolve(f"{DOC}@{rev.commit[:8]}") == rev


@pytest.mark.parametrize(
    ("ref", "error", "message"),
    [
        (f"{DOC}@latest~3", BadReference, "has 3 revision"),
        (f"{DOC}@4", BadReference, "'Outline'"),
        (f"{DOC}@Adopted text", BadReference, "@2 2025-12-23 'Cabinet decision' (adopted)"),
        (f"{DOC}@2024-01-01", BadReference, "first is 2025-03-01"),
        (f"{DOC}@2025-02-30", BadReference, "day is out of range"),
        ("jp/ai-basic-plam", BadReference, f"did you mean {DOC}"),
        ("../etc/passwd", CorpusError, "invalid document id"),
        (f"{DOC}@", BadReference, "empty revision"),
    ],
)
def test_bad_references(three, ref: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        three.resolve(ref)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_ambiguous_label(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST), label="Draft")
    add(corpus, source_file("b.md", SECOND), date=D2, label="Draft")
    with pytest.raises(BadReference, match="ambiguous"):
        corpus.resolve(f"{DOC}@Draft")


# -- finding a corpus ---------------------------------------------------------------------------


def test_find(make_corpus, tmp_path: Path, chdir, monkeypatch) -> None:
    corpus = make_corpus(inside_repo=True)
    host = top(corpus)
    assert Corpus.find(corpus.root).root == corpus.root
    assert Corpus.find(corpus.root / "tracker.toml").root == corpus.root
    (corpus.root / "documents" / "jp").mkdir(parents=True)
    assert Corpus.find(start=corpus.root / "documents" / "jp").root == corpus.root
    assert Corpus.find(start=host).root == corpus.root  # ./corpus
    monkeypatch.setenv("TRACKER_CORPUS", str(corpus.root))
    assert Corpus.find(start=tmp_path).root == corpus.root
    monkeypatch.delenv("TRACKER_CORPUS")
    with pytest.raises(CorpusError, match="no tracker corpus found"):
        Corpus.find(start=tmp_path)
    with pytest.raises(CorpusError, match="not a tracker corpus"):
        Corpus.find(tmp_path)


# -- bad input leaves everything as it was -------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_id", "date", "kwargs", "message"),
    [
        ("../x", D1, {}, "invalid document id"),
        ("/etc/x", D1, {}, "invalid document id"),
        ("jp/../../x", D1, {}, "invalid document id"),
        ("JP/Plan", D1, {}, "invalid document id"),
        ("jp/a b", D1, {}, "invalid document id"),
        (DOC, datetime.date(2999, 1, 1), {}, "in the future"),
        (DOC, datetime.date(1960, 1, 1), {}, "before 1970"),
        (DOC, D1, {"status": "final"}, "invalid status"),
        (DOC, D1, {"label": "  "}, "empty"),
        (DOC, D1, {"source_url": "not a url"}, "invalid source URL"),
        (DOC, D1, {"author": "nobody"}, "invalid author"),
        (DOC, D1, {"metadata": {"jurisdiction": "US"}}, "does not match"),
        (DOC, D1, {"metadata": {"language": "Japanese!"}}, "invalid language"),
    ],
)
def test_bad_input_changes_nothing(make_corpus, source_file, doc_id, date, kwargs, message) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    before = repo_state(corpus.root)
    args = {"label": "Second", "status": "draft", **kwargs}
    with pytest.raises(TrackerError, match=message):
        corpus.add(doc_id, source_file("b.md", SECOND), date=date, **args)
    assert repo_state(corpus.root) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.md", b""),
        ("blank.txt", b"   \n\n"),
        ("data.bin", bytes(range(256)) * 8),
        ("broken.pdf", b"%PDF-1.7\n%%"),
    ],
)
def test_ingest_failures_change_nothing(make_corpus, tmp_path: Path, name: str, content: bytes) -> None:
    corpus = make_corpus()
    path = tmp_path / name
    path.write_bytes(content)
    before = repo_state(corpus.root)
    with pytest.raises(IngestError):
        add(corpus, path)
    with pytest.raises(IngestError, match="no such file"):
        add(corpus, tmp_path / "missing.md")
    assert repo_state(corpus.root) == before


def test_uncommitted_edit_of_the_document_is_refused(make_corpus, source_file) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    (corpus.root / "documents" / DOC / "text.md").write_text("hand edit\n", encoding="utf-8")
    before = repo_state(corpus.root)
    with pytest.raises(CorpusError, match="uncommitted changes"):
        add(corpus, source_file("b.md", SECOND), date=D2)
    assert repo_state(corpus.root) == before


@pytest.mark.parametrize("change", ["untracked", "staged-rename", "spaces"])
def test_other_uncommitted_changes_in_the_document_folder_are_refused(
    make_corpus, source_file, change: str
) -> None:
    """Every kind of `git status` entry under the document folder counts, and is named."""
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    folder = corpus.root / "documents" / DOC
    if change == "untracked":
        (folder / "notes.md").write_text("scratch\n", encoding="utf-8")
        expected = "notes.md"
    elif change == "staged-rename":
        git(corpus.root, "mv", f"documents/{DOC}/text.md", f"documents/{DOC}/renamed.md")
        expected = "renamed.md"
    else:
        (folder / "with space.md").write_text("scratch\n", encoding="utf-8")
        git(corpus.root, "add", "--", f"documents/{DOC}/with space.md")
        expected = "with space.md"
    before = repo_state(corpus.root)
    with pytest.raises(CorpusError, match="uncommitted changes") as caught:
        add(corpus, source_file("b.md", SECOND), date=D2)
    assert expected in str(caught.value)
    assert repo_state(corpus.root) == before


def _conflict(repo: Path, path: str) -> None:
    git(repo, "checkout", "-q", "-b", "other")
    (repo / path).write_text("theirs\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    (repo / path).write_text("ours\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "ours")


def test_merge_in_progress_is_refused(make_corpus, source_file) -> None:
    corpus = make_corpus(inside_repo=True)
    host = top(corpus)
    _conflict(host, "README.md")
    assert subprocess.run(["git", "merge", "other"], cwd=host, capture_output=True).returncode != 0
    before = repo_state(corpus.root)
    with pytest.raises(CorpusError, match="middle of a merge"):
        add(corpus, source_file("a.md", FIRST))
    assert repo_state(corpus.root) == before


def test_rebase_in_progress_is_refused(make_corpus, source_file) -> None:
    corpus = make_corpus(inside_repo=True)
    host = top(corpus)
    _conflict(host, "README.md")
    assert subprocess.run(["git", "rebase", "other"], cwd=host, capture_output=True).returncode != 0
    before = repo_state(corpus.root)
    with pytest.raises(CorpusError, match="middle of a rebase"):
        add(corpus, source_file("a.md", FIRST))
    assert repo_state(corpus.root) == before


# -- one writer at a time, and crash safety ------------------------------------------------------

_HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from tracker.corpus import Corpus
    with Corpus(Path(sys.argv[1])).lock():
        print("held", flush=True)
        time.sleep(30)
""")


def test_a_second_writer_fails_naming_the_holder(make_corpus, source_file) -> None:
    corpus = make_corpus()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(corpus.root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = repo_state(corpus.root)
        with pytest.raises(CorpusLocked, match=f"PID {holder.pid}"):
            add(corpus, source_file("a.md", FIRST))
        assert repo_state(corpus.root) == before
    finally:
        holder.kill()
        holder.wait()
    # the holder was killed: its lock is stale and is taken over at once
    assert add(corpus, source_file("a.md", FIRST)).revision is not None


def test_stale_lock_file_is_cleared(make_corpus, source_file) -> None:
    corpus = make_corpus()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    lock = Path(git(corpus.root, "rev-parse", "--path-format=absolute", "--git-common-dir")) / "tracker.lock"
    lock.write_text(json.dumps({"pid": int(dead.stdout), "since": "2026-01-01T00:00:00Z"}), encoding="utf-8")
    assert add(corpus, source_file("a.md", FIRST)).revision is not None


_CRASH = textwrap.dedent("""
    import datetime, os, signal, sys
    from pathlib import Path
    import tracker.corpus.journal as journal
    import tracker.corpus.git as corpus_git
    from tracker.corpus import Corpus

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if sys.argv[3] == "after-head":
        journal.update_worktree = die
    else:
        corpus_git.GitRepo.move_head = die
    Corpus(Path(sys.argv[1])).add("jp/ai-basic-plan", Path(sys.argv[2]), date=datetime.date(2026, 6, 30),
                                  label="Revised draft")
""")


@pytest.mark.parametrize("when", ["after-head", "before-head"])
def test_sigkill_mid_add_never_leaves_half_a_revision(make_corpus, source_file, when: str) -> None:
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    before = repo_state(corpus.root)
    second = source_file("b.md", SECOND)
    proc = subprocess.run(
        [sys.executable, "-c", _CRASH, str(corpus.root), str(second), when], capture_output=True
    )
    assert proc.returncode == -signal.SIGKILL
    fresh = Corpus(corpus.root)
    labels = [rev.label for rev in fresh.timeline(DOC)]
    if when == "before-head":
        assert labels == ["Cabinet decision"] and git(corpus.root, "rev-parse", "HEAD") == before.head
    else:
        assert labels == ["Cabinet decision", "Revised draft"]  # HEAD moved: the revision is whole in git
    with fresh.lock():  # the next writer finishes (or drops) the interrupted write
        pass
    assert git(corpus.root, "status", "--porcelain") == ""
    text = (corpus.root / "documents" / DOC / "text.md").read_text(encoding="utf-8")
    assert ("consider funding" in text) == (when == "after-head")
    # and a re-run completes cleanly
    result = fresh.add(DOC, second, date=D2, label="Revised draft")
    assert (result.revision is None) == (when == "after-head")
    assert git(corpus.root, "status", "--porcelain") == "" and os.path.exists(corpus.root / "tracker.toml")


def test_init_in_an_unborn_repository_leaves_staged_files_staged(tmp_path: Path) -> None:
    host = tmp_path / "host"
    git(tmp_path, "init", "-q", "-b", "main", str(host))
    (host / "staged.txt").write_text("not ours\n", encoding="utf-8")
    git(host, "add", "staged.txt")
    corpus = Corpus.init(host / "corpus", "Plans")
    assert changed_files(host, "HEAD") == ["corpus/.gitignore", "corpus/tracker.toml"]
    assert git(host, "status", "--porcelain") == "A  staged.txt"
    assert corpus.settings["title"] == "Plans"


def test_timeline_kept_after_add_matches_a_fresh_read(make_corpus, source_file) -> None:
    """`add` extends the timeline it read instead of reading it again: it must equal what git says."""
    corpus = make_corpus()
    add(corpus, source_file("a.md", FIRST))
    add(corpus, source_file("b.md", SECOND), date=D2, label="Revised")
    backfill = add(corpus, source_file("c.md", FIRST + "A back-filled sentence.\n"), date=D1, label="Early")
    same_day = add(corpus, source_file("d.md", SECOND + "A later sentence.\n"), date=D2, label="Same day")
    assert backfill.revision is not None and same_day.revision is not None
    kept = corpus.timeline(DOC)
    fresh = Corpus(corpus.root).timeline(DOC)
    assert kept == fresh
    assert [rev.ref for rev in kept] == [rev.ref for rev in fresh]
    assert [rev.label for rev in fresh] == ["Cabinet decision", "Early", "Revised", "Same day"]
    assert backfill.revision == fresh[1] and same_day.revision == fresh[3]
    assert same_day.revision.ref == fresh[3].ref
