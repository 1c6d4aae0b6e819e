"""Benchmark `tracker build` on a large synthetic corpus (not a test; prints figures).

Builds with `git fast-import` (bench_corpus.build_fixture) a corpus of 500 documents
and 2,000 revisions, then prints:

- the full build time, the differ's own time within it (every diff_texts call, summed
  over the worker processes that compute a first build's reports; --jobs 1: none), and
  the site alone: a second build into a fresh folder holding only the report cache
  (it must write the same bytes);
- the floor: the same number of files rendered and written by bare Jinja2, at the
  site's own paths (about 1,700 folders: on ext4 here, writing across folders costs
  2-3 x writing into one) and with the same sizes (each page repeats a revision's
  lines until it is as large as the site's file: the site's pages carry redlines,
  cards and charts, about 2.3 x a bare page of the text); for reference, one bare
  page of a revision text per file, and all of them into one flat folder;
- pages written per second;
- the incremental rebuild after one new revision (recorded with Corpus.add), and the
  files it wrote; then a no-change rebuild.

Aims: full build <= 3 x floor + differ time; incremental rebuild < 2 s at any size.

    python bench/bench_site.py            # 500 documents, 2,000 revisions
    python bench/bench_site.py --quick    # 50 documents, 200 revisions
    python bench/bench_site.py --documents 1000 --revisions 4000
    python bench/bench_site.py --documents 2000 --revisions 8000 --rebuilds-only /tmp/site-2000
        (rebuild figures only: medians of --repeat incremental and no-change rebuilds, on a
        corpus and site kept in that folder and reused by the next run of the same size)
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import ENV, build_fixture  # noqa: E402

BARE_TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ title }}</title></head>
<body><h1>{{ title }}</h1>{% for line in lines %}<p>{{ line }}</p>
{% endfor %}</body></html>
"""


def bare_jinja_floor(
    texts: list[str], out: Path, paths: list[str] | None = None, sizes: list[int] | None = None
) -> tuple[float, int]:
    """Seconds to render and write one page per text with a bare autoescaped Jinja2 template,
    at the given relative paths (folders made as needed), else as 0.html, 1.html ... in `out`;
    and the bytes written. With `sizes`, each page repeats its text's lines until it is as
    large as the site's file at that path, so the floor writes as many bytes as the site."""
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(BARE_TEMPLATE)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    made: set[Path] = set()
    written = 0
    for i, text in enumerate(texts):
        lines = text.splitlines() or [""]
        if sizes is not None:
            need, total, grown = sizes[i], 0, []
            while total < need:
                for line in lines:
                    grown.append(line)
                    total += len(line) + 8  # <p></p> and a new line per line
                    if total >= need:
                        break
            lines = grown
        html = template.render(title=f"Page {i}", lines=lines)
        target = out / (paths[i] if paths else f"{i}.html")
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        data = html.encode("utf-8")
        target.write_bytes(data)
        written += len(data)
    return time.perf_counter() - started, written


def settle() -> None:
    """Write out what earlier steps left in the page cache, so that each timed step starts
    from the same state instead of paying for the previous step's writes."""
    if hasattr(os, "sync"):
        os.sync()


def timed_build(build: Any) -> tuple[Any, float]:
    """A build and the CPU seconds this process spent in it (the machine may be shared;
    worker processes not included)."""
    settle()
    cpu = time.process_time()
    result = build()
    return result, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="50 documents, 200 revisions")
    parser.add_argument("--documents", type=int, help="another size: this many documents ...")
    parser.add_argument("--revisions", type=int, help="... and this many revisions in all")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    parser.add_argument(
        "--jobs", type=int, help="worker processes for the diff reports (default: as tracker build)"
    )
    parser.add_argument(
        "--rebuilds-only",
        metavar="DIR",
        type=Path,
        help="only the rebuild figures, in DIR (corpus and site made there on the first run, kept, "
        "reused by the next runs of the same size): several incremental rebuilds, each after one "
        "new revision of another document, their median, and no-change rebuilds",
    )
    parser.add_argument("--repeat", type=int, default=5, help="rebuilds of each kind with --rebuilds-only")
    args = parser.parse_args()
    documents, revisions = (50, 200) if args.quick else (500, 2000)
    if args.documents or args.revisions:
        documents = args.documents or documents
        revisions = args.revisions or 4 * documents
    for key in (
        "GIT_CONFIG_NOSYSTEM",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        os.environ[key] = ENV[key]
    os.environ.pop("TRACKER_CORPUS", None)

    from tracker.corpus import Corpus
    from tracker.site import build_site
    from tracker.site.output import state_dir

    if args.rebuilds_only is not None:
        rebuilds_only(args.rebuilds_only, documents, revisions, args.repeat, args.jobs)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        root = work / "corpus"
        started = time.perf_counter()
        ids = build_fixture(root, documents, revisions)
        print(
            f"corpus: {documents} documents, {revisions} revisions "
            f"({time.perf_counter() - started:.1f} s to make)"
        )
        corpus = Corpus(root)

        out = work / "public"
        full, full_cpu = timed_build(lambda: build_site(corpus, out, jobs=args.jobs))
        differ_seconds = full.differ_seconds
        # the site's own share, measured: a build from nothing but the report cache
        site_out = work / "public-site"
        (state_dir(site_out) / "reports").mkdir(parents=True)
        for report in (state_dir(out) / "reports").iterdir():
            os.link(report, state_dir(site_out) / "reports" / report.name)
        site_build, site_cpu = timed_build(lambda: build_site(corpus, site_out, jobs=args.jobs))
        pages = full.files_written
        texts = [corpus.text(rev) for revs in corpus.timelines().values() for rev in revs]
        sample = [texts[i % len(texts)] for i in range(pages)]
        sizes = [(out / path).stat().st_size for path in full.written]
        site_bytes = sum(sizes)
        settle()
        floor_cpu = time.process_time()
        floor, floor_bytes = bare_jinja_floor(sample, work / "floor", list(full.written), sizes)
        floor_cpu = time.process_time() - floor_cpu
        settle()
        text_floor, text_bytes = bare_jinja_floor(sample, work / "floor-text", list(full.written))
        settle()
        flat_floor, _ = bare_jinja_floor(sample, work / "floor-flat")
        site_only = site_build.seconds
        print(
            f"full build:        {full.seconds:8.2f} s  "
            f"({pages} files written, {site_bytes / 1e6:.0f} MB, {full.reports_computed} diff reports"
            f"{f' by {full.workers} worker processes' if full.workers else ''}; "
            f"{full_cpu:.2f} s CPU in the build's own process)"
        )
        print(
            f"  differ's own:    {differ_seconds:8.2f} s  (time in diff_texts"
            f"{f', summed over {full.workers} workers' if full.workers else ''})"
        )
        same = all((out / path).read_bytes() == (site_out / path).read_bytes() for path in full.written)
        print(
            f"  site alone:      {site_only:8.2f} s  (a build with every report cached: "
            f"{site_build.files_written} files written, {'the same bytes' if same else 'DIFFERENT bytes'}; "
            f"{site_cpu:.2f} s CPU)"
        )
        print(
            f"bare Jinja2 floor: {floor:8.2f} s  (the same {pages} files rendered and written at the same "
            f"paths with the same sizes, {floor_bytes / 1e6:.0f} MB; {floor_cpu:.2f} s CPU)"
        )
        print(
            f"  for reference:   {text_floor:8.2f} s  (same paths, one revision text per page: "
            f"{text_bytes / 1e6:.0f} MB); into one flat folder: {flat_floor:.2f} s"
        )
        print(
            f"pages per second:  {pages / full.seconds:8.0f} "
            f"(site alone: {pages / max(site_only, 1e-9):.0f}; "
            f"bare Jinja2: {pages / max(floor, 1e-9):.0f})"
        )
        aim = 3 * floor + differ_seconds
        print(
            f"aim full <= 3 x floor + differ = {aim:.2f} s: {'met' if full.seconds <= aim else 'NOT met'} "
            f"(site alone is {site_only / max(floor, 1e-9):.1f} x the floor)"
        )

        source = work / "new-revision.md"
        last = corpus.timeline(ids[0])[-1]
        source.write_text(
            corpus.text(last) + "\nThe agency will publish a new annual report.\n", encoding="utf-8"
        )
        corpus.add(ids[0], source, date=last.date + datetime.timedelta(days=400), label="Benchmark revision")
        corpus.refresh()
        incremental, incremental_cpu = timed_build(lambda: build_site(corpus, out, jobs=args.jobs))
        print(
            f"incremental build: {incremental.seconds:8.2f} s  after one new revision "
            f"({incremental.files_written} files written, {incremental.files_unchanged} unchanged, "
            f"{incremental.reports_computed} diff reports, "
            f"{len(incremental.documents_planned)} document(s) planned; {incremental_cpu:.2f} s CPU)"
        )
        corpus.refresh()
        noop, noop_cpu = timed_build(lambda: build_site(corpus, out, jobs=args.jobs))
        print(
            f"no-change build:   {noop.seconds:8.2f} s  ({noop.files_written} files written; "
            f"{noop_cpu:.2f} s CPU)"
        )
        print(f"aim incremental < 2 s: {'met' if incremental.seconds < 2 else 'NOT met'}")
        if args.keep:
            print(f"kept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def add_revision(corpus: Any, doc_id: str, work: Path, n: int) -> None:
    """Record one new revision of a document: its latest text and one new sentence."""
    last = corpus.timeline(doc_id)[-1]
    source = work / "new-revision.md"
    source.write_text(
        corpus.text(last) + f"\nThe agency will publish annual report number {n}.\n", encoding="utf-8"
    )
    corpus.add(doc_id, source, date=last.date + datetime.timedelta(days=400), label=f"Benchmark revision {n}")
    corpus.refresh()


def rebuilds_only(work: Path, documents: int, revisions: int, repeat: int, jobs: int | None) -> None:
    """Incremental and no-change rebuild figures on a corpus and site kept in `work`."""
    import statistics

    from tracker.corpus import Corpus
    from tracker.site import build_site

    root, out = work / "corpus", work / "public"
    size = f"{documents} documents, {revisions} revisions"
    marker = work / "size.txt"
    if not (marker.is_file() and marker.read_text() == size):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        build_fixture(root, documents, revisions)
        marker.write_text(size)
    corpus = Corpus(root)
    ids = sorted(corpus.timelines())
    first, _ = timed_build(lambda: build_site(corpus, out, jobs=jobs))
    print(f"corpus: {size} (kept in {work}); bringing the site up to date: {first.seconds:.2f} s")
    timings: list[float] = []
    for _ in range(repeat):
        count = sum(len(t) for t in corpus.timelines().values())
        add_revision(corpus, ids[(count * 7919) % len(ids)], work, count)
        result, cpu = timed_build(lambda: build_site(corpus, out, jobs=jobs))
        timings.append(result.seconds)
        print(
            f"incremental build: {result.seconds:8.2f} s  ({result.files_written} files written, "
            f"{result.reports_computed} diff reports, {len(result.documents_planned)} document(s) planned; "
            f"{cpu:.2f} s CPU)"
        )
    noops: list[float] = []
    for _ in range(repeat):
        corpus.refresh()
        result, cpu = timed_build(lambda: build_site(corpus, out, jobs=jobs))
        noops.append(result.seconds)
    for name, values in (("incremental median:", timings), ("no-change median:  ", noops)):
        print(f"{name} {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})")
    print(f"aim incremental < 2 s: {'met' if statistics.median(timings) < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
