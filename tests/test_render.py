"""Renderers show every side of a change, including the sentence that negates a dropped commitment."""

from __future__ import annotations

from tracker.diff import Side, diff_texts
from tracker.render.html import render_html
from tracker.render.markdown import render_markdown
from tracker.render.term import render_term

BEFORE = """# Harbour Data Plan

## 2. Sharing

The Harbour Board will fund an open berth-occupancy dataset.
The Harbour Board will publish tide sensor readings every hour.
"""
AFTER = BEFORE.replace("will fund an open", "will no longer fund an open")


def test_a_removal_by_negation_shows_the_negating_sentence_in_every_format() -> None:
    report = diff_texts(BEFORE, AFTER, before_side=Side("v1"), after_side=Side("v2"), language="en")
    assert report.summary["removed"] == 1
    term = render_term(report, color=False, width=160)
    assert "after, no commitment" in term and "Harbour Data Plan > 2. Sharing, line 5" in term
    assert "will fund -> will no longer fund" in term
    markdown = render_markdown(report)
    assert "- **After, no commitment:** Harbour Data Plan \\> 2. Sharing, line 5" in markdown
    html = render_html(report)
    assert '<div class="where context"><b>after, no commitment</b>' in html
    assert "will fund -&gt; will no longer fund" in html


def test_json_is_what_json_dumps_writes_whichever_writer_is_used() -> None:
    import json
    from collections import OrderedDict

    from tracker.render import json as json_render

    class Text(str):
        pass

    safe = [
        {"a": [1, "x", None, True, ("t", 2.5)], "b": {"c": 0.0, "d": [[], {}]}},
        [1e-4, 123.25, -7, "ü"],
    ]
    unsafe = [
        {"a": [1, {"b": 1e-5}]},
        [{"k": 1e16}],
        {"a": {1: "int key"}},
        ["ok", Text("a str subclass")],
        {"a": OrderedDict(b=1)},
        [float("nan")],
    ]
    for value in safe:
        assert json_render._orjson_safe(value)
    for value in unsafe:
        assert not json_render._orjson_safe(value)
    report = diff_texts(BEFORE, AFTER, before_side=Side("v1"), after_side=Side("v2"), language="en")
    data = report.to_dict()
    assert json_render._orjson_safe(data)
    assert json_render.render_json(report) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
