"""Lead-ins: the sentence that introduces a list ("The Agency shall:", "... as follows.").

Ingestion asks it whether a numbered line is a list item rather than a heading; the differ
asks it which sentence governs the points below it. One reading serves both, so a text is
split the same way it is later compared.
"""

from __future__ import annotations

import re

from tracker.regex_cache import compile_regex

#: The end of a lead-in: a colon, or a Japanese sentence that announces what follows
#: ("次の施策を実施する。", "次に掲げる事項を定める。").
_LEAD_IN_END = compile_regex(r"(?:[:：]|次(?:の|に掲げる)[^。！？]*。)\s*$")
#: An English sentence ending with a full stop that announces the list below it: "... as follows.",
#: "the following measures", "the actions set out below", "... will take these steps." ("the
#: following year" is a time, not a list). A full stop inside a word ("Society 5.0", "e.g.") ends no sentence.
_ANNOUNCES_LIST = compile_regex(
    r"\bas\s+follows\s*\.\s*$"
    r"|\bthe\s+following\b(?!\s+(?:year|years|day|days|week|weeks|month|months|decade|decades|period|"
    r"session|sessions|morning|evening|quarter|quarters|spring|summer|autumn|fall|winter)\b)(?:[^.!?]|[.!?](?=\S))*\.\s*$"
    r"|\b(?:listed|set\s+out|set\s+forth|described|outlined|shown|detailed|summari[sz]ed|given|presented)"
    r"\s+below\b(?:[^.!?]|[.!?](?=\S))*\.\s*$"
    r"|\bth(?:ese|ose)\s+(?:\w+\s+){0,2}(?:measures|actions|steps|initiatives|activities|priorities|"
    r"commitments|tasks)\s*\.\s*$",
    re.IGNORECASE,
)


#: A lead-in that breaks off where a colon was meant: a semicolon or a dash ("The Minister must—").
_OPEN_PUNCTUATION = compile_regex(r"(?:[;；—–]|\s-)\s*$")
#: ... or, as a paragraph of its own, a comma, or a word no English sentence ends with: a modal
#: ("they shall"), a preposition, an article or a conjunction ("a description of"), "in particular".
_OPEN_WORD = compile_regex(
    r"(?:,|(?<![\w-])(?:shall|must|may|will|should|can|could|of|to|for|in|on|with|by|from|at|as|into|"
    r"under|between|including|the|a|an|and|or|that|whether|namely|particular|addition|alia))\s*$"
)


#: How much of a text's end the open-end patterns need to see: the longest word of `_OPEN_WORD`,
#: the character before it and room to spare. Searching only the tail keeps a long paragraph from
#: being scanned at every position for an ending.
_OPEN_TAIL = 24


def _tail(text: str) -> str:
    return text.rstrip()[-_OPEN_TAIL:]


def ends_open(text: str) -> bool:
    """Whether a text breaks off where a colon was meant: a semicolon or a dash ("The Minister must—")."""
    return _OPEN_PUNCTUATION.search(_tail(text)) is not None


def opens_points(text: str) -> bool:
    """Whether a paragraph that first points ("(a)", "(i)", "(1)") follow directly is their lead-in,
    its colon missing: it ends with a semicolon or a dash, a comma, or a word that leaves it open
    ("To that end, the Agency shall" / "(a) publish ...").

    A lead-in written so is no commitment of its own, as one ending with a colon is not: its points are.
    """
    tail = _tail(text)
    return _OPEN_PUNCTUATION.search(tail) is not None or _OPEN_WORD.search(tail) is not None


def is_lead_in(text: str) -> bool:
    """Whether a sentence or paragraph introduces the list or points that follow it.

    A colon ends a lead-in; so does a full stop after words that announce a list ("as follows.",
    "the following activities", "set out below", "these measures.").
    """
    if _LEAD_IN_END.search(text) is not None:
        return True
    return text.rstrip().endswith(".") and _ANNOUNCES_LIST.search(text) is not None


#: What ends a lead-in where a sentence would end: a colon, or the semicolon, dash or comma
#: of one whose colon is missing.
_OPEN_END = compile_regex(r"\s*(?:[:：;；,，—–]|\s-)\s*$")


def as_statement(lead_in: str, language: str) -> str:
    """A lead-in closed as a sentence: "Providers shall keep records of:" -> "... of."."""
    return _OPEN_END.sub("", lead_in) + ("。" if language == "ja" else ".")
