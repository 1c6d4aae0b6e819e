"""Derogations in a sentence of their own: the exception belongs to the obligation it names.

Legal drafting often states an exception to an obligation in the sentence after it: "Operators
shall report every outage. This obligation shall not apply where the outage lasted less than an
hour." Read alone, the second sentence is a "shall" with no party: a commitment of nobody, which
a diff reports as added or removed. It is an exception clause of the obligation before it, as
"unless ..." would be inside the sentence: adding one narrows the duty (weakened), removing one
widens it (strengthened). So the derogation is given to its obligation, and is no commitment itself.

Only a derogation whose subject names the duty it lifts is read so: "This obligation", "Those
requirements", "The first subparagraph" (the duty just stated), "Paragraph 2" (of the same article).
A sentence in which a party does not act ("Providers shall not place such systems on the
market") is a prohibition, not a derogation: its subject is a party, not a provision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tracker.diff.parse import Block, ParsedDocument
from tracker.regex_cache import compile_regex

_DUTY = r"(?:obligations?|prohibitions?|requirements?|duty|duties|restrictions?|bans?)"
#: "... shall not apply", or what the duty leaves out of its reach: "shall not cover", "does not extend to".
_LIFTED = r"[^;:.]{0,200}?\b(?:shall|does|do|will)\s+not\s+(?:apply|cover|extend\s+to)\b"
#: "This obligation shall not apply where ...", "However, those requirements do not apply to ...",
#: "The first subparagraph shall not apply to ...": the duty just stated.
_OF_THE_DUTY_BEFORE = compile_regex(
    rf"^(?:however,?\s+)?(?:(?:this|that|these|those|such|the\s+said)\s+(?:[\w-]+\s+){{0,2}}?{_DUTY}"
    rf"|the\s+(?:first|second|third|fourth|preceding|previous)\s+subparagraphs?)\b{_LIFTED}",
    re.IGNORECASE,
)
#: "Paragraph 2 shall not apply where ...", "The obligations set out in paragraph 2 do not apply to ...":
#: the duty of a paragraph of the same article (not of some of its points).
_OF_A_PARAGRAPH = compile_regex(
    rf"^(?:however,?\s+)?(?:the\s+{_DUTY}\s+(?:set\s+out|laid\s+down|referred\s+to|provided\s+for)\s+in\s+)?"
    rf"paragraph\s+(?P<number>\d+(?:\s?[a-z])?)\b(?![^;:.]*\bpoints?\b){_LIFTED}",
    re.IGNORECASE,
)
#: The number that opens a paragraph whose number is part of its text: "3a. Paragraph 3 shall ...".
_PARAGRAPH_NUMBER = compile_regex(r"^\d+\s*[a-z]?\s*\.(?:\s|$)")
#: A label before the sentence's words: "(b) ", "3. ", "2a. ", or a stray stop an extraction left
#: before them (". This obligation ...").
_LABEL = compile_regex(r"^(?:\(\w{1,4}\)\s*|\d+\s*[a-z]?\s*\.\s+|[.;,]\s+)")


def derogation_of(text: str, language: str) -> str | None:
    """What a derogation lifts: "" for the duty just stated ("This obligation shall not apply where"),
    a paragraph's number ("Paragraph 3 shall not apply where"), or None for no derogation."""
    if language != "en":
        return None
    lowered = text.lower()
    # each form holds one of these words (`_LIFTED`): a sentence with none of them is no derogation
    if "apply" not in lowered and "cover" not in lowered and "extend" not in lowered:
        return None
    words = _LABEL.sub("", text.strip(), count=1)
    if _OF_THE_DUTY_BEFORE.match(words):
        return ""
    m = _OF_A_PARAGRAPH.match(words)
    return "".join(m.group("number").split()).lower() if m else None


def attach_derogations(doc: ParsedDocument, analysis: list[Any]) -> dict[int, str]:
    """Give each derogation to the obligation it lifts; returns {obligation's sentence: derogation}.

    The derogation's own reading is cleared in `analysis`: it commits no one to anything.
    A derogation whose obligation is not found (no commitment before it in its section, no
    paragraph of that number there) is left as it was read.
    """
    found: dict[int, str] = {}
    sentences = doc.sentences
    for sentence in sentences:
        lifted = derogation_of(sentence.text, doc.language)
        if lifted is None:
            continue
        target = None
        for section in _own_then_previous(doc, sentence.index):
            if lifted:
                target = _paragraph_commitment(doc, analysis, sentence.index, lifted, section)
            else:
                target = _commitment_before(doc, analysis, sentence.index, section)
            if target is not None:
                break
        if target is None:
            continue
        found[target] = f"{found[target]} {sentence.text}" if target in found else sentence.text
        analysis[sentence.index] = None
    return found


def _live(reading: Any) -> bool:
    return reading is not None and not reading.negated


def _own_then_previous(doc: ParsedDocument, index: int) -> tuple[int, ...]:
    """Where a derogation's obligation is looked for: its own section, then the one before it.

    A provision quoted under a heading of its own (an amendment, an excerpt: "Article 9 —
    paragraph 3 — subparagraph 2") stands apart from the subparagraph it lifts, which the
    text under the heading before sets out; a law itself states the duty and its derogation in one article.
    """
    section = doc.sentences[index].section
    earlier = next(
        (s.section for s in reversed(doc.sentences[:index]) if s.section != section), None
    )  # the nearest section before it that holds text (a heading over a heading holds none)
    return (section,) if earlier is None else (section, earlier)


def _commitment_before(doc: ParsedDocument, analysis: Sequence[Any], index: int, section: int) -> int | None:
    """The obligation a derogation at `index` lifts: the nearest commitment before it in its section
    when a body is bound by it ("The authority shall inform the Board of each licence. This
    obligation shall not cover ..."), else the paragraph's duty that commitment details (its first
    commitment): "Providers shall inform users. Where relevant, the information shall also cover X.
    This obligation shall not apply ...": the duty to inform."""
    for earlier in range(index - 1, -1, -1):
        if doc.sentences[earlier].section > section:
            continue
        if doc.sentences[earlier].section < section:
            return None
        if _live(analysis[earlier]):
            if analysis[earlier].actor:
                return earlier
            block = doc.blocks[doc.sentences[earlier].block]
            return next(i for i in block.sentences if i <= earlier and _live(analysis[i]))
    return None



def _paragraph_number(doc: ParsedDocument, block: Block) -> str:
    """The number a block opens a paragraph with: its list item's ("3" for "3. ..."), or the one its
    text opens with ("3a" for "3a. ..."); "" for a block that opens no numbered paragraph."""
    if block.number:
        return block.number
    m = _PARAGRAPH_NUMBER.match(doc.sentences[block.sentences[0]].text)
    return "".join(m.group(0).split()).rstrip(".").lower() if m else ""


def _paragraph_commitment(
    doc: ParsedDocument, analysis: Sequence[Any], index: int, number: str, section: int
) -> int | None:
    """The first commitment of the paragraph numbered `number` in `section`."""
    inside = False
    for block in doc.blocks:
        if block.section != section or not block.sentences:
            continue
        opens = _paragraph_number(doc, block)
        if opens:
            if inside:
                return None  # the next paragraph begins: the one named held no commitment
            inside = opens == number
        if inside:
            for i in block.sentences:
                if i != index and _live(analysis[i]):
                    return i
    return None
