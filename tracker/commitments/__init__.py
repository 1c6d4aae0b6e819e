"""Commitment analysis: what each sentence of a plan commits to, and on which themes.

The differ calls `analyze_sentence` for every sentence of both versions and
compares the results with the helpers here, so the semantics of strength,
targets, actors and themes live in one place:

- `analyze_sentence(text, language, lead_in=None, lexicon=None, *, outer_lead_ins=()) -> Commitment | None`
- `load_lexicon(overrides=None) -> ThemeLexicon` (packaged themes + a corpus's ``[themes]``)
- `corpus_lexicon(settings) -> ThemeLexicon` (the lexicon of a corpus's tracker.toml: use this one)
- `strength_rank`, `strength_change`, `cue_change` ("will -> will consider")
- `targets_equal(a, b, doc_year)`, `diff_targets(before, after, doc_year)`, `Target.key`
- `actors_equal(a, b)`, `actor_key(name)`
- `theme_weights(commitments, themes=None)`
"""

from tracker.commitments.actors import actor_key, actors_equal
from tracker.commitments.analysis import (
    SUPPORTED_LANGUAGES,
    analyze_sentence,
    clean_sentence,
    cue_change,
    language_of,
    strength_change,
    supports_language,
)
from tracker.commitments.model import STRENGTH_WEIGHTS, STRENGTHS, Commitment, Target, strength_rank
from tracker.commitments.targets import TargetChange, diff_targets, extract_targets, targets_equal
from tracker.commitments.themes import (
    DEFAULT_THEMES,
    Theme,
    ThemeLexicon,
    commitment_weight,
    corpus_lexicon,
    default_lexicon,
    load_lexicon,
    theme_weights,
)

__all__ = [
    "DEFAULT_THEMES",
    "STRENGTHS",
    "STRENGTH_WEIGHTS",
    "SUPPORTED_LANGUAGES",
    "Commitment",
    "Target",
    "TargetChange",
    "Theme",
    "ThemeLexicon",
    "actor_key",
    "actors_equal",
    "analyze_sentence",
    "clean_sentence",
    "commitment_weight",
    "corpus_lexicon",
    "cue_change",
    "default_lexicon",
    "diff_targets",
    "extract_targets",
    "language_of",
    "load_lexicon",
    "strength_change",
    "strength_rank",
    "supports_language",
    "targets_equal",
    "theme_weights",
]
