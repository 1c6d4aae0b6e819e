"""A side of an aligned pair that commits to nothing, read in the light of a counterpart that does.

Two forms of one provision can differ in how plainly they commit, while the duty stays:

- A lead-in ("Providers shall keep records of:") commits to nothing of its own: its points,
  which take its modality, do. But when one version states an obligation in one sentence
  ("Providers shall keep records of the system's operation.") and the other breaks the same
  obligation into a lead-in and points, the duty did not go away: the sentence that carries
  it changed form. So the lead-in is read with its own modal, actor and words, as the
  sentence it states.
- A "should" in the passive ("Affected persons should be informed") names no one to act; read
  alone it says what ought to happen, as a recital explains a text. When its counterpart is a
  duty ("Deployers should inform affected persons"), it is that duty, worded without its party,
  and is read so.

Read alone, such a pair would be reported as a dropped (or new) commitment; read so, it is
compared as the same obligation, and a change of strength, actor or exception is still reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracker.diff.align import Alignment
from tracker.diff.parse import ParsedDocument
from tracker.lead_ins import as_statement
from tracker.unicode_norm import fold_typography


def read_counterparts(
    old: ParsedDocument,
    new: ParsedDocument,
    alignment: Alignment,
    old_analysis: Sequence[Any],
    new_analysis: Sequence[Any],
    lexicon: Any,
) -> tuple[list[Any], list[Any]]:
    """The analyses to compare: on a side of an aligned pair that commits to nothing while the other
    side does, each lead-in is read as the sentence it would be with a full stop for its colon, and
    each other sentence with its passive "should" read as a duty.

    The readings given are not changed (a document's themes and counts are those of the text alone).
    """
    old_out, new_out = list(old_analysis), list(new_analysis)
    for pair in alignment.pairs:
        if not pair.before or not pair.after:
            continue
        for doc, indices, readings, partner in (
            (old, pair.before, old_out, [new_analysis[i] for i in pair.after]),
            (new, pair.after, new_out, [old_analysis[i] for i in pair.before]),
        ):
            if not any(c is not None and not c.negated for c in partner):
                continue
            if any(readings[i] is not None and not readings[i].negated for i in indices):
                continue  # this side commits already: its lead-ins stay lead-ins
            for index in indices:
                if readings[index] is not None:
                    continue
                if doc.introduces_points(index):
                    readings[index] = _read_as_statement(doc, index, lexicon)
                else:
                    readings[index] = _read_with_passive_should(doc, index, lexicon)
    return old_out, new_out


def _read_as_statement(doc: ParsedDocument, index: int, lexicon: Any) -> Any:
    sentence = doc.sentences[index]
    lead_in, _ = sentence.folded_lead_ins()
    return _analysed(doc, as_statement(sentence.text, doc.language), lead_in, (), lexicon)


def _read_with_passive_should(doc: ParsedDocument, index: int, lexicon: Any) -> Any:
    sentence = doc.sentences[index]
    lead_in, outer = sentence.folded_lead_ins()
    return _analysed(doc, sentence.text, lead_in, outer, lexicon, passive_should=True)


def _analysed(
    doc: ParsedDocument,
    text: str,
    lead_in: str | None,
    outer: tuple[str, ...],
    lexicon: Any,
    passive_should: bool = False,
) -> Any:
    from tracker.commitments import analyze_sentence

    return analyze_sentence(
        fold_typography(text),
        doc.language,
        lead_in=lead_in,
        lexicon=lexicon,
        outer_lead_ins=outer,
        passive_should=passive_should,
    )
