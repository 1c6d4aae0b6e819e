"""The targets found in one sentence so far: the first reading of a span wins, overlaps are dropped."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.commitments.model import Target


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    target: Target


def add(found: list[Found], taken: list[tuple[int, int]], start: int, end: int, target: Target) -> None:
    for s, e in taken:
        if start < e and s < end:
            return
    taken.append((start, end))
    found.append(Found(start, end, target))
