"""Per-sentence analysis: is this sentence a commitment, and of what kind?

A sentence is a commitment when a modality cue commits someone (see `cues`):
background statements, statistics, past events, definitions and headings have
none and give None. A table row with no cue of its own is a commitment when it is
a line of a schedule: one cell names the responsible body and another gives the
year or date it is due ("Siting rules | Energy Office | 2031"); rows of figures
without a responsible body are background. A line of an action plan with no modal
is one in the same way when it names the bodies responsible in brackets and a year,
or opens with an action and ends with its due date ("Development of X (FY 2027)
[MEXT]", see `action_items`); its action noun gives its strength. A list item
without a modal of its own takes the modality and actor of its lead-in ("The
Ministry will:" / "- deploy ..."). The differ calls this for every sentence of both
versions, so results are memoized per lexicon and the work per sentence is a
handful of precompiled regex scans.
"""

from __future__ import annotations

import re

from tracker.commitments import cues
from tracker.commitments.action_items import (
    ActionItem,
    action_item,
    in_relative_clause,
    japanese_action_item,
    japanese_core,
    japanese_tag,
)
from tracker.commitments.actors import cell_actor, display_name, english_actor, japanese_subject
from tracker.commitments.cues import Modality
from tracker.commitments.model import Commitment, strength_rank
from tracker.commitments.targets import extract_targets
from tracker.commitments.themes import ThemeLexicon, default_lexicon
from tracker.regex_cache import compile_regex

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ja")

_KANA = compile_regex(r"[\u3040-\u30ff]")
_BULLET = compile_regex(r"^\s*(?:[-*+•・]|\d{1,3}[.)]|\([A-Za-z0-9]{1,4}\)|[A-Za-z][.)]|[①-⑳])\s+")
_INLINE = compile_regex(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_LINK = compile_regex(r"\[([^\]]+)\]\([^)]*\)")
_MEMO_LIMIT = 200_000
_ROW_SEPARATOR = " | "
_DUE_CELL = compile_regex(
    r"(?:(?:by|in|until|before|end(?:\s+of)?|early|mid|late|spring|summer|autumn|fall|winter|"
    r"Q[1-4]|H[12]|FY)[\s-]*)*(?:19|20)\d\d(?:[/–-]\d{2,4})?"
    r"|(?:(?:19|20)\d\d|令和\s*\d{1,2}|令和元)\s*年度?(?:\s*\d{1,2}\s*月)?(?:末|中|内|上期|下期|前半|後半)?(?:まで(?:に)?)?",
    re.IGNORECASE,
)
_MISSING = object()
#: Brackets that may close a Japanese line (a due date, a note, a tag of bodies).
_JA_CLOSING = ("）", ")", "】", "］", "]")
#: A sentence whose subject is one of a plan's instruments (a programme, its funding, a scheme, a call).
_INSTRUMENT_SUBJECT = compile_regex(
    r"(?:(?:the|this|each|such|any|that)\s+)?(?:[\w-]+\s+)?"
    r"(?:programmes?|programs?|procurements?|funding|funds?|schemes?|grants?|calls?|aid|instruments?|"
    r"vouchers?|loans?|subsid(?:y|ies))\b",
    re.IGNORECASE,
)


def language_of(language: str | None, text: str = "") -> str | None:
    """The analysis language for a declared language: "en", "ja", or None when it has no cues.

    "en-GB" reads as "en"; an undetermined language ("und", "", None) is guessed
    from the script (kana means Japanese, otherwise English).
    """
    if language in SUPPORTED_LANGUAGES:  # as written by the differ: read as it stands
        return language
    lang = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if lang in SUPPORTED_LANGUAGES:
        return lang
    if lang in ("", "und", "mul", "zxx"):
        return "ja" if _KANA.search(text) else "en"
    return None


def supports_language(language: str | None) -> bool:
    """Whether commitments are analysed for this declared language (the differ reports when not)."""
    return language_of(language) is not None or (language or "").lower() in ("", "und")


def clean_sentence(text: str) -> str:
    """The sentence's words without Markdown list markers, emphasis or link targets."""
    bullet = _BULLET.match(text)  # (anchored at the start: what sub(..., count=1) would remove)
    if bullet is not None:
        text = text[bullet.end() :]
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = _INLINE.sub("", text)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # folded already (most sentences, as the parser gives them): str.split's white space is
        # what str.isspace takes, and of that only " " is printable
        return text
    return " ".join(text.split())


def analyze_sentence(
    text: str,
    language: str,
    lead_in: str | None = None,
    lexicon: ThemeLexicon | None = None,
    *,
    targets: bool = True,
    outer_lead_ins: tuple[str, ...] = (),
    passive_should: bool = False,
) -> Commitment | None:
    """The commitment a sentence makes, or None when it commits no one to anything.

    `language` is the document's ("en", "ja"; others give None: no cues exist for
    them). `lead_in` is the sentence that introduces a list item, if any, and
    `outer_lead_ins` the lead-ins above it, nearest first, when that lead-in is itself
    a point ("The Board shall:" / "(e) issue opinions on:" / "(i) ...").
    `lexicon` defaults to the packaged themes (`load_lexicon()`). `targets=False`
    skips target extraction (the costly part; `targets` is then empty) for callers
    that only need whether, how strongly and on which themes a sentence commits,
    such as the differ for sentences that stand unchanged in both versions.
    `passive_should` reads "X should be done" as a duty with no actor (`cues._english_cue`):
    the differ asks so for a sentence whose counterpart commits.
    """
    lex = lexicon if lexicon is not None else default_lexicon()
    # a light result (no targets) is memoized apart from the full one
    key: tuple[str | bool | tuple[str, ...] | None, ...] = (text, language, lead_in)
    if outer_lead_ins:
        key = (*key, outer_lead_ins)
    if not targets:
        key = (*key, False)
    if passive_should:
        key = (*key, "passive should")
    memo = lex.memo
    hit = memo.get(key, _MISSING)
    if hit is not _MISSING:
        return hit
    lead_ins = (lead_in, *outer_lead_ins) if lead_in else ()
    result = _analyze(text, language, lead_ins, lex, targets, passive_should)
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = result
    return result


def _actor_for(text: str, lang: str, mod: Modality) -> tuple[bool, str | None]:
    """(passes the cue's gate, the actor named) for a sentence with modality `mod`."""
    if lang == "ja":
        subject = japanese_subject(text, mod.start)
        if mod.gate == cues.GATE_ADDRESSEE:
            return subject.addressee is not None, subject.addressee
        if mod.gate == cues.GATE_ACTOR:
            return subject.actor is not None, subject.actor
        if (
            mod.gate == cues.GATE_ACTOR_OR_IMPLICIT
            and subject.actor is None
            and subject.has_topic
            and "を" in text[subject.topic_end : mod.start]
        ):
            # 〜は…を〜する with a topic that is no body ("AIは社会を変える") describes, it does not commit;
            # without を after it the topic is the thing acted on (結果は公表する, 〜を扱うAIは…で稼働させる)
            # and the actor is left implicit
            return False, None
        return True, subject.actor
    actor = english_actor(text, mod.start, mod.end, mod.passive)
    if mod.gate == cues.GATE_PARTY:
        return actor is not None, actor  # "This Part shall apply to ..." obliges no one
    if mod.gate == cues.GATE_ACTOR and actor is None:
        # "Procurement under this Article may favour ...", "Funding may cover ...": an instrument
        # of the plan is allowed to do something, which is a permission however no body is named
        return _INSTRUMENT_SUBJECT.match(text, 0, mod.start) is not None, None
    return True, actor


def _analyze(
    text: str,
    language: str,
    lead_ins: tuple[str, ...],
    lex: ThemeLexicon,
    with_targets: bool = True,
    passive_should: bool = False,
) -> Commitment | None:
    lang = language_of(language, text)
    if lang is None:
        return None
    sentence = clean_sentence(text)
    if sentence.endswith(":") and cues.opens_conditions(sentence, lang):
        # "The body shall issue the certificate where the following conditions are met:" states
        # its act in full; its points are only the conditions
        sentence = sentence.rstrip(": ")
    if not sentence or sentence.startswith(("#", "|")) or sentence.endswith((":", "：", "?", "？")):
        return None
    mod = cues.modality(sentence, lang, passive_should)
    actor: str | None = None
    if mod is None and _ROW_SEPARATOR in sentence:
        return _schedule_row(sentence, lang, lex, with_targets)
    if lang == "ja":
        item = None
        if mod is None and sentence.rstrip("。．. ").endswith(_JA_CLOSING):
            # 〜を公開する（2027年度）【総務省】: the predicate or action noun stands before the brackets
            core = japanese_core(sentence)
            mod = cues.modality(core, lang) if core != sentence else None
            item = japanese_action_item(sentence) if mod is None else None
            if mod is not None and (tag := japanese_tag(sentence)) is not None:
                bodies = "、".join(dict.fromkeys(display_name(n, lang) for n in tag))
                item = ActionItem(mod.strength, mod.cues, bodies, core, False)
    else:
        item = action_item(sentence)
    if item is not None and (
        mod is None or (item.action_head and in_relative_clause(sentence, mod.start))
    ):
        # an action-plan line ("Development of X (FY 2027) [MEXT]"): its own action word decides,
        # not its lead-in's modal nor a "will" inside a relative clause ("methods that will ...")
        return _action_line(item, sentence, lang, lex, with_targets, lead_ins)
    if mod is not None:
        ok, actor = _actor_for(sentence, lang, mod)
        if not ok and mod.gate == cues.GATE_PARTY and ";" not in sentence[: mod.start]:
            # a scope statement has a predicate of its own: it takes none from a lead-in; a point that
            # names its act, then its exception ("(d) the use of X; this prohibition shall not apply
            # to Y"), takes its lead-in's modality for the act
            return None
        if not ok:
            mod = None
        elif actor is None and item is not None:
            actor = item.actor  # "Teams will pilot X (FY 2027) [DSIT]": the tag names who
    if mod is None:
        if not lead_ins or not _may_inherit(sentence, lang):
            return None
        inherited = _inherited_modality(lead_ins, lang)
        if inherited is None:
            return None
        mod, lead_actor = inherited
        mod = _with_item_hedges(mod, sentence, lang)
        actor = lead_actor
    elif actor is None and lead_ins:
        inherited = _inherited_modality(lead_ins, lang)
        if inherited is not None:
            actor = inherited[1]
    # an actor's name says who, not what: "Ministry of ... Industry" or 経済産業省 carry no theme
    # (a one-word actor such as "Agencies" is a kind of body, and may well say what)
    named = actor is not None and (lang == "ja" or len(actor.split()) > 1)
    theme_text = sentence.replace(actor, " ", 1) if named and actor else sentence
    return Commitment(
        strength=mod.strength,
        negated=mod.negated,
        actor=display_name(actor, lang) if actor else None,
        targets=extract_targets(sentence, lang) if with_targets else (),
        themes=lex.themes_of(theme_text),
        cues=mod.cues,
    )


def _schedule_row(
    sentence: str, lang: str, lex: ThemeLexicon, with_targets: bool = True
) -> Commitment | None:
    """A table row as a scheduled commitment: a body's cell and a due-date cell, or None."""
    cells = [c.strip() for c in sentence.split("|")]
    if len(cells) < 3 or not any(_DUE_CELL.fullmatch(c) for c in cells):
        return None
    actor = next((a for a in (cell_actor(c, lang) for c in cells) if a is not None), None)
    if actor is None:
        return None
    rest = " ".join(c for c in cells if c != actor)
    return Commitment(
        strength="strong",
        negated=False,
        actor=display_name(actor, lang),
        targets=extract_targets(sentence, lang) if with_targets else (),
        themes=lex.themes_of(rest),
        cues=(),
    )


def _action_line(
    item: ActionItem,
    sentence: str,
    lang: str,
    lex: ThemeLexicon,
    with_targets: bool,
    lead_ins: tuple[str, ...],
) -> Commitment:
    """An action-plan line as a commitment: its action word's strength, its tag's bodies as the actor.

    A hedge in the line ("as needed") makes it weak, as in any sentence; with no tag of its own,
    the line's actor is its lead-in's ("The Ministry will take these actions." over the list).
    """
    strength, found = item.strength, item.cues
    hedge = cues.hedge_in(item.body, lang)
    if hedge is not None:
        strength, found = "weak", (*found, hedge)
    actor = item.actor
    if actor is None and lead_ins:
        inherited = _inherited_modality(lead_ins, lang)
        actor = display_name(inherited[1], lang) if inherited is not None and inherited[1] else None
    return Commitment(
        strength=strength,
        negated=False,
        actor=actor,
        targets=extract_targets(sentence, lang) if with_targets else (),
        themes=lex.themes_of(item.body),
        cues=found,
    )


def _may_inherit(sentence: str, lang: str) -> bool:
    """A list item takes its lead-in's modality only when it has no predicate of its own.

    An English item has one when its deciding cue commits no one: a definition or a savings
    clause ("(c) this Part shall not affect existing leases") under "The Board shall:" stays
    what it is. Only the item's first clause is asked: one that names its act and then, after a
    semicolon, what that act leaves untouched ("(a) give start-ups priority access; the priority
    access shall not preclude others from access") is still that act.
    """
    if lang == "ja":
        return cues.japanese_predicate(sentence) is None
    return not cues.english_commits_no_one(sentence.split(";", 1)[0])


def _inherited_modality(lead_ins: tuple[str, ...], lang: str) -> tuple[Modality, str | None] | None:
    """The modality and actor a point takes from its lead-ins (nearest first), or None.

    A lead-in that is itself a point without a predicate ("(e) issue opinions on:" under
    "The Board shall:") passes on what it takes from its own lead-in, with its hedges ("(e)
    where appropriate, publish:"); the nearest lead-in with a predicate decides, so one whose
    predicate commits no one ("This Part shall apply to:") passes nothing on, nor does one
    whose points are the cases of an exception ("unless it serves one of these purposes:") or
    the conditions of its clause ("... shall issue it where the following conditions are met:").
    """
    hedges: list[str] = []
    for lead_in in lead_ins:
        if cues.opens_conditions(clean_sentence(lead_in), lang):
            return None  # its points say when the act is due, not what anyone must do
        found = _lead_in_modality(lead_in, lang)
        if found is not None:
            mod, actor = found
            for hedge in hedges:
                mod = _with_item_hedges(mod, hedge, lang)
            return mod, actor
        sentence = clean_sentence(lead_in).rstrip(":：;, ")
        if not _may_inherit(sentence, lang) or cues.modality(_open(sentence, lang), lang) is not None:
            return None  # a predicate of its own, which commits no one
        if cues.exception_in(sentence, lang) is not None:
            # "(h) the use of X, unless it is necessary for one of the following objectives:": its
            # points are the exception's cases, which the obligation above does not bind
            return None
        hedges.append(sentence)
    return None


def _lead_in_modality(lead_in: str, lang: str) -> tuple[Modality, str | None] | None:
    sentence = clean_sentence(lead_in).rstrip(":：;, ")
    if not sentence:
        return None
    sentence = _open(sentence, lang)
    mod = cues.modality(sentence, lang)
    if mod is None:
        return None
    ok, actor = _actor_for(sentence, lang, mod)
    return (mod, actor) if ok else None


def _open(lead_in: str, lang: str) -> str:
    """A lead-in read as going on in its points: the modal that ends it governs them ("Authorities
    may:" / "(a) inspect ..."), where a "may" that ends a sentence of its own permits nothing."""
    return lead_in if lang == "ja" else lead_in + ":"


def _with_item_hedges(mod: Modality, item: str, lang: str) -> Modality:
    hedge = cues.hedge_in(item, lang)
    if hedge is None or mod.negated:
        return mod
    return Modality("weak", False, (*mod.cues, hedge), mod.start, mod.end, mod.gate, mod.passive)


def strength_change(before: Commitment, after: Commitment) -> str | None:
    """ "strengthened", "weakened" or None, comparing two versions of one commitment's modality."""
    a, b = strength_rank(before.strength), strength_rank(after.strength)
    if b > a:
        return "strengthened"
    if b < a:
        return "weakened"
    return None


def cue_change(before: Commitment, after: Commitment) -> str | None:
    """The evidence for a change of modality ("will -> will consider"), or None when the cues agree."""
    if before.cues == after.cues and before.negated == after.negated:
        return None
    a = before.cue or before.strength
    b = after.cue or after.strength
    if after.negated and not before.negated:
        b = f"{b} (withdrawn)"
    return f"{a} -> {b}"
