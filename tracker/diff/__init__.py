"""The semantic differ: parse -> align -> commitments -> compare -> DiffReport.

`diff_texts` works on two Markdown texts; the differ reads no files (a path becomes a
text in `tracker.ingest.files`). Rendering lives in `tracker.render`; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from tracker.collector import paused_cyclic_gc
from tracker.diff.align import Alignment, align
from tracker.diff.blocks import block_diffs
from tracker.diff.comparative import position
from tracker.diff.compare import compare
from tracker.diff.counterpart_readings import read_counterparts
from tracker.diff.derogations import attach_derogations
from tracker.diff.parse import ParsedDocument, parse_document
from tracker.diff.report import DiffReport, Side
from tracker.diff.significance import with_significance
from tracker.diff.themes import compare_themes
from tracker.lead_ins import opens_points
from tracker.unicode_norm import fold_typography

__all__ = ["DiffReport", "Side", "analyse_document", "diff_texts", "resolve_language"]

_MISSING = object()


def analysed_languages() -> frozenset[str]:
    """Languages the commitment analyser has rules for; others are diffed as text only.
    (Imported when asked: a diff of text alone does not load the analyser's rules.)"""
    from tracker.commitments import SUPPORTED_LANGUAGES

    return frozenset(SUPPORTED_LANGUAGES)


def resolve_language(before: str, after: str, language: str | None) -> str:
    """The given language, or the one detected from the longer text."""
    if language:
        return language
    from tracker.language import detect_language

    sample = after if len(after) >= len(before) else before
    return detect_language(sample) if sample.strip() else "und"


def analyse_document(
    doc: ParsedDocument,
    lexicon: Any = None,
    cache: dict[Any, Any] | None = None,
    targets_for: Container[int] | None = None,
) -> list[Any]:
    """The commitment (or None) of every sentence, in order; identical sentences are analysed once.

    `targets_for`: the indices of the sentences whose targets are needed (None: all);
    the others are analysed without target extraction, their `targets` left empty.
    """
    from tracker.commitments import analyze_sentence

    memo: dict[Any, Any] = {} if cache is None else cache
    out: list[Any] = []
    language = doc.language
    sentences = doc.sentences
    for s in sentences:
        if doc.introduces_points(s.index) and opens_points(s.text):
            # a lead-in whose colon is missing ("The Agency shall;" / "(a) ..."): its points commit,
            # it does not, as a lead-in ending with a colon does not
            out.append(None)
            continue
        full = targets_for is None or s.index in targets_for
        # typography is folded before reading: re-typesetting makes no target, actor or change
        text = fold_typography(s.text)
        lead_in, outer = s.folded_lead_ins()
        key = (text, lead_in, outer, full)
        hit = memo.get(key, _MISSING)
        if hit is _MISSING:
            hit = memo[key] = analyze_sentence(
                text, language, lead_in=lead_in, lexicon=lexicon, targets=full, outer_lead_ins=outer
            )
        out.append(hit)
    return out


def _compared_sentences(
    old: ParsedDocument, new: ParsedDocument, alignment: Alignment
) -> tuple[set[int], set[int]]:
    """The sentences whose full analysis the comparer may read, on each side.

    A sentence that stands word for word (same lead-in, same section) in both versions
    reads the same on both sides, so `compare` skips it after an equality test that
    holds with or without targets: such sentences need no target extraction.
    """
    old_full: set[int] = set()
    new_full: set[int] = set()
    for pair in alignment.pairs:
        if pair.status == "same" and len(pair.before) == 1 and len(pair.after) == 1:
            a, b = old.sentences[pair.before[0]], new.sentences[pair.after[0]]
            if a.text == b.text and a.lead_in == b.lead_in and not alignment.is_moved(old, new, pair):
                continue
        old_full.update(pair.before)
        new_full.update(pair.after)
    return old_full, new_full


def _read_quoted_points(
    old: ParsedDocument,
    new: ParsedDocument,
    alignment: Alignment,
    old_analysis: list[Any],
    new_analysis: list[Any],
    lexicon: Any,
) -> None:
    """A point quoted without its lead-in reads with the lead-in its counterpart has.

    An amendment, an excerpt or a corrigendum may print one point ("(e) an assessment of
    ...", "7. The place and date ...") under a heading that names it, without the sentence
    that introduces the list; the point then has no modality of its own. Aligned with the
    same point standing under its lead-in in the other version, it is that provision with the
    lead-in not shown, so it is read with that lead-in instead of the point counting as added
    or removed. So is a sub-point quoted with its point but not the lead-in above that ("(h)
    the extent to which Union law provides for:" / "(i) ...").
    """
    from tracker.commitments import analyze_sentence

    for pair in alignment.pairs:
        if not pair.before or not pair.after:
            continue
        # a point split in two, or two merged, stands under the lead-in of its first counterpart
        for doc, indices, analysis, partner in (
            (old, pair.before, old_analysis, new.sentences[pair.after[0]]),
            (new, pair.after, new_analysis, old.sentences[pair.before[0]]),
        ):
            for index in indices:
                sentence = doc.sentences[index]
                if analysis[index] is not None or not _opens_a_point(doc, sentence):
                    continue
                if not _shows_part_of(sentence, partner):
                    continue
                lead_in, outer = partner.folded_lead_ins()
                text = fold_typography(sentence.text)
                analysis[index] = analyze_sentence(
                    text, doc.language, lead_in=lead_in, lexicon=lexicon, outer_lead_ins=outer
                )


def _opens_a_point(doc: ParsedDocument, sentence: Any) -> bool:
    """Whether a sentence is the first of a point: labelled ("(e)") or a numbered list item ("7.")."""
    if sentence.label:
        return True
    block = doc.blocks[sentence.block]
    return block.kind == "list_item" and bool(block.number) and block.sentences[0] == sentence.index


def _shows_part_of(sentence: Any, partner: Any) -> bool:
    """Whether a sentence's lead-ins are the nearest of its partner's, the outer ones not shown."""
    own, theirs = sentence.lead_ins, partner.lead_ins
    if len(theirs) <= len(own):
        return False
    return all(fold_typography(a) == fold_typography(b) for a, b in zip(own, theirs, strict=False))


@paused_cyclic_gc()  # a diff makes many small objects and no cycles: see tracker.collector
def diff_texts(
    before: str,
    after: str,
    *,
    before_side: Side,
    after_side: Side,
    language: str | None = None,
    lexicon: Any = None,
    normalized: bool = False,
) -> DiffReport:
    """Compare two Markdown texts; the same inputs always give the same report.

    `normalized`: both texts come from the ingester or the corpus (one sentence per
    line), so sentence splitting is skipped.
    """
    language = resolve_language(before, after, language)
    memo: dict[Any, Any] = {}  # blocks that read the same in both versions are split once
    # a comparative text states its position in the amended wording: the wording it quotes is left out
    old = position(parse_document(before, language, sentence_per_line=normalized, memo=memo))
    new = position(parse_document(after, language, sentence_per_line=normalized, memo=memo))
    del memo
    alignment = align(old, new)
    analysed = language in analysed_languages()
    notes: list[str] = []
    if analysed:
        from tracker.commitments import default_lexicon, theme_weights

        lexicon = lexicon if lexicon is not None else default_lexicon()
        cache: dict[Any, Any] = {}
        old_full, new_full = _compared_sentences(old, new, alignment)
        old_analysis = analyse_document(old, lexicon, cache, old_full)
        new_analysis = analyse_document(new, lexicon, cache, new_full)
        # "This obligation shall not apply where ...": an exception of the obligation, no commitment
        old_derogations = attach_derogations(old, old_analysis)
        new_derogations = attach_derogations(new, new_analysis)
        _read_quoted_points(old, new, alignment, old_analysis, new_analysis, lexicon)
        year = _shared_year(before_side, after_side)
        weights, shifts = compare_themes(
            theme_weights(old_analysis),
            theme_weights(new_analysis),
            _theme_order(lexicon),
            getattr(lexicon, "contrasts", None),
        )
        # a lead-in aligned with a one-sentence obligation is compared as the obligation it states,
        # a passive "should" aligned with a duty as that duty
        old_compared, new_compared = read_counterparts(
            old, new, alignment, old_analysis, new_analysis, lexicon
        )
        compared = compare(
            old, new, alignment, old_compared, new_compared, year, (old_derogations, new_derogations)
        )
        changes = with_significance(compared, year, shifts)
        counts = (_count(old_analysis), _count(new_analysis))
        if counts == (0, 0) and (old.sentences or new.sentences):
            notes.append("no commitments found in either version")
    else:
        changes, weights, shifts, counts = (), (), (), (0, 0)
        notes.append(
            f"commitments were not analysed: no commitment rules for language '{language}'; "
            "the texts were compared as text"
        )
    if not old.sentences and not new.sentences:
        notes.append("both versions are empty")
    return DiffReport(
        before=before_side,
        after=after_side,
        language=language,
        commitments_analysed=analysed,
        changes=changes,
        themes=weights,
        shifts=shifts,
        blocks=block_diffs(old, new, alignment),
        text_changed=_text_changed(old, new, alignment),
        notes=tuple(notes),
        commitments_before=counts[0],
        commitments_after=counts[1],
        renumbering=alignment.renumbered,
    )


def _count(analysis: Sequence[Any]) -> int:
    return sum(1 for c in analysis if c is not None and not c.negated)


def _theme_order(lexicon: Any) -> list[str]:
    return list(getattr(lexicon, "ids", ()))


def _shared_year(before: Side, after: Side) -> int | None:
    """The year both revisions were issued in, if known and equal (resolves "by the end of this year")."""
    years = {side.date[:4] for side in (before, after) if side.date}
    if len(years) == 1 and before.date and after.date:
        year = years.pop()
        return int(year) if year.isdigit() else None
    return None


def _text_changed(old: ParsedDocument, new: ParsedDocument, alignment: Alignment) -> bool:
    """Any sentence added, removed, edited or moved, or any heading renamed (re-wraps do not count)."""
    if any(p.status != "same" or alignment.is_moved(old, new, p) for p in alignment.pairs):
        return True
    old_titles = [s.key for s in old.sections]
    new_titles = [s.key for s in new.sections]
    return old_titles != new_titles
