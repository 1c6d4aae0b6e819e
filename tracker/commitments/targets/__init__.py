"""The numbers a commitment promises, typed and normalized (EN + JA): one module per form.

Each target keeps the words it was read from (`Target.text`) and a normalized
value, so the same quantity written another way compares equal:

- money: value in units of an ISO currency ("$2 billion" == "$2,000 million";
  "EUR 5 million" == "€5 million" == "EUR 5 000 000" (thousands grouped by spaces, as EU
  texts write them); 1兆円 == "1 trillion yen" == ¥1,000,000,000,000;
  5,000億円 == 5000億円 == 5千億円); crore and lakh are read too;
- percent ("25 percent", 25%, ２５％, 2割, fractions: 3分の2, "two thirds", "half of"),
  multiple (3倍, "double", "threefold");
- count with a unit ("10,000 GPUs", "75 new robotics lectureships", 5万人);
- deadline (by / until / no later than / まで(に)): the ISO date of the last day of the
  period named, so "by the end of 2025" == "by 31 December 2025" == "by 2025";
  fiscal years stay fiscal ("FY2027" == 2027年度 == 令和9年度);
- year (in 2027), start (from 2026, 2026年度から), period (between 2025 and 2028);
- duration in days ("within 45 days", "within two weeks", 45日以内, "over five years");
- frequency as an interval in days ("every year" == "annually" == 毎年, "quarterly", 年2回).

Bounds ("at least", "up to", 以上, 以下, 以内) are part of a target. Full-width
digits are read as ASCII. Relative dates ("by the end of this year", 今年度中)
hold "{Y}" and are resolved against the document's year by `targets_equal`.
"""

from __future__ import annotations

from tracker.commitments.model import Target
from tracker.commitments.targets.compare import TargetChange, diff_targets, resolve, targets_equal
from tracker.commitments.targets.counts import count_targets
from tracker.commitments.targets.dates import date_targets
from tracker.commitments.targets.found import Found
from tracker.commitments.targets.money import money_targets
from tracker.commitments.targets.numbers import WORD_NUMBERS, normalize
from tracker.commitments.targets.periods import duration_targets, frequency_targets, period_targets
from tracker.commitments.targets.references import reference_spans
from tracker.commitments.targets.shares import multiple_targets, percent_targets
from tracker.commitments.targets.tables import TABLES
from tracker.commitments.trie import char_trie
from tracker.regex_cache import compile_regex

__all__ = ["TargetChange", "diff_targets", "extract_targets", "resolve", "targets_equal"]


def extract_targets(text: str, language: str = "en") -> tuple[Target, ...]:
    """Every target in a sentence, in reading order; earlier, more specific readings win overlaps."""
    norm = normalize(text)
    low = norm.lower()
    gates = _gates(low)
    if not gates:
        return ()
    found: list[Found] = []
    taken: list[tuple[int, int]] = reference_spans(norm) if "num" in gates else []
    if "cur" in gates or "code" in gates:
        money_targets(norm, found, taken)
    if "pct" in gates:
        percent_targets(norm, found, taken)
    if "num" in gates or "rel" in gates:
        period_targets(norm, found, taken)
    if "num" in gates or "rel" in gates:
        date_targets(norm, found, taken)
    if "tim" in gates:
        frequency_targets(norm, found, taken)
    if "tim" in gates:
        duration_targets(norm, found, taken)
    if "mul" in gates:
        multiple_targets(norm, found, taken)
    if "num" in gates or "word" in gates:
        count_targets(norm, found, taken)
    found.sort(key=lambda f: (f.start, f.end))
    return tuple(f.target for f in found)


# One cheap scan of the lower-cased sentence says which extractors can match at all.
_GATE_WORDS: dict[str, list[str]] = TABLES.gate_words
_GATE_CODES: list[str] = TABLES.gate_codes
_CURRENCY_CODE = compile_regex(rf"\b(?:{char_trie(sorted(_GATE_CODES))})\b")
_WORD_NUMBER = compile_regex(rf"\b(?:{char_trie(sorted(w for w in WORD_NUMBERS if len(w) > 2))})\b")
_DIGIT = compile_regex(r"\d")
_RELATIVE_YEAR = compile_regex(r"end of (?:this|the|next)|今年|本年|来年|年内|年度内")


def _gates(low: str) -> set[str]:
    """Which extractors can match in the lower-cased sentence: substring tests, no full scans."""
    gates = set()
    if _DIGIT.search(low):
        gates.add("num")
    if _WORD_NUMBER.search(low):
        gates.add("word")
    for name, words in _GATE_WORDS.items():
        if any(w in low for w in words):
            gates.add(name)
    if _RELATIVE_YEAR.search(low):
        gates.add("rel")
    if "cur" not in gates and _CURRENCY_CODE.search(low):
        gates.add("code")
    return gates
