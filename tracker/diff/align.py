"""Align two parsed versions sentence by sentence, and their sections heading by heading.

1. Exact anchors: sentences with the same comparison key (hash map; duplicates
   paired within the same section first, then in order; once sections are matched,
   within counterpart sections first). A short point paired word for word across
   sections that are no counterparts is let go when its words also stand in its own
   section's counterpart: lists share set phrases ("the name of the provider;").
2. The rest by similarity: IDF-weighted Dice over word tokens (character bigrams
   for Japanese), scored only for candidates that share a token through an
   inverted index, then a greedy best-first global assignment. Cost stays
   near-linear because unchanged text never reaches step 2.
3. Splits (1 -> n) and merges (n -> 1): a matched sentence absorbs unmatched
   neighbours in the same block when together they cover it better.
4. Sections: same unnumbered title, else the section that received most of its
   sentences (a rename), else a similar title; and section units matched by structural
   identity and content (`tracker.diff.sections`: renumbered articles, "Recital 67"
   under "Recitals"). A sentence is moved when its new section is no counterpart of
   its old one; when its old section has no counterpart at all, only when it also left
   the order of the sentences around it (it is off their longest common subsequence).
5. Leftovers of numbered articles and annexes (after the sections are matched): points
   of counterpart lists that are each other's closest leftover (`tracker.diff.leftover_points`),
   and sentences split off a paired sentence or merged into one (`tracker.diff.leftover_parts`).

Deterministic on every machine and under every PYTHONHASHSEED: token sets iterate in
hash order, so weights are summed with `math.fsum` (correctly rounded, so independent
of order) or in sorted token order, and IDF logarithms come from `decimal` (correctly
rounded in software) rather than the platform's libm.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from itertools import chain, repeat
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from tracker.diff.keys import similarity_tokens
from tracker.diff.leftover_parts import leftover_parts
from tracker.diff.leftover_points import leftover_point_pairs
from tracker.diff.parse import Block, ParsedDocument
from tracker.diff.sections import Counterparts, Unit, match_units, units
from tracker.records import direct_init

#: Minimum weighted Dice for two different sentences to count as one edited sentence.
MATCH_THRESHOLD = 0.5
#: Bonus for candidates in sections with the same (unnumbered) title: ties go to the local match.
SAME_SECTION_BONUS = 0.05
#: How much more of the sentence a split/merge group must cover than the single partner.
GROUP_GAIN = 0.1
#: A sentence joins a split/merge group only if this share of its weight comes from the other side.
GROUP_PART_OVERLAP = 0.3
#: Candidates scored per sentence; the rest share too little to win.
CANDIDATES = 12
#: Postings longer than this are common words: they never generate candidates on their own.
POSTING_CAP = 400
#: Postings to walk (summed over the distinct unmatched older sentences) from which candidate
#: weights are summed by numpy: below it, the Python loop is done before numpy is imported.
DENSE_WORK = 500_000

#: Character ratio (0-100) below which the characters of two sentences say nothing of their likeness.
CHAR_CUTOFF = 60
#: Slack on the highest character ratio two lengths allow, so that rounding never skips a ratio that counts.
_RATIO_MARGIN = 1e-6

#: For IDF: `decimal` logarithms are correctly rounded, the same bits on every platform.
_DECIMAL = Context(prec=28)


def _idf(n: int, count: int) -> float:
    """log(n / count) + 1, identical on every machine."""
    return float(_DECIMAL.ln(_DECIMAL.divide(Decimal(n), Decimal(count)))) + 1.0


@direct_init
@dataclass(frozen=True)
class SentencePair:
    """Before sentences -> after sentences. One side is empty for added/removed."""

    before: tuple[int, ...]
    after: tuple[int, ...]
    status: str  # same | edited | split | merged | added | removed
    score: float


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[SentencePair, ...]
    section_map: Mapping[int, int]  # before section index -> after section index
    counterparts: Counterparts | None = None
    #: the aligned pairs (as (first before, first after) sentence) that keep their relative order
    in_order: frozenset[tuple[int, int]] = frozenset()
    #: holds the unpaired sentences ("before", i) / ("after", j) whose near-identical twin in a
    #: counterpart section is paired: a provision stated twice on one side and once on the other
    #: lost nothing (worked out on first use, for the sentences asked about)
    twins: Container[tuple[str, int]] = frozenset()

    def is_moved(self, before: ParsedDocument, after: ParsedDocument, pair: SentencePair) -> bool:
        """True when the sentence now stands in a section that is no counterpart of its old one.

        A sentence whose old section has no counterpart at all (its heading was dropped or
        its section dissolved) is moved only when it also changed place relative to the
        sentences around it: the section boundaries moved, not the text.
        """
        if not pair.before or not pair.after:
            return False
        old = before.sentences[pair.before[0]].section
        new = after.sentences[pair.after[0]].section
        image = self.section_map.get(old)
        if image == new:
            return False
        parts = self.counterparts
        if parts is None:
            return True
        if parts.match(old, new):
            return False
        if image is None and not parts.has_match(old):
            return (pair.before[0], pair.after[0]) not in self.in_order
        return True

    @property
    def renumbered(self) -> tuple[tuple[str, str], ...]:
        """Numbered units (articles, chapters, annexes ...) that kept their content under another number."""
        return self.counterparts.renumbered if self.counterparts else ()


def align(before: ParsedDocument, after: ParsedDocument) -> Alignment:
    """Pair every sentence of `before` with its counterpart in `after`, if any."""
    b_to_a: dict[int, int] = {}
    _exact_anchors(before, after, b_to_a)
    anchored_after = set(b_to_a.values())
    scorer = _Scorer(
        before,
        after,
        [s.index for s in before.sentences if s.index not in b_to_a],
        [s.index for s in after.sentences if s.index not in anchored_after],
    )
    scores: dict[tuple[int, int], float] = {}
    _similar(before, after, b_to_a, scorer, scores)
    known_units = (units(before), units(after))
    local = _Local.of(before, after, b_to_a, known_units)
    _repair_twins(before, after, b_to_a, local)
    _prefer_counterparts(before, after, b_to_a, scorer, local)
    _release_loose_partners(before, after, b_to_a, scores, local)
    _second_pass(before, after, b_to_a, scorer, scores, local)
    groups = _groups(before, after, b_to_a, scorer, scores)
    pairs = _pairs(before, after, b_to_a, groups, scores)
    kept = [(p.before[0], p.after[0]) for p in pairs if p.before and p.after]
    section_pairs = _section_pairs(before, after, kept)
    section_map = _map_sections(before, after, section_pairs)
    counterparts = match_units(before, after, section_pairs, known_units)
    moves = Alignment(tuple(pairs), section_map, counterparts, _in_order(kept))
    pairs = _without_loose_moves(before, after, pairs, moves)
    pairs = _with_leftover_points(before, after, pairs, counterparts, scorer)
    pairs = _with_leftover_parts(before, after, pairs, counterparts, scorer)
    twins = _Twins(before, after, pairs, _Local(section_map, counterparts))
    return Alignment(tuple(pairs), section_map, counterparts, moves.in_order, twins)


#: Similarity a sentence needs with its partner in a section that is no counterpart of its own.
MOVE_MIN_SIMILARITY = 0.7


def _without_loose_moves(
    before: ParsedDocument, after: ParsedDocument, pairs: list[SentencePair], moves: Alignment
) -> list[SentencePair]:
    """Unpair edited sentences that only loosely resemble a partner in an unrelated section.

    Legal and plan texts repeat set formulas (who publishes what on which website, who
    reports to whom every year), so two different provisions of unrelated articles can share
    most of their words. Saying that a provision moved claims it is recognisably the
    same one; short of that, the old one was removed and the new one added.
    """
    out: list[SentencePair] = []
    for p in pairs:
        if (
            p.status == "edited"
            and len(p.before) == 1
            and len(p.after) == 1
            and p.score < MOVE_MIN_SIMILARITY
            and moves.is_moved(before, after, p)
        ):
            out.append(SentencePair(p.before, (), "removed", 0.0))
            out.append(SentencePair((), p.after, "added", 0.0))
        else:
            out.append(p)
    return out


def _with_leftover_points(
    before: ParsedDocument,
    after: ParsedDocument,
    pairs: list[SentencePair],
    counterparts: Counterparts,
    scorer: _Scorer,
) -> list[SentencePair]:
    """Leftover points of counterpart lists paired as one reworded point (`tracker.diff.leftover_points`)."""
    removed = [p.before[0] for p in pairs if p.status == "removed"]
    added = [p.after[0] for p in pairs if p.status == "added"]
    found = leftover_point_pairs(
        before,
        after,
        removed,
        added,
        counterparts,
        (scorer.before_tokens.__getitem__, scorer.after_tokens.__getitem__),
        scorer.weight,
    )
    if not found:
        return pairs
    partner = {a: (b, score) for b, a, score in found}
    taken = {b for b, _, _ in found}
    out: list[SentencePair] = []
    for p in pairs:
        if p.status == "removed" and p.before[0] in taken:
            continue
        if p.status == "added" and p.after[0] in partner:
            b, score = partner[p.after[0]]
            out.append(SentencePair((b,), p.after, "edited", score))
            continue
        out.append(p)
    return out


def _with_leftover_parts(
    before: ParsedDocument,
    after: ParsedDocument,
    pairs: list[SentencePair],
    counterparts: Counterparts,
    scorer: _Scorer,
) -> list[SentencePair]:
    """Leftover sentences joined to the pair they were split from or merged into.

    See `tracker.diff.leftover_parts`.
    """
    reworded = [i for i, p in enumerate(pairs) if p.before and p.after and p.status != "same"]
    split_off, merged_in = leftover_parts(
        before,
        after,
        [(pairs[i].before, pairs[i].after) for i in reworded],
        (
            [p.after[0] for p in pairs if p.status == "added"],
            [p.before[0] for p in pairs if p.status == "removed"],
        ),
        counterparts,
        (scorer.before_tokens.__getitem__, scorer.after_tokens.__getitem__),
        scorer.weight,
    )
    if not split_off and not merged_in:
        return pairs
    joined: dict[int, SentencePair] = {}
    for at in set(split_off) | set(merged_in):
        p = pairs[reworded[at]]
        after_side = tuple(sorted((*p.after, *split_off.get(at, ()))))
        before_side = tuple(sorted((*p.before, *merged_in.get(at, ()))))
        joined[reworded[at]] = SentencePair(
            before_side, after_side, "split" if len(after_side) > 1 else "merged", p.score
        )
    absorbed_after = {a for parts in split_off.values() for a in parts}
    absorbed_before = {b for parts in merged_in.values() for b in parts}
    out: list[SentencePair] = []
    for i, p in enumerate(pairs):
        if p.status == "added" and p.after[0] in absorbed_after:
            continue
        if p.status == "removed" and p.before[0] in absorbed_before:
            continue
        out.append(joined.get(i, p))
    return out


def _in_order(kept: list[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    """The pairs on one longest common subsequence of the two orders (patience LIS, O(n log n)).

    `kept` is in the newer text's order; the pairs whose older positions increase along
    the longest run are the ones that kept their place relative to one another.
    """
    tails: list[int] = []  # tails[k]: index in kept of the smallest tail of an increasing run of length k+1
    tail_positions: list[int] = []  # the older position of each of those tails, for bisect
    previous: list[int] = [-1] * len(kept)
    for i, (b, _) in enumerate(kept):
        k = bisect.bisect_left(tail_positions, b)
        previous[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_positions.append(b)
        else:
            tails[k] = i
            tail_positions[k] = b
    out: set[tuple[int, int]] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        out.add(kept[i])
        i = previous[i]
    return frozenset(out)


# -- 1. exact anchors ------------------------------------------------------------------------------


def _exact_anchors(before: ParsedDocument, after: ParsedDocument, b_to_a: dict[int, int]) -> None:
    by_key: dict[str, list[int]] = defaultdict(list)
    for s in after.sentences:
        by_key[s.key].append(s.index)
    taken: set[int] = set()
    pending: dict[str, list[int]] = defaultdict(list)
    before_count = Counter(s.key for s in before.sentences)
    for s in before.sentences:
        options = by_key.get(s.key)
        if not options:
            continue
        if len(options) == 1 and before_count[s.key] == 1:
            if options[0] not in taken:
                b_to_a[s.index] = options[0]
                taken.add(options[0])
            continue
        pending[s.key].append(s.index)
    # Repeated sentences: same section title first, then document order.
    for key, b_list in pending.items():
        a_list = [a for a in by_key[key] if a not in taken]
        for b in list(b_list):
            b_sec = before.sections[before.sentences[b].section].key
            for a in a_list:
                if after.sections[after.sentences[a].section].key == b_sec:
                    b_to_a[b] = a
                    a_list.remove(a)
                    b_list.remove(b)
                    taken.add(a)
                    break
        for b, a in zip(b_list, a_list, strict=False):
            b_to_a[b] = a
            taken.add(a)


# -- 2. similarity ---------------------------------------------------------------------------------


class _Tokens:
    """Similarity tokens of one version's sentences, computed only for the sentences asked about."""

    def __init__(self, doc: ParsedDocument) -> None:
        self._doc = doc
        #: the token sets worked out so far, by sentence (hot loops read it: a method call costs more)
        self.known: dict[int, frozenset[str]] = {}

    def __getitem__(self, index: int) -> frozenset[str]:
        tokens = self.known.get(index)
        if tokens is None:
            tokens = frozenset(similarity_tokens(self._doc.sentences[index].key))
            self.known[index] = tokens
        return tokens


class _Scorer:
    """IDF-weighted Dice similarity between token sets.

    IDF is taken over the sentences left after exact anchoring (the only ones ever
    scored), so the cost follows the size of the edit, not of the document.
    """

    def __init__(
        self, before: ParsedDocument, after: ParsedDocument, pool_before: list[int], pool_after: list[int]
    ):
        self.before_tokens = _Tokens(before)
        self.after_tokens = _Tokens(after)
        df: Counter[str] = Counter()
        for b in pool_before:
            df.update(self.before_tokens[b])
        for a in pool_after:
            df.update(self.after_tokens[a])
        n = len(pool_before) + len(pool_after) + 1
        idf = {c: _idf(n, c) for c in sorted(set(df.values()))}
        self.weight = {t: idf[c] for t, c in df.items()}
        self.before_keys = [s.key for s in before.sentences]
        self.after_keys = [s.key for s in after.sentences]
        self._before_mass: dict[int, float] = {}
        self._after_mass: dict[int, float] = {}

    def mass(self, tokens: Iterable[str]) -> float:
        """Total weight of `tokens`: fsum is exact then rounded once, so set iteration order never matters."""
        return math.fsum(map(self.weight.get, tokens, repeat(1.0)))

    def dice(self, b_tokens: frozenset[str], a_tokens: frozenset[str]) -> float:
        shared = self.mass(b_tokens & a_tokens)
        mass = self.mass(b_tokens) + self.mass(a_tokens)
        return 2.0 * shared / mass if mass else 0.0

    def containment(self, inner: frozenset[str], outer: frozenset[str]) -> float:
        """Share of `inner`'s weight that `outer` also has."""
        mass = self.mass(inner)
        return self.mass(inner & outer) / mass if mass else 0.0

    def pair(self, b: int, a: int) -> float:
        b_tokens, a_tokens = self.before_tokens[b], self.after_tokens[a]
        # the same sums as `dice`, each sentence's mass computed once
        b_mass = self._before_mass.get(b)
        if b_mass is None:
            b_mass = self._before_mass[b] = self.mass(b_tokens)
        a_mass = self._after_mass.get(a)
        if a_mass is None:
            a_mass = self._after_mass[a] = self.mass(a_tokens)
        shared = self.mass(b_tokens & a_tokens)
        mass = b_mass + a_mass
        lexical = 2.0 * shared / mass if mass else 0.0
        # Character-level similarity rescues short sentences whose few words were all edited.
        chars = fuzz.ratio(self.before_keys[b], self.after_keys[a], score_cutoff=CHAR_CUTOFF) / 100.0
        return max(lexical, 0.9 * chars)

    def row(self, b: int, candidates: list[int]) -> list[float]:
        """`[self.pair(b, a) for a in candidates]`, to the bit, for less work.

        The character ratio is the costly part, and it can only matter where the lengths allow
        a ratio of CHAR_CUTOFF (ratio <= 200 * shorter / (both lengths): the edits include the
        difference in length) and above what the words already give; those few are compared
        in one call, which reads `b`'s key once.
        """
        b_tokens = self.before_tokens[b]
        b_mass = self._before_mass.get(b)
        if b_mass is None:
            b_mass = self._before_mass[b] = self.mass(b_tokens)
        after_tokens, after_mass, after_keys = self.after_tokens, self._after_mass, self.after_keys
        weight = self.weight.get
        b_key = self.before_keys[b]
        b_length = len(b_key)
        known_tokens = after_tokens.known
        out: list[float] = []
        rated: list[int] = []  # positions in `candidates` whose character ratio may count
        for a in candidates:
            a_tokens = known_tokens.get(a)
            if a_tokens is None:
                a_tokens = after_tokens[a]
            a_mass = after_mass.get(a)
            if a_mass is None:
                a_mass = after_mass[a] = self.mass(a_tokens)
            shared = math.fsum(map(weight, b_tokens & a_tokens, repeat(1.0)))
            mass = b_mass + a_mass
            lexical = 2.0 * shared / mass if mass else 0.0
            out.append(lexical)
            lengths = b_length + len(after_keys[a])
            if lengths:
                # the highest ratio the lengths allow, as a share (a margin over float rounding)
                ceiling = 2.0 * min(b_length, lengths - b_length) / lengths + _RATIO_MARGIN
                if ceiling * 100.0 < CHAR_CUTOFF or 0.9 * min(ceiling, 1.0) < lexical:
                    continue  # pair() would return `lexical`
            rated.append(len(out) - 1)
        if rated:
            found = process.extract(
                b_key,
                [after_keys[candidates[i]] for i in rated],
                scorer=fuzz.ratio,
                score_cutoff=CHAR_CUTOFF,
                limit=None,
            )
            for _, ratio, at in found:
                i = rated[at]
                out[i] = max(out[i], 0.9 * (ratio / 100.0))
        return out


def _similar(
    before: ParsedDocument,
    after: ParsedDocument,
    b_to_a: dict[int, int],
    scorer: _Scorer,
    scores: dict[tuple[int, int], float],
) -> None:
    matched_after = set(b_to_a.values())
    free_before = [s.index for s in before.sentences if s.index not in b_to_a]
    free_after = [s.index for s in after.sentences if s.index not in matched_after]
    if not free_before or not free_after:
        return
    index = _Postings(scorer, free_after)
    candidates: list[tuple[float, int, int]] = []
    # A text that prints a provision twice (a proposal beside its amendment) repeats many sentences:
    # each distinct token set is looked up once, and each distinct sentence scored once per candidate.
    best_of: dict[frozenset[str], list[int]] = {}
    score_of: dict[tuple[str, int], float] = {}
    dense = index.work({scorer.before_tokens[b] for b in free_before}, DENSE_WORK) >= DENSE_WORK
    for b in free_before:
        b_tokens = scorer.before_tokens[b]
        best = best_of.get(b_tokens)
        if best is None:
            best = best_of[b_tokens] = index.dense_best(b_tokens) if dense else index.best(b_tokens)
        b_key = before.sentences[b].key
        b_section = before.sections[before.sentences[b].section].key
        unscored = [a for a in best if (b_key, a) not in score_of]
        for a, score in zip(unscored, scorer.row(b, unscored), strict=True):
            score_of[(b_key, a)] = score
        for a in best:
            score = scores[(b, a)] = score_of[(b_key, a)]
            if after.sections[after.sentences[a].section].key == b_section:
                score += SAME_SECTION_BONUS
            if score >= MATCH_THRESHOLD:
                candidates.append((score, b, a))
    _assign_best_first(candidates, b_to_a, matched_after)


def _assign_best_first(
    candidates: list[tuple[float, int, int]], b_to_a: dict[int, int], matched_after: set[int]
) -> None:
    """Pair (score, before, after) candidates greedily, best first (ties by index), each sentence once."""
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    for _, b, a in candidates:
        if b in b_to_a or a in matched_after:
            continue
        b_to_a[b] = a
        matched_after.add(a)


class _Postings:
    """Inverted index of the unmatched newer sentences: which of them hold each usable token.

    Postings hold positions in `free_after`. `best` and `dense_best` give the same candidates,
    to the bit: the shared weight of each candidate is summed in the same order (sorted tokens,
    then ascending sentence) by a list in Python or by `numpy.bincount`, which adds its inputs
    in order. The second only pays off when the two pools are large (numpy costs a tenth of a
    second, some 300 million instructions, to import).
    """

    def __init__(self, scorer: _Scorer, free_after: list[int]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for position, a in enumerate(free_after):
            for t in scorer.after_tokens[a]:
                postings[t].append(position)
        # tokens too common to say anything (over POSTING_CAP sentences) are left out
        self.usable = {
            t: (scorer.weight[t], plist) for t, plist in postings.items() if len(plist) <= POSTING_CAP
        }
        self.free_after = free_after
        self._arrays: dict[str, Any] = {}

    def work(self, token_sets: Iterable[frozenset[str]], enough: int) -> int:
        """How many postings `best` walks for these token sets (counting stops past `enough`)."""
        usable = self.usable
        total = 0
        for tokens in token_sets:
            total += sum(len(usable[t][1]) for t in tokens if t in usable)
            if total >= enough:
                break
        return total

    def best(self, tokens: frozenset[str]) -> list[int]:
        """The CANDIDATES newer sentences sharing most weight with `tokens`, ties by index."""
        # a list indexed by position adds a posting for a fifth of what a dict costs; every weight
        # is positive (IDF >= 1), so the positions touched are those with a sum above zero
        shared = [0.0] * len(self.free_after)
        touched: set[int] = set()
        usable = self.usable
        # sorted: the float accumulation order (and so near-tie candidates) must not follow the hash seed
        for t in sorted(tokens):
            entry = usable.get(t)
            if entry is None:
                continue
            w, plist = entry
            touched.update(plist)
            for position in plist:
                shared[position] += w
        free_after = self.free_after
        if len(touched) > CANDIDATES:
            # the CANDIDATES-th largest weight (a sort in C costs less than heapq's loop in Python)
            floor = sorted(map(shared.__getitem__, touched), reverse=True)[CANDIDATES - 1]
            items = [(free_after[i], shared[i]) for i in touched if shared[i] >= floor]
        else:
            items = [(free_after[i], shared[i]) for i in touched]
        items.sort(key=lambda item: (-item[1], item[0]))
        return [a for a, _ in items[:CANDIDATES]]

    def dense_best(self, tokens: frozenset[str]) -> list[int]:
        """`best`, summed by numpy over positions in the pool."""
        import numpy as np

        arrays = self._arrays
        if not arrays:
            for t, (_, plist) in self.usable.items():
                arrays[t] = np.fromiter(plist, dtype=np.intp, count=len(plist))
        kept = [t for t in sorted(tokens) if t in arrays]
        if not kept:
            return []
        parts = [arrays[t] for t in kept]
        weights = np.repeat(np.array([self.usable[t][0] for t in kept]), [len(p) for p in parts])
        shared = np.bincount(np.concatenate(parts), weights=weights, minlength=len(self.free_after))
        hit = np.flatnonzero(shared)
        values = shared[hit]
        if len(hit) > CANDIDATES:
            floor = np.partition(values, len(values) - CANDIDATES)[len(values) - CANDIDATES]
            keep = values >= floor
            hit, values = hit[keep], values[keep]
        order = np.lexsort((hit, -values))[:CANDIDATES]
        return [self.free_after[i] for i in hit[order].tolist()]


# -- 2b. within matched sections ------------------------------------------------------------------

#: Minimum similarity for a leftover sentence and the one in its place to count as one amended sentence.
LOCAL_MATCH_THRESHOLD = 0.35
#: Similarity above which an unpaired sentence repeats a paired one (its twin) in the same section.
TWIN_THRESHOLD = 0.85
#: Unweighted token overlap (Dice) below which two sentences cannot be twins: skips the costly score.
TWIN_PREFILTER = 0.6
#: Character similarity (0-100) below which a paired sentence is not considered as a twin at all.
TWIN_CHARS = 75
#: Character similarity (0-100) of the comparison keys from which two sentences are twins after alignment.
TWIN_KEY_RATIO = 88
#: Sentences of a counterpart section looked at per leftover sentence (bounds the cost of huge sections).
LOCAL_CANDIDATES = 200
#: Newer sentences looked at per leftover sentence in the second pass at each end of a long gap: those
#: after the previous neighbour's partner and those before the next one's. A sentence that stands in
#: its old place stands next to one of them; the middle of a gap of hundreds is not its place.
GAP_END_CANDIDATES = 40


@dataclass(frozen=True)
class _Local:
    """Which sections of the newer text are counterparts of an older section, from a (partial) alignment."""

    section_map: Mapping[int, int]
    counterparts: Counterparts

    @classmethod
    def of(
        cls,
        before: ParsedDocument,
        after: ParsedDocument,
        b_to_a: Mapping[int, int],
        known_units: tuple[list[Unit], list[Unit]],
    ) -> _Local:
        section_pairs = _section_pairs(before, after, b_to_a.items())
        section_map = _map_sections(before, after, section_pairs)
        return cls(section_map, match_units(before, after, section_pairs, known_units))

    def matches(self, before_section: int, after_section: int) -> bool:
        return self.section_map.get(before_section) == after_section or self.counterparts.match(
            before_section, after_section
        )

    def after_sections(self, before_section: int) -> list[int]:
        """The newer sections that are counterparts of an older one (its mapped section first)."""
        image = self.section_map.get(before_section)
        found = self.counterparts.after_sections(before_section)
        return ([image] if image is not None else []) + [s for s in found if s != image]

    def before_sections(self, after_section: int) -> list[int]:
        """The older sections that are counterparts of a newer one."""
        inverse = self.__dict__.get("_inverse")
        if inverse is None:
            inverse = defaultdict(list)
            for b, a in self.section_map.items():
                inverse[a].append(b)
            object.__setattr__(self, "_inverse", inverse)
        found = self.counterparts.before_sections(after_section)
        return sorted(set(inverse.get(after_section, ())) | set(found))


def _repair_twins(
    before: ParsedDocument, after: ParsedDocument, b_to_a: dict[int, int], local: _Local
) -> None:
    """Repeated sentences pair within counterpart sections first, so none takes its twin's partner.

    The exact anchors pair repeats by section title, which a renumbered article ("Article 25"
    -> "Article 22") does not keep: a boilerplate sentence of Article 25 could take the copy in
    Article 54 while Article 22's copy went unpaired. Within one key any pairing reads the
    same, so the pairs are redrawn: counterpart sections first, then document order.
    """
    before_count = Counter(s.key for s in before.sentences)
    after_count = Counter(s.key for s in after.sentences)
    repeated = {k for k, n in after_count.items() if n > 1} | {k for k, n in before_count.items() if n > 1}
    if not repeated:
        return
    by_key_before: dict[str, list[int]] = defaultdict(list)
    for b in sorted(b_to_a):
        key = before.sentences[b].key
        if key in repeated and key == after.sentences[b_to_a[b]].key:
            by_key_before[key].append(b)
    after_by_key: dict[str, list[int]] = defaultdict(list)
    anchored = set(b_to_a.values())
    for s in after.sentences:
        if s.key in by_key_before:
            after_by_key[s.key].append(s.index)
    for key, b_list in by_key_before.items():
        options = after_by_key[key]
        if len(b_list) == 1 and len(options) == 1:
            continue
        mine = {b_to_a[b] for b in b_list}
        free = [a for a in options if a in mine or a not in anchored]
        if all(
            local.matches(before.sentences[b].section, after.sentences[b_to_a[b]].section) for b in b_list
        ):
            continue  # every repeat already stands in a counterpart section
        for b in b_list:
            anchored.discard(b_to_a.pop(b))
        rest: list[int] = []
        placed: set[int] = set()  # older sections where a copy found its counterpart
        for b in b_list:
            section = before.sentences[b].section
            a = next((a for a in free if local.matches(section, after.sentences[a].section)), None)
            if a is None:
                rest.append(b)
                continue
            free.remove(a)
            b_to_a[b] = a
            anchored.add(a)
            placed.add(section)
        # a second copy in a section whose first copy is placed repeats it: it takes no other partner
        rest = [b for b in rest if before.sentences[b].section not in placed]
        for b, a in zip(rest, free, strict=False):
            b_to_a[b] = a
            anchored.add(a)


#: A partner in a counterpart section may be this much less similar than one elsewhere and still win.
COUNTERPART_MARGIN = 0.05


def _prefer_counterparts(
    before: ParsedDocument, after: ParsedDocument, b_to_a: dict[int, int], scorer: _Scorer, local: _Local
) -> None:
    """A sentence paired across sections takes a free, as similar partner in a counterpart section instead.

    Boilerplate (a closing sentence on committee procedure, a record-keeping period) stands in
    many articles; the global pass pairs it with whichever copy scores best, often in an
    unrelated article, which reads as a move.
    """
    matched_after = set(b_to_a.values())
    free_by_section: dict[int, list[int]] = defaultdict(list)
    paired_by_section: dict[int, list[int]] = defaultdict(list)
    for s in after.sentences:
        (paired_by_section if s.index in matched_after else free_by_section)[s.section].append(s.index)
    home = _Home(before, after, scorer, local, free_by_section, paired_by_section)
    holder_of = {a: b for b, a in b_to_a.items()}
    for b, a in sorted(b_to_a.items()):
        if b_to_a.get(b) != a:
            continue  # let go below, for a better match of its partner
        section = before.sentences[b].section
        if local.matches(section, after.sentences[a].section):
            continue
        if home.short_point_at_home(b, a):
            # a set phrase ("the name of the provider;") found again in an unrelated article is
            # no evidence that the provision went there while its words stay in its own article
            del b_to_a[b]
            del holder_of[a]
            free_by_section[after.sentences[a].section].append(a)
            continue
        counterparts = local.after_sections(section)
        kept = [k for other in counterparts for k in paired_by_section.get(other, ())]
        if _has_twin(scorer, b, (kept, [after.sentences[k].key for k in kept]), before, after):
            # a restatement of a sentence kept in its own article (a draft's two wordings of one
            # provision) takes no loose partner elsewhere: it is left to be recognised as a twin
            del b_to_a[b]
            del holder_of[a]
            free_by_section[after.sentences[a].section].append(a)
            continue
        floor = scorer.pair(b, a) - COUNTERPART_MARGIN
        best, best_score = None, floor
        for other in counterparts:
            for candidate in free_by_section.get(other, [])[:LOCAL_CANDIDATES]:
                score = scorer.pair(b, candidate)
                if score >= best_score and (best is None or score > best_score):
                    best, best_score = candidate, score
        if best is None:
            held = home.amended_at_home(b, a, holder_of)
            if held is None:
                continue
            best, loser = held
            if loser is not None:
                # its holder there was the weaker match: it is free again for the passes to come
                del b_to_a[loser]
            else:
                free_by_section[after.sentences[best].section].remove(best)
                paired_by_section[after.sentences[best].section].append(best)
        else:
            free_by_section[after.sentences[best].section].remove(best)
        free_by_section[after.sentences[a].section].append(a)
        del holder_of[a]
        holder_of[best] = b
        b_to_a[b] = best


def _release_loose_partners(
    before: ParsedDocument,
    after: ParsedDocument,
    b_to_a: dict[int, int],
    scores: Mapping[tuple[int, int], float],
    local: _Local,
) -> None:
    """A sentence loosely like one in an unrelated article is let go before its own article is searched.

    Its own article (or recital) still has a counterpart, yet the first pass paired it, on shared
    set phrases alone, with a sentence of another one ("the powers of a market surveillance
    authority under Regulation X" said of two different authorities). Such a pair would be
    undone as a loose move anyway (`_without_loose_moves`); undone now, the sentence is still
    free when the second pass looks for the reworded provision in its own article's place.
    """
    for b, a in list(b_to_a.items()):
        section = before.sentences[b].section
        score = scores.get((b, a))
        if score is None or score >= MOVE_MIN_SIMILARITY:
            continue  # word for word (an exact anchor) or recognisably the same provision
        counterparts = local.after_sections(section)
        if counterparts and after.sentences[a].section not in counterparts:
            del b_to_a[b]


#: Distinct similarity tokens (words, or character pairs in Japanese) up to which a sentence is a short point.
SHORT_POINT_TOKENS = 8


class _Home:
    """Whether a short point paired word for word across unrelated sections stands at home as well.

    A short list point ("the intended purpose of the AI system;", "the name of the provider;")
    is a set phrase that the lists of many articles and annexes share: its identical copy in an
    unrelated article says little about where the provision went. When all its words also
    stand in one sentence of its own section's counterpart (an identical copy, or the point
    folded into a longer item), that is where it stayed, and the copy elsewhere is another
    provision. A long sentence, or a short one found nowhere at home, keeps its partner.
    """

    def __init__(
        self,
        before: ParsedDocument,
        after: ParsedDocument,
        scorer: _Scorer,
        local: _Local,
        free_by_section: Mapping[int, list[int]],
        paired_by_section: Mapping[int, list[int]],
    ) -> None:
        self._before, self._after, self._scorer, self._local = before, after, scorer, local
        self._after_by_section = (free_by_section, paired_by_section)
        self._before_by_section: dict[int, list[int]] | None = None  # built on first need

    def short_point_at_home(self, b: int, a: int) -> bool:
        before, after, scorer = self._before, self._after, self._scorer
        tokens = scorer.before_tokens[b]
        if len(tokens) > SHORT_POINT_TOKENS or before.sentences[b].key != after.sentences[a].key:
            return False
        for section in self._local.after_sections(before.sentences[b].section):
            for group in self._after_by_section:
                for x in group.get(section, ())[:LOCAL_CANDIDATES]:
                    if x != a and tokens <= scorer.after_tokens[x]:
                        return True
        by_section = self._before_by_section
        if by_section is None:
            by_section = self._before_by_section = defaultdict(list)
            for s in before.sentences:
                by_section[s.section].append(s.index)
        for section in self._local.before_sections(after.sentences[a].section):
            for x in by_section.get(section, ())[:LOCAL_CANDIDATES]:
                if x != b and tokens <= scorer.before_tokens[x]:
                    return True
        return False


    def amended_at_home(self, b: int, a: int, holder_of: Mapping[int, int]) -> tuple[int, int | None] | None:
        """The sentence of its own section's counterpart that holds all of `b`'s words, if any:
        (it, the sentence it is paired with, which `b` matches better, or None when it is free).

        A provision that gained an exception or a condition ("the use of X" -> "the use of X
        for law enforcement, unless ...") shares less of its words with its successor than a
        recital or an annex that repeats its core; Dice's similarity counts the words the
        amendment added against it. All of its words in one sentence of its own article's
        counterpart is the better evidence: that is the provision, amended. Word for word
        copies elsewhere keep their partner.
        """
        before, after, scorer = self._before, self._after, self._scorer
        if before.sentences[b].key == after.sentences[a].key:
            return None
        tokens = scorer.before_tokens[b]
        if len(tokens) <= SHORT_POINT_TOKENS:
            return None  # a set phrase: `short_point_at_home` decides for those
        free, paired = self._after_by_section
        for section in self._local.after_sections(before.sentences[b].section):
            for x in [*free.get(section, ())[:LOCAL_CANDIDATES], *paired.get(section, ())[:LOCAL_CANDIDATES]]:
                holder = holder_of.get(x)
                if holder is not None and before.sentences[holder].key == after.sentences[x].key:
                    continue  # a copy word for word keeps its partner (checked first: it costs nothing)
                if not tokens <= scorer.after_tokens[x]:
                    continue
                if holder is None or scorer.pair(holder, x) < scorer.pair(b, x):
                    return x, holder
        return None


def _second_pass(
    before: ParsedDocument,
    after: ParsedDocument,
    b_to_a: dict[int, int],
    scorer: _Scorer,
    scores: dict[tuple[int, int], float],
    local: _Local,
) -> None:
    """Pair leftover sentences that stand in each other's place at a lower similarity, best first.

    An amended provision ("shall immediately inform" -> "shall without undue delay notify")
    may share too few words to pass the global threshold, yet it stands where the old one
    stood: between the same paired neighbours, in a counterpart section. There, and only
    there, a weaker likeness suffices to keep it one change instead of removed + added.
    When new text was inserted on one side of it, it may stand far from one neighbour's
    partner but right beside the other's: a long gap is searched from both ends.
    """
    matched_after = set(b_to_a.values())
    # a neighbour paired far away (a set phrase found again in an unrelated article) says nothing
    # about where a sentence's place is: only neighbours that stayed in place mark it
    anchors = sorted(
        b for b, a in b_to_a.items() if local.matches(before.sentences[b].section, after.sentences[a].section)
    )
    after_section = [s.section for s in after.sentences]
    candidates: list[tuple[float, int, int]] = []
    for s in before.sentences:
        b = s.index
        if b in b_to_a:
            continue
        low, high = _gap(anchors, b_to_a, b, len(after.sentences))
        if high - low <= 1:
            continue
        sections = set(local.after_sections(s.section))
        gap = range(low + 1, high)
        # a long gap: the sentences next to either neighbour's partner are the ones in its place
        long_gap = len(gap) > 2 * GAP_END_CANDIDATES
        places = [
            a
            for a in (chain(gap[:GAP_END_CANDIDATES], gap[-GAP_END_CANDIDATES:]) if long_gap else gap)
            if a not in matched_after and after_section[a] in sections
        ]
        unscored = [a for a in places if (b, a) not in scores]
        for a, score in zip(unscored, scorer.row(b, unscored), strict=True):
            scores[(b, a)] = score
        for a in places:
            score = scores[(b, a)]
            if score >= LOCAL_MATCH_THRESHOLD:
                candidates.append((score, b, a))
    _assign_best_first(candidates, b_to_a, matched_after)


def _gap(anchors: list[int], b_to_a: Mapping[int, int], b: int, after_count: int) -> tuple[int, int]:
    """The newer sentences strictly between the partners of `b`'s nearest paired neighbours, as bounds."""
    at = bisect.bisect_left(anchors, b)
    low = b_to_a[anchors[at - 1]] if at else -1
    high = b_to_a[anchors[at]] if at < len(anchors) else after_count
    return (low, high) if low < high else (0, 0)


class _Twins:
    """Unpaired sentences nearly identical to a paired sentence of the other side in a counterpart section.

    Twins are judged on the characters of their comparison keys (rapidfuzz over the paired
    sentences of the counterpart sections). Answers are worked out when asked: the comparer
    asks only about unpaired commitments.
    """

    def __init__(
        self,
        before: ParsedDocument,
        after: ParsedDocument,
        pairs: list[SentencePair],
        local: _Local,
    ) -> None:
        self._before, self._after, self._local = before, after, local
        self._pairs = pairs
        self._paired_after: dict[int, list[int]] = defaultdict(list)
        self._paired_before: dict[int, list[int]] = defaultdict(list)
        self._unpaired: set[tuple[str, int]] | None = None  # filled on the first question
        self._memo: dict[tuple[str, int], bool] = {}
        #: the paired sentences (and their keys) of a set of counterpart sections, as asked about
        self._candidates: dict[tuple[str, tuple[int, ...]], tuple[list[int], list[str]]] = {}

    def _index(self) -> set[tuple[str, int]]:
        unpaired: set[tuple[str, int]] = set()
        for p in self._pairs:
            if p.before and p.after:
                self._paired_after[self._after.sentences[p.after[0]].section].extend(p.after)
                self._paired_before[self._before.sentences[p.before[0]].section].extend(p.before)
            elif p.before:
                unpaired.add(("before", p.before[0]))
            else:
                unpaired.add(("after", p.after[0]))
        self._unpaired = unpaired
        return unpaired

    def __contains__(self, key: object) -> bool:
        unpaired = self._unpaired if self._unpaired is not None else self._index()
        if key not in unpaired:
            return False
        assert isinstance(key, tuple)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._find(key[0], key[1])
        return found

    def _find(self, side: str, index: int) -> bool:
        local = self._local
        if side == "before":
            sections = tuple(local.after_sections(self._before.sentences[index].section))
        else:
            sections = tuple(local.before_sections(self._after.sentences[index].section))
        found = self._candidates.get((side, sections))
        if found is None:
            doc, paired = (
                (self._after, self._paired_after) if side == "before" else (self._before, self._paired_before)
            )
            others = [i for s in sections for i in paired.get(s, ())]
            found = self._candidates[(side, sections)] = (others, [doc.sentences[i].key for i in others])
        key = (self._before if side == "before" else self._after).sentences[index].key
        # the alignment's word weights are gone by now (they are large): near-identical is judged
        # on the characters of the comparison keys alone
        return process.extractOne(key, found[1], scorer=fuzz.ratio, score_cutoff=TWIN_KEY_RATIO) is not None


def _has_twin(
    scorer: _Scorer,
    index: int,
    candidates: tuple[list[int], list[str]],
    before: ParsedDocument,
    after: ParsedDocument,
    *,
    after_side: bool = False,
) -> bool:
    """Whether a sentence (of the older text, or the newer with `after_side`) has a near-identical one
    among `candidates` (sentences of the other text, with their keys): a fast character comparison
    picks the closest few."""
    others, keys = candidates
    if not others:
        return False
    mine = after if after_side else before
    closest = process.extract(
        mine.sentences[index].key, keys, scorer=fuzz.ratio, score_cutoff=TWIN_CHARS, limit=3
    )
    for _, _, at in closest:
        b, a = (others[at], index) if after_side else (index, others[at])
        if _near_twin(scorer, b, a):
            return True
    return False


def _near_twin(scorer: _Scorer, b: int, a: int) -> bool:
    """Whether two sentences are near-identical; a plain token overlap rules most pairs out first."""
    b_tokens, a_tokens = scorer.before_tokens[b], scorer.after_tokens[a]
    if 2 * len(b_tokens & a_tokens) < TWIN_PREFILTER * (len(b_tokens) + len(a_tokens)):
        return False
    return scorer.pair(b, a) >= TWIN_THRESHOLD


# -- 3. splits and merges --------------------------------------------------------------------------


class _Group(NamedTuple):
    before: list[int]
    after: list[int]


def _groups(
    before: ParsedDocument,
    after: ParsedDocument,
    b_to_a: dict[int, int],
    scorer: _Scorer,
    scores: dict[tuple[int, int], float],
) -> dict[int, _Group]:
    """Grow edited pairs into 1 -> n and n -> 1 groups; keyed by the group's first before sentence."""
    claimed_after = set(b_to_a.values())
    claimed_before = set(b_to_a)
    groups: dict[int, _Group] = {}
    for b, a in sorted(b_to_a.items()):
        if before.sentences[b].key == after.sentences[a].key:
            continue
        group = _Group([b], [a])
        # Split: unclaimed neighbours of `a` in the same block (or sibling points of a point `b`)
        # that carry words of `b`.
        points = bool(before.sentences[b].label and after.sentences[a].label)
        _grow(group.after, after, claimed_after, scorer.before_tokens[b], scorer.after_tokens, scorer, points)
        if len(group.after) == 1:
            # Merge: unclaimed neighbours of `b` that `a` absorbed.
            whole = scorer.after_tokens[a]
            _grow(group.before, before, claimed_before, whole, scorer.before_tokens, scorer, points)
        if len(group.after) > 1 or len(group.before) > 1:
            claimed_after.update(group.after)
            claimed_before.update(group.before)
            groups[min(group.before)] = group
    return groups


def _grow(
    members: list[int],
    doc: ParsedDocument,
    claimed: set[int],
    whole: frozenset[str],
    parts: _Tokens,
    scorer: _Scorer,
    points: bool = False,
) -> None:
    """Add neighbours while they cover more of `whole` and are mostly made of its words.

    A neighbour is a sentence of the same block; with `points` (a point paired with a point), also
    a sibling point (see `_sibling_point`).
    """
    block = doc.blocks[doc.sentences[members[0]].block].sentences
    base = scorer.containment(whole, _union(parts, members))
    improved = True
    while improved:
        improved = False
        for candidate in (min(members) - 1, max(members) + 1):
            if candidate in claimed or candidate in members:
                continue
            if candidate not in block and not (points and _sibling_point(doc, members, candidate)):
                continue
            if scorer.containment(parts[candidate], whole) < GROUP_PART_OVERLAP:
                continue
            trial = sorted([*members, candidate])
            score = scorer.containment(whole, _union(parts, trial))
            if score >= base + GROUP_GAIN:
                members[:] = trial
                base = score
                improved = True


def _sibling_point(doc: ParsedDocument, members: list[int], candidate: int) -> bool:
    """Whether `candidate` is a whole point next to the group's point, under the same lead-in.

    A point split into two ("(b) X or Y" -> "(b) X" and "(c) Y"), or two points merged into one,
    stand in blocks of their own: the group may take in the next or the previous point of the
    same list, never a sentence of other text.
    """
    if not 0 <= candidate < len(doc.sentences):
        return False
    edge = min(members) if candidate < min(members) else max(members)
    here, there = doc.sentences[edge], doc.sentences[candidate]
    if not here.lead_in or here.lead_in != there.lead_in or abs(here.block - there.block) != 1:
        return False
    return all(_whole_point(doc, doc.blocks[s.block]) for s in (here, there))


def _whole_point(doc: ParsedDocument, block: Block) -> bool:
    """A labelled point of one sentence: its first sentence carries the label."""
    return len(block.sentences) == 1 and bool(doc.sentences[block.sentences[0]].label)


def _union(token_sets: _Tokens, members: list[int]) -> frozenset[str]:
    out: set[str] = set()
    for m in members:
        out |= token_sets[m]
    return frozenset(out)


# -- pairs in document order -----------------------------------------------------------------------


def _pairs(
    before: ParsedDocument,
    after: ParsedDocument,
    b_to_a: dict[int, int],
    groups: dict[int, _Group],
    scores: dict[tuple[int, int], float],
) -> list[SentencePair]:
    grouped_before = {b for g in groups.values() for b in g.before}
    grouped_after = {a for g in groups.values() for a in g.after}
    a_to_pair: dict[int, SentencePair] = {}
    for g in groups.values():
        status = "split" if len(g.after) > 1 else "merged"
        pair = SentencePair(
            tuple(g.before), tuple(g.after), status, scores.get((g.before[0], g.after[0]), 0.0)
        )
        a_to_pair[g.after[0]] = pair
    for b, a in b_to_a.items():
        if b in grouped_before or a in grouped_after:
            continue
        same = before.sentences[b].key == after.sentences[a].key
        a_to_pair[a] = SentencePair(
            (b,), (a,), "same" if same else "edited", 1.0 if same else scores.get((b, a), 0.0)
        )
    pairs: list[SentencePair] = []
    for s in after.sentences:
        if s.index in a_to_pair:
            pairs.append(a_to_pair[s.index])
        elif s.index not in grouped_after:
            pairs.append(SentencePair((), (s.index,), "added", 0.0))
    # Removed sentences go right after the pair that holds their nearest kept predecessor.
    matched_before = set(b_to_a) | grouped_before
    removed_after: dict[int, list[SentencePair]] = defaultdict(list)
    position_of_before: dict[int, int] = {}
    for pos, pair in enumerate(pairs):
        for b in pair.before:
            position_of_before[b] = pos
    last = -1
    for s in before.sentences:
        if s.index in matched_before:
            last = position_of_before.get(s.index, last)
        else:
            removed_after[last].append(SentencePair((s.index,), (), "removed", 0.0))
    ordered: list[SentencePair] = list(removed_after.get(-1, []))
    for pos, pair in enumerate(pairs):
        ordered.append(pair)
        ordered.extend(removed_after.get(pos, []))
    return ordered


# -- 4. sections -----------------------------------------------------------------------------------


def _section_pairs(
    before: ParsedDocument, after: ParsedDocument, sentence_pairs: Iterable[tuple[int, int]]
) -> Counter[tuple[int, int]]:
    """How many aligned sentences (before, after) go from each older section to each newer one.

    The votes of `_map_sections` and `match_units` are sums over these: counted once per pair of
    sections instead of once per sentence.
    """
    before_sentences, after_sentences = before.sentences, after.sentences
    return Counter((before_sentences[b].section, after_sentences[a].section) for b, a in sentence_pairs)


def _map_sections(
    before: ParsedDocument, after: ParsedDocument, section_pairs: Mapping[tuple[int, int], int]
) -> dict[int, int]:
    """Older section -> newer section; `section_pairs`: aligned sentences per (older, newer) section."""
    mapping: dict[int, int] = {0: 0}
    by_key: dict[str, list[int]] = defaultdict(list)
    for sec in after.sections[1:]:
        by_key[sec.key].append(sec.index)
    taken = {0}
    for sec in before.sections[1:]:
        options = [i for i in by_key.get(sec.key, []) if i not in taken]
        if options:
            mapping[sec.index] = options[0]
            taken.add(options[0])
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    for (old, new), count in section_pairs.items():
        votes[old][new] = count
    for sec in before.sections[1:]:
        if sec.index in mapping:
            continue
        counter = votes.get(sec.index)
        total = sum(counter.values()) if counter else 0
        best = None
        if counter:
            for target, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
                if target not in taken and count * 2 > total:
                    best = target
                break
        if best is None:
            best = _similar_title(sec.key, sec.level, after, taken)
        if best is not None:
            mapping[sec.index] = best
            taken.add(best)
    return _drop_relocated(before, after, mapping)


def _drop_relocated(before: ParsedDocument, after: ParsedDocument, mapping: dict[int, int]) -> dict[int, int]:
    """Unmap sections that left their parent (4.3 became a chapter of its own): their text moved.

    A section is renamed or renumbered in place when its parent's counterpart is still
    among its counterpart's ancestors; otherwise it, and everything under it, was relocated.
    Sections whose parent has no counterpart give no evidence and keep their mapping.
    """
    relocated: set[int] = set()
    for sec in before.sections[1:]:
        parent = sec.parent
        if parent is not None and parent in relocated:
            relocated.add(sec.index)
            continue
        image, parent_image = mapping.get(sec.index), mapping.get(parent) if parent is not None else None
        if image is None or parent_image is None:
            continue
        ancestor = after.sections[image].parent
        while ancestor is not None and ancestor != parent_image:
            ancestor = after.sections[ancestor].parent
        if ancestor is None and parent_image != 0:
            relocated.add(sec.index)
    return {old: new for old, new in mapping.items() if old not in relocated}


def _similar_title(key: str, level: int, after: ParsedDocument, taken: set[int]) -> int | None:
    """The untaken newer section of this level whose title is most like `key` (ratio >= 70), first on ties."""
    titles = [sec for sec in after.sections[1:] if sec.level == level and sec.index not in taken]
    found = process.extract(key, [sec.key for sec in titles], scorer=fuzz.ratio, score_cutoff=70, limit=None)
    if not found:
        return None
    _, _, position = max(found, key=lambda match: (match[1], -match[2]))
    return titles[position].index
