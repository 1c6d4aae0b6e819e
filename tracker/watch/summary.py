"""The one-line commitment summary of a new revision: the differ's counts against the revision before it.

When the differ fails, the watcher says so instead of inventing a summary. With a site
to rebuild, the report is the site's (`tracker.site.change_summary`, which keeps it), so
the rebuild that follows reuses it instead of diffing the same pair a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.commitments import corpus_lexicon

if TYPE_CHECKING:
    from tracker.corpus import Corpus, Revision

FIRST_REVISION = "first revision"
TECHNICAL_REVISION = "technical revision (re-normalized)"


Summary = tuple[Mapping[str, int] | None, str | None]
Summarizer = Callable[["Revision"], Summary]   # a recorded revision -> (counts, None) or (None, why not)


def differ_summarizer(corpus: Corpus) -> Summarizer:
    """Summaries computed by calling the differ directly."""
    return lambda revision: summarize_revision(corpus, revision)


def site_cached_summarizer(corpus: Corpus, out: Path) -> Summarizer:
    """Summaries of the site's reports for the site in `out`, falling back to the differ."""
    from tracker.site import change_summary  # the site is loaded only when the watcher has one

    def summarize(revision: Revision) -> Summary:
        previous, note = _previous(corpus, revision)
        if previous is None:
            return None, note
        try:
            return change_summary(corpus, previous, revision, out), None
        except Exception:  # noqa: BLE001 - the plain differ gives the summary, or says why not
            return summarize_revision(corpus, revision)

    return summarize


def _previous(corpus: Corpus, revision: Revision) -> tuple[Revision | None, str | None]:
    """The revision before this one by date, or None and why."""
    if revision.technical:
        return None, TECHNICAL_REVISION
    # As the site pairs them: against the revision just before in the full timeline, so a
    # re-normalization in between does not show up as policy change.
    timeline = corpus.timeline(revision.doc_id)
    position = next((i for i, r in enumerate(timeline) if r.commit == revision.commit), None)
    if position is None or position == 0:
        return None, FIRST_REVISION
    return timeline[position - 1], None


def summarize_revision(corpus: Corpus, revision: Revision) -> Summary:
    """(summary counts, None), or (None, why there is no summary)."""
    from tracker.diff import Side, diff_texts

    previous, note = _previous(corpus, revision)
    if previous is None:
        return None, note
    try:
        report = diff_texts(
            corpus.text(previous), corpus.text(revision),
            before_side=Side(ref=previous.ref, date=previous.date.isoformat(), label=previous.label),
            after_side=Side(ref=revision.ref, date=revision.date.isoformat(), label=revision.label),
            language=_language(corpus, revision.doc_id), lexicon=corpus_lexicon(corpus.settings),
        )
        summary = report.to_dict()["summary"]
    except Exception as exc:  # noqa: BLE001 - a differ bug must not lose the recording's report
        return None, f"no commitment summary: the differ failed ({type(exc).__name__}: {exc})"
    return {str(k): int(v) for k, v in summary.items()}, None


def _language(corpus: Corpus, doc_id: str) -> str | None:
    try:
        return str(corpus.document(doc_id).language) or None
    except Exception:  # noqa: BLE001 - the differ detects the language itself
        return None
