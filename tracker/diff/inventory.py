"""One version on its own: every commitment it makes and the weight of each theme.

Used by `tracker commitments` and `tracker themes` (and the site's theme charts);
it shares parsing and per-sentence analysis with the differ, so the numbers agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.diff.comparative import position
from tracker.diff.derogations import attach_derogations
from tracker.diff.parse import parse_document
from tracker.diff.report import CommitmentView, TargetView


@dataclass(frozen=True)
class Inventory:
    """The commitments of one version and its theme weights."""

    language: str
    analysed: bool
    commitments: tuple[CommitmentView, ...]
    themes: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "commitments_analysed": self.analysed,
            "commitments": [c.to_dict() for c in self.commitments],
            "themes": [{"id": t, "weight": int(w) if float(w).is_integer() else w} for t, w in self.themes],
        }


def inventory(text: str, language: str | None = None, lexicon: Any = None) -> Inventory:
    """Every commitment of one normalized text, in document order, and its theme weights."""
    from tracker.diff import _theme_order, analyse_document, analysed_languages, resolve_language

    lang = resolve_language("", text, language)
    # a comparative text's commitments are its amended wording's, as the differ compares them
    doc = position(parse_document(text, lang))
    if lang not in analysed_languages():
        return Inventory(lang, False, (), ())
    from tracker.commitments import default_lexicon, theme_weights

    lexicon = lexicon if lexicon is not None else default_lexicon()
    analysis = analyse_document(doc, lexicon)
    attach_derogations(doc, analysis)  # "This obligation shall not apply ...": no commitment, as in a diff
    views = []
    for sentence, c in zip(doc.sentences, analysis, strict=True):
        if c is None:
            continue
        views.append(
            CommitmentView(
                text=sentence.text,
                section=doc.section_path(sentence.section),
                lines=sentence.lines,
                strength=c.strength,
                actor=c.actor,
                targets=tuple(TargetView(t.type, t.value, t.unit, t.text, t.bound) for t in c.targets),
                themes=tuple(c.themes),
                negated=c.negated,
                cues=tuple(c.cues),
            )
        )
    weights = theme_weights(analysis)
    order = _theme_order(lexicon)
    ids = order + sorted(set(weights) - set(order))
    return Inventory(lang, True, tuple(views), tuple((t, weights.get(t, 0.0)) for t in ids))
