"""Aligning two versions: anchors, edits, moves, splits, merges, renamed sections."""

from __future__ import annotations

import pytest

from tracker.diff.align import align
from tracker.diff.parse import parse_document
from tracker.diff.sections import identity

BEFORE = """# Coastal Data Strategy

## 1. Storage

The Agency will build two regional data vaults by 2029.
Vault operators must encrypt every archive at rest.

## 2. Skills

The Ministry will train 400 archivists in data curation.
Universities may offer short courses on metadata.

## 3. Oversight

An independent board will audit the vaults every year.
"""


def _pairs(before: str, after: str, language: str = "en"):  # type: ignore[no-untyped-def]
    old, new = parse_document(before, language), parse_document(after, language)
    alignment = align(old, new)
    out = []
    for p in alignment.pairs:
        out.append(
            (
                p.status,
                tuple(old.sentences[i].text for i in p.before),
                tuple(new.sentences[i].text for i in p.after),
                alignment.is_moved(old, new, p),
            )
        )
    return out


def test_identical_documents_align_sentence_for_sentence() -> None:
    pairs = _pairs(BEFORE, BEFORE)
    assert all(status == "same" and not moved for status, _, _, moved in pairs)
    assert len(pairs) == 5


def test_rewrapped_renumbered_and_renamed_text_is_unchanged() -> None:
    after = (
        BEFORE.replace("## 1. Storage", "## 4. Storage and archives")
        .replace("## 2. Skills", "## 5. Skills")
        .replace("## 3. Oversight", "## 6. Oversight")
        .replace("two regional data vaults by 2029.", "two regional\ndata vaults by 2029.")
    )
    pairs = _pairs(BEFORE, after)
    assert all(status == "same" and not moved for status, _, _, moved in pairs)


def test_an_edited_sentence_pairs_with_its_original() -> None:
    after = BEFORE.replace("train 400 archivists", "train 250 archivists")
    edited = [p for p in _pairs(BEFORE, after) if p[0] == "edited"]
    assert edited == [
        (
            "edited",
            ("The Ministry will train 400 archivists in data curation.",),
            ("The Ministry will train 250 archivists in data curation.",),
            False,
        )
    ]


def test_unrelated_new_and_dropped_sentences_stay_added_and_removed() -> None:
    after = BEFORE.replace(
        "Universities may offer short courses on metadata.",
        "Libraries should digitise their rare map collections.",
    )
    statuses = {(p[0], p[1] or p[2]) for p in _pairs(BEFORE, after) if p[0] != "same"}
    assert statuses == {
        ("removed", ("Universities may offer short courses on metadata.",)),
        ("added", ("Libraries should digitise their rare map collections.",)),
    }


def test_a_paragraph_moved_to_another_section_is_moved() -> None:
    after = BEFORE.replace("\nAn independent board will audit the vaults every year.\n", "\n").replace(
        "Vault operators must encrypt every archive at rest.\n",
        "Vault operators must encrypt every archive at rest.\n\n"
        "An independent board will audit the vaults every year.\n",
    )
    moved = [p for p in _pairs(BEFORE, after) if p[3]]
    assert [p[1] for p in moved] == [("An independent board will audit the vaults every year.",)]


def test_a_sentence_split_in_two_is_one_split_group() -> None:
    before = "## A\n\nThe Office will review the plan each spring and publish the findings online.\n"
    after = "## A\n\nThe Office will review the plan each spring. The findings will be published online.\n"
    pairs = _pairs(before, after)
    assert [p[0] for p in pairs] == ["split"]
    assert len(pairs[0][2]) == 2


def test_two_sentences_merged_into_one_are_one_merged_group() -> None:
    before = "## A\n\nThe Office will review the plan each spring. The findings will be published online.\n"
    after = "## A\n\nThe Office will review the plan each spring and publish the findings online.\n"
    pairs = _pairs(before, after)
    assert [p[0] for p in pairs] == ["merged"]


def test_repeated_sentences_pair_within_their_own_section() -> None:
    before = "## A\n\nProgress will be reported.\n\n## B\n\nProgress will be reported.\n"
    after = "## B\n\nProgress will be reported.\n"
    pairs = _pairs(before, after)
    kept = [p for p in pairs if p[0] == "same"]
    assert len(kept) == 1 and not kept[0][3]
    assert [p[0] for p in pairs if p[0] != "same"] == ["removed"]


def test_japanese_edits_align_by_character_bigrams() -> None:
    before = "## 1. 基盤\n\n政府は、地域の計算資源の整備を推進する。大学は人材を育成する。\n"
    after = "## 1. 基盤\n\n政府は、地域の計算資源の整備を検討する。大学は人材を育成する。\n"
    pairs = _pairs(before, after, "ja")
    assert [p[0] for p in pairs] == ["edited", "same"]


def test_renamed_section_maps_by_its_contents() -> None:
    old = parse_document(BEFORE, "en")
    new = parse_document(BEFORE.replace("## 2. Skills", "## 2. Workforce and training"), "en")
    alignment = align(old, new)
    skills = next(s.index for s in old.sections if s.key == "skills")
    workforce = next(s.index for s in new.sections if s.key == "workforce and training")
    assert alignment.section_map[skills] == workforce


@pytest.mark.parametrize(
    ("title", "kind", "number"),
    [
        ("Article 12 — Record keeping", "article", "12"),
        ("Article 7 b (new)", "article", "7b"),
        ("CHAPTER IV — SUPERVISION", "chapter", "4"),
        ("Annex III — point 2", "annex", "3"),
        ("Section 2. Grants", "section", "2"),
        ("Recital 14", "recital", "14"),
        ("Recitals", "recital", None),
        ("第十二条（記録）", "article", "12"),
        ("第3章　推進体制", "chapter", "3"),
        ("第５条の２", "article", "5-2"),
    ],
)
def test_a_heading_states_its_structural_identity(title: str, kind: str, number: str | None) -> None:
    found = identity(title)
    assert found is not None
    assert (found.kind, found.number) == (kind, number)


@pytest.mark.parametrize(
    "title", ["Partnerships", "Articles of faith and hope", "3.2 Compute", "Mission", "はじめに"]
)
def test_headings_without_a_unit_number_have_no_identity(title: str) -> None:
    assert identity(title) is None


def test_renumbered_japanese_articles_are_counterparts() -> None:
    purpose = "## 第1条（目的）\n\n政府は、港湾の安全を確保する。\n\n"
    training = "（訓練）\n\n事業者は、運転者を毎年訓練する。\n"
    before = purpose + "## 第2条" + training
    after = purpose + "## 第2条（定義）\n\nこの法律で運転者とは、免許を持つ者をいう。\n\n## 第3条" + training
    old, new = parse_document(before, "ja"), parse_document(after, "ja")
    alignment = align(old, new)
    assert not any(alignment.is_moved(old, new, p) for p in alignment.pairs)
    assert alignment.renumbered == (("第2条", "第3条"),)


INCIDENTS = (
    "## Article 9 — Incidents\n\n"
    "Operators shall keep a log of every incident.\n"
    "The operator shall immediately warn the harbour master of a collision.\n"
    "The log shall be kept for three years.\n"
)


def test_an_amended_provision_in_place_stays_one_edited_pair() -> None:
    """Few shared words, but it stands between the same neighbours in the same article."""
    before = INCIDENTS
    after = before.replace(
        "The operator shall immediately warn the harbour master of a collision.",
        "Collisions shall be notified to the harbour master by the operator without undue delay.",
    )
    pairs = _pairs(before, after)
    assert [p[0] for p in pairs] == ["same", "edited", "same"]


def test_an_unrelated_sentence_in_place_of_a_dropped_one_stays_added_and_removed() -> None:
    before = INCIDENTS
    after = before.replace(
        "The operator shall immediately warn the harbour master of a collision.",
        "Pilots must hold a licence issued by the maritime academy.",
    )
    assert sorted(p[0] for p in _pairs(before, after)) == ["added", "removed", "same", "same"]


def _grown_article(amended: str) -> tuple[str, str]:
    """Article 9 grows by many new sentences before its last one, which is rewritten as `amended`."""
    fees = "## Article 10 — Fees\n\nThe port authority shall publish its fees every January.\n"
    before = (
        "## Article 9 — Incidents\n\n"
        "Operators shall keep a log of every incident.\n"
        "The operator shall immediately warn the harbour master of a collision.\n\n" + fees
    )
    grown = "".join(f"Berth {n} shall keep {n} spare mooring lines.\n" for n in range(1, 451))
    after = (
        "## Article 9 — Incidents\n\n"
        "Operators shall keep a log of every incident.\n\n" + grown + "\n" + amended + "\n\n" + fees
    )
    return before, after


def test_an_amended_provision_after_a_long_insertion_stays_one_edited_pair() -> None:
    """It no longer follows its old neighbour's partner closely, but it still precedes the next one's."""
    before, after = _grown_article(
        "Collisions shall be reported to the harbour office by the operator without undue delay."
    )
    edited = [(b, a) for status, b, a, _ in _pairs(before, after) if status == "edited"]
    assert edited == [
        (
            ("The operator shall immediately warn the harbour master of a collision.",),
            ("Collisions shall be reported to the harbour office by the operator without undue delay.",),
        )
    ]


def test_an_unrelated_sentence_after_a_long_insertion_stays_added() -> None:
    before, after = _grown_article("Pilots must hold a licence issued by the maritime academy.")
    pairs = _pairs(before, after)
    assert not [p for p in pairs if p[0] == "edited"]
    assert [b for status, b, _, _ in pairs if status == "removed"] == [
        ("The operator shall immediately warn the harbour master of a collision.",)
    ]


def test_a_repeated_sentence_does_not_take_its_twins_partner_across_renumbered_articles() -> None:
    records = "Records shall be kept for five years.\n"
    before = (
        f"## Article 2 — Cranes\n\nCranes shall be inspected every month.\n{records}\n"
        f"## Article 3 — Vessels\n\nVessels shall be inspected every year.\n{records}"
    )
    after = (
        "## Article 2 — Definitions\n\nA vessel is any craft that berths in the port.\n"
        "Records shall be kept for five years.\n\n"
        + before.replace("Article 3 —", "Article 4 —").replace("Article 2 —", "Article 3 —")
    )
    old, new = parse_document(before, "en"), parse_document(after, "en")
    alignment = align(old, new)
    assert not any(alignment.is_moved(old, new, p) for p in alignment.pairs)
    assert alignment.renumbered == (("Article 2", "Article 3"), ("Article 3", "Article 4"))


def test_a_provision_stated_twice_and_kept_once_is_not_removed() -> None:
    from tracker.diff import Side, diff_texts

    amended = "The Authority shall issue a yearly bulletin on port safety and security.\n"
    before = (
        "## Article 5 — Reports\n\nThe Authority shall issue a yearly bulletin on port safety.\n\n" + amended
    )
    after = "## Article 5 — Reports\n\n" + amended
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert report.summary["removed"] == 0


def test_a_second_wording_of_a_kept_provision_takes_no_partner_in_another_article() -> None:
    from tracker.diff import Side, diff_texts

    before = (
        "## Article 7 — Logs\n\n"
        "Crane logs shall be kept for five years by the terminal operator.\n\n"
        "Crane logs shall be kept for five full years by the terminal operator.\n\n"
        "## Article 9 — Vessels\n\nPilots shall hold a licence.\n"
    )
    after = (
        "## Article 7 — Logs\n\nCrane logs shall be kept for five years by the terminal operator.\n\n"
        "## Article 9 — Vessels\n\nPilots shall hold a licence.\n"
        "Vessel logs shall be kept for five years by the harbour office.\n"
    )
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert report.summary["moved"] == 0 and report.summary["removed"] == 0
    assert report.summary["added"] == 1


def _restated(second: str, kept: str) -> dict[str, int]:
    from tracker.diff import Side, diff_texts

    first = "The harbour office shall publish a dredging plan for every berth each spring."
    before = f"## Article 12 — Dredging\n\n**Proposed text**\n\n{first}\n\n**Amendment**\n\n{second}\n"
    after = f"## Article 14 — Dredging\n\n{kept}\n"
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    return dict(report.summary)


def test_an_amended_wording_printed_beside_the_kept_one_is_not_removed() -> None:
    amended = (
        "The harbour office shall publish a detailed dredging plan for every berth and anchorage each spring."
    )
    summary = _restated(
        amended, "The harbour office shall publish a dredging plan for every berth each spring."
    )
    assert summary["removed"] == 0


def test_a_different_obligation_in_the_next_paragraph_is_still_removed() -> None:
    other = "Pilots must report every grounding to the harbour master within two days."
    summary = _restated(
        other, "The harbour office shall publish a dredging plan for every berth each spring."
    )
    assert summary["removed"] == 1


def test_a_loose_resemblance_in_an_unrelated_article_is_no_move() -> None:
    from tracker.diff import Side, diff_texts

    before = (
        "## Article 3 — Laboratories\n\nLaboratories shall hold a valid accreditation certificate.\n"
        "The Registry shall publish the list of accredited laboratories on its website every quarter.\n\n"
        "## Article 4 — Fees\n\nApplicants shall pay a registration fee.\n"
    )
    after = (
        "## Article 3 — Laboratories\n\nLaboratories shall hold a valid accreditation certificate.\n\n"
        "## Article 4 — Fees\n\nApplicants shall pay a registration fee.\n"
        "The Registry shall publish the current schedule of registration fees on its website.\n"
    )
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert (report.summary["moved"], report.summary["removed"], report.summary["added"]) == (0, 1, 1)


def test_the_same_provision_taken_to_another_article_is_still_moved() -> None:
    from tracker.diff import Side, diff_texts

    moving = "The Registry shall publish the list of accredited laboratories on its website every quarter.\n"
    before = (
        "## Article 3 — Laboratories\n\nLaboratories shall hold a valid accreditation certificate.\n"
        f"{moving}\n## Article 4 — Fees\n\nApplicants shall pay a registration fee.\n"
    )
    after = (
        "## Article 3 — Laboratories\n\nLaboratories shall hold a valid accreditation certificate.\n\n"
        f"## Article 4 — Fees\n\nApplicants shall pay a registration fee.\n{moving}"
    )
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert report.summary["moved"] == 1


def test_a_parallel_point_beside_a_kept_one_is_still_removed() -> None:
    from tracker.diff import Side, diff_texts

    head = "## Article 12 — Harbour office\n\nThe harbour office shall:\n\n"
    dredging = "(a) publish a dredging plan for every berth each spring"
    before = f"{head}{dredging};\n\n(b) publish a tide table for every berth each spring.\n"
    after = f"{head}{dredging}.\n"
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert report.summary["removed"] == 1


def test_the_amended_wording_of_a_comparative_text_is_the_one_compared() -> None:
    from tracker.diff import Side, diff_texts

    quoted = "The harbour office shall publish a dredging plan for every berth each spring."
    amended = (
        "The harbour office shall publish a detailed dredging plan for every berth and anchorage each spring."
    )
    before = f"## Article 12 — Dredging\n\n{quoted}\n\n**Amendment**\n\n{amended}\n"
    hedged = "The harbour office shall publish a dredging plan for every berth each spring, where feasible."
    after = f"## Article 12 — Dredging\n\n{hedged}\n"
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    changed = [c for c in report.changes if c.kinds != ("reworded",)]
    assert [c.kinds for c in changed] == [("weakened",)]
    assert changed[0].before is not None and "anchorage" in changed[0].before.text


def test_candidates_summed_by_numpy_are_the_ones_summed_in_python() -> None:
    """Large edits sum candidate weights with numpy; both sums must pick the same sentences, to the bit."""
    import importlib
    import random

    align_module = importlib.import_module("tracker.diff.align")
    rng = random.Random(7)
    stems = ("harbour", "levy", "pilot", "berth", "tariff", "dredge")
    words = [f"{stem}{n}" for stem in stems for n in range(40)]

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(6, 30))).capitalize() + "."

    def text() -> str:
        return "\n\n".join(sentence() for _ in range(300))

    old, new = parse_document(text(), "en"), parse_document(text(), "en")
    pool_before, pool_after = list(range(len(old.sentences))), list(range(len(new.sentences)))
    scorer = align_module._Scorer(old, new, pool_before, pool_after)
    index = align_module._Postings(scorer, pool_after)
    for b in pool_before:
        tokens = scorer.before_tokens[b]
        assert index.dense_best(tokens) == index.best(tokens)
    assert any(index.best(scorer.before_tokens[b]) for b in pool_before)



def test_a_row_of_scores_is_each_pair_scored_alone() -> None:
    """`_Scorer.row` skips character ratios the lengths rule out; its scores must be `pair`'s, to the bit."""
    import importlib
    import random

    align_module = importlib.import_module("tracker.diff.align")
    rng = random.Random(11)
    words = ["quay", "quays", "levy", "levies", "pilot", "berth", "tariff", "dredge", "vessel", "tonnage"]

    def sentence() -> str:
        # lengths from a few words to many, so that some pairs pass the length bound and some do not
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 25))).capitalize() + "."

    old = parse_document("\n\n".join(sentence() for _ in range(40)), "en")
    new = parse_document("\n\n".join(sentence() for _ in range(60)), "en")
    pool_before, pool_after = list(range(len(old.sentences))), list(range(len(new.sentences)))
    scorer = align_module._Scorer(old, new, pool_before, pool_after)
    fresh = align_module._Scorer(old, new, pool_before, pool_after)
    by_characters = 0  # pairs whose score is the character ratio's, not the words'
    for b in pool_before:
        row = scorer.row(b, pool_after)
        assert row == [fresh.pair(b, a) for a in pool_after]
        b_tokens = scorer.before_tokens[b]
        by_characters += sum(
            1
            for a, score in zip(pool_after, row, strict=True)
            if score > scorer.dice(b_tokens, scorer.after_tokens[a])
        )
    assert 0 < by_characters < len(pool_before) * len(pool_after)
    assert scorer.row(0, []) == []


_REGISTER_ITEMS = (
    "1. the name and postal address of the operator;\n"
    "2. the berth numbers the operator intends to use;\n"
    "3. the tonnage of the largest vessel the operator intends to moor;\n"
)
_HARBOUR_NOTES = (
    "(^4) Harbour Dues Act of 12 March 1998 on the levies payable by vessels calling at public ports.\n\n"
    "(^5) Pilotage Act of 3 July 2004 on the licensing of marine pilots and the duties of pilot stations.\n\n"
    "(^6) Dredging Act of 21 May 2011 on the upkeep of navigable channels and the disposal of spoil.\n\n"
    "(^7) Port Security Act of 9 October 2016 on access control in terminals and the screening of cargo.\n\n"
    "(^8) Coastal Waters Act of 14 June 2019 on the protection of estuaries from ballast water discharges.\n"
)


def test_a_unit_that_kept_its_number_and_its_text_is_its_namesakes_counterpart() -> None:
    """Notes printed at the end of Annex II (the last heading) went to a new Annex I and outnumber
    the register items: Annex II is still Annex II, its items moved nowhere, nothing was renumbered."""
    intro = "The operator shall register the following information:\n\n"
    before = f"## Annex II — Berth register\n\n{intro}{_REGISTER_ITEMS}\n---\n\n{_HARBOUR_NOTES}"
    after = (
        f"## Annex I — Acts referred to\n\n{_HARBOUR_NOTES}\n"
        "## Annex II — Information to be registered\n\n"
        f"{intro}{_REGISTER_ITEMS.replace('postal address', 'address')}"
    )
    old, new = parse_document(before, "en"), parse_document(after, "en")
    alignment = align(old, new)
    paired = [p for p in alignment.pairs if p.before and p.after]
    assert len(paired) == 9
    assert not any(alignment.is_moved(old, new, p) for p in paired)
    assert alignment.renumbered == ()


def test_an_article_renumbered_while_a_new_one_takes_its_number_is_still_renumbered() -> None:
    """Old Article 3 became Article 4 and a new Article 3 came in with one sentence of the old one:
    that sentence moved, the rest did not, and Article 3 was renumbered."""
    kept = (
        "Applicants shall pay a registration fee.\n"
        "The fee shall be refunded when the application is withdrawn within ten days.\n"
        "The Registry shall publish the schedule of fees every January.\n"
        "Fees for vessels above ten thousand tonnes shall be doubled.\n"
        "Fees shall be paid before the first mooring.\n"
    )
    carried = "A registration lapses when the vessel has not called at the port for two years.\n"
    before = f"## Article 3 — Fees\n\n{kept}{carried}"
    after = (
        "## Article 3 — Definitions\n\n"
        f"A berth is any place in the port where a vessel may moor.\n{carried}\n"
        f"## Article 4 — Fees\n\n{kept}"
    )
    old, new = parse_document(before, "en"), parse_document(after, "en")
    alignment = align(old, new)
    moved = [new.sentences[p.after[0]].text for p in alignment.pairs if alignment.is_moved(old, new, p)]
    assert moved == [carried.strip()]
    assert alignment.renumbered == (("Article 3", "Article 4"),)


_BERTH_ACT = (
    "## Article 9 — Berth requests\n\n"
    "When deciding on a berth request, the harbour master shall take into account:\n\n"
    "(a) the tonnage of the vessel;\n\n"
    "(b) the draught of the vessel at low tide.\n\n"
    "## Annex II — Register of operators\n\n"
    "The operator shall enter the following in the register:\n\n"
    "1. the name of the operator;\n\n"
    "2. the flag state of each vessel it operates.\n"
)


def _moved_texts(before: str, after: str) -> list[str]:
    old, new = parse_document(before, "en"), parse_document(after, "en")
    alignment = align(old, new)
    return [new.sentences[p.after[0]].text for p in alignment.pairs if alignment.is_moved(old, new, p)]


def test_a_short_point_that_stays_in_its_own_annex_is_not_moved_to_an_article_that_repeats_it() -> None:
    """Annex II's point now reads "the name and address of the operator" and Article 9 gained
    a point worded as the old one: a set phrase shared by two lists, not a move."""
    after = _BERTH_ACT.replace("the name of the operator;", "the name and address of the operator;").replace(
        "(b) the draught of the vessel at low tide.",
        "(b) the draught of the vessel at low tide;\n\n(c) the name of the operator;",
    )
    assert _moved_texts(_BERTH_ACT, after) == []


def test_a_short_point_taken_out_of_its_annex_into_an_article_is_still_moved() -> None:
    after = _BERTH_ACT.replace("1. the name of the operator;\n\n2. ", "1. ").replace(
        "(b) the draught of the vessel at low tide.",
        "(b) the draught of the vessel at low tide;\n\n(c) the name of the operator;",
    )
    assert _moved_texts(_BERTH_ACT, after) == ["the name of the operator;"]


def test_a_short_point_repeated_in_an_article_pairs_with_its_copy_in_the_renamed_annex() -> None:
    """The copy in Article 9 comes first in the newer text and the annex was renamed: the old
    point still pairs with the copy in its own annex, and Article 9's copy is the new one."""
    after = _BERTH_ACT.replace("Register of operators", "Operators' register").replace(
        "(b) the draught of the vessel at low tide.",
        "(b) the draught of the vessel at low tide;\n\n(c) the name of the operator;",
    )
    old, new = parse_document(_BERTH_ACT, "en"), parse_document(after, "en")
    alignment = align(old, new)
    assert not any(alignment.is_moved(old, new, p) for p in alignment.pairs)
    added = [new.sentences[p.after[0]] for p in alignment.pairs if p.status == "added"]
    assert [(s.text, new.sections[s.section].title) for s in added] == [
        ("the name of the operator;", "Article 9 — Berth requests")
    ]


_MOORING_AMENDED = (
    "Berth operators shall inspect the mooring lines of every vessel every day "
    "and log each inspection in the register."
)


def _quoted_then_amended(quoted: str, kept: str | None = None) -> dict[str, int]:
    """A comparative text quotes a wording, then prints its amendment; the newer text keeps the amendment
    (or `kept` instead)."""
    from tracker.diff import Side, diff_texts

    before = (
        f"## Article 6 — Moorings\n\n**Text proposed**\n\n{quoted}\n\n**Amendment**\n\n{_MOORING_AMENDED}\n"
    )
    if kept is None:
        kept = _MOORING_AMENDED.replace("log each", "record each")
    after = f"## Article 6 — Moorings\n\n{kept}\n"
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    return dict(report.summary)


def test_a_quoted_wording_recast_by_its_amendment_is_not_removed() -> None:
    """The amendment changes the actor and adds a duty (well short of a near-copy), but it is the
    same sentence amended, and the amendment is kept: nothing was dropped."""
    summary = _quoted_then_amended("Berth users shall inspect the mooring lines of their vessels every day.")
    assert summary["removed"] == 0


def test_a_quoted_sentence_the_amendment_dropped_was_never_the_texts_position() -> None:
    """The amendment drops the fender duty from the wording it quotes: the comparative text's
    position never held it, so the newer text did not remove it."""
    summary = _quoted_then_amended(
        "Berth users shall inspect the mooring lines of their vessels every day.\n"
        "Berth users shall inspect the fenders of every vessel every day."
    )
    assert summary["removed"] == 0


def test_an_amendment_the_newer_text_dropped_is_removed_once() -> None:
    """The quoted wording and its amendment state one provision: dropped, it is one removal."""
    summary = _quoted_then_amended(
        "Berth users shall inspect the mooring lines of their vessels every day.",
        kept="Pilots shall hold a licence issued by the maritime academy.",
    )
    assert summary["removed"] == 1


_HARBOUR_LEAD_IN = "## Article 7 — Berth inspections\n\nThe harbour office shall inspect a berth where:\n\n"


def test_a_point_split_into_two_sibling_points_is_one_split_group() -> None:
    before = (
        f"{_HARBOUR_LEAD_IN}(a) the berth has no mooring certificate;\n\n"
        "(b) the quay wall or the fender line shows cracks or corrosion beyond the tolerance;\n\n"
        "(c) a vessel reports damage.\n"
    )
    after = (
        f"{_HARBOUR_LEAD_IN}(a) the berth has no mooring certificate;\n\n"
        "(b) the quay wall shows cracks beyond the tolerance;\n\n"
        "(c) the fender line shows corrosion beyond the tolerance;\n\n"
        "(d) a vessel reports damage.\n"
    )
    pairs = _pairs(before, after)
    assert [p[0] for p in pairs] == ["same", "same", "split", "same"]  # the lead-in, then (a) to (c)
    assert len(pairs[2][2]) == 2


def test_two_sibling_points_merged_into_one_are_one_merged_group() -> None:
    before = (
        f"{_HARBOUR_LEAD_IN}(a) the quay wall shows cracks beyond the tolerance;\n\n"
        "(b) the fender line shows corrosion beyond the tolerance;\n\n"
        "(c) a vessel reports damage.\n"
    )
    after = (
        f"{_HARBOUR_LEAD_IN}(a) the quay wall or the fender line shows cracks or corrosion beyond the "
        "tolerance;\n\n(b) a vessel reports damage.\n"
    )
    assert [p[0] for p in _pairs(before, after)] == ["same", "merged", "same"]


def test_a_new_point_beside_an_amended_one_stays_added() -> None:
    before = (
        f"{_HARBOUR_LEAD_IN}(a) the quay wall shows cracks beyond the tolerance;\n\n"
        "(b) a vessel reports damage.\n"
    )
    after = (
        f"{_HARBOUR_LEAD_IN}(a) the quay wall shows cracks or subsidence beyond the tolerance;\n\n"
        "(b) dredging has lowered the channel below the charted depth;\n\n"
        "(c) a vessel reports damage.\n"
    )
    assert [p[0] for p in _pairs(before, after)] == ["same", "edited", "added", "same"]


def test_a_sentence_is_not_split_into_points_of_another_list() -> None:
    # the grouping crosses blocks only from a point to its sibling points, not from running text
    before = "## Article 7 — Berth inspections\n\nNo quay wall or fender line may show cracks or corrosion.\n"
    after = f"{_HARBOUR_LEAD_IN}(a) the quay wall shows cracks;\n\n(b) the fender line shows corrosion.\n"
    assert "split" not in [p[0] for p in _pairs(before, after)]


def test_a_point_split_in_two_reports_no_new_commitment() -> None:
    from tracker.diff import Side, diff_texts

    lead_in = "## Article 9 — Pilots\n\nThe harbour office shall:\n\n"
    before = (
        f"{lead_in}(a) keep a register of licensed pilots and publish their rota each month;\n\n"
        "(b) audit the tugs.\n"
    )
    after = (
        f"{lead_in}(a) keep a register of licensed pilots;\n\n(b) publish the pilots' rota each month;\n\n"
        "(c) audit the tugs.\n"
    )
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    assert report.summary["added"] == report.summary["removed"] == 0


def test_a_neighbour_moved_to_another_article_does_not_hide_a_reworded_provisions_place() -> None:
    """The pilot rule went to the scope article; the collision duty beside it was reworded in
    place. Its place is marked by the neighbours that stayed, not by the one that moved away."""
    moving = "Every vessel over twenty metres shall carry a certified pilot when it enters the inner harbour."
    reworded = (
        "The harbour office shall inform the transport ministry and the coast guard of each collision "
        "or grounding in port waters without undue delay."
    )
    before = (
        "## Article 1 — Scope\n\nThis Code applies to the port of Northhaven.\n\n"
        "## Article 5 — Collisions\n\nMasters shall keep a log of every manoeuvre.\n"
        f"The harbour office shall immediately inform the ministry of every collision.\n{moving}\n"
    )
    after = (
        f"## Article 1 — Scope\n\nThis Code applies to the port of Northhaven.\n{moving}\n\n"
        f"## Article 5 — Collisions\n\nMasters shall keep a log of every manoeuvre.\n{reworded}\n"
    )
    pairs = _pairs(before, after)
    assert (
        "edited",
        ("The harbour office shall immediately inform the ministry of every collision.",),
        (reworded,),
        False,
    ) in pairs
    assert ("same", (moving,), (moving,), True) in pairs


def test_a_loose_likeness_in_another_article_does_not_take_a_provision_reworded_in_its_own() -> None:
    """The coast guard article borrows the inspectors' powers in words close to the harbour
    authorities' sentence; the inspections article restates that sentence for the inspectors.
    The sentence is the inspections article's provision reworded, and the coast guard's is new."""
    kept = "Port inspectors shall inspect every berth each year."
    closing = "Port inspectors shall publish their findings each spring."
    powers = (
        "For the purpose of this Code, harbour authorities should have the same powers as port inspectors "
        "under the Maritime Code."
    )
    restated = (
        "Port inspectors designated under this Code should have all enforcement powers laid down in the "
        "Maritime Code."
    )
    borrowed = (
        "To carry out its tasks, the coast guard shall have the powers of port inspectors "
        "under the Maritime Code."
    )
    coast = "## Article 12 — Coast guard\n\nThe coast guard shall patrol the harbour approaches.\n"
    before = f"## Article 8 — Inspections\n\n{kept}\n{powers}\n{closing}\n\n{coast}"
    after = f"## Article 8 — Inspections\n\n{kept}\n{restated}\n{closing}\n\n{coast}{borrowed}\n"
    pairs = _pairs(before, after)
    assert ("edited", (powers,), (restated,), False) in pairs
    assert ("added", (), (borrowed,), False) in pairs


_DRONE_ACT = (
    "## Recitals\n\n"
    "(1) Drone swarms raise concerns about noise and privacy in towns.\n\n"
    "## Article 3 — Prohibited practices\n\n"
    "The following practices shall be prohibited:\n\n"
    "(a) the sale of drones that carry no licence plate;\n\n"
    "(b) the flying of drone swarms over residential areas at night;\n\n"
    "(c) the recording of sound by delivery drones in flight over private gardens;\n"
)


def test_a_ban_narrowed_by_an_exception_stays_paired_with_itself_not_with_a_recital_echoing_it() -> None:
    """The amended point holds all of the old point's words plus its exception; a new recital
    repeats the old words more closely, yet it explains the ban, it is not the ban."""
    after = _DRONE_ACT.replace(
        "in towns.\n\n",
        "in towns.\n\n(2) The flying of drone swarms over residential areas at night should be limited.\n\n",
    ).replace(
        "over residential areas at night;",
        "over residential areas at night for commercial deliveries, unless the municipality has"
        " authorised such flights in advance for one public event;",
    )
    pairs = _pairs(_DRONE_ACT, after)
    old_point = "the flying of drone swarms over residential areas at night;"
    [(status, _, new_side, moved)] = [p for p in pairs if p[1] == (old_point,)]
    assert status == "edited" and not moved and new_side[0].startswith("the flying of drone swarms")
    recital = "The flying of drone swarms over residential areas at night should be limited."
    assert ("added", (), (recital,), False) in pairs
