"""The one-line commitment summary of a new revision: the differ's counts against the revision before it.

When the differ is not installed or fails, the watcher says so instead of inventing a summary.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

FIRST_REVISION = "first revision"
TECHNICAL_REVISION = "technical revision (re-normalized)"


def summarize_revision(corpus: Any, revision: Any) -> tuple[Mapping[str, int] | None, str | None]:
    """(summary counts, None), or (None, why there is no summary)."""
    if getattr(revision, "technical", False):
        return None, TECHNICAL_REVISION
    timeline = [r for r in corpus.timeline(revision.doc_id) if not getattr(r, "technical", False)]
    position = next((i for i, r in enumerate(timeline) if r.commit == revision.commit), None)
    if position is None or position == 0:
        return None, FIRST_REVISION
    previous = timeline[position - 1]
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
