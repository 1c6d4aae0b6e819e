"""When two targets, or two actors, are the same for the differ.

Targets compare by their normalized type, value, unit and bound, never by their
wording, so "EUR 2 billion" and "€2,000 million" are equal. Actors compare
case- and article-insensitively, and a short back-reference ("the Centre") equals
the full name it abbreviates ("the National Cyber Security Centre").
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.commitments import Target


_ARTICLES = {"the", "a", "an", "its", "their", "our"}
_WORD = re.compile(r"\w+")


def target_key(target: Target) -> tuple[object, ...]:
    """What makes a target the same target: type, value, unit and bound (never its wording)."""
    value: object = target.value
    if isinstance(value, float | int):
        value = round(float(value), 6)
    elif isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).casefold().strip()
    unit = unicodedata.normalize("NFKC", target.unit).casefold() if target.unit else None
    return (target.type, value, unit, getattr(target, "bound", None))


def _actor_words(actor: str) -> list[str]:
    words = _WORD.findall(unicodedata.normalize("NFKC", actor).casefold())
    return [w for w in words if w not in _ARTICLES]


def actors_equal(a: str, b: str) -> bool:
    """Same body: equal names, or one name's words are the tail of the other's ("the Centre")."""
    if a == b:
        return True
    wa, wb = _actor_words(a), _actor_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return len(short) < len(long) and long[-len(short) :] == short and len(short) == 1
