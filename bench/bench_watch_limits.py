"""What a document at the size limits costs the watcher: CPU, wall time and peak memory of a recording.

Two Markdown documents are made just under the limits of tracker.ingest: one at the
byte limit (sentences of ordinary length) and one at the sentence limit (short
sentences). Each is recorded as a first revision, then a second revision with one
sentence changed and one added (so the differ runs on the whole document), each in a
fresh `python -m tracker watch --once --build` process measured by `/usr/bin/time -v`.

    python bench/bench_watch_limits.py            # both documents (a few minutes)
    python bench/bench_watch_limits.py --only bytes
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.ingest import MAX_SENTENCES, ingest_bytes, input_limit  # noqa: E402

WORDS = ("the government will fund research centres for artificial intelligence safety by 2030 and publish "
         "guidance on procurement data sharing compute talent evaluation").split()


def document(rng: random.Random, sentence_words: tuple[int, int], budget_bytes: int,
             budget_sentences: int) -> str:
    """Markdown with sections of paragraphs, stopping just under both budgets."""
    parts, size, count = ["# Edge plan\n\n"], 0, 0
    while True:
        if count % 400 == 0:
            parts.append(f"## Section {count // 400}\n\n")
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(*sentence_words))).capitalize()
                     + "." for _ in range(8)]
        paragraph = " ".join(sentences) + "\n\n"
        if size + len(paragraph) > budget_bytes * 0.995 or count + 8 > budget_sentences * 0.995:
            return "".join(parts)
        parts.append(paragraph)
        size += len(paragraph)
        count += 8


def revised(text: str) -> str:
    middle = text.index(".", len(text) // 2)
    added = "The Agency will publish new guidance on evaluation.\n"
    return text[:middle] + " by 2031" + text[middle:] + added


def measure(command: list[str], env: dict[str, str]) -> dict[str, str]:
    proc = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, env=env,
                          check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr}")
    wanted = {"User time (seconds)": "user", "System time (seconds)": "sys",
              "Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall",
              "Maximum resident set size (kbytes)": "rss"}
    found = {}
    for line in proc.stderr.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key in wanted:
            found[wanted[key]] = value
    return found


def run_case(name: str, text: str) -> None:
    data = text.encode("utf-8")
    normalized = ingest_bytes(data, "edge.md").text
    sentences = normalized.count("\n") - normalized.count("\n\n")
    print(f"{name}: {len(data) / 2**20:.2f} MB of Markdown (limit {input_limit('markdown') // 2**20} MB), "
          f"{sentences:,} sentences (limit {MAX_SENTENCES:,})")
    work = Path(tempfile.mkdtemp(prefix="bench-watch-limits-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GIT_AUTHOR_NAME": "bench",
           "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "b@example.org"}
    try:
        subprocess.run([sys.executable, "-m", "tracker", "init", str(work / "corpus")], env=env, check=True,
                       capture_output=True)
        folder = work / "inbox" / "xx" / "edge-plan"
        folder.mkdir(parents=True)
        watch = [sys.executable, "-m", "tracker", "watch", str(work / "inbox"), "--corpus",
                 str(work / "corpus"), "--build", str(work / "public"), "--once", "--settle", "0.1"]
        for label, content in (("first revision", text), ("second revision", revised(text))):
            date = "2026-01-01" if label == "first revision" else "2026-02-01"
            (folder / f"{date}--edge.md").write_text(content, encoding="utf-8")
            (folder / f"{date}--edge.md.toml").write_text('title = "Edge plan"\n', encoding="utf-8")
            figures = measure(watch, env)
            site = sum(p.stat().st_size for p in (work / "public").rglob("*") if p.is_file())
            cpu = float(figures["user"]) + float(figures["sys"])
            print(f"  {label}: {cpu:.1f} s CPU, wall {figures['wall']}, peak RSS "
                  f"{int(figures['rss']) / 1024:.0f} MB; site {site / 2**20:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("bytes", "sentences"))
    args = parser.parse_args()
    if shutil.which("/usr/bin/time") is None:
        raise SystemExit("needs GNU time at /usr/bin/time (apt-get install time)")
    rng = random.Random(20261207)
    if args.only in (None, "bytes"):        # ordinary sentences: the byte limit is reached first
        run_case("at the byte limit", document(rng, (14, 22), input_limit("markdown"), 10**9))
    if args.only in (None, "sentences"):    # short sentences: the sentence limit is reached first
        run_case("at the sentence limit", document(rng, (4, 7), input_limit("markdown"), MAX_SENTENCES))


if __name__ == "__main__":
    main()
