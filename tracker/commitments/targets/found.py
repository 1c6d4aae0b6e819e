"""The targets found in one sentence so far: the first reading of a span wins, overlaps are dropped."""

from __future__ import annotations

from typing import NamedTuple

from tracker.commitments.model import Target


class Found(NamedTuple):
    start: int
    end: int
    target: Target


def add(found: list[Found], taken: list[tuple[int, int]], start: int, end: int, target: Target) -> None:
    for s, e in taken:
        if start < e and s < end:
            return
    taken.append((start, end))
    found.append(Found(start, end, target))
