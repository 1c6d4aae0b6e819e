"""Modality: does a sentence commit, how firmly, and is it withdrawn?

English is read from its modal words (will, shall, aims to, will consider ...),
the first one outside a leading conditional clause deciding; Japanese from the
predicate that ends the sentence (実施する, 推進する, 検討する ...). Hedges
anywhere ("where appropriate", 必要に応じて) lower a commitment to weak.

The cue lists live in ``tracker/data/cues_en.toml`` and ``cues_ja.toml`` so an
analyst can review them without reading code; each list becomes one compiled
alternation, so a sentence costs a few regex scans whatever the list sizes.

Some cues only commit when someone is named ("Public bodies may ...", but not
"AI may pose risks"); `Modality.gate` tells the caller which check to apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from tracker.commitments.trie import char_trie, token_trie
from tracker.commitments.word_scan import WordScan
from tracker.data_tables import packaged_table
from tracker.records import direct_init
from tracker.regex_cache import compile_regex

GATE_NONE = "none"  # the cue commits on its own
GATE_ACTOR = "actor"  # commits only with a named actor ("Agencies may ...")
GATE_ACTOR_OR_IMPLICIT = "actor_or_implicit"  # JA: an actor, or no topic at all (subject left implicit)
GATE_ADDRESSEE = "addressee"  # JA: an addressee in 〜には / 〜に対し (企業には…が期待される)
GATE_PARTY = "party"  # EN: a scope statement unless a body is the subject ("This Part shall apply to ...")


@direct_init
@dataclass(frozen=True)
class Modality:
    """The strength a sentence's wording gives it, and where the deciding cue stands."""

    strength: str
    negated: bool
    cues: tuple[str, ...]
    start: int  # offset of the deciding cue: the actor is looked for before it
    end: int
    gate: str = GATE_NONE
    passive: bool = False  # "will be overseen by X": the actor is the agent X


def load_cue_file(name: str) -> dict[str, Any]:
    """A packaged cue list (``tracker/data/<name>``) as parsed TOML."""
    return packaged_table(name)


# ---------------------------------------------------------------------------------------- English

_AUX = {"will", "shall", "must", "should"}
#: An adverb after an auxiliary ("will also", "shall promptly"); verbs that end in -ly are no
#: adverbs ("shall apply without prejudice to" is one phrase, not "shall" + "apply").
_LY_WORD = r"(?!(?:ap|com|sup|re|multi|im)?ply\b|rely\b|ally\b)\w+ly"
_ADVERB_WORD = (
    rf"(?:{_LY_WORD}|also|further|then|now|jointly|first|continue\s+to|not\s+only|thereby|therefore|thus)"
)
_ADVERB = rf"(?:,?\s+{_ADVERB_WORD},?)?"
_GATED_EN = {
    "may",
    "could",
    "might",
    "encourage",
    "encourages",
    "should",
    "ought to",
    "hope to",
    "hopes to",
    "is expected to",
    "are expected to",
    "would welcome",
}
# "is/are invited to" and "is/are encouraged to" are said only of someone who can act
# ("Member States are invited to ..."), so they need no actor gate.
#: A leading condition or concession ("Where the port is closed, ..."), with an aside set off by
#: commas straight after its conjunction ("If, during the season, the harbour is full, ...").
_LEADING_CLAUSE = compile_regex(
    r"^\s*(?:if|where|when|whenever|unless|although|though|while|whereas|once|in case|insofar as|"
    r"as long as|provided that|given that|because|since|as)\b(?:\s*,[^,]{0,200},)?[^,]{0,200},",
    re.IGNORECASE,
)
#: A direct object after a trend verb makes it an act: "will double the budget", "will grow its labs".
_OBJECT_AFTER = compile_regex(r"\s+(?:the|its|their|our|this|these|those)\b", re.IGNORECASE)
_NEXT_WORDS = compile_regex(r"\W*([\w-]+)(?:\s+([\w-]+))?")
_NOT_A_MODAL_BEFORE_WILL = {"political", "the", "of", "good", "free", "own", "public", "collective", "a"}
#: "understand how decisions taken with AI will affect them", "whether the fund will last": a
#: "will" in an indirect question says what someone asks or knows about the future; it is a
#: body's commitment only when the question names the body ("sets out how the Ministry will ...").
_INDIRECT_QUESTION_BEFORE = compile_regex(r"\b(?:how|whether|what|why)\s[^,;:.!?()]{0,150}$", re.IGNORECASE)
_PARTICIPLE_WORD = r"(?:\w+ly\s+)?\w+(?:ed|en|wn|un|ut|ld|pt|nt|id|ought|aught)"
_PARTICIPLE = compile_regex(
    rf"(?:,?\s+(?:{_ADVERB_WORD}|always|never|still),?)?\s+be"
    rf"(?:,?\s+(?:therefore|thus|also|further|then|only|always|never|still),?)?\s+({_PARTICIPLE_WORD})\b",
    re.IGNORECASE,
)
#: "be" + an adjective or a noun (not a participle, not "able to"): a state, not an act
#: How a text is to be read, not what anyone is to do: "X should be understood as ...",
#: "should be considered high-risk", "should be regarded as", "should be classified as".
_READING_PARTICIPLES = frozenset(
    {
        "understood", "considered", "interpreted", "construed", "deemed", "regarded", "defined", "seen",
        "read", "classified", "qualified", "treated", "taken", "viewed", "presumed", "expected",
        "noted", "recalled", "recognised", "recognized", "borne", "kept",
    }
)
_STATE_AFTER = compile_regex(rf"\s+be\s+(?!{_PARTICIPLE_WORD}\b|able\b)[a-z]", re.IGNORECASE)


_ADVERB_AFTER_AUX = compile_regex(rf"^(will|shall|must|should),?\s+{_ADVERB_WORD},?\s*")


def _after_aux(token: str) -> str:
    return _ADVERB if token in _AUX else ""


def _word_set(phrases: list[str]) -> str:
    return char_trie(sorted(set(phrases)))


class _EnglishCues(NamedTuple):
    scan: WordScan  # every cue phrase, on lower-cased text
    kind_of: dict[str, str]  # cue phrase -> notc | neg | weak | moderate | strong
    hedges: WordScan
    hedges_lowered: WordScan | None  # the same on lower-cased ASCII text, case-sensitive (see _english_hedge)
    not_hedges: tuple[str, ...]
    forecast: re.Pattern[str]
    statement: re.Pattern[str]
    population: re.Pattern[str]
    possibility: re.Pattern[str]
    illustration: re.Pattern[str]
    consequence: re.Pattern[str]
    not_negation: re.Pattern[str]
    exceptions: re.Pattern[str]
    urgency: re.Pattern[str]
    strict: frozenset[str]
    scope: re.Pattern[str]
    duties: re.Pattern[str]
    conditions: re.Pattern[str]
    list_words: re.Pattern[str]


@cache
def _english() -> _EnglishCues:
    data = load_cue_file("cues_en.toml")
    strength = data["strength"]
    groups = [
        ("notc", data["not_commitment"]["cues"]),
        ("neg", data["negation"]["cues"]),
        ("weak", strength["weak"]),
        ("moderate", strength["moderate"]),
        ("strong", strength["strong"]),
    ]
    kind_of: dict[str, str] = {}
    for name, phrases in groups:
        for phrase in phrases:
            kind_of.setdefault(" ".join(phrase.lower().split()), name)
    for name, phrases in groups:
        for phrase in phrases:
            folded = " ".join(phrase.lower().split())
            if name in ("weak", "moderate") and folded.startswith("will "):
                # legal drafting says "shall" where plans say "will": "shall seek to" is as
                # tentative as "will seek to" (negations are not mirrored: "shall not" prohibits);
                # a "shall" phrase listed on its own keeps its own strength ("shall endeavour to")
                kind_of.setdefault("shall " + folded[5:], name)
    scan = token_trie(sorted(kind_of), after_first=_after_aux, by_first_char=True)
    hedges = data["hedges"]["cues"]
    return _EnglishCues(
        scan=WordScan(scan, r"\w-", (phrase[:1] for phrase in kind_of), ascii_class=True),
        kind_of=kind_of,
        hedges=WordScan(_word_set(hedges), r"\w-", (phrase[:1] for phrase in hedges), re.IGNORECASE),
        hedges_lowered=(
            WordScan(_word_set(hedges), r"\w-", (phrase[:1] for phrase in hedges), ascii_only=True)
            if all(phrase.isascii() and phrase == phrase.lower() for phrase in hedges)
            else None
        ),
        not_hedges=tuple(data["hedges"]["not_hedges"]),
        forecast=compile_regex(rf"\s+(?:{_word_set(data['forecast']['verbs'])})\b", re.IGNORECASE),
        statement=compile_regex(rf"\s+(?:{_word_set(data['forecast']['statements'])})\b", re.IGNORECASE),
        population=_phrase_set(data["forecast"]["populations"]),
        possibility=compile_regex(rf"\s+(?:{_word_set(data['possibility']['verbs'])})\b", re.IGNORECASE),
        illustration=compile_regex(
            rf"^\W*(?:{_word_set(data['possibility']['illustrations'])})(?![\w-])", re.IGNORECASE
        ),
        consequence=_consequence_pattern(data["possibility"]["consequences"]),
        not_negation=compile_regex(
            rf"\s+(?:{_word_set(data['negation']['not_negation_after'])})\b", re.IGNORECASE
        ),
        exceptions=_phrase_set(data["exceptions"]["cues"]),
        urgency=_phrase_set([*data["urgency"]["strict"], *data["urgency"]["relaxed"]]),
        strict=frozenset(data["urgency"]["strict"]),
        scope=_scope_pattern(data["scope"]),
        duties=_phrase_set(data["scope"]["duties"]),
        conditions=compile_regex(
            rf"(?<![\w-])(?:{_word_set(data['conditions']['conjunctions'])})(?![\w-])(?P<tail>[^,;:]*)$",
            re.IGNORECASE,
        ),
        list_words=_phrase_set(data["conditions"]["list_words"]),
    )


def _consequence_pattern(words: list[str]) -> re.Pattern[str]:
    """A firmer modal that follows from what comes before: "and should therefore", "and so must".

    Not inside a "that" clause: "may present arguments that ... and therefore should not be
    classified" argues a conclusion, it does not draw one.
    """
    so = _word_set(words)
    return compile_regex(
        rf"^(?:(?!\bthat\b)[^.;:])*?,?\s+and\s+(?:(?:{so}),?\s+(?P<first>should|shall|must)\b"
        rf"|(?:\w+\s+)?(?P<modal>should|shall|must)\s+(?:\w+\s+)?(?:{so})\b)",
        re.IGNORECASE,
    )


def _scope_pattern(scope: dict[str, list[str]]) -> re.Pattern[str]:
    """The words after a modal that say a text applies ("shall apply mutatis mutandis to")."""
    verbs, adverbs, then = (_word_set(scope[k]) for k in ("verbs", "adverbs", "then"))
    return compile_regex(
        rf"\s*,?\s+(?:not\s+)?(?:{verbs})\b(?:\s*,?\s*(?:{adverbs})\b,?)*\s*(?:$|[.;:]|(?:{then})\b)",
        re.IGNORECASE,
    )


def _phrase_set(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word phrases, case-insensitive, a run of white space matching one space."""
    return compile_regex(rf"(?<![\w-])(?:{_word_set(phrases)})(?![\w-])", re.IGNORECASE)


def _norm_cue(text: str) -> str:
    return " ".join(text.replace(",", " ").split()).lower()


#: "The harbour master or, as appropriate, the coastguard shall ...": a hedge after "or"/"and"
#: in the subject picks who acts; it does not soften the duty
_ALTERNATIVE_BEFORE = compile_regex(r"\b(?:or|and)\s*,?\s*$", re.IGNORECASE)
#: "shall be tested, as appropriate, during development and, in any event, before sale": what
#: follows "in any event" holds whatever the hedge allows, so the hedge only qualifies an extra
#: occasion of the duty, not the duty
_IN_ANY_EVENT_AFTER = compile_regex(r"\b(?:and|but)?,?\s*in\s+any\s+(?:event|case)\b", re.IGNORECASE)


def _english_hedge(text: str, cue_start: int | None = None, lowered: str | None = None) -> str | None:
    """The first hedge of an English sentence, skipping terms of art that only contain one.

    `lowered` is `text.lower()` when the caller has it. The hedges are lower-case ASCII words,
    so on ASCII text the case-insensitive scan finds what a case-sensitive one finds in the
    lower-cased text, at the same places (lower-casing ASCII keeps every character's place),
    which costs the regex engine far less: a case-insensitive literal is tried letter by letter.
    """
    cues = _english()
    if cues.hedges_lowered is not None and text.isascii():
        spans = cues.hedges_lowered.spans(text.lower() if lowered is None else lowered)
    else:
        spans = cues.hedges.spans(text)
    for start, end, hedge in spans:
        rest = _norm_cue(text[start : start + 40])
        if rest.startswith(cues.not_hedges):
            continue
        if cue_start is not None and start < cue_start and _ALTERNATIVE_BEFORE.search(text, 0, start):
            continue
        clause_end = text.find(";", end)
        if _IN_ANY_EVENT_AFTER.search(text, end, clause_end if clause_end >= 0 else len(text)):
            continue
        return _norm_cue(hedge)
    return None


#: What `_english_cue` gives for a sentence whose deciding cue says it commits no one
#: (a definition, a savings clause).
_NO_COMMITMENT = Modality("none", False, (), -1, -1)


def english_modality(text: str, passive_should: bool = False) -> Modality | None:
    """The modality of an English sentence, or None when no cue commits anyone.

    `passive_should`: read "X should be done" as a duty with no actor (see `_english_cue`).
    """
    lowered = text.lower()
    found = _english_cue(text, lowered, passive_should)
    if found is None or found is _NO_COMMITMENT:
        return None
    hedge = _english_hedge(text, found.start, lowered)
    if hedge and not found.negated:
        return Modality(
            "weak",
            False,
            (*found.cues, hedge),
            found.start,
            found.end,
            found.gate,
            found.passive,
        )
    return found


def english_commits_no_one(text: str) -> bool:
    """Whether an English sentence's deciding cue says it commits no one.

    A definition ("'Berth' shall mean ...") or a savings clause ("This Part shall not affect
    existing leases") has a predicate of its own: a list item written so takes no modality
    from its lead-in, unlike an item with no predicate at all.
    """
    return _english_cue(text) is _NO_COMMITMENT


#: "guidance, which could include ...", "systems that may pose risks": the modal says what a thing
#: can be or hold, in a relative clause on it, and grants no body anything (so does a prohibition
#: there: "practices that are prohibited by other law" names practices, it bans nothing)
_THING_RELATIVE_BEFORE = compile_regex(r"\b(?:which|that)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


#: "the heads of other agencies as the Secretary may deem appropriate, shall ...", "such standards
#: as the Board may specify": "as" + a noun phrase + "may", its verb's object being the noun before
#: "as", says whom or what a body may choose; the sentence's own modal is another one
_DISCRETION_BEFORE = compile_regex(
    r"(?<!\bact )(?<!\bacts )(?<!\bacting )(?<!\bserve )(?<!\bserves )(?<!\bserving )"
    r"\bas\s+(?:the|a|an|each|any|its|their)\s+(?:[\w'’-]+\s+){0,8}$",
    re.IGNORECASE,
)
#: ... and the clause ends a few words after "may", at punctuation or "and/or" ("may deem appropriate,",
#: "may delineate and", "may from time to time designate or")
_DISCRETION_AFTER = compile_regex(r"^(?:\s+[\w-]+){1,6}?(?:\s*[,;.)]|\s+(?:and|or)\b|\s*$)", re.IGNORECASE)


def _a_discretion_clause(text: str, start: int, after: str) -> bool:
    """Whether a "may" at `start` stands in an "as the Secretary may deem appropriate" clause."""
    return (
        _DISCRETION_BEFORE.search(text, max(0, start - 120), start) is not None
        and _DISCRETION_AFTER.match(after) is not None
    )


def _a_possibility(text: str, start: int, after: str) -> bool:
    """Whether a "may/could/might" at `start` states what can happen rather than permits a body.

    So it does before a verb of being or happening ("AI may pose risks"), in an example ("For
    example, an operator could act as both importer and distributor"), and in a relative clause
    on a thing ("guidance, which could include ..."). (A premise of a firmer modal, "operators could
    act in two roles and should therefore meet both sets of duties", is read by the caller.)
    """
    cues = _english()
    return (
        not after.strip()
        or cues.possibility.match(after) is not None
        or cues.illustration.match(text) is not None
        or _THING_RELATIVE_BEFORE.search(text, max(0, start - 30), start) is not None
    )


def _word_before(text: str, end: int) -> str | None:
    """The last word before `end`, as group 1 of ``re.search(r"(\\w+)\\W*$", text[:end])``, or None.

    That search tries every position of the text, backtracking through each word; its match
    starts where the last run of word characters (``\\w``: `str.isalnum` or "_") before `end`
    starts and holds that run, which is read here from `end` backwards.
    """
    stop = end
    while stop > 0:
        char = text[stop - 1]
        if char.isalnum() or char == "_":
            break
        stop -= 1
    start = stop
    while start > 0:
        char = text[start - 1]
        if not (char.isalnum() or char == "_"):
            break
        start -= 1
    return text[start:stop] if start < stop else None


def _english_cue(text: str, lowered: str | None = None, passive_should: bool = False) -> Modality | None:
    """The deciding cue of an English sentence, before hedges: `_NO_COMMITMENT`, or None.
    (`lowered`: `text.lower()`, when the caller has it.)

    A "should" needs a body that is to act. In the passive ("An advisory forum should be
    established") none is named: alone, such a sentence says what ought to happen, as recitals
    explain a text (often of the text itself: "The definition should be based on ..."), and is
    read as no commitment. With `passive_should`, asked for a sentence whose counterpart in the
    other version is a duty, it is read as that duty in the passive, with no actor.
    """
    cues = _english()
    lead = _LEADING_CLAUSE.match(text)
    offset = lead.end() if lead else 0
    found: Modality | None = None
    for start, end, phrase in cues.scan.spans(text.lower() if lowered is None else lowered, offset):
        low = _norm_cue(phrase)
        kind = cues.kind_of.get(low, "")
        if not kind:
            low = _norm_cue(_ADVERB_AFTER_AUX.sub(r"\1 ", phrase))
            kind = cues.kind_of.get(low, "")
        if not kind:
            continue
        if low == "may" and text[start] == "M":  # "May 2026" names a month
            continue
        after = text[end :]
        if kind == "notc":
            return _NO_COMMITMENT
        # "This Part shall (not) apply to ...": which cases a text covers, unless a body applies
        scope = (
            GATE_PARTY
            if cues.scope.match(after) and cues.duties.search(text, 0, start) is None
            else GATE_NONE
        )
        if kind == "neg":
            if cues.not_negation.match(after):  # "will not exceed": a cap, still binding
                found = Modality("strong", False, (low,), start, end)
            else:
                found = Modality("strong", True, (low,), start, end, scope)
            break
        if kind == "strong" and low.endswith(("prohibited", "forbidden")) and _THING_RELATIVE_BEFORE.search(
            text, max(0, start - 30), start
        ):
            continue  # "Practices that are prohibited by Union law ...": which practices, not a ban
        if low in ("may", "could", "might"):
            firmer = cues.consequence.match(after)
            if firmer is not None:
                # the duty that follows from the possibility decides; its subject is the possibility's
                then = _norm_cue(firmer.group("first") or firmer.group("modal"))
                found = Modality(cues.kind_of[then], False, (then,), start, end, GATE_ACTOR)
                break
            if _a_possibility(text, start, after) or _a_discretion_clause(text, start, after):
                continue
        if low == "will":
            prev = _word_before(text, start)
            if prev and prev.lower() in _NOT_A_MODAL_BEFORE_WILL:
                continue
            forecast = cues.forecast.match(after)
            if forecast and not _OBJECT_AFTER.match(after, forecast.end()):
                continue  # "Demand will double": a forecast; "will double the budget" is an act
        # "will transform", "40% of the population will be elderly": how the world will be,
        # a commitment only of a named body
        statement = low == "will" and (
            cues.statement.match(after) is not None
            or (
                _STATE_AFTER.match(after) is not None
                and cues.population.search(text, 0, start) is not None
            )
            or _INDIRECT_QUESTION_BEFORE.search(text, max(0, start - 160), start) is not None
        )
        participle = _PARTICIPLE.match(after)
        if (
            passive_should
            and low == "should"
            and participle is not None
            and participle.group(1).lower() not in _READING_PARTICIPLES
            and not statement
            # "the issues that should be resolved": what a thing is, in a relative clause on it
            and _THING_RELATIVE_BEFORE.search(text, max(0, start - 30), start) is None
        ):
            # "An advisory board should be established", "Affected persons should be informed": the
            # duty of whoever is to act, named or not, as "shall be" states one
            found = Modality(kind, False, (low,), start, end, scope, True)
            break
        gate = GATE_ACTOR if low in _GATED_EN or statement else scope
        passive = bool(kind == "strong" and participle)
        found = Modality(kind, False, (low,), start, end, gate, passive)
        break
    return found


# ---------------------------------------------------------------------------------------- Japanese

_I_ROW = dict(zip("うくすつぬぶむるぐ", "いきしちにびみりぎ", strict=True))
_TE = {
    "う": "って",
    "つ": "って",
    "る": "って",
    "む": "んで",
    "ぶ": "んで",
    "ぬ": "んで",
    "く": "いて",
    "ぐ": "いで",
    "す": "して",
}
_ICHIDAN_PREV = set("えけせてねへめれげぜでべぺいきしちにひみりぎじびぴられ")
_FORMAL = "(?:(?:こと|もの)と(?:する|します|いたします|している))?"
_CONTINUING = ("いく", "いきます", "まいります", "まいる")


def _ja_variants(form: str) -> list[str]:
    """Dictionary form -> the polite and continuing forms (推進する -> 推進します, 推進していく)."""
    out = [form]
    if form.endswith("する"):
        stem = form[:-2]
        out += [stem + "します", stem + "いたします"] + [stem + "して" + c for c in _CONTINUING]
    elif form.endswith("る") and len(form) >= 2 and form[-2] in _ICHIDAN_PREV:
        stem = form[:-1]
        out += [stem + "ます"] + [stem + "て" + c for c in _CONTINUING]
    elif form[-1] in _I_ROW:
        stem = form[:-1]
        out += [stem + _I_ROW[form[-1]] + "ます"] + [stem + _TE[form[-1]] + c for c in _CONTINUING]
    elif form.endswith("ない"):
        out += [form[:-2] + "ありません"] if form.endswith("がない") else []
    return out


def _ja_alternation(forms: list[str]) -> str:
    variants = {v for f in forms for v in _ja_variants(f)}
    return "|".join(re.escape(v) for v in sorted(variants, key=lambda v: (-len(v), v)))


# Predicates that describe, report or define rather than commit.
_JA_BACKGROUND = [
    "ている",
    "ていた",
    "てきた",
    "てきている",
    "ていない",
    "てある",
    "ておらず",
    "ています",
    "ていました",
    "た",
    "だ",
    "である",
    "であった",
    "であろう",
    "です",
    "でした",
    "ました",
    "ある",
    "あった",
    "あります",
    "いる",
    "いない",
    "おり",
    "なる",
    "となる",
    "になる",
    "なります",
    "される",
    "られる",
    "われる",
    "まれる",
    "かれる",
    "がれる",
    "たれる",
    "ばれる",
    "されます",
    "られます",
    "見込まれる",
    "見込む",
    "予想される",
    "推計される",
    "試算される",
    "考えられる",
    "言われる",
    "いう",
    "指す",
    "意味する",
    "かねない",
    "ではない",
    "でない",
    "がない",
    "はない",
    "もない",
    "少ない",
    "ならない",
    "得ない",
    "られない",
    "れない",
    "つつある",
    "ものである",
    "ところである",
    "必要である",
    "重要である",
    # a quantity as it stands ("約3割にとどまる", "目標を下回る", "半数に満たない")
    "とどまる",
    "留まる",
    "上回る",
    "下回る",
    "占める",
    "満たない",
    "過ぎない",
    "すぎない",
]
# 示す is what a table shows (この表は予算を示す) or what a body presents (委員会は指針を示す):
# a commitment only when a body is named
_JA_SHOWN = ["示す"]
_JA_TREND = [
    "増加する",
    "減少する",
    "拡大する",
    "縮小する",
    "上昇する",
    "低下する",
    "倍増する",
    "成長する",
    "普及する",
    "変化する",
    "発生する",
    "進展する",
    "加速する",
    "到達する",
    "達する",
    "増える",
    "減る",
    "高まる",
    "広がる",
    "進む",
]
_JA_NEGATION = r"(?:[わかさたなばまらがえけせてねめれげべ]ない|しない|いたしません|しません|ません)"
_JA_ACTION = r"(?:[うくすつぬぶむるぐ]|ます|ていく|ていきます|てまいります|でいく|でいきます|でまいります)"


class _JapaneseCues(NamedTuple):
    ending: re.Pattern[str]
    hedges: re.Pattern[str]
    strong_adverbs: re.Pattern[str]
    exceptions: re.Pattern[str]
    urgency: re.Pattern[str]
    strict: frozenset[str]


@cache
def _japanese() -> _JapaneseCues:
    data = load_cue_file("cues_ja.toml")
    end = data["ending"]
    groups = [
        ("obligation", _ja_alternation(end["obligation"])),
        ("weak", _ja_alternation(end["weak"])),
        ("moderate", _ja_alternation(end["moderate"])),
        ("negcue", _ja_alternation(end["negated"])),
        ("trend", _ja_alternation(_JA_TREND)),
        ("shown", _ja_alternation(_JA_SHOWN)),
        ("background", "|".join(re.escape(b) for b in sorted(_JA_BACKGROUND, key=lambda b: -len(b)))),
        ("neg", _JA_NEGATION),
        ("strong", _ja_alternation(end["strong"])),
        ("action", _JA_ACTION),
    ]
    ending = "|".join(f"(?P<{name}>{alt})" for name, alt in groups)
    anywhere, urgency = data["anywhere"], data["urgency"]
    return _JapaneseCues(
        ending=compile_regex(rf"(?:{ending}){_FORMAL}$"),
        hedges=compile_regex(
            "|".join(re.escape(h) for h in sorted(anywhere["hedges"], key=lambda h: -len(h)))
        ),
        strong_adverbs=compile_regex("|".join(re.escape(a) for a in anywhere["strong"])),
        exceptions=compile_regex("|".join(re.escape(e) for e in data["exceptions"]["cues"])),
        urgency=compile_regex("|".join(re.escape(u) for u in (*urgency["strict"], *urgency["relaxed"]))),
        strict=frozenset(urgency["strict"]),
    )


# a サ変 noun is mostly two kanji (整備する); more would take in a counter (10か所整備する)
_JA_PREDICATE = compile_regex(r"(?:[一-龥々]{1,2}|[ァ-ヴー]+)?[ぁ-ん]{1,12}$")


def _predicate_words(body: str) -> str:
    """The verb phrase that ends `body` (拡充する, 確実に行う -> 行う, 必須とする), for evidence."""
    m = _JA_PREDICATE.search(body, max(0, len(body) - 24))
    return m.group(0) if m else body[-4:]


_JA_TRAILING = "。．.！!？?」』）)]】 \u3000\n\t"
_JA_TAIL = 32  # the longest predicate we look at, in characters


def japanese_modality(text: str) -> Modality | None:
    """The modality of a Japanese sentence, read from its final predicate, or None."""
    cues = _japanese()
    body = text.rstrip(_JA_TRAILING)
    if not body or body.endswith(("か", "：", ":")):
        return None
    base = max(0, len(body) - _JA_TAIL)
    m = cues.ending.search(body, base)
    if m is None:
        return None
    kind = m.lastgroup or ""
    cue = m.group(0)
    start, end = m.start(), m.end()
    strength, negated, gate = "strong", False, GATE_NONE
    if kind == "background":
        return None
    if kind == "shown":
        kind, gate = "action", GATE_ACTOR
    elif kind == "trend":
        if "を" not in body[:start]:  # 需要が拡大する (a forecast), not 支援を拡大する
            return None
        gate = GATE_ACTOR_OR_IMPLICIT
    elif kind == "obligation":
        pass
    elif kind in ("weak", "moderate"):
        strength = kind
        if cue.startswith(("期待される", "求められる", "望まれる")):
            gate = GATE_ADDRESSEE
        elif cue.startswith(("できる", "期待する", "してもよい")):
            gate = GATE_ACTOR_OR_IMPLICIT
    elif kind in ("neg", "negcue"):
        negated = True
        gate = GATE_ACTOR_OR_IMPLICIT
    elif gate == GATE_NONE:  # a plain declarative verb (実施する, 整備する) or 〜とする
        gate = GATE_ACTOR_OR_IMPLICIT if kind == "action" else GATE_NONE
    if kind in ("action", "strong", "trend", "neg"):
        cue = (
            _predicate_words(body[:end]) + body[end : m.end()] if kind != "strong" else _predicate_words(body)
        )
    cues_found = [cue]
    adverb = cues.strong_adverbs.search(body)
    if adverb and not negated:
        strength = "strong"
        cues_found.insert(0, adverb.group(0))
    hedge = cues.hedges.search(body)
    if hedge and not negated:
        strength = "weak"
        cues_found.append(hedge.group(0))
    return Modality(strength, negated, tuple(cues_found), start, end, gate)


def modality(text: str, language: str, passive_should: bool = False) -> Modality | None:
    """The modality of a sentence in a supported language ("en" or "ja"), or None."""
    if language == "ja":
        return japanese_modality(text)
    return english_modality(text, passive_should)


def japanese_predicate(text: str) -> str | None:
    """The kind of predicate ending a Japanese sentence ("action", "background", ...), or None for a noun."""
    body = text.rstrip(_JA_TRAILING)
    m = _japanese().ending.search(body, max(0, len(body) - _JA_TAIL))
    return m.lastgroup if m else None


def hedge_in(text: str, language: str) -> str | None:
    """The first hedge in a sentence ("where appropriate", 必要に応じて), or None."""
    if language == "ja":
        m = _japanese().hedges.search(text)
        return m.group(0) if m else None
    return _english_hedge(text)


def exception_in(text: str, language: str) -> str | None:
    """The first exception clause of a sentence ("unless", "except where", を除き), or None."""
    pattern = _japanese().exceptions if language == "ja" else _english().exceptions
    m = pattern.search(text)
    return _norm_cue(m.group(0)) if m and language != "ja" else (m.group(0) if m else None)


_POINT_LABEL = compile_regex(r"\s*(?:\(\w{1,6}\)\s*)?")


def opens_conditions(lead_in: str, language: str) -> bool:
    """Whether a lead-in's points are the conditions of its clause, not duties ("... shall issue
    the certificate where the following conditions are fulfilled:", "... provided that:").

    Its conditional clause follows the main predicate, reaches the end and either ends there or
    names the list it opens; "shall, where appropriate:" and "shall ensure that the following
    conditions are met:" do not.
    """
    if language == "ja":
        return False
    cues = _english()
    text = lead_in.rstrip(":;, ")
    # the clause follows the main predicate: a leading one ("When assessing X the Commission shall
    # consider the following:") says when the act is due, and the points are still its objects
    label = _POINT_LABEL.match(text)
    opening = label.end() if label else 0
    mod = english_modality(text)
    m = cues.conditions.search(text, mod.end if mod is not None else opening)
    if m is None or m.start() == opening:
        return False
    tail = m.group("tail")
    return not tail.strip() or cues.list_words.search(tail) is not None


def urgency_in(text: str, language: str) -> tuple[bool, str] | None:
    """How soon a sentence says its act is due: (strict, the words), or None when it says nothing."""
    cues = _japanese() if language == "ja" else _english()
    m = cues.urgency.search(text)
    if m is None:
        return None
    words = m.group(0) if language == "ja" else _norm_cue(m.group(0))
    return words in cues.strict, words
