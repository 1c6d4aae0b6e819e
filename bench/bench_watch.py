"""Benchmark watch mode (not a test; prints figures).

On a corpus of 200 revisions (50 documents x 4, built with git fast-import by
bench_corpus.build_fixture, then built once into a site), a real in-process watcher
(watchdog observer, debouncer, processor, real `build_site`) is timed:

- latency: from the moment a file is complete in the inbox to the moment its revision
  page exists in the built site, for a 30-page PDF (made with reportlab) and for a
  5,000-word Markdown file; printed raw and beyond the stability wait (--settle);
- throughput: a burst of 100 files dropped at once, until all 100 pages exist.

Aim: latency under 2 s beyond the stability wait.

    python bench/bench_watch.py               # settle 1.0 s, 3 runs per latency case
    python bench/bench_watch.py --settle 0.3 --runs 5
    python bench/bench_watch.py --no-summary  # without the per-revision commitment summary
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import ENV, WORDS, build_fixture  # noqa: E402

from tracker.corpus import Corpus  # noqa: E402
from tracker.site import build_site  # noqa: E402
from tracker.watch import Watcher, WatchEvent, WatchOptions  # noqa: E402
from tracker.watch.summary import site_cached_summarizer  # noqa: E402

FIRST_DATE = datetime.date(2026, 1, 5)


def prose(rng: random.Random, words: int) -> list[str]:
    """Sentences of synthetic plan prose adding up to about `words` words."""
    out: list[str] = []
    total = 0
    while total < words:
        n = rng.randint(10, 22)
        out.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        total += n
    return out


def markdown_plan(rng: random.Random, words: int, title: str) -> str:
    sentences = prose(rng, words)
    parts = [f"# {title}\n"]
    for i in range(0, len(sentences), 12):
        parts.append(f"## Section {i // 12 + 1}\n")
        parts.append(" ".join(sentences[i:i + 12]) + "\n")
    return "\n".join(parts)


def pdf_plan(rng: random.Random, pages: int, title: str) -> bytes:
    """A text PDF of exactly `pages` pages: a heading and wrapped paragraphs on each."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    for page in range(pages):
        y = height - 72
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, y, f"{title} - {page + 1}. Section {page + 1}")
        y -= 28
        pdf.setFont("Helvetica", 10)
        line: list[str] = []
        for word in " ".join(prose(rng, 330)).split():
            line.append(word)
            if pdf.stringWidth(" ".join(line), "Helvetica", 10) > width - 144:
                pdf.drawString(72, y, " ".join(line[:-1]))
                line = [word]
                y -= 14
        pdf.drawString(72, y, " ".join(line))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class PageWaiter:
    """Collects watcher events; waits for a revision page to exist (polling the output, 2 ms)."""

    def __init__(self) -> None:
        self.events: list[tuple[float, WatchEvent]] = []
        self.lock = threading.Lock()

    def __call__(self, event: WatchEvent) -> None:
        with self.lock:
            self.events.append((time.perf_counter(), event))

    @staticmethod
    def wait_pages(pages: list[Path], timeout: float = 300.0) -> float:
        deadline = time.perf_counter() + timeout
        remaining = list(pages)
        while remaining:
            remaining = [p for p in remaining if not p.exists()]
            if time.perf_counter() > deadline:
                raise SystemExit(f"timed out waiting for {remaining[:3]}")
            if remaining:
                time.sleep(0.002)
        return time.perf_counter()


def write_complete(path: Path, data: bytes) -> float:
    """Write a file the way a download finishes (temp name, then rename); returns when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    temp.write_bytes(data)
    os.replace(temp, path)
    return time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--poll", action="store_true")
    parser.add_argument("--no-summary", action="store_true", help="skip the per-revision diff summary")
    args = parser.parse_args()
    os.environ.update({k: v for k, v in ENV.items() if k.startswith("GIT_")})
    rng = random.Random(11)

    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        root, inbox, public = Path(tmp) / "corpus", Path(tmp) / "inbox", Path(tmp) / "public"
        inbox.mkdir()
        started = time.perf_counter()
        ids = build_fixture(root, documents=50, revisions=200)
        corpus = Corpus(root)
        revisions = sum(len(t) for t in corpus.timelines().values())
        print(f"corpus: {len(ids)} documents, {revisions} revisions "
              f"(built in {time.perf_counter() - started:.1f} s)")
        first = build_site(corpus, public)
        print(f"initial site build: {first.files_written} files in {first.seconds:.1f} s")

        waiter = PageWaiter()
        watcher = Watcher(corpus, inbox, emit=waiter, rebuild=lambda: build_site(corpus, public),
                          options=WatchOptions(settle=args.settle, poll=args.poll,
                                               summaries=not args.no_summary),
                          summarize=site_cached_summarizer(corpus, public))     # as the CLI does
        watcher.start()
        try:
            cases = [("30-page PDF", "pdf", lambda title: pdf_plan(rng, 30, title)),
                     ("5,000-word Markdown", "md",
                      lambda title: markdown_plan(rng, 5000, title).encode("utf-8"))]
            doc_cycle = iter(ids)
            day = FIRST_DATE
            for name, ext, make in cases:
                latencies, completes, builds, sizes = [], [], [], []
                for _ in range(args.runs):
                    doc = next(doc_cycle)
                    data = make(f"Plan {doc}")
                    sizes.append(len(data))
                    rel = f"{doc}/{day.isoformat()}--bench.{ext}"
                    page = public / "documents" / doc / f"{day.isoformat()}.html"
                    day += datetime.timedelta(days=1)
                    before = len(waiter.events)
                    complete = write_complete(inbox / rel, data)
                    done = waiter.wait_pages([page])
                    watcher.wait_idle(60)
                    latencies.append(done - complete)
                    later = waiter.events[before:]
                    if not any(e.kind == "recorded" for _, e in later):
                        raise SystemExit(f"{rel} was not recorded: {[e for _, e in later]}")
                    built = [(t, e) for t, e in later if e.kind == "site_built"]   # after the burst's build
                    completes.append(built[0][0] - complete if built else float("nan"))
                    builds.append(built[0][1].site.seconds if built else float("nan"))
                median = statistics.median(latencies)
                print(f"latency, {name} ({statistics.mean(sizes) / 1024:.0f} KiB): median {median:.2f} s, "
                      f"beyond the {args.settle:g} s stability wait {median - args.settle:.2f} s "
                      f"(runs: {', '.join(f'{x:.2f}' for x in latencies)}); whole site updated after "
                      f"{statistics.median(completes):.2f} s (its build {statistics.median(builds):.2f} s)")

            # throughput: a burst of files dropped at once
            drops = []
            for n in range(args.burst):
                doc = ids[n % len(ids)]
                when = day + datetime.timedelta(days=n // len(ids))
                text = markdown_plan(rng, 600, f"Plan {doc}").encode("utf-8")
                drops.append((f"{doc}/{when.isoformat()}--burst.md", text,
                              public / "documents" / doc / f"{when.isoformat()}.html"))
            before = len(waiter.events)
            t0 = time.perf_counter()
            for rel, data, _ in drops:
                last = write_complete(inbox / rel, data)
            done = waiter.wait_pages([page for _, _, page in drops])
            watcher.wait_idle(120)
            events = [e for _, e in waiter.events[before:]]
            recorded = sum(e.kind == "recorded" for e in events)
            builds = sum(e.kind == "site_built" for e in events)
            print(f"throughput, burst of {args.burst} Markdown files (600 words each): all pages in "
                  f"{done - last:.1f} s after the last file was complete ({done - t0:.1f} s after the "
                  f"first), {recorded / (done - last):.1f} files/s; {recorded} recorded, {builds} site "
                  f"build(s)")
        finally:
            watcher.stop()


if __name__ == "__main__":
    main()
