"""Typography never makes a change, a target or an actor: the differ compares folded text. Our own texts."""

from __future__ import annotations

import pytest

from tracker.diff import Side, diff_texts
from tracker.unicode_norm import fold_typography


@pytest.mark.parametrize(
    ("typeset", "plain"),
    [
        ("the Agency’s “safety” code", 'the Agency\'s "safety" code'),
        ("risks—including fraud—are", "risks — including fraud — are"),
        ("risks – including fraud – are", "risks — including fraud — are"),
        ("risks -- including fraud -- are", "risks — including fraud — are"),
        ("J–1 visas", "J-1 visas"),
        ("ARPA‑I", "ARPA-I"),
        ("2024–2026", "2024-2026"),
        ("eﬃcient ﬁles", "efficient files"),
        ("22 C.F.R. 41.111", "22 CFR 41.111"),
        ("(i)the requirement", "(i) the requirement"),
        ("more than 10²⁶ operations", "more than 10^26 operations"),
        (
            "more than 1026 integer or floating-point operations",
            "more than 10^26 integer or floating-point operations",
        ),
        ("more than 10 26 integer operations", "more than 10^26 integer operations"),
        ("soft\u00adhyphen and\u00a0space", "softhyphen and space"),
        ('build a " Harbour Data Hub" by 2027', 'build a "Harbour Data Hub" by 2027'),
        (
            'the "Harbour Data Hub " and the " Pilot Register "',
            'the "Harbour Data Hub" and the "Pilot Register"',
        ),
        ("“ Harbour Data Hub ”, then", '"Harbour Data Hub", then'),
    ],
)
def test_typography_folds_to_one_form(typeset: str, plain: str) -> None:
    assert fold_typography(typeset) == plain
    assert fold_typography(plain) == plain  # idempotent


def test_quotes_are_closed_up_only_when_they_pair() -> None:
    for text in ('a 5" gauge and a 7" gauge and a 9" one', 'He said "yes" and "no".', 'a 12" screen'):
        assert fold_typography(text) == text


def test_numbers_that_are_no_powers_stay() -> None:
    for text in (
        "Article 1026 applies.",
        "It funds 1026 projects.",
        "pages 10-20",
        "in 2026 operations start",
    ):
        assert fold_typography(text) == text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The Agency shall admit J-1 scholars.", "The Agency shall admit J–1 scholars."),
        ("ARPA-I shall publish a report.", "ARPA–I shall publish a report."),
        (
            "The Agency shall fund models above 1026 integer operations.",
            "The Agency shall fund models above 10 26 integer operations.",
        ),
        (
            "The Agency’s board shall meet — at least — twice.",
            "The Agency's board shall meet—at least—twice.",
        ),
        ("The U.S. Agency shall report under 22 C.F.R. 41.", "The US Agency shall report under 22 CFR 41."),
    ],
)
def test_re_typeset_commitments_are_no_change(before: str, after: str) -> None:
    report = diff_texts(
        f"# Plan\n\n{before}\n",
        f"# Plan\n\n{after}\n",
        before_side=Side("a"),
        after_side=Side("b"),
        language="en",
    )
    assert report.changes == () and report.commitments_before == report.commitments_after == 1


@pytest.mark.parametrize(
    ("with_calls", "without"),
    [
        (
            "Harbour dues follow Directive 2031/7/EU[^3] of the Council.",
            "Harbour dues follow Directive 2031/7/EU of the Council.",
        ),
        ("Pilots shall hold a licence.¹", "Pilots shall hold a licence."),
        ("Pilots shall hold a licence.12", "Pilots shall hold a licence."),
        # a call set on lines of its own, joined into the paragraph with spaces
        (
            "Directives 2031/7/EU ( 41 ) and 2031/8/EU ( 42 ) apply.",
            "Directives 2031/7/EU and 2031/8/EU apply.",
        ),
        ("as the Council asked ( 9 ) , the Board shall act.", "as the Council asked, the Board shall act."),
    ],
)
def test_footnote_calls_are_dropped(with_calls: str, without: str) -> None:
    assert fold_typography(with_calls) == without


@pytest.mark.parametrize(
    "text", ["See section 4.2", "Dues rise by 12", "Berths of 5 m² each.", "See Article 7(2)"]
)
def test_numbers_that_are_no_footnote_calls_stay(text: str) -> None:
    assert fold_typography(text) == text


def test_renumbered_or_dropped_footnotes_are_no_change() -> None:
    before = (
        "# Plan\n\nThe Port Authority shall publish berth tariffs.[^4] Pilots shall hold a licence under "
        "Directive 2031/7/EU\n(\n12\n)\nof the Council.\n"
    )
    after = (
        "# Plan\n\nThe Port Authority shall publish berth tariffs.[^7] Pilots shall hold a licence under "
        "Directive 2031/7/EU of the Council.\n"
    )
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert report.changes == () and report.commitments_before == report.commitments_after == 2


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        # each rewrite is skipped where its pattern cannot match: the edges of those tests
        ("The levy applies in the U.S.", "The levy applies in the US"),
        ("U.S. ports report to the C.F.R. registry.", "US ports report to the CFR registry."),
        ("(i)the harbour master", "(i) the harbour master"),
        ("Berths -- and quays -- are leased.", "Berths — and quays — are leased."),
        ("Quays - including berths - are leased.", "Quays — including berths — are leased."),
        ("Trained with 10 26 operations.", "Trained with 10^26 operations."),
        ("A model trained with 10²⁶ operations.", "A model trained with 10^26 operations."),
        ("The “levy” – set in 2020–2025 – applies.", 'The "levy" — set in 2020-2025 — applies.'),
        ("The quay ‐ berth", "The quay — berth"),
        ('The " Port Authority " sets fees.', 'The "Port Authority" sets fees.'),
        ("The fee is ¥3.5 trillion.", "The fee is ¥3.5 trillion."),
        ("ﬁnal levy", "final levy"),
        ("x.Y.", "x.Y."),
        (" - ", "—"),
        ("e.g. the levy", "e.g. the levy"),
        ("The levy was 1026 euros.", "The levy was 1026 euros."),
    ],
)
def test_typography_folds_at_the_edges_of_its_quick_tests(text: str, folded: str) -> None:
    assert fold_typography(text) == folded
