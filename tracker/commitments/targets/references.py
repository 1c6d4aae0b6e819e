"""Cross-references: the numbers that name a provision or an act are never targets.

"Article 61", "paragraph 3", "point (a)", "Annex III", "Regulation (EU) 2016/679",
"88 FR 75191", "Executive Order 14110", 第3条: an edit to them renumbers or re-cites,
it promises nothing. Their spans are taken before any target form reads the sentence.
"""

from __future__ import annotations

import re

from tracker.regex_cache import compile_regex

_NUMBER = r"(?:\d+(?:\.\d+)*[a-z]?|[IVXLC]+\b|\([a-z0-9]{1,5}\))(?:\s?\([a-z0-9]{1,5}\))*"
_UNIT = (
    r"Articles?|Art\.|paragraphs?|subparagraphs?|points?|Annex(?:es)?|Chapters?|Sections?|Titles?|"
    r"Recitals?|Parts?|Appendix|Appendices|Schedules?|clauses?|§§?"
)
_REFERENCE = compile_regex(
    rf"(?<![\w-])(?:{_UNIT})\s*{_NUMBER}(?:\s*(?:,|and|or|to|through|–|-)\s*(?:(?:{_UNIT})\s*)?{_NUMBER})*"
    r"|(?<![\w-])(?:Regulations?|Directives?|Decisions?)\s*(?:\((?:EU|EC|EEC|Euratom)\)\s*)?(?:No\.?\s*)?"
    r"\d+/\d+(?:/[A-Z]+)?"
    r"|(?<![\w-])\d+\s+(?:FR|U\.\s?S\.\s?C\.|USC|CFR|C\.F\.R\.|Fed\.\s?Reg\.)\s+(?:§\s*)?\d+(?:\.\d+)*"
    r"|(?<![\w-])(?:Executive\s+Orders?|E\.\s?O\.|Public\s+Law|Pub\.\s?L\.)\s*(?:No\.?\s*)?\d+(?:-\d+)?"
    r"|第[0-9〇一二三四五六七八九十百]+(?:条|項|号|章|節|款|編)(?:の[0-9一二三四五六七八九十]+)?",
    re.IGNORECASE,
)


#: References only keep numbers from being read as targets; in text without a digit or a kanji
#: numeral there is no number to keep ("Annex IV", "point (a)"), so the long pattern is skipped.
_NUMERAL = compile_regex(r"[0-9〇一二三四五六七八九十百]")


def reference_spans(text: str) -> list[tuple[int, int]]:
    """The spans of every cross-reference in a sentence, in reading order."""
    if _NUMERAL.search(text) is None:
        return []
    return [m.span() for m in _REFERENCE.finditer(text)]
