"""When two actors, or two targets, are the same for the differ beyond the analyser's own keys.

`tracker.commitments` decides equality of normalized targets and actor names; the
differ adds what only a comparison of two versions can see: a short back-reference
("the Board") to the body named in full ("the Coastal Flood Resilience Board"),
and a unit word whose spelling was corrected ("scientsts" -> "scientists").
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from tracker.commitments import actors_equal
from tracker.regex_cache import compile_regex

if TYPE_CHECKING:
    from tracker.commitments import TargetChange

_ARTICLES = {"the", "a", "an", "its", "their", "our", "this", "that"}
_WORD = compile_regex(r"\w+")
#: Unit words this close (normalized edit similarity) differ only by a spelling fix.
SPELLING_SIMILARITY = 0.8


def _words(name: str) -> list[str]:
    words = _WORD.findall(unicodedata.normalize("NFKC", name).casefold())
    return [w for w in words if w not in _ARTICLES]


def same_actor(a: str, b: str) -> bool:
    """Same body: equal by the analyser's key, its acronym, or a one-word back-reference to the full name."""
    if actors_equal(a, b) or is_acronym_of(a, b) or is_acronym_of(b, a):
        return True
    wa, wb = _words(a), _words(b)
    if not wa or not wb or len(wa) == len(wb):
        return False
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return len(short) == 1 and long[-1] == short[0]


_ACRONYM = compile_regex(r"[A-Z][A-Z0-9&]{1,7}")
_NAME_WORD = compile_regex(r"[\w'’-]+")
#: Words an acronym leaves out ("Office of Ports and Harbours" -> OPH).
_ACRONYM_SKIPS = {"of", "and", "for", "the", "on", "in", "to", "at"}


def is_acronym_of(acronym: str, name: str) -> bool:
    """Whether `acronym` spells the initials of `name` ("NRF" / "National Research Foundation").

    A word in capitals may count whole ("AISI" / "AI Safety Institute"); "of", "and", "&" ... are skipped.
    """
    acronym = acronym.strip()
    if _ACRONYM.fullmatch(acronym) is None:
        return False
    words = [w for w in _NAME_WORD.findall(name) if w.casefold() not in _ACRONYM_SKIPS]
    if len(words) < 2:
        return False
    target = acronym.replace("&", "")
    spellings = {""}
    for word in words:
        options = {word[0].upper()}
        if word.isupper():
            options.add(word)
        spellings = {s + o for s in spellings for o in options if target.startswith(s + o)}
        if not spellings:
            return False
    return target in spellings


def mentioned_in(actor: str, text: str) -> bool:
    """Whether `actor` is named somewhere in `text` (case- and width-insensitive)."""
    words = _words(actor)
    if not words:
        return False
    folded = " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
    return " ".join(words) in folded


def spelling_only(change: TargetChange) -> bool:
    """A target whose value and bound stayed and whose unit word only had its spelling fixed."""
    old, new = change.before, change.after
    if old is None or new is None or old.type != new.type or old.bound != new.bound:
        return False
    if old.key[1] != new.key[1] or not old.unit or not new.unit or old.unit == new.unit:
        return False
    return Levenshtein.normalized_similarity(old.unit.casefold(), new.unit.casefold()) >= SPELLING_SIMILARITY
