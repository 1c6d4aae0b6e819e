"""Counts: a number with its unit noun ("10,000 GPUs", "75 new robotics lectureships", 5万人)."""

from __future__ import annotations

import re

from tracker.commitments.model import Target
from tracker.commitments.targets.bounds import bound_of
from tracker.commitments.targets.dates import MONTHS, YEAR
from tracker.commitments.targets.found import Found, add
from tracker.commitments.targets.numbers import (
    JA_AMOUNT,
    NUM,
    SCALES,
    WORD_NUMBERS,
    WORDNUM,
    ja_amount,
    word_or_number,
)
from tracker.commitments.targets.tables import TABLES
from tracker.commitments.trie import char_trie
from tracker.regex_cache import compile_regex

_COUNT_STOP: frozenset[str] = TABLES.count_stop
_COUNT = compile_regex(
    rf"(?<![\w$€£¥₩₹.,/-])(?P<n>{NUM}|{WORDNUM})(?:\s(?P<scale>thousand|million|billion))?"
    rf"(?P<noun>(?:\s+[A-Za-z][\w’'-]*){{1,5}})",
    re.IGNORECASE,
)
_JA_COUNT = compile_regex(
    rf"(?P<n>{JA_AMOUNT})\s?(?P<unit>人|名|件|社|校|拠点|機関|基|台|個|か所|カ所|ヶ所|箇所|団体|自治体|チーム|"
    r"プロジェクト|モデル|枚|本|機|種類|分野|講座|コース|GPU|ギガワット|メガワット|GW|MW)"
)
#: The units of `_JA_COUNT` that ASCII text can hold: ASCII text with none of them has no such count,
#: and the pattern, which tries a number at every character, is skipped (most English sentences).
_JA_COUNT_ASCII_UNITS = ("GPU", "GW", "MW")
_UNIT_ALIASES: dict[str, str] = TABLES.unit_aliases
_NOT_COUNT_UNITS: frozenset[str] = TABLES.not_count_units


def _unit_word(word: str) -> str:
    low = word.casefold().strip("’'")
    if low in _UNIT_ALIASES:
        return _UNIT_ALIASES[low]
    if len(low) > 4 and low.endswith("ies"):
        low = low[:-3] + "y"
    elif len(low) > 3 and low.endswith(("ches", "shes", "sses", "xes")):
        low = low[:-2]
    elif len(low) > 2 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        low = low[:-1]
    return _UNIT_ALIASES.get(low, low)


_NUMBER_ANCHOR = compile_regex(
    rf"(?<![\w$€£¥₩₹.,/-])(?:\d|(?:{char_trie(sorted(w for w in WORD_NUMBERS if len(w) > 2))})\b)"
)


_BARE_YEAR = compile_regex(YEAR)


def _only_existence(value: float, bound: str | None) -> bool:
    """"At least one authority", "one or more sandboxes", 1か所以上: a thing exists, no quantity is set.

    "Each Member State shall designate at least one authority" commits to what "shall designate an
    authority" does; read as a count, rewording one into the other would be a changed target.
    """
    return value == 1 and bound == "at_least"


def count_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for anchor in _NUMBER_ANCHOR.finditer(text.lower()):
        m = _COUNT.match(text, anchor.start())
        if m is None:
            continue
        n = m.group("n")
        if _BARE_YEAR.fullmatch(n):  # a bare year is not a count
            continue
        words = m.group("noun").split()
        chunk: list[str] = []
        for w in words:
            clean = w.strip("’'")
            if clean.lower() in _COUNT_STOP or clean.lower() in MONTHS:
                break
            chunk.append(clean)
        if not chunk or chunk[0].lower() in _NOT_COUNT_UNITS:
            continue
        if chunk[0].lower().rstrip("s") in ("hour", "day", "week", "month", "quarter", "year"):
            continue
        if n.isalpha() and chunk[0][:1].isupper():  # "Three Rivers": a name, not a count
            continue
        value = word_or_number(n) * (SCALES[m.group("scale").lower()] if m.group("scale") else 1.0)
        bound = bound_of(text, m.start(), m.end())
        if _only_existence(value, bound):
            continue
        unit = _unit_word(chunk[-1])
        end = (
            m.start("noun") + len(m.group("noun")) - len(" ".join(words[len(chunk) :]))
            if len(chunk) < len(words)
            else m.end()
        )
        span_text = text[m.start() : end].rstrip()
        add(
            found,
            taken,
            m.start(),
            m.start() + len(span_text),
            Target("count", value, unit, span_text, bound),
        )
    if text.isascii() and not any(unit in text for unit in _JA_COUNT_ASCII_UNITS):
        return
    for m in _JA_COUNT.finditer(text):
        value = ja_amount(m.group("n"))
        bound = bound_of(text, m.start(), m.end())
        if _only_existence(value, bound):
            continue
        unit = _UNIT_ALIASES.get(m.group("unit"), m.group("unit"))
        add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("count", value, unit, m.group(0), bound),
        )
