"""Themes: the packaged lexicon, corpus overrides, and strength-weighted theme weights."""

from __future__ import annotations

import tomllib

import pytest

from tracker.commitments import (
    DEFAULT_THEMES,
    analyze_sentence,
    default_lexicon,
    load_lexicon,
    theme_weights,
)
from tracker.errors import CorpusError


def test_every_default_theme_has_english_and_japanese_terms() -> None:
    lexicon = default_lexicon()
    assert lexicon.ids == DEFAULT_THEMES
    for theme in lexicon.themes:
        assert theme.en and theme.ja, theme.id
        assert theme.label and theme.label_ja


@pytest.mark.parametrize(
    ("sentence", "language", "theme"),
    [
        ("The Office will fund a sovereign AI programme.", "en", "sovereign-ai"),
        ("The Office will train a domestic foundation model.", "en", "sovereign-ai"),
        (
            "The Office will buy from multiple providers to avoid vendor lock-in.",
            "en",
            "provider-diversification",
        ),
        ("The Office will require a multi-vendor strategy.", "en", "provider-diversification"),
        ("The Office will build a supercomputer for universities.", "en", "compute-infrastructure"),
        ("The Office will co-fund a chip foundry.", "en", "semiconductors"),
        ("The Office will fund 30 professorships.", "en", "research-funding"),
        ("The Office will offer 200 scholarships.", "en", "talent"),
        ("The Office will test frontier models before deployment.", "en", "safety-governance"),
        ("The Office will set up a regulatory sandbox.", "en", "regulation"),
        ("The Office will open its datasets.", "en", "data"),
        ("The Office will require encryption of backups.", "en", "cybersecurity"),
        ("The Office will join like-minded partners in a bilateral pact.", "en", "international-cooperation"),
        ("The Office will use AI in public services.", "en", "public-sector-adoption"),
        ("The Office will give vouchers to SMEs.", "en", "industry-adoption"),
        ("政府は、国産基盤モデルの開発を支援する。", "ja", "sovereign-ai"),
        ("政府は、複数事業者からの調達を推進する。", "ja", "provider-diversification"),
        ("政府は、特定事業者に頼る度合いを減らす。", "ja", "provider-diversification"),
        ("政府は、計算資源を確保する。", "ja", "compute-infrastructure"),
        ("政府は、半導体の製造拠点を誘致する。", "ja", "semiconductors"),
        ("政府は、研究開発費を拡充する。", "ja", "research-funding"),
        ("政府は、人材の育成を推進する。", "ja", "talent"),
        ("政府は、安全性の評価を行う。", "ja", "safety-governance"),
        ("政府は、規制の見直しを行う。", "ja", "regulation"),
        ("政府は、オープンデータを拡充する。", "ja", "data"),
        ("政府は、サイバー攻撃への対処を強化する。", "ja", "cybersecurity"),
        ("政府は、同志国との対話を深める。", "ja", "international-cooperation"),
        ("政府は、行政サービスへのAI導入を進める。", "ja", "public-sector-adoption"),
        ("政府は、中小企業のAI導入を支援する。", "ja", "industry-adoption"),
    ],
)
def test_lexicon_terms_put_a_commitment_on_its_theme(sentence: str, language: str, theme: str) -> None:
    c = analyze_sentence(sentence, language)
    assert c is not None
    assert theme in c.themes


def test_terms_match_as_whole_words_with_plural_and_hyphen_variants() -> None:
    lexicon = default_lexicon()
    assert "semiconductors" in lexicon.themes_of("two new foundries")
    assert "provider-diversification" in lexicon.themes_of("a multi vendor approach")
    assert "talent" not in lexicon.themes_of("the skillset of models")  # 'skill' inside a word
    assert lexicon.themes_of("data centres") == ("compute-infrastructure",)  # the longer term wins


def test_an_actor_name_carries_no_theme() -> None:
    c = analyze_sentence("経済産業省は、規格を公表する。", "ja")
    assert c is not None and "industry-adoption" not in c.themes
    e = analyze_sentence("The Ministry of Industry will publish a standard.", "en")
    assert e is not None and "industry-adoption" not in e.themes


def test_corpus_override_extends_adds_excludes(tmp_path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(
        '[themes]\nexclude = ["cybersecurity"]\n'
        '[themes.sovereign-ai]\nen = ["national champion"]\n'
        '[themes.space]\nlabel = "Space"\nlabel_ja = "宇宙"\nen = ["satellite"]\nja = ["衛星"]\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon(tomllib.loads(config.read_text(encoding="utf-8"))["themes"])
    assert "cybersecurity" not in lexicon.ids and lexicon.ids[-1] == "space"
    assert "sovereign AI" in lexicon.theme("sovereign-ai").en  # extended, not replaced
    c = analyze_sentence(
        "The Office will back a national champion with satellite data.", "en", lexicon=lexicon
    )
    assert c is not None and {"sovereign-ai", "space", "data"} <= set(c.themes)
    j = analyze_sentence("政府は、衛星の打上げを支援する。", "ja", lexicon=lexicon)
    assert j is not None and "space" in j.themes


def test_corpus_override_can_replace_everything() -> None:
    lexicon = load_lexicon({"replace": True, "ports": {"en": ["harbour"], "ja": ["港湾"]}})
    assert lexicon.ids == ("ports",)
    c = analyze_sentence("The Office will fund harbour data platforms.", "en", lexicon=lexicon)
    assert c is not None and c.themes == ("ports",)
    only = load_lexicon({"talent": {"en": ["apprentice"], "terms_replace": True}})
    assert only.theme("talent").en == ("apprentice",)


@pytest.mark.parametrize(
    "override",
    [
        {"exclude": ["no-such-theme"]},
        {"replace": "yes"},
        {"talent": {"en": "not a list"}},
        {"talent": {"colour": "blue"}},
        {"Bad Id": {"en": ["x"]}},
        {"oops": 3},
        {"replace": True},
    ],
)
def test_malformed_override_is_one_clear_error(override: dict) -> None:
    with pytest.raises(CorpusError) as err:
        load_lexicon(override)
    assert "tracker.toml [themes" in str(err.value) and "\n" not in str(err.value)


def test_theme_weights_are_strength_weighted_and_ignore_numbers() -> None:
    sentences = [
        "The Office will fund a sovereign cloud.",  # strong 3
        "The Office aims to fund a sovereign cloud for 2,000 users.",  # moderate 2
        "The Office will consider a sovereign cloud.",  # weak 1
        "The Office will no longer fund the sovereign cloud.",  # negated 0
        "The sovereign cloud was launched in 2024.",  # background: no commitment
    ]
    commitments = [analyze_sentence(s, "en") for s in sentences]
    weights = theme_weights(commitments, default_lexicon().ids)
    assert weights["sovereign-ai"] == 6.0
    assert list(weights) == list(DEFAULT_THEMES)
    assert weights["cybersecurity"] == 0.0
    bigger = theme_weights(
        [analyze_sentence("The Office will fund a sovereign cloud for 9,000 users.", "en")]
    )
    smaller = theme_weights([analyze_sentence("The Office will fund a sovereign cloud for 10 users.", "en")])
    assert bigger == smaller == {"sovereign-ai": 3.0}


def test_a_shift_between_contrasting_themes_shows_in_weights() -> None:
    before = [
        analyze_sentence(s, "en")
        for s in (
            "The Office will build a sovereign cloud.",
            "The Office will build a national foundation model for science.",
        )
    ]
    after = [
        analyze_sentence(s, "en")
        for s in (
            "The Office will consider a sovereign cloud.",
            "The Office will buy from independent cloud providers.",
        )
    ]
    b, a = theme_weights(before), theme_weights(after)
    assert a["sovereign-ai"] < b["sovereign-ai"]
    assert a["provider-diversification"] > b.get("provider-diversification", 0.0)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Office will buy storage from multiple cloud providers.",
        "The Office will buy storage from multiple providers.",
        "No single hosting provider will run more than half of the archive.",
        "The Office will split the contract between several regional suppliers.",
        "Each licence will let the Office move its records to another provider.",
    ],
)
def test_provider_terms_allow_one_qualifying_word(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and "provider-diversification" in c.themes


def test_a_star_stands_for_at_most_one_word() -> None:
    lex = load_lexicon({"replace": True, "harbours": {"en": ["deep * harbour"]}})
    assert lex.themes_of("a deep harbour") == ("harbours",)
    assert lex.themes_of("a deep tidal harbour") == ("harbours",)
    assert lex.themes_of("a deep and tidal harbour") == ()
    assert lex.themes_of("deep harbours") == ("harbours",)


def test_partner_country_in_the_singular_is_international() -> None:
    c = analyze_sentence("The Office will co-fund a telescope hosted by a partner country.", "en")
    assert c is not None and "international-cooperation" in c.themes


# -- contrasting themes and named shifts ------------------------------------------------------


def test_packaged_contrasts_are_symmetric_and_name_only_defended_pairs() -> None:
    contrasts = default_lexicon().contrasts
    assert "provider-diversification" in contrasts["sovereign-ai"]
    assert "sovereign-ai" in contrasts["provider-diversification"]
    pairs = {tuple(sorted((a, b))) for a, others in contrasts.items() for b in others}
    assert pairs == {
        ("provider-diversification", "sovereign-ai"),
        ("international-cooperation", "sovereign-ai"),
        ("industry-adoption", "safety-governance"),
        ("industry-adoption", "regulation"),
    }
    assert contrasts["compute-infrastructure"] == frozenset()


def test_a_corpus_can_declare_contrasts_and_a_typo_is_one_clear_error() -> None:
    lexicon = load_lexicon({"talent": {"contrasts": ["research-funding"]}, "exclude": ["regulation"]})
    assert lexicon.contrasts["research-funding"] == frozenset({"talent"})
    assert "regulation" not in lexicon.contrasts["industry-adoption"]  # excluded: dropped quietly
    with pytest.raises(CorpusError, match="contrasts names unknown theme 'talnet'"):
        load_lexicon({"research-funding": {"contrasts": ["talnet"]}})
    with pytest.raises(CorpusError, match="contrasts must be a list of strings"):
        load_lexicon({"talent": {"contrasts": "research-funding"}})


def test_a_shift_prefers_the_contrasting_riser_over_a_tied_unrelated_one() -> None:
    from tracker.diff.themes import compare_themes

    lexicon = default_lexicon()
    before = {"sovereign-ai": 9.0, "compute-infrastructure": 3.0, "provider-diversification": 0.0}
    after = {"sovereign-ai": 3.0, "compute-infrastructure": 9.0, "provider-diversification": 6.0}
    _, shifts = compare_themes(before, after, lexicon.ids, lexicon.contrasts)
    assert [(s.falling, s.rising) for s in shifts] == [("sovereign-ai", "provider-diversification")]
    # without contrasts the largest fall pairs with the largest rise, as before
    _, plain = compare_themes(before, after, lexicon.ids)
    assert [(s.falling, s.rising) for s in plain] == [("sovereign-ai", "compute-infrastructure")]


def test_contrasting_pairs_come_first_and_the_rest_still_pair_by_size() -> None:
    from tracker.diff.themes import compare_themes

    lexicon = default_lexicon()
    before = {"industry-adoption": 12.0, "talent": 6.0, "safety-governance": 0.0, "data": 0.0}
    after = {"industry-adoption": 3.0, "talent": 0.0, "safety-governance": 3.0, "data": 9.0}
    _, shifts = compare_themes(before, after, lexicon.ids, lexicon.contrasts)
    assert [(s.falling, s.rising) for s in shifts] == [
        ("industry-adoption", "safety-governance"),
        ("talent", "data"),
    ]


def test_a_diff_names_the_contrasting_shift_end_to_end() -> None:
    from tracker.diff import Side, diff_texts

    before = (
        "# Cloud Plan\n\n## 1. Hosting\n\n"
        "The Office will build a sovereign cloud for ministries.\n"
        "The Office will build a national foundation model.\n"
        "The Office will certify a sovereign model for health records.\n"
    )
    after = (
        "# Cloud Plan\n\n## 1. Hosting\n\n"
        "The Office will buy hosting from multiple providers to avoid vendor lock-in.\n"
        "The Office will expand GPU capacity for universities.\n"
        "The Office will certify a sovereign model for health records.\n"
    )
    report = diff_texts(before, after, before_side=Side("v1"), after_side=Side("v2"), language="en")
    weights = {t.id: (t.before, t.after) for t in report.themes}
    pd, compute = weights["provider-diversification"], weights["compute-infrastructure"]
    assert pd[1] - pd[0] == compute[1] - compute[0] > 0  # a tie between the two risers
    assert [(s.falling, s.rising) for s in report.shifts] == [("sovereign-ai", "provider-diversification")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Each ministry will appoint a chief AI officer.",
        "The Department will issue departmental AI guidance for its caseworkers.",
        "Every regulator shall adopt an agency AI plan by March.",
        "The Treasury will roll out document triage department-wide.",
    ],
)
def test_ai_of_the_agencies_themselves_is_public_sector_adoption(sentence: str) -> None:
    commitment = analyze_sentence(sentence, "en")
    assert commitment is not None and "public-sector-adoption" in commitment.themes


def test_an_agency_funding_research_is_not_public_sector_adoption() -> None:
    commitment = analyze_sentence("The Agency will finance AI research in universities.", "en")
    assert commitment is not None and "public-sector-adoption" not in commitment.themes


def test_the_star_term_prefilter_never_changes_the_themes_found() -> None:
    """themes_of skips the "*" terms' scan when a text lacks every word they need: same result."""
    import dataclasses
    import itertools

    lexicon = load_lexicon({"space": {"label": "Space", "en": ["launch * vehicle", "* orbit", "*"]}})
    always_scanned = dataclasses.replace(lexicon, _gap_words=("",))
    assert lexicon._gap_words and "" in lexicon._gap_words  # a term of stars only needs no word
    default = default_lexicon()
    default_scanned = dataclasses.replace(default, _gap_words=("",))
    words = ["multiple", "cloud", "providers", "at least two", "independent", "vendors", "the",
             "Ministry", "will", "buy", "from", "alternative", "suppliers", "launch", "heavy",
             "vehicle", "low", "orbit", "single-vendor", "another", "provider", "."]
    texts = [" ".join(combo) for combo in itertools.permutations(words[:7], 4)]
    texts += [" ".join(words[i:i + 6]) for i in range(len(words))]
    found_any = 0
    for text in texts:
        assert default.themes_of(text) == default_scanned.themes_of(text), text
        assert lexicon.themes_of(text) == always_scanned.themes_of(text), text
        found_any += bool(default.themes_of(text))
    assert found_any > 20


def test_remembered_term_matches_give_the_same_themes_as_a_fresh_lexicon() -> None:
    """themes_of remembers what each matched text means; a warm lexicon reads as a fresh one."""
    texts = [
        "The Agency will fund sovereign AI and domestic foundation models.",
        "The Agency will fund Sovereign-AI, GPU clusters and supercomputers.",
        "The Agency will procure cloud services from multiple providers.",
        "The Agency will publish data-sharing rules.",
    ]
    warm = load_lexicon()
    first = [warm.themes_of(t) for t in texts]
    assert warm._en_matches  # matched texts were remembered
    fresh = load_lexicon({"replace": False})
    assert fresh is not warm and not fresh._en_matches
    assert [warm.themes_of(t) for t in texts] == first == [fresh.themes_of(t) for t in texts]
    assert "sovereign-ai" in first[0] and "compute-infrastructure" in first[1]


def test_a_theme_that_rises_only_as_the_plan_grows_is_not_a_turn() -> None:
    from tracker.diff.themes import compare_themes

    lexicon = default_lexicon()
    # the plan triples in length: provider diversification's count triples too, its share stays
    # at a fifth; compute infrastructure takes most of the new weight
    before = {"sovereign-ai": 6.0, "provider-diversification": 2.0, "compute-infrastructure": 2.0}
    after = {"sovereign-ai": 3.0, "provider-diversification": 6.0, "compute-infrastructure": 21.0}
    _, shifts = compare_themes(before, after, lexicon.ids, lexicon.contrasts)
    assert [(s.falling, s.rising) for s in shifts] == [("sovereign-ai", "compute-infrastructure")]


def test_a_theme_whose_count_holds_while_the_plan_grows_is_not_named_as_falling() -> None:
    from tracker.diff.themes import compare_themes

    lexicon = default_lexicon()
    before = {"regulation": 3.0, "compute-infrastructure": 3.0}
    after = {"regulation": 3.0, "compute-infrastructure": 4.0, "provider-diversification": 3.0}
    _, shifts = compare_themes(before, after, lexicon.ids, lexicon.contrasts)
    assert shifts == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "The Commission shall report to the European Parliament and to the Council every year.",
        "The European Data Protection Supervisor shall act as the market surveillance authority.",
        "The European Artificial Intelligence Board shall issue opinions on request.",
        "The Agency will apply the rules of the European Union to public tenders.",
    ],
)
def test_the_name_of_an_institution_is_no_sign_of_international_cooperation(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and "international-cooperation" not in c.themes


@pytest.mark.parametrize(
    "sentence",
    [
        "The Ministry will test models jointly with European partners.",
        "The Ministry will deepen European cooperation on compute.",
        "The Agency will fund pan-European research networks.",
        "The Ministry will co-fund two European research projects each year.",
    ],
)
def test_european_work_across_borders_is_international_cooperation(sentence: str) -> None:
    c = analyze_sentence(sentence, "en")
    assert c is not None and "international-cooperation" in c.themes


def test_the_listed_separators_are_what_the_separator_class_matches() -> None:
    import re
    import sys

    from tracker.commitments.themes import _ASCII_OTHER_SEPARATORS, _OTHER_SEPARATOR, _OTHER_SEPARATORS

    matched = {chr(c) for c in range(sys.maxunicode + 1) if _OTHER_SEPARATOR.match(chr(c))}
    assert set(_OTHER_SEPARATORS) == matched
    assert set(_ASCII_OTHER_SEPARATORS) == {c for c in _OTHER_SEPARATORS if c.isascii()}
    assert re.fullmatch(r"[\t\n\x0b\x0c\r\x1c-\x1f-]+", _ASCII_OTHER_SEPARATORS)
