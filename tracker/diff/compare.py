"""Classify aligned commitments: added, removed, strengthened, weakened, target/actor changed, moved.

Works on the alignment and the per-sentence analyses only; it never re-reads text.
Every kind carries its evidence ("will -> will consider", "2027 -> 2029",
"METI -> Digital Agency"), so a reader can check the call without the documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tracker.commitments import diff_targets, strength_rank
from tracker.commitments.cues import exception_in, urgency_in
from tracker.diff.align import Alignment, SentencePair
from tracker.diff.equivalence import mentioned_in, same_actor, spelling_only
from tracker.diff.parse import ParsedDocument
from tracker.diff.redline import redline
from tracker.diff.report import REWORDED, ChangeContext, CommitmentChange, CommitmentView, TargetView
from tracker.regex_cache import compile_regex

if TYPE_CHECKING:
    from tracker.commitments import Commitment


class _Side(NamedTuple):
    """One side of a pair: its sentences joined, and the commitments they carry."""

    text: str
    key: str
    section: tuple[str, ...]
    section_index: int
    lines: tuple[int, int]
    commitments: tuple[Commitment, ...]
    grouped: bool = False  # several sentences (one side of a split or merge)
    lead_in: str | None = None  # the sentence that introduces the (first) sentence's point, if any
    derogation: str | None = None  # a sentence after the commitment that lifts it in some cases


def compare(
    before: ParsedDocument,
    after: ParsedDocument,
    alignment: Alignment,
    before_analysis: Sequence[Commitment | None],
    after_analysis: Sequence[Commitment | None],
    doc_year: int | None = None,
    derogations: tuple[Mapping[int, str], Mapping[int, str]] = ({}, {}),
) -> list[CommitmentChange]:
    """Every commitment change, in the order of the newer text (removed ones where they stood).

    `doc_year` resolves relative deadlines ("by the end of this year") when both versions share it.
    `derogations`: on each side, the sentence that lifts a commitment in some cases ("This
    obligation shall not apply where ..."), by the commitment's sentence: an exception clause of it.
    """
    old_derogations, new_derogations = derogations
    changes: list[CommitmentChange] = []
    for pair in alignment.pairs:
        if pair.status == "same" and not alignment.is_moved(before, after, pair):
            old_reading, new_reading = before_analysis[pair.before[0]], after_analysis[pair.after[0]]
            same_reading = old_reading is new_reading or old_reading == new_reading  # identity: one analysis
            if same_reading and (pair.before[0] in old_derogations) == (pair.after[0] in new_derogations):
                continue  # same words, same section, same reading, same exceptions: nothing to report
        if _repeat_of_a_kept_sentence(alignment, pair, before_analysis, after_analysis):
            continue
        old = _side(before, pair.before, before_analysis, old_derogations) if pair.before else None
        new = _side(after, pair.after, after_analysis, new_derogations) if pair.after else None
        change = _classify(old, new, alignment.is_moved(before, after, pair), doc_year, before.language)
        if change is not None:
            changes.append(change)
    return changes


def _repeat_of_a_kept_sentence(
    alignment: Alignment,
    pair: SentencePair,
    before_analysis: Sequence[Commitment | None],
    after_analysis: Sequence[Commitment | None],
) -> bool:
    """An unpaired commitment whose near-identical twin in the same section is paired: nothing was lost."""
    if pair.status == "removed" and before_analysis[pair.before[0]] is not None:
        return ("before", pair.before[0]) in alignment.twins
    if pair.status == "added" and after_analysis[pair.after[0]] is not None:
        return ("after", pair.after[0]) in alignment.twins
    return False


def _side(
    doc: ParsedDocument,
    indices: tuple[int, ...],
    analysis: Sequence[Commitment | None],
    derogations: Mapping[int, str],
) -> _Side:
    sentences = [doc.sentences[i] for i in indices]
    lifted = [derogations[i] for i in indices if i in derogations]
    commitments = tuple(c for c in (analysis[i] for i in indices) if c is not None)
    first = sentences[0]
    return _Side(
        text=" ".join(s.shown for s in sentences),
        key=" ".join(s.key for s in sentences),
        section=doc.section_path(first.section),
        section_index=first.section,
        lines=(min(s.lines[0] for s in sentences), max(s.lines[1] for s in sentences)),
        commitments=commitments,
        grouped=len(sentences) > 1,
        lead_in=first.lead_in,
        derogation=" ".join(lifted) or None,
    )


def _live(side: _Side | None) -> tuple[Commitment, ...]:
    """Commitments still in force: a negated one ("will no longer ...") commits to nothing."""
    if side is None:
        return ()
    return tuple(c for c in side.commitments if not c.negated)


def _classify(
    old: _Side | None, new: _Side | None, moved: bool, doc_year: int | None, language: str = "en"
) -> CommitmentChange | None:
    old_live, new_live = _live(old), _live(new)
    if not old_live and not new_live:
        return None
    if not old_live:
        assert new is not None
        why = _negation_evidence(old, new, removed=False) if old and old.commitments else "new commitment"
        return _change(("added",), None, new, (why,), redline_from=old, context=_context("before", old))
    if not new_live:
        assert old is not None
        why = _negation_evidence(old, new, removed=True) if new and new.commitments else "commitment dropped"
        return _change(("removed",), old, None, (why,), redline_to=new, context=_context("after", new))
    assert old is not None and new is not None
    kinds: list[str] = []
    evidence: list[str] = []
    _strength(old_live, new_live, kinds, evidence)
    if not kinds:
        _scope(old, new, language, kinds, evidence)
    _targets(old_live, new_live, doc_year, kinds, evidence)
    _actor(old, new, kinds, evidence)
    if moved:
        kinds.append("moved")
        evidence.append(f"{_section_name(old.section)} -> {_section_name(new.section)}")
    if not kinds:
        if old.key == new.key:
            return None
        clause = _added_clause(old, new)
        if clause is not None:
            evidence.append(f"new clause: {clause}")
            return _change(
                ("added",), None, new, tuple(evidence), redline_from=old, context=_context("before", old)
            )
        kinds.append(REWORDED)
    return _change(tuple(kinds), old, new, tuple(evidence))


#: A Japanese conjunctive clause ends in a verb stem's continuative form and a comma, after a
#: kanji or katakana noun ("選定し、", "確保して、", "進め、"): a predicate of its own beside the main one.
_JA_CLAUSE_END = compile_regex(r"[\u4e00-\u9fff\u30a0-\u30ffー](?:し|して|させ|り|い|き|め|け|え)、")
#: Compound particles that end the same way but only relate nouns ("において、", "に基づき、").
_JA_PARTICLES = (
    "におい",
    "につい",
    "に対し",
    "に関し",
    "とし",
    "によっ",
    "により",
    "を通じ",
    "に基づき",
    "に基づい",
    "に応じ",
    "に加え",
    "を含め",
    "を踏まえ",
    "に向け",
    "に伴い",
    "にわたり",
    "にあたり",
    "に当たり",
    "をはじめ",
    "を除き",
)
#: An English clause of its own: a modal or infinitive before a verb, or "and <verb> <object>".
_EN_PREDICATE = compile_regex(
    r"\b(?:will|shall|must|to)\s+(?!be\b|the\b)[a-z]{3,}\b"
    r"|\band\s+(?!the\b|a\b|an\b|its\b|their\b)[a-z]{3,}\s+"
    r"(?:the|a|an|its|their|every|each|all|new|multiple|several|at\s+least)\b"
)


def _added_clause(old: _Side, new: _Side) -> str | None:
    """A clause with its own predicate inserted into a commitment, on a theme the old one lacked.

    "The Agency will fund labs" -> "The Agency will fund labs and select multiple providers":
    the edit adds a second commitment, not new words for the same one. Returns the clause.
    """
    old_themes = {t for c in _live(old) for t in c.themes}
    if not {t for c in _live(new) for t in c.themes} - old_themes:
        return None
    at = 0
    for op, text in redline(old.text, new.text):
        if op == "-":
            continue
        start, at = at, at + len(text)
        if op != "+" or len(text.strip(" 、,")) < 4:
            continue
        if text.isascii():
            if _EN_PREDICATE.search(text.casefold()) and not _already_said(text, old.text):
                return text.strip(" ,")
            continue
        # the clause may close just after the insertion ("選定" + "し、"): look two characters on
        end = _JA_CLAUSE_END.search(new.text, start, min(at + 2, len(new.text)))
        if end is not None and end.start() >= start and not new.text[: end.end() - 1].endswith(_JA_PARTICLES):
            return new.text[start : end.end() - 1].strip(" 、")
    return None


#: Share of an inserted clause's words that the older wording already held, from which the clause is
#: the old text reordered ("They shall delete X. They shall secure Y." -> "They shall secure Y, and
#: shall delete X"), not a commitment added.
REORDERED_SHARE = 0.75
_CONTENT_WORD = compile_regex(r"[a-z]{4,}")


def _already_said(clause: str, old_text: str) -> bool:
    words = set(_CONTENT_WORD.findall(clause.casefold()))
    if not words:
        return False
    held = set(_CONTENT_WORD.findall(old_text.casefold()))
    return len(words & held) >= REORDERED_SHARE * len(words)


def _strength(
    old: tuple[Commitment, ...], new: tuple[Commitment, ...], kinds: list[str], evidence: list[str]
) -> None:
    before = min(strength_rank(c.strength) for c in old)
    after_ranks = [strength_rank(c.strength) for c in new]
    old_cue = _cue(min(old, key=lambda c: strength_rank(c.strength)))
    if max(after_ranks) > before and min(after_ranks) >= before:
        strongest = max(new, key=lambda c: strength_rank(c.strength))
        kinds.append("strengthened")
        evidence.append(f"{old_cue} -> {_cue(strongest)}")
    if min(after_ranks) < before:
        weakest = min(new, key=lambda c: strength_rank(c.strength))
        kinds.append("weakened")
        evidence.append(f"{old_cue} -> {_cue(weakest)}")


def _scope(old: _Side, new: _Side, language: str, kinds: list[str], evidence: list[str]) -> None:
    """An obligation of the same strength narrowed or widened by its exceptions or its urgency.

    An exception clause added ("unless ...", "except where ...", "based solely on ...") lets
    the obliged party off in some cases: weakened; one removed: strengthened. So does a derogation
    in the sentence after it ("This obligation shall not apply where ..."). A deadline of
    urgency relaxed ("immediately" -> "without undue delay"): weakened; tightened: strengthened.
    """
    old_text, new_text = old.text, new.text
    old_exception = exception_in(old_text, language) or _opening(old.derogation)
    new_exception = exception_in(new_text, language) or _opening(new.derogation)
    if new_exception and not old_exception:
        kinds.append("weakened")
        evidence.append(f"(none) -> {new_exception}")
        return
    if old_exception and not new_exception:
        kinds.append("strengthened")
        evidence.append(f"{old_exception} -> (none)")
        return
    old_urgency, new_urgency = urgency_in(old_text, language), urgency_in(new_text, language)
    if old_urgency and new_urgency and old_urgency[0] != new_urgency[0]:
        kinds.append("weakened" if old_urgency[0] else "strengthened")
        evidence.append(f"{old_urgency[1]} -> {new_urgency[1]}")


def _opening(derogation: str | None) -> str | None:
    """A derogation's first words as evidence: "This obligation shall not apply where ..."."""
    if derogation is None:
        return None
    words = derogation.split()
    return " ".join(words[:8]) + (" ..." if len(words) > 8 else "")


def _cue(commitment: Commitment) -> str:
    return commitment.cue or commitment.strength


def _targets(
    old: tuple[Commitment, ...],
    new: tuple[Commitment, ...],
    doc_year: int | None,
    kinds: list[str],
    evidence: list[str],
) -> None:
    old_targets = tuple(t for c in old for t in c.targets)
    new_targets = tuple(t for c in new for t in c.targets)
    changes = [c for c in diff_targets(old_targets, new_targets, doc_year) if not spelling_only(c)]
    if changes:
        kinds.append("target_changed")
        evidence.extend(c.evidence for c in changes)


def _actor(old: _Side, new: _Side, kinds: list[str], evidence: list[str]) -> None:
    old_actors = [c.actor for c in _live(old) if c.actor]
    new_actors = [c.actor for c in _live(new) if c.actor]
    if not old_actors or not new_actors:
        return  # an implicit actor ("will also ...") is no change of owner
    for actor in new_actors:
        if any(same_actor(actor, o) for o in old_actors):
            continue
        if (old.grouped or new.grouped) and mentioned_in(actor, old.text):
            continue  # a split gave a body named in the old sentence a sentence of its own
        kinds.append("actor_changed")
        evidence.append(f"{old_actors[0]} -> {actor}")
        return


def _section_name(path: tuple[str, ...]) -> str:
    return path[-1] if path else "(start)"


def _change(
    kinds: tuple[str, ...],
    old: _Side | None,
    new: _Side | None,
    evidence: tuple[str, ...],
    *,
    redline_from: _Side | None = None,
    redline_to: _Side | None = None,
    context: ChangeContext | None = None,
) -> CommitmentChange:
    """A change; the redline runs between the aligned sentences even when one side is no commitment."""
    start, end = old or redline_from, new or redline_to
    return CommitmentChange(
        kinds=kinds,
        before=_view(old) if old else None,
        after=_view(new) if new else None,
        evidence=evidence,
        redline=redline(start.text if start else "", end.text if end else ""),
        context=context,
    )


def _context(side_name: str, side: _Side | None) -> ChangeContext | None:
    """The aligned sentence that is not a commitment (a negation, or background text), if any."""
    if side is None:
        return None
    return ChangeContext(side=side_name, text=side.text, section=side.section, lines=side.lines)


def _negation_evidence(old: _Side, new: _Side, *, removed: bool) -> str:
    """The deciding cue on each side, with the verb it governs: "will fund -> will no longer fund"."""
    old_c = next((c for c in old.commitments if c.negated != removed), old.commitments[0])
    new_c = next((c for c in new.commitments if c.negated == removed), new.commitments[0])
    return f"{_cue_phrase(old.text, old_c)} -> {_cue_phrase(new.text, new_c)}"


_NEXT_WORD = compile_regex(r"\s+([^\W\d_][\w'-]*)")


def _cue_phrase(text: str, commitment: Commitment) -> str:
    """The cue as written in `text`, followed by its verb when the language spaces its words."""
    cue = commitment.cues[-1] if commitment.cues else commitment.strength
    at = text.casefold().find(cue.casefold())
    if at < 0:
        return cue
    end = at + len(cue)
    phrase = text[at:end]
    if cue[-1:].isascii() and cue[-1:].isalpha():
        verb = _NEXT_WORD.match(text, end)
        if verb:
            phrase += " " + verb.group(1)
    return phrase


def _view(side: _Side) -> CommitmentView:
    commitments = side.commitments
    live = [c for c in commitments if not c.negated] or list(commitments)
    weakest = min(live, key=lambda c: strength_rank(c.strength)) if live else None
    actor = next((c.actor for c in live if c.actor), None)
    themes: list[str] = []
    for c in live:
        themes.extend(t for t in c.themes if t not in themes)
    return CommitmentView(
        text=side.text,
        section=side.section,
        lines=side.lines,
        strength=weakest.strength if weakest else None,
        actor=actor,
        targets=tuple(
            TargetView(t.type, t.value, t.unit, t.text, getattr(t, "bound", None))
            for c in live
            for t in c.targets
        ),
        themes=tuple(themes),
        negated=bool(commitments) and all(c.negated for c in commitments),
        cues=tuple(cue for c in live for cue in c.cues),
        lead_in=side.lead_in,
    )
