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
_CRLF = re.compile(r"\r\n?")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalize_unicode(text: str) -> str:
    """NFC, full-width ASCII folded, odd spaces and invisible characters removed, LF line ends.

    Idempotent: normalize_unicode(normalize_unicode(x)) == normalize_unicode(x).
    """
    text = _CRLF.sub("\n", text)
    # Half-width voiced marks translate to combining marks, which NFC then composes.
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    return _TRAILING_SPACE.sub("", text)


def is_wide(char: str) -> bool:
    """True for characters written without spaces around them (CJK ideographs, kana, CJK punctuation)."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF01 <= code <= 0xFF60
        or 0x31F0 <= code <= 0x31FF
        or 0xAC00 <= code <= 0xD7AF
        or 0x20000 <= code <= 0x2FFFF
    )
