"""Benchmark the corpus against bare git on a large synthetic corpus (not a test; prints figures).

Builds, with `git fast-import`, a corpus of 500 documents and 10,000 revisions in
all (commits interleaved across documents, as a real corpus grows), then times
whole processes, start-up included, each against the bare git command doing the
same job, and prints the ratios measured in the same run:

    tracker add DOC FILE   vs  git add PATH && git commit
    tracker log DOC        vs  git log --format=%H -- documents/DOC
    tracker show REF       vs  git show COMMIT:documents/DOC/text.md

plus the in-library calls the site and watcher use (Corpus.timeline, .text, .timelines).

    python bench/bench_corpus.py           # 500 documents, 10,000 revisions
    python bench/bench_corpus.py --quick   # 50 documents, 500 revisions
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "government ministry agency will shall should consider promote support develop ensure establish review "
    "compute infrastructure research talent data safety security semiconductors funding cooperation public "
    "sector industry adoption evaluation standards guidelines framework national strategy investment program "
    "framework capacity systems models providers universities startups regions partners annual report"
).split()
ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
ENV.pop("TRACKER_CORPUS", None)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with bytecode caching, as users run it
# Measure this checkout's tracker even when the console script's install points at another
# copy (an editable install made elsewhere); an explicit PYTHONPATH is kept and wins.
ENV["PYTHONPATH"] = ENV.get("PYTHONPATH") or str(Path(__file__).resolve().parents[1])


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def document_text(title: str, sentences: list[str]) -> str:
    body = "\n".join(sentences)
    return f"# {title}\n\n{body}\n"


def build_fixture(root: Path, documents: int, revisions: int, seed: int = 7) -> list[str]:
    """A corpus at root built with git fast-import; returns the document ids."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=ENV)
    ids = [f"x{n % 40:02d}/plan-{n:04d}" for n in range(documents)]
    state = {doc: [sentence(rng) for _ in range(30)] for doc in ids}
    start = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    out: list[bytes] = []

    def data(payload: bytes) -> None:
        out.append(b"data %d\n" % len(payload))
        out.append(payload + b"\n")

    settings = b'title = "Benchmark corpus"\n'
    out.append(b"commit refs/heads/main\nmark :1\n")
    stamp = int(start.timestamp())
    out.append(b"committer Bench <bench@example.org> %d +0000\n" % stamp)
    data(b"Start tracker corpus")
    out.append(b"M 100644 inline tracker.toml\n")
    data(settings)
    per_doc = revisions // documents
    mark = 1
    for round_ in range(per_doc):
        for number, doc in enumerate(ids):
            lines = state[doc]
            for _ in range(3):
                lines[rng.randrange(len(lines))] = sentence(rng)
            text = document_text(f"Plan {number}", lines).encode()
            sha = hashlib.sha256(text).hexdigest()
            day = (start + datetime.timedelta(days=round_ * 30 + number % 30)).date()
            message = (
                f"{doc}: Revision {round_ + 1} ({day})\n\nTracker-Document: {doc}\nRevision-Date: {day}\n"
                f"Revision-Label: Revision {round_ + 1}\nRevision-Status: draft\nSource-SHA256: {sha}\n"
                f"Source-Ext: md\nNormalizer: 1\n"
            ).encode()
            mark += 1
            when = int(datetime.datetime.combine(day, datetime.time(12), datetime.UTC).timestamp())
            out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
            out.append(b"author Bench <bench@example.org> %d +0000\n" % when)
            out.append(b"committer Bench <bench@example.org> %d +0000\n" % (stamp + mark))
            data(message)
            out.append(b"from :%d\n" % (mark - 1))
            out.append(f"M 100644 inline documents/{doc}/text.md\n".encode())
            data(text)
            out.append(f"M 100644 inline sources/{sha}.md\n".encode())
            data(text)
            if round_ == 0:
                toml = f'title = "Plan {number}"\njurisdiction = "{doc[:3].upper()}"\nlanguage = "en"\n'
                out.append(f"M 100644 inline documents/{doc}/document.toml\n".encode())
                data(toml.encode())
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True, env=ENV)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True, env=ENV)
    return ids


def forget_log_cache(root: Path) -> None:
    """Remove the tracker's revision-log cache, as on a fresh clone (tracker/corpus/timeline_cache.py)."""
    for cached in (root / ".git" / "tracker").glob("timelines-*"):
        cached.unlink()


def run_once(command: list[str] | str, cwd: Path, before: Callable[[Path], None] | None = None) -> float:
    """Wall time of one whole process, in seconds (`before(cwd)` runs first, untimed)."""
    if before is not None:
        before(cwd)
    started = time.perf_counter()
    shell = isinstance(command, str)
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True, shell=shell)
    return time.perf_counter() - started


def timed(command: list[str] | str, cwd: Path, runs: int) -> float:
    """Median wall time of a whole process, in seconds."""
    return statistics.median(run_once(command, cwd) for _ in range(runs))


def paired(ours: list[str], bare: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Medians of two commands run alternately, so a busy machine slows both alike."""
    a, b = [], []
    for _ in range(runs):
        a.append(run_once(ours, cwd))
        b.append(run_once(bare, cwd))
    return statistics.median(a), statistics.median(b)


def wait_for_commit_graph(root: Path, limit: float = 120.0) -> None:
    """Wait until the background commit-graph write started by `tracker add` is done."""
    info = root / ".git" / "objects" / "info"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        chain = info / "commit-graphs" / "commit-graph-chain"
        if chain.exists() and not list(info.glob("**/*.lock")):
            return
        time.sleep(0.2)


def timed_call(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="50 documents, 500 revisions")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    documents, revisions = (50, 500) if args.quick else (500, 10_000)
    beside_python = Path(sys.executable).with_name("tracker")  # the console script itself, not a pyenv shim
    tracker = str(beside_python) if beside_python.exists() else shutil.which("tracker") or "tracker"
    # Byte-compile the package first, as `pip install` does: an editable checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise compile edited modules on every run.
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "tracker", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        root = work / "corpus"
        started = time.perf_counter()
        ids = build_fixture(root, documents, revisions)
        built = time.perf_counter() - started
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=root,
            env=ENV,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(
            f"fixture: {documents} documents, {revisions} revisions ({count} commits), built in {built:.1f}s"
        )
        doc = ids[len(ids) // 2]
        path = f"documents/{doc}/text.md"
        runs = args.runs
        results: list[tuple[str, float, float]] = []

        python = timed([sys.executable, "-c", "pass"], root, runs)
        python_click = timed([sys.executable, "-c", "import click"], root, runs)
        run_once([tracker, "log", doc], root)  # warm-up: writes the bytecode caches
        git_log = ["git", "log", "--format=%H", "--", f"documents/{doc}"]
        log_t, log_g = paired([tracker, "log", doc], git_log, root, runs)
        results.append(("log", log_t, log_g))
        cold_log = statistics.median(
            [run_once([tracker, "log", doc], root, before=forget_log_cache) for _ in range(max(3, runs // 3))]
        )
        commit = subprocess.run(
            ["git", "log", "-2", "--format=%H", "--", path],
            cwd=root,
            env=ENV,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        show_t, show_g = paired(
            [tracker, "show", f"{doc}@latest~1"], ["git", "show", f"{commit}:{path}"], root, runs
        )
        results.append(("show", show_t, show_g))

        rng = random.Random(11)
        inputs = work / "inputs"
        inputs.mkdir()
        add_runs = max(5, runs // 2)
        tracked = ids[0]
        day0 = datetime.date(2026, 1, 1)

        def new_source(i: int, name: str) -> Path:
            source = inputs / f"{name}-{i}.md"
            source.write_text(document_text("Added", [sentence(rng) for _ in range(30)]), encoding="utf-8")
            return source

        warm_up = [
            tracker,
            "add",
            tracked,
            str(new_source(999, "warm")),
            "--date",
            "2025-12-31",
            "--label",
            "W",
        ]
        run_once(warm_up, root)  # the first add on a big repository starts the full commit-graph write
        wait_for_commit_graph(root)
        add_times, bare_times, same_files_times = [], [], []
        same_text = root / "documents" / ids[2] / "text.md"

        def commit_same_files(source: Path) -> str:
            """Bare git committing what tracker add commits: a text.md and the original under sources/."""
            original = root / "sources" / f"{hashlib.sha256(source.read_bytes()).hexdigest()}.md"
            shutil.copyfile(source, same_text)
            shutil.copyfile(source, original)
            paths = f"{same_text} {original}"
            return f"git add -- {paths} && git commit -q -m 'bare commit' -- {paths}"

        bare_path = root / "documents" / ids[1] / "text.md"
        bare_commit = f"git add -- {bare_path} && git commit -q -m 'bare commit' -- {bare_path}"
        for i in range(add_runs):
            when = (day0 + datetime.timedelta(days=i)).isoformat()
            source = str(new_source(i, "tracker"))
            add_times.append(
                run_once([tracker, "add", tracked, source, "--date", when, "--label", f"B{i}"], root)
            )
            shutil.copyfile(new_source(i, "bare"), bare_path)
            bare_times.append(run_once(bare_commit, root))
            same_files_times.append(run_once(commit_same_files(new_source(i, "same")), root))
        results.append(("add", statistics.median(add_times), statistics.median(bare_times)))
        same_files = statistics.median(same_files_times)
        wait_for_commit_graph(root)
        graph_t, graph_g = paired([tracker, "log", doc], git_log, root, runs)
        ls_t = timed([tracker, "ls"], root, max(3, runs // 3))

        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tracker.corpus import Corpus

        def fresh_timeline() -> object:
            return Corpus(root).timeline(doc)

        lib_timeline = timed_call(fresh_timeline, runs)
        corpus = Corpus(root)
        timeline = corpus.timeline(doc)
        lib_text_first = timed_call(lambda: Corpus(root).text(timeline[-2]), runs)
        lib_text_batch = timed_call(lambda: [corpus.text(rev) for rev in timeline], runs) / len(timeline)
        lib_all = timed_call(lambda: Corpus(root).timelines(), 3)

        def cold_timelines() -> object:
            forget_log_cache(root)
            return Corpus(root).timelines()

        lib_all_cold = timed_call(cold_timelines, 3)

        print(
            f"python start-up alone: {python * 1000:.0f} ms, with click imported: "
            f"{python_click * 1000:.0f} ms (a floor under every tracker command)"
        )
        print(f"{'operation':<10}{'tracker':>12}{'bare git':>12}{'ratio':>9}{'vs python+click+git':>22}")
        for name, ours, bare in results:
            floor = python_click + bare  # what any Python CLI doing the same git work would take at least
            print(
                f"{name:<10}{ours * 1000:>10.0f}ms{bare * 1000:>10.1f}ms{ours / bare:>8.1f}x"
                f"{ours / floor:>21.1f}x"
            )
        add_t = results[-1][1]
        print(
            f"add vs bare git committing the same files (text.md + the original in sources/): "
            f"{same_files * 1000:.0f} ms, {add_t / same_files:.1f}x"
        )
        print(
            f"log after tracker add wrote the commit-graph (Bloom filters): tracker {graph_t * 1000:.0f} ms, "
            f"git {graph_g * 1000:.1f} ms, {graph_t / graph_g:.1f}x"
        )
        print(
            f"tracker log with no log cache yet (a fresh clone's first read): {cold_log * 1000:.0f} ms, "
            f"{cold_log / log_g:.1f}x git log"
        )
        print(f"tracker ls ({documents} documents): {ls_t * 1000:.0f} ms")
        print("in-library (no process start-up):")
        print(
            f"  Corpus.timeline (fresh, cached log)    {lib_timeline * 1000:8.1f} ms   vs git log process "
            f"{graph_g * 1000:.1f} ms: {lib_timeline / graph_g:.2f}x (both with the commit-graph)"
        )
        print(
            f"  Corpus.text (first read)               {lib_text_first * 1000:8.1f} ms   vs git show "
            f"{show_g * 1000:.1f} ms: {lib_text_first / show_g:.2f}x"
        )
        print(f"  Corpus.text (batched, per revision)    {lib_text_batch * 1000:8.2f} ms")
        print(f"  Corpus.timelines (all {documents} documents) {lib_all * 1000:8.0f} ms "
              f"(no log cache yet: {lib_all_cold * 1000:.0f} ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
