"""Drafting styles the analyser must read like a policy analyst: legal "shall"/"may" texts,
plan instruments as subjects, proper-name bodies, Japanese 基本方針 predicates, fractions and
space-grouped amounts, sovereignty vocabulary. Every sentence here is our own.
"""

from __future__ import annotations

import pytest

from tracker.commitments import analyze_sentence, default_lexicon, extract_targets, targets_equal
from tracker.diff import Side, diff_texts
from tracker.diff.equivalence import is_acronym_of
from tracker.diff.report import DiffReport


def reading(text: str, language: str = "en") -> tuple[str, str | None] | None:
    c = analyze_sentence(text, language)
    return None if c is None else (c.strength, c.actor)


def _diff(before: str, after: str, language: str = "en") -> DiffReport:
    return diff_texts(before, after, before_side=Side("v1"), after_side=Side("v2"), language=language)


# ------------------------------------------------------------------------------ legal "shall" drafting


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        # a "will" cue's "shall" twin is as tentative as it is
        ("The Agency shall seek to agree data-sharing terms with neighbouring ports.", "moderate"),
        ("The Board shall consider a levy on idle licences.", "weak"),
        # legal drafting's obligation of effort is moderate, above a plan's "will endeavour to"
        ("The Board shall endeavour to publish its minutes within a week.", "moderate"),
        ("The Board shall aim to settle disputes within sixty days.", "moderate"),
        ("The Board shall aim at settling disputes within sixty days.", "moderate"),
        ("The Board shall publish its minutes.", "strong"),
        # "shall not" prohibits: binding, not a withdrawal
        ("Operators shall not resell unused capacity.", "strong"),
    ],
)
def test_shall_twins_of_will_cues(sentence: str, strength: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == strength and not c.negated


def test_invited_to_needs_no_named_body() -> None:
    # being invited is said only of someone who can act, like "are encouraged to"
    assert reading("Clinics are invited to share anonymised scans with the registry.") == ("weak", None)
    assert reading("Testing sites are invited to publish their waiting times.") == ("weak", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Funding under the scheme may cover travel and subsistence.",
        "The programme may fund joint calls with partner agencies.",
        "Vouchers may pay for certified training only.",
    ],
)
def test_a_plan_instrument_may_act_without_a_named_body(sentence: str) -> None:
    assert reading(sentence) == ("weak", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Grant support may decline after the pilot.",
        "Models may produce wrong answers.",
        "AI may change work.",
    ],
)
def test_may_without_a_body_or_instrument_is_a_possibility(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


def test_shall_to_may_under_an_instrument_is_weakened_not_removed() -> None:
    before = "# Rules\n\nProcurement under this Part shall prefer open-source tools.\n"
    report = _diff(before, before.replace("shall prefer", "may prefer"))
    assert [c.kinds for c in report.changes] == [("weakened",)]


# ------------------------------------------------------------------------------------- actors


def test_an_organisation_head_is_a_whole_word() -> None:
    c = analyze_sentence("Funding under the plan will cover rural clinics.", "en")
    assert c is not None and c.actor is None  # no "Fund" inside "Funding"
    c = analyze_sentence("The Fund will back rural clinics.", "en")
    assert c is not None and c.actor == "Fund"


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Fraunhofer will run the robotics testbed.", "Fraunhofer"),
        ("GovTech will host the shared model catalogue.", "GovTech"),
        ("Research will focus on marine robotics.", None),  # a mass noun opening the sentence
        ("Training will start in spring.", None),
        ("Everyone will get access to the catalogue.", None),
    ],
)
def test_a_lone_proper_name_is_the_actor(sentence: str, actor: str | None) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.actor == actor


def test_a_proper_name_actor_replaced_is_an_actor_change() -> None:
    before = "# Labs\n\nFraunhofer will run the robotics testbed.\n"
    report = _diff(before, before.replace("Fraunhofer", "Helmholtz"))
    assert [c.kinds for c in report.changes] == [("actor_changed",)]
    assert report.changes[0].evidence == ("Fraunhofer -> Helmholtz",)


# ----------------------------------------------------------------------------------------- Japanese


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # urging others is weak, like "encourages"; driving the thing oneself (促進する) is moderate
        ("農林水産省は、農業法人におけるドローンの活用を促す。", ("weak", "農林水産省")),
        ("環境省は、事業者に省エネ診断の受診を呼びかける。", ("weak", "環境省")),
        ("農林水産省は、農業法人におけるドローンの活用を促進する。", ("moderate", "農林水産省")),
        # a quantity as it stands is background
        ("遠隔授業を導入した学校は約2割にとどまる。", None),
        ("地方の研究者数は全国平均を下回る。", None),
        ("都市部の利用者が全体の6割を占める。", None),
        # 示す: a commitment when a body presents something, not when a table shows it
        ("文化庁は、生成AIと著作権に関する考え方を示す。", ("strong", "文化庁")),
        ("次の表は各年度の予算額を示す。", None),
        # prefectures and municipalities are bodies
        ("都道府県は、中小企業向けの相談会を年4回開催する。", ("strong", "都道府県")),
        ("市町村は、避難所の情報をAIで多言語化する。", ("strong", "市町村")),
        ("静岡県は、AIで河川の水位を監視する。", ("strong", "静岡県")),
        ("都市は、周辺から人口を集める。", None),  # a city in general is no body
        # を inside the topic phrase does not make the topic a described thing
        ("個人情報を扱うシステムは、国内の拠点で運用する。", ("strong", None)),
        ("AIは働き方を変える。", None),
    ],
)
def test_japanese_predicates(sentence: str, expected: tuple[str, str | None] | None) -> None:
    assert reading(sentence, "ja") == expected


# -------------------------------------------------------------------------------------------- targets


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("国は、改修費の3分の2を補助する。", "ja", 66.67),
        ("国は、改修費の2分の1を補助する。", "ja", 50.0),
        ("The scheme will refund two thirds of the fee.", "en", 66.67),
        ("The scheme will refund one-quarter of the fee.", "en", 25.0),
        ("At least half of the slots will go to schools.", "en", 50.0),
    ],
)
def test_fractions_are_shares(text: str, language: str, value: float) -> None:
    shares = [t for t in extract_targets(text, language) if t.type == "percent"]
    assert [t.value for t in shares] == [value]


def test_a_changed_fraction_is_a_target_change() -> None:
    before = "# 支援\n\n国は、改修費の2分の1を補助する。\n"
    report = _diff(before, before.replace("2分の1", "3分の2"), "ja")
    assert [c.kinds for c in report.changes] == [("target_changed",)]


def test_a_bound_is_a_word_of_its_own() -> None:
    (share,) = extract_targets("The grant will cover 80% of the cost.", "en")
    assert share.bound is None  # "cover" is no "over"
    (share,) = extract_targets("The grant will pay over 80% of the cost.", "en")
    assert share.bound == "more_than"


def test_space_grouped_thousands_next_to_a_currency() -> None:
    (spaced,) = extract_targets("The envelope shall be EUR 1 750 million.", "en")
    (dotted,) = extract_targets("The envelope shall be €1.75 billion.", "en")
    assert spaced.value == 1.75e9 and targets_equal(spaced, dotted)
    post, _yearly = extract_targets("Members will pay 12 500 euros a year.", "en")
    assert post.type == "money" and post.value == 12500
    # without a currency, two numbers side by side stay two numbers
    assert [t.value for t in extract_targets("In 2031 40 labs will open.", "en") if t.type == "count"] == [40]


def test_space_grouped_amount_rewritten_is_no_change() -> None:
    before = "# Budget\n\nThe envelope shall be €1.75 billion in current prices.\n"
    report = _diff(before, before.replace("€1.75 billion", "EUR 1 750 million"))
    assert all(c.kinds == ("reworded",) for c in report.changes)


# --------------------------------------------------------------------------------------------- themes


@pytest.mark.parametrize(
    ("text", "sovereign"),
    [
        ("The Ministry will give domestic accelerators priority in public tenders.", True),
        ("The Institute will train a national bilingual model.", True),
        ("The Union will support European foundation models for public services.", True),
        ("Public buyers shall favour chips designed in the Union.", True),
        ("The Department will back domestic and foreign researchers.", False),
        ("The Ministry will raise domestic demand for tourism.", False),
    ],
)
def test_sovereignty_vocabulary(text: str, sovereign: bool) -> None:
    assert ("sovereign-ai" in default_lexicon().themes_of(text)) is sovereign


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        # a power granted is a permission, like "may"
        ("The Regulator is empowered to suspend unsafe pilots.", "en", ("weak", "Regulator")),
        ("Inspectors are authorised to enter test sites.", "en", ("weak", None)),
        # a schedule or a stated policy is a plan ("plans to"), not yet a promise
        ("The shared archive is scheduled to open in 2028.", "en", ("moderate", None)),
        ("気象庁は、新しい予報モデルを2028年度に導入する予定である。", "ja", ("moderate", "気象庁")),
        ("政府は、地方の計算拠点を倍増する方針である。", "ja", ("moderate", "政府")),
        # conditions on resources are hedges
        ("The Authority will, as resources permit, extend the pilot.", "en", ("weak", "Authority")),
        ("The Authority will extend the pilot, budget permitting.", "en", ("weak", "Authority")),
    ],
)
def test_permissions_schedules_and_resource_hedges(
    sentence: str, language: str, expected: tuple[str, str | None]
) -> None:
    assert reading(sentence, language) == expected


@pytest.mark.parametrize(
    ("one", "other", "language"),
    [
        # the same deadline, frequency or period written another way
        ("The Office will report by the end of 2029.", "The Office will report by end-2029.", "en"),
        ("The Office will report by 30 June 2029.", "The Office will report by mid-2029.", "en"),
        ("The Office will report in H1 2029.", "The Office will report in the first half of 2029.", "en"),
        (
            "The Office will audit quarterly.",
            "The Office will audit four times a year.",
            "en",
        ),
        (
            "The Office will audit twice a year.",
            "The Office will audit 2 times per year.",
            "en",
        ),
        ("県は、点検を年2回行う。", "県は、点検を半年ごとに行う。", "ja"),
    ],
)
def test_targets_written_another_way_are_equal(one: str, other: str, language: str) -> None:
    a, b = extract_targets(one, language), extract_targets(other, language)
    assert len(a) == len(b) == 1 and targets_equal(a[0], b[0]), (a, b)


@pytest.mark.parametrize(
    "text",
    ["The Office will report in the first half of 2029.", "The Office will hire staff for half of the year."],
)
def test_a_half_of_a_period_is_no_share(text: str) -> None:
    assert not [t for t in extract_targets(text, "en") if t.type == "percent"]


def test_a_changed_frequency_in_times_a_year() -> None:
    before = "# Audits\n\nThe Office will audit the labs three times a year.\n"
    report = _diff(before, before.replace("three times", "twice"))
    assert [c.kinds for c in report.changes] == [("target_changed",)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Treasury has committed to doubling the lab budget by 2031.", ("strong", "Treasury")),
        ("Member States undertake to share incident reports.", ("strong", "Member States")),
        ("We pledge to publish the audit data.", ("strong", "We")),
        # "look to" is an intention, as "seek to"
        ("The Department will look to widen the pilot.", ("moderate", "Department")),
    ],
)
def test_pledges_and_intentions(sentence: str, expected: tuple[str, str | None]) -> None:
    assert reading(sentence) == expected


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The Agency will move its workloads off a single hyperscaler.", "provider-diversification"),
        ("The Ministry will cut its reliance on one vendor.", "provider-diversification"),
        ("Agencies will buy from a range of cloud suppliers.", "provider-diversification"),
        ("県は、単一の委託先に対する過度な依存を改める。", "provider-diversification"),
        ("The Ministry will build the country's own large language model.", "sovereign-ai"),
        ("The Ministry will keep health records onshore.", "sovereign-ai"),
        ("研究所は、日本語に強い大規模言語モデルを開発する。", "sovereign-ai"),
        ("The Centre will run red-team exercises on chatbots.", "safety-governance"),
        ("The Centre will protect critical infrastructure operators.", "cybersecurity"),
        ("The Ministry will sign AI agreements with partner governments.", "international-cooperation"),
        ("The Department will fund 50 PhD places in robotics.", "talent"),
    ],
)
def test_theme_vocabulary(text: str, theme: str) -> None:
    assert theme in default_lexicon().themes_of(text)


@pytest.mark.parametrize(
    ("one", "other", "language"),
    [
        ("The Board will revise it triennially.", "The Board will revise it every 3 years.", "en"),
        ("県は、隔月で点検する。", "県は、2か月ごとに点検する。", "ja"),
        ("県は、隔週で点検する。", "県は、2週間ごとに点検する。", "ja"),
    ],
)
def test_more_frequency_words(one: str, other: str, language: str) -> None:
    a, b = extract_targets(one, language), extract_targets(other, language)
    assert len(a) == len(b) == 1 and targets_equal(a[0], b[0]), (a, b)


def test_an_acronym_of_the_same_body_is_no_actor_change() -> None:
    before = "# Grants\n\nThe National Robotics Foundation will fund 12 testbeds.\n"
    same = _diff(before, before.replace("The National Robotics Foundation", "NRF"))
    assert all(c.kinds == ("reworded",) for c in same.changes)
    other = _diff(before, before.replace("The National Robotics Foundation", "NSF"))
    assert [c.kinds for c in other.changes] == [("actor_changed",)]


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("NRF", "National Robotics Foundation", True),
        ("KWSA", "Korea Water & Sanitation Agency", True),  # "&" is skipped
        ("AISI", "AI Safety Institute", True),  # a word in capitals counts whole
        ("MTI", "Ministry of Trade and Industry", True),  # "of", "and" are skipped
        ("NSF", "National Robotics Foundation", False),
        ("B", "Board", False),
    ],
)
def test_acronym_of_a_name(acronym: str, name: str, expected: bool) -> None:
    assert is_acronym_of(acronym, name) is expected


@pytest.mark.parametrize(
    ("sentence", "language", "strength", "multiple"),
    [
        # a trend verb with an object is an act; without one it forecasts
        ("The Agency will double its count of testbeds.", "en", "strong", 2.0),
        ("The Fund will grow its portfolio of robotics firms.", "en", "strong", None),
        ("Demand for testbeds will double by 2030.", "en", None, 2.0),
        ("Costs will fall a little.", "en", None, None),
        ("県は、AI相談員を倍増させる。", "ja", "strong", 2.0),
        ("県は、紙の申請を半減する。", "ja", "strong", 0.5),
    ],
)
def test_doubling_and_halving(
    sentence: str, language: str, strength: str | None, multiple: float | None
) -> None:
    c = analyze_sentence(sentence, language)
    assert (c.strength if c else None) == strength
    multiples = [t.value for t in extract_targets(sentence, language) if t.type == "multiple"]
    assert multiples == ([multiple] if multiple else [])


@pytest.mark.parametrize(
    "sentence",
    [
        "For these systems, Article 9 of Directive (EU) 2019/1024 shall govern the reuse of data.",
        "Regulation (EC) No 1234/2007 shall continue to govern existing contracts.",
    ],
)
def test_a_cited_act_names_no_actor(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.actor is None


# ------------------------------------------------------------------------------ legal drafting scale


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("The resale of unused berth slots is prohibited.", "strong"),
        ("Night dredging in the estuary is forbidden.", "strong"),
        ("Harbour pilots must hold a current licence.", "strong"),
        ("Operators shall not resell unused capacity.", "strong"),
        ("Port operators should publish their tariffs.", "moderate"),
        ("The Harbour Board shall aim to settle complaints within a month.", "moderate"),
        ("The Harbour Board shall use best efforts to settle complaints within a month.", "weak"),
        ("Where technically feasible, terminal operators shall log every crane movement.", "weak"),
        ("Terminal operators shall, where relevant, share crane logs with the inspectorate.", "weak"),
        ("The inspectorate shall make reasonable efforts to visit each quay.", "weak"),
        ("Crane logs shall be complete as far as this is technically feasible.", "weak"),
        ("The inspectorate shall reasonably assist operators in keeping their logs.", "weak"),
        ("Operators may keep paper logs.", "weak"),
    ],
)
def test_the_legal_drafting_scale(sentence: str, strength: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == strength, c


# ------------------------------------------------------------------------------ savings clauses


@pytest.mark.parametrize(
    "sentence",
    [
        "This Part shall not affect leases of quay space signed before it enters into force.",
        "This Part is without prejudice to the law of contract.",
        "Articles 4 and 5 are without prejudice to the powers of the coastguard.",
        "Paragraph 2 shall be without prejudice to national rules on pilotage.",
        "This Chapter shall also be without prejudice to the harbour bylaws.",
        "This Article shall apply without prejudice to the rules on salvage.",
        "The revocation of a berth licence shall not affect dues already paid.",
        "These rules should not affect collective agreements of dock workers.",
        "Without prejudice to Article 3, this Part shall not affect existing concessions.",
        # leaving others free under their own law
        "This Part shall not preclude port authorities from setting stricter noise limits.",
        "This Chapter does not preclude the Member States from keeping pilotage rules that protect"
        " crews better.",
    ],
)
def test_a_savings_clause_commits_no_one(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # a leading "Without prejudice to" keeps the main clause's duty
        ("Without prejudice to Article 3, the Harbour Board shall publish its tariffs.", "Harbour Board"),
        # a savings clause after the duty leaves the duty as it is
        ("The inspectorate shall keep crane logs, without prejudice to the law of contract.", "Inspectorate"),
        # a verb that ends in -ly is no adverb after "shall"
        ("Terminal operators shall apply the tariff to every vessel.", "Terminal operators"),
        ("Terminal operators shall comply with the berth schedule.", "Terminal operators"),
    ],
)
def test_a_duty_beside_a_savings_clause_stays_a_commitment(sentence: str, actor: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == "strong" and c.actor == actor


def test_a_savings_clause_under_a_lead_in_takes_no_modality_from_it() -> None:
    lead = "The Harbour Board shall:"
    item = "(c) this paragraph is without prejudice to the rules on salvage;"
    assert analyze_sentence(item, "en", lead_in=lead) is None
    plain = analyze_sentence("(d) publish the tide tables;", "en", lead_in=lead)
    assert plain is not None and plain.actor == "Harbour Board"


def test_an_added_savings_clause_is_no_added_commitment() -> None:
    before = "# Licences\n\nThe Harbour Board shall grant berth licences for five years.\n"
    after = before + "\nThis Article shall not affect licences granted before 2030.\n"
    assert _diff(before, after).changes == ()


# ------------------------------------------------------------------------------ scope statements


@pytest.mark.parametrize(
    "sentence",
    [
        "This Part shall apply to harbours with more than ten berths.",
        "Article 4 shall apply mutatis mutandis.",
        "Article 4 shall apply, mutatis mutandis, to marinas.",
        "The rules in Chapter 2 shall also apply to inland ferries.",
        "Paragraph 1 shall not apply where the vessel is in distress.",
        "The Harbours Act 1990 shall apply.",
        # a cited act is no party either
        "For these systems, Article 9 of Directive (EU) 2019/1024 shall apply.",
        "Regulation (EC) No 1234/2007 shall continue to apply.",
        "In such cases, the local pilotage rules shall apply instead.",
        "The rules set out in Section 2 shall continue to apply to existing quays.",
    ],
)
def test_a_scope_statement_commits_no_one(sentence: str) -> None:
    """A text that applies (to cases, mutatis mutandis, instead of another) says which cases it
    covers; no party is obliged by it, as none is by a savings clause."""
    assert analyze_sentence(sentence, "en") is None


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # a body that applies something, or applies to someone for something, acts
        ("Terminal operators shall apply to the Harbour Board for a berth licence.", "Terminal operators"),
        ("The Harbour Board shall apply the tariff to every vessel.", "Harbour Board"),
        ("The Harbour Board shall not apply penalties to small ports.", "Harbour Board"),
    ],
)
def test_a_body_that_applies_something_is_committed(sentence: str, actor: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == "strong" and c.actor == actor


@pytest.mark.parametrize(
    "sentence",
    [
        "This obligation shall not apply to harbours with fewer than three berths.",
        "The prohibition of night dredging shall not apply to emergency works.",
        "The requirements of Article 3 shall also apply to marinas.",
    ],
)
def test_a_duty_that_does_not_apply_is_an_exception_to_it_not_a_scope_statement(sentence: str) -> None:
    """An exception carved out of a duty changes what someone must do: it stays a sentence of
    the text's commitments, which the comparer can report."""
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == "strong"


def test_a_scope_statement_in_a_list_takes_no_modality_from_its_lead_in() -> None:
    lead = "The Harbour Board shall:"
    assert analyze_sentence("(c) this Article shall apply to marinas;", "en", lead_in=lead) is None
    # a point that names its act, then an exception to it, is still the lead-in's commitment
    point = "(d) night dredging in the estuary; this prohibition shall not apply to emergency works;"
    c = analyze_sentence(point, "en", lead_in="The following practices shall be prohibited:")
    assert c is not None and c.strength == "strong"


def test_a_changed_scope_statement_is_no_commitment_change() -> None:
    before = "# Scope\n\nThe Harbour Board shall publish tide tables.\n\nThis Part shall apply to ports.\n"
    after = before.replace("apply to ports", "apply to ports and marinas")
    assert [c.kinds for c in _diff(before, after).changes if c.kinds != ("reworded",)] == []
    added = before + "\nArticle 4 shall apply mutatis mutandis to marinas.\n"
    assert _diff(before, added).changes == ()


def test_a_term_of_art_with_a_hedge_word_is_no_hedge() -> None:
    c = analyze_sentence("Crane makers shall assess reasonably foreseeable misuse of their cranes.", "en")
    assert c is not None and c.strength == "strong"


def test_a_point_that_names_its_act_before_a_savings_clause_takes_its_lead_in() -> None:
    c = analyze_sentence(
        "(a) give ferry start-ups priority berths; the priority shall not preclude other operators"
        " from berthing.",
        "en",
        lead_in="Port authorities shall:",
    )
    assert c is not None and c.strength == "strong" and c.actor == "Port authorities"
    lead_in = "Port authorities shall:"
    alone = analyze_sentence("(c) this Part shall not affect existing leases.", "en", lead_in=lead_in)
    assert alone is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Ferry operators shall label surcharges, unless they are obvious to a passenger who is"
        " reasonably well-informed, observant and circumspect.",
        "Ferry operators shall describe the route so that a reasonably prudent traveller can follow it.",
    ],
)
def test_the_average_person_test_is_no_hedge(sentence: str) -> None:
    """"reasonably well-informed" says who judges what is obvious; the duty holds in full."""
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == "strong" and c.actor == "Ferry operators"


def test_reasonably_before_a_likelihood_still_hedges() -> None:
    text = "Ferry operators shall stop sailings that are reasonably likely to endanger crews."
    c = analyze_sentence(text, "en")
    assert c is not None and c.strength == "weak"


def test_a_hedge_that_picks_an_alternative_body_softens_nothing() -> None:
    text = "The harbour master or, as appropriate, the coastguard shall inspect the vessel."
    c = analyze_sentence(text, "en")
    assert c is not None and c.strength == "strong"


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        (
            "Operators of automated terminals shall keep crane logs for five years.",
            "Operators of automated terminals",
        ),
        ("Importers of dredging equipment shall register each machine.", "Importers of dredging equipment"),
        ("The Port State concerned shall inform the inspectorate.", "Port State"),
        (
            "Where the harbour inspectorate of the Port State finds a defect, it shall order repairs.",
            "Harbour inspectorate of the Port State",
        ),
        ("The Port Safety Office shall keep the register.", "Port Safety Office"),
        ("The Harbour Commissioner shall chair the board.", "Harbour Commissioner"),
        (
            "(c)  The Deputy Harbour Master and Chief Pilot of the Eastern Quays shall keep the tide tables.",
            "Deputy Harbour Master",
        ),
        (
            "The inspectorates of the Port States other than the one opening a case shall warn the board.",
            "Inspectorates of the Port States",
        ),
    ],
)
def test_legal_subjects_are_actors(sentence: str, actor: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.actor == actor


@pytest.mark.parametrize(
    "sentence",
    [
        "Crane logs shall be kept for five years.",
        "Each incident shall be logged in the harbour book.",
    ],
)
def test_a_passive_obligation_names_no_actor(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.actor is None


@pytest.mark.parametrize(
    "sentence",
    [
        "By 2040, a third of the coastal population will be over 70.",
        "In ten years, half of all dock workers will be over sixty.",
        "Automation will transform the way ports work.",
        "Container traffic will continue to grow.",
    ],
)
def test_forecasts_and_statements_about_the_world_are_not_commitments(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The new berth will be operational by 2029.",
        "The Port Authority will become the single licensing body.",
        "Dock workers will be retrained in crane automation.",
    ],
)
def test_deliverables_and_acts_of_a_body_stay_commitments(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is not None


# ------------------------------------------------------------------ action-plan lines without a modal


@pytest.mark.parametrize(
    ("line", "strength", "actor"),
    [
        # a tag of bodies and a due date: binding, as a row of a schedule table is
        ("Development of a coastal sensor registry (FY 2027) [MLIT]", "strong", "MLIT"),
        ("Publish a shared glossary for harbour data (by Q3 2027) [DSIT]", "strong", "DSIT"),
        ("Establishment of regional fisheries data desks (FY 2026) [MAFF, MIC]", "strong", "MAFF, MIC"),
        # the action noun carries the modality its verb carries after "will"
        ("Consideration of a levy on unused berth licences (FY 2027) [MLIT]", "weak", "MLIT"),
        ("Examination and rollout of tide-gauge upgrades (FY 2026) [MLIT, MOE]", "weak", "MLIT, MOE"),
        ("Study of pooled procurement for harbour cranes (FY 2028) [METI]", "weak", "METI"),
        ("Promotion of open catch records among cooperatives [MAFF, METI]", "moderate", "MAFF, METI"),
        ("Further promotion of shared weather feeds (FY 2026) [Digital Agency]", "moderate",
         "Digital Agency"),
        ("Encouraging ports to publish berth schedules (FY 2027) [MLIT]", "moderate", "MLIT"),
        # a leading clause is read past: the action after its comma decides
        ("In order to cut idle time, provision of berth booking APIs (FY 2027) [MLIT]", "strong", "MLIT"),
        ("To reach remote islands, examination of drone supply routes (FY 2028) [MLIT]", "weak", "MLIT"),
        # a hedge in the line makes it weak, as in any sentence
        ("Revision of the harbour safety code as needed (FY 2026) [MLIT]", "weak", "MLIT"),
        # a due date alone, after an action, is a line of a schedule with no body named
        ("Launch a registry of harbour pilots (by the end of FY 2027)", "strong", None),
        ("Introduction of e-permits for small vessels (FY 2026)", "strong", None),
        # a full alias in the tag is one body, commas and all
        ("Review of export credit rules (FY 2027) [Ministry of Economy, Trade and Industry]", "strong",
         "METI"),
    ],
)
def test_action_plan_lines_commit_their_tagged_bodies(line: str, strength: str, actor: str | None) -> None:
    c = analyze_sentence(line, "en")
    assert c is not None and (c.strength, c.actor) == (strength, actor)
    assert not c.negated


@pytest.mark.parametrize(
    "line",
    [
        "The survey covered 40 harbours [1]",  # a reference number
        "Details of the berth survey [Annex 2]",  # a reference to an annex
        "Harbour dredging costs rose sharply [Smith 2021]",  # a citation
        "[Harbour Safety]",  # a heading in brackets
        "Dredging and berth upkeep [Coastal Ports and Islands]",  # a heading naming no body
        "The Ministry published its berth review in 2021 [MLIT]",  # prose: a past event
        "It remains the busiest harbour in the region [MLIT]",  # prose
        "Container throughput by port (FY 2021)",  # a figure's caption, no action
        "Development of the harbour economy (2019)",  # a bare year dates a source, it sets no deadline
        "Harbour pilots and tug crews (by 2027)",  # no action named
    ],
)
def test_brackets_that_name_no_body_or_no_action_make_no_commitment(line: str) -> None:
    assert analyze_sentence(line, "en") is None


def test_a_will_inside_a_relative_clause_does_not_decide_an_action_line() -> None:
    # "who will staff the desks" is not the line's modality: the line promotes, and the tag says who
    c = analyze_sentence("Promotion of training for clerks who will staff the desks (FY 2027) [MAFF]", "en")
    assert c is not None and (c.strength, c.actor) == ("moderate", "MAFF")
    # a body as the subject of "will": an ordinary sentence, with the tag naming who when it does not
    c = analyze_sentence("Coastal teams will map every slipway (FY 2027) [MLIT]", "en")
    assert c is not None and c.strength == "strong"


def test_action_line_changes_are_reported_by_kind() -> None:
    before = (
        "## Harbour measures\n\n"
        "- Consideration of a levy on unused berth licences (FY 2027) [MLIT]\n"
        "- Promotion of open catch records among cooperatives (FY 2026) [MAFF]\n"
        "- Development of a coastal sensor registry (FY 2027) [MLIT]\n"
        "- Review of the pilotage fee schedule (FY 2026) [MLIT]\n"
    )
    after = (
        "## Harbour measures\n\n"
        "- Introduction of a levy on unused berth licences (FY 2027) [MLIT]\n"
        "- Consideration of open catch records among cooperatives (FY 2026) [MAFF]\n"
        "- Development of a coastal sensor registry (FY 2029) [MLIT]\n"
        "- Review of the pilotage fee schedule (FY 2026) [Maritime Safety Agency]\n"
        "- Establishment of a harbour data trust (FY 2028) [MIC]\n"
    )
    changes = _diff(before, after).changes
    kinds = {(change.after.text if change.after else ""): set(change.kinds) for change in changes}
    assert "strengthened" in kinds["Introduction of a levy on unused berth licences (FY 2027) [MLIT]"]
    assert "weakened" in kinds["Consideration of open catch records among cooperatives (FY 2026) [MAFF]"]
    assert "target_changed" in kinds["Development of a coastal sensor registry (FY 2029) [MLIT]"]
    assert "actor_changed" in kinds["Review of the pilotage fee schedule (FY 2026) [Maritime Safety Agency]"]
    assert kinds["Establishment of a harbour data trust (FY 2028) [MIC]"] == {"added"}


@pytest.mark.parametrize(
    ("line", "strength", "actor"),
    [
        # an action noun and a tag of bodies: 〜の整備 binds as 整備する would
        ("港湾データ基盤の整備（2027年度）【国土交通省】", "strong", "国土交通省"),
        ("港湾台帳の電子化【国土交通省、総務省】", "strong", "国土交通省、総務省"),
        # the noun of a weak or moderate cue verb keeps its strength: 検討(する), 推進(する)
        ("漁獲データ共有の検討・実施（2026年度）【農林水産省】", "weak", "農林水産省"),
        ("オープンデータの利活用推進（2026年度）【デジタル庁】", "moderate", "デジタル庁"),
        ("必要に応じて港湾台帳の更新（2026年度）【国土交通省】", "weak", "国土交通省"),
        # a predicate before the closing brackets is read as usual, the tag naming who
        ("港湾の気象データを公開する（2026年度）【国土交通省】", "strong", "国土交通省"),
        ("国土交通省は、港湾の気象データを公開する（2026年度）。", "strong", "国土交通省"),
    ],
)
def test_japanese_action_plan_lines(line: str, strength: str, actor: str) -> None:
    c = analyze_sentence(line, "ja")
    assert c is not None and (c.strength, c.actor) == (strength, actor)


@pytest.mark.parametrize(
    "line",
    [
        "港湾の概要【図1】",  # a figure reference
        "港湾別の取扱量（2025年度）",  # a caption with a year, no body, no predicate
        "港湾データ基盤の整備（2026年度）",  # no tag naming a body: only a lead-in could make it one
        "詳細は別紙を参照（注3）。",
    ],
)
def test_japanese_brackets_without_a_body_make_no_commitment(line: str) -> None:
    assert analyze_sentence(line, "ja") is None


# ------------------------------------------------------------------------------ possibility and illustration


@pytest.mark.parametrize(
    "sentence",
    [
        # an example shows a case of the rule stated before it: it permits no one anything
        "For example, a port operator could act as a carrier and a warehouse keeper at the same time.",
        "For instance, the Port Authority may be both the landlord and the regulator of a berth.",
        "E.g. a ferry company might run the terminal it calls at.",
    ],
)
def test_an_example_with_may_or_could_is_no_commitment(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


def test_an_example_with_a_firm_modal_is_still_a_commitment() -> None:
    assert reading("For instance, the Port Authority will fund two shore-power pilots.") == (
        "strong",
        "Port Authority",
    )


def test_a_permission_in_recital_style_stays_weak() -> None:
    # "could" said of a body that can act is a permission, as "may" is
    assert reading("Member States could exempt fishing vessels from the berth levy.") == (
        "weak",
        "Member States",
    )


def test_could_in_a_relative_clause_on_a_thing_leaves_the_duty() -> None:
    sentence = "The Port Authority shall publish a tariff guide, which could include worked examples."
    assert reading(sentence) == ("strong", "Port Authority")
    # a point with no modal of its own takes its lead-in's, whatever its relative clause may hold
    point = analyze_sentence(
        "publish a tariff guide, which could include worked examples;",
        "en",
        lead_in="The Port Authority shall:",
    )
    assert point is not None and point.strength == "strong"


@pytest.mark.parametrize(
    "sentence",
    [
        "Port operators could hold a berth licence and a pilotage licence at once and should therefore "
        "meet the conditions of both.",
        "Port operators could hold a berth licence and a pilotage licence at once and therefore should "
        "meet the conditions of both.",
    ],
)
def test_the_duty_that_follows_from_a_possibility_decides(sentence: str) -> None:
    commitment = analyze_sentence(sentence, "en")
    assert commitment is not None and commitment.strength == "moderate" and commitment.cues == ("should",)


def test_an_example_dropped_from_a_recital_is_no_change() -> None:
    rule = "Port operators should keep one register for all their roles."
    before = f"# Recitals\n\n{rule}\n"
    after = (
        f"# Recitals\n\n{rule} For example, an operator could act as carrier and warehouse keeper at once.\n"
    )
    report = _diff(before, after)
    assert [c.kinds for c in report.changes if c.kinds != ("reworded",)] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "as X may deem appropriate" says whom the body may bring in; its duty is the "shall"
        (
            "The Port Agency, in coordination with such other bodies as the Port Agency may deem "
            "appropriate, shall publish a berth plan.",
            ("strong", "Port Agency"),
        ),
        (
            "The Port Agency shall audit the berths, the tugs and such other assets as the Minister may "
            "designate.",
            ("strong", "Port Agency"),
        ),
        # a body acting in a role may still be permitted something
        ("Carriers acting as the terminal operator may refuse the cargo.", ("weak", None)),
        ("The Port Agency may close a berth, as the harbour master may request.", ("weak", "Port Agency")),
    ],
)
def test_a_discretion_clause_does_not_decide_the_modality(
    sentence: str, expected: tuple[str, str | None]
) -> None:
    found = reading(sentence)
    assert found is not None and found[0] == expected[0]
    assert expected[1] is None or found[1] == expected[1]  # (who acts in a role is not tested here)


def test_points_under_a_lead_in_with_a_discretion_clause_take_its_shall() -> None:
    lead_in = "The Port Agency, with such other bodies as the Minister may designate, shall:"
    point = analyze_sentence("publish a berth plan;", "en", lead_in=lead_in)
    assert point is not None and (point.strength, point.actor) == ("strong", "Port Agency")


@pytest.mark.parametrize(
    "sentence",
    [
        # the law kept in force is said to be unaffected: a savings clause, as "shall not affect"
        "For example, national pilotage law should not be affected by this Regulation.",
        "Existing berth leases shall remain unaffected.",
        # "that are prohibited" says which practices; the sentence bans nothing
        "Berth sales that are prohibited under competition law should not be affected by this Part.",
    ],
)
def test_savings_statements_in_the_passive_commit_no_one(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


def test_a_prohibition_in_a_relative_clause_leaves_the_main_duty() -> None:
    assert reading("Berths that are prohibited to tankers shall be marked on the chart.") == ("strong", None)
    assert reading("The resale of berths is prohibited.") == ("strong", None)


def test_a_conclusion_argued_in_a_that_clause_leaves_the_permission() -> None:
    sentence = (
        "The operator may submit evidence that its berth is not congested and therefore should not be "
        "listed as a priority berth."
    )
    commitment = analyze_sentence(sentence, "en")
    assert commitment is not None and commitment.strength == "weak" and commitment.cues == ("may",)


@pytest.mark.parametrize(
    "sentence",
    [
        "Such skills include knowing how decisions taken by the port will affect residents.",
        "Residents need to understand how the new timetable will have an impact on them.",
        "Skippers often ask whether the harbour will stay open in winter.",
    ],
)
def test_a_will_in_an_indirect_question_about_a_thing_commits_no_one(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # the question names the body that acts: its plan is still a commitment
        (
            "This plan sets out how the Ministry of Transport will open 12 ferry terminals by 2030.",
            "Ministry of Transport",
        ),
        ("The Ministry will decide by 2027 whether it will fund a second terminal.", "Ministry"),
    ],
)
def test_a_will_in_an_indirect_question_about_a_body_still_commits(sentence: str, actor: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == "strong" and c.actor == actor


def test_a_hedge_on_an_extra_occasion_before_in_any_event_softens_nothing() -> None:
    text = "Cranes shall be tested, as appropriate, during assembly and, in any event, before first use."
    c = analyze_sentence(text, "en")
    assert c is not None and c.strength == "strong"
    hedged = analyze_sentence("Cranes shall be tested, where appropriate, before they are first used.", "en")
    assert hedged is not None and hedged.strength == "weak"
    # another clause's "in any case" leaves the first clause's hedge in force
    two_clauses = "Cranes shall be tested where feasible; in any case the operator shall keep logs."
    two = analyze_sentence(two_clauses, "en")
    assert two is not None and two.strength == "weak"


def test_a_condition_with_an_aside_after_its_conjunction_does_not_decide() -> None:
    """"If, during X, the operator finds that Y is no longer up to date, the operator shall ...": the
    "no longer" is part of the condition; the duty after it decides."""
    text = (
        "If, during the season, the harbour board considers that the tide tables are no longer up to date,"
        " the harbour board shall publish new ones."
    )
    c = analyze_sentence(text, "en")
    assert c is not None and c.strength == "strong" and not c.negated and c.cues == ("shall",)


@pytest.mark.parametrize(
    "sentence",
    [
        "A harbour safety board should be established to advise the Minister.",
        "Affected passengers should always be informed of the delay.",
    ],
)
def test_a_should_in_the_passive_is_read_as_a_duty_with_no_actor_only_when_asked(sentence: str) -> None:
    """Whoever is to act is not named; the passengers informed or operators consulted are no actor.
    Alone the sentence says what ought to happen; the differ asks for the duty reading when its
    counterpart in the other version is a duty."""
    c = analyze_sentence(sentence, "en", passive_should=True)
    assert c is not None and c.strength == "moderate" and c.actor is None


def test_a_should_in_the_passive_alone_needs_a_body_to_commit() -> None:
    assert analyze_sentence("Affected passengers should always be informed of the delay.", "en") is None


def test_a_body_consulted_in_the_passive_is_no_actor() -> None:
    c = analyze_sentence("Ferry operators should be consulted on the timetable.", "en", passive_should=True)
    assert c is not None and c.strength == "moderate" and c.actor is None


@pytest.mark.parametrize(
    "sentence",
    [
        # how a text is to be read, not what anyone is to do
        "Such cranes should be considered high-risk equipment.",
        "The term berth should be understood as any mooring place.",
        # what a thing is, in a relative clause on it
        "The plan lists the issues that should be resolved first.",
    ],
)
def test_a_should_in_the_passive_that_reads_a_text_or_describes_a_thing_commits_no_one(sentence: str) -> None:
    assert analyze_sentence(sentence, "en", passive_should=True) is None
