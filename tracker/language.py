"""Language detection that is good enough to pick sentence and commitment rules.

Policy documents are long and single-language, so counting scripts (kana, hangul,
ideographs) separates Japanese, Korean and Chinese from Latin-script text, and a
small stop-word profile tells English, Dutch, German, French, Spanish, Italian and
Portuguese apart. No model is loaded; the result is deterministic.
"""

from __future__ import annotations

from collections import Counter
from itertools import filterfalse

from tracker.regex_cache import compile_regex

_KANA_CHARS = r"\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff"
_HANGUL_CHARS = r"\uac00-\ud7af\u1100-\u11ff"
_HAN_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = compile_regex(f"[{_KANA_CHARS}]")
_HANGUL = compile_regex(f"[{_HANGUL_CHARS}]")
_HAN = compile_regex(f"[{_HAN_CHARS}]")
_ANY_CJK = compile_regex(f"[{_KANA_CHARS}{_HANGUL_CHARS}{_HAN_CHARS}]")
_LATIN_WORD = compile_regex(r"[^\W\d_]+")

# The most frequent function words of each language; words shared by several
# languages ("de", "in", "a") count for each of them, which the margin check absorbs.
_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is that for it as with be by on not this are or from at which an have "
        "will shall should its their has been such where these may other".split()
    ),
    "nl": frozenset(
        "de het een van en in is dat op te voor met zijn niet aan door worden wordt als bij "
        "deze die of ook om uit tot naar dan kan moet zij".split()
    ),
    "de": frozenset(
        "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch "
        "werden wird oder bei nach durch sind einer".split()
    ),
    "fr": frozenset(
        "le la les de des et en du un une est que qui dans pour par sur au aux pas ce ne sont "
        "être ou avec leur cette doit".split()
    ),
    "es": frozenset(
        "el la los las de del y en que un una es por para con no se al lo como su sus más "
        "debe ser o este esta".split()
    ),
    "it": frozenset(
        "il lo la gli le di e che un una è per con non si del della dei delle al alla nel "
        "sono essere come anche".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e que um uma é por para com não se ao no na nos em "
        "ser como mais seu sua".split()
    ),
}
_LANGUAGE_ORDER = tuple(sorted(_STOP_WORDS))
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {
    word: tuple(language for language in _LANGUAGE_ORDER if word in _STOP_WORDS[language])
    for word in sorted(set().union(*_STOP_WORDS.values()))
}
_SAMPLE_CHARS = 200_000


def detect_language(text: str) -> str:
    """An ISO 639-1 code ("en", "ja", "nl", ...) or "und" when the text gives too little to go on."""
    sample = text[:_SAMPLE_CHARS]
    if sample.isascii() or _ANY_CJK.search(sample) is None:  # none to count: skip three scans
        kana = hangul = han = 0
    else:
        kana = len(_KANA.findall(sample))
        hangul = len(_HANGUL.findall(sample))
        han = len(_HAN.findall(sample))
    words = _latin_words(sample)
    cjk = kana + hangul + han
    if cjk and cjk >= sum(len(word) for word in words if word.isascii() or _is_latin(word)) * 0.25:
        if kana >= max(hangul, 1) and kana * 20 >= han:
            return "ja"
        if hangul > kana:
            return "ko"
        return "zh" if han else "und"
    return _latin_language(words)


def _latin_words(sample: str) -> list[str]:
    """The words `_LATIN_WORD` finds in `sample`, in another order (the counts do not depend on it).

    No white space is a letter, so no word spans two tokens of `str.split`; a token of letters
    only (`str.isalpha`: each is in `_LATIN_WORD`'s class) is one word as it stands. The regex,
    which costs most of a detection, reads only the other tokens ("policy,", "2030").
    """
    tokens = sample.split()
    words = list(filter(str.isalpha, tokens))
    words += _LATIN_WORD.findall(" ".join(filterfalse(str.isalpha, tokens)))
    return words


def _is_latin(word: str) -> bool:
    return all(char < "\u0250" for char in word)


def _latin_language(words: list[str]) -> str:
    counts = dict.fromkeys(_LANGUAGE_ORDER, 0)
    # counted in C, then each distinct word lower-cased once; then one look-up per stop word
    frequency: dict[str, int] = {}
    for word, times in Counter(words).items():
        low = word.lower()
        frequency[low] = frequency.get(low, 0) + times
    for word, languages in _LANGUAGES_OF_WORD.items():
        seen = frequency.get(word)
        if seen:
            for language in languages:
                counts[language] += seen
    ranked = sorted(_LANGUAGE_ORDER, key=lambda language: (-counts[language], language))
    best, runner_up = ranked[0], ranked[1]
    if counts[best] < 2 or counts[best] == counts[runner_up]:
        return "und"
    return best
