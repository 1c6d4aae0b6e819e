"""One body, many names: comparison keys for actors and the name to show for one.

`actor_key` folds the forms of one body together (case, "the", plurals, the
aliases in ``tracker/data/actors.toml``: "METI" == "Ministry of Economy, Trade
and Industry" == 経済産業省), so `actors_equal` says whether an actor changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from tracker.commitments.actors.tables import TABLES
from tracker.regex_cache import compile_regex


class _Aliases(NamedTuple):
    key_of: dict[str, str]  # folded form -> group id
    display: dict[str, tuple[str, str]]  # group id -> (English name, Japanese name)


@cache
def _aliases() -> _Aliases:
    key_of: dict[str, str] = {}
    display: dict[str, tuple[str, str]] = {}
    for group in TABLES.groups:
        gid = str(group["id"])
        display[gid] = (str(group["en"]), str(group["ja"]))
        for form in (*group["forms"], group["en"], group["ja"]):
            key_of[fold(str(form))] = gid
    return _Aliases(key_of, display)


def is_alias(name: str) -> bool:
    """Whether `name` is one of the known forms of a body in the alias table."""
    return fold(name) in _aliases().key_of


DETERMINERS = compile_regex(
    r"^(?:(?:each|every|all|any|one|some|most|both)\s+of\s+(?:the|its|their)\s+|"
    r"(?:the|each|every|all|a|an|its|their|our|this|that|these|those|relevant|respective)\s+)+",
    re.IGNORECASE,
)


def fold(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).strip().strip(".,;:、。")
    name = name.replace("&", "and").replace("’", "'")
    name = DETERMINERS.sub("", name)
    return " ".join(name.casefold().split())


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NATIONAL_GOVERNMENT = compile_regex(r"^(?:federal|national|central|union) government$")


@lru_cache(maxsize=65536)
def actor_key(name: str) -> str:
    """A comparison key for an actor: equal keys name the same body ("the Government" == "Government")."""
    folded = fold(name)
    aliases = _aliases()
    if folded in aliases.key_of:
        return aliases.key_of[folded]
    words = folded.split()
    if words:
        words[-1] = singular(words[-1])
    key = " ".join(words)
    key = _NATIONAL_GOVERNMENT.sub("government", key)
    return aliases.key_of.get(key, key)


def actors_equal(a: str | None, b: str | None) -> bool:
    """Whether two actors are the same body; two missing actors are equal, one missing is not."""
    if a is None or b is None:
        return a is None and b is None
    return actor_key(a) == actor_key(b)


def display_name(name: str, language: str) -> str:
    """The name to show: the alias table's name for known bodies, else the phrase without "the"."""
    key = actor_key(name)
    names = _aliases().display.get(key)
    if names:
        return names[1] if language == "ja" else names[0]
    cleaned = DETERMINERS.sub("", " ".join(name.split()).strip(" ,;:"))
    return cleaned[:1].upper() + cleaned[1:] if language != "ja" else cleaned
