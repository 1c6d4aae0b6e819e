"""Money: a value in units of an ISO currency ("$2 billion" == "$2,000 million", 1兆円 == 1 trillion yen)."""

from __future__ import annotations

import re

from tracker.commitments.model import Target
from tracker.commitments.targets.bounds import bound_of
from tracker.commitments.targets.found import Found, add
from tracker.commitments.targets.numbers import JA_AMOUNT, NUM, SCALE, SCALES, ja_amount, to_float
from tracker.commitments.targets.tables import TABLES
from tracker.regex_cache import compile_regex

_CURRENCY_CODES: dict[str, str] = TABLES.currencies
_PRE_CUR = (
    r"US\$|C\$|CA\$|A\$|S\$|\$|€|£|¥|₩|₹|USD|EUR|GBP|JPY|KRW|CAD|AUD|INR|CHF|CNY|RMB|SGD|NZD|SEK|NOK|DKK|"
    r"Rs\.?"
)
#: after the amount: a currency's name, or its ISO code ("30 000 000 EUR", as EU acts long wrote it)
_POST_CUR = (
    r"US dollars|Canadian dollars|Australian dollars|pounds sterling|swiss francs|dollars|euros?|pounds|"
    r"yen|won|rupees|yuan|USD|EUR|GBP|JPY|KRW|CAD|AUD|INR|CHF|CNY|RMB|SGD|NZD|SEK|NOK|DKK"
)
#: an amount may group its thousands with spaces ("EUR 2 400 million", the EU's house style); only
#: next to a currency, where "5 100" cannot be two numbers side by side
_MONEY_NUM = rf"\d{{1,3}}(?: \d{{3}})+(?![\d,])(?:\.\d+)?|{NUM}"
_MONEY_PRE = compile_regex(rf"(?<![\w$€£¥₩₹])({_PRE_CUR})\s?({_MONEY_NUM})(?:\s?({SCALE})\b)?", re.IGNORECASE)
_MONEY_POST = compile_regex(
    rf"(?<![\w.,])(?<!\d )({_MONEY_NUM})(?:\s?({SCALE}))?\s+({_POST_CUR})\b", re.IGNORECASE
)
_MONEY_JA = compile_regex(rf"({JA_AMOUNT})\s?(円|米ドル|ドル|ユーロ|ポンド|ウォン|元)")


def _money(match: re.Match[str], kind: str) -> tuple[float, str] | None:
    if kind == "pre":
        cur, num, scale = match.group(1), match.group(2), match.group(3)
    elif kind == "post":
        num, scale, cur = match.group(1), match.group(2), match.group(3)
    else:
        return ja_amount(match.group(1)), _CURRENCY_CODES[match.group(2)]
    code = _CURRENCY_CODES.get(cur.lower())
    if code is None:
        return None
    value = to_float(num) * (SCALES[scale.lower()] if scale else 1.0)
    return value, code


def money_targets(text: str, found: list[Found], taken: list[tuple[int, int]]) -> None:
    for pattern, kind in ((_MONEY_PRE, "pre"), (_MONEY_POST, "post"), (_MONEY_JA, "ja")):
        if kind == "ja" and text.isascii():
            continue  # each of its currencies is written in kana or kanji
        for m in pattern.finditer(text):
            if kind == "pre" and m.group(3) and m.group(3).lower() in ("m", "b", "k"):
                nxt = text[m.end(3) : m.end(3) + 1]
                if nxt.isalpha():
                    continue
            value = _money(m, kind)
            if value is None:
                continue
            add(
                found,
                taken,
                m.start(),
                m.end(),
                Target("money", value[0], value[1], m.group(0).strip(), bound_of(text, m.start(), m.end())),
            )
