"""Action-plan lines: an action, the bodies responsible in brackets, the year it is due.

Government action plans list their measures as lines with no modal verb ("Development of a
model curriculum (FY 2027) [MEXT, METI]", "Publish the audit guide (by Q2 2027)"). Such a
line commits the bodies it names, as a row of a schedule table with a body's cell and a
due-date cell does (see `analysis`). A line is read as one when it

- ends with a tag naming responsible bodies ("[MEXT]", "[DSIT, Cabinet Office]") and either
  gives a year or opens with an action, or
- ends with a due date in brackets ("(FY 2027)", "(by end-2026)", "(Q3 2027)") and opens with
  an action: a verb in the imperative ("Develop"), a gerund ("Developing") or an action noun
  ("Development of", "Support for").

Its modality is the one its action word would carry after "will" (``[action_items]`` in
``cues_en.toml``): "Consideration of" is weak, "Promotion of" moderate, any other action strong.
Brackets that name no body ("[1]", "[Annex 2]", "[High Schools]", "[Smith 2021]") are no tag, and
a sentence that opens like prose ("The ...", "It ...", "We ...") is no action line.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from tracker.commitments.actors import cell_actor, display_name
from tracker.commitments.actors.aliases import is_alias
from tracker.commitments.cues import load_cue_file
from tracker.regex_cache import compile_regex

#: A tag of bodies closing the line: "[MEXT, METI]", "［DSIT］", "【Cabinet Office】", perhaps followed by a
#: full stop. No digits inside: "[1]", "[Annex 2]". A number after the tag ("[MEXT] 53") is not
#: taken for a page number: whether extraction left one there depends on where the source's
#: lines broke, and the same text must read the same in every format.
_TAG = compile_regex(r"[\[［【]\s*([^\[\]［］【】\d()]{2,160}?)\s*[\]］】]\s*\.?\s*$")
_TAG_SPLIT = compile_regex(r"\s*[,;、・/]\s*(?:and\s+|&\s+)?")
#: One name in a tag: capitalised, a few words, no sentence punctuation.
_NAME = compile_regex(r"(?:[A-Z][\w&'’.-]*|R&D)(?:\s+[\w&'’.-]+){0,7}")
_YEAR = r"(?:19|20)\d\d(?:\s*[/–-]\s*(?:19|20)?\d\d)?"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DEADLINE_WORD = r"(?:by|until|till|before|no\s+later\s+than|not\s+later\s+than|due)"
_PERIOD_OF_YEAR = (
    r"(?:(?:the\s+)?(?:end|start|beginning|middle|first\s+half|second\s+half)\s+of\s+|"
    r"(?:end|mid|early|late)[\s-]+|(?:spring|summer|autumn|fall|winter)\s+)"
)
#: A due date as the whole of a bracket: a fiscal year, a quarter or half, a month, or a year after
#: a deadline word ("(by 2027)", "(by the end of FY 2026)"); a bare "(2021)" may date a source or
#: a figure, so it is a due date only after a deadline word.
_DUE_DATE = (
    rf"(?:{_DEADLINE_WORD}\s+)?(?:{_PERIOD_OF_YEAR})?(?:J?FY\s?{_YEAR}|(?:Q[1-4]|H[12])\s+{_YEAR}|{_MONTH}\s+{_YEAR})"
    rf"|{_DEADLINE_WORD}\s+(?:{_PERIOD_OF_YEAR})?{_YEAR}"
    rf"|(?:{_PERIOD_OF_YEAR}){_YEAR}"
)
_DUE_AT_END = compile_regex(rf"\(\s*(?:{_DUE_DATE})\s*\)\s*\.?\s*$", re.IGNORECASE)
#: Any year in brackets ("(FY 2020)", "(100 courses in FY 2026)"): with a tag of bodies, a schedule.
_YEAR_IN_BRACKETS = compile_regex(r"\([^()]*?\b(?:19|20)\d\d\b[^()]*\)")
#: A line that opens like prose names its subject first: it is a sentence, not an action line.
_PROSE_OPENERS = frozenset(
    "the a an this these that those it its they their we our there he she his her i you your "
    "such each every all some one".split()
)
_WORD = compile_regex(r"[A-Za-z][\w&'’-]*")
#: An action noun by its form ("Development", "Provision", "Approval", "Procurement").
_ACTION_SUFFIX = compile_regex(r"(?:tion|sion|ment|ance|ence|ure|sal|val|ing|sis)s?$", re.IGNORECASE)
#: What follows an action noun: its object or a second action ("Development and launch of ...").
_NOUN_FOLLOWER = frozenset("of for to in into on with and through towards toward regarding at by".split())
#: The modal words a relative clause opens with: "methods that will be the basis ...".
_RELATIVE_BEFORE = compile_regex(
    r"\b(?:that|which|who|whom|whose|where|when)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
#: How many words after the head may hold the deciding action word ("Further promotion of").
_HEAD_WORDS = 3


class ActionItem(NamedTuple):
    """What an action-plan line says: how firmly, who (the tag's bodies), and the line without its tag."""

    strength: str
    cues: tuple[str, ...]
    actor: str | None
    body: str  # the line without its tag of bodies
    action_head: bool  # it opens with an action (a verb, a gerund or an action noun)


class _Lexicon(NamedTuple):
    kind_of: dict[str, str]  # action word -> weak | moderate
    imperatives: frozenset[str]
    nouns: frozenset[str]
    not_heads: frozenset[str]
    openers: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    data = load_cue_file("cues_en.toml")["action_items"]
    kind_of = {w.casefold(): "weak" for w in data["weak"]}
    kind_of.update({w.casefold(): "moderate" for w in data["moderate"]})
    return _Lexicon(
        kind_of=kind_of,
        imperatives=frozenset(w.casefold() for w in data["imperatives"]),
        nouns=frozenset(w.casefold() for w in data["nouns"]),
        not_heads=frozenset(w.casefold() for w in data["not_heads"]),
        openers=frozenset(w.casefold() for w in data["clause_openers"]),
    )


def may_be_action_item(sentence: str) -> bool:
    """A quick test: does the sentence end with a bracket (a tag or a due date)?"""
    tail = sentence[-8:]
    return "]" in tail or "】" in tail or "］" in tail or ")" in tail


def tag_bodies(sentence: str) -> tuple[int, list[str]] | None:
    """Where the closing tag of bodies starts and the names in it, or None when none closes the line."""
    m = _TAG.search(sentence)
    if m is None:
        return None
    inside = " ".join(m.group(1).split())
    if is_alias(inside):
        return m.start(), [inside]
    names = [n for n in _TAG_SPLIT.split(inside) if n]
    if not names or any(_NAME.fullmatch(n) is None for n in names):
        return None
    if not any(cell_actor(n, "en") is not None for n in names):
        return None  # "[High Schools]", "[Key Actions]": a heading in brackets, no body
    return m.start(), names


def _head(words: list[str], text: str) -> int:
    """The index of the line's first word after a leading clause ("In order to ..., development of")."""
    if not words or words[0].casefold() not in _lexicon().openers:
        return 0
    comma = _first_comma_outside_brackets(text)
    if comma is None:
        return 0
    return len(_WORD.findall(text, 0, comma))


def _first_comma_outside_brackets(text: str) -> int | None:
    depth = 0
    for at, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            return at
    return None


def _opens_with_action(words: list[str], head: int) -> bool:
    lex = _lexicon()
    if head >= len(words):
        return False
    first = words[head].casefold()
    if first in lex.imperatives or first in lex.kind_of:
        return True
    if first.endswith("ing") and first not in lex.not_heads and len(first) > 5:
        return True  # a gerund: "Developing", "Providing"
    # an action noun, perhaps after a word or two ("Early utilization of", "National expansion of")
    for i in range(head, min(head + _HEAD_WORDS, len(words) - 1)):
        word = words[i].casefold()
        noun = word in lex.nouns or _ACTION_SUFFIX.search(word) is not None
        if noun and words[i + 1].casefold() in _NOUN_FOLLOWER:
            return word not in lex.not_heads
    return False


def _modality_word(words: list[str], head: int) -> tuple[str, str] | None:
    """The first weak or moderate action word at the head of the line: ("weak", "consideration")."""
    kind_of = _lexicon().kind_of
    for word in words[head : head + _HEAD_WORDS]:
        kind = kind_of.get(word.casefold())
        if kind:
            return kind, word.casefold()
    return None


def action_item(sentence: str) -> ActionItem | None:
    """The action-plan reading of an English line with no modal of its own, or None."""
    if not may_be_action_item(sentence):
        return None
    tag = tag_bodies(sentence)
    body = sentence[: tag[0]].rstrip() if tag else sentence
    words = _WORD.findall(body)
    if len(words) < 2 or words[0].casefold() in _PROSE_OPENERS:
        return None
    head = _head(words, body)
    action = _opens_with_action(words, head)
    if tag is not None:
        if not action and _YEAR_IN_BRACKETS.search(body) is None:
            return None
    elif not action or _DUE_AT_END.search(body) is None:
        return None
    found = _modality_word(words, head)
    strength, cues = (found[0], (found[1],)) if found else ("strong", ())
    actor = ", ".join(dict.fromkeys(display_name(n, "en") for n in tag[1])) if tag else None
    return ActionItem(strength, cues, actor, body, action)


def in_relative_clause(sentence: str, cue_start: int) -> bool:
    """Whether a modal word stands in a relative clause ("methods that will be ..."): not the line's own."""
    return _RELATIVE_BEFORE.search(sentence, max(0, cue_start - 40), cue_start) is not None


# ---------------------------------------------------------------------------------------- Japanese

#: Brackets closing a Japanese line: a due date （2027年度）, a note （再掲）, a tag of bodies 【総務省】.
_JA_TRAILING_BRACKETS = compile_regex(
    r"(?:\s*[（(［\[【][^（）()［］\[\]【】]{0,80}[）)］\]】])+\s*[。．.]?\s*$"
)
_JA_TAG = compile_regex(r"[【［\[]\s*([^【】［］\[\]（）()]{1,80}?)\s*[】］\]]\s*[。．.]?\s*$")
_JA_TAG_SPLIT = compile_regex(r"\s*[、，,・/]\s*")
#: The action noun a line ends with, and the ones joined to it before ("検討・推進", "整備及び運用").
_JA_ACTION = compile_regex(r"((?:[一-龥々ァ-ヴー]+(?:・|及び|並びに))*[一-龥々ァ-ヴー]+)$")
_JA_JOINER = compile_regex(r"・|及び|並びに")


def japanese_core(sentence: str) -> str:
    """The line without the brackets that close it: the predicate or action noun stands before them."""
    m = _JA_TRAILING_BRACKETS.search(sentence)
    return sentence[: m.start()] if m else sentence


def japanese_tag(sentence: str) -> list[str] | None:
    """The bodies of a tag closing a Japanese line (【総務省、経済産業省】), or None."""
    m = _JA_TAG.search(sentence)
    if m is None:
        return None
    names = [n for n in _JA_TAG_SPLIT.split(m.group(1).strip()) if n]
    if not names or not any(cell_actor(n, "ja") is not None for n in names):
        return None
    return names


@cache
def _japanese_kinds() -> dict[str, str]:
    """サ変 action nouns of the weak and moderate cue verbs: 検討(する) weak, 推進(する) moderate."""
    data = load_cue_file("cues_ja.toml")["ending"]
    kinds: dict[str, str] = {}
    for kind in ("weak", "moderate"):
        for verb in data[kind]:
            if verb.endswith("する") and len(verb) > 2:
                kinds.setdefault(verb[:-2], kind)
    return kinds


def japanese_action_item(sentence: str) -> ActionItem | None:
    """A Japanese line that ends with an action noun and a tag of bodies (〜の整備（2027年度）【総務省】)."""
    names = japanese_tag(sentence)
    if names is None:
        return None
    core = japanese_core(sentence).rstrip()
    m = _JA_ACTION.search(core)
    if m is None or len(m.group(1)) < 2:
        return None
    first = _JA_JOINER.split(m.group(1))[0]
    kinds = _japanese_kinds()
    found = next(((kinds[first[i:]], first[i:]) for i in range(len(first) - 1) if first[i:] in kinds), None)
    strength, cues = (found[0], (found[1],)) if found else ("strong", ())
    actor = "、".join(dict.fromkeys(display_name(n, "ja") for n in names))
    return ActionItem(strength, cues, actor, core, True)
