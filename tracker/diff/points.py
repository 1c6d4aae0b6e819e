"""Lettered and numbered points: "(a)", "(i)", "(A)", "(1)", "（1）", "①", however they are set.

A point is one item of a list under the sentence that introduces it ("The Agency shall:"),
whether it stands on its own line, in its own paragraph, as a list item or inline
("shall: (a) publish a code; (b) train staff"). Every layout gives the same pieces: the
point's text without its label (re-lettering is no change), and its place in the nesting
of points, from which the parser takes its lead-in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from tracker.lead_ins import ends_open, is_lead_in
from tracker.regex_cache import compile_regex

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_CIRCLED_1_20 = 0x2460
_CIRCLED_21_35 = 0x3251

#: A label: "(a)" "(iv)" "(A)" "(IV)" "(1)" "(2a)" followed by a space (or set tight to a lower-case
#: word: "(i)the"); "（1）" "（a）" "①" with or without. A point inserted by an amendment between
#: (b) and (c) is lettered "(ba)" in EU drafting, or "(b a)" as amending acts set it.
_LABEL = (
    r"(?:\((?P<paren>\d{1,3}[a-z]?|[a-z]|[ivxlc]{2,6}|[A-Z]|[IVX]{2,4}|[a-z] ?[a-z])\)(?=\s|[a-z]{2})"
    r"|（(?P<wide>\d{1,3}|[a-zA-Z])）|(?P<circled>[\u2460-\u2473\u3251-\u325f]))[ \t\u3000]*"
)
_LINE_LABEL = compile_regex(rf"(?m)^{_LABEL}(?=\S)")
#: A label inline, after the colon of a lead-in or the semicolon ending the point before it.
_INLINE_LABEL = compile_regex(
    rf"(?P<sep>[:：;；,、]\s*(?:(?:and|or)\s+)?){_LABEL}(?=\S)"
)
class Label(NamedTuple):
    """A point's label read: its numbering system, its place in it, and how it was written."""

    kind: str  # "alpha", "roman", "ALPHA", "ROMAN", "number", "circled"
    ordinal: float
    text: str  # as written, e.g. "(iv)"

    @property
    def first(self) -> bool:
        return self.ordinal == 1

    def ambiguous_letter(self) -> str | None:
        """"i", "v", "x" (and capitals) read as a roman numeral, and could be letters of the alphabet."""
        core = self.text.strip("()（）.")
        return core.lower() if self.kind in ("roman", "ROMAN") and len(core) == 1 else None

    def as_letter(self) -> Label:
        letter = self.text.strip("()（）.")[0]
        return Label("alpha" if letter.islower() else "ALPHA", ord(letter.lower()) - 96, self.text)


class Segment(NamedTuple):
    """A piece of a paragraph: its start, where its text starts (after the label), its end, its label."""

    start: int
    body: int
    end: int
    label: Label | None


def _roman(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text.lower()):
        value = _ROMAN.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _matched_label(match: re.Match[str], skip: int = 0) -> Label | None:
    """The label a match of `_LABEL` (after `skip` characters of separator) reads, or None."""
    text = match.group()[skip:].strip()
    return _label(text, match.group("paren"), match.group("wide"), match.group("circled"))


def _label(match_text: str, paren: str | None, wide: str | None, circled: str | None) -> Label | None:
    if circled:
        code = ord(circled)
        ordinal = code - _CIRCLED_1_20 + 1 if code < _CIRCLED_21_35 else code - _CIRCLED_21_35 + 21
        return Label("circled", ordinal, match_text)
    value = paren or wide or ""
    if value[:1].isdigit():
        digits = value.rstrip("abcdefghijklmnopqrstuvwxyz")
        suffix = value[len(digits) :]
        return Label("number", int(digits) + (ord(suffix) - 96) / 100 if suffix else int(digits), match_text)
    if len(value) == 1 and value.lower() not in "ivx":
        return Label("alpha" if value.islower() else "ALPHA", ord(value.lower()) - 96, match_text)
    roman = _roman(value) if " " not in value else None
    if roman is None:
        letters = value.replace(" ", "")
        if len(letters) != 2 or not letters.islower():
            return None
        # an inserted point: (ba) comes after (b) and before (c)
        return Label("alpha", ord(letters[0]) - 96 + (ord(letters[1]) - 96) / 100, match_text)
    return Label("roman" if value.islower() else "ROMAN", roman, match_text)


def _follows(previous: list[Label], label: Label) -> bool:
    """Whether a label can come next: a first label (a nested list opens), or one after an earlier label."""
    if label.first:
        return True
    candidates = [label] if label.ambiguous_letter() is None else [label, label.as_letter()]
    # "(i)" after "(h)" may have been the letter: "(j)" follows it
    earlier = [r for p in previous for r in ((p,) if p.ambiguous_letter() is None else (p, p.as_letter()))]
    return any(
        p.kind == c.kind and 0 < c.ordinal - p.ordinal <= 1 for c in candidates for p in earlier
    )


#: A label set in emphasis at the start of a line: "***3 a.***", "**5b.**", "*c)*", "**ii.**". Markdown
#: reads "3." at the start of a line as a list marker, but not inside emphasis, and "c)" never: a
#: label that is the whole emphasised run is a point's label all the same (EU amendments set the
#: labels of new paragraphs and points so). Labels in brackets need no emphasis: `_LINE_LABEL`.
_EMPHASIZED_LABEL = compile_regex(
    r"(?m)^[ \t]*(\*{1,3}|_{1,3})(?P<label>\d{1,3}(?: ?[a-z])?\.|[a-z][.)]|[ivx]{2,5}[.)])\1(?=\s)"
)


def emphasized_labels(source: str) -> list[tuple[int, Label]]:
    """The labels set in emphasis at the start of lines of a paragraph's Markdown source.

    Each as (0-based line of `source`, label as written without the emphasis); for
    `point_segments`, at the offset where that line starts in the paragraph's plain text.
    """
    if "*" not in source and "_" not in source:
        return []
    out: list[tuple[int, Label]] = []
    for match in _EMPHASIZED_LABEL.finditer(source):
        written = match.group("label")
        value = written[:-1].replace(" ", "")
        label = _label(written, value, None, None)
        if label is not None:
            out.append((source.count("\n", 0, match.start()), label))
    return out


def point_segments(text: str, marked: Sequence[tuple[int, Label]] = ()) -> list[Segment] | None:
    """The lead-in and points of a paragraph, or None when it holds no points.

    Points on lines of their own count when the paragraph starts with one, or when two or more
    follow a lead-in ending with a colon from (a), (i), (1) ... on; inline points when two or
    more follow a colon and semicolons in sequence within one sentence. "as set out in\n(a)
    above" stays text. `marked` gives labels the source set in emphasis ("***3 a.***") as
    (offset of the line in `text`, label): they count like labels in brackets.
    """
    cuts = _line_cuts(text, marked)
    segments = _segments(text, cuts) if cuts else [Segment(0, 0, len(text), None)]
    out: list[Segment] = []
    for segment in segments:
        out.extend(_inline_segments(text, segment))
    if len(out) == 1 and out[0].label is None:
        return None
    return out


def _segments(text: str, cuts: list[tuple[int, int, Label]], end: int | None = None) -> list[Segment]:
    end = len(text) if end is None else end
    out = [Segment(0, 0, cuts[0][0], None)] if cuts[0][0] > 0 else []
    for (start, body, label), following in zip(cuts, [*cuts[1:], (end, end, None)], strict=True):
        out.append(Segment(start, body, following[0], label))
    return out


#: The first character of a label ("(a)", "（1）", "①").
_LABEL_START = "(（" + "".join(chr(c) for c in (*range(0x2460, 0x2474), *range(0x3251, 0x3260)))


def _line_cuts(text: str, marked: Sequence[tuple[int, Label]] = ()) -> list[tuple[int, int, Label]]:
    if (
        not marked
        and text[:1] not in _LABEL_START
        and not any(f"\n{c}" in text for c in _LABEL_START[:2])
        and not any(c in text for c in _LABEL_START[2:])
    ):
        return []  # no line starts with a label (the common case: a quick test before the scan)
    marks: list[tuple[int, int, Label]] = []
    for at, emphasized in marked:
        end = at + len(emphasized.text)
        if text.startswith(emphasized.text, at) and text[end : end + 1].isspace():
            body = end
            while body < len(text) and text[body] in " \t\u3000":
                body += 1
            marks.append((at, body, emphasized))
    for match in _LINE_LABEL.finditer(text):
        label = _matched_label(match)
        if label is not None:
            marks.append((match.start(), match.end(), label))
    if not marks:
        return []
    marks.sort(key=lambda mark: mark[0])
    if marks[0][0] != 0:
        head = text[: marks[0][0]]
        if (
            len(marks) < 2
            or not marks[0][2].first
            # within one paragraph, only punctuation ends a lead-in ("as set out in\n(a) above" is text)
            or not (is_lead_in(head) or ends_open(head))
        ):
            return []
    kept = [marks[0]]
    for mark in marks[1:]:
        if _follows([m[2] for m in kept], mark[2]):
            kept.append(mark)
    return kept


#: A sentence ends: inline points never run past one.
_SENTENCE_END = compile_regex(r"[.!?]\s+(?=[A-Z\u3000-\u9fff])|[。！？]|\n")


def _inline_segments(text: str, segment: Segment) -> list[Segment]:
    """A segment cut at its inline points: runs of two or more labels in sequence, each run
    opened by a first label after a colon and inside one sentence; the text after a run's
    last point (from the end of its sentence) is a segment without a label."""
    start, end = segment.body, segment.end
    if end - start < 8 or (":" not in text and "：" not in text):
        return [segment]  # a run of inline points opens after a colon
    runs: list[list[tuple[int, int, Label]]] = []
    run: list[tuple[int, int, Label]] = []
    for match in _INLINE_LABEL.finditer(text, start, end):
        label = _matched_label(match, len(match.group("sep")))
        if label is None:
            continue
        cut = (match.start("sep") + len(match.group("sep")), match.end(), label)
        after_colon = match.group("sep")[:1] in ":："
        if (
            run
            and _SENTENCE_END.search(text, run[-1][1], cut[0]) is None
            and _follows([c[2] for c in run], label)
            and (after_colon or not label.first)
        ):
            run.append(cut)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = [cut] if after_colon and label.first else []
    if len(run) >= 2:
        runs.append(run)
    if not runs:
        return [segment]
    out = [Segment(segment.start, segment.body, runs[0][0][0], segment.label)]
    for number, run in enumerate(runs):
        limit = runs[number + 1][0][0] if number + 1 < len(runs) else end
        last_end = _SENTENCE_END.search(text, run[-1][1], limit)
        stop = last_end.end() if last_end else limit
        ends = [cut[0] for cut in run[1:]] + [stop]
        out.extend(Segment(a, b, e, label) for (a, b, label), e in zip(run, ends, strict=True))
        if stop < limit:
            out.append(Segment(stop, stop, limit, None))
    return out
