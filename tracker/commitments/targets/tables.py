"""The word tables of the target forms, read once from ``tracker/data/targets.toml``.

They live in data so an analyst can review and extend the words (a currency, a unit,
a number word) without reading the patterns that use them.
"""

from __future__ import annotations

from typing import NamedTuple

from tracker.data_tables import packaged_table


def _days(text: str) -> float:
    """A period written as days or a fraction of days ("365/12" for a month), as a float."""
    num, _, den = text.partition("/")
    return float(num) / float(den) if den else float(num)


class TargetTables(NamedTuple):
    word_numbers: dict[str, int]
    scales: dict[str, float]
    ja_scales: dict[str, float]
    kanji_digits: dict[str, int]
    kanji_units: dict[str, int]
    currencies: dict[str, str]
    denominators: dict[str, int]
    multiple_words: dict[str, float]
    unit_days: dict[str, float]
    frequency_words: dict[str, float]
    ja_every: dict[str, float]
    count_stop: frozenset[str]
    not_count_units: frozenset[str]
    unit_aliases: dict[str, str]
    gate_words: dict[str, list[str]]
    gate_codes: list[str]


def _load() -> TargetTables:
    data = packaged_table("targets.toml")
    numbers, periods, counts, gates = data["numbers"], data["periods"], data["counts"], data["gates"]
    return TargetTables(
        word_numbers=dict(numbers["words"]),
        scales={k: float(v) for k, v in numbers["scales"].items()},
        ja_scales={k: float(v) for k, v in numbers["ja_scales"].items()},
        kanji_digits=dict(numbers["kanji_digits"]),
        kanji_units=dict(numbers["kanji_units"]),
        currencies=dict(data["money"]["currencies"]),
        denominators=dict(data["shares"]["denominators"]),
        multiple_words={k: float(v) for k, v in data["shares"]["multiples"].items()},
        unit_days={k: _days(v) for k, v in periods["unit_days"].items()},
        frequency_words={k: _days(v) for k, v in periods["frequency_words"].items()},
        ja_every={k: _days(v) for k, v in periods["ja_every"].items()},
        count_stop=frozenset(counts["stop_words"]),
        not_count_units=frozenset(counts["not_units"]),
        unit_aliases=dict(counts["unit_aliases"]),
        gate_words={k: list(v) for k, v in gates["words"].items()},
        gate_codes=list(gates["currency_codes"]),
    )


TABLES = _load()
