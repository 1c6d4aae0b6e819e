"""Unicode and whitespace normalization shared by every ingest path.

Two revisions that differ only in how a character was encoded (full-width digits,
NBSP, a soft hyphen, CRLF) must produce the same bytes, or formatting-only
revisions would show up as changes. Japanese punctuation that writers actually use
(、。「」（）！？：； ...) stays as written so the text still reads naturally; the
differ compares with its own NFKC-folded key anyway.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tracker.regex_cache import compile_regex

# Full-width forms that Japanese prose uses as punctuation: kept as written.
_KEPT_FULLWIDTH = "！（）：；？～［］｛｝"


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Full-width ASCII (U+FF01..U+FF5E) folds to ASCII, except kept punctuation.
    for code in range(0xFF01, 0xFF5F):
        char = chr(code)
        if char not in _KEPT_FULLWIDTH:
            table[code] = unicodedata.normalize("NFKC", char)
    # Half-width katakana and half-width CJK punctuation fold to their usual forms.
    for code in range(0xFF61, 0xFFA0):
        table[code] = unicodedata.normalize("NFKC", chr(code))
    # Spaces of every width become one ASCII space.
    for code in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        table[code] = " "
    table[0x0009] = " "
    # Invisible characters that only carry layout: removed.
    for code in (0x00AD, 0x200B, 0x200C, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x180E):
        table[code] = None
    # Other line terminators become newlines (CR handled separately for CRLF).
    for code in (0x000B, 0x000C, 0x0085, 0x2028, 0x2029):
        table[code] = "\n"
    # Remaining C0/C1 control characters carry nothing readable.
    for code in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)):
        table.setdefault(code, None)
    return table


_TABLE = _build_table()
_CRLF = compile_regex(r"\r\n?")
_TRAILING_SPACE = compile_regex(r"[ \t]+$", re.MULTILINE)


def _ranges(codes: list[int]) -> str:
    """A character class body for the code points, as ranges (escaped)."""
    parts: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -2]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return "".join(parts)


# Anything normalize_unicode would change apart from NFC: a character of the table, a CR, a
# trailing space. Text without one (and already NFC) is returned as it is, without a copy.
_TABLE_CHAR = compile_regex(f"[{_ranges(sorted(_TABLE))}]")
_NEEDS_WORK = compile_regex(rf"[{_ranges(sorted(_TABLE))}\r]| $", re.MULTILINE)


def normalize_unicode(text: str) -> str:
    """NFC, full-width ASCII folded, odd spaces and invisible characters removed, LF line ends.

    Idempotent: normalize_unicode(normalize_unicode(x)) == normalize_unicode(x).
    """
    if _NEEDS_WORK.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text  # already normalized: the common case for Markdown blocks and corpus text
    text = _CRLF.sub("\n", text)
    # Half-width voiced marks translate to combining marks, which NFC then composes.
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    return _TRAILING_SPACE.sub("", text)


# Characters written without spaces between words: CJK punctuation, kana, ideographs, full-width
# forms. Hangul is not among them: Korean separates words with spaces.
WIDE_CHARS = (
    "\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\U00020000-\U0002ffff"
)
_WIDE = compile_regex(f"[{WIDE_CHARS}]")


def is_wide(char: str) -> bool:
    """True for a character of a script written without spaces between words (Japanese, Chinese)."""
    return _WIDE.match(char) is not None


# -- typography ---------------------------------------------------------------------------------
# Typesetting choices that carry no meaning: a publisher's curly quotes, dash style and its
# spacing, ligatures, superscript exponents. Comparison and analysis read the folded text, so a
# re-typeset revision can never show a change, a target ("J–1" is not a quantity "1") or a new
# actor ("ARPA–I" is "ARPA-I"). Text shown to the user keeps its own typography.

_TYPOGRAPHY_TABLE: dict[int, str | None] = {
    **{ord(c): "'" for c in "‘’‚‛′"},
    **{ord(c): '"' for c in "“”„‟″"},
    **{ord(c): unicodedata.normalize("NFKC", c) for c in "ﬀﬁﬂﬃﬄﬅﬆ"},
}
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DASHES = "‐‑‒–—―−"
# A dash standing between words as punctuation: an em dash or bar however spaced, an en dash,
# hyphen or double hyphen with space on both sides ("cannot—and will not—", "risks – including").
_PUNCTUATION_DASH = compile_regex(r"\s*(?:[—―]|--)\s*|\s+[-‐‑‒–−]\s+")
# A dash with no space around it ("J–1", "ARPA–I", "2020–2025", "(a)–(c)") is a hyphen.
_JOINING_DASH = compile_regex(r"(?<=\S)[‐‑‒–−](?=\S)")
# Initials written with or without dots ("C.F.R." / "CFR", "U.S." / "US") are one abbreviation.
_DOTTED_INITIALS = compile_regex(r"\b(?:[A-Z]\.){2,}")
# A point label set close to its text ("(i)the requirement") or spaced ("(i) the requirement").
_TIGHT_LABEL = compile_regex(r"^(\((?:[ivx]{1,5}|[a-z]|[A-Z]|\d{1,3})\))(?=\w)")
# A power of ten: written with superscript digits ("10²⁶"), or flattened by text extraction into
# "1026" / "10 26" where a quantity of computation follows (the only unit written this way that
# extraction meets in policy text; elsewhere "1026" is a number and is left alone).
_SUPERSCRIPT_POWER = compile_regex(r"(?<!\d)10([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")
_FLATTENED_POWER = compile_regex(
    r"(?<![\d.,])10 ?(\d{2})(?=\s+(?:integer|floating[- ]point|operations|flops?|op/s)\b)", re.IGNORECASE
)
# A footnote call is the publisher's apparatus, not the author's words: renumbering the notes or
# dropping them changes no sentence. Its forms: a Markdown reference ("records[^2]"), superscript
# digits after a stop or a bracket ("records.¹"), digits an extraction flattened from a superscript
# at the end of a sentence after a word ("records.2"), and a number spaced inside brackets where a
# superscript call was set on lines of its own ("Directive 2014/31/EU ( 35 ) and ...").
_FOOTNOTE_CALL = compile_regex(
    r"\[\^[^\]\s]{1,20}\]"
    r"|(?<=[.!?;:,)\]'\"])[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}"
    r"|(?<=[^\W\d_][a-z][.!?])\d{1,3}$"
    r"|\s+\(\s\d{1,3}\s\)(?:\s*(?=[,.;:!?]|$)|(?=\s))"
)
_TYPOGRAPHY_CHARS = compile_regex(rf"[‘’‚‛′“”„‟″ﬀ-ﬆ⁰¹²³⁴⁵⁶⁷⁸⁹{_DASHES}]")
_INITIALS_DOTTED = compile_regex(r"[A-Z]\.[A-Z]\.")  # a quick test for _DOTTED_INITIALS
# A straight double quote with the spaces around it; space a typesetter or a PDF extractor leaves
# inside a quotation ('" AI R&D Network"') is dropped, by the parity of the quotes (see _tight_quotes).
_QUOTE_WITH_SPACE = compile_regex(r'\s*"\s*')
_LOOSE_QUOTE = compile_regex(r'(?:^|\s)"\s|\s"(?:\s|$)')  # a quick test for _tight_quotes


def _ascii_typography(text: str) -> bool:
    """Whether text holds an ASCII form `fold_typography` changes: --, " - ", 10 26, C.F.R., (i)x."""
    return (
        "--" in text
        or " - " in text
        or ("10" in text and _FLATTENED_POWER.search(text) is not None)
        # (initials hold a full stop before the last two characters: most sentences have none)
        or (text.find(".", 1, len(text) - 2) >= 0 and _INITIALS_DOTTED.search(text) is not None)
        or (text.startswith("(") and _TIGHT_LABEL.match(text) is not None)
        or ('"' in text and _LOOSE_QUOTE.search(text) is not None)
        or "[^" in text
        or "( " in text
        or text[-1:].isdigit()
    )


def _tight_quotes(text: str) -> str:
    """Straight double quotes set close to what they quote: '" AI Network "' is '"AI Network"'.

    Quotes open and close in turn, so only text with an even number of them is touched.
    """
    if text.count('"') % 2:
        return text
    opening = True

    def close_up(match: re.Match[str]) -> str:
        nonlocal opening
        quote = match.group()
        at_start, at_end = match.start() == 0, match.end() == len(text)
        if opening:
            out = (" " if quote[0].isspace() and not at_start else "") + '"'
        else:
            out = '"' + (" " if quote[-1].isspace() and not at_end else "")
        opening = not opening
        return out

    return _QUOTE_WITH_SPACE.sub(close_up, text)


@lru_cache(maxsize=65536)
def fold_typography(text: str) -> str:
    """Text as compared and analysed: straight quotes, one dash, ligatures and exponents spelled out,
    footnote calls dropped.

    Also normalizes as `normalize_unicode` does (odd spaces, soft hyphens, full-width ASCII).
    Idempotent; text with nothing to fold is returned as it is. Cached: a sentence is folded for
    its key and for its analysis, in both versions.
    """
    if not text.isascii():
        # as normalize_unicode, without its line-end work: a sentence has no line ends
        if _TABLE_CHAR.search(text) is not None:
            text = text.translate(_TABLE)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _TYPOGRAPHY_CHARS.search(text) is None and not _ascii_typography(text):
            return text
    elif not _ascii_typography(text):
        return text
    # each rewrite is skipped where its pattern cannot match (ASCII text holds no curly quote,
    # ligature, superscript or Unicode dash): the result is the same
    wide = not text.isascii()
    if wide:
        text = text.translate(_TYPOGRAPHY_TABLE)
    if wide or "[^" in text or "( " in text or text[-1:].isdigit():
        text = _FOOTNOTE_CALL.sub("", text)
    if wide and "10" in text:
        text = _SUPERSCRIPT_POWER.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPT_DIGITS), text)
    if "10" in text:
        text = _FLATTENED_POWER.sub(r"10^\1", text)
    if wide:
        text = _JOINING_DASH.sub("-", text)
    if text.find(".", 1, len(text) - 2) >= 0:
        text = _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), text)
    if text.startswith("("):
        text = _TIGHT_LABEL.sub(r"\1 ", text)
    if '"' in text:
        text = _tight_quotes(text)
    if wide or "-" in text:
        text = _PUNCTUATION_DASH.sub(" — ", text)
    return text.strip()
