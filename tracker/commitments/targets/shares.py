"""Shares and multiples: percentages (25%, 2割, "two thirds", 3分の2) and "double", 3倍, "threefold"."""

from __future__ import annotations

import re

from tracker.commitments.model import Target
from tracker.commitments.targets.bounds import bound_of
from tracker.commitments.targets.found import Found, add
from tracker.commitments.targets.numbers import NUM, WORD_NUMBERS, WORDNUM, to_float, word_or_number
from tracker.commitments.targets.tables import TABLES
from tracker.regex_cache import compile_regex

_PERCENT = compile_regex(
    rf"({NUM})\s?(%|percent\b|per\s?cent\b|percentage points?\b|パーセント|ポイント)", re.IGNORECASE
)
_WARI = compile_regex(r"(\d+(?:\.\d+)?)割")
#: a share written as a fraction: 3分の2 (denominator first), "two thirds", "one-quarter", "half of"
_JA_FRACTION = compile_regex(r"(\d+)分の(\d+)")
_DENOMINATORS: dict[str, int] = TABLES.denominators
_EN_FRACTION = compile_regex(
    r"\b(?:(a|one|two|three|four)[\s-](half|third|thirds|quarter|quarters|fifth|fifths)"
    r"|(half)(?=\s+(?:of|the)\b))\b",
    re.IGNORECASE,
)
_NOT_A_SHARE_BEFORE = compile_regex(r"\b(?:first|second|latter|former|other|next|last)[\s-]$", re.IGNORECASE)
_NOT_A_SHARE_AFTER = compile_regex(
    r"\s+of\s+(?:the\s+|this\s+|next\s+|each\s+)?(?:(?:19|20|21)\d\d|year|decade|century|month|quarter|"
    r"fiscal|financial|term|period)\b",
    re.IGNORECASE,
)
_MULTIPLE = compile_regex(
    rf"(?:({NUM})\s?倍)(?!増)|(?:\b(double|triple|quadruple|halve)\b|(倍増|半減))|(?:\b({NUM}|{WORDNUM})[\s-]?fold\b)"
    rf"|(?:\b({NUM}|{WORDNUM})\s+times\b)",
    re.IGNORECASE,
)
_MULTIPLE_WORDS: dict[str, float] = TABLES.multiple_words


def percent_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for m in _PERCENT.finditer(text):
        word = m.group(2).lower()
        unit = "pp" if word.startswith(("percentage point", "ポイント")) else "%"
        add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("percent", to_float(m.group(1)), unit, m.group(0), bound_of(text, m.start(), m.end())),
        )
    for m in _WARI.finditer(text):
        add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("percent", float(m.group(1)) * 10, "%", m.group(0), bound_of(text, m.start(), m.end())),
        )
    for share, m in _fractions(text):
        if 0 < share <= 100:
            add(
                found,
                taken,
                m.start(),
                m.end(),
                Target("percent", share, "%", m.group(0), bound_of(text, m.start(), m.end())),
            )


def _fractions(text: str) -> list[tuple[float, re.Match[str]]]:
    """Shares written as fractions, as percentages rounded to two decimals (3分の2 -> 66.67)."""
    out: list[tuple[float, re.Match[str]]] = []
    if "分の" in text:
        for m in _JA_FRACTION.finditer(text):
            denominator = int(m.group(1))
            if denominator:
                out.append((round(int(m.group(2)) * 100 / denominator, 2), m))
    for m in _EN_FRACTION.finditer(text):
        if _NOT_A_SHARE_BEFORE.search(text, 0, m.start()) or _NOT_A_SHARE_AFTER.match(text, m.end()):
            continue  # "the first half of 2027", "half of the year": a period, not a share
        if m.group(3):
            out.append((50.0, m))
            continue
        numerator = 1 if m.group(1).lower() in ("a", "one") else WORD_NUMBERS[m.group(1).lower()]
        out.append((round(float(numerator) * 100 / _DENOMINATORS[m.group(2).lower()], 2), m))
    return out


def multiple_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for m in _MULTIPLE.finditer(text):
        if m.group(1):
            value = to_float(m.group(1))
        elif m.group(2) or m.group(3):
            value = _MULTIPLE_WORDS[(m.group(2) or m.group(3)).lower()]
        else:
            value = word_or_number(m.group(4) or m.group(5))
        add(found, taken, m.start(), m.end(), Target("multiple", value, "x", m.group(0)))
