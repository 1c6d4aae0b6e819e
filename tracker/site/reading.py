"""What a revision page leads with: the plan's turn, the changes that matter, the sections.

A long revision holds hundreds of cards; a reader first wants which way the plan is
turning and the few changes an analyst would weigh first. Everything here is read from
the differ's tracker.diff/1 report as it is (its significance scores and theme shifts):
pure functions, no templates, so each is tested directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: How many changes the summary of a revision page lists first.
TOP_CHANGES = 8


@dataclass(frozen=True)
class TopChange:
    anchor: str
    kinds: tuple[str, ...]
    text: str
    significance: int
    reason: str


@dataclass(frozen=True)
class ThemeTurn:
    """One theme shift the report names, in words, with both themes' weights on each side."""

    falling: str
    rising: str
    falling_label: str
    rising_label: str
    falling_weights: tuple[float, float]
    rising_weights: tuple[float, float]

    @property
    def phrase(self) -> str:
        return f"turning from {in_sentence(self.falling_label)} to {in_sentence(self.rising_label)}"


def in_sentence(label: str) -> str:
    """A theme label inside a sentence: "Provider diversification" -> "provider diversification",
    an initialism kept ("AI safety")."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


@dataclass(frozen=True)
class SectionGroup:
    id: str
    label: str
    cards: tuple[Any, ...]


def change_side(change: Mapping[str, Any]) -> Mapping[str, Any]:
    """The side a change is shown by: the new text, or the old one for a removal."""
    return change.get("after") or change.get("before") or {}


def top_changes(
    changes: Sequence[tuple[str, Mapping[str, Any]]], limit: int = TOP_CHANGES
) -> list[TopChange]:
    """The `limit` changes of highest significance (anchor, change pairs), report order on a tie."""
    ranked = sorted(
        enumerate(changes), key=lambda item: (-int(item[1][1].get("significance") or 0), item[0])
    )
    return [
        TopChange(
            anchor=anchor,
            kinds=tuple(change.get("kinds", [])),
            text=str(change_side(change).get("text") or ""),
            significance=int(change.get("significance") or 0),
            reason=str(change.get("significance_reason") or ""),
        )
        for _, (anchor, change) in ranked[:limit]
    ]


def theme_turns(report: Mapping[str, Any], label: Callable[[str], str]) -> list[ThemeTurn]:
    """The report's theme shifts (none when it names none), labelled, with their weights."""
    weights = {t["id"]: (float(t["before"]), float(t["after"])) for t in report.get("themes", [])}
    return [
        ThemeTurn(
            falling=s["from"],
            rising=s["to"],
            falling_label=label(s["from"]),
            rising_label=label(s["to"]),
            falling_weights=weights.get(s["from"], (0.0, 0.0)),
            rising_weights=weights.get(s["to"], (0.0, 0.0)),
        )
        for s in report.get("theme_shifts", [])
    ]


def turn_phrase(shifts: Sequence[tuple[str, str]], label: Callable[[str], str]) -> str | None:
    """One short phrase for a timeline row ("Turning from A to B; and from C to D"), or None
    when the report names no shift (`shifts`: its (falling, rising) theme pairs)."""
    if not shifts:
        return None
    text = "; ".join(
        f"{'turning' if i == 0 else 'and'} from {in_sentence(label(f))} to {in_sentence(label(r))}"
        for i, (f, r) in enumerate(shifts)
    )
    return text[0].upper() + text[1:]


def weight_table(report: Mapping[str, Any]) -> list[tuple[str, float, float]]:
    """Every theme whose weight moved: (id, before, after), in the report's order."""
    return [
        (t["id"], float(t["before"]), float(t["after"]))
        for t in report.get("themes", [])
        if float(t.get("before") or 0) != float(t.get("after") or 0)
    ]


def kind_counts(summary: Mapping[str, int]) -> list[tuple[str, int]]:
    """The report's counts by kind, largest first (the report's order on a tie), zeros left out."""
    parts = sorted(((n, i, k) for i, (k, n) in enumerate(summary.items()) if n), key=lambda t: (-t[0], t[1]))
    return [(k, n) for n, _, k in parts]


def section_label(section: Sequence[str]) -> str:
    return " › ".join(section) if section else "(top of document)"


def group_by_section(cards: Sequence[Any], section_of: Callable[[Any], Sequence[str]]) -> list[SectionGroup]:
    """Cards grouped by their section path, sections in the order their first card appears."""
    groups: dict[tuple[str, ...], list[Any]] = {}
    for card in cards:
        groups.setdefault(tuple(section_of(card)), []).append(card)
    return [
        SectionGroup(id=f"s-{i}", label=section_label(section), cards=tuple(members))
        for i, (section, members) in enumerate(groups.items(), start=1)
    ]


def block_of(change: Mapping[str, Any], blocks: Sequence[Mapping[str, Any]]) -> int | None:
    """The index of the redline block holding a change's sentence, by its line in the text.

    The new text's line for a change with a new side (blocks' `after_lines`), the old
    text's for a removal (`before_lines`); None when no block covers it."""
    after = change.get("after") or {}
    before = change.get("before") or {}
    side, key = (after, "after_lines") if after.get("lines") else (before, "before_lines")
    lines = side.get("lines")
    if not lines:
        return None
    line = int(lines[0])
    for i, block in enumerate(blocks):
        span = block.get(key)
        if span and int(span[0]) <= line <= int(span[1]):
            return i
    return None
