"""Classify aligned commitments: added, removed, strengthened, weakened, target/actor changed, moved.

Works on the alignment and the per-sentence analyses only; it never re-reads text.
Every kind carries its evidence ("will -> will consider", "2027 -> 2029",
"METI -> Digital Agency"), so a reader can check the call without the documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.diff.align import Alignment, SentencePair
from tracker.diff.parse import ParsedDocument
from tracker.diff.redline import redline
from tracker.diff.report import REWORDED, CommitmentChange, CommitmentView, TargetView
from tracker.diff.targets import actors_equal, target_key

if TYPE_CHECKING:
    from tracker.commitments import Commitment, Target

STRENGTH_RANK = {"weak": 1, "moderate": 2, "strong": 3}


@dataclass(frozen=True)
class _Side:
    """One side of a pair: its sentences joined, and the commitments they carry."""

    text: str
    key: str
    section: tuple[str, ...]
    section_index: int
    lines: tuple[int, int]
    commitments: tuple[Commitment, ...]


def compare(
    before: ParsedDocument,
    after: ParsedDocument,
    alignment: Alignment,
    before_analysis: Sequence[Commitment | None],
    after_analysis: Sequence[Commitment | None],
) -> list[CommitmentChange]:
    """Every commitment change, in the order of the newer text (removed ones where they stood)."""
    changes: list[CommitmentChange] = []
    for pair in alignment.pairs:
        old = _side(before, pair.before, before_analysis) if pair.before else None
        new = _side(after, pair.after, after_analysis) if pair.after else None
        change = _classify(old, new, alignment.is_moved(before, after, pair), pair)
        if change is not None:
            changes.append(change)
    return changes


def _side(doc: ParsedDocument, indices: tuple[int, ...], analysis: Sequence[Commitment | None]) -> _Side:
    sentences = [doc.sentences[i] for i in indices]
    commitments = tuple(c for c in (analysis[i] for i in indices) if c is not None)
    first = sentences[0]
    return _Side(
        text=" ".join(s.text for s in sentences),
        key=" ".join(s.key for s in sentences),
        section=doc.section_path(first.section),
        section_index=first.section,
        lines=(min(s.lines[0] for s in sentences), max(s.lines[1] for s in sentences)),
        commitments=commitments,
    )


def _live(side: _Side | None) -> tuple[Commitment, ...]:
    """Commitments still in force: a negated one ("will no longer ...") commits to nothing."""
    if side is None:
        return ()
    return tuple(c for c in side.commitments if not c.negated)


def _classify(
    old: _Side | None, new: _Side | None, moved: bool, pair: SentencePair
) -> CommitmentChange | None:
    old_live, new_live = _live(old), _live(new)
    if not old_live and not new_live:
        return None
    if not old_live:
        assert new is not None
        evidence = ("no longer negated",) if old is not None and old.commitments else ("new commitment",)
        return _change(("added",), old if old and old.commitments else None, new, evidence)
    if not new_live:
        assert old is not None
        evidence = ("now negated",) if new is not None and new.commitments else ("commitment dropped",)
        return _change(("removed",), old, new if new and new.commitments else None, evidence)
    assert old is not None and new is not None
    kinds: list[str] = []
    evidence: list[str] = []
    _strength(old_live, new_live, kinds, evidence)
    _targets(old_live, new_live, kinds, evidence)
    _actor(old_live, new_live, kinds, evidence)
    if moved:
        kinds.append("moved")
        evidence.append(f"{_section_name(old.section)} -> {_section_name(new.section)}")
    if not kinds:
        if old.key == new.key:
            return None
        kinds.append(REWORDED)
    return _change(tuple(kinds), old, new, tuple(evidence))


def _strength(
    old: tuple[Commitment, ...], new: tuple[Commitment, ...], kinds: list[str], evidence: list[str]
) -> None:
    before = min(STRENGTH_RANK[c.strength] for c in old)
    after_ranks = [STRENGTH_RANK[c.strength] for c in new]
    old_cue = _cue(min(old, key=lambda c: STRENGTH_RANK[c.strength]))
    if max(after_ranks) > before and min(after_ranks) >= before:
        strongest = max(new, key=lambda c: STRENGTH_RANK[c.strength])
        kinds.append("strengthened")
        evidence.append(f"{old_cue} -> {_cue(strongest)}")
    if min(after_ranks) < before:
        weakest = min(new, key=lambda c: STRENGTH_RANK[c.strength])
        kinds.append("weakened")
        evidence.append(f"{old_cue} -> {_cue(weakest)}")


def _cue(commitment: Commitment) -> str:
    return " ".join(commitment.cues) if commitment.cues else commitment.strength


def _targets(
    old: tuple[Commitment, ...], new: tuple[Commitment, ...], kinds: list[str], evidence: list[str]
) -> None:
    old_targets = [t for c in old for t in c.targets]
    new_targets = [t for c in new for t in c.targets]
    old_keys = Counter(target_key(t) for t in old_targets)
    new_keys = Counter(target_key(t) for t in new_targets)
    if old_keys == new_keys:
        return
    gone = old_keys - new_keys
    came = new_keys - old_keys
    kinds.append("target_changed")
    evidence.append(f"{_target_texts(old_targets, gone)} -> {_target_texts(new_targets, came)}")


def _target_texts(targets: list[Target], wanted: Counter[tuple[object, ...]]) -> str:
    texts = []
    left = Counter(wanted)
    for t in targets:
        key = target_key(t)
        if left[key] > 0:
            left[key] -= 1
            texts.append(t.text)
    return ", ".join(texts) if texts else "(none)"


def _actor(
    old: tuple[Commitment, ...], new: tuple[Commitment, ...], kinds: list[str], evidence: list[str]
) -> None:
    old_actors = [c.actor for c in old if c.actor]
    new_actors = [c.actor for c in new if c.actor]
    if not old_actors or not new_actors:
        return  # an implicit actor ("will also ...") is no change of owner
    for actor in new_actors:
        if not any(actors_equal(actor, o) for o in old_actors):
            kinds.append("actor_changed")
            evidence.append(f"{old_actors[0]} -> {actor}")
            return


def _section_name(path: tuple[str, ...]) -> str:
    return path[-1] if path else "(start)"


def _change(
    kinds: tuple[str, ...], old: _Side | None, new: _Side | None, evidence: tuple[str, ...]
) -> CommitmentChange:
    return CommitmentChange(
        kinds=kinds,
        before=_view(old) if old else None,
        after=_view(new) if new else None,
        evidence=evidence,
        redline=redline(old.text if old else "", new.text if new else ""),
    )


def _view(side: _Side) -> CommitmentView:
    commitments = side.commitments
    live = [c for c in commitments if not c.negated] or list(commitments)
    weakest = min(live, key=lambda c: STRENGTH_RANK[c.strength]) if live else None
    actor = next((c.actor for c in live if c.actor), None)
    themes: list[str] = []
    for c in live:
        themes.extend(t for t in c.themes if t not in themes)
    return CommitmentView(
        text=side.text,
        section=side.section,
        lines=side.lines,
        strength=weakest.strength if weakest else None,
        actor=actor,
        targets=tuple(
            TargetView(t.type, t.value, t.unit, t.text, getattr(t, "bound", None))
            for c in live
            for t in c.targets
        ),
        themes=tuple(themes),
        negated=bool(commitments) and all(c.negated for c in commitments),
        cues=tuple(cue for c in live for cue in c.cues),
    )
