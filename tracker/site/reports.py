"""Diff reports for the site, computed once per (commit pair, tracker version) and cached.

An incremental build must not recompute every diff: each report is stored under a key
made from the two commits, the tracker version and the theme lexicon, in the build's
cache folder. The site never interprets text itself; it only reads these reports.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import orjson

from tracker.site.model import ChangeDigest, ReportDigest

#: Bump when the cached report layout or the digest changes.
CACHE_FORMAT = "site-report/1"


def report_key(before_commit: str | None, after_commit: str, *, version: str, lexicon_id: str) -> str:
    """The cache key of one report: the same pair under the same tracker gives the same report."""
    raw = "\0".join([CACHE_FORMAT, before_commit or "-", after_commit, version, lexicon_id])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


class ReportStore:
    """Reports by key in `<cache>/reports/`, computed on a miss; counts hits and misses."""

    def __init__(self, cache_dir: Path) -> None:
        self.dir = cache_dir / "reports"
        self.computed = 0
        self.reused = 0
        self._dirs: set[Path] = set()
        self._recent: OrderedDict[str, bytes] = OrderedDict()  # a page and its API file read one report

    def _read(self, key: str) -> bytes:
        data = self._recent.pop(key, None)
        if data is None:
            data = self.path(key).read_bytes()
        self._recent[key] = data
        if len(self._recent) > 16:
            self._recent.popitem(last=False)
        return data

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.json"  # flat: a folder per key prefix costs more than it saves

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def load(self, key: str) -> dict[str, Any]:
        data: dict[str, Any] = orjson.loads(self._read(key))
        return data

    def raw(self, key: str, compute: Callable[[], Mapping[str, Any]]) -> bytes:
        """The report as stored (compact UTF-8 JSON), computing it first on a miss."""
        if key not in self._recent and not self.path(key).is_file():
            self.get(key, compute)
        return self._read(key)

    def get(self, key: str, compute: Callable[[], Mapping[str, Any]]) -> dict[str, Any]:
        """The cached report, or compute it, store it atomically and return it."""
        target = self.path(key)
        try:
            data = self.load(key)
            self.reused += 1
            return data
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            self._recent.pop(key, None)  # a damaged cache entry is recomputed, never trusted
        report = dict(compute())
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        raw = _compact_json(report)
        with open(tmp, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, target)
        self._recent[key] = raw
        if len(self._recent) > 16:
            self._recent.popitem(last=False)
        self.computed += 1
        return report

    def prune(self, keep: set[str], previous: set[str] | None = None) -> int:
        """Delete cached reports no revision uses any more; returns how many went.

        With the keys the previous build used, only those it no longer needs are looked
        at; without them, the whole cache folder is listed."""
        removed = 0
        if previous is not None:
            for key in sorted(previous - keep):
                try:
                    self.path(key).unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
            return removed
        if not self.dir.is_dir():
            return 0
        for file in sorted(self.dir.glob("*.json")):
            if file.stem not in keep:
                file.unlink()
                removed += 1
        return removed


def _compact_json(report: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON, as `json.dumps(..., ensure_ascii=False, separators=(",", ":"))` writes it."""
    try:
        return orjson.dumps(report)
    except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: the standard encoder takes it
        return json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def change_anchor(change: Mapping[str, Any]) -> str:
    """A permalink anchor for a commitment change that depends only on what it says."""
    before = (change.get("before") or {}).get("text") or ""
    after = (change.get("after") or {}).get("text") or ""
    raw = "\0".join([",".join(change.get("kinds", [])), before, after])
    return "c-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]


def anchors_for(changes: list[Mapping[str, Any]]) -> list[str]:
    """One unique anchor per change, in report order (duplicates get -2, -3 ...)."""
    seen: dict[str, int] = {}
    out = []
    for change in changes:
        anchor = change_anchor(change)
        seen[anchor] = seen.get(anchor, 0) + 1
        out.append(anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}")
    return out


def digest_report(report: Mapping[str, Any]) -> ReportDigest:
    """The small part of a tracker.diff/1 report that lists, charts, feeds and CSV need."""
    raw_changes = list(report.get("commitment_changes", []))
    changes = []
    for anchor, change in zip(anchors_for(raw_changes), raw_changes, strict=True):
        before = change.get("before") or {}
        after = change.get("after") or {}
        themes = sorted(set(before.get("themes", [])) | set(after.get("themes", [])))
        changes.append(
            ChangeDigest(
                anchor=anchor,
                kinds=tuple(change.get("kinds", [])),
                text=after.get("text") or before.get("text") or "",
                before_text=before.get("text"),
                after_text=after.get("text"),
                section=tuple(after.get("section") or before.get("section") or ()),
                themes=tuple(themes),
                evidence=tuple(change.get("evidence", [])),
                strength_before=before.get("strength"),
                strength_after=after.get("strength"),
                actor=after.get("actor") or before.get("actor"),
            )
        )
    summary = report.get("summary", {})
    themes = report.get("themes", [])
    commitments = report.get("commitments") or {}
    return ReportDigest(
        summary=tuple((str(k), int(v)) for k, v in summary.items()),
        themes_after=tuple(sorted((t["id"], float(t["after"])) for t in themes)),
        themes_before=tuple(sorted((t["id"], float(t["before"])) for t in themes)),
        change_records=tuple(c.to_dict() for c in changes),
        commitments_after=int(commitments.get("after", 0)),
        commitments_analysed=bool(report.get("commitments_analysed", True)),
        text_changed=bool(report.get("blocks")) and any(b.get("status") != "same" for b in report["blocks"]),
        shifts=tuple((str(s["from"]), str(s["to"])) for s in report.get("theme_shifts", [])),
    )
