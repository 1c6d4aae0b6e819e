"""The differ as the site uses it: two texts in, a tracker.diff/1 report (a JSON dict) out.

One Differ per build holds the corpus's lexicon, so every report of the build (in the
build's process or in a worker's) is made with the same themes, and its `lexicon_id`
is part of each report's cache key.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.commitments import ThemeLexicon, corpus_lexicon
from tracker.site.model import ThemeInfo, fingerprint, humanize_theme

if TYPE_CHECKING:
    from tracker.corpus import Revision
    from tracker.diff import Side

#: The side name of the empty text a document's first revision is compared with.
EMPTY_REF = "(nothing recorded before)"


class Differ:
    """The differ with one corpus's lexicon; counts the time spent in it."""

    def __init__(self, settings: Mapping[str, Any] | None) -> None:
        from tracker.diff import analysed_languages

        self.lexicon: ThemeLexicon = corpus_lexicon(settings)
        overrides = (settings or {}).get("themes")
        self.lexicon_id = fingerprint(overrides or {}, sorted(analysed_languages()))
        self.seconds = 0.0  # time spent in diff_texts, for the build's figures

    def report(
        self, before: str, after: str, before_side: Side, after_side: Side, language: str
    ) -> dict[str, Any]:
        from tracker.diff import diff_texts

        started = time.perf_counter()
        result = diff_texts(
            before,
            after,
            before_side=before_side,
            after_side=after_side,
            language=language,
            lexicon=self.lexicon,
            normalized=True,  # corpus texts are normalized: one sentence per line, no re-splitting
        )
        data: dict[str, Any] = result.to_dict()
        self.seconds += time.perf_counter() - started
        return data

    def theme_infos(self) -> list[ThemeInfo]:
        """The lexicon's themes in its own order, with labels where it has them."""
        return [ThemeInfo(id=t.id, label=t.label or humanize_theme(t.id)) for t in self.lexicon.themes]


def side(rev: Revision) -> Side:
    from tracker.diff import Side

    return Side(ref=rev.ref, date=rev.date.isoformat(), label=rev.label)


def empty_side() -> Side:
    from tracker.diff import Side

    return Side(ref=EMPTY_REF, date=None, label=None)
