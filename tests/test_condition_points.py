"""Points that are the conditions of their lead-in's clause ("... where the following conditions
are met:", "... provided that:") commit no one; the lead-in states its act in full. A duty to
bring conditions about ("shall ensure that the following conditions are met:") keeps its points.
Our own texts.
"""

from __future__ import annotations

import pytest

from tracker.commitments import analyze_sentence
from tracker.commitments.cues import opens_conditions
from tracker.diff import Side, analyse_document, diff_texts
from tracker.diff.parse import parse_document

POINT = "(a) the applicant has kept a register of its depots for two years;"


@pytest.mark.parametrize(
    "lead_in",
    [
        "The Council shall issue the licence where the following conditions are fulfilled:",
        "The Council may renew the licence if all of the following conditions are met:",
        "The Council may renew the licence when both of the following conditions are met:",
        "The Council may grant access to a depot provided that:",
        "The Council may grant access to a depot only where:",
        "The Council shall withdraw the licence in any of the following cases:",
        "The Council shall renew the licence, on condition that:",
        "A depot shall be classified as large if it meets any of the following conditions:",
    ],
)
def test_the_points_of_a_conditional_lead_in_commit_no_one(lead_in: str) -> None:
    assert opens_conditions(lead_in, "en")
    assert analyze_sentence(POINT, "en", lead_in) is None
    # the lead-in itself is the commitment
    assert analyze_sentence(lead_in, "en") is not None


@pytest.mark.parametrize(
    "lead_in",
    [
        "The Council shall:",
        "The Council shall, where appropriate:",
        "Operators shall ensure that the following conditions are met:",
        "Where the following conditions are met, the Council shall:",
        "The Council shall, where relevant, issue opinions on the following:",
        "Operators shall inform the Council when they open a depot:",
    ],
)
def test_a_duty_or_a_hedge_before_the_colon_keeps_its_points(lead_in: str) -> None:
    assert not opens_conditions(lead_in, "en")
    assert analyze_sentence("(a) keep a register of depots;", "en", lead_in) is not None


def test_conditions_under_a_point_of_a_duty() -> None:
    text = """The Council shall:
(a) publish an annual report;
(b) refuse a licence where any of the following applies:
(i) the depot lies within 200 metres of a school;
(ii) the applicant has no fire plan;
(c) keep a register of depots.
"""
    doc = parse_document(text, "en")
    pairs = zip(doc.sentences, analyse_document(doc), strict=True)
    read = [(s.shown, c.strength if c else None) for s, c in pairs]
    assert read[1:] == [
        ("(a) publish an annual report;", "strong"),
        ("(b) refuse a licence where any of the following applies:", "strong"),
        ("(i) the depot lies within 200 metres of a school;", None),
        ("(ii) the applicant has no fire plan;", None),
        ("(c) keep a register of depots.", "strong"),
    ]


def test_a_changed_condition_is_no_commitment_change() -> None:
    before = """The Council may renew a licence only where all of the following conditions are met:
(a) the depot has passed its fire inspection;
(b) the fee has been paid.
"""
    after = before.replace("fire inspection", "annual fire inspection")
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"))
    assert report.changes == ()


def test_a_leading_clause_does_not_open_conditions() -> None:
    lead_in = "When assessing a depot for the purposes of this Part the Council shall consider the following:"
    assert not opens_conditions(lead_in, "en")
    assert analyze_sentence("(a) its distance from schools;", "en", lead_in) is not None
