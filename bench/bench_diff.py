#!/usr/bin/env python3
"""Benchmark `tracker diff A B --format json` against common word-diff tools.

For every pair (the real documents in ../shared/realdocs, if present, and the
synthetic 5k/50k/200k-word pairs of ../shared/bench/gen_policy_pair.py) it
prints the whole-process wall time and peak memory (start-up and imports
included) of:

  tracker   tracker diff A B --format json
  git       git diff --no-index --word-diff A B
  difflib   difflib.SequenceMatcher(None, a.split(), b.split()).get_opcodes()
  dmp       diff-match-patch over words (each word mapped to one character, no timeout)

then checks the aims: tracker >= 4x faster than difflib on 50k words, 200k words
in < 3 s and < 500 MiB, and a 200k/50k time ratio <= 4.5.

Each tool runs --repeat times per pair (the median time and the largest peak are
shown). Before timing, the tracker package is byte-compiled as `pip install` does
(an editable install under PYTHONDONTWRITEBYTECODE would otherwise compile its
source on every run) and tracker runs once per pair untimed, which fills its
cross-run regex cache as any earlier run would; the 50k time with the regex cache
off is printed too.

    python bench/bench_diff.py                 # everything
    python bench/bench_diff.py --only synthetic --skip-slow
    python bench/bench_diff.py --stages OLD.md NEW.md   # where the time goes, stage by stage
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from shared_folder import shared_dir

GEN = shared_dir() / "bench" / "gen_policy_pair.py"
REALDOCS = shared_dir() / "realdocs"
REAL_PAIRS = [
    ("eu/ai-act", "2023-06-14-ep-amendments-P9_TA-2023-0236.md", "2024-06-13-regulation-2024-1689-final.md"),
    (
        "eu/ai-act-nl",
        "2021-04-21-commission-proposal-COM-2021-206-nl.md",
        "2024-06-13-verordening-2024-1689-final-nl.md",
    ),
    (
        "japan/national-ai-strategy",
        "2017-03-31-ai-technology-strategy.txt",
        "2019-06-11-ai-strategy-2019.txt",
    ),
    (
        "us/eo-14110-safe-secure-trustworthy-ai",
        "2023-10-30-whitehouse-release.txt",
        "2023-11-01-federal-register-88FR75191.txt",
    ),
]

DIFFLIB = """
import difflib, sys
a = open(sys.argv[1], encoding="utf-8").read().split()
b = open(sys.argv[2], encoding="utf-8").read().split()
difflib.SequenceMatcher(None, a, b).get_opcodes()
"""
DMP = """
import sys
from diff_match_patch import diff_match_patch
a = open(sys.argv[1], encoding="utf-8").read().split()
b = open(sys.argv[2], encoding="utf-8").read().split()
codes = {}
def enc(words):
    return "".join(codes.setdefault(w, chr(0xF0000 + len(codes)) if len(codes) < 0xFFFD
                   else chr(0x100000 + len(codes) - 0xFFFD)) for w in words)
ea, eb = enc(a), enc(b)
d = diff_match_patch()
d.Diff_Timeout = 0
d.diff_main(ea, eb, False)
"""


def measured(argv: list[str], timeout: float) -> tuple[float | None, float | None]:
    """Run argv under a tiny wrapper that reports its child's time and peak memory.

    The wrapper enforces the timeout itself (subprocess.run kills the child), so no
    measured process outlives the benchmark.
    """
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,\n"
        "                   timeout=float(sys.argv[1]))\n"
        "except subprocess.TimeoutExpired:\n"
        "    print(json.dumps(None))\n"
        "    sys.exit(0)\n"
        "e = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0\n"
        "print(json.dumps([e, peak]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, str(timeout), *argv], capture_output=True, text=True, check=False
    ).stdout
    result = json.loads(out) if out.strip() else None
    if result is None:
        return None, None
    return result[0], result[1]


def median_run(argv: list[str], timeout: float, repeat: int) -> tuple[float | None, float | None]:
    """The median time and the largest peak memory of `repeat` runs (None once one times out)."""
    runs = []
    for _ in range(repeat):
        seconds, mib = measured(argv, timeout)
        if seconds is None or mib is None:
            return None, None
        runs.append((seconds, mib))
    times = sorted(t for t, _ in runs)
    return times[len(times) // 2], max(m for _, m in runs)


def prepare_tracker() -> None:
    """Byte-compile the tracker package being measured, as installing it with pip does.

    The console script imports the installed package (an editable install points at the
    checkout it was made from), not the one in the current folder: ask from elsewhere.
    """
    import compileall

    console_script = len(tracker_command()) == 1
    found = subprocess.run(
        [sys.executable, "-c", "import tracker, os; print(os.path.dirname(tracker.__file__))"],
        capture_output=True, text=True, check=True, cwd=tempfile.gettempdir() if console_script else None,
    ).stdout.strip()
    compileall.compile_dir(found, quiet=1)


def words(path: Path) -> int:
    return len(path.read_text(encoding="utf-8", errors="replace").split())


def tracker_command() -> list[str]:
    """The console script installed beside this Python, else `python -m tracker`.

    Not a version manager's shim: pyenv's is a bash script that execs `pyenv exec`, and would
    add ~0.1 s of its own to every run.
    """
    beside = Path(sys.executable).parent / "tracker"
    tracker = str(beside) if beside.is_file() else shutil.which("tracker")
    return [tracker] if tracker else [sys.executable, "-m", "tracker"]


def tools(a: Path, b: Path) -> dict[str, list[str]]:
    return {
        "tracker": [*tracker_command(), "diff", str(a), str(b), "--format", "json"],
        "git": ["git", "diff", "--no-index", "--word-diff", str(a), str(b)],
        "difflib": [sys.executable, "-c", DIFFLIB, str(a), str(b)],
        "dmp": [sys.executable, "-c", DMP, str(a), str(b)],
    }


def synthetic_pairs(workdir: Path) -> list[tuple[str, Path, Path]]:
    if not GEN.exists():
        return []
    out = workdir / "synthetic"
    subprocess.run([sys.executable, str(GEN), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return [
        (f"synthetic {n}", out / f"policy_{n}_v1.md", out / f"policy_{n}_v2.md")
        for n in ("5k", "50k", "200k")
    ]


def real_pairs() -> list[tuple[str, Path, Path]]:
    pairs = []
    for folder, old, new in REAL_PAIRS:
        a, b = REALDOCS / folder / old, REALDOCS / folder / new
        if a.exists() and b.exists():
            pairs.append((folder, a, b))
    return pairs


STAGES = """
import functools, gc, sys, time
from pathlib import Path
gc.disable()  # as tracker diff does (tracker.collector)
laps = []
def lap(name, started):
    laps.append((name, time.perf_counter() - started[0], time.process_time() - started[1]))
started = (time.perf_counter(), time.process_time())
import tracker.cli, tracker.cli.diff_commands
lap("import cli", started)
started = (time.perf_counter(), time.process_time())
import tracker.diff as differ
from tracker.diff import Side
try:
    from tracker.ingest.files import read_file
except ImportError:  # the code before file reading left the differ
    from tracker.diff import read_file
from tracker.render.json import render_json
lap("import differ, ingester, json renderer", started)
# tracker diff itself runs, with the steps it calls timed where it calls them (no copy of its logic)
def timed(name, fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        began = (time.perf_counter(), time.process_time())
        out = fn(*args, **kwargs)
        lap(name, began)
        return out
    return run
STEPS = [
    ("parse_document", "parse"), ("position", "comparative position"), ("align", "align"),
    ("analyse_document", "analyse"), ("attach_derogations", "derogations"),
    ("read_paired_lead_ins", "lead-in pairs"), ("read_counterparts", "counterpart readings"),
    ("compare", "compare"),
    ("with_significance", "significance"), ("block_diffs", "blocks (full-text redline)"),
]
for attr, name in STEPS:
    if hasattr(differ, attr):  # older code lacks some steps
        setattr(differ, attr, timed(name, getattr(differ, attr)))
a, b = Path(sys.argv[1]), Path(sys.argv[2])
started = (time.perf_counter(), time.process_time())
old_in, new_in = read_file(a), read_file(b)  # as tracker diff does: Markdown as written, else ingested
lap("read both files", started)
started = (time.perf_counter(), time.process_time())
report = differ.diff_texts(
    old_in.text, new_in.text, before_side=Side(str(a)), after_side=Side(str(b)),
    language=new_in.language, normalized=old_in.normalized and new_in.normalized,
)
whole = time.perf_counter() - started[0], time.process_time() - started[1]
started = (time.perf_counter(), time.process_time())
text = render_json(report)
lap(f"JSON ({len(text) // 1024} KiB, {len(report.changes)} changes)", started)
totals = {}
for name, wall, cpu in laps:  # a step called twice (both versions) is summed
    w, c, n = totals.get(name, (0.0, 0.0, 0))
    totals[name] = (w + wall, c + cpu, n + 1)
print(f"  {'stage':50} {'wall':>8} {'cpu':>8}")
for name, (wall, cpu, n) in totals.items():
    label = f"{name} (x{n})" if n > 1 else name
    print(f"  {label:50} {wall:6.3f} s {cpu:6.3f} s")
steps = sum(w for name, (w, _, _) in totals.items() if name in {s[1] for s in STEPS})
print(f"  {'rest of diff_texts (themes, report)':50} {whole[0] - steps:6.3f} s")
print(f"  {'diff_texts in all':50} {whole[0]:6.3f} s {whole[1]:6.3f} s")
"""


def stages(a: Path, b: Path) -> None:
    """Per-stage wall time of one diff, in a fresh process (imports included, start-up not)."""
    print(f"stages of tracker diff {a.name} {b.name}")
    subprocess.run([sys.executable, "-c", STAGES, str(a), str(b)], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["real", "synthetic"], help="run one group of pairs only")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a tool is given up on")
    ap.add_argument("--skip-slow", action="store_true", help="skip difflib and dmp on pairs over 60k words")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool and pair; the median is shown")
    ap.add_argument(
        "--stages",
        nargs=2,
        metavar=("OLD", "NEW"),
        type=Path,
        help="only print the time of each stage (read, parse, align, analyse, ...) for two files",
    )
    args = ap.parse_args()
    if args.stages:
        stages(*args.stages)
        return 0

    prepare_tracker()
    results: dict[str, dict[str, tuple[float | None, float | None]]] = {}
    cold50: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        pairs: list[tuple[str, Path, Path]] = []
        if args.only != "synthetic":
            pairs += real_pairs()
        if args.only != "real":
            pairs += synthetic_pairs(Path(tmp))
        header = f"{'pair':42} {'words':>15}  " + "  ".join(
            f"{t:>17}" for t in ("tracker", "git", "difflib", "dmp")
        )
        print(header)
        print("-" * len(header))
        for name, a, b in pairs:
            size = f"{words(a)}/{words(b)}"
            row = {}
            cells = []
            for tool, argv in tools(a, b).items():
                if args.skip_slow and tool in ("difflib", "dmp") and words(a) > 60_000:
                    row[tool] = (None, None)
                    cells.append(f"{'skipped':>17}")
                    continue
                if tool == "tracker":
                    measured(argv, args.timeout)  # untimed: fills the regex cache, as any earlier run does
                seconds, mib = median_run(argv, args.timeout, args.repeat)
                row[tool] = (seconds, mib)
                cells.append(f"{seconds:7.2f}s {mib:6.0f}MiB" if seconds is not None else f"{'timeout':>17}")
            results[name] = row
            print(f"{name[:42]:42} {size:>15}  " + "  ".join(cells), flush=True)
            if name == "synthetic 50k":
                cold = ["env", "TRACKER_CACHE_DIR=off", *tools(a, b)["tracker"]]
                cold50 = median_run(cold, args.timeout, args.repeat)[0]

    print()
    ok = True
    s50, s200 = results.get("synthetic 50k"), results.get("synthetic 200k")
    if s50 and s50["tracker"][0] and s50["difflib"][0]:
        speedup = s50["difflib"][0] / s50["tracker"][0]
        ok &= speedup >= 4
        print(f"50k: tracker is {speedup:.1f}x faster than difflib word diff (aim >= 4x)")
        if cold50:
            print(f"50k with the regex cache off: tracker {cold50:.2f}s, {s50['difflib'][0] / cold50:.1f}x")
    if s200 and s200["tracker"][0] is not None:
        t, m = s200["tracker"]
        assert m is not None
        ok &= t < 3 and m < 500
        print(f"200k: tracker {t:.2f}s, {m:.0f} MiB (aim < 3 s, < 500 MiB)")
        if s50 and s50["tracker"][0]:
            ratio = t / s50["tracker"][0]
            ok &= ratio <= 4.5
            print(f"growth 200k/50k: {ratio:.2f} (aim <= 4.5)")
    print("aims met" if ok else "aims NOT met")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
