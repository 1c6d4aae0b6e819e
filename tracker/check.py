"""Validate a corpus: is every recorded revision still backed by its source, and is the record sound?

`tracker check` (and CI) runs this before anything is published. It reads and
never writes. It checks that:

* every document's `document.toml` is complete and consistent with its id (the
  same rules `tracker add` and `tracker meta` apply: `tracker.corpus.metadata.problems`);
* every revision's original is present in `sources/` and matches its SHA-256;
* every revision's normalized text is what the current normalizer makes of that
  original; where the text was made by an older normalizer, the current text of
  the document is flagged as due a technical revision (older, superseded texts
  are history and only noted);
* no revision is dated in the future, and `text.md` has not been edited by hand;
* every file in `sources/` belongs to a revision.
"""

from __future__ import annotations

import datetime
import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.corpus import STATUSES, Corpus, Revision
from tracker.corpus import metadata as doc_toml
from tracker.errors import TrackerError

ERROR = "error"
WARNING = "warning"
NOTE = "note"
SEVERITIES = (ERROR, WARNING, NOTE)


@dataclass(frozen=True)
class Finding:
    """One problem found in the corpus, tied to a document or revision when it has one."""

    severity: str  # error | warning | note
    code: str  # stable, for scripts: "source-mismatch", "technical-revision-due", ...
    message: str
    doc_id: str | None = None
    ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "doc_id": self.doc_id,
            "ref": self.ref,
            "message": self.message,
        }


@dataclass(frozen=True)
class CheckReport:
    """What `check_corpus` found; `ok` when there is no error (warnings count only with `strict`)."""

    corpus: str
    normalizer: str
    today: datetime.date
    documents: int
    revisions: int
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def ok(self, *, strict: bool = False) -> bool:
        failing = (ERROR, WARNING) if strict else (ERROR,)
        return not any(finding.severity in failing for finding in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "tracker.check/1",
            "corpus": self.corpus,
            "normalizer": self.normalizer,
            "today": self.today.isoformat(),
            "documents": self.documents,
            "revisions": self.revisions,
            "errors": self.count(ERROR),
            "warnings": self.count(WARNING),
            "notes": self.count(NOTE),
            "ok": self.ok(),
            "findings": [finding.to_dict() for finding in self.findings],
        }


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _first_difference(recorded: str, reproduced: str) -> str:
    """Where two texts first differ, as 'line N', for a message a person can act on."""
    for number, (left, right) in enumerate(
        zip(recorded.splitlines(), reproduced.splitlines(), strict=False), start=1
    ):
        if left != right:
            return f"line {number}"
    return f"line {min(len(recorded.splitlines()), len(reproduced.splitlines())) + 1}"


class _Checker:
    """Collects findings for one corpus; each method checks one thing."""

    def __init__(self, corpus: Corpus, today: datetime.date, normalizer: str, reproduce: bool) -> None:
        self.corpus = corpus
        self.today = today
        self.normalizer = normalizer
        self.reproduce = reproduce
        self.findings: list[Finding] = []
        self.revisions = 0

    def add(
        self, severity: str, code: str, message: str, doc_id: str | None = None, rev: Revision | None = None
    ) -> None:
        self.findings.append(Finding(severity, code, message, doc_id, rev.ref if rev else None))

    # -- corpus level ----------------------------------------------------------------------------
    def settings(self) -> None:
        try:
            self.corpus.settings  # noqa: B018 - parsing is the check
        except TrackerError as exc:
            self.add(ERROR, "settings-unreadable", str(exc))

    def orphan_sources(self, referenced: set[str]) -> None:
        folder = self.corpus.root / "sources"
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name not in referenced and not path.name.startswith("."):
                self.add(WARNING, "source-orphaned", f"sources/{path.name} belongs to no revision")

    # -- document level --------------------------------------------------------------------------
    def metadata(self, doc_id: str) -> str | None:
        """Check document.toml; returns the document's language when it can be read."""
        path = self.corpus.root / "documents" / doc_id / "document.toml"
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            self.add(
                ERROR,
                "metadata-unreadable",
                f"documents/{doc_id}/document.toml cannot be read: {exc}",
                doc_id,
            )
            return None
        for code, message in doc_toml.problems(doc_id, table):
            self.add(ERROR, code, message, doc_id)
        language = str(table.get("language") or "")
        return language or None

    def worktree_text(self, doc_id: str, latest: Revision) -> None:
        path = self.corpus.root / "documents" / doc_id / "text.md"
        try:
            on_disk = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.add(
                ERROR, "text-missing", f"documents/{doc_id}/text.md is missing or unreadable", doc_id, latest
            )
            return
        if on_disk != self.corpus.text(latest):
            self.add(
                ERROR,
                "text-edited",
                f"documents/{doc_id}/text.md differs from the text recorded for {latest.ref} "
                f"({_first_difference(self.corpus.text(latest), on_disk)}); record changes with tracker add, "
                "or restore it with git",
                doc_id,
                latest,
            )

    # -- revision level --------------------------------------------------------------------------
    def revision_record(self, rev: Revision) -> None:
        if rev.date > self.today:
            self.add(
                ERROR,
                "future-date",
                f"{rev.ref} is dated {rev.date.isoformat()}, after today ({self.today.isoformat()})",
                rev.doc_id,
                rev,
            )
        if rev.status not in STATUSES:
            self.add(
                ERROR,
                "status-invalid",
                f"{rev.ref} has status {rev.status!r}; use one of {', '.join(STATUSES)}",
                rev.doc_id,
                rev,
            )
        if not rev.label.strip():
            self.add(ERROR, "label-missing", f"{rev.ref} has no label", rev.doc_id, rev)
        if not rev.normalizer:
            self.add(
                WARNING,
                "normalizer-unknown",
                f"{rev.ref} does not say which normalizer made its text",
                rev.doc_id,
                rev,
            )

    def source(self, rev: Revision) -> Path | None:
        """The revision's original when present and intact, else None (with a finding)."""
        path = self.corpus.source_path(rev)
        name = f"sources/{path.name}"
        if not path.is_file():
            self.add(ERROR, "source-missing", f"{rev.ref}: its original {name} is missing", rev.doc_id, rev)
            return None
        actual = _sha256_file(path)
        if actual != rev.source_sha256:
            self.add(
                ERROR,
                "source-mismatch",
                f"{rev.ref}: {name} does not match its SHA-256 (the file hashes to {actual[:12]}...)",
                rev.doc_id,
                rev,
            )
            return None
        return path

    def reproduced(self, rev: Revision, source: Path, language: str | None) -> bool | None:
        """Whether the recorded text is what the current normalizer makes of the source (None: unreadable)."""
        from tracker.ingest import ingest_file

        try:
            recorded = self.corpus.text(rev)
        except TrackerError as exc:
            self.add(ERROR, "text-unreadable", str(exc), rev.doc_id, rev)
            return None
        try:
            reproduced = ingest_file(source, language=language).text
        except TrackerError as exc:
            self.add(ERROR, "source-unreadable", f"{rev.ref}: {exc}", rev.doc_id, rev)
            return None
        if reproduced == recorded:
            return True
        if rev.normalizer == self.normalizer:
            self.add(
                ERROR,
                "text-not-reproducible",
                f"{rev.ref}: its text differs from what normalizer {self.normalizer} makes of its source "
                f"({_first_difference(recorded, reproduced)}), though it was recorded with that version; "
                "the text was edited by hand, or the normalizer changed without a version bump",
                rev.doc_id,
                rev,
            )
        return False

    def document(self, doc_id: str) -> list[Revision]:
        language = self.metadata(doc_id)
        try:
            timeline = self.corpus.timeline(doc_id)
        except TrackerError as exc:
            self.add(ERROR, "timeline-unreadable", str(exc), doc_id)
            return []
        if not timeline:
            self.add(ERROR, "no-revisions", f"{doc_id} has a document.toml but no recorded revision", doc_id)
            return []
        self.revisions += len(timeline)
        stale: list[Revision] = []
        reproducible: set[tuple[str, str]] = (
            set()
        )  # (source sha, normalizer) whose text the current one makes
        for rev in timeline:
            self.revision_record(rev)
            source = self.source(rev)
            if source is None or not self.reproduce:
                continue
            result = self.reproduced(rev, source, language)
            if result:
                reproducible.add((rev.source_sha256, rev.normalizer))
            elif result is False and rev.normalizer != self.normalizer:
                stale.append(rev)
        self.stale(timeline, stale, reproducible)
        self.worktree_text(doc_id, timeline[-1])
        return timeline

    def renormalize_command(self, rev: Revision) -> str:
        source = self.corpus.source_path(rev).relative_to(self.corpus.root)
        return (
            f"tracker add {rev.doc_id} {source} --technical --date {rev.date.isoformat()} "
            f"--status {rev.status} --label '{rev.label} (re-normalized)'"
        )

    def stale(
        self, timeline: list[Revision], stale: list[Revision], reproducible: set[tuple[str, str]]
    ) -> None:
        """Texts from an older normalizer: the current one is due re-normalizing, older ones are noted."""
        latest = timeline[-1]
        for rev in stale:
            later = timeline[timeline.index(rev) + 1 :]
            renormalized = next(
                (
                    other
                    for other in later
                    if other.technical
                    and other.source_sha256 == rev.source_sha256
                    and (other.source_sha256, other.normalizer) in reproducible
                ),
                None,
            )
            if renormalized is not None:
                continue
            if rev is latest:
                self.add(
                    WARNING,
                    "technical-revision-due",
                    f"{rev.ref}: recorded with normalizer {rev.normalizer or '?'}, and normalizer "
                    f"{self.normalizer} makes a different text of the same source; "
                    f"record a technical revision: {self.renormalize_command(rev)}",
                    rev.doc_id,
                    rev,
                )
            else:
                self.add(
                    NOTE,
                    "older-normalizer",
                    f"{rev.ref}: recorded with normalizer {rev.normalizer or '?'} (now {self.normalizer}); "
                    "kept as history, diffs against it may show formatting noise",
                    rev.doc_id,
                    rev,
                )


def check_corpus(
    corpus: Corpus,
    *,
    today: datetime.date | None = None,
    reproduce: bool = True,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check every document and revision of the corpus; the corpus is only read.

    `reproduce=False` skips re-normalizing every source (the slow part) for a quick check.
    """
    from tracker.ingest import NORMALIZER_VERSION

    checker = _Checker(corpus, today or datetime.date.today(), str(NORMALIZER_VERSION), reproduce)
    checker.settings()
    referenced: set[str] = set()
    doc_ids = corpus.document_ids()
    for doc_id in doc_ids:
        if progress:
            progress(doc_id)
        for rev in checker.document(doc_id):
            referenced.add(corpus.source_path(rev).name)
    checker.orphan_sources(referenced)
    return CheckReport(
        corpus=str(corpus.root),
        normalizer=checker.normalizer,
        today=checker.today,
        documents=len(doc_ids),
        revisions=checker.revisions,
        findings=tuple(sorted(checker.findings, key=_order)),
    )


def _order(finding: Finding) -> tuple[int, str, str, str]:
    return (SEVERITIES.index(finding.severity), finding.doc_id or "", finding.ref or "", finding.code)


def render_text(report: CheckReport, *, show_notes: bool = False) -> str:
    """The report as lines for a terminal: one line per finding, then a one-line verdict."""
    lines = [
        f"{finding.severity}: {finding.message} [{finding.code}]"
        for finding in report.findings
        if show_notes or finding.severity != NOTE
    ]
    counts = [
        f"{report.count(severity)} {severity}{'' if report.count(severity) == 1 else 's'}"
        for severity in SEVERITIES
        if report.count(severity)
    ]
    verdict = "ok" if report.ok() else "FAILED"
    lines.append(
        f"{verdict}: {report.documents} documents, {report.revisions} revisions checked "
        f"(normalizer {report.normalizer})" + (f"; {', '.join(counts)}" if counts else "; no problems found")
    )
    return "\n".join(lines) + "\n"
