"""Per-sentence commitment analysis: strength, negation, hedges, lead-ins, non-commitments (EN + JA).

Every sentence here is our own; each rule of tracker.commitments.cues has a case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.commitments import (
    Commitment,
    ThemeLexicon,
    analyze_sentence,
    cue_change,
    default_lexicon,
    diff_targets,
    language_of,
    strength_change,
    strength_rank,
    supports_language,
)


def strength(text: str, language: str = "en", lead_in: str | None = None) -> str | None:
    c = analyze_sentence(text, language, lead_in=lead_in)
    if c is None:
        return None
    return f"{c.strength}{' negated' if c.negated else ''}"


# ----------------------------------------------------------------------------------------- English


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Treasury will allocate funds to regional AI hubs.", "strong"),
        ("Operators shall keep logs of every automated decision.", "strong"),
        ("Each regulator must publish its enforcement priorities.", "strong"),
        ("The Cabinet is committed to a national AI registry.", "strong"),
        ("The Office commits to open its datasets to researchers.", "strong"),
        ("The Bureau will ensure that every hospital can reach the network.", "strong"),
        ("The Bureau will support hospitals in adopting triage tools.", "strong"),
        ("The Bureau will continue to run the testing facility.", "strong"),
        ("The Council aims to certify ten testing laboratories.", "moderate"),
        ("The Council plans to open a second laboratory.", "moderate"),
        ("The Council intends to merge the two registries.", "moderate"),
        ("The Council seeks to attract foreign researchers.", "moderate"),
        ("The Council will promote open-source toolkits.", "moderate"),
        ("The Council will work towards mutual recognition of audits.", "moderate"),
        ("The Council will encourage universities to share compute.", "moderate"),
        ("The Council will consider a levy on large platforms.", "weak"),
        ("The Council will explore a shared procurement vehicle.", "weak"),
        ("The Council will also consider a levy on large platforms.", "weak"),
        ("Regional councils may offer training vouchers.", "weak"),
        ("Hospitals are encouraged to trial diagnostic tools.", "weak"),
        ("The Council endeavours to publish its minutes.", "weak"),
        ("The Council encourages museums to digitise their archives.", "weak"),
    ],
)
def test_english_strength_scale(sentence: str, expected: str) -> None:
    assert strength(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("The Agency will, where appropriate, publish its risk assessments.", "where appropriate"),
        ("The Agency will fund two testbeds, subject to available funding.", "subject to available funding"),
        ("The Agency will update the register as needed.", "as needed"),
        ("Where possible, the Agency will reuse open models.", "where possible"),
    ],
)
def test_english_hedges_make_a_commitment_weak(sentence: str, hedge: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.strength == "weak"
    assert hedge in c.cues


@pytest.mark.parametrize(
    "sentence",
    [
        "The Agency will no longer fund the robotics challenge.",
        "The Agency will not renew the cloud framework contract.",
        "The Agency will discontinue the innovation vouchers.",
        "Regional offices will no longer need to submit paper forms.",
    ],
)
def test_english_withdrawn_commitments_are_negated(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and c.negated and c.rank == 0


def test_a_cap_or_a_prohibition_is_binding_not_withdrawn() -> None:
    assert strength("Contract terms must not exceed five years.") == "strong"
    assert strength("Licence fees will not exceed 2 percent of turnover.") == "strong"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Agency was founded in 2019 and now employs 300 people.",  # past tense, statistics
        "Spending on cloud services rose by 12 percent last year.",
        "Demand for accelerators will double by 2030.",  # a forecast, not a promise
        "Automated systems may pose risks to consumers.",  # possibility, nobody acts
        "Large models could reshape the labour market.",  # hypothetical, no actor
        "'Deployer' shall mean any body that uses an AI system under its authority.",  # definition
        "## 4. Funding and Delivery",  # a heading
        "Several regions lack the political will to invest.",  # "will" as a noun
        "By May 2026 the pilot had reached every region.",  # a month, not a modal
        "The Agency will:",  # a lead-in commits to nothing on its own
    ],
)
def test_english_background_is_not_a_commitment(sentence: str) -> None:
    assert analyze_sentence(sentence, "en") is None


def test_the_main_clause_decides_not_a_leading_condition() -> None:
    c = analyze_sentence("Where a supplier may be affected, the Regulator shall consult it first.", "en")
    assert c is not None and c.strength == "strong" and c.cues == ("shall",)


def test_list_item_takes_modality_and_actor_of_its_lead_in() -> None:
    lead = "The Digital Office will:"
    item = analyze_sentence("- launch a shared model catalogue by 2027", "en", lead_in=lead)
    assert item is not None
    assert (item.strength, item.actor, item.cues) == ("strong", "Digital Office", ("will",))
    assert [t.text for t in item.targets] == ["by 2027"]
    weak = analyze_sentence("- review the catalogue where appropriate", "en", lead_in=lead)
    assert weak is not None and weak.strength == "weak"
    own = analyze_sentence("- Regions may join the catalogue.", "en", lead_in=lead)
    assert own is not None and own.strength == "weak" and own.actor == "Regions"
    assert analyze_sentence("- launch a catalogue", "en", lead_in="Progress so far:") is None
    assert analyze_sentence("- launch a catalogue", "en") is None


def test_actor_and_targets_and_themes_come_together() -> None:
    c = analyze_sentence(
        "The Ministry of Transport will invest EUR 40 million in traffic data by 2028.", "en"
    )
    assert c is not None
    assert c.actor == "Ministry of Transport"
    assert [(t.type, t.value, t.unit) for t in c.targets] == [
        ("money", 40_000_000.0, "EUR"),
        ("deadline", "2028-12-31", None),
    ]
    assert "data" in c.themes


# ---------------------------------------------------------------------------------------- Japanese


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("文化庁は、著作物の利用に関する手引を作成する。", "strong"),
        ("観光庁は、多言語案内システムを整備します。", "strong"),
        ("各事業者は、安全管理措置を講じなければならない。", "strong"),
        ("国土交通省は、自動運転車の実証を確実に実施する。", "strong"),
        ("政府は、実証の参加を必須とする。", "strong"),
        ("政府は、点検の結果を報告することとする。", "strong"),
        ("環境省は、省エネ型計算機の導入を推進する。", "moderate"),
        ("環境省は、電力消費の削減を目指す。", "moderate"),
        ("関係機関が連携して地方での実証に取り組む。", "moderate"),
        ("農林水産省は、スマート農業の普及を図る。", "moderate"),
        ("環境省は、排熱の再利用を検討する。", "weak"),
        ("自治体は、職員研修の充実に努める。", "weak"),
        ("大学には、講座の新設が期待される。", "weak"),
        ("環境省は、必要に応じて、指針を改訂する。", "weak"),
        ("環境省は、可能な限り、データを公開する。", "weak"),
    ],
)
def test_japanese_strength_scale(sentence: str, expected: str) -> None:
    assert strength(sentence, "ja") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "観光庁は、紙の申請書の受付を取りやめる。",
        "政府は、旧システムの更新を行わない。",
        "文化庁は、補助事業を中止する。",
    ],
)
def test_japanese_withdrawn_commitments_are_negated(sentence: str) -> None:
    c = analyze_sentence(sentence, "ja")
    assert c is not None and c.negated


@pytest.mark.parametrize(
    "sentence",
    [
        "国内の計算資源の需要は、近年急速に高まっている。",  # ている: a state
        "昨年度の市場規模は約500億円に達した。",  # past tense
        "農業分野の人材は、2035年に約3万人が不足する見込みとの推計がある。",  # an estimate
        "電力需要は、今後も増加する。",  # a forecast without an object
        "自動運転は交通事故を減らす可能性を持つ技術である。",  # copula
        "生成AIは社会のあり方を大きく変える。",  # a topic that is no body
        "研究開発の動向",  # a noun phrase (heading)
        "価格の高騰は、中小企業の負担増を招きかねない。",  # a risk
        "港湾の点検記録は、まだ電子化されていない。",  # ていない is a state, not a withdrawal
    ],
)
def test_japanese_background_is_not_a_commitment(sentence: str) -> None:
    assert analyze_sentence(sentence, "ja") is None


def test_japanese_implicit_actor_and_topicalized_object() -> None:
    implicit = analyze_sentence("地方の大学における計算資源の共同利用を支援する。", "ja")
    assert implicit is not None and implicit.strength == "strong" and implicit.actor is None
    topical = analyze_sentence("点検の結果は、必要に応じて開示する。", "ja")
    assert topical is not None and topical.strength == "weak"


def test_japanese_expectation_without_addressee_is_background() -> None:
    assert analyze_sentence("市場の拡大が期待される。", "ja") is None


def test_japanese_full_width_digits_and_evidence_words() -> None:
    c = analyze_sentence("政府は、２０２８年度までに研究拠点を１０か所整備する。", "ja")
    assert c is not None and c.actor == "政府"
    assert c.cues == ("整備する",)
    assert [(t.type, t.value) for t in c.targets] == [("deadline", "FY2028"), ("count", 10.0)]


def test_japanese_list_item_without_predicate_inherits() -> None:
    c = analyze_sentence("・地域データ基盤の構築", "ja", lead_in="総務省は、次の施策を実施する。")
    assert c is not None and c.strength == "strong" and c.actor == "総務省"
    assert analyze_sentence("・地域データ基盤の構築", "ja") is None


# ------------------------------------------------------------------------------------ comparisons


def test_strength_rank_and_change_evidence() -> None:
    assert strength_rank("weak") < strength_rank("moderate") < strength_rank("strong")
    assert strength_rank("unknown") == 0
    before = analyze_sentence("The Office will publish the audit results.", "en")
    after = analyze_sentence("The Office will consider publishing the audit results.", "en")
    assert before is not None and after is not None
    assert strength_change(before, after) == "weakened"
    assert strength_change(after, before) == "strengthened"
    assert cue_change(before, after) == "will -> will consider"
    assert cue_change(before, before) is None
    dropped = analyze_sentence("The Office will no longer release the audit results.", "en")
    assert dropped is not None
    assert cue_change(before, dropped) == "will -> will no longer (withdrawn)"


def test_same_strength_other_cue_is_no_strength_change() -> None:
    a = analyze_sentence("The Office plans to publish a roadmap.", "en")
    b = analyze_sentence("The Office intends to publish a roadmap.", "en")
    assert a is not None and b is not None
    assert strength_change(a, b) is None
    assert cue_change(a, b) == "plans to -> intends to"


# ------------------------------------------------------------------------------------ languages, cache


def test_languages_without_cues_are_not_analysed() -> None:
    assert analyze_sentence("De minister zal de regels herzien.", "nl") is None
    assert not supports_language("nl")
    assert supports_language("en-GB") and supports_language("ja")
    assert language_of("und", "政府は、実施する。") == "ja"
    assert language_of(None, "The Office will act.") == "en"


def test_results_are_memoized_per_lexicon_and_deterministic() -> None:
    lexicon = ThemeLexicon.build(default_lexicon().themes)
    text = "The Office will publish a data strategy by 2027."
    first = analyze_sentence(text, "en", lexicon=lexicon)
    assert first is analyze_sentence(text, "en", lexicon=lexicon)
    assert (text, "en", None) in lexicon.memo
    fresh = analyze_sentence(text, "en", lexicon=ThemeLexicon.build(default_lexicon().themes))
    assert fresh == first and isinstance(fresh, Commitment)


def test_real_regulation_text_analyses_without_errors(shared_dir: Path) -> None:
    from tracker.sentences import split_sentences

    path = sorted((shared_dir / "realdocs" / "eu" / "ai-act").glob("*.md"))[-1]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:1500]
    sentences = [s for line in lines for s in split_sentences(line, "en")]
    results = [analyze_sentence(s, "en") for s in sentences]
    found = [c for c in results if c is not None]
    assert found, "a regulation full of 'shall' must yield commitments"
    assert all(c.strength in ("weak", "moderate", "strong") for c in found)
    assert 0.05 < len(found) / len(sentences) < 0.9


# -- schedule tables: a body's cell and a due-date cell make a row a commitment ----------------------


@pytest.mark.parametrize(
    ("row", "language", "actor"),
    [
        ("Flood-risk model validated | Environment Agency | 2031", "en", "Environment Agency"),
        ("Open data portal relaunched | DEFRA | Q2 2029", "en", "DEFRA"),
        ("Port sensors installed | Ministry of Transport | by 2030", "en", "Ministry of Transport"),
        ("水害予測モデルの検証 | 国土交通省 | 40億円 | 2029年度", "ja", "国土交通省"),
        ("港湾センサーの設置 | 港湾局 | 令和12年度末", "ja", "港湾局"),
    ],
)
def test_schedule_table_rows_are_commitments(row: str, language: str, actor: str) -> None:
    c = analyze_sentence(row, language)
    assert c is not None and c.strength == "strong" and not c.negated
    assert c.actor == actor
    assert any(t.type in ("year", "date", "deadline") for t in c.targets)


@pytest.mark.parametrize(
    ("row", "language"),
    [
        ("Storage tier | Portion of archive | Yearly cost", "en"),  # a header
        ("Rented rack space | 38 percent | CAD 90 million", "en"),  # figures, no responsible body
        ("Pilot sites selected | Environment Agency | ongoing", "en"),  # no due date
        ("施策 | 担当 | 予算 | 期限", "ja"),
        ("オンプレミス | 52% | 210億円", "ja"),
    ],
)
def test_table_rows_without_body_and_due_date_are_background(row: str, language: str) -> None:
    assert analyze_sentence(row, language) is None


def test_schedule_row_targets_change_with_the_cells() -> None:
    before = analyze_sentence("Harbour dredging | Port Authority | EUR 12 million | 2030", "en")
    after = analyze_sentence("Harbour dredging | Port Authority | EUR 15 million | 2030", "en")
    assert before is not None and after is not None
    assert diff_targets(before.targets, after.targets, None)
