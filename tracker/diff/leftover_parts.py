"""Leftover sentences that are a part of a paired provision of the same article, split off or merged in.

Redrafting an article often breaks one sentence in two and moves a piece elsewhere in the
article ("... and shall do Y, provided that Z." -> "... shall do Y." and, two paragraphs
on, "Z applies where ..."), or folds a sentence of another paragraph into a longer one.
The alignment pairs the sentence with its main successor; the piece is left over and reads
as a new (or dropped) commitment, though its words were all there. A lawyer reads it as
part of the same provision when three things hold: it stands in the same article or
annex (units matched by structural identity and content, `tracker.diff.sections`), nearly
all of its distinctive words come from the paired sentence, and it states a part of that
sentence its main successor does not (together they cover the old sentence better).

Only numbered articles and annexes are searched: a recital block shares set phrases
across hundreds of sentences, so words alone say little about which sentence a piece
came from. Each leftover is compared only with the pairs of its own unit's counterparts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from tracker.diff.parse import ParsedDocument
from tracker.diff.sections import Counterparts, Unit

#: Share of a leftover sentence's distinctive words (IDF weight, words of most sentences weighing
#: nothing) that must come from the paired sentence on the other side for it to be a part of it.
PART_CONTAINMENT = 0.7
#: How much more of the paired sentence the successor and the part cover together than the successor alone.
PART_GAIN = 0.1
#: Numbered units searched (recitals are prose, chapters hold articles).
PART_UNIT_KINDS = frozenset({"article", "annex"})

Tokens = Callable[[int], frozenset[str]]
#: A pair being grown: its older sentences and its newer ones.
Group = tuple[list[int], list[int]]


def leftover_parts(
    before: ParsedDocument,
    after: ParsedDocument,
    paired: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    unpaired: tuple[Iterable[int], Iterable[int]],
    counterparts: Counterparts,
    tokens: tuple[Tokens, Tokens],
    weight: Mapping[str, float],
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The leftover sentences to join to a pair, by the pair's position in `paired`: newer ones
    (split off the pair's older sentences) and older ones (merged into the pair's newer sentences).

    `paired`: (older sentences, newer sentences) of each aligned pair that is not word for word;
    `unpaired`: the newer and the older sentences left over;
    `weight`: a token's IDF weight, log(n / count) + 1, as the alignment computes it (1 is taken off).
    """
    groups = [(list(b), list(a)) for b, a in paired]
    split_off = _Search(after, before, counterparts, tokens[1], tokens[0], weight, True, paired).join(
        unpaired[0], groups
    )
    merged_in = _Search(before, after, counterparts, tokens[0], tokens[1], weight, False, paired).join(
        unpaired[1], groups
    )
    return split_off, merged_in


class _Search:
    """Leftovers of one side (`own`) joined to the pairs whose other side (`other`) they come from."""

    def __init__(
        self,
        own: ParsedDocument,
        other: ParsedDocument,
        counterparts: Counterparts,
        own_tokens: Tokens,
        other_tokens: Tokens,
        weight: Mapping[str, float],
        newer: bool,
        paired: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    ) -> None:
        self.own, self.other, self.counterparts = own, other, counterparts
        self.paired = paired
        self.own_tokens, self.other_tokens, self.weight = own_tokens, other_tokens, weight
        self.newer = newer  # `own` is the newer version
        self.own_units = counterparts.units_after if newer else counterparts.units_before
        self.other_units = counterparts.units_before if newer else counterparts.units_after

    def mass(self, words: Iterable[str]) -> float:
        weight = self.weight
        return math.fsum(weight.get(t, 1.0) - 1.0 for t in words)

    def coverage(self, whole: frozenset[str], parts: frozenset[str]) -> float:
        total = self.mass(whole)
        return self.mass(whole & parts) / total if total > 0 else 0.0

    def join(self, leftovers: Iterable[int], groups: list[Group]) -> dict[int, list[int]]:
        """Join each leftover to the pair it is a part of (`groups` grow in place); the joined, by pair."""
        mine_of = (lambda g: g[1]) if self.newer else (lambda g: g[0])
        theirs_of = (lambda g: g[0]) if self.newer else (lambda g: g[1])
        # each candidate pair's other side as one token set (it does not grow here), and which hold a word
        wholes: dict[int, frozenset[str]] = {}
        holding: dict[str, set[int]] = defaultdict(set)
        by_other_section: dict[int, list[int]] = defaultdict(list)
        for at, g in enumerate(groups):
            by_other_section[self.other.sentences[theirs_of(g)[0]].section].append(at)
        candidates_of: dict[int, set[int]] = {}  # by section: the pairs a part there may join
        successors: dict[int, frozenset[str]] = {}  # this side's words of a pair, dropped when it grows
        joined: dict[int, list[int]] = defaultdict(list)
        for x in leftovers:
            section = self.own.sentences[x].section
            candidates = candidates_of.get(section)
            if candidates is None:
                candidates = candidates_of[section] = self._candidates(section, groups, by_other_section)
                for at in candidates - wholes.keys():
                    wholes[at] = _union(self.other_tokens, theirs_of(groups[at]))
                    for t in wholes[at]:
                        holding[t].add(at)
            if not candidates:
                continue
            part = self.own_tokens(x)
            part_mass = self.mass(part)
            if part_mass <= 0:
                continue
            # a pair lacking words of the part that weigh more than the allowance is ruled out: it
            # must hold one of the heaviest words, as many as outweigh the allowance together
            allowance = (1.0 - PART_CONTAINMENT) * part_mass * (1.0 + _MARGIN)
            looked_at: set[int] = set()
            heaviest = 0.0
            for w, t in sorted(((self.weight.get(t, 1.0) - 1.0, t) for t in part), reverse=True):
                looked_at |= holding.get(t, set()) & candidates
                heaviest += w
                if heaviest > allowance:
                    break
            lead_in = self.own.sentences[x].lead_in
            # a point of the list that a pair's successor introduces comes from that pair's sentence
            # when its words are there, before any other sentence that holds them too
            best: tuple[bool, float, int] | None = None
            for at in sorted(looked_at):
                if lead_in and self._text_became_point(at):
                    continue
                whole = wholes[at]
                share = self.mass(part & whole) / part_mass
                if share < PART_CONTAINMENT:
                    continue
                successor = successors.get(at)
                if successor is None:
                    successor = successors[at] = _union(self.own_tokens, mine_of(groups[at]))
                if self.coverage(whole, successor | part) < self.coverage(whole, successor) + PART_GAIN:
                    continue
                under = bool(lead_in) and any(
                    self.own.sentences[m].text == lead_in for m in mine_of(groups[at])
                )
                if best is None or (under, share) > best[:2]:
                    best = (under, share, at)
            if best is not None:
                at = best[2]
                joined[at].append(x)
                mine_of(groups[at]).append(x)
                successors.pop(at, None)
        return dict(joined)

    def _text_became_point(self, at: int) -> bool:
        """Whether the pair (as aligned, before any part joined it) took running text (no point on the
        older side) to a point of a list: its sibling points are provisions of that list (conditions,
        items), not pieces of the text."""
        newer, older = (self.own, self.other) if self.newer else (self.other, self.own)
        b_list, a_list = self.paired[at]
        old_is_point = any(older.sentences[b].lead_in or older.sentences[b].label for b in b_list)
        return not old_is_point and any(newer.sentences[a].lead_in for a in a_list)

    def _candidates(
        self, section: int, groups: list[Group], by_other_section: Mapping[int, list[int]]
    ) -> set[int]:
        """The pairs a leftover of `section` may join: their sentence on the other side stands in a
        counterpart of its numbered unit, and their sentence on its side in that very unit."""
        unit = self.own_units[section]
        if not _numbered(unit):
            return set()
        counterparts = self.counterparts
        sections = (
            counterparts.before_sections(section) if self.newer else counterparts.after_sections(section)
        )
        out: set[int] = set()
        for other_section in sections:
            if not _numbered(self.other_units[other_section]):
                continue
            for at in by_other_section.get(other_section, ()):
                mine = groups[at][1] if self.newer else groups[at][0]
                if self.own_units[self.own.sentences[mine[0]].section] == unit:
                    out.add(at)
        return out


def _union(tokens: Tokens, members: Iterable[int]) -> frozenset[str]:
    out: set[str] = set()
    for m in members:
        out |= tokens(m)
    return frozenset(out)


#: Relative slack on the quick test, so that rounding never rules out a part the exact sum keeps.
_MARGIN = 1e-9


def _numbered(unit: Unit) -> bool:
    return unit[0] == "id" and unit[1] in PART_UNIT_KINDS
