"""Dates: deadlines, start dates, years and fiscal years, English and Japanese (令和9年度 == FY2027)."""

from __future__ import annotations

import re

from tracker.commitments.model import Target
from tracker.commitments.targets.found import Found, add
from tracker.regex_cache import compile_regex

# English month names and abbreviations (not calendar's, which follow the locale and cost an import)
_MONTH_NAMES = "january february march april may june july august september october november december".split()
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
MONTHS["sept"] = 9
_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
YEAR = r"(?:19|20|21)\d\d"
_DEADLINE_WORDS = r"by|until|till|before|no later than|not later than|through|at the latest by|in time for"
_START_WORDS = r"from|starting(?: in| from)?|beginning(?: in)?|as of|as from|with effect from|since|after"
_EN_DATE = (
    rf"(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon1>{_MONTH})\s+(?P<y1>{YEAR})"
    rf"|(?P<mon2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{YEAR})"
    rf"|(?P<mon3>{_MONTH})\s+(?P<y3>{YEAR})"
    rf"|(?P<iso>{YEAR}-\d\d-\d\d)"
    rf"|(?:FY|fiscal\s+year\s+|financial\s+year\s+)\s?(?P<fy>{YEAR})(?:[/-]\d{{2,4}})?"
    rf"|(?P<q>Q[1-4]|H[12])\s+(?P<yq>{YEAR})"
    rf"|(?P<half>first|second)\s+half\s+of\s+(?P<yh>{YEAR})"
    rf"|(?<![\d.,/])(?<!\d-)(?P<year>{YEAR})(?![\d,年月/])"
    rf"|end\s+of\s+(?P<rel>this|the|next)\s+(?P<relunit>year|fiscal\s+year|financial\s+year))"
)
# The words before a date that say what it is: a deadline, a start, or a point in time.
_DATE_CONTEXT = compile_regex(
    rf"(?:(?P<dl>{_DEADLINE_WORDS})|(?P<st>{_START_WORDS})|(?P<in>in|during|for|of|at|on))"
    r"\s+(?:the\s+)?(?:(?:end|close)\s+of\s+|end[\s-])?(?:(?P<part>early|mid|late)[\s-])?$",
    re.IGNORECASE,
)
_EN_DATE_RE = compile_regex(_EN_DATE.lower().replace("(?p<", "(?P<"))  # run on the lower-cased sentence

_JA_ERA = {"令和": 2018, "平成": 1988}
_JA_DATE = compile_regex(
    r"(?P<era>令和|平成)?(?P<y>\d{1,4}|元)年(?P<fy>度)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?(?P<end>末|中|内)?"
    r"(?P<post>までに|まで|以降|から|より|中に|中|内に)?"
)
_JA_RELATIVE = compile_regex(
    r"(?P<rel>今年度|本年度|来年度|今年|本年|来年|年内|年度内)(?P<end>末|中)?(?P<post>までに|まで|中に|中)?"
)


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1] for a month 1..12 (Gregorian leap years)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{days_in_month(year, month):02d}"


def _en_date_value(m: re.Match[str]) -> tuple[str, str] | None:
    """(kind, value) for a date match: kind "date" for a calendar point, "fy" for a fiscal year."""
    g = m.groupdict()
    if g.get("day1") or g.get("day2"):
        mon = MONTHS[(g.get("mon1") or g.get("mon2") or "").lower().rstrip(".")]
        year = int(g.get("y1") or g.get("y2") or 0)
        day = int(g.get("day1") or g.get("day2") or 0)
        if not 1 <= day <= days_in_month(year, mon):
            return None
        return "date", f"{year:04d}-{mon:02d}-{day:02d}"
    if g.get("mon3"):
        return "date", last_day(int(g["y3"]), MONTHS[g["mon3"].lower().rstrip(".")])
    if g.get("iso"):
        return "date", g["iso"]
    if g.get("fy"):
        return "fy", f"FY{g['fy']}"
    if g.get("q"):
        year = int(g["yq"])
        month = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12}[g["q"].upper()]
        return "date", last_day(year, month)
    if g.get("half"):
        return "date", last_day(int(g["yh"]), 6 if g["half"].lower() == "first" else 12)
    if g.get("year"):
        return "date", f"{int(g['year']):04d}-12-31"
    if g.get("rel"):
        offset = "+1" if g["rel"].lower() == "next" else ""
        if "fiscal" in g["relunit"].lower() or "financial" in g["relunit"].lower():
            return "fy", f"FY{{Y{offset}}}"
        return "date", f"{{Y{offset}}}-12-31"
    return None


def _ja_year(era: str | None, y: str) -> int:
    year = 1 if y == "元" else int(y)
    return _JA_ERA[era] + year if era else year


# a year that may be a date; "2024/1689" (an act's number) is not
_YEAR_ANCHOR = compile_regex(r"(?<![\d/])(?:19|20|21)\d\d(?![\d/])|end of (?:this|the|next)")


def date_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    """Dates in English, then (when the sentence writes 年) Japanese calendar and relative dates."""
    _english_dates(text, found, taken)
    if "年" not in text:
        return
    _japanese_dates(text, found, taken)
    _japanese_relative_dates(text, found, taken)


def _english_dates(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    seen: set[tuple[int, int]] = set()
    low = text.lower() if text.isascii() else text.lower() if len(text.lower()) == len(text) else text
    for anchor in _YEAR_ANCHOR.finditer(low):
        # the full date pattern only runs in a small window around each year, not over the whole sentence
        date = None
        for candidate in _EN_DATE_RE.finditer(low, max(0, anchor.start() - 24), anchor.end() + 8):
            if candidate.start() <= anchor.start() < candidate.end():
                date = candidate
                break
        if date is None or (date.start(), date.end()) in seen:
            continue
        seen.add((date.start(), date.end()))
        value = _en_date_value(date)
        if value is None:
            continue
        start, target = _english_date_target(text, date, value)
        add(found, taken, start, date.end(), target)


def _english_date_target(text: str, date: re.Match[str], value: tuple[str, str]) -> tuple[int, Target]:
    """The target of one English date, typed by the words before it (by -> deadline, from -> start)."""
    context = _DATE_CONTEXT.search(text, max(0, date.start() - 40), date.start())
    start = context.start() if context else date.start()
    if context and context.group("dl"):
        ttype = "deadline"
    elif context and context.group("st"):
        ttype = "start"
    else:
        ttype = "year" if value[0] == "fy" or date.group("year") else "date"
    val = value[1]
    part = context.group("part") if context else None
    if part and ttype == "deadline" and date.group("year"):
        # "by mid-2027" is due by the end of June, "by early 2027" by the end of March
        val = last_day(int(date.group("year")), {"early": 3, "mid": 6, "late": 12}[part.lower()])
    if ttype in ("year", "start") and value[0] == "date" and date.group("year"):
        val = date.group("year")
    if ttype == "year" and not context:
        start = date.start()
    return start, Target(ttype, val, None, text[start : date.end()].strip())


def _japanese_dates(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for m in _JA_DATE.finditer(text):
        year = _ja_year(m.group("era"), m.group("y"))
        if not 1900 <= year <= 2200:
            continue
        post = m.group("post") or ""
        end_mark = m.group("end") or ""
        if m.group("fy"):
            val = f"FY{year}"
        elif m.group("m"):
            month = int(m.group("m"))
            if not 1 <= month <= 12:
                continue
            if m.group("d"):
                val = f"{year:04d}-{month:02d}-{int(m.group('d')):02d}"
            else:
                val = last_day(year, month)
        else:
            val = f"{year:04d}-12-31"
        if post.startswith("まで") or end_mark in ("中", "内") or post.startswith(("中", "内")):
            ttype = "deadline"
        elif post in ("以降", "から", "より"):
            ttype = "start"
            val = val if m.group("fy") or m.group("m") else str(year)
        else:
            ttype = "year" if not m.group("m") else "date"
            val = val if m.group("fy") or m.group("m") else str(year)
        add(found, taken, m.start(), m.end(), Target(ttype, val, None, m.group(0)))


def _japanese_relative_dates(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for m in _JA_RELATIVE.finditer(text):
        rel = m.group("rel")
        offset = "+1" if rel.startswith("来") else ""
        val = f"FY{{Y{offset}}}" if "度" in rel else f"{{Y{offset}}}-12-31"
        add(found, taken, m.start(), m.end(), Target("deadline", val, None, m.group(0)))
