"""The one-line commitment summary of a new revision: the differ's counts against the revision before it.

When the differ is not installed or fails, the watcher says so instead of inventing a summary.
With a site to rebuild, the report is computed through the site's report cache
(`site_cached_summarizer`), so the rebuild that follows reuses it instead of diffing
the same pair a second time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

FIRST_REVISION = "first revision"
TECHNICAL_REVISION = "technical revision (re-normalized)"


Summary = tuple[Mapping[str, int] | None, str | None]
Summarizer = Callable[[Any], Summary]   # a recorded Revision -> (counts, None) or (None, why not)


def differ_summarizer(corpus: Any) -> Summarizer:
    """Summaries computed by calling the differ directly."""
    return lambda revision: summarize_revision(corpus, revision)


def site_cached_summarizer(corpus: Any, out: Path) -> Summarizer:
    """Summaries computed through the site's report cache in `out`, falling back to the differ."""

    def summarize(revision: Any) -> Summary:
        previous, note = _previous(corpus, revision)
        if previous is None:
            return None, note
        try:
            from tracker.site.gather import Gatherer
            from tracker.site.output import state_dir
            from tracker.site.reports import ReportStore
        except ImportError:
            return summarize_revision(corpus, revision)
        try:
            gatherer = Gatherer(corpus, ReportStore(state_dir(Path(out))), {})
            report = gatherer.report(previous, revision, _language(corpus, revision.doc_id) or "und")
            return {str(k): int(v) for k, v in report["summary"].items()}, None
        except Exception:  # noqa: BLE001 - the plain differ gives the summary, or says why not
            return summarize_revision(corpus, revision)

    return summarize


def _previous(corpus: Any, revision: Any) -> tuple[Any | None, str | None]:
    """The revision before this one by date, or None and why."""
    if getattr(revision, "technical", False):
        return None, TECHNICAL_REVISION
    # As the site pairs them: against the revision just before in the full timeline, so a
    # re-normalization in between does not show up as policy change.
    timeline = corpus.timeline(revision.doc_id)
    position = next((i for i, r in enumerate(timeline) if r.commit == revision.commit), None)
    if position is None or position == 0:
        return None, FIRST_REVISION
    return timeline[position - 1], None


def summarize_revision(corpus: Any, revision: Any) -> Summary:
    """(summary counts, None), or (None, why there is no summary)."""
    previous, note = _previous(corpus, revision)
    if previous is None:
        return None, note
    try:
        diff = importlib.import_module("tracker.diff")
        diff_texts, side = diff.diff_texts, diff.Side
    except (ImportError, AttributeError):
        return None, "no commitment summary: the differ is not available"
    language = _language(corpus, revision.doc_id)
    try:
        report = diff_texts(
            corpus.text(previous), corpus.text(revision),
            before_side=side(ref=previous.ref, date=previous.date.isoformat(), label=previous.label),
            after_side=side(ref=revision.ref, date=revision.date.isoformat(), label=revision.label),
            language=language, lexicon=_lexicon(corpus),
        )
        summary = report.to_dict()["summary"]
    except Exception as exc:  # noqa: BLE001 - a differ bug must not lose the recording's report
        return None, f"no commitment summary: the differ failed ({type(exc).__name__}: {exc})"
    return {str(k): int(v) for k, v in summary.items()}, None


def _language(corpus: Any, doc_id: str) -> str | None:
    try:
        return str(corpus.document(doc_id).language) or None
    except Exception:  # noqa: BLE001 - the differ detects the language itself
        return None


def _lexicon(corpus: Any) -> Any:
    """The corpus's theme lexicon (default themes plus its tracker.toml extension), when available."""
    try:
        commitments = importlib.import_module("tracker.commitments")
        overrides = getattr(corpus, "settings", {}).get("themes")
        return commitments.load_lexicon(overrides)
    except Exception:  # noqa: BLE001 - fall back to the differ's default lexicon
        return None
