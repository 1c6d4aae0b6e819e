"""The numbers a commitment promises, typed and normalized (EN + JA).

Each target keeps the words it was read from (`Target.text`) and a normalized
value, so the same quantity written another way compares equal:

- money: value in units of an ISO currency ("$2 billion" == "$2,000 million";
  "EUR 5 million" == "€5 million" == "EUR 5 000 000" (thousands grouped by spaces, as EU
  texts write them); 1兆円 == "1 trillion yen" == ¥1,000,000,000,000;
  5,000億円 == 5000億円 == 5千億円); crore and lakh are read too;
- percent ("25 percent", 25%, ２５％, 2割, fractions: 3分の2, "two thirds", "half of"),
  multiple (3倍, "double", "threefold");
- count with a unit ("10,000 GPUs", "75 new robotics lectureships", 5万人);
- deadline (by / until / no later than / まで(に)): the ISO date of the last day of the
  period named, so "by the end of 2025" == "by 31 December 2025" == "by 2025";
  fiscal years stay fiscal ("FY2027" == 2027年度 == 令和9年度);
- year (in 2027), start (from 2026, 2026年度から), period (between 2025 and 2028);
- duration in days ("within 45 days", "within two weeks", 45日以内, "over five years");
- frequency as an interval in days ("every year" == "annually" == 毎年, "quarterly", 年2回).

Bounds ("at least", "up to", 以上, 以下, 以内) are part of a target. Full-width
digits are read as ASCII. Relative dates ("by the end of this year", 今年度中)
hold "{Y}" and are resolved against the document's year by `targets_equal`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tracker.commitments.model import Target
from tracker.commitments.trie import char_trie
from tracker.regex_cache import compile_regex

# ------------------------------------------------------------------------------------------ numbers

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
    "a dozen": 12,
    "dozen": 12,
    "a": 1,
    "an": 1,
    "other": 2,
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mio": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
}
_JA_SCALES = {"千": 1e3, "万": 1e4, "億": 1e8, "兆": 1e12}
_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = char_trie(sorted(w for w in _WORD_NUMBERS if w not in ("a", "an", "other")))
_SCALE = r"thousand|million|billion|trillion|crores?|lakhs?|mn|bn|tn|mio|[kmb]"


def _to_float(text: str) -> float:
    return float(text.replace(",", "").replace(" ", ""))


def _word_or_number(text: str) -> float:
    low = text.lower().strip()
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low])
    return _to_float(low)


def _kanji_number(run: str) -> int:
    total, digit = 0, 0
    for ch in run:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        else:
            total += (digit or 1) * _KANJI_UNITS[ch]
            digit = 0
    return total + digit


_KANJI_RUN = compile_regex(
    r"(?<![第統唯同均単])([〇零一二三四五六七八九十百千]+)(?=[万億兆円人名件社校倍割年か箇ヶヵカ%回ド])"
)


def _normalize(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII) and kanji numerals before units to digits."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if any(ch in _KANJI_DIGITS or ch in "十百" for ch in text):
        text = _KANJI_RUN.sub(lambda m: str(_kanji_number(m.group(1))), text)
    return text


_JA_AMOUNT_PART = compile_regex(rf"({_NUM})?([千万億兆])?")


def _ja_amount(text: str) -> float:
    """A Japanese amount with 千/万/億/兆: 1兆2,000億 -> 1.2e12, 5千億 -> 5e11."""
    big, small = 0.0, 0.0
    for m in _JA_AMOUNT_PART.finditer(text):
        if not m.group(0):
            continue
        num = _to_float(m.group(1)) if m.group(1) else None
        unit = m.group(2)
        if unit == "千":
            small += (num if num is not None else 1) * 1e3
        elif unit:
            small += num if num is not None else 0
            big += (small or 1) * _JA_SCALES[unit]
            small = 0
        elif num is not None:
            small += num
    return big + small


# ------------------------------------------------------------------------------------------ money

_CURRENCY_CODES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "dollar": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "pounds sterling": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "円": "JPY",
    "₩": "KRW",
    "krw": "KRW",
    "won": "KRW",
    "ウォン": "KRW",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "canadian dollars": "CAD",
    "a$": "AUD",
    "aud": "AUD",
    "australian dollars": "AUD",
    "₹": "INR",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "rupees": "INR",
    "chf": "CHF",
    "swiss francs": "CHF",
    "cny": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "元": "CNY",
    "sgd": "SGD",
    "s$": "SGD",
    "nzd": "NZD",
    "sek": "SEK",
    "nok": "NOK",
    "dkk": "DKK",
    "ドル": "USD",
    "米ドル": "USD",
    "ユーロ": "EUR",
    "ポンド": "GBP",
}
_PRE_CUR = (
    r"US\$|C\$|CA\$|A\$|S\$|\$|€|£|¥|₩|₹|USD|EUR|GBP|JPY|KRW|CAD|AUD|INR|CHF|CNY|RMB|SGD|NZD|SEK|NOK|DKK|"
    r"Rs\.?"
)
_POST_CUR = (
    r"US dollars|Canadian dollars|Australian dollars|pounds sterling|swiss francs|dollars|euros?|pounds|"
    r"yen|won|rupees|yuan"
)
#: an amount may group its thousands with spaces ("EUR 2 400 million", the EU's house style); only
#: next to a currency, where "5 100" cannot be two numbers side by side
_MONEY_NUM = rf"\d{{1,3}}(?: \d{{3}})+(?![\d,])(?:\.\d+)?|{_NUM}"
_MONEY_PRE = compile_regex(
    rf"(?<![\w$€£¥₩₹])({_PRE_CUR})\s?({_MONEY_NUM})(?:\s?({_SCALE})\b)?", re.IGNORECASE
)
_MONEY_POST = compile_regex(
    rf"(?<![\w.,])(?<!\d )({_MONEY_NUM})(?:\s?({_SCALE}))?\s+({_POST_CUR})\b", re.IGNORECASE
)
_JA_AMOUNT = rf"(?:(?:{_NUM})?[千万億兆])+(?:{_NUM})?|{_NUM}"
_MONEY_JA = compile_regex(rf"({_JA_AMOUNT})\s?(円|米ドル|ドル|ユーロ|ポンド|ウォン|元)")


def _money(match: re.Match[str], kind: str) -> tuple[float, str] | None:
    if kind == "pre":
        cur, num, scale = match.group(1), match.group(2), match.group(3)
    elif kind == "post":
        num, scale, cur = match.group(1), match.group(2), match.group(3)
    else:
        return _ja_amount(match.group(1)), _CURRENCY_CODES[match.group(2)]
    code = _CURRENCY_CODES.get(cur.lower())
    if code is None:
        return None
    value = _to_float(num) * (_SCALES[scale.lower()] if scale else 1.0)
    return value, code


# ---------------------------------------------------------------------------------------- percents

_PERCENT = compile_regex(
    rf"({_NUM})\s?(%|percent\b|per\s?cent\b|percentage points?\b|パーセント|ポイント)", re.IGNORECASE
)
_WARI = compile_regex(r"(\d+(?:\.\d+)?)割")
#: a share written as a fraction: 3分の2 (denominator first), "two thirds", "one-quarter", "half of"
_JA_FRACTION = compile_regex(r"(\d+)分の(\d+)")
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
}
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
    rf"(?:({_NUM})\s?倍)(?!増)|(?:\b(double|triple|quadruple|halve)\b|(倍増|半減))|(?:\b({_NUM}|{_WORDNUM})[\s-]?fold\b)"
    rf"|(?:\b({_NUM}|{_WORDNUM})\s+times\b)",
    re.IGNORECASE,
)
_MULTIPLE_WORDS = {"double": 2.0, "triple": 3.0, "quadruple": 4.0, "halve": 0.5, "倍増": 2.0, "半減": 0.5}

# ------------------------------------------------------------------------------------------- dates

# English month names and abbreviations (not calendar's, which follow the locale and cost an import)
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_YEAR = r"(?:19|20|21)\d\d"
_DEADLINE_WORDS = r"by|until|till|before|no later than|not later than|through|at the latest by|in time for"
_START_WORDS = r"from|starting(?: in| from)?|beginning(?: in)?|as of|as from|with effect from|since|after"
_EN_DATE = (
    rf"(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon1>{_MONTH})\s+(?P<y1>{_YEAR})"
    rf"|(?P<mon2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<mon3>{_MONTH})\s+(?P<y3>{_YEAR})"
    rf"|(?P<iso>{_YEAR}-\d\d-\d\d)"
    rf"|(?:FY|fiscal\s+year\s+|financial\s+year\s+)\s?(?P<fy>{_YEAR})(?:[/-]\d{{2,4}})?"
    rf"|(?P<q>Q[1-4]|H[12])\s+(?P<yq>{_YEAR})"
    rf"|(?P<half>first|second)\s+half\s+of\s+(?P<yh>{_YEAR})"
    rf"|(?<![\d.,/])(?<!\d-)(?P<year>{_YEAR})(?![\d,年月/])"
    rf"|end\s+of\s+(?P<rel>this|the|next)\s+(?P<relunit>year|fiscal\s+year|financial\s+year))"
)
# The words before a date that say what it is: a deadline, a start, or a point in time.
_DATE_CONTEXT = compile_regex(
    rf"(?:(?P<dl>{_DEADLINE_WORDS})|(?P<st>{_START_WORDS})|(?P<in>in|during|for|of|at|on))"
    r"\s+(?:the\s+)?(?:(?:end|close)\s+of\s+|end[\s-])?(?:(?P<part>early|mid|late)[\s-])?$",
    re.IGNORECASE,
)
_JA_PERIOD = compile_regex(r"(\d{4})(年度?)から(\d{4})(年度?)(?:まで|にかけて)?")
_EN_DATE_RE = compile_regex(_EN_DATE.lower().replace("(?p<", "(?P<"))  # run on the lower-cased sentence
_EN_PERIOD = compile_regex(
    rf"(?:between\s+(?P<a>{_YEAR})\s+and\s+(?P<b>{_YEAR}))|(?:from\s+(?P<c>{_YEAR})\s+(?:to|until|through)\s+"
    rf"(?P<d>{_YEAR}))|(?<![\d-])(?P<e>{_YEAR})\s?[–—-]\s?(?P<f>(?:19|20|21)?\d\d)(?![\d-])",
    re.IGNORECASE,
)

_JA_ERA = {"令和": 2018, "平成": 1988}
_JA_DATE = compile_regex(
    r"(?P<era>令和|平成)?(?P<y>\d{1,4}|元)年(?P<fy>度)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?(?P<end>末|中|内)?"
    r"(?P<post>までに|まで|以降|から|より|中に|中|内に)?"
)
_JA_RELATIVE = compile_regex(
    r"(?P<rel>今年度|本年度|来年度|今年|本年|来年|年内|年度内)(?P<end>末|中)?(?P<post>までに|まで|中に|中)?"
)


def _days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1] for a month 1..12 (Gregorian leap years)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{_days_in_month(year, month):02d}"


def _en_date_value(m: re.Match[str]) -> tuple[str, str] | None:
    """(kind, value) for a date match: kind "date" for a calendar point, "fy" for a fiscal year."""
    g = m.groupdict()
    if g.get("day1") or g.get("day2"):
        mon = _MONTHS[(g.get("mon1") or g.get("mon2") or "").lower().rstrip(".")]
        year = int(g.get("y1") or g.get("y2") or 0)
        day = int(g.get("day1") or g.get("day2") or 0)
        if not 1 <= day <= _days_in_month(year, mon):
            return None
        return "date", f"{year:04d}-{mon:02d}-{day:02d}"
    if g.get("mon3"):
        return "date", _last_day(int(g["y3"]), _MONTHS[g["mon3"].lower().rstrip(".")])
    if g.get("iso"):
        return "date", g["iso"]
    if g.get("fy"):
        return "fy", f"FY{g['fy']}"
    if g.get("q"):
        year = int(g["yq"])
        month = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12}[g["q"].upper()]
        return "date", _last_day(year, month)
    if g.get("half"):
        return "date", _last_day(int(g["yh"]), 6 if g["half"].lower() == "first" else 12)
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


# ---------------------------------------------------------------------------------------- periods

_UNIT_DAYS = {
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365 / 12,
    "quarter": 365 / 4,
    "year": 365.0,
    "時間": 1 / 24,
    "日": 1.0,
    "週": 7.0,
    "週間": 7.0,
    "か月": 365 / 12,
    "ヶ月": 365 / 12,
    "ヵ月": 365 / 12,
    "カ月": 365 / 12,
    "箇月": 365 / 12,
    "月": 365 / 12,
    "年": 365.0,
    "年間": 365.0,
}
_TIME_UNIT = r"hours?|days?|weeks?|months?|quarters?|years?"
_DURATION = compile_regex(
    rf"(?:\b(?P<pre>within|over|for|in|after|of up to|up to|of|lasting|spanning|not exceed|no more than|"
    rf"exceed|at least|the next|the coming|the first|the past|the last)\s+)?"
    rf"\b(?P<n>{_NUM}|{_WORDNUM})[\s-](?:(?:calendar|working|business|fiscal|financial|full)\s+)?"
    rf"(?P<unit>{_TIME_UNIT})\b",
    re.IGNORECASE,
)
_FREQUENCY = compile_regex(
    rf"\b(?:every\s+(?:(?P<n>{_NUM}|{_WORDNUM}|other)\s+)?(?P<unit>{_TIME_UNIT})"
    r"|(?P<word>annually|yearly|each\s+year|every\s+year|per\s+year|a\s+year|per\s+annum|quarterly|"
    r"each\s+quarter|monthly|each\s+month|per\s+month|a\s+month|weekly|each\s+week|daily|biannually|biennially|triennially|"
    r"semi-annually|twice\s+a\s+year|twice\s+yearly|twice\s+per\s+year|once\s+a\s+year|once\s+every\s+year))\b",
    re.IGNORECASE,
)
#: "three times a year", "4 times per month": the period divided by the count
_FREQUENCY_TIMES = compile_regex(
    rf"\b(?P<n>{_NUM}|{_WORDNUM})\s+times\s+(?:a|per|each|every)\s+(?P<unit>year|month|week|quarter|day)\b",
    re.IGNORECASE,
)
_FREQUENCY_WORDS = {
    "annually": 365.0,
    "yearly": 365.0,
    "each year": 365.0,
    "every year": 365.0,
    "per year": 365.0,
    "a year": 365.0,
    "per annum": 365.0,
    "once a year": 365.0,
    "once every year": 365.0,
    "quarterly": 365 / 4,
    "each quarter": 365 / 4,
    "monthly": 365 / 12,
    "each month": 365 / 12,
    "per month": 365 / 12,
    "a month": 365 / 12,
    "weekly": 7.0,
    "each week": 7.0,
    "daily": 1.0,
    "biannually": 365 / 2,
    "semi-annually": 365 / 2,
    "twice a year": 365 / 2,
    "twice yearly": 365 / 2,
    "twice per year": 365 / 2,
    "biennially": 730.0,
    "triennially": 1095.0,
}
_JA_DURATION = compile_regex(
    r"(?P<pre>今後|向こう|最長|最大)?(?P<n>\d+(?:\.\d+)?)\s?(?P<unit>時間|日|週間|週|か月|ヶ月|ヵ月|カ月|箇月|年間)"
    r"(?P<post>以内|以上|で|程度)?"
)
_JA_FREQUENCY = compile_regex(
    r"(?P<every>毎年度|毎年|毎月|毎週|毎日|毎期|隔年|四半期ごと|四半期毎|半期ごと|半年ごと|半年毎|半年に1回|半年に一回|隔月|隔週)"
    r"|(?:(?P<per>年|月|週)(?:に)?(?P<times>\d+)回)"
    r"|(?:(?P<n>\d+)(?P<unit>年|か月|ヶ月|ヵ月|カ月|週間|週|日)(?:ごと|毎|おき|に1回|に一回))"
)
_JA_EVERY = {
    "毎年度": 365.0,
    "毎年": 365.0,
    "毎月": 365 / 12,
    "毎週": 7.0,
    "毎日": 1.0,
    "隔年": 730.0,
    "四半期ごと": 365 / 4,
    "四半期毎": 365 / 4,
    "半期ごと": 365 / 2,
    "隔月": 365 / 6,
    "隔週": 14.0,
    "半年ごと": 365 / 2,
    "半年毎": 365 / 2,
    "半年に1回": 365 / 2,
    "半年に一回": 365 / 2,
    "毎期": 365.0,
}

# ------------------------------------------------------------------------------------------ counts

_COUNT_STOP = {
    "of",
    "for",
    "in",
    "to",
    "by",
    "and",
    "or",
    "per",
    "with",
    "on",
    "at",
    "from",
    "that",
    "which",
    "who",
    "a",
    "an",
    "the",
    "each",
    "every",
    "over",
    "between",
    "through",
    "within",
    "across",
    "into",
    "under",
    "than",
    "as",
    "is",
    "are",
    "will",
    "be",
    "was",
    "were",
    "it",
    "its",
    "their",
    "this",
    "these",
    "those",
    "before",
    "after",
    "until",
    "during",
    "while",
    "where",
    "when",
    "so",
    "such",
    "more",
    "less",
}
_COUNT = compile_regex(
    rf"(?<![\w$€£¥₩₹.,/-])(?P<n>{_NUM}|{_WORDNUM})(?:\s(?P<scale>thousand|million|billion))?"
    rf"(?P<noun>(?:\s+[A-Za-z][\w’'-]*){{1,5}})",
    re.IGNORECASE,
)
_JA_COUNT = compile_regex(
    rf"(?P<n>{_JA_AMOUNT})\s?(?P<unit>人|名|件|社|校|拠点|機関|基|台|個|か所|カ所|ヶ所|箇所|団体|自治体|チーム|"
    r"プロジェクト|モデル|枚|本|機|種類|分野|講座|コース|GPU|ギガワット|メガワット|GW|MW)"
)
_UNIT_ALIASES = {
    "gw": "gigawatt",
    "mw": "megawatt",
    "kw": "kilowatt",
    "twh": "terawatt-hour",
    "gwh": "gigawatt-hour",
    "people": "person",
    "persons": "person",
    "staff": "staff",
    "名": "人",
    "start-ups": "start-up",
    "startups": "start-up",
    "startup": "start-up",
    "ギガワット": "gigawatt",
    "メガワット": "megawatt",
    "カ所": "か所",
    "ヶ所": "か所",
    "箇所": "か所",
    "gpus": "gpu",
    "npus": "npu",
}
_NOT_COUNT_UNITS = {
    "percent",
    "per",
    "cent",
    "times",
    "fold",
    "crore",
    "crores",
    "lakh",
    "lakhs",
    "million",
    "billion",
    "trillion",
    "thousand",
}


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


# ------------------------------------------------------------------------------------------ bounds

# (?<![a-z]): a bound is a word of its own ("cover 80%" is no "over 80%")
_BOUND_BEFORE = [
    (
        compile_regex(
            r"(?<![a-z])(?:at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|"
            r"少なくとも|最低|最低でも)\s*$",
            re.IGNORECASE,
        ),
        "at_least",
    ),
    (
        compile_regex(r"(?<![a-z])(?:more\s+than|over|exceeding|above|in\s+excess\s+of)\s*$", re.IGNORECASE),
        "more_than",
    ),
    (
        compile_regex(
            r"(?<![a-z])(?:up\s+to|a\s+maximum\s+of|maximum\s+of|no\s+more\s+than|not\s+more\s+than|at\s+most|"
            r"not\s+(?:to\s+)?exceed|within|最大|最大で|上限)\s*$",
            re.IGNORECASE,
        ),
        "up_to",
    ),
    (compile_regex(r"(?<![a-z])(?:less\s+than|fewer\s+than|under|below)\s*$", re.IGNORECASE), "less_than"),
]
_BOUND_AFTER = [
    (compile_regex(r"^\s*(?:以上|or\s+more|or\s+above|or\s+higher)"), "at_least"),
    (compile_regex(r"^\s*(?:以下|以内|or\s+less|or\s+lower|or\s+fewer)"), "up_to"),
    (compile_regex(r"^\s*(?:超|を超える)"), "more_than"),
    (compile_regex(r"^\s*未満"), "less_than"),
]


def _bound(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 24) : start]
    for pattern, bound in _BOUND_BEFORE:
        if pattern.search(before):
            return bound
    after = text[end : end + 12]
    for pattern, bound in _BOUND_AFTER:
        if pattern.search(after):
            return bound
    return None


# ------------------------------------------------------------------------------------------ extract


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    target: Target


def _add(found: list[_Found], taken: list[tuple[int, int]], start: int, end: int, target: Target) -> None:
    for s, e in taken:
        if start < e and s < end:
            return
    taken.append((start, end))
    found.append(_Found(start, end, target))


def extract_targets(text: str, language: str = "en") -> tuple[Target, ...]:
    """Every target in a sentence, in reading order; earlier, more specific readings win overlaps."""
    norm = _normalize(text)
    low = norm.lower()
    gates = _gates(low)
    if not gates:
        return ()
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    if "cur" in gates or "code" in gates:
        _money_targets(norm, found, taken)
    if "pct" in gates:
        _percent_targets(norm, found, taken)
    if "num" in gates or "rel" in gates:
        _period_targets(norm, found, taken)
    if "num" in gates or "rel" in gates:
        _date_targets(norm, found, taken)
    if "tim" in gates:
        _frequency_targets(norm, found, taken)
    if "tim" in gates:
        _duration_targets(norm, found, taken)
    if "mul" in gates:
        _multiple_targets(norm, found, taken)
    if "num" in gates or "word" in gates:
        _count_targets(norm, found, taken)
    found.sort(key=lambda f: (f.start, f.end))
    return tuple(f.target for f in found)


# One cheap scan of the lower-cased sentence says which extractors can match at all.
_GATE_WORDS = {
    "cur": ["$", "€", "£", "¥", "₩", "₹", "円", "元", "ドル", "ユーロ", "ポンド", "ウォン"],
    "pct": [
        "%",
        "percent",
        "per cent",
        "パーセント",
        "ポイント",
        "割",
        "分の",
        "half",
        "third",
        "quarter",
        "fifth",
    ],
    "mul": ["倍", "半減", "double", "triple", "quadruple", "halve", "fold", "times"],
    "tim": [
        "hour",
        "day",
        "week",
        "month",
        "quarter",
        "year",
        "時間",
        "日",
        "週",
        "月",
        "年",
        "annual",
        "every",
        "daily",
        "bienn",
        "trienn",
        "毎",
        "隔",
        "回",
        "ごと",
    ],
}
_GATE_CODES = [
    "usd",
    "eur",
    "gbp",
    "jpy",
    "krw",
    "cad",
    "aud",
    "inr",
    "chf",
    "cny",
    "rmb",
    "sgd",
    "nzd",
    "sek",
    "nok",
    "dkk",
    "rs",
    "dollar",
    "dollars",
    "euro",
    "euros",
    "pound",
    "pounds",
    "yen",
    "won",
    "rupees",
    "yuan",
]
_CURRENCY_CODE = compile_regex(rf"\b(?:{char_trie(sorted(_GATE_CODES))})\b")
_WORD_NUMBER = compile_regex(rf"\b(?:{char_trie(sorted(w for w in _WORD_NUMBERS if len(w) > 2))})\b")
_DIGIT = compile_regex(r"\d")
_RELATIVE_YEAR = compile_regex(r"end of (?:this|the|next)|今年|本年|来年|年内|年度内")


def _gates(low: str) -> set[str]:
    """Which extractors can match in the lower-cased sentence: substring tests, no full scans."""
    gates = set()
    if _DIGIT.search(low):
        gates.add("num")
    if _WORD_NUMBER.search(low):
        gates.add("word")
    for name, words in _GATE_WORDS.items():
        if any(w in low for w in words):
            gates.add(name)
    if _RELATIVE_YEAR.search(low):
        gates.add("rel")
    if "cur" not in gates and _CURRENCY_CODE.search(low):
        gates.add("code")
    return gates


# a year that may be a date; "2024/1689" (an act's number) is not
_YEAR_ANCHOR = compile_regex(r"(?<![\d/])(?:19|20|21)\d\d(?![\d/])|end of (?:this|the|next)")
_NUMBER_ANCHOR = compile_regex(
    rf"(?<![\w$€£¥₩₹.,/-])(?:\d|(?:{char_trie(sorted(w for w in _WORD_NUMBERS if len(w) > 2))})\b)"
)


def _money_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    for pattern, kind in ((_MONEY_PRE, "pre"), (_MONEY_POST, "post"), (_MONEY_JA, "ja")):
        for m in pattern.finditer(text):
            if kind == "pre" and m.group(3) and m.group(3).lower() in ("m", "b", "k"):
                nxt = text[m.end(3) : m.end(3) + 1]
                if nxt.isalpha():
                    continue
            value = _money(m, kind)
            if value is None:
                continue
            bound = _bound(text, m.start(), m.end())
            _add(
                found,
                taken,
                m.start(),
                m.end(),
                Target("money", value[0], value[1], m.group(0).strip(), bound),
            )


def _percent_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    for m in _PERCENT.finditer(text):
        word = m.group(2).lower()
        unit = "pp" if word.startswith(("percentage point", "ポイント")) else "%"
        _add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("percent", _to_float(m.group(1)), unit, m.group(0), _bound(text, m.start(), m.end())),
        )
    for m in _WARI.finditer(text):
        _add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("percent", float(m.group(1)) * 10, "%", m.group(0), _bound(text, m.start(), m.end())),
        )
    for share, m in _fractions(text):
        if 0 < share <= 100:
            _add(
                found,
                taken,
                m.start(),
                m.end(),
                Target("percent", share, "%", m.group(0), _bound(text, m.start(), m.end())),
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
        numerator = 1 if m.group(1).lower() in ("a", "one") else _WORD_NUMBERS[m.group(1).lower()]
        out.append((round(float(numerator) * 100 / _DENOMINATORS[m.group(2).lower()], 2), m))
    return out


def _period_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    for m in _EN_PERIOD.finditer(text):
        a = m.group("a") or m.group("c") or m.group("e")
        b = m.group("b") or m.group("d") or m.group("f")
        if len(b) == 2:
            b = a[:2] + b
        if int(b) <= int(a):
            continue
        _add(found, taken, m.start(), m.end(), Target("period", f"{a}/{b}", None, m.group(0)))
    if "年" not in text:
        return
    for m in _JA_PERIOD.finditer(text):
        fy = "FY" if m.group(2) == "年度" else ""
        _add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("period", f"{fy}{m.group(1)}/{fy}{m.group(3)}", None, m.group(0)),
        )


def _date_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
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
            val = _last_day(int(date.group("year")), {"early": 3, "mid": 6, "late": 12}[part.lower()])
        if ttype in ("year", "start") and value[0] == "date" and date.group("year"):
            val = date.group("year")
        if ttype == "year" and not context:
            start = date.start()
        _add(found, taken, start, date.end(), Target(ttype, val, None, text[start : date.end()].strip()))
    if "年" not in text:
        return
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
                val = _last_day(year, month)
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
        _add(found, taken, m.start(), m.end(), Target(ttype, val, None, m.group(0)))
    for m in _JA_RELATIVE.finditer(text):
        rel = m.group("rel")
        offset = "+1" if rel.startswith("来") else ""
        val = f"FY{{Y{offset}}}" if "度" in rel else f"{{Y{offset}}}-12-31"
        _add(found, taken, m.start(), m.end(), Target("deadline", val, None, m.group(0)))


def _frequency_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    # first, so "a year" in "four times a year" is not read alone
    for m in _FREQUENCY_TIMES.finditer(text):
        times = _word_or_number(m.group("n"))
        if times >= 1:
            days = _UNIT_DAYS[m.group("unit").lower()] / times
            _add(found, taken, m.start(), m.end(), Target("frequency", round(days, 2), "days", m.group(0)))
    for m in _FREQUENCY.finditer(text):
        if m.group("word"):
            days = _FREQUENCY_WORDS[" ".join(m.group("word").lower().split())]
        else:
            n = m.group("n")
            count = 2.0 if n and n.lower() == "other" else (_word_or_number(n) if n else 1.0)
            days = count * _UNIT_DAYS[m.group("unit").lower().rstrip("s")]
        _add(found, taken, m.start(), m.end(), Target("frequency", round(days, 2), "days", m.group(0)))
    for m in _JA_FREQUENCY.finditer(text):
        if m.group("every"):
            days = _JA_EVERY[m.group("every")]
        elif m.group("per"):
            days = _UNIT_DAYS[m.group("per")] / max(1, int(m.group("times")))
        else:
            days = int(m.group("n")) * _UNIT_DAYS[m.group("unit")]
        _add(found, taken, m.start(), m.end(), Target("frequency", round(days, 2), "days", m.group(0)))


def _duration_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    for m in _DURATION.finditer(text):
        days = _word_or_number(m.group("n")) * _UNIT_DAYS[m.group("unit").lower().rstrip("s")]
        pre = (m.group("pre") or "").lower()
        bound = None
        if pre in ("within", "of up to", "up to", "not exceed", "no more than", "exceed"):
            bound = "up_to"
        elif pre == "at least":
            bound = "at_least"
        start = (
            m.start("n")
            if pre in ("in", "for", "of", "the next", "the coming", "the first", "the past", "the last", "")
            else m.start()
        )
        _add(
            found,
            taken,
            start,
            m.end(),
            Target("duration", round(days, 3), "days", text[start : m.end()], bound),
        )
    for m in _JA_DURATION.finditer(text):
        days = float(m.group("n")) * _UNIT_DAYS[m.group("unit")]
        post = m.group("post") or ""
        bound = (
            "up_to"
            if post == "以内" or m.group("pre") in ("最長", "最大")
            else ("at_least" if post == "以上" else None)
        )
        _add(found, taken, m.start(), m.end(), Target("duration", round(days, 3), "days", m.group(0), bound))


def _multiple_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
    for m in _MULTIPLE.finditer(text):
        if m.group(1):
            value = _to_float(m.group(1))
        elif m.group(2) or m.group(3):
            value = _MULTIPLE_WORDS[(m.group(2) or m.group(3)).lower()]
        else:
            value = _word_or_number(m.group(4) or m.group(5))
        _add(found, taken, m.start(), m.end(), Target("multiple", value, "x", m.group(0)))


_BARE_YEAR = compile_regex(_YEAR)


def _count_targets(text: str, found: list[_Found], taken: list[tuple[int, int]]) -> None:
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
            if clean.lower() in _COUNT_STOP or clean.lower() in _MONTHS:
                break
            chunk.append(clean)
        if not chunk or chunk[0].lower() in _NOT_COUNT_UNITS:
            continue
        if chunk[0].lower().rstrip("s") in ("hour", "day", "week", "month", "quarter", "year"):
            continue
        if n.isalpha() and chunk[0][:1].isupper():  # "Three Rivers": a name, not a count
            continue
        value = _word_or_number(n) * (_SCALES[m.group("scale").lower()] if m.group("scale") else 1.0)
        unit = _unit_word(chunk[-1])
        end = (
            m.start("noun") + len(m.group("noun")) - len(" ".join(words[len(chunk) :]))
            if len(chunk) < len(words)
            else m.end()
        )
        span_text = text[m.start() : end].rstrip()
        _add(
            found,
            taken,
            m.start(),
            m.start() + len(span_text),
            Target("count", value, unit, span_text, _bound(text, m.start(), m.end())),
        )
    for m in _JA_COUNT.finditer(text):
        value = _ja_amount(m.group("n"))
        unit = _UNIT_ALIASES.get(m.group("unit"), m.group("unit"))
        _add(
            found,
            taken,
            m.start(),
            m.end(),
            Target("count", value, unit, m.group(0), _bound(text, m.start(), m.end())),
        )


# ------------------------------------------------------------------------------------------ compare


def resolve(target: Target, doc_year: int | None) -> Target:
    """The target with "{Y}" (the document's year) filled in; unchanged when there is nothing to fill."""
    if doc_year is None or not isinstance(target.value, str) or "{Y" not in target.value:
        return target
    value = target.value.replace("{Y+1}", str(doc_year + 1)).replace("{Y}", str(doc_year))
    return Target(target.type, value, target.unit, target.text, target.bound)


_ISO_DATE = compile_regex(r"\d{4}-\d\d-\d\d")


def _comparable(target: Target, doc_year: int | None) -> tuple[str, str, str, str]:
    t = resolve(target, doc_year)
    ttype = t.type
    if ttype in ("deadline", "date") and isinstance(t.value, str) and _ISO_DATE.fullmatch(t.value):
        ttype = "deadline" if t.type == "deadline" else "date"
    return (ttype, *t.key[1:])


def targets_equal(a: Target, b: Target, doc_year: int | None = None) -> bool:
    """Whether two targets promise the same value (same type, normalized value, unit and bound)."""
    return _comparable(a, doc_year) == _comparable(b, doc_year)


@dataclass(frozen=True)
class TargetChange:
    """One target that differs between two versions of a commitment (either side may be missing)."""

    before: Target | None
    after: Target | None

    @property
    def evidence(self) -> str:
        """ "2030 -> 2032", "10,000 GPUs -> 18,000 GPUs", "(none) -> by 2027"."""
        a = self.before.text if self.before else "(none)"
        b = self.after.text if self.after else "(none)"
        return f"{a} -> {b}"


def _slot(target: Target) -> tuple[str, str]:
    """Targets that can stand for one another: the same type and unit (a deadline for a deadline)."""
    ttype = "date" if target.type in ("deadline", "year", "date") else target.type
    return ttype, target.unit or ""


def diff_targets(
    before: tuple[Target, ...], after: tuple[Target, ...], doc_year: int | None = None
) -> tuple[TargetChange, ...]:
    """The targets that changed: equal values cancel out, the rest pair up by type and unit in order."""
    remaining_after = list(after)
    unmatched_before: list[Target] = []
    for t in before:
        for i, u in enumerate(remaining_after):
            if targets_equal(t, u, doc_year):
                del remaining_after[i]
                break
        else:
            unmatched_before.append(t)
    # the same number with its unit reworded or corrected ("scientsts" -> "scientists") is no change
    for t in list(unmatched_before):
        for i, u in enumerate(remaining_after):
            if t.type == u.type and t.key[1] == u.key[1] and t.bound == u.bound:
                unmatched_before.remove(t)
                del remaining_after[i]
                break
    changes: list[TargetChange] = []
    for t in unmatched_before:
        for i, u in enumerate(remaining_after):
            if _slot(t) == _slot(u):
                changes.append(TargetChange(t, u))
                del remaining_after[i]
                break
        else:
            changes.append(TargetChange(t, None))
    changes.extend(TargetChange(None, u) for u in remaining_after)
    return tuple(changes)
