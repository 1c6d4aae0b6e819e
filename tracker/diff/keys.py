"""Comparison keys and tokens: what makes two pieces of text "the same" for the differ.

Keys fold typography (quotes, dashes, ligatures, exponents: see
`tracker.unicode_norm.fold_typography`), NFKC, case and white space, so re-typesetting,
full-width/half-width forms, re-wrapping and capitalisation never show up as changes.
Section keys also drop numbering, so renumbered headings still line up.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tracker.regex_cache import compile_regex
from tracker.unicode_norm import fold_typography

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK_CHAR = compile_regex(f"[{_CJK}]")
#: Redline tokens: one CJK character, a run of other word characters, a run of spaces, or one symbol.
_REDLINE_TOKEN = compile_regex(f"[{_CJK}]|[^\\W{_CJK}]+|\\s+|.", re.DOTALL)
_WORD = compile_regex(f"[^\\W{_CJK}]+")
_CJK_RUN = compile_regex(f"[{_CJK}]+")
_SECTION_NUMBER = compile_regex(
    r"^\s*(?:(?:part|chapter|section|article|annex)\s+)?"
    r"(?:[0-9]+(?:[.\-][0-9a-z]+)*[.):、．]?|(?:[ivxlcdm]+|[a-z])(?:[.\-][0-9a-z]+)*[.):、．]"
    r"|第[0-9一二三四五六七八九十百]+[章節部条項]|[0-9]+[.．、])"
    r"(?:\s+|(?=[^\x00-\x7f]))",
    re.IGNORECASE,
)


def fold_space(text: str) -> str:
    """Collapse every run of white space to one space and strip the ends."""
    return " ".join(text.split())


def text_key(text: str) -> str:
    """The comparison key of a sentence: typography folded, NFKC, casefolded, white space folded."""
    return fold_space(unicodedata.normalize("NFKC", fold_typography(text)).casefold())


def folded_text_key(folded: str) -> str:
    """`text_key` of text whose white space is already folded (`fold_space(folded) == folded`).

    NFKC and casefolding leave ASCII as `lower()` does, and lower-casing ASCII makes no
    white space, so the key of folded ASCII text is its lower case: most sentences of
    English text skip the normalization and the re-folding.
    """
    typeset = fold_typography(folded)
    if typeset.isascii():
        # (`==`, not `is`: fold_typography's cache may hand back an equal string of an earlier call)
        return typeset.lower() if typeset == folded else fold_space(typeset).lower()
    return text_key(typeset)


def section_key(title: str) -> str:
    """A heading's key without its numbering: "3.2 Compute" and "4.1 Compute" are the same."""
    folded = text_key(title)
    stripped = _SECTION_NUMBER.sub("", folded, count=1)
    return stripped or folded


def redline_tokens(text: str) -> list[str]:
    """Split text into redline tokens that concatenate back to exactly `text`."""
    return _REDLINE_TOKEN.findall(text)


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """Fold common English inflections ("publishes", "published", "publishing" -> "publish")."""
    for suffix, shortest in (("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if len(word) >= shortest and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def similarity_tokens(key: str) -> list[str]:
    """Tokens for similarity: stemmed words for spaced scripts, character bigrams for Japanese."""
    tokens = [light_stem(w) for w in _WORD.findall(key)]
    for run in _CJK_RUN.findall(key):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None
