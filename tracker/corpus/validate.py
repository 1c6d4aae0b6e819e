"""Checks on what a user types: document ids, revision dates, statuses, labels, URLs, authors.

Each check returns the cleaned value or raises a TrackerError with one line that
says what is wrong and what would be right, before anything touches the corpus.
"""

from __future__ import annotations

import datetime
import re

from tracker.errors import CorpusError, TrackerError

STATUSES: tuple[str, ...] = ("draft", "consultation", "adopted", "amended", "withdrawn")
"""The life-cycle stages a revision can be in, in the order a plan usually passes them."""

_DOC_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AUTHOR = re.compile(r"\s*([^<>\n]*?)\s*<([^<>\s]+)>\s*")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_EARLIEST = datetime.date(1970, 1, 2)  # git cannot store author dates before the epoch


def check_doc_id(doc_id: str) -> str:
    """A document id is `<jurisdiction>/<slug>`; anything else could leave the corpus folder."""
    if not isinstance(doc_id, str) or len(doc_id) > 120 or not _DOC_ID.fullmatch(doc_id):
        raise CorpusError(
            f"invalid document id {doc_id!r}: use <jurisdiction>/<slug> with lower-case letters, "
            "digits and '-' (e.g. jp/ai-basic-plan)"
        )
    return doc_id


def parse_date(text: str, *, what: str = "date") -> datetime.date:
    """Parse a strict YYYY-MM-DD date, naming the problem when it is not a real day."""
    value = text.strip()
    if not _DATE.fullmatch(value):
        raise TrackerError(f"invalid {what} {text!r}: use YYYY-MM-DD (e.g. 2025-12-23)")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise TrackerError(f"invalid {what} {text!r}: {exc}") from None


def check_revision_date(date: datetime.date, today: datetime.date | None = None) -> datetime.date:
    """A revision date is when the text was issued: a real day, not before 1970, not in the future."""
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise TrackerError(f"invalid revision date {date!r}: expected a date")
    today = today or datetime.date.today()
    if date < _EARLIEST:
        raise TrackerError(
            f"invalid revision date {date.isoformat()}: dates before 1970-01-02 are not supported"
        )
    if date > today + datetime.timedelta(days=1):
        raise TrackerError(
            f"invalid revision date {date.isoformat()}: it is in the future (today is {today.isoformat()})"
        )
    return date


def check_status(status: str) -> str:
    value = status.strip().lower()
    if value not in STATUSES:
        raise TrackerError(f"invalid status {status!r}: use one of {', '.join(STATUSES)}")
    return value


def check_line(value: str, what: str, *, max_length: int = 200) -> str:
    """A label, title or similar: one non-empty line, since it goes into a commit trailer."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise TrackerError(f"invalid {what}: it is empty")
    if len(cleaned) > max_length:
        raise TrackerError(f"invalid {what}: longer than {max_length} characters")
    return cleaned


def check_url(url: str) -> str:
    cleaned = url.strip()
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+", cleaned):
        raise TrackerError(
            f"invalid source URL {url!r}: expected something like https://example.org/plan.pdf"
        )
    return cleaned


def check_language(language: str) -> str:
    value = language.strip()
    if not _LANGUAGE.fullmatch(value):
        raise TrackerError(f"invalid language {language!r}: use a code such as en, ja or nl")
    return value


def parse_author(author: str) -> tuple[str, str]:
    """Split git's `Name <email>` form, the one `git commit --author` takes."""
    match = _AUTHOR.fullmatch(author)
    if not match or not match.group(1):
        raise TrackerError(f"invalid author {author!r}: use 'Name <email>'")
    return match.group(1), match.group(2)
