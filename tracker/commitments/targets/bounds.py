"""Bounds: "at least", "up to", "more than", 以上, 以下, 以内 around a number are part of its target."""

from __future__ import annotations

import re

from tracker.regex_cache import compile_regex

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


def bound_of(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 24) : start]
    for pattern, bound in _BOUND_BEFORE:
        if pattern.search(before):
            return bound
    after = text[end : end + 12]
    for pattern, bound in _BOUND_AFTER:
        if pattern.search(after):
            return bound
    return None
