"""Revision references: `DOC`, `DOC@latest`, `DOC@latest~N`, `DOC@N`, `DOC@YYYY-MM-DD`, a label, a commit.

Resolution is pure: it works on a timeline (oldest first) and never asks git.
Order of interpretation: `latest[~N]`, a number (the Nth revision, 1-based), a
date (the revision in force on that day: the last one dated on or before it),
a label (exact, then ignoring case), a commit prefix of at least 4 hex digits.
A reference that names nothing, or several things, raises BadReference listing
what the document has.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence

from tracker.corpus.model import Revision
from tracker.corpus.validate import check_doc_id, parse_date
from tracker.errors import BadReference, TrackerError

_LATEST = re.compile(r"latest(?:~(\d+))?", re.IGNORECASE)
_HEX = re.compile(r"[0-9a-f]{4,40}")
_SHOWN = 12  # revisions listed in an error message before eliding


def split_ref(ref: str) -> tuple[str, str | None]:
    """`jp/plan@2025-12-23` -> ("jp/plan", "2025-12-23"); `jp/plan` -> ("jp/plan", None)."""
    doc_id, sep, selector = ref.strip().partition("@")
    check_doc_id(doc_id)
    if sep and not selector.strip():
        raise BadReference(f"empty revision after '@' in {ref!r}: use e.g. {doc_id}@latest")
    return doc_id, (selector.strip() if sep else None)


def _looks_special(name: str) -> bool:
    return bool(
        _LATEST.fullmatch(name)
        or name.isdigit()
        or re.fullmatch(r"\d{4}-\d{2}-\d{2}", name)
        or _HEX.fullmatch(name.lower())
    )


def ref_names(records: Sequence[tuple[datetime.date, str, str]]) -> list[str]:
    """Per (date, label, commit) of a timeline, a name resolving back to it: the date, label or commit."""
    dates = Counter(date for date, _label, _commit in records)
    labels = Counter(label.casefold() for _date, label, _commit in records)
    names = []
    for date, label, commit in records:
        if dates[date] == 1:
            names.append(date.isoformat())
        elif labels[label.casefold()] == 1 and label and not _looks_special(label):
            names.append(label)
        else:
            names.append(commit[:12])
    return names


def describe(revisions: Sequence[Revision]) -> str:
    """A one-line list of a timeline, for error messages."""
    items = [f"@{rev.index} {rev.date.isoformat()} '{rev.label}' ({rev.status})" for rev in revisions]
    if len(items) > _SHOWN:
        items = items[: _SHOWN // 2] + [f"... {len(items) - _SHOWN} more ..."] + items[-_SHOWN // 2 :]
    return ", ".join(items)


def resolve_in(doc_id: str, selector: str | None, timeline: Sequence[Revision]) -> Revision:
    """The revision `selector` names in this document's timeline (oldest first)."""
    if not timeline:
        raise BadReference(
            f"{doc_id} has no revisions yet; record one with: tracker add {doc_id} FILE --date ..."
        )
    shown = f"{doc_id}@{selector}"
    options = f"{doc_id} has {len(timeline)} revision(s): {describe(timeline)}"
    if selector is None:
        return timeline[-1]
    latest = _LATEST.fullmatch(selector)
    if latest:
        back = int(latest.group(1) or 0)
        if back >= len(timeline):
            raise BadReference(f"no revision {shown}: {options}")
        return timeline[-1 - back]
    # A number is a position; only a long one past the end may still be a commit prefix.
    if selector.isdigit() and (len(selector) < 4 or int(selector) <= len(timeline)):
        number = int(selector)
        if 1 <= number <= len(timeline):
            return timeline[number - 1]
        raise BadReference(f"no revision {shown}: {options}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", selector):
        try:
            day = parse_date(selector)
        except TrackerError as exc:
            raise BadReference(str(exc)) from None
        in_force = [rev for rev in timeline if rev.date <= day]
        if not in_force:
            first = timeline[0]
            raise BadReference(
                f"no revision of {doc_id} was in force on {selector}: the first is "
                f"{first.date.isoformat()} '{first.label}'"
            )
        return in_force[-1]
    for same in (lambda r: r.label == selector, lambda r: r.label.casefold() == selector.casefold()):
        matches = [rev for rev in timeline if same(rev)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise BadReference(
                f"{shown} is ambiguous: {len(matches)} revisions are labelled {selector!r} "
                f"({', '.join(f'@{r.index} {r.date.isoformat()}' for r in matches)}); use @N or a date"
            )
    if _HEX.fullmatch(selector.lower()):
        matches = [rev for rev in timeline if rev.commit.startswith(selector.lower())]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise BadReference(
                f"{shown} is ambiguous: {len(matches)} commits start with {selector}; use more digits"
            )
    raise BadReference(f"no revision {shown}: {options}")
