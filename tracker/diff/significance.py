"""How much a commitment change matters to a policy analyst: a score from 0 to 100 and its reason.

The rules and their weights are explained, with examples, in docs/significance.md: change
them there and here together. In short, a change scores its kind's points (plus a few for
each further kind, for the size of a target change, for the themes it touches and for a
named actor), multiplied by the strength of the commitment at stake and by how binding
the text it stands in is (an article over a recital). Same report in, same scores out.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from tracker.commitments import Target, diff_targets, strength_rank
from tracker.diff.equivalence import spelling_only
from tracker.diff.report import CommitmentChange, CommitmentView, TargetView, ThemeShift
from tracker.regex_cache import compile_regex

#: Points of each kind; a change with several kinds scores its highest, plus EXTRA_KIND_POINTS per other.
KIND_POINTS: dict[str, int] = {
    "removed": 50,
    "weakened": 46,
    "narrowed": 44,
    "added": 40,
    "strengthened": 36,
    "target_changed": 32,
    "actor_changed": 28,
    "moved": 10,
    "renumbered": 6,
    "reworded": 2,
}
UNKNOWN_KIND_POINTS = 10
#: Each further kind of substance (not a move, renumbering or rewording) adds this much.
EXTRA_KIND_POINTS = 4
#: Kinds that change where or how a commitment is written, not what it commits to.
FORM_KINDS = frozenset({"moved", "renumbered", "reworded"})
#: A target change of full size (halved, doubled, dropped, a year late) adds this much.
TARGET_SIZE_POINTS = 24
#: Each theme the commitment touches (up to THEME_LIMIT) adds this much.
THEME_POINTS = 3
THEME_LIMIT = 3
#: A named actor (someone answerable for the commitment) adds this much.
ACTOR_POINTS = 4
#: A change on a theme the plan turns from or to (a theme shift of the report) adds this much.
TURN_POINTS = 6
#: A prohibition ("shall be prohibited", "bans", "禁止する") binds everyone, named or not, and is among
#: the heaviest obligations an analyst weighs: it adds this much (a new ban outranks a removed duty).
PROHIBITION_POINTS = 20
#: Each step of a weakening (strong -> weak is two) or strengthening adds this much.
STRENGTH_STEP_POINTS = 4

#: The strength of the commitment at stake scales the points.
STRENGTH_FACTOR: dict[str | None, float] = {"strong": 1.0, "moderate": 0.8, "weak": 0.6, None: 0.6}
#: How binding the text is scales the points: an article or numbered commitment, plain body text,
#: or a recital, preamble or background.
TEXT_FACTOR: dict[str, float] = {"binding": 1.0, "body": 0.85, "background": 0.5}

#: A heading that opens binding text: an article, an annex, a numbered commitment, action or measure.
_BINDING = compile_regex(
    r"^\s*(?:article|art\.|annex|commitment|action|measure|obligation)s?\s*[\dIVXLC]"
    r"|^\s*annex(?:es)?\s*$"
    r"|^\s*第[0-9０-９一二三四五六七八九十百千]+条",
    re.IGNORECASE,
)
#: A heading of text that explains rather than commits: recitals, preamble, background, introduction.
_BACKGROUND = compile_regex(
    r"\b(?:recitals?|preamble|whereas|background|explanatory\s+memorandum|introduction|foreword"
    r"|executive\s+summary|overview)\b"
    r"|前文|背景|はじめに|序文|趣旨|概要",
    re.IGNORECASE,
)
#: A ban imposed without a softening modal ("shall be prohibited", "is banned", "prohibits"): it
#: leaves no discretion, so the points it introduces weigh as strong commitments.
_BAN_IMPOSED = (
    r"\b(?:shall|must|is|are)\s+(?:\w+\s+)?(?:prohibited|banned|forbidden)\b"
    r"|\b(?:prohibits|bans|forbids)\b|禁止(?:する|される)"
)
_BINDING_PROHIBITION = compile_regex(_BAN_IMPOSED, re.IGNORECASE)
#: A sentence that imposes a ban (also after any modal: "may be prohibited") or that sets a ban's
#: reach ("The prohibition of ... shall not apply to ...", "This ban covers ..."): a ban is its
#: subject. A mere mention ("the prohibited practices referred to in Article 5") is neither.
_PROHIBITION = compile_regex(
    _BAN_IMPOSED + r"|\b(?:be|been)\s+(?:\w+\s+)?(?:prohibited|banned|forbidden)\b|禁止し"
    r"|^\s*(?:\(\w{1,5}\)\s*)?(?:the|this|that|these|those|such|each|every|any|a)\s+(?:[\w-]+\s+)?"
    r"(?:prohibitions?|bans?)\b",
    re.IGNORECASE,
)
_DATE = compile_regex(r"(FY)?(\d{4})(?:-(\d{2})-(\d{2}))?")
#: Target types whose values are instants (compared by days between them) rather than quantities.
_DATE_TYPES = frozenset({"deadline", "year", "date", "start"})


class Significance(NamedTuple):
    """A change's score (0-100) and the facts that made it, in a short phrase."""

    score: int
    reason: str


def text_status(section: Iterable[str]) -> str:
    """ "binding", "body" or "background": the innermost heading that says which decides."""
    for title in reversed(tuple(section)):
        if _BINDING.search(title):
            return "binding"
        if _BACKGROUND.search(title):
            return "background"
    return "body"


def score_change(
    change: CommitmentChange, doc_year: int | None = None, shifts: Sequence[ThemeShift] = ()
) -> Significance:
    """The significance of one change (see docs/significance.md for every rule).

    `shifts`: the report's theme shifts; a change on a theme of a shift is part of the plan's turn.
    """
    kinds = change.kinds
    ranked = sorted(kinds, key=lambda k: -KIND_POINTS.get(k, UNKNOWN_KIND_POINTS))
    main = ranked[0]
    further = [k for k in ranked[1:] if k not in FORM_KINDS]
    points = float(KIND_POINTS.get(main, UNKNOWN_KIND_POINTS)) + EXTRA_KIND_POINTS * len(further)
    facts: list[str] = []

    at_stake = _at_stake(change)
    strength = at_stake.strength if at_stake else None
    prohibition, imposed = _prohibition(at_stake, change)
    if imposed is not None:
        strength = imposed
    steps = _strength_steps(change)
    points += STRENGTH_STEP_POINTS * steps
    words = ", ".join(k.replace("_", " ") for k in ranked)
    facts.append(f"{words}: {strength or 'unrated'} commitment")

    if "target_changed" in kinds:
        size, phrase = target_change_size(change, doc_year)
        points += TARGET_SIZE_POINTS * size
        if phrase:
            facts.append(phrase)

    where = change.after or change.before  # where the commitment stands now (or stood, if removed)
    status = text_status(where.section) if where else "body"
    facts.append(f"in {status} text")

    themes = at_stake.themes if at_stake else ()
    points += THEME_POINTS * min(len(themes), THEME_LIMIT)
    actor = next((v.actor for v in (change.after, change.before) if v is not None and v.actor), None)
    if actor:
        points += ACTOR_POINTS
        facts.append(f"actor {actor}")
    if prohibition:
        points += PROHIBITION_POINTS
        facts.append(prohibition)
    if themes:
        facts.append("themes " + ", ".join(themes[:THEME_LIMIT]))
    turn = next((s for s in shifts if {s.falling, s.rising} & set(themes)), None)
    if turn is not None:
        points += TURN_POINTS
        facts.append(f"part of the turn {turn.falling} -> {turn.rising}")

    score = points * STRENGTH_FACTOR.get(strength, STRENGTH_FACTOR[None]) * TEXT_FACTOR[status]
    return Significance(max(0, min(100, round(score))), "; ".join(facts))


def with_significance(
    changes: Iterable[CommitmentChange], doc_year: int | None = None, shifts: Sequence[ThemeShift] = ()
) -> tuple[CommitmentChange, ...]:
    """The changes, each carrying its score and reason."""
    out = []
    for change in changes:
        found = score_change(change, doc_year, shifts)
        out.append(dataclasses.replace(change, significance=found.score, significance_reason=found.reason))
    return tuple(out)


def ranked(changes: Iterable[CommitmentChange]) -> list[CommitmentChange]:
    """Highest significance first; equal scores keep the report's (document) order."""
    return sorted(changes, key=lambda c: -c.significance)


def _at_stake(change: CommitmentChange) -> CommitmentView | None:
    """The commitment whose strength counts: the one lost, the one promised before a weakening,
    the one promised after a strengthening or addition, else the stronger side."""
    before, after = change.before, change.after
    if before is None or after is None:
        return before or after
    if "weakened" in change.kinds or "narrowed" in change.kinds:
        return before
    if "strengthened" in change.kinds:
        return after
    return before if _rank(before.strength) >= _rank(after.strength) else after


def _prohibition(view: CommitmentView | None, change: CommitmentChange) -> tuple[str, str | None]:
    """The fact of a ban ("a prohibition", "a point of a prohibition" or "") and the strength it imposes.

    A point of a list is read with its lead-in: in "The following practices shall be prohibited:
    (a) ...", each point is a ban although its own words name none, and it binds as the lead-in
    does (what the point says describes the practice banned, not how firmly it is banned). Either
    side's lead-in counts: an amending text may quote a point without the sentence that
    introduces it, and a changed point of a ban is a changed ban.
    """
    if view is None:
        return "", None
    if _PROHIBITION.search(view.text):
        return "a prohibition", None
    sides = (view, change.before, change.after)
    for lead_in in (side.lead_in for side in sides if side is not None and side.lead_in):
        if _PROHIBITION.search(lead_in):
            return "a point of a prohibition", "strong" if _BINDING_PROHIBITION.search(lead_in) else None
    return "", None


def _rank(strength: str | None) -> int:
    return strength_rank(strength or "")


def _strength_steps(change: CommitmentChange) -> int:
    """How many steps of the strength scale a weakening or strengthening moved."""
    if change.before is None or change.after is None:
        return 0
    if not {"weakened", "strengthened"} & set(change.kinds):
        return 0
    return abs(_rank(change.before.strength) - _rank(change.after.strength))


def target_change_size(change: CommitmentChange, doc_year: int | None = None) -> tuple[float, str]:
    """The largest target change, from 0 to 1, with a phrase that says it ("money -50%", "3 months later").

    Quantities compare by ratio (halved or doubled is 1, a tenth more about 0.14); instants by days
    between them (a year is 1, a month about 0.08); a dropped target is 0.75, a new one 0.4; targets
    of different types, or values that cannot be read, 0.5.
    """
    def model(views: tuple[TargetView, ...]) -> tuple[Target, ...]:
        return tuple(Target(t.type, t.value, t.unit, t.text, t.bound) for t in views)

    before = model(change.before.targets) if change.before else ()
    after = model(change.after.targets) if change.after else ()
    best, phrase = 0.0, ""
    for pair in diff_targets(before, after, doc_year):
        if spelling_only(pair):
            continue
        size, words = _pair_size(pair.before, pair.after, doc_year)
        if size > best or not phrase:
            best, phrase = max(best, size), words
    return best, phrase


def _pair_size(old: Target | None, new: Target | None, doc_year: int | None) -> tuple[float, str]:
    if old is None and new is not None:
        return 0.4, f"new target {new.text}"
    if new is None and old is not None:
        return 0.75, f"target dropped ({old.text})"
    assert old is not None and new is not None
    if old.type == new.type and old.type in _DATE_TYPES:
        days = _days(old.value, doc_year), _days(new.value, doc_year)
        if days[0] is not None and days[1] is not None:
            shift = days[1] - days[0]
            return min(1.0, abs(shift) / 365), f"{old.type} {_shift_words(shift)}"
    if (
        old.type == new.type
        and (old.unit or "") == (new.unit or "")
        and isinstance(old.value, int | float)
        and isinstance(new.value, int | float)
    ):
        a, b = float(old.value), float(new.value)
        if a == b:
            return 0.0, f"{old.type} {old.text} -> {new.text}"
        if a > 0 and b > 0:
            size = min(1.0, abs(math.log2(b / a)))
            if old.type == "frequency":  # the value is the interval in days: a longer one is less often
                return size, f"{'less' if b > a else 'more'} often ({old.text} -> {new.text})"
            return size, f"{old.type} {(b - a) / a:+.0%} ({old.text} -> {new.text})"
        return 1.0, f"{old.type} {old.text} -> {new.text}"
    return 0.5, f"target {old.text} -> {new.text}"


def _days(value: float | str, doc_year: int | None) -> int | None:
    """An instant as a day number: "2030-12-31", "2030" (its last day), "FY2027" (its last day)."""
    if not isinstance(value, str):
        return None
    if doc_year is not None:
        value = value.replace("{Y+1}", str(doc_year + 1)).replace("{Y}", str(doc_year))
    m = _DATE.fullmatch(value)
    if not m:
        return None
    year = int(m.group(2))
    try:
        if m.group(3):
            day = datetime.date(year, int(m.group(3)), int(m.group(4)))
        elif m.group(1):
            day = datetime.date(year + 1, 3, 31)  # a fiscal year ends on 31 March of the next year
        else:
            day = datetime.date(year, 12, 31)
    except ValueError:
        return None
    return day.toordinal()


def _shift_words(days: int) -> str:
    if days == 0:
        return "unchanged"
    way = "later" if days > 0 else "earlier"
    n = abs(days)
    if n >= 300:
        years = round(n / 365.25, 1)
        unit = f"{years:g} year" + ("" if years == 1 else "s")
    elif n >= 28:
        months = round(n / 30.44)
        unit = f"{months} month" + ("" if months == 1 else "s")
    else:
        unit = f"{n} day" + ("" if n == 1 else "s")
    return f"{unit} {way}"
