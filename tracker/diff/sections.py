"""Which sections of two versions are counterparts, and which numbered units were renumbered.

A commitment is moved only when it now stands in a section that is not the counterpart
of its old one. Heading titles alone cannot say that for legal texts: between two
versions of an act, "Article 29" may become "Article 26" (renumbered, same content)
while a new "Article 29" holds other text, and a run of "Recital 67", "Recital 69" ...
headings may become one "Recitals" section. So sections are grouped into units by
their structural identity (Article N, Section N, Chapter N, Annex N, Recital N, 第N条,
第N章, ...; a section without one is its own unit) and units are matched:

1. by content: unit U's aligned sentences went mostly to V, and V's came mostly from U
   (each the other's first choice), which is how a renumbered or renamed unit looks;
2. by identity and content: U and its namesake (same kind and number) when one is the
   other's clear first choice (no tie) and they share at least half as many sentences
   as either shares with its first choice. New Annex VIII made of old Annex VIII's text
   keeps the two counterparts even when more of old Annex VIII's sentences went elsewhere
   (a block of notes printed at its end, a part split off into a new article): the text
   that stayed under the same number did not move. One sentence of old Article 3 left in
   a new Article 3 while the rest went to Article 4 does not: Article 3 became Article 4;
3. else by identity: the same kind and number, or a collective heading of the kind
   ("Recitals", "Annexes") for a numbered unit that has no namesake on the other side.

Units of the same kind matched by content under another number make the renumbering
map of the report ("Article 29 -> Article 26"), said once instead of once per sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from tracker.commitments.targets.numbers import kanji_number
from tracker.diff.parse import ParsedDocument
from tracker.regex_cache import compile_regex

#: The English names of structural units, folded to one kind each; a plural is the collective.
_KINDS = {
    "article": "article",
    "art.": "article",
    "section": "section",
    "sec.": "section",
    "§": "section",
    "chapter": "chapter",
    "annex": "annex",
    "appendix": "appendix",
    "schedule": "schedule",
    "part": "part",
    "title": "title",
    "recital": "recital",
}
_COLLECTIVE = {"articles", "sections", "chapters", "annexes", "appendices", "schedules", "parts", "recitals"}
_EN_UNIT = compile_regex(
    r"^\s*(article|art\.|section|sec\.|§|chapter|annex|appendix|schedule|part|title|recital)\s*"
    r"(\d+(?:\s?[a-z](?![a-z]))?|[ivxlcdm]+(?![\w]))",
    re.IGNORECASE,
)
_JA_KINDS = {"条": "article", "章": "chapter", "節": "section", "編": "part", "款": "subsection"}
_JA_UNIT = compile_regex(
    r"^\s*第\s*([0-9〇一二三四五六七八九十百千]+)\s*([条章節編款])(?:の([0-9一二三四五六七八九十]+))?"
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


class Identity(NamedTuple):
    """A section's structural identity: kind and number ("article", "29a"); number None for "Recitals"."""

    kind: str
    number: str | None
    label: str  # as written: "Article 29 a", "第3条", "Recitals"


def _roman(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.lower()):
        value = _ROMAN[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def _kanji(text: str) -> int:
    return int(text) if text.isdigit() else kanji_number(text)


def identity(title: str) -> Identity | None:
    """The structural identity a heading states, if any ("Article 5 — Prohibited practices" -> article 5)."""
    title = unicodedata.normalize("NFKC", title)
    m = _EN_UNIT.match(title)
    if m:
        number = m.group(2).replace(" ", "").lower()
        if not number[0].isdigit():
            number = str(_roman(number))
        return Identity(_KINDS[m.group(1).lower()], number, m.group(0).strip())
    m = _JA_UNIT.match(title)
    if m:
        number = str(_kanji(m.group(1)))
        if m.group(3):
            number += f"-{_kanji(m.group(3))}"
        return Identity(_JA_KINDS[m.group(2)], number, m.group(0).strip())
    folded = " ".join(title.casefold().split())
    if folded in _COLLECTIVE:
        kind = folded[:-3] + "x" if folded == "annexes" else folded.rstrip("s")
        kind = "appendix" if folded == "appendices" else kind
        return Identity(kind, None, title.strip())
    return None


#: A unit: ("id", kind, number) for a section with an identity (or under one), else ("sec", index).
Unit = tuple[str, ...]


def units(doc: ParsedDocument) -> list[Unit]:
    """The unit of every section: its own identity, else its nearest ancestor's, else itself."""
    out: list[Unit] = []
    for sec in doc.sections:
        ident = identity(sec.title) if sec.index else None
        if ident is not None and ident.number is not None:
            out.append(("id", ident.kind, ident.number))
        elif ident is not None:
            out.append(("all", ident.kind))
        elif sec.parent is not None and out[sec.parent][0] == "id":
            out.append(out[sec.parent])
        else:
            out.append(("sec", str(sec.index)))
    return out


@dataclass(frozen=True)
class Counterparts:
    """The section units of two versions that stand for one another, and the renumbered ones."""

    units_before: tuple[Unit, ...]
    units_after: tuple[Unit, ...]
    matched: frozenset[tuple[Unit, Unit]]
    renumbered: tuple[tuple[str, str], ...]  # ("Article 29", "Article 26"), in the older text's order

    def after_sections(self, before_section: int) -> list[int]:
        """The sections of the newer text whose units are counterparts of this older section's unit."""
        index = self._index()
        return [s for v in index[0].get(self.units_before[before_section], ()) for s in index[1][v]]

    def before_sections(self, after_section: int) -> list[int]:
        """The sections of the older text whose units are counterparts of this newer section's unit."""
        index = self._index()
        return [s for u in index[2].get(self.units_after[after_section], ()) for s in index[3][u]]

    def _index(
        self,
    ) -> tuple[dict[Unit, list[Unit]], dict[Unit, list[int]], dict[Unit, list[Unit]], dict[Unit, list[int]]]:
        cached = self.__dict__.get("_cached_index")
        if cached is None:
            forward: dict[Unit, list[Unit]] = defaultdict(list)
            backward: dict[Unit, list[Unit]] = defaultdict(list)
            for u, v in sorted(self.matched):
                forward[u].append(v)
                backward[v].append(u)
            sections_after: dict[Unit, list[int]] = defaultdict(list)
            for i, v in enumerate(self.units_after):
                sections_after[v].append(i)
            sections_before: dict[Unit, list[int]] = defaultdict(list)
            for i, u in enumerate(self.units_before):
                sections_before[u].append(i)
            cached = (forward, sections_after, backward, sections_before)
            object.__setattr__(self, "_cached_index", cached)
        return cached

    def match(self, before_section: int, after_section: int) -> bool:
        """Whether the two sections belong to units that are counterparts."""
        return (self.units_before[before_section], self.units_after[after_section]) in self.matched

    def has_match(self, before_section: int) -> bool:
        """Whether the older section's unit has any counterpart in the newer version."""
        return self.units_before[before_section] in self._matched_before

    @property
    def _matched_before(self) -> frozenset[Unit]:
        return frozenset(u for u, _ in self.matched)


def _first_choice(votes: dict[Unit, Counter[Unit]], order: dict[Unit, int]) -> dict[Unit, Unit]:
    """Each unit's most voted partner, ties to the partner that comes first in its document."""
    return {
        unit: min(counter.items(), key=lambda kv: (-kv[1], order[kv[0]]))[0]
        for unit, counter in votes.items()
        if counter
    }


def _clear_choice(counter: Counter[Unit], unit: Unit) -> bool:
    """Whether `unit` holds more of the votes than any other unit (a tie is no choice)."""
    count = counter[unit]
    return count > 0 and all(n < count for other, n in counter.items() if other != unit)


def _in_order(seq: Iterable[Unit]) -> dict[Unit, int]:
    out: dict[Unit, int] = {}
    for unit in seq:
        out.setdefault(unit, len(out))
    return out


def match_units(
    before: ParsedDocument,
    after: ParsedDocument,
    section_pairs: Mapping[tuple[int, int], int],
    known_units: tuple[list[Unit], list[Unit]] | None = None,
) -> Counterparts:
    """Counterpart units from the aligned sentences' sections: how many sentence pairs go from each
    (before, after) pair of sections.

    `known_units`: the `units` of both documents when the caller has them already.
    """
    ub, ua = known_units if known_units is not None else (units(before), units(after))
    order_b, order_a = _in_order(ub), _in_order(ua)
    out_votes: dict[Unit, Counter[Unit]] = defaultdict(Counter)
    in_votes: dict[Unit, Counter[Unit]] = defaultdict(Counter)
    for (b_sec, a_sec), count in section_pairs.items():
        u, v = ub[b_sec], ua[a_sec]
        out_votes[u][v] += count
        in_votes[v][u] += count
    goes_to = _first_choice(out_votes, order_a)
    comes_from = _first_choice(in_votes, order_b)
    matched: set[tuple[Unit, Unit]] = set()
    by_content_after: set[Unit] = set()
    by_content_before: set[Unit] = set()
    for u, v in goes_to.items():
        if comes_from.get(v) == u:
            matched.add((u, v))
            by_content_before.add(u)
            by_content_after.add(v)
    # namesakes one of which is the other's clear first choice, though not both ways, sharing a
    # fair part of their text: at least half as many sentences as either's first choice
    kept_number = {
        u
        for u in order_b
        if u[0] == "id"
        and u in order_a
        and (_clear_choice(out_votes[u], u) or _clear_choice(in_votes[u], u))
        and 2 * out_votes[u][u] >= out_votes[u][goes_to[u]]
        and 2 * in_votes[u][u] >= in_votes[u][comes_from[u]]
    }
    for u in kept_number:
        matched.add((u, u))
        by_content_before.add(u)
        by_content_after.add(u)
    _match_identities(order_b, order_a, by_content_before, by_content_after, matched)
    labels_b, labels_a = _labels(before, ub), _labels(after, ua)
    # a unit that is still the counterpart of its namesake kept its number: it was not renumbered
    renumbered = tuple(
        (labels_b[u], labels_a[v])
        for u, v in sorted(matched, key=lambda uv: order_b[uv[0]])
        if u[0] == v[0] == "id"
        and u[1] == v[1]
        and u[2] != v[2]
        and u in by_content_before
        and u not in kept_number
    )
    return Counterparts(tuple(ub), tuple(ua), frozenset(matched), renumbered)


def _match_identities(
    order_b: dict[Unit, int],
    order_a: dict[Unit, int],
    by_content_before: set[Unit],
    by_content_after: set[Unit],
    matched: set[tuple[Unit, Unit]],
) -> None:
    """Units left unmatched by content: the same kind and number, else the collective of the kind."""
    for u in order_b:
        if u in by_content_before or u[0] == "sec":
            continue
        if u[0] == "id" and u in order_a and u not in by_content_after:
            matched.add((u, u))
            continue
        if u[0] == "id" and u not in order_a and ("all", u[1]) in order_a:
            matched.add((u, ("all", u[1])))  # "Recital 67" -> "Recitals"
        elif u[0] == "all":
            for v in order_a:
                if v[0] == "id" and v[1] == u[1] and v not in order_b:
                    matched.add((u, v))


def _labels(doc: ParsedDocument, unit_of: list[Unit]) -> dict[Unit, str]:
    """A unit's name as the document first writes it ("Article 29", "第3条")."""
    out: dict[Unit, str] = {}
    for sec, unit in zip(doc.sections, unit_of, strict=True):
        if unit not in out:
            ident = identity(sec.title) if sec.index else None
            out[unit] = ident.label if ident else sec.title
    return out
