"""Sentence splitting for English, Japanese and other Latin-script languages.

The corpus stores one sentence per line so that a reworded sentence shows up as one
changed line. A wrong split inside "e.g." or "No. 5" or a 「quotation。」 would make
unchanged text look edited, so the rules here lean towards not splitting when in doubt.

Spaces and line breaks (join_lines): a space written inside a line is kept as written
(runs of whitespace fold to one space), also where Japanese meets Latin text, so
"第2章 AI開発力" and "uses AI 基盤 models" keep their spaces. Only a line break inside a
paragraph or list item is a matter of layout: it joins with nothing when the character
before or after it is wide (Japanese/CJK, which is written without spaces), and with
one space otherwise, so re-wrapping a paragraph does not change the output. A break
right after a Latin sentence stop (". ! ?", closing quotes or brackets allowed) joins
with a space even before Japanese, so the sentence boundary survives.
Known limit: a wrap that falls exactly on an existing space at a Japanese/Latin
boundary ("AI 基盤" wrapped as "AI" / "基盤") loses that space ("AI基盤"); the text
cannot tell that break from a wrap inside a Japanese run. (Its mirror image: a wrap
right after a Latin stop before Japanese, "AI.政府" written as "AI." / "政府", gains a
space.)

The work is done with a few compiled regular expressions and one pass over their
matches; there is no per-character Python loop, so a 100,000-word text splits in a
fraction of a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.regex_cache import compile_regex
from tracker.unicode_norm import is_wide

# Abbreviations after which a period does not end a sentence (lower case, no final dot).
_COMMON = frozenset(
    """
    e.g i.e cf vs viz approx ca est no nos art arts sec secs para paras fig figs vol vols
    p pp ch chap eq ref refs rev ed eds al mr mrs ms dr prof st jr sr gov govt dept corp inc ltd co
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
_BY_LANGUAGE: dict[str, frozenset[str]] = {
    "en": _COMMON,
    "nl": _COMMON | frozenset("bijv blz nr nrs art lid resp evt incl excl vgl zgn mw dhr jl".split()),
    "de": _COMMON | frozenset("nr abs bzw ggf vgl usw inkl zzgl ca evtl gem bspw hrsg".split()),
    "fr": _COMMON | frozenset("mme mlle env cf chap paragr av apr".split()),
    "es": _COMMON | frozenset("sra srta núm art pág págs aprox admón".split()),
}
_ALL_ABBREVIATIONS = frozenset().union(*_BY_LANGUAGE.values())
# Abbreviations that also end sentences often: split after them before a capital letter.
_SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "usw"})

_OPEN_TO_CLOSE = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "［": "］",
    "｛": "｝",
    "「": "」",
    "『": "』",
    "【": "】",
    "〔": "〕",
    "〈": "〉",
    "《": "》",
    "“": "”",
}
_CLOSE_TO_OPEN = {close: open_ for open_, close in _OPEN_TO_CLOSE.items()}
# A bracket pair longer than this does not protect its content from splitting: an
# unbalanced "(" or a stray "a)" must not glue a whole page into one sentence.
_MAX_PROTECTED_SPAN = 800

_WIDE_STOPS = "。！？｡"
_ASCII_STOPS = ".!?"
_CLOSERS = "\"'”’」』）)\\]】〕〉》»"
_STOPS = f".．!?…‼⁇⁈⁉{_WIDE_STOPS}"
_OPENERS = re.escape("".join(_OPEN_TO_CLOSE))
_CLOSING_BRACKETS = re.escape("".join(_CLOSE_TO_OPEN))
_EVENTS = compile_regex(
    rf"(?P<stop>[{_STOPS}]+)(?P<close>[{_CLOSERS}]*)|(?P<open>[{_OPENERS}])|(?P<closer>[{_CLOSING_BRACKETS}])"
)
# The first character of any event. re skips ahead to a character of a pattern's leading class
# in C, but tries an alternation of groups such as _EVENTS at every position: finding where an
# event starts with this class, then reading it with _EVENTS there, scans about 6x faster.
_EVENT_START = compile_regex(rf"[{_STOPS}{_OPENERS}{_CLOSING_BRACKETS}]")
_BRACKETS = compile_regex(rf"[{re.escape(''.join(_OPEN_TO_CLOSE) + ''.join(_CLOSE_TO_OPEN))}]")
#: _BRACKETS' characters, and those of them ASCII text can hold: a paragraph without any (most
#: of them) has no protected span, found with `in` (memchr) instead of a scan of every character.
_BRACKET_CHARS = "".join(_OPEN_TO_CLOSE) + "".join(_CLOSE_TO_OPEN)
_ASCII_BRACKET_CHARS = "".join(char for char in _BRACKET_CHARS if char.isascii())
_WORD_BEFORE = compile_regex(r"[\w.\\'’-]*\w\\?$")
_WORDISH_RUN = compile_regex(r"[\w.\\'’-]*")  # _WORD_BEFORE's leading class, read on reversed text
_INITIALS = compile_regex(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ENUMERATOR = compile_regex(r"\(?(?:\d+(?:\\?\.\d+)*|[IVXLCivxlc]+|[A-Za-z])\\?$")
_NEXT_NON_SPACE = compile_regex(r"\S")
_LINE_BREAK = compile_regex(r"[ \t]*\n[ \t]*")
# A footnote call set right after a sentence stop, with no space: superscript digits ("records.¹"),
# a Markdown footnote reference ("records.[^2]"), or digits a text extraction flattened from a
# superscript ("records.2"; read so only after a word with a lower-case letter, see _cut_after).
_CALL_AFTER_STOP = compile_regex(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\[\^[^\]\s]{1,20}\]|(?P<flat>\d{1,3})(?=\s)")
_LOWER_CASE_WORD = compile_regex(r"[^\W\d_]*[a-z][^\W\d_]+$")
# A Latin sentence stop, possibly followed by closing quotes/brackets, at the end of a text.
_LATIN_STOP_AT_END = compile_regex(rf"[{_ASCII_STOPS}][{_CLOSERS}]*$")


def join_lines(text: str) -> str:
    """Join soft-wrapped lines into one line; spaces written inside a line are kept.

    A line break joins with nothing next to a wide (CJK) character and with one space
    otherwise (and after a Latin sentence stop); runs of whitespace fold to one space.
    See the module docstring for the rule and its known limit.
    """
    if "\n" in text:
        text = _LINE_BREAK.sub(_join_break, text.strip())
    return " ".join(text.split())  # str.split's white space is re's \s


def _join_break(match: re.Match[str]) -> str:
    text = match.string
    start, end = match.start(), match.end()
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and after and (is_wide(before) or is_wide(after)):
        # After a Latin stop ("AI." or 'said "AI."') the space keeps the sentence boundary visible.
        return " " if _LATIN_STOP_AT_END.search(text, max(0, start - 8), start) else ""
    return " "


def _protected_spans(text: str) -> dict[int, int]:
    """Map each opening bracket's position to its matching closer's position."""
    pairs: dict[int, int] = {}
    brackets = _ASCII_BRACKET_CHARS if text.isascii() else _BRACKET_CHARS
    if not any(bracket in text for bracket in brackets):
        return pairs
    stack: list[tuple[str, int]] = []
    for match in _BRACKETS.finditer(text):
        char, pos = match.group(), match.start()
        if char in _OPEN_TO_CLOSE:
            stack.append((char, pos))
            continue
        opener = _CLOSE_TO_OPEN[char]
        # Look a little way down the stack so one stray opener does not block the rest.
        for depth in range(len(stack) - 1, max(len(stack) - 4, -1), -1):
            if stack[depth][0] == opener:
                open_pos = stack[depth][1]
                del stack[depth:]
                if pos - open_pos <= _MAX_PROTECTED_SPAN:
                    pairs[open_pos] = pos
                break
    return pairs


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """Split a paragraph into sentences; soft line breaks are joined first.

    English: . ! ? followed by a space and a non-lowercase character, except after
    abbreviations (e.g., U.S., No. 5, Art. 5), initials and a leading enumerator;
    decimals and section numbers never split. Japanese: after 。！？ with any closing
    brackets kept, never inside 「」（）, and not before a particle that continues the
    sentence (「...。」と述べた). `language` narrows the abbreviation list; None uses all.
    """
    return split_joined(join_lines(text), language)


def split_joined(text: str, language: str | None = None) -> list[str]:
    """`split_sentences` of a text whose lines are joined already (``join_lines(text) == text``)."""
    if not text:
        return []
    abbreviations = _BY_LANGUAGE.get(language or "", _ALL_ABBREVIATIONS)
    spans = _protected_spans(text)
    cuts: list[int] = []
    open_ends: list[int] = []  # closer positions of the protected spans we are inside
    open_starts: list[int] = []
    sentence_start = 0
    for match in _events(text):
        kind = match.lastgroup
        if kind == "open":
            end = spans.get(match.start())
            if end is not None:
                open_ends.append(end)
                open_starts.append(match.start())
            continue
        if kind == "closer":
            _close_spans(open_ends, open_starts, match.start() + 1)
            continue
        outermost_closed = _close_spans(open_ends, open_starts, match.end()) if open_ends else None
        if open_ends:
            continue  # still inside a bracket or quotation
        if outermost_closed is not None and outermost_closed > sentence_start:
            continue  # a quotation or aside that ends inside the sentence: 「...。」と
        cut = _cut_after(text, match, sentence_start, abbreviations)
        if cut is not None:
            cuts.append(cut)
            following = _NEXT_NON_SPACE.search(text, cut)
            sentence_start = following.start() if following else len(text)
    sentences: list[str] = []
    start = 0
    for cut in (*cuts, len(text)):
        piece = text[start:cut].strip()
        if len(piece) > RUN_ON_CHARS:
            sentences.extend(_run_on_items(piece))
        elif piece:
            sentences.append(piece)
        start = cut
    return sentences


#: A "sentence" longer than this is a run-on block (a table, a list or a contents page flattened
#: into one paragraph by extraction): it is read item by item.
RUN_ON_CHARS = 400
# Where an item of a run-on block starts: a bullet (also the private-use glyphs of symbol fonts
# that PDF extraction leaves) after a space, or the text after a dot leader and its page number.
_RUN_ON_ITEM = compile_regex(
    r"[·.…‥]{4,}\s?\d{1,3}\s+(?=\S)|\s(?=[•◦▪●○■□◆◇▶►‣⁃・\uf000-\uf0ff]\s*\S)"
)


def _run_on_items(block: str) -> list[str]:
    """A run-on block cut into its items; a long sentence without item marks stays whole."""
    items: list[str] = []
    start = 0
    for match in _RUN_ON_ITEM.finditer(block):
        piece = block[start : match.end()].strip()
        if piece:
            items.append(piece)
        start = match.end()
    tail = block[start:].strip()
    if tail:
        items.append(tail)
    return items


def _events(text: str) -> Iterator[re.Match[str]]:
    """`_EVENTS.finditer(text)`: the same matches, found by skipping to where one can start."""
    find, read = _EVENT_START.search, _EVENTS.match
    pos = 0
    while (start := find(text, pos)) is not None:
        event = read(text, start.start())
        assert event is not None  # every character of _EVENT_START starts an event
        yield event
        pos = event.end()


def _close_spans(open_ends: list[int], open_starts: list[int], upto: int) -> int | None:
    """Leave every protected span that closes before `upto`; return the outermost one's start."""
    outermost = None
    while open_ends and open_ends[-1] < upto:
        open_ends.pop()
        outermost = open_starts.pop()
    return outermost


def _cut_after(
    text: str, match: re.Match[str], sentence_start: int, abbreviations: frozenset[str]
) -> int | None:
    """Where the sentence ending at this punctuation is cut, or None when it does not end here."""
    stop = match.group("stop")
    end = match.end()
    if end >= len(text):
        return None  # the end of the text ends the sentence anyway
    following = text[end]
    if not stop.isascii() and any(char in _WIDE_STOPS for char in stop):
        # 「はい。」と言った: a particle right after the closing quote continues the sentence.
        if match.group("close") and "\u3041" <= following <= "\u309f":
            return None
        return end
    if not following.isspace() and stop[-1] in _ASCII_STOPS:
        call = _footnote_call(text, match, sentence_start)
        if call is not None:
            # "... records.¹ The Board ...": the call closes its sentence; the next one starts after it
            end = call
            if end >= len(text):
                return None
            following = text[end]
    if not following.isspace():
        # "1.5", "U.S.", "e.g.,": no space, no boundary, unless Japanese text follows directly.
        before = text[match.start() - 1] if match.start() > 0 else ""
        if is_wide(following) and not following.isdigit() and (is_wide(before) or "." not in stop):
            return end
        return None
    next_char = _NEXT_NON_SPACE.search(text, end)
    if next_char is None:
        return None
    upcoming = next_char.group()
    if upcoming.islower():
        return None
    if stop[0] in ".．":
        word_match = _word_before(text, max(sentence_start, match.start() - 40), match.start())
        if word_match is not None:
            at_start = word_match.start() == sentence_start
            if not _ends_sentence(word_match.group(), at_start, abbreviations, upcoming):
                return None
    return end


def _footnote_call(text: str, match: re.Match[str], sentence_start: int) -> int | None:
    """Where a footnote call right after this stop ends, or None when none follows it.

    Flattened digits are a call only after a word with a lower-case letter ("records.2 The"), not
    after a number, a section letter or an abbreviation ("4.2", "Annex A.2", "III.2", "No.2").
    """
    call = _CALL_AFTER_STOP.match(text, match.end())
    if call is None or match.group("close"):
        return None
    if call.group("flat") is not None:
        found = _word_before(text, max(sentence_start, match.start() - 40), match.start())
        word = found.group() if found is not None else ""
        if not _LOWER_CASE_WORD.search(word) or word.lower() in _ALL_ABBREVIATIONS:
            return None
    return call.end()


def _word_before(text: str, lo: int, end: int) -> re.Match[str] | None:
    """`_WORD_BEFORE.search(text, lo, end)`, found from the end instead of tried at every start.

    A match is a run of word-ish characters ending at `end`, so the leftmost one can only
    start where that run starts: one scan of the reversed window finds it, then one anchored
    match (the search tries each of up to 40 starts, each running to the end).
    """
    if end > lo and text[end - 1] == "\n":  # "$" may also match before a final newline
        return _WORD_BEFORE.search(text, lo, end)
    run = _WORDISH_RUN.match(text[lo:end][::-1])
    assert run is not None  # the class's star matches the empty string
    return _WORD_BEFORE.match(text, end - run.end(), end)


def _ends_sentence(word: str, at_sentence_start: bool, abbreviations: frozenset[str], upcoming: str) -> bool:
    """Whether a period after `word` ends the sentence, given the next non-space character."""
    lowered = word.lower().lstrip("(").rstrip(".")
    if lowered in _SENTENCE_FINAL_ABBREVIATIONS:
        return upcoming.isupper()
    if lowered in abbreviations:
        return False
    if _INITIALS.fullmatch(word.rstrip(".")):
        return False  # U.S., e.g., a.m.
    if len(word) == 1 and word.isupper():
        return False  # an initial: J. Smith
    if at_sentence_start and _ENUMERATOR.fullmatch(word):
        return False  # "1. The plan", "IV. Scope", "a. Data"
    return True
