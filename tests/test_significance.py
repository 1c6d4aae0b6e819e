"""Significance: what a policy analyst would read first comes first, on sentences of our own."""

from __future__ import annotations

from tracker.diff import Side, diff_texts
from tracker.diff.report import CommitmentChange, DiffReport
from tracker.diff.significance import ranked, score_change, text_status


def diff(before: str, after: str) -> DiffReport:
    return diff_texts(before, after, before_side=Side("v1"), after_side=Side("v2"), language="en")


def only(report: DiffReport, kind: str) -> CommitmentChange:
    found = [c for c in report.changes if kind in c.kinds]
    assert len(found) == 1, [c.kinds for c in report.changes]
    return found[0]


def test_a_removed_strong_commitment_ranks_above_an_added_weak_one() -> None:
    before = """# Canal Plan

## 2. Measures

The Canal Authority will dredge the northern locks every spring.
Boats pass the locks at dawn.

## 3. Ideas

Visitors enjoy the towpath.
"""
    after = """# Canal Plan

## 2. Measures

Boats pass the locks at dawn.

## 3. Ideas

Visitors enjoy the towpath.
The Canal Authority may consider installing benches along the towpath.
"""
    report = diff(before, after)
    removed, added = only(report, "removed"), only(report, "added")
    assert removed.before is not None and removed.before.strength == "strong"
    assert added.after is not None and added.after.strength == "weak"
    assert removed.significance > added.significance
    assert ranked(report.changes)[0] is removed
    assert removed.significance_reason.startswith("removed: strong commitment")


def test_a_halved_budget_ranks_above_a_deadline_moved_by_one_month() -> None:
    before = """# Orchard Plan

## 3. Funding

The Orchard Board will provide 40 million euros for pollinator corridors.
The Orchard Board will publish the soil survey by 31 March 2027.
"""
    after = before.replace("40 million euros", "20 million euros").replace("31 March 2027", "30 April 2027")
    report = diff(before, after)
    changes = [c for c in report.changes if "target_changed" in c.kinds]
    assert len(changes) == 2
    budget = next(c for c in changes if c.after is not None and "euros" in c.after.text)
    deadline = next(c for c in changes if c.after is not None and "April" in c.after.text)
    assert budget.significance > deadline.significance
    assert "money -50%" in budget.significance_reason
    assert "1 month later" in deadline.significance_reason


def test_an_article_ranks_above_a_recital() -> None:
    text = "The Commission shall establish a register of autonomous ferries."
    before = """# Ferry Regulation

## Recitals

(1) Ferries matter.

## Article 3 — Register

Ports are listed.
"""
    in_recital = before.replace("(1) Ferries matter.", f"(1) Ferries matter. {text}")
    in_article = before.replace("Ports are listed.", f"Ports are listed. {text}")
    recital = only(diff(before, in_recital), "added")
    article = only(diff(before, in_article), "added")
    assert article.significance > recital.significance
    assert "in binding text" in article.significance_reason
    assert "in background text" in recital.significance_reason


def test_text_status_reads_the_innermost_heading_that_says() -> None:
    assert text_status(("Regulation", "CHAPTER II", "Article 5 — Prohibited practices")) == "binding"
    assert text_status(("Regulation", "Recitals")) == "background"
    assert text_status(("Plan", "Annex II", "Background")) == "background"
    assert text_status(("Plan", "Background", "Action 4: open data")) == "binding"
    assert text_status(("計画", "第3条")) == "binding"
    assert text_status(("計画", "はじめに")) == "background"
    assert text_status(("Plan", "2. Compute")) == "body"


def test_scores_are_deterministic_and_in_range() -> None:
    before = "# P\n\n## 1. A\n\nThe Agency will fund 10 labs by 2027.\nThe Agency should train staff.\n"
    after = "# P\n\n## 1. A\n\nThe Agency may fund 5 labs by 2029.\nThe Ministry will train staff.\n"
    first, second = diff(before, after), diff(before, after)
    assert [(c.significance, c.significance_reason) for c in first.changes] == [
        (c.significance, c.significance_reason) for c in second.changes
    ]
    assert all(0 <= c.significance <= 100 for c in first.changes)
    assert all(score_change(c).score == c.significance for c in first.changes if not c.after or not c.before)


def test_a_prohibition_counts_and_a_mention_of_one_does_not() -> None:
    before = "# Port Rules\n\n## Article 4 — Fuel\n\nShips use the eastern quay.\n"
    ban = before + "The burning of heavy fuel oil in the harbour shall be prohibited.\n"
    mention = before + "The harbour master shall report on the prohibited fuels referred to in Article 9.\n"
    banned = only(diff(before, ban), "added")
    mentioned = only(diff(before, mention), "added")
    assert "a prohibition" in banned.significance_reason
    assert "a prohibition" not in mentioned.significance_reason


def test_a_change_on_a_theme_of_the_plans_turn_counts_more() -> None:
    from tracker.diff.report import CommitmentView, ThemeShift

    view = CommitmentView(
        text="The Government will fund domestic foundation models.", section=("Plan", "2. Models"),
        lines=(4, 4), strength="strong", actor="Government", targets=(), themes=("sovereign-ai",),
    )
    change = CommitmentChange(kinds=("removed",), before=view, after=None, evidence=(), redline=())
    plain = score_change(change)
    turning = score_change(change, shifts=(ThemeShift("sovereign-ai", "provider-diversification"),))
    assert turning.score > plain.score
    assert turning.reason.endswith("part of the turn sovereign-ai -> provider-diversification")


_HARBOUR_BANS = """# Harbour Regulation

## Article 3 — Prohibited harbour practices

The following practices shall be prohibited:

(a) the discharge of bilge water within the breakwater;

(b) the mooring of a vessel that is reasonably likely to obstruct the fairway;

(c) the burning of waste on a quay.

## Article 9 — Reporting

The Harbour Board shall report annually to the Council on the dredging of the channels.

The Harbour Board shall keep a register of moorings.
"""


def test_a_point_of_a_prohibition_is_read_with_its_lead_in() -> None:
    without_c = _HARBOUR_BANS.replace("(c) the burning of waste on a quay.\n", "")
    removed_point = only(diff(_HARBOUR_BANS, without_c), "removed")
    added = _HARBOUR_BANS.replace("(c) the burning", "(c) the towing of a burning hulk;\n\n(d) the burning")
    added_point = only(diff(_HARBOUR_BANS, added), "added")
    for change, view in ((removed_point, removed_point.before), (added_point, added_point.after)):
        assert view is not None and view.lead_in == "The following practices shall be prohibited:"
        assert "a point of a prohibition" in change.significance_reason
        assert change.to_dict()["before" if view is change.before else "after"]["lead_in"] == view.lead_in


def test_a_removed_or_added_point_of_a_ban_ranks_above_a_removed_reporting_duty() -> None:
    duty = "The Harbour Board shall report annually to the Council on the dredging of the channels.\n\n"
    without_duty = _HARBOUR_BANS.replace(duty, "")
    removed_duty = only(diff(_HARBOUR_BANS, without_duty), "removed")
    assert removed_duty.before is not None and removed_duty.before.strength == "strong"
    assert "prohibition" not in removed_duty.significance_reason

    without_point = _HARBOUR_BANS.replace("(a) the discharge of bilge water within the breakwater;\n\n", "")
    removed_point = only(diff(_HARBOUR_BANS, without_point), "removed")
    added_point = only(diff(without_point, _HARBOUR_BANS), "added")
    assert removed_point.significance > removed_duty.significance
    assert added_point.significance > removed_duty.significance


def test_a_point_of_a_ban_binds_as_its_lead_in_whatever_it_describes() -> None:
    """ "(b) ... a vessel that is reasonably likely to obstruct ..." describes the practice banned;
    the ban itself is imposed by "shall be prohibited" and weighs as a strong commitment."""
    without_b = _HARBOUR_BANS.replace(
        "(b) the mooring of a vessel that is reasonably likely to obstruct the fairway;\n\n", ""
    )
    added_b = only(diff(without_b, _HARBOUR_BANS), "added")
    assert added_b.significance_reason.startswith("added: strong commitment")


def test_a_sentence_that_sets_a_bans_reach_counts_as_a_prohibition() -> None:
    before = "# Port Rules\n\n## Article 4 — Fuel\n\nShips use the eastern quay.\n"
    carve_out = before + (
        "The prohibition of open fires referred to in Article 2 shall not apply to signal flares.\n"
    )
    changed = only(diff(before, carve_out), "added")
    assert "a prohibition" in changed.significance_reason
    breach = before + "Non-compliance with the prohibition of open fires shall be subject to fines.\n"
    assert "prohibition" not in only(diff(before, breach), "added").significance_reason


def test_a_point_quoted_without_its_lead_in_is_still_a_point_of_a_ban() -> None:
    """An amending text quotes the point it amends without the sentence that introduces it; the
    point it became, under "shall be prohibited:", makes the change a change to a ban."""
    quoted = (
        "# Harbour Regulation\n\n## Article 3 — Prohibited harbour practices\n\n"
        "(b) the mooring of a vessel that is likely to obstruct the fairway;\n"
    )
    weakened = only(diff(quoted, _HARBOUR_BANS), "weakened")
    assert weakened.before is not None and weakened.before.lead_in is None
    assert "a point of a prohibition" in weakened.significance_reason
