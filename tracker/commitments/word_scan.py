"""Whole-word phrase scans that try a phrase only where a word can start.

A lexicon scan for whole words, ``(?<![B])(?:phrases)(?![B])`` (B: the characters a phrase
may not touch, such as ``\\w-``), makes the regex engine set up a match, test the lookbehind
and try the phrases' first letters at every character of the text. Written as
``[^B](phrases)(?![B])`` and run over the text after one space, the scan opens with a
character class, which the engine tests in a tight loop before it sets up any match: a phrase
is tried only after a character outside B (a space, a bracket), and the space stands for the
start of the text, where the lookbehind finds no character. For ASCII text the class can be
spelt out as the ASCII characters outside B, a bitmap, cheaper than a class with a category
such as ``\\w``, which costs a look-up in the Unicode tables per character.

The two forms find the same phrases at the same places when every phrase begins with a
character of B: a phrase then never begins where the last one found ended (the lookahead left
a character outside B there), so the character the new form reads before each phrase is never
part of a phrase the former would have found. `WordScan` checks this of its phrases (and that
a space is outside B) and keeps the former form for a lexicon that breaks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tracker.regex_cache import compile_regex

__all__ = ["WordScan"]


class WordScan:
    """The whole-word occurrences of a lexicon's phrases, as ``(?<![B])(?:alternation)(?![B])``
    finds them, with less work (see the module doc)."""

    __slots__ = ("_after", "_after_ascii", "_whole")

    def __init__(
        self,
        alternation: str,
        boundary: str,
        first_chars: Iterable[str],
        flags: int = 0,
        *,
        ascii_class: bool = False,
        ascii_only: bool = False,
    ) -> None:
        """`alternation`: the phrases' regex; `boundary`: the body of B's character class;
        `first_chars`: the first character of every phrase. `ascii_class`: also keep the form
        for ASCII text with B's complement spelt out (worth it where B holds a category);
        `ascii_only`: keep that form alone, the caller scanning only ASCII text."""
        self._whole: re.Pattern[str] | None = None
        self._after: re.Pattern[str] | None = None
        self._after_ascii: re.Pattern[str] | None = None
        in_boundary = compile_regex(f"[{boundary}]", flags)
        if in_boundary.match(" ") or not all(in_boundary.match(char) for char in first_chars):
            self._whole = compile_regex(rf"(?<![{boundary}])(?:{alternation})(?![{boundary}])", flags)
            return
        if ascii_class or ascii_only:
            self._after_ascii = _ascii_form(alternation, boundary, flags)
        if self._after_ascii is None or not ascii_only:
            self._after = compile_regex(rf"[^{boundary}]((?:{alternation}))(?![{boundary}])", flags)

    def spans(self, text: str, pos: int = 0) -> Iterator[tuple[int, int, str]]:
        """(start, end, phrase as written) of each occurrence at or after `pos`, in order, as
        ``finditer(text, pos)`` of the lookbehind form gives them (the character before `pos`
        counts as the one before a phrase, as the lookbehind reads it)."""
        if self._whole is not None:
            for m in self._whole.finditer(text, pos):
                yield m.start(), m.end(), m.group()
            return
        after = self._after_ascii if self._after_ascii is not None and text.isascii() else self._after
        assert after is not None, "an ASCII-only scan was given other text"
        # in the text after one space, the character before a phrase at `pos` stands at `pos`
        for m in after.finditer(" " + text, pos):
            yield m.start(1) - 1, m.end(1) - 1, m.group(1)


def _ascii_form(alternation: str, boundary: str, flags: int) -> re.Pattern[str] | None:
    """The scan for ASCII text, the class before a phrase listing the ASCII characters outside B
    (None when case-insensitive: a listed letter would match its other case too)."""
    if flags & re.IGNORECASE:
        return None
    outside = compile_regex(f"[^{boundary}]")
    listed = "".join(re.escape(chr(code)) for code in range(128) if outside.match(chr(code)))
    return compile_regex(rf"[{listed}]((?:{alternation}))(?![{boundary}])", flags) if listed else None
