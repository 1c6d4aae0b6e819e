"""Numbers as written: digits with separators, English number words, scales, kanji numerals.

Every other form (money, shares, counts ...) reads its numbers through these helpers,
so "10,000", "ten thousand", 1万 and １０，０００ are one value everywhere.
"""

from __future__ import annotations

import unicodedata

from tracker.commitments.targets.tables import TABLES
from tracker.commitments.trie import char_trie
from tracker.regex_cache import compile_regex

WORD_NUMBERS: dict[str, int] = TABLES.word_numbers
SCALES: dict[str, float] = TABLES.scales
JA_SCALES: dict[str, float] = TABLES.ja_scales
KANJI_DIGITS: dict[str, int] = TABLES.kanji_digits
_KANJI_UNITS: dict[str, int] = TABLES.kanji_units

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
WORDNUM = char_trie(sorted(w for w in WORD_NUMBERS if w not in ("a", "an", "other")))
JA_AMOUNT = rf"(?:(?:{NUM})?[千万億兆])+(?:{NUM})?|{NUM}"
SCALE = r"thousand|million|billion|trillion|crores?|lakhs?|mn|bn|tn|mio|[kmb]"


def to_float(text: str) -> float:
    return float(text.replace(",", "").replace(" ", ""))


def word_or_number(text: str) -> float:
    low = text.lower().strip()
    if low in WORD_NUMBERS:
        return float(WORD_NUMBERS[low])
    return to_float(low)


def kanji_number(run: str) -> int:
    """A kanji numeral's value: 二十三 == 23, 百 == 100."""
    total, digit = 0, 0
    for ch in run:
        if ch in KANJI_DIGITS:
            digit = KANJI_DIGITS[ch]
        else:
            total += (digit or 1) * _KANJI_UNITS[ch]
            digit = 0
    return total + digit


_KANJI_RUN = compile_regex(
    r"(?<![第統唯同均単])([〇零一二三四五六七八九十百千]+)(?=[万億兆円人名件社校倍割年か箇ヶヵカ%回ド])"
)


_KANJI_NUMERAL = compile_regex(f"[{''.join(sorted(KANJI_DIGITS))}十百]")  # a quick test for _KANJI_RUN


def normalize(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII) and kanji numerals before units to digits."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if _KANJI_NUMERAL.search(text) is not None:
        text = _KANJI_RUN.sub(lambda m: str(kanji_number(m.group(1))), text)
    return text


_JA_AMOUNT_PART = compile_regex(rf"({NUM})?([千万億兆])?")


def ja_amount(text: str) -> float:
    """A Japanese amount with 千/万/億/兆: 1兆2,000億 -> 1.2e12, 5千億 -> 5e11."""
    big, small = 0.0, 0.0
    for m in _JA_AMOUNT_PART.finditer(text):
        if not m.group(0):
            continue
        num = to_float(m.group(1)) if m.group(1) else None
        unit = m.group(2)
        if unit == "千":
            small += (num if num is not None else 1) * 1e3
        elif unit:
            small += num if num is not None else 0
            big += (small or 1) * JA_SCALES[unit]
            small = 0
        elif num is not None:
            small += num
    return big + small
