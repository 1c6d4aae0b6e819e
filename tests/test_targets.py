"""Targets: typed, normalized numbers of a commitment, and when two of them are the same value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.commitments import Target, diff_targets, extract_targets, targets_equal


def one(text: str, language: str = "en") -> Target:
    found = extract_targets(text, language)
    assert len(found) == 1, found
    return found[0]


def same(a: str, b: str, doc_year: int | None = None) -> bool:
    return targets_equal(one(a), one(b), doc_year)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("$3 billion", "$3,000 million"),
        ("USD 3 billion", "US$3bn"),
        ("EUR 7 million", "€7 million"),
        ("GBP 12.5 million", "£12.5m"),
        ("2兆円", "2 trillion yen"),
        ("2兆円", "¥2,000,000,000,000"),
        ("3,000億円", "3000億円"),
        ("3,000億円", "3千億円"),
        ("３，０００億円", "3000億円"),
        ("1兆5,000億円", "1.5 trillion yen"),
        ("KRW 2 trillion", "2 trillion won"),
        ("₹2,000 crore", "INR 20 billion"),
        ("CAD 75 million", "C$75 million"),
        ("30 000 000 EUR", "EUR 30 million"),
        ("2,500,000 USD", "$2.5 million"),
    ],
)
def test_same_money_in_other_forms_is_equal(a: str, b: str) -> None:
    assert same(a, b)
    assert one(a).type == "money"


def test_different_amounts_or_currencies_differ() -> None:
    assert not same("EUR 7 million", "EUR 8 million")
    assert not same("EUR 7 million", "$7 million")
    assert one("up to EUR 7 million").bound == "up_to"
    assert not targets_equal(one("up to EUR 7 million"), one("at least EUR 7 million"))


@pytest.mark.parametrize(
    ("a", "b", "year"),
    [
        ("by the end of 2026", "by 31 December 2026", None),
        ("by the end of 2026", "by December 31, 2026", None),
        ("by 2026", "by the end of 2026", None),
        ("by March 2027", "by 31 March 2027", None),
        ("by the end of this year", "by 31 December 2026", 2026),
        ("by FY2027", "2027年度までに", None),
        ("令和9年度までに", "by FY2027", None),
        ("２０２６年までに", "2026年までに", None),
        ("2026年3月末までに", "by 31 March 2026", None),
    ],
)
def test_same_deadline_in_other_forms_is_equal(a: str, b: str, year: int | None) -> None:
    assert same(a, b, year)


def test_relative_deadline_needs_the_document_year() -> None:
    relative, absolute = one("by the end of this year"), one("by 31 December 2026")
    assert relative.value == "{Y}-12-31"
    assert not targets_equal(relative, absolute, 2025)
    assert targets_equal(relative, absolute, 2026)
    assert one("今年度中に", "ja").value == "FY{Y}"


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("until 2029", "deadline", "2029-12-31"),
        ("no later than 1 July 2027", "deadline", "2027-07-01"),
        ("in 2028", "year", "2028"),
        ("from 2026", "start", "2026"),
        ("between 2025 and 2029", "period", "2025/2029"),
        ("2026年度から2028年度まで", "period", "FY2026/FY2028"),
        ("2027年度から", "start", "FY2027"),
    ],
)
def test_dates_are_typed(text: str, kind: str, value: str) -> None:
    t = one(text, "ja" if not text.isascii() else "en")
    assert (t.type, t.value) == (kind, value)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("within three weeks", "within 21 days"),
        ("within 72 hours", "within 3 days"),
        ("30日以内", "within 30 days"),
        ("every year", "annually"),
        ("each year", "毎年"),
        ("twice a year", "年2回"),
        ("every three months", "quarterly"),
        ("every other year", "every two years"),
    ],
)
def test_same_period_in_other_words_is_equal(a: str, b: str) -> None:
    assert same(a, b)


def test_durations_and_frequencies_keep_their_number() -> None:
    assert not same("every two years", "every year")
    assert not same("within 60 days", "within 30 days")
    assert one("over four years").type == "duration"
    capped = one("must not exceed eight years")
    assert (capped.type, capped.value, capped.bound) == ("duration", 8 * 365.0, "up_to")


@pytest.mark.parametrize(
    ("text", "value", "unit", "bound"),
    [
        ("at least 4,000 accelerators", 4000.0, "accelerator", "at_least"),
        ("75 new research chairs", 75.0, "chair", None),
        ("six regional innovation centres", 6.0, "centre", None),
        ("2 million learners", 2_000_000.0, "learner", None),
        ("4 gigawatts", 4.0, "gigawatt", None),
        ("年間2万人", 20000.0, "人", None),
        ("50社以上", 50.0, "社", "at_least"),
    ],
)
def test_counts_carry_a_unit(text: str, value: float, unit: str, bound: str | None) -> None:
    t = one(text, "en" if text.isascii() else "ja")
    assert (t.type, t.value, t.unit, t.bound) == ("count", value, unit, bound)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("15 percent", "15%"),
        ("15 per cent", "１５％"),
        ("3割", "30%"),
        ("quadruple", "4倍"),
        ("5倍", "fivefold"),
    ],
)
def test_percent_and_multiples(a: str, b: str) -> None:
    left = one(a, "en" if a.isascii() else "ja")
    right = one(b, "en" if b.isascii() else "ja")
    assert targets_equal(left, right)


@pytest.mark.parametrize(
    "text",
    [
        "Each port shall designate at least one harbour master.",
        "The Agency will open one or more regional offices.",
        "各港湾に少なくとも1か所の検査所を設ける。",
        "各港湾に検査所を1か所以上設ける。",
    ],
)
def test_at_least_one_says_a_thing_exists_and_sets_no_count(text: str) -> None:
    assert [t for t in extract_targets(text, "en" if text.isascii() else "ja") if t.type == "count"] == []


def test_at_least_two_is_a_count_and_one_without_a_bound_too() -> None:
    assert one("at least two harbour masters").value == 2.0
    assert one("one regional office").value == 1.0


def test_words_without_numbers_have_no_targets() -> None:
    assert extract_targets("The Office will publish guidance for small firms.") == ()
    assert extract_targets("政府は、指針を改定する。", "ja") == ()


def test_years_and_counts_do_not_swallow_each_other() -> None:
    found = extract_targets("The Fund will back 40 start-ups by 2028 with EUR 3 million each.")
    assert [(t.type, t.text) for t in found] == [
        ("count", "40 start-ups"),
        ("deadline", "by 2028"),
        ("money", "EUR 3 million"),
    ]
    assert extract_targets("Regulation (EU) 2031/77 applies.") == ()


def test_diff_targets_pairs_by_type_and_ignores_rewording() -> None:
    before = extract_targets("The Office will train 500 analysts by 2027 with $4 billion.")
    after = extract_targets("The Office will train 500 analysts by 2029 with $4,000 million.")
    changes = diff_targets(before, after)
    assert [c.evidence for c in changes] == ["by 2027 -> by 2029"]
    typo = diff_targets(extract_targets("hire 20 enginers"), extract_targets("hire 20 engineers"))
    assert typo == ()
    added = diff_targets((), extract_targets("by 2030"))
    assert [c.evidence for c in added] == ["(none) -> by 2030"]


@given(st.integers(min_value=1, max_value=999_999))
def test_full_width_digits_read_as_ascii(n: int) -> None:
    ascii_text = f"{n:,}億円"
    wide = ascii_text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert targets_equal(one(ascii_text, "ja"), one(wide, "ja"))


@given(st.integers(min_value=1, max_value=9_999))
def test_billions_equal_thousands_of_millions(n: int) -> None:
    assert same(f"${n} billion", f"${n * 1000:,} million")


def test_month_names_and_month_lengths_are_the_calendars() -> None:
    """targets keeps its own English month table and month lengths (calendar costs an import)."""
    import calendar

    from tracker.commitments.targets import dates

    names = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    names.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
    assert dates.MONTHS == {**names, "sept": 9}
    for year in (1900, 1999, 2000, 2024, 2025, 2100, 2400):
        for month in range(1, 13):
            assert dates.days_in_month(year, month) == calendar.monthrange(year, month)[1]
    assert dates.last_day(2028, 2) == "2028-02-29"


@pytest.mark.parametrize(
    "sentence",
    [
        "Operators shall comply with Article 14 and Regulation (EU) 2031/412.",
        "Paragraph 3 covers the cranes listed in Annex IV, point 2.",
        "The notice was published at 93 FR 11842.",
        "Under section 7.3 of Executive Order 15001, the Secretary shall report.",
        "Articles 9 to 11 and point (b) of paragraph 4 apply.",
    ],
)
def test_cross_references_and_section_numbers_are_never_targets(sentence: str) -> None:
    assert extract_targets(sentence) == ()


def test_a_cross_reference_leaves_the_real_targets_of_a_sentence() -> None:
    found = extract_targets("Under Article 12, operators shall inspect 40 cranes within 30 days.")
    assert [t.text for t in found] == ["40 cranes", "within 30 days"]


def test_japanese_article_numbers_are_never_targets() -> None:
    assert [t.text for t in extract_targets("第12条の規定に基づき、港湾を5か所整備する。", "ja")] == ["5か所"]


def test_a_period_coordinated_with_a_within_period_shares_its_within() -> None:
    """"within three months of notice, or 30 days for a ban" is two deadlines, both "within"."""
    text = (
        "Where, within three months of notice, or 30 days in the case of a ban, objections are raised,"
        " the Agency shall act."
    )
    found = [t for t in extract_targets(text) if t.type == "duration"]
    assert [t.bound for t in found] == ["up_to", "up_to"]
    alone = [t for t in extract_targets("Operators shall keep logs for 30 days.") if t.type == "duration"]
    assert [t.bound for t in alone] == [None]
