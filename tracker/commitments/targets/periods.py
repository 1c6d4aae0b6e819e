"""Periods: spans of years (2025-2028), durations ("within 45 days", 3か月以内), frequencies (年2回)."""

from __future__ import annotations

import re

from tracker.commitments.model import Target
from tracker.commitments.targets.dates import YEAR
from tracker.commitments.targets.found import Found, add
from tracker.commitments.targets.numbers import NUM, WORDNUM, word_or_number
from tracker.commitments.targets.tables import TABLES
from tracker.regex_cache import compile_regex

UNIT_DAYS: dict[str, float] = TABLES.unit_days
TIME_UNIT = r"hours?|days?|weeks?|months?|quarters?|years?"
_DURATION = compile_regex(
    rf"(?:\b(?P<pre>within|over|for|in|after|of up to|up to|of|lasting|spanning|not exceed|no more than|"
    rf"exceed|at least|the next|the coming|the first|the past|the last)\s+)?"
    rf"\b(?P<n>{NUM}|{WORDNUM})[\s-](?:(?:calendar|working|business|fiscal|financial|full)\s+)?"
    rf"(?P<unit>{TIME_UNIT})\b",
    re.IGNORECASE,
)
_FREQUENCY = compile_regex(
    rf"\b(?:every\s+(?:(?P<n>{NUM}|{WORDNUM}|other)\s+)?(?P<unit>{TIME_UNIT})"
    r"|(?P<word>annually|yearly|each\s+year|every\s+year|per\s+year|a\s+year|per\s+annum|quarterly|"
    r"each\s+quarter|monthly|each\s+month|per\s+month|a\s+month|weekly|each\s+week|daily|biannually|biennially|triennially|"
    r"semi-annually|twice\s+a\s+year|twice\s+yearly|twice\s+per\s+year|once\s+a\s+year|once\s+every\s+year))\b",
    re.IGNORECASE,
)
#: "three times a year", "4 times per month": the period divided by the count
_FREQUENCY_TIMES = compile_regex(
    rf"\b(?P<n>{NUM}|{WORDNUM})\s+times\s+(?:a|per|each|every)\s+(?P<unit>year|month|week|quarter|day)\b",
    re.IGNORECASE,
)
_FREQUENCY_WORDS: dict[str, float] = TABLES.frequency_words
_JA_DURATION = compile_regex(
    r"(?P<pre>今後|向こう|最長|最大)?(?P<n>\d+(?:\.\d+)?)\s?(?P<unit>時間|日|週間|週|か月|ヶ月|ヵ月|カ月|箇月|年間)"
    r"(?P<post>以内|以上|で|程度)?"
)
_JA_FREQUENCY = compile_regex(
    r"(?P<every>毎年度|毎年|毎月|毎週|毎日|毎期|隔年|四半期ごと|四半期毎|半期ごと|半年ごと|半年毎|半年に1回|半年に一回|隔月|隔週)"
    r"|(?:(?P<per>年|月|週)(?:に)?(?P<times>\d+)回)"
    r"|(?:(?P<n>\d+)(?P<unit>年|か月|ヶ月|ヵ月|カ月|週間|週|日)(?:ごと|毎|おき|に1回|に一回))"
)
_JA_EVERY: dict[str, float] = TABLES.ja_every
_JA_PERIOD = compile_regex(r"(\d{4})(年度?)から(\d{4})(年度?)(?:まで|にかけて)?")
_EN_PERIOD = compile_regex(
    rf"(?:between\s+(?P<a>{YEAR})\s+and\s+(?P<b>{YEAR}))|(?:from\s+(?P<c>{YEAR})\s+(?:to|until|through)\s+"
    rf"(?P<d>{YEAR}))|(?<![\d-])(?P<e>{YEAR})\s?[–—-]\s?(?P<f>(?:19|20|21)?\d\d)(?![\d-])",
    re.IGNORECASE,
)


def period_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for m in _EN_PERIOD.finditer(text):
        a = m.group("a") or m.group("c") or m.group("e")
        b = m.group("b") or m.group("d") or m.group("f")
        if len(b) == 2:
            b = a[:2] + b
        if int(b) <= int(a):
            continue
        add(found, taken, m.start(), m.end(), Target("period", f"{a}/{b}", None, m.group(0)))
    if "年" not in text:
        return
    for m in _JA_PERIOD.finditer(text):
        fy = "FY" if m.group(2) == "年度" else ""
        add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("period", f"{fy}{m.group(1)}/{fy}{m.group(3)}", None, m.group(0)),
        )


def frequency_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    # first, so "a year" in "four times a year" is not read alone
    for m in _FREQUENCY_TIMES.finditer(text):
        times = word_or_number(m.group("n"))
        if times >= 1:
            days = UNIT_DAYS[m.group("unit").lower()] / times
            add(found, taken, m.start(), m.end(), Target("frequency", round(days, 2), "days", m.group(0)))
    for m in _FREQUENCY.finditer(text):
        if m.group("word"):
            days = _FREQUENCY_WORDS[" ".join(m.group("word").lower().split())]
        else:
            n = m.group("n")
            count = 2.0 if n and n.lower() == "other" else (word_or_number(n) if n else 1.0)
            days = count * UNIT_DAYS[m.group("unit").lower().rstrip("s")]
        add(found, taken, m.start(), m.end(), Target("frequency", round(days, 2), "days", m.group(0)))
    for m in _JA_FREQUENCY.finditer(text):
        if m.group("every"):
            days = _JA_EVERY[m.group("every")]
        elif m.group("per"):
            days = UNIT_DAYS[m.group("per")] / max(1, int(m.group("times")))
        else:
            days = int(m.group("n")) * UNIT_DAYS[m.group("unit")]
        add(found, taken, m.start(), m.end(), Target("frequency", round(days, 2), "days", m.group(0)))


#: "within three months of X, or 30 days in the case of Y": a bare period coordinated with a
#: "within" period before it shares its "within".
_WITHIN_THEN_OR = compile_regex(r"\bwithin\s[^.;:]{0,160}?,?\s+or\s+$", re.IGNORECASE)


def duration_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for m in _DURATION.finditer(text):
        days = word_or_number(m.group("n")) * UNIT_DAYS[m.group("unit").lower().rstrip("s")]
        pre = (m.group("pre") or "").lower()
        bound = None
        if pre in ("within", "of up to", "up to", "not exceed", "no more than", "exceed"):
            bound = "up_to"
        elif not pre and _WITHIN_THEN_OR.search(text, max(0, m.start() - 200), m.start()) is not None:
            bound = "up_to"
        elif pre == "at least":
            bound = "at_least"
        start = (
            m.start("n")
            if pre in ("in", "for", "of", "the next", "the coming", "the first", "the past", "the last", "")
            else m.start()
        )
        add(
            found,
            taken,
            start,
            m.end(),
            Target("duration", round(days, 3), "days", text[start : m.end()], bound),
        )
    for m in _JA_DURATION.finditer(text):
        days = float(m.group("n")) * UNIT_DAYS[m.group("unit")]
        post = m.group("post") or ""
        bound = (
            "up_to"
            if post == "以内" or m.group("pre") in ("最長", "最大")
            else ("at_least" if post == "以上" else None)
        )
        add(found, taken, m.start(), m.end(), Target("duration", round(days, 3), "days", m.group(0), bound))
