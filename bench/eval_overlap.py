"""List places where the project's files share wording with the shared evaluation cases.

The differ must generalize: no phrase, number or sentence of `../shared/eval` may be named in the
code, lexicons or tests. This prints every project file that shares a 4-word run (English) or an
8-character run (Japanese) with an eval case, so a person can judge each one (generic vocabulary
such as "the government will" is expected; a quoted eval sentence is not).

    python bench/eval_overlap.py [--eval ../shared/eval] [--repo .]
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from shared_folder import shared_dir

WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
WIDE_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{8,}")
SKIP_DIRS = {".git", "node_modules", "build", "public", "corpus", "__pycache__"}
SUFFIXES = (".py", ".toml", ".json", ".md", ".txt", ".html", ".yml")


def grams(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    found = {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}
    for run in WIDE_RUN.findall(text):
        found.update(run[i : i + 8] for i in range(len(run) - 7))
    return found


def eval_grams(eval_dir: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted(eval_dir.glob("*/*/*.md")):
        found |= grams(path.read_text(encoding="utf-8"))
    for path in sorted(eval_dir.glob("*/*/gold.json")):
        for change in json.loads(path.read_text(encoding="utf-8"))["changes"]:
            for side in (change.get("before"), change.get("after")):
                found |= grams(side or "")
    return found


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--eval", type=Path, default=shared_dir() / "eval")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation set at {args.eval}")
        return 2
    known = eval_grams(args.eval)
    hits = 0
    for folder, dirs, files in os.walk(args.repo):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("eval-own"))
        for name in sorted(files):
            path = Path(folder) / name
            if not name.endswith(SUFFIXES) or path.resolve() == Path(__file__).resolve():
                continue
            shared = sorted(grams(path.read_text(encoding="utf-8", errors="replace")) & known)
            if shared:
                hits += 1
                print(f"{path.relative_to(args.repo)}: {len(shared)} shared runs, e.g. {shared[:6]}")
    print(f"{hits} files share wording with the evaluation cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
