"""Leftover sentences of the same article: a reworded point or a split-off duty is one change.

The texts are written for these tests: an article whose duty is split in two with one half
moved to a later paragraph, and a list of an agency's tasks with a point reworded and moved
down the list; beside each, an unrelated duty or point replaced by another.
"""

from __future__ import annotations

from tracker.diff import DiffReport, Side, diff_texts

SILO_BEFORE = """## Article 1 — Subject matter

This Regulation lays down rules for the storage of grain in public silos.

## Article 5 — Duties of silo operators

1. The operator shall keep a register of every fumigation carried out in the silo, stating the \
product used, the dose and the name of the certified technician, and shall send a copy of that \
register to the regional plant health office within ten days of each fumigation.

2. The operator shall train its staff in fire safety once a year.

3. The operator shall keep the loading bays free of obstructions at all times.

## Article 6 — Inspections

1. The regional plant health office shall inspect each silo at least once a year.
"""

SILO_AFTER = """## Article 1 — Subject matter

This Regulation lays down rules for the storage of grain in public silos.

## Article 5 — Duties of silo operators

1. The operator shall keep a register of every fumigation carried out in the silo, stating the \
product used, the dose and the name of the certified technician.

2. The operator shall publish an annual report on the noise emitted by its ventilation fans.

3. The operator shall keep the loading bays free of obstructions at all times.

4. Within ten days of each fumigation, a copy of the fumigation register shall be sent to the \
regional plant health office.

## Article 6 — Inspections

1. The regional plant health office shall inspect each silo at least once a year.
"""

TASKS_BEFORE = """## Article 9 — Tasks of the Seed Agency

1. The Seed Agency shall:

(a) maintain a public register of approved seed varieties;

(b) organise field trials of new varieties, to be held in at least three climate zones of the Union;

(c) advise the Commission on the certification of seed;

(d) keep the national seed vault at a temperature of minus eighteen degrees.

2. The Agency shall report to the Council each year.
"""

TASKS_AFTER = """## Article 9 — Tasks of the Seed Agency

1. The Seed Agency shall:

(a) maintain a public register of approved seed varieties;

(b) advise the Commission on the certification of seed;

(c) where a Member State so requests, organise trials of varieties in several climate zones;

(d) publish guidance for farmers on the storage of seed harvested on their holdings.

2. The Agency shall report to the Council each year.
"""


def _diff(before: str, after: str) -> DiffReport:
    return diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")


def _texts(report: DiffReport, kind: str) -> list[str]:
    out = []
    for change in report.changes:
        if change.kinds == (kind,):
            side = change.after if kind == "added" else change.before
            assert side is not None
            out.append(side.text)
    return out


def test_a_duty_split_off_to_a_later_paragraph_of_its_article_is_no_new_commitment() -> None:
    report = _diff(SILO_BEFORE, SILO_AFTER)
    assert not any("copy of the fumigation register" in text for text in _texts(report, "added"))
    # the deadline went with the duty: it was not dropped from the register duty
    assert report.summary["target_changed"] == 0
    joined = [c for c in report.changes if c.after is not None and "copy of the fumigation" in c.after.text]
    assert len(joined) == 1 and joined[0].before is not None
    assert "send a copy of that register" in joined[0].before.text


def test_an_unrelated_duty_of_the_same_article_stays_removed_and_added() -> None:
    report = _diff(SILO_BEFORE, SILO_AFTER)
    assert _texts(report, "removed") == ["The operator shall train its staff in fire safety once a year."]
    assert _texts(report, "added") == [
        "The operator shall publish an annual report on the noise emitted by its ventilation fans."
    ]


def test_a_point_reworded_and_moved_down_its_list_is_one_change() -> None:
    report = _diff(TASKS_BEFORE, TASKS_AFTER)
    paired = [
        c for c in report.changes if c.before is not None and c.after is not None and "trials" in c.after.text
    ]
    assert len(paired) == 1 and "field trials of new varieties" in paired[0].before.text
    assert not any("trials" in text for text in _texts(report, "added") + _texts(report, "removed"))


def test_a_point_replaced_by_an_unrelated_one_stays_removed_and_added() -> None:
    report = _diff(TASKS_BEFORE, TASKS_AFTER)
    assert _texts(report, "removed") == [
        "(d) keep the national seed vault at a temperature of minus eighteen degrees."
    ]
    assert _texts(report, "added") == [
        "(d) publish guidance for farmers on the storage of seed harvested on their holdings."
    ]


def test_sentences_outside_numbered_articles_are_not_paired_loosely() -> None:
    # the same list, under a heading with no article number: no structural identity, no loose pairing
    before = TASKS_BEFORE.replace("## Article 9 — Tasks of the Seed Agency", "## Tasks of the Seed Agency")
    after = TASKS_AFTER.replace("## Article 9 — Tasks of the Seed Agency", "## Tasks of the Seed Agency")
    report = _diff(before, after)
    assert any("trials" in text for text in _texts(report, "added"))
