"""Classifying commitment changes, end to end on our own two-version texts (real analyser, no mocks)."""

from __future__ import annotations

import pytest

from tracker.diff import Side, diff_texts
from tracker.diff.report import DiffReport

BEFORE = """# Port Automation Plan

## 1. Infrastructure

The Ministry of Transport will build three automated container terminals by 2031.
The Ministry of Transport will invest $2 billion in quay cranes.
Terminal operators may share berth schedules with the port authority.

## 2. Workforce

The Maritime Skills Council will train 800 AI engineers.
The Maritime Skills Council will fund a dockworker retraining scheme.

## 3. Safety

The Port Safety Board will inspect every automated terminal each year.
"""


def _diff(before: str, after: str, language: str = "en") -> DiffReport:
    return diff_texts(before, after, before_side=Side("v1"), after_side=Side("v2"), language=language)


def _kinds(report: DiffReport) -> list[tuple[str, ...]]:
    return [c.kinds for c in report.changes]


def _only(report: DiffReport) -> tuple[str, ...]:
    assert len(report.changes) == 1, [c.to_dict() for c in report.changes]
    return report.changes[0].kinds


def test_a_document_against_itself_has_no_changes() -> None:
    report = _diff(BEFORE, BEFORE)
    assert report.changes == () and not report.has_differences
    assert report.commitments_before == report.commitments_after > 0


def test_weakened_modality_with_evidence() -> None:
    report = _diff(BEFORE, BEFORE.replace("will build three", "will consider building three"))
    assert _only(report) == ("weakened",)
    change = report.changes[0]
    assert change.before and change.after
    assert change.before.strength == "strong" and change.after.strength == "weak"
    assert "->" in change.evidence[0]


def test_strengthened_modality() -> None:
    report = _diff(BEFORE, BEFORE.replace("Terminal operators may share", "Terminal operators must share"))
    assert _only(report) == ("strengthened",)


def test_target_changed_with_the_values_as_evidence() -> None:
    report = _diff(BEFORE, BEFORE.replace("train 800 AI", "train 500 AI"))
    assert _only(report) == ("target_changed",)
    assert any("800" in e and "500" in e for e in report.changes[0].evidence)


def test_same_value_written_another_way_is_no_change() -> None:
    report = _diff(BEFORE, BEFORE.replace("$2 billion", "$2,000 million"))
    assert all(c.kinds == ("reworded",) for c in report.changes)
    assert report.summary["target_changed"] == 0


def test_actor_changed() -> None:
    after = BEFORE.replace("The Maritime Skills Council will fund", "The Ministry of Labour will fund")
    report = _diff(BEFORE, after)
    assert _only(report) == ("actor_changed",)


def test_short_back_reference_to_the_same_body_is_not_an_actor_change() -> None:
    after = BEFORE.replace("The Maritime Skills Council will fund", "The Council will fund")
    report = _diff(BEFORE, after)
    assert report.summary["actor_changed"] == 0


def test_no_longer_is_removed_and_a_new_sentence_is_added() -> None:
    after = BEFORE.replace(
        "The Maritime Skills Council will fund a dockworker retraining scheme.",
        "The Maritime Skills Council will no longer fund a dockworker retraining scheme.",
    ).replace("each year.\n", "each year.\nThe Port Safety Board will release a yearly incident register.\n")
    report = _diff(BEFORE, after)
    assert sorted(_kinds(report)) == [("added",), ("removed",)]
    removed = next(c for c in report.changes if c.kinds == ("removed",))
    assert removed.before is not None and "retraining" in removed.before.text
    # the contract: no commitment on the newer side; the negating sentence is context and evidence
    assert removed.after is None
    assert removed.evidence == ("will fund -> will no longer fund",)
    assert removed.context is not None and removed.context.side == "after"
    assert "will no longer fund" in removed.context.text
    assert removed.context.section == ("Port Automation Plan", "2. Workforce")
    added = next(c for c in report.changes if c.kinds == ("added",))
    assert added.before is None and added.context is None and added.evidence == ("new commitment",)


def test_a_negation_lifted_is_added_with_the_old_negation_as_context() -> None:
    negated = BEFORE.replace("Council will fund a", "Council will no longer fund a")
    report = _diff(negated, BEFORE)
    change = report.changes[0]
    assert _only(report) == ("added",)
    assert change.before is None and change.after is not None
    assert change.evidence == ("will no longer fund -> will fund",)
    assert change.context is not None and change.context.side == "before"
    assert ["-", "no longer "] in [list(op) for op in change.redline]


def test_japanese_negation_is_removed_with_both_cues_as_evidence() -> None:
    before = "# 計画\n\n政府は、港湾の自動化を支援する。\n\n政府は、年次報告書を公表する。\n"
    after = before.replace("支援する。", "支援しない。")
    report = _diff(before, after, language="ja")
    change = report.changes[0]
    assert _only(report) == ("removed",) and change.after is None
    assert change.evidence == ("支援する -> 支援しない",)
    assert change.context is not None and "支援しない" in change.context.text


def test_every_added_and_removed_change_validates_against_the_schema() -> None:
    import json
    from pathlib import Path

    import jsonschema

    schema = json.loads(
        (Path(__file__).parents[1] / "schemas" / "tracker.diff.1.schema.json").read_text(encoding="utf-8")
    )
    after = BEFORE.replace("Council will fund a", "Council will no longer fund a").replace(
        "Terminal operators may share berth schedules with the port authority.\n", ""
    )
    document = _diff(BEFORE, after).to_dict()
    jsonschema.Draft202012Validator(schema).validate(document)
    kinds = sorted(k for c in document["commitment_changes"] for k in c["kinds"])
    assert kinds == ["removed", "removed"]
    assert all(c["after"] is None for c in document["commitment_changes"])
    bad = dict(document["commitment_changes"][0], after=document["commitment_changes"][0]["before"])
    assert not jsonschema.Draft202012Validator(schema).is_valid(dict(document, commitment_changes=[bad]))


def test_moved_to_another_section_but_renaming_sections_is_not_a_move() -> None:
    moved = BEFORE.replace(
        "The Port Safety Board will inspect every automated terminal each year.\n", ""
    ).replace(
        "The Maritime Skills Council will train 800 AI engineers.\n",
        "The Maritime Skills Council will train 800 AI engineers.\n"
        "The Port Safety Board will inspect every automated terminal each year.\n",
    )
    assert _only(_diff(BEFORE, moved)) == ("moved",)
    renamed = BEFORE.replace("## 2. Workforce", "## 4. Skills and workforce").replace(
        "## 3. Safety", "## 5. Safety"
    )
    assert _diff(BEFORE, renamed).changes == ()


def test_same_meaning_rewording_is_reported_as_reworded_only() -> None:
    report = _diff(
        BEFORE, BEFORE.replace("inspect every automated terminal", "inspect each automated terminal")
    )
    assert _kinds(report) == [("reworded",)]
    assert sum(report.summary.values()) == 0


def test_spelling_fix_in_a_unit_word_is_not_a_target_change() -> None:
    before = BEFORE.replace("800 AI engineers", "800 AI enginers")
    after = BEFORE
    assert _diff(before, after).summary["target_changed"] == 0


def test_split_sentence_reports_the_weakened_part() -> None:
    before = "## Review\n\nThe Board will revisit the plan every year and publish the results.\n"
    after = (
        "## Review\n\nThe Board will revisit the plan every year. "
        "The Board may publish the results where appropriate.\n"
    )
    report = _diff(before, after)
    assert report.summary["weakened"] == 1 and report.summary["added"] == 0
    change = report.changes[0]
    assert change.after is not None and "where appropriate" in change.after.text


def test_formatting_only_revision_has_no_changes() -> None:
    rewrapped = BEFORE.replace(
        "will build three automated container terminals by 2031.",
        "will build three automated\ncontainer terminals by 2031.",
    ).replace("## 1. Infrastructure", "## 1 Infrastructure")
    report = _diff(BEFORE, rewrapped)
    assert report.changes == () and not report.has_differences


def test_theme_weights_follow_strength() -> None:
    report = _diff(BEFORE, BEFORE.replace("will train 800 AI", "will consider training 800 AI"))
    moved = [t for t in report.themes if t.delta]
    assert moved and all(t.after < t.before for t in moved)


JA_BEFORE = """# 港湾自動化計画

## 1. 基盤

国土交通省は、2030年度までに自動化ターミナルを3か所整備する。
国土交通省は、港湾クレーンの更新を推進する。

## 2. 人材

港湾技能協議会は、クレーン技術者を800人育成する。
"""


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        ("港湾クレーンの更新を推進する。", "港湾クレーンの更新を検討する。", ("weakened",)),
        ("クレーン技術者を800人育成する。", "クレーン技術者を500人育成する。", ("target_changed",)),
        ("国土交通省は、港湾クレーン", "経済産業省は、港湾クレーン", ("actor_changed",)),
    ],
)
def test_japanese_changes(old: str, new: str, kinds: tuple[str, ...]) -> None:
    report = _diff(JA_BEFORE, JA_BEFORE.replace(old, new), "ja")
    assert _only(report) == kinds


def test_japanese_full_width_digits_are_no_change() -> None:
    report = _diff(JA_BEFORE, JA_BEFORE.replace("2030年度", "２０３０年度"), "ja")
    assert report.changes == ()


def test_language_without_commitment_rules_is_diffed_as_text() -> None:
    before = "# Plan\n\nDe regering zal investeren in rekenkracht.\n"
    after = "# Plan\n\nDe regering zal fors investeren in rekenkracht.\n"
    report = _diff(before, after, "nl")
    assert not report.commitments_analysed and report.changes == () and report.has_differences
    assert any("not analysed" in n for n in report.notes)
    assert any(b.status == "edited" for b in report.blocks)


def test_empty_documents_give_an_honest_empty_report() -> None:
    report = _diff("", "")
    assert report.changes == () and not report.has_differences
    assert report.to_dict()["schema"] == "tracker.diff/1"


RELOCATION = """# Harbour Plan

## 1. Operations

### 1.1 Cranes

The Port Authority will automate twelve cranes by 2029.

### 1.2 Security

The Port Authority will run a cyber drill every year.
Terminal operators must report intrusions within 24 hours.

## 2. People

The Port Authority will retrain 300 crane drivers.
"""


def test_a_subsection_promoted_to_a_chapter_of_its_own_moves_nothing() -> None:
    """The text keeps its place; only the heading above it changed level, name and number."""
    after = RELOCATION.replace("### 1.2 Security", "## 2. Security and resilience").replace(
        "## 2. People", "## 3. People"
    )
    assert _diff(RELOCATION, after).changes == ()


def test_a_commitment_carried_into_another_chapter_is_moved() -> None:
    after = RELOCATION.replace("Terminal operators must report intrusions within 24 hours.\n", "").replace(
        "The Port Authority will retrain 300 crane drivers.\n",
        "The Port Authority will retrain 300 crane drivers.\n"
        "Terminal operators must report intrusions within 24 hours.\n",
    )
    report = _diff(RELOCATION, after)
    assert _kinds(report) == [("moved",)]
    assert report.changes[0].evidence == ("1.2 Security -> 2. People",)


def test_a_subsection_renamed_or_renumbered_under_the_same_chapter_does_not_move() -> None:
    renamed = RELOCATION.replace("### 1.2 Security", "### 1.3 Security and resilience")
    assert _diff(RELOCATION, renamed).changes == ()
    chapter_renamed = renamed.replace("## 1. Operations", "## 1. Port operations")
    assert _diff(RELOCATION, chapter_renamed).changes == ()


def test_a_chapter_heading_dropped_gives_no_evidence_of_a_move() -> None:
    flattened = RELOCATION.replace("## 1. Operations\n\n", "").replace("### 1.", "## 1.")
    assert _diff(RELOCATION, flattened).summary["moved"] == 0


def test_a_clause_with_its_own_predicate_on_a_new_theme_is_an_added_commitment() -> None:
    after = BEFORE.replace(
        "The Ministry of Transport will invest $2 billion in quay cranes.",
        "The Ministry of Transport will invest $2 billion in quay cranes and select multiple suppliers.",
    )
    report = _diff(BEFORE, after)
    change = report.changes[0]
    assert _only(report) == ("added",)
    assert change.before is None and change.after is not None
    assert change.evidence == ("new clause: and select multiple suppliers",)
    assert change.context is not None and change.context.side == "before"


def test_two_duties_merged_in_another_order_add_no_clause() -> None:
    before = (
        "# Plan\n\n## Records\n\nThe port authorities shall keep berth records for five years. They shall "
        "delete the records once the inspection no longer needs them. They shall put in place cybersecurity "
        "and organisational measures to protect the confidentiality of the records.\n"
    )
    after = (
        "# Plan\n\n## Records\n\nThe port authorities shall keep berth records for five years. They shall "
        "put in place cybersecurity measures to protect the confidentiality of the records, and shall delete "
        "the records once the inspection no longer needs them, in accordance with national law.\n"
    )
    assert "added" not in [k for c in _diff(before, after).changes for k in c.kinds]


def test_japanese_conjunctive_clause_on_a_new_theme_is_added() -> None:
    before = "# 計画\n\n## 港湾\n\n国土交通省は、港湾の荷役データの標準化を推進する。\n"
    after = before.replace("港湾の荷役", "複数の事業者を比較し、港湾の荷役")
    report = _diff(before, after, language="ja")
    assert _only(report) == ("added",)
    assert report.changes[0].evidence == ("new clause: 複数の事業者を比較し",)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a phrase without a predicate of its own: no second commitment
        (
            "The Ministry of Transport will invest $2 billion in quay cranes.",
            "The Ministry of Transport will invest $2 billion in quay cranes from several suppliers.",
        ),
        # a clause of its own, but on themes the commitment already had: same commitment, more words
        (
            "The Maritime Skills Council will train 800 AI engineers.",
            "The Maritime Skills Council will train 800 AI engineers and recruit new AI engineers.",
        ),
    ],
)
def test_inserted_words_without_a_new_predicate_or_theme_stay_reworded(old: str, new: str) -> None:
    report = _diff(BEFORE, BEFORE.replace(old, new))
    assert report.summary["added"] == 0


def test_a_japanese_compound_particle_is_no_clause_of_its_own() -> None:
    before = "# 計画\n\n## 港湾\n\n国土交通省は、港湾の荷役データの標準化を推進する。\n"
    after = before.replace("港湾の荷役", "複数の事業者の意見に基づき、港湾の荷役")
    assert _diff(before, after, language="ja").summary["added"] == 0


ACT = """# Port Safety Act

## Recital 1

Harbour work is dangerous and its rules differ from port to port.

## Recital 2

Common rules will protect dock workers in every port.

## Article 3 — Registers

Every port operator shall keep a register of crane inspections.
The register shall be open to the labour inspectorate.

## Article 4 — Training

Every port operator shall train its crane drivers each year.
Training records shall be kept for five years.

## Article 5 — Penalties

Member States shall lay down penalties for breaches of this Act.
"""


def _renumbered_act() -> str:
    """A new Article 3 is inserted; the old Articles 3-5 become 4-6; the recitals become one section."""
    return (
        ACT.replace("## Article 5 — Penalties", "## Article 6 — Penalties")
        .replace("## Article 4 — Training", "## Article 5 — Training of crane drivers")
        .replace(
            "## Article 3 — Registers",
            "## Article 3 — Definitions\n\nA crane driver is a person licensed to operate a quay crane.\n\n"
            "## Article 4 — Registers",
        )
        .replace("## Recital 1\n\n", "## Recitals\n\n(1) ")
        .replace("## Recital 2\n\n", "(2) ")
    )


def test_renumbered_articles_and_merged_recitals_move_nothing_and_are_reported_once() -> None:
    report = _diff(ACT, _renumbered_act())
    assert report.summary["moved"] == 0
    assert report.renumbering == (
        ("Article 3", "Article 4"),
        ("Article 4", "Article 5"),
        ("Article 5", "Article 6"),
    )
    document = report.to_dict()
    assert document["renumbering"][0] == {"before": "Article 3", "after": "Article 4"}
    import json
    from pathlib import Path

    import jsonschema

    schema = json.loads(
        (Path(__file__).parents[1] / "schemas" / "tracker.diff.1.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator(schema).validate(document)
    assert not jsonschema.Draft202012Validator(schema).is_valid(dict(document, renumbering=[{"before": "x"}]))


def test_a_duty_carried_into_another_renumbered_article_is_moved() -> None:
    after = (
        _renumbered_act()
        .replace("Training records shall be kept for five years.\n", "")
        .replace(
            "The register shall be open to the labour inspectorate.\n",
            "The register shall be open to the labour inspectorate.\n"
            "Training records shall be kept for five years.\n",
        )
    )
    report = _diff(ACT, after)
    moved = [c for c in report.changes if c.scored_kinds]
    assert [c.kinds for c in moved] == [("moved",)]
    assert moved[0].evidence == ("Article 4 — Training -> Article 4 — Registers",)


def test_a_report_without_renumbering_has_no_renumbering_key() -> None:
    report = _diff(ACT, ACT.replace("five years", "ten years"))
    assert "renumbering" not in report.to_dict()


DUTY = "# Harbour Code\n\n## Article 8 — Incidents\n\n{}\n"


@pytest.mark.parametrize(
    ("before", "after", "kind", "evidence"),
    [
        (
            "Operators shall report every collision to the harbour master.",
            "Operators shall report every collision to the harbour master unless no vessel was damaged.",
            "weakened",
            "(none) -> unless",
        ),
        (
            "Night dredging is prohibited except where the harbour master allows it in writing.",
            "Night dredging is prohibited.",
            "strengthened",
            "except where -> (none)",
        ),
        (
            "Scoring crews by their speed is prohibited.",
            "Scoring crews based solely on their speed is prohibited.",
            "weakened",
            "(none) -> based solely on",
        ),
        (
            "The operator shall immediately warn the harbour master of a spill.",
            "The operator shall without undue delay warn the harbour master of a spill.",
            "weakened",
            "immediately -> without undue delay",
        ),
        (
            "The operator shall warn the harbour master of a spill as soon as possible.",
            "The operator shall warn the harbour master of a spill immediately.",
            "strengthened",
            "as soon as possible -> immediately",
        ),
    ],
)
def test_exceptions_and_urgency_narrow_or_widen_an_obligation(
    before: str, after: str, kind: str, evidence: str
) -> None:
    report = _diff(DUTY.format(before), DUTY.format(after))
    assert _only(report) == (kind,)
    assert report.changes[0].evidence == (evidence,)


@pytest.mark.parametrize(
    "after",
    [
        "Operators shall keep the logbook and the radio log, except in the cases set out in Article 3.",
        "Operators shall keep the logbook and the radio log, except as provided in Article 3.",
    ],
)
def test_one_exception_worded_two_ways_is_no_change_of_strength(after: str) -> None:
    before = "Operators shall keep the logbook and the radio log, except the cases set out in Article 3."
    report = _diff(DUTY.format(before), DUTY.format(after))
    assert not [c for c in report.changes if {"weakened", "strengthened"} & set(c.kinds)]


def test_an_exception_in_any_wording_added_weakens() -> None:
    before = "Operators shall keep the logbook and the radio log."
    after = "Operators shall keep the logbook and the radio log, except the logs of moored vessels."
    report = _diff(DUTY.format(before), DUTY.format(after))
    assert _only(report) == ("weakened",)
    assert report.changes[0].evidence == ("(none) -> except",)


def test_a_japanese_exception_clause_added_weakens() -> None:
    before = "# 港湾規程\n\n## 第8条\n\n事業者は、事故を港長に直ちに報告する。\n"
    after = "# 港湾規程\n\n## 第8条\n\n事業者は、軽微なものを除き、事故を港長に直ちに報告する。\n"
    report = _diff(before, after, language="ja")
    assert _only(report) == ("weakened",)


def test_a_legal_subject_changed_is_an_actor_change() -> None:
    before = DUTY.format(
        "Where the harbour inspectorate of the Port State finds a defect, it shall order repairs."
    )
    after = DUTY.format("Where the coastguard of the Port State finds a defect, it shall order repairs.")
    report = _diff(before, after)
    assert _only(report) == ("actor_changed",)
