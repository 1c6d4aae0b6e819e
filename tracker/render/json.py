"""The `tracker.diff/1` JSON document: stable key order, UTF-8 kept readable."""

from __future__ import annotations

import json

from tracker.diff.report import DiffReport


def render_json(report: DiffReport) -> str:
    """The report as JSON text (ends with a newline); byte-identical for identical reports."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
