"""Formatting invariance: the same text re-published in another format must diff as (almost) nothing.

Every real text in <checkout>/../shared/realdocs (an excerpt of --words words; a text file is
first ingested to its normalized Markdown) and a Japanese plan text of the project's own are
re-published as hard-wrapped text, a PDF with running header/footer and page numbers, a DOCX
and an HTML page (tests/republish.py), and each is diffed against its Markdown as
`tracker diff MARKDOWN OTHER` does. Prints the commitment changes of every pair (aim: at most 1)
and of the EO 14110 White House / Federal Register pair (aim: at most 3).

    python bench/bench_invariance.py                # 3,000-word excerpts
    python bench/bench_invariance.py --words 20000  # longer excerpts
    python bench/bench_invariance.py -v             # list the changes found
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from republish import FORMATS, JAPANESE_PLAN, REALDOCS, excerpt, republish  # noqa: E402

EO = "us/eo-14110-safe-secure-trustworthy-ai"


def _diff_files(before: Path, after: Path) -> dict:
    try:
        from tracker.file_diff import diff_files
    except ImportError:  # the code before the file reading moved to tracker.ingest
        from tracker.diff import diff_files  # type: ignore[attr-defined,no-redef]
    return diff_files(before, after).to_dict()


def markdown_of(path: Path) -> str:
    """A real text as Markdown: a Markdown file as it is, any other file as the ingester writes it."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    from tracker.ingest import ingest_file

    return ingest_file(path).text


def texts(words: int) -> list[tuple[str, str]]:
    found = [
        (str(path.relative_to(REALDOCS)), excerpt(markdown_of(path), words))
        for path in sorted(REALDOCS.rglob("*"))
        if path.suffix in (".md", ".txt") and path.name != "SOURCES.md"
    ]
    return [*found, ("own/japanese-plan.md", JAPANESE_PLAN)]


def describe(change: dict) -> str:
    sides = [change.get(side) or {} for side in ("before", "after")]
    text = " -> ".join((side.get("text") or "-")[:70] for side in sides)
    return f"{'+'.join(change['kinds'])}: {text} {change.get('evidence') or ''}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=3000, help="excerpt length per real text")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every change found")
    args = ap.parse_args()
    if not REALDOCS.is_dir():
        print(f"skipped: no real documents at {REALDOCS} (the shared folder beside the checkout)")
        return 0
    worst = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'text':62} " + " ".join(f"{fmt:>5}" for fmt in FORMATS))
        for number, (name, markdown) in enumerate(texts(args.words)):
            source = folder / f"{number}.md"
            source.write_text(markdown, encoding="utf-8")
            counts = []
            for fmt in FORMATS:
                other = folder / f"{number}.{fmt}"
                other.write_bytes(republish(markdown, fmt))
                changes = _diff_files(source, other)["commitment_changes"]
                counts.append(len(changes))
                if args.verbose:
                    for change in changes:
                        print(f"    [{fmt}] {describe(change)}")
            worst = max(worst, *counts)
            print(f"{name[:62]:62} " + " ".join(f"{count:5d}" for count in counts))
    eo_dir = REALDOCS / EO
    pair = sorted(eo_dir.glob("*.txt"))
    if len(pair) == 2:
        changes = _diff_files(pair[0], pair[1])["commitment_changes"]
        kinds = Counter(kind for change in changes for kind in change["kinds"])
        print(f"\nEO 14110 White House -> Federal Register: {len(changes)} commitment changes {dict(kinds)}")
        if args.verbose:
            for change in changes:
                print(f"    {describe(change)}")
        eo_ok = len(changes) <= 3
    else:
        eo_ok = True
    print(f"\nworst re-published pair: {worst} changes (aim <= 1); {time.perf_counter() - started:.1f}s")
    print("aims met" if worst <= 1 and eo_ok else "aims NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
