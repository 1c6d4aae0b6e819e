"""The `tracker.diff/1` JSON document: stable key order, UTF-8 kept readable."""

from __future__ import annotations

import json
from typing import Any

from tracker.diff.report import DiffReport


def render_json(report: DiffReport) -> str:
    """The report as JSON text (ends with a newline); byte-identical for identical reports.

    The text is exactly `json.dumps(..., ensure_ascii=False, indent=2)`; orjson writes the
    same bytes several times faster for the values it formats identically (str keys, str,
    int, bool, None, lists, tuples, and floats json would not write in exponent form),
    so it is used only when every value in the document is one of those.
    """
    data = report.to_dict()
    if _orjson_safe(data):
        try:
            import orjson
        except ImportError:  # pragma: no cover - orjson is a dependency
            pass
        else:
            try:
                return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
            except TypeError:  # e.g. an int beyond 64 bits or a lone surrogate: json writes those
                pass
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


#: The types orjson writes as json.dumps does whatever their value (exact types, no subclasses).
_PLAIN = frozenset({str, int, bool, type(None)})


def _orjson_safe(value: Any) -> bool:
    """Whether orjson writes `value` exactly as json.dumps does (exact types only, no subclasses).

    The values of a container are tested in its loop, a call made only for a nested container
    or a float: most of a report's values are strings and numbers.
    """
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or (type(item) not in _PLAIN and not _orjson_safe(item)):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:
            if type(item) not in _PLAIN and not _orjson_safe(item):
                return False
        return True
    if kind is float:
        # json writes repr(): exponent form below 1e-4 and from 1e16 on (1e-05, 1e+16), which
        # orjson writes differently (0.00001, 1e16); NaN and infinities fail both range tests.
        return value == 0.0 or 1e-4 <= abs(value) < 1e16
    return False
