"""Actors: who a commitment binds, and when two names are the same body."""

from __future__ import annotations

import pytest

from tracker.commitments import actor_key, actors_equal, analyze_sentence
from tracker.commitments.actors import cell_actor


def actor(text: str, language: str = "en") -> str | None:
    c = analyze_sentence(text, language)
    assert c is not None, text
    return c.actor


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Government will publish a national compute plan.", "Government"),
        (
            "The Ministry of Health, Welfare and Sport will fund two pilots.",
            "Ministry of Health, Welfare and Sport",
        ),
        ("The Department for Culture will open its archive.", "Department for Culture"),
        ("The Maritime Safety Agency will map the coastline.", "Maritime Safety Agency"),
        ("The Statistics Office will release a quarterly index.", "Statistics Office"),
        ("The Research Council will launch a call for proposals.", "Research Council"),
        ("The Standards Institute will draft a testing protocol.", "Standards Institute"),
        ("The Competition Authority must review cloud mergers.", "Competition Authority"),
        ("Within 90 days, each regulator shall name a contact point.", "Regulator"),
        ("By 1 June 2027, the regional water operator will cut losses.", "Regional water operator"),
        ("The Board's chair will brief parliament every year.", "Board's chair"),
        ("METI will expand the subsidy programme.", "METI"),
    ],
)
def test_english_actor_is_the_body_named_before_the_modal(sentence: str, expected: str) -> None:
    assert actor(sentence) == expected


def test_passive_agent_is_the_actor() -> None:
    assert actor("The loan fund will be administered by the National Development Bank.") == (
        "National Development Bank"
    )
    assert actor("Grant recipients will be selected in an open competition.") is None


def test_subject_that_is_no_body_gives_no_actor() -> None:
    assert actor("Renewable sources will supply half of the data-centre load.") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("政府は、計算資源の共同利用を推進する。", "政府"),
        ("文部科学省は、奨学金を拡充する。", "文部科学省"),
        ("相互接続の確保のため、特許庁は、審査基準を改訂する。", "特許庁"),
        ("知的財産戦略本部は、工程表を毎年見直す。", "知的財産戦略本部"),
        ("公正取引委員会は、実態調査を行う。", "公正取引委員会"),
        ("情報処理推進機構は、試験手順を開発する。", "情報処理推進機構"),
        ("関係省庁が協力して対策に取り組む。", "関係省庁"),
        ("中小企業には、専門人材の確保が期待される。", "中小企業"),
    ],
)
def test_japanese_actor_is_the_body_in_topic_or_subject(sentence: str, expected: str) -> None:
    assert actor(sentence, "ja") == expected


def test_a_body_in_a_noun_phrase_does_not_act() -> None:
    assert actor("経済産業省の補助金の対象を拡大する。", "ja") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the Government", "Government"),
        ("The Federal Government", "the government"),
        ("METI", "Ministry of Economy, Trade and Industry"),
        ("METI", "経済産業省"),
        ("経産省", "経済産業省"),
        ("政府", "Government"),
        ("each agency", "Agencies"),
        ("Digital Agency", "デジタル庁"),
        ("Department for Science, Innovation and Technology", "DSIT"),
    ],
)
def test_aliases_name_the_same_body(a: str, b: str) -> None:
    assert actors_equal(a, b)
    assert actor_key(a) == actor_key(b)


def test_different_bodies_differ() -> None:
    assert not actors_equal("METI", "総務省")
    assert not actors_equal("Ministry of Health", "Ministry of Finance")
    assert not actors_equal("State governments", "Government")
    assert not actors_equal("Government", None)
    assert actors_equal(None, None)


def test_actor_change_is_visible_between_versions() -> None:
    a = analyze_sentence("The Statistics Office will publish the index.", "en")
    b = analyze_sentence("The Central Bank will publish the index.", "en")
    assert a is not None and b is not None
    assert not actors_equal(a.actor, b.actor)
    c = analyze_sentence("the Statistics Office will publish the index.", "en")
    assert c is not None and actors_equal(a.actor, c.actor)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("日本芸術文化振興会は、助成制度を創設する。", "日本芸術文化振興会"),
        ("日本建築学会は、設計指針を改定する。", "日本建築学会"),
        ("全国農業協同組合連合会は、実証事業を行う。", "全国農業協同組合連合会"),
        ("ロボット実証コンソーシアムは、試験場を整備する。", "ロボット実証コンソーシアム"),
    ],
)
def test_japanese_body_heads_beyond_ministries(sentence: str, expected: str) -> None:
    assert actor(sentence, "ja") == expected


def test_a_subject_denied_with_no_is_not_an_actor() -> None:
    c = analyze_sentence("No single contractor will operate more than a third of the sites.", "en")
    assert c is not None and c.actor is None and not c.negated


@pytest.mark.parametrize(
    ("cell", "language", "expected"),
    [
        ("Environment Agency", "en", "Environment Agency"),
        ("DEFRA", "en", "DEFRA"),
        ("the port is dredged every year", "en", None),
        ("2031", "en", None),
        ("GPU", "en", None),
        ("国土交通省", "ja", "国土交通省"),
        ("海外", "ja", None),
        ("港湾の浚渫", "ja", None),
    ],
)
def test_cell_actor_needs_the_whole_cell_to_name_a_body(
    cell: str, language: str, expected: str | None
) -> None:
    assert cell_actor(cell, language) == expected


def test_an_acronym_after_a_provision_number_names_the_act_not_a_body() -> None:
    from tracker.commitments import analyze_sentence

    c = analyze_sentence(
        "In accordance with Article 12(3) HSA, this Code shall protect the pay of dock workers.", "en"
    )
    assert c is not None and c.actor is None
    named = analyze_sentence("Under Article 12(3), the HSA shall inspect each dock.", "en")
    assert named is not None and named.actor == "HSA"


def test_a_clause_opening_with_nor_names_no_body() -> None:
    from tracker.commitments import analyze_sentence

    c = analyze_sentence("Nor should they be used to evade port dues.", "en")
    assert c is None or c.actor is None


# ------------------------------------------------------------------ names inside a cited act are no actors


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour register kept under Decision 2019/44/EU shall list every berth.",  # an act's number
        "The EU harbour register shall list every berth.",  # an acronym before a common noun qualifies it
        "The CE mark shall show the name of the crane maker.",
        "Points 2 and 3 of Annex IX shall also cover ferries.",  # a part of a text, numbered
        "Pilotage rules adopted under Article 12 TFEU shall cover night arrivals.",
        "Directive 2020/7/EC of the Harbour Council shall govern tugs.",  # the act's author
        "Tolls listed in the Council Implementing Regulation shall rise with inflation.",
        "The appointment of pilots to the night roster shall take into account their rest periods.",
        "Efficiency will guide the choice of new cranes.",  # a common noun, not a proper name
    ],
)
def test_a_name_inside_a_cited_act_or_a_thing_is_no_actor(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.actor is None, c


def test_a_definition_with_an_adverb_after_shall_commits_no_one() -> None:
    assert (
        analyze_sentence("Openness shall thereby mean that the public can read every berth log.", "en")
        is None
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The EU will fund two harbour pilots.", "EU"),
        ("The Presidency will chair the meeting of port ministers.", "Presidency"),
        # a thing of a body (its report, its decision, a share of its members): the body acts
        ("The annual report of the Harbour Board shall list every incident.", "Harbour Board"),
        (
            "The reasoned decision of the port inspectorate shall state the grounds for a refusal.",
            "Port inspectorate",
        ),
        ("Each of the port authorities shall name a safety officer.", "Port authorities"),
        # the people of a body act for it
        ("The members of the pilotage panel shall declare their interests.", "Members of the pilotage panel"),
        # a possessor qualifies the body that follows it
        (
            "Coastal States’ harbour authorities that have set up a joint berth register with their "
            "neighbours shall publish it.",
            "Coastal States’ harbour authorities",
        ),
        # a semicolon ends the clause before the subject
        (
            "(e) hand the register to the harbour office of the port concerned; "
            "that office shall keep it for ten years.",
            "Office",
        ),
        # the subject stands before a clause set between commas
        (
            "Port operators licensed under the Harbours Act, which hold a berth for more than a year, "
            "should report idle berths.",
            "Port operators",
        ),
        (
            "Deployers of an AI system that steers cranes, including remote cranes, shall log each lift.",
            "Deployers",
        ),
    ],
)
def test_the_obliged_body_among_other_names(sentence: str, expected: str) -> None:
    assert actor(sentence) == expected


def test_a_new_act_number_is_no_actor_change() -> None:
    from tracker.diff import Side, diff_texts

    before = "# Cranes\n\nCranes covered by Directive 2011/12/EU shall carry a load plate.\n"
    after = "# Cranes\n\nCranes covered by Regulation 2024/3/EC shall carry a load plate.\n"
    report = diff_texts(before, after, before_side=Side("v1"), after_side=Side("v2"), language="en")
    assert [c.kinds for c in report.changes] == [("reworded",)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # what drafting sets after the head noun says which bodies are meant: the body is the head
        ("Harbour authorities designated under this Act shall keep a berth register.", "Harbour authorities"),
        ("Operators established outside the Union shall name a port agent.", "Operators"),
        ("The authority referred to in paragraph 2 shall publish the tide tables.", "Authority"),
        ("The Pilotage Board set up under Article 4 shall meet every quarter.", "Pilotage Board"),
        ("Inspectorates appointed by the Minister shall report each year.", "Inspectorates"),
        ("Operators acting on behalf of a port authority shall register each crane.", "Operators"),
        ("The committee responsible for berths shall publish its tariffs.", "Committee"),
        (
            "Importers of dredging equipment established in the Union shall keep invoices.",
            "Importers of dredging equipment",
        ),
        ("Deployers that are port authorities shall log each lift.", "Deployers"),
        ("Within a month, operators located in a free port shall report idle berths.", "Operators"),
    ],
)
def test_the_subject_is_the_head_before_its_post_modifier(sentence: str, expected: str) -> None:
    assert actor(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # the subject is no body: a post-modifier after a thing names none
        "Records referred to in paragraph 1 shall be kept for five years.",
        "Fees established under Article 3 shall cover the cost of pilotage.",
    ],
)
def test_a_post_modified_thing_names_no_actor(sentence: str) -> None:
    assert actor(sentence) is None


def test_a_body_named_inside_a_phrase_before_a_post_modifier_is_no_subject() -> None:
    # the body after "by" is the agent of the participle, not the subject of "shall"
    sentence = "Cranes used by port authorities acting under a concession shall carry a load plate."
    assert actor(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the bodies consulted or worked with, set off before the modal, are no actors
        ("The Port Agency, in consultation with the Coastguard, shall publish a berth plan.", "Port Agency"),
        (
            "Within 90 days, the Minister of Transport, in coordination with the Customs Office, and in "
            "consultation with the Harbour Board and other bodies as the Minister of Transport may deem "
            "appropriate, shall issue dredging rules.",
            "Minister of Transport",
        ),
        (
            "The Port Agency, in consultation with the Coastguard, the Customs Office, and the Harbour "
            "Board, shall publish a berth plan.",
            "Port Agency",
        ),
        ("The Treasury, acting through the Customs Office, shall collect the berth levy.", "Treasury"),
        (
            "The Port Agency, in consultation with the Coastguard and in cooperation with the Customs "
            "Office, shall publish a berth plan.",
            "Port Agency",
        ),
        # an earlier clause with commas of its own is not cut: the subject stands between the two
        (
            "Within 90 days, after consulting the Harbour Board, the Port Agency, in cooperation with the "
            "Coastguard, shall publish a berth plan.",
            "Port Agency",
        ),
    ],
)
def test_partner_clauses_before_the_modal_name_no_actor(sentence: str, expected: str) -> None:
    assert actor(sentence) == expected
