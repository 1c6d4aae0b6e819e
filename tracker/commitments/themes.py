"""Themes: which policy themes a commitment is about, and how much weight each carries.

The packaged lexicon (``tracker/data/themes.toml``) gives every default theme
English and Japanese terms. A sentence carries every theme one of whose terms
it contains; a theme's weight in a version is the strength-weighted count of
the commitments that carry it (strong 3, moderate 2, weak 1, negated 0), so a
plan turning from one theme to another shows even when its length does not
change. Amounts, counts and dates inside a commitment do not move its weight.

A corpus may extend or replace the lexicon in its ``tracker.toml``::

    [themes]
    replace = false                 # true: start from nothing instead of the packaged themes
    exclude = ["cybersecurity"]     # packaged themes to drop

    [themes.sovereign-ai]           # an existing theme: these terms are added to it
    en = ["national champion"]
    ja = ["国産クラウド"]

    [themes.space]                  # a new theme
    label = "Space"
    label_ja = "宇宙"
    en = ["satellite", "launch vehicle"]
    ja = ["衛星", "ロケット"]

A theme table may also set ``terms_replace = true`` to use only its own terms,
and ``contrasts = ["other-theme"]`` to name themes that pull the other way
(sovereign-ai and provider-diversification): the relation is symmetric, and a
diff names a shift between two contrasting themes before any other pairing.
English terms match as whole words, case-insensitively, with plural -s/-es and
hyphen/space variants; a ``*`` in an English term stands for at most one word
("multiple * providers" also finds "multiple cloud providers"). Japanese terms
match as substrings. All the terms of a
lexicon are compiled into one regular expression per language, so a sentence
costs one or two scans whatever the lexicon's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from tracker.commitments.model import STRENGTH_WEIGHTS, Commitment
from tracker.commitments.trie import char_trie
from tracker.commitments.word_scan import WordScan
from tracker.data_tables import packaged_table
from tracker.errors import CorpusError
from tracker.regex_cache import compile_regex

DEFAULT_THEMES: tuple[str, ...] = (
    "sovereign-ai",
    "provider-diversification",
    "compute-infrastructure",
    "semiconductors",
    "research-funding",
    "talent",
    "safety-governance",
    "regulation",
    "data",
    "cybersecurity",
    "international-cooperation",
    "public-sector-adoption",
    "industry-adoption",
)

_THEME_ID = compile_regex(r"^[a-z0-9][a-z0-9-]*$")
_OPTION_KEYS = {"replace", "exclude"}
_THEME_KEYS = {"label", "label_ja", "en", "ja", "terms_replace", "description", "contrasts"}


@dataclass(frozen=True)
class Theme:
    """One theme: its id, labels and the terms that put a commitment on it."""

    id: str
    label: str
    label_ja: str
    en: tuple[str, ...]
    ja: tuple[str, ...]
    contrasts: tuple[str, ...] = ()  # themes that pull the other way (declared on either side)


_TERM_SEPARATOR = compile_regex(r"[\s\-‐–]+")


def _fold_en(term: str) -> str:
    return " ".join(_TERM_SEPARATOR.split(term.casefold().strip()))


#: The characters a space in an English term stands for, besides " " itself: other white
#: space and hyphens/dashes. themes_of turns each into one " " before the term scan, so the
#: term regex writes a space as " *" instead of "[\s\-‐–]*": the same matches (one character
#: for one, and _fold_en folds both alike), and a regex that compiles about 3x faster.
_OTHER_SEPARATOR = compile_regex(r"[^\S ]|[\-‐–]")
#: The characters `_OTHER_SEPARATOR` matches, listed (a test checks them against it): looking
#: for each with `in` costs a sentence a tenth of the regex search, which tests every character.
_OTHER_SEPARATORS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f-\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2010\u2013\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_OTHER_SEPARATORS = "".join(char for char in _OTHER_SEPARATORS if char.isascii())


def _gap_pattern(folded: str) -> str:
    """The regex of a folded English term whose "*" words stand for at most one word."""
    words = folded.split()
    out = ""
    for i, word in enumerate(words):
        if word == "*":
            out += r"(?:[a-z0-9][\w'-]*[\s\-‐–]+)?"
            continue
        out += re.escape(word)
        if i + 1 < len(words):
            out += r"[\s\-‐–]+"
    return out


@dataclass(frozen=True, eq=False)
class ThemeLexicon:
    """A set of themes, compiled for matching. Compared by identity; build it once per corpus."""

    themes: tuple[Theme, ...]
    _en_re: WordScan | None = field(repr=False, default=None)
    _ja_re: re.Pattern[str] | None = field(repr=False, default=None)
    _en_map: Mapping[str, tuple[str, ...]] = field(repr=False, default_factory=dict)
    _ja_map: Mapping[str, tuple[str, ...]] = field(repr=False, default_factory=dict)
    _gap_re: re.Pattern[str] | None = field(repr=False, default=None)  # terms with "*", one group each
    _gap_ids: tuple[tuple[str, ...], ...] = field(repr=False, default=())
    # a word each "*" term must contain (its longest): a text with none of them skips _gap_re's scan
    _gap_words: tuple[str, ...] = field(repr=False, default=())
    # matched English text -> its themes (a lexicon has few terms, a corpus many sentences)
    _en_matches: dict[str, tuple[str, ...]] = field(init=False, repr=False, default_factory=dict)
    memo: dict[Any, Any] = field(
        repr=False, default_factory=dict
    )  # analyze_sentence's cache for this lexicon

    @classmethod
    def build(cls, themes: Iterable[Theme]) -> ThemeLexicon:
        """Compile the terms of `themes` into one alternation per language."""
        themes = tuple(themes)
        order = {t.id: i for i, t in enumerate(themes)}
        en_map: dict[str, set[str]] = {}
        ja_map: dict[str, set[str]] = {}
        en_terms: set[str] = set()
        gap_map: dict[str, set[str]] = {}
        for theme in themes:
            for term in theme.en:
                folded = _fold_en(term)
                if "*" in folded:
                    gap_map.setdefault(folded, set()).add(theme.id)
                elif folded:
                    en_map.setdefault(folded, set()).add(theme.id)
                    en_terms.add(folded)
            for term in theme.ja:
                if term.strip():
                    ja_map.setdefault(term.strip(), set()).add(theme.id)
        en_re = None
        if en_terms:
            alternation = char_trie(en_terms, space=" *")  # see _OTHER_SEPARATOR
            # (?<![a-z0-9])(?:alternation)(?:e?s)?(?![a-z0-9]), scanned where a word can start
            en_re = WordScan(f"(?:{alternation})(?:e?s)?", "a-z0-9", (term[:1] for term in en_terms))
        ja_re = compile_regex(char_trie(ja_map)) if ja_map else None
        gap_terms = sorted(gap_map)
        gap_re = None
        if gap_terms:
            parts = (f"(?P<g{i}>{_gap_pattern(term)})" for i, term in enumerate(gap_terms))
            gap_re = compile_regex(rf"(?<![a-z0-9])(?:{'|'.join(parts)})(?:e?s)?(?![a-z0-9])")

        def ordered(ids: set[str]) -> tuple[str, ...]:
            return tuple(sorted(ids, key=order.__getitem__))

        return cls(
            themes,
            en_re,
            ja_re,
            {k: ordered(v) for k, v in en_map.items()},
            {k: ordered(v) for k, v in ja_map.items()},
            _gap_re=gap_re,
            _gap_ids=tuple(ordered(gap_map[t]) for t in gap_terms),
            _gap_words=tuple(
                sorted({max((w for w in t.split() if w != "*"), key=len, default="") for t in gap_terms})
            ),
        )

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """The theme ids in lexicon order."""
        return tuple(t.id for t in self.themes)

    @property
    def contrasts(self) -> Mapping[str, frozenset[str]]:
        """Each theme's contrasting themes in this lexicon, made symmetric (a <-> b)."""
        present = set(self.ids)
        pairs: dict[str, set[str]] = {t: set() for t in self.ids}
        for theme in self.themes:
            for other in theme.contrasts:
                if other in present and other != theme.id:
                    pairs[theme.id].add(other)
                    pairs[other].add(theme.id)
        return {t: frozenset(v) for t, v in pairs.items()}

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id (KeyError if the lexicon has none)."""
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def _en_ids(self, matched: str) -> tuple[str, ...]:
        """The themes of a term the English regex matched (with a plural -s/-es or not)."""
        folded = _fold_en(matched)
        ids = self._en_map.get(folded)
        if ids is None:
            for cut in (1, 2):
                ids = self._en_map.get(folded[:-cut])
                if ids is not None:
                    break
        return ids or ()

    def themes_of(self, text: str) -> tuple[str, ...]:
        """Every theme one of whose terms occurs in `text`, in lexicon order."""
        found: set[str] = set()
        lowered = text.lower()
        if self._en_re is not None:
            scanned = lowered
            separators = _ASCII_OTHER_SEPARATORS if scanned.isascii() else _OTHER_SEPARATORS
            if any(separator in scanned for separator in separators):
                scanned = _OTHER_SEPARATOR.sub(" ", scanned)
            resolved = self._en_matches
            for _, _, matched in self._en_re.spans(scanned):
                ids = resolved.get(matched)
                if ids is None:
                    ids = resolved[matched] = self._en_ids(matched)
                if ids:
                    found.update(ids)
        if self._gap_re is not None and any(word in lowered for word in self._gap_words):
            for m in self._gap_re.finditer(lowered):
                found.update(self._gap_ids[int((m.lastgroup or "g0")[1:])])
        if self._ja_re is not None and not text.isascii():
            for m in self._ja_re.finditer(text):
                found.update(self._ja_map.get(m.group(0), ()))
        if not found:
            return ()
        return tuple(t for t in self.ids if t in found)


def _packaged() -> dict[str, Any]:
    return packaged_table("themes.toml")


def _theme_from(theme_id: str, table: Mapping[str, Any], base: Theme | None) -> Theme:
    unknown = set(table) - _THEME_KEYS
    if unknown:
        raise CorpusError(
            f"tracker.toml [themes.{theme_id}]: unknown key(s) {', '.join(sorted(unknown))}; "
            f"use {', '.join(sorted(_THEME_KEYS))}"
        )
    for key in ("en", "ja", "contrasts"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CorpusError(f"tracker.toml [themes.{theme_id}] {key} must be a list of strings")
    replace_terms = bool(table.get("terms_replace", False))
    en = tuple(table.get("en", []))
    ja = tuple(table.get("ja", []))
    if base is not None and not replace_terms:
        en = base.en + tuple(t for t in en if t not in base.en)
        ja = base.ja + tuple(t for t in ja if t not in base.ja)
    label = str(table.get("label") or (base.label if base else theme_id.replace("-", " ").capitalize()))
    label_ja = str(table.get("label_ja") or (base.label_ja if base else label))
    contrasts = tuple(table.get("contrasts", []))
    if base is not None:
        contrasts = base.contrasts + tuple(c for c in contrasts if c not in base.contrasts)
    return Theme(theme_id, label, label_ja, en, ja, contrasts)


def _check_contrasts(themes: Mapping[str, Theme], known: Iterable[str]) -> None:
    """A contrast must name a theme: one of the lexicon's, or a packaged one the corpus excluded."""
    names = set(themes) | set(known)
    for theme in themes.values():
        for other in theme.contrasts:
            if other not in names:
                raise CorpusError(
                    f"tracker.toml [themes.{theme.id}] contrasts names unknown theme {other!r}; "
                    f"known: {', '.join(sorted(names))}"
                )


def load_lexicon(overrides: Mapping[str, Any] | None = None) -> ThemeLexicon:
    """The packaged themes, extended or replaced by a corpus's ``[themes]`` table (see the module doc).

    Raises CorpusError, naming the key, when the override is malformed.
    """
    if not overrides:
        return default_lexicon()
    if not isinstance(overrides, Mapping):
        raise CorpusError("tracker.toml [themes] must be a table")
    packaged = {tid: _theme_from(tid, table, None) for tid, table in _packaged().items()}
    replace = overrides.get("replace", False)
    if not isinstance(replace, bool):
        raise CorpusError("tracker.toml [themes] replace must be true or false")
    exclude = overrides.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise CorpusError("tracker.toml [themes] exclude must be a list of theme ids")
    themes: dict[str, Theme] = {} if replace else dict(packaged)
    for tid in exclude:
        if tid not in packaged:
            raise CorpusError(
                f"tracker.toml [themes] exclude names unknown theme {tid!r}; known: {', '.join(packaged)}"
            )
        themes.pop(tid, None)
    for key, value in overrides.items():
        if key in _OPTION_KEYS:
            continue
        if not isinstance(value, Mapping):
            raise CorpusError(
                f"tracker.toml [themes] {key!r} is neither an option (replace, exclude) nor a theme table"
            )
        if not _THEME_ID.match(key):
            raise CorpusError(
                f"tracker.toml [themes.{key}]: a theme id is lower-case letters, digits and '-'"
            )
        themes[key] = _theme_from(key, value, themes.get(key))
    if not themes:
        raise CorpusError("tracker.toml [themes] leaves no theme: add a theme table or drop replace = true")
    _check_contrasts(themes, packaged)
    return ThemeLexicon.build(themes.values())


def corpus_lexicon(settings: Mapping[str, Any] | None) -> ThemeLexicon:
    """The lexicon of a corpus, from its tracker.toml settings (the packaged themes extended
    or replaced by its ``[themes]`` table): the one the CLI, the site and the watcher use,
    so a report reads the same whichever of them made it."""
    return load_lexicon((settings or {}).get("themes"))


@cache
def default_lexicon() -> ThemeLexicon:
    """The packaged lexicon, compiled once per process."""
    return ThemeLexicon.build(_theme_from(tid, table, None) for tid, table in _packaged().items())


def commitment_weight(commitment: Commitment) -> float:
    """What one commitment adds to each of its themes: its strength weight, 0 when negated."""
    if commitment.negated:
        return 0.0
    return STRENGTH_WEIGHTS.get(commitment.strength, 0.0)


def theme_weights(
    commitments: Iterable[Commitment | None], themes: Iterable[str] | None = None
) -> dict[str, float]:
    """Each theme's strength-weighted count over `commitments` (None entries are skipped).

    With `themes` (e.g. ``lexicon.ids``) every one of them is present, with 0 when
    nothing carries it; keys come in that order, then any others sorted.
    """
    totals: dict[str, float] = {t: 0.0 for t in themes} if themes is not None else {}
    for c in commitments:
        if c is None:
            continue
        weight = commitment_weight(c)
        for theme in c.themes:
            totals[theme] = totals.get(theme, 0.0) + weight
    if themes is None:
        return dict(sorted(totals.items()))
    return totals
