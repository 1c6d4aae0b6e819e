"""Pausing the cyclic collector: paused inside, as it was after, also after an error."""

from __future__ import annotations

import gc

import pytest

from tracker.collector import paused_cyclic_gc
from tracker.diff import Side, diff_texts


def test_the_collector_is_paused_inside_and_resumes_after() -> None:
    assert gc.isenabled()
    with paused_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_cyclic_gc():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        with paused_cyclic_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_diff_runs_without_the_collector_and_leaves_it_running(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.diff

    enabled_while_aligning: list[bool] = []
    real_align = tracker.diff.align

    def align(*args: object) -> object:
        enabled_while_aligning.append(gc.isenabled())
        return real_align(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tracker.diff, "align", align)
    old = "# Plan\n\nThe Ministry will fund 10 labs by 2030.\n"
    new = "# Plan\n\nThe Ministry will consider funding 12 labs by 2031.\n"
    report = diff_texts(old, new, before_side=Side("a"), after_side=Side("b"), language="en")
    assert enabled_while_aligning == [False] and gc.isenabled()
    assert {k for c in report.changes for k in c.kinds} >= {"weakened", "target_changed"}


class _Node:
    def __init__(self) -> None:
        self.other: object = self  # a reference cycle: only the cyclic collector frees it


def test_objects_made_while_paused_skip_the_young_collection_but_cycles_are_still_freed() -> None:
    import weakref

    with paused_cyclic_gc():
        kept = [[i] for i in range(50_000)]
        cycle = _Node()
        gone = weakref.ref(cycle)
        del cycle
        assert gc.get_count()[0] > 50_000  # all of it waits for the young collection
    assert gc.get_count()[0] < 1_000  # ... which resuming does not pay: the objects are in the oldest one
    assert gc.get_freeze_count() == 0  # moved, not frozen
    assert gone() is not None  # the cycle was not collected yet
    gc.collect()
    assert gone() is None and len(kept) == 50_000
