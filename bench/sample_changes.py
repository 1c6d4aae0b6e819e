"""Draw a seeded sample of the commitment changes `tracker diff` reports, as a sheet to judge by hand.

A figure such as "24 of 30 reported changes are right" needs the same 30 changes for anyone who
checks it: the sample is drawn with `random.seed(SEED)` from the changes in report order, leaving
out those that are only `reworded` (no commitment changed), and printed with both wordings, their
places and the evidence, so each can be read against the two texts.

Run: python bench/sample_changes.py BEFORE AFTER [--seed 1] [--size 30] [--json sample.json]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any


def reported_changes(before: Path, after: Path) -> list[dict[str, Any]]:
    """The changes of `tracker diff --json` that change a commitment, in report order."""
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "diff", str(before), str(after), "--json", "--exit-zero"],
        check=True, capture_output=True, text=True,
    ).stdout
    return [c for c in json.loads(out)["commitment_changes"] if c["kinds"] != ["reworded"]]


def draw(changes: list[dict[str, Any]], seed: int, size: int) -> list[dict[str, Any]]:
    random.seed(seed)
    return random.sample(changes, min(size, len(changes)))


def _side(side: dict[str, Any] | None) -> str:
    if side is None:
        return "(none)"
    place = " > ".join(side["section"][-2:]) or "(start)"
    first, last = side["lines"]
    return (
        f"{place}, lines {first}-{last}; {side['strength']}, actor {side['actor'] or '-'}\n"
        f"    {side['text']}"
    )


def sheet(sample: list[dict[str, Any]], total: int, seed: int) -> str:
    lines = [f"{len(sample)} of {total} reported changes (not only reworded), random.seed({seed})", ""]
    for n, change in enumerate(sample, 1):
        lines += [
            f"{n}. {', '.join(change['kinds'])} | evidence: {'; '.join(change['evidence'])}",
            f"  before: {_side(change['before'])}",
            f"  after:  {_side(change['after'])}",
        ]
        context = change.get("context")
        if context:
            # the sentence in the counterpart's place that commits to nothing: what a reader compares
            first, last = context["lines"]
            place = " > ".join(context["section"][-2:]) or "(start)"
            lines += [
                f"  context ({context['side']}): {place}, lines {first}-{last}",
                f"    {context['text']}",
            ]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the sample as JSON")
    args = parser.parse_args()
    changes = reported_changes(args.before, args.after)
    sample = draw(changes, args.seed, args.size)
    if args.json:
        args.json.write_text(json.dumps(sample, indent=1, ensure_ascii=False), encoding="utf-8")
    print(sheet(sample, len(changes), args.seed))


if __name__ == "__main__":
    main()
