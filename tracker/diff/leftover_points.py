"""Leftover points of counterpart lists: one point reworded, not a point removed and one added.

A list of tasks, objectives or contents ("The Office shall: (a) ... (b) ...") is often
redrafted point by point: each point keeps its subject but few of its words, too few for
the alignment's thresholds. Left unpaired, every such point reads as a duty dropped and a
new one imposed. A lawyer reads two points as the same provision when they stand in lists
of the same article or annex (units matched by structural identity and content, see
`tracker.diff.sections`), each is the other's closest leftover there, and they share a
fair part of their distinctive words.

Only points are paired this way, and only in numbered articles and annexes: a recital
block, or the free-standing sentences of an article, holds many provisions that share set
phrases ("publicly available", "report to the Commission annually") without being one
another's successors, so a loose likeness says little there. A point's place, in a list of
the counterpart provision, is the evidence that makes the loose likeness enough.

The cost follows the leftovers: each leftover point is compared only with the leftover
points of its own unit's counterparts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from tracker.diff.parse import ParsedDocument
from tracker.diff.sections import Counterparts

#: Similarity of distinctive words (IDF-weighted Dice, words that stand in most sentences weighing
#: nothing) from which two leftover points of counterpart lists are one point reworded.
POINT_MATCH_THRESHOLD = 0.3
#: Numbered units whose lists are paired point to point (recitals are prose, chapters hold articles).
LIST_UNIT_KINDS = frozenset({"article", "annex"})


def leftover_point_pairs(
    before: ParsedDocument,
    after: ParsedDocument,
    unpaired_before: Iterable[int],
    unpaired_after: Iterable[int],
    counterparts: Counterparts,
    tokens: tuple[Callable[[int], frozenset[str]], Callable[[int], frozenset[str]]],
    weight: Mapping[str, float],
) -> list[tuple[int, int, float]]:
    """(before, after, similarity) for the leftover points that are each other's best in counterpart lists.

    `tokens`: the similarity tokens of a sentence of each side; `weight`: a token's IDF weight,
    log(n / count) + 1, as the alignment computes it (1 is taken off: a word found in most
    sentences says nothing of which provision a point is).
    """
    by_section: dict[int, list[int]] = defaultdict(list)
    for a in unpaired_after:
        if _in_list_unit(after, a, counterparts.units_after):
            by_section[after.sentences[a].section].append(a)
    if not by_section:
        return []
    before_tokens, after_tokens = tokens

    def mass(words: frozenset[str]) -> float:
        return math.fsum(weight.get(t, 1.0) - 1.0 for t in words)

    best_of_before: dict[int, tuple[float, int]] = {}
    best_of_after: dict[int, tuple[float, int]] = {}
    after_mass: dict[int, float] = {}
    for b in unpaired_before:
        if not _in_list_unit(before, b, counterparts.units_before):
            continue
        b_words = before_tokens(b)
        b_mass = mass(b_words)
        for section in counterparts.after_sections(before.sentences[b].section):
            for a in by_section.get(section, ()):
                a_words = after_tokens(a)
                if a not in after_mass:
                    after_mass[a] = mass(a_words)
                total = b_mass + after_mass[a]
                score = 2.0 * mass(b_words & a_words) / total if total > 0 else 0.0
                # the best by score, ties to the earlier sentence (deterministic)
                if b not in best_of_before or (score, -a) > (best_of_before[b][0], -best_of_before[b][1]):
                    best_of_before[b] = (score, a)
                if a not in best_of_after or (score, -b) > (best_of_after[a][0], -best_of_after[a][1]):
                    best_of_after[a] = (score, b)
    return [
        (b, a, score)
        for b, (score, a) in sorted(best_of_before.items())
        if score >= POINT_MATCH_THRESHOLD and best_of_after[a][1] == b
    ]


def _in_list_unit(doc: ParsedDocument, index: int, unit_of: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a sentence is a point (it has a lead-in) of a numbered article or annex."""
    sentence = doc.sentences[index]
    unit = unit_of[sentence.section]
    return bool(sentence.lead_in) and unit[0] == "id" and unit[1] in LIST_UNIT_KINDS
