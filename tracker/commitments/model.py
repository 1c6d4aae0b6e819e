"""The result types of per-sentence commitment analysis.

They are frozen so the differ can hash, cache and compare them freely, and they
carry the words that decided them (``cues``, ``Target.text``) so every change a
report names can be shown with its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.records import direct_init

STRENGTHS: tuple[str, ...] = ("weak", "moderate", "strong")
"""The modality scale, weakest first (see the eval README's strength table)."""

STRENGTH_WEIGHTS: dict[str, float] = {"weak": 1.0, "moderate": 2.0, "strong": 3.0}
"""How much one commitment of each strength adds to the weight of its themes."""


def strength_rank(strength: str) -> int:
    """Position on the scale (weak 1, moderate 2, strong 3; anything else 0), for comparisons."""
    try:
        return STRENGTHS.index(strength) + 1
    except ValueError:
        return 0


@dataclass(frozen=True)
class Target:
    """A number a commitment promises: an amount, a share, a count, a date or a period.

    ``value`` is normalized so that the same quantity written another way has the
    same value: money in units of ``unit`` (an ISO currency code), percentages as
    numbers, durations and intervals in days, deadlines as the ISO date of the last
    day of the period named ("by 2030" -> "2030-12-31"), fiscal years as "FY2027".
    Dates relative to the document ("by the end of this year") hold "{Y}" for the
    document's year and are resolved by `targets_equal`.
    """

    type: str  # money | percent | count | multiple | deadline | year | period | duration | frequency
    value: float | str
    unit: str | None
    text: str
    bound: str | None = None  # at_least | up_to | more_than | less_than | None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two targets the same value, whatever their wording."""
        return (self.type, _value_key(self.value), self.unit or "", self.bound or "")


def _value_key(value: float | str) -> str:
    if isinstance(value, float | int):
        return f"{float(value):.6g}"
    return value


@direct_init
@dataclass(frozen=True)
class Commitment:
    """What one sentence commits someone to: how firmly, who, to which numbers, on which themes."""

    strength: str  # "strong" | "moderate" | "weak"
    negated: bool  # "will no longer ...", 〜しない: the comparer reports it as removed
    actor: str | None  # normalized display form ("Government", "METI", "デジタル庁")
    targets: tuple[Target, ...]
    themes: tuple[str, ...]
    cues: tuple[str, ...]  # the words that decided strength ("will consider", "必要に応じて")

    @property
    def rank(self) -> int:
        """The strength as a number (weak 1 .. strong 3); negated commitments rank 0."""
        return 0 if self.negated else strength_rank(self.strength)

    @property
    def cue(self) -> str:
        """The cues as one phrase, for evidence lines ("will, where appropriate")."""
        return ", ".join(self.cues)
