"""Hostile revision text: raw HTML is kept as text (and escaped when shown), links reduce to their text."""

from __future__ import annotations

import json

import pytest

from tracker.diff import Side, diff_texts
from tracker.diff.parse import parse_document
from tracker.render.html import render_html
from tracker.render.markdown import render_markdown

BEFORE = """# Registry Plan

## 1. Publication

The Records Office will publish the model register every quarter.
The Records Office will audit ten high-risk systems.
"""


def _sentences(text: str) -> list[str]:
    return [s.text for s in parse_document(text, "en").sentences]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "The Office will publish <script>alert('x')</script> the register.",
            "The Office will publish <script>alert('x')</script> the register.",
        ),
        ("The Office will fund <b>three</b> labs.", "The Office will fund <b>three</b> labs."),
        (
            'The Office will log <img src=x onerror="steal()"> access.',
            'The Office will log <img src=x onerror="steal()"> access.',
        ),
    ],
)
def test_inline_html_is_kept_as_text(line: str, expected: str) -> None:
    assert _sentences(line + "\n") == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("See [the register](javascript:alert(1)) for details.", "See the register for details."),
        ('See [the register](https://example.org/a_(b) "Title") now.', "See the register now."),
        ("See [the register](<https://example.org/a b>) now.", "See the register now."),
        ("A ![chart](data:image/png;base64,AAAA) and [x](y) (z).", "A chart and x (z)."),
        ("Read [one](a) and (two) and [three](b).", "Read one and (two) and three."),
        ("Read [one][ref] and <https://example.org/x>.", "Read one and https://example.org/x."),
        # an escaped bracket opens no link, at the start of a line or after text
        ("\\[one](a) and \\<https://example.org/x>.", "[one](a) and <https://example.org/x>."),
        ("Read \\[one](a) and [two](b).", "Read [one](a) and two."),
        ("Read \\\\[one](a).", "Read \\[one](a)."),
    ],
)
def test_links_reduce_to_their_text_with_no_stray_parenthesis(line: str, expected: str) -> None:
    assert _sentences(line + "\n") == [expected]


def test_an_html_block_stays_text_of_its_own() -> None:
    text = "<script>document.cookie</script>\n\nThe Office will publish the register.\n"
    assert _sentences(text) == ["<script>document.cookie</script>", "The Office will publish the register."]


def test_a_hostile_revision_is_reported_as_text_and_escaped_when_rendered() -> None:
    after = BEFORE.replace(
        "The Records Office will audit ten high-risk systems.",
        "The Records Office will audit ten high-risk systems <script>alert(1)</script>.\n"
        "The Records Office will also certify [every vendor](javascript:alert(document.domain)) each year.",
    )
    report = diff_texts(BEFORE, after, before_side=Side("v1"), after_side=Side("v2"), language="en")
    texts = [c.after.text for c in report.changes if c.after]
    assert "The Records Office will also certify every vendor each year." in texts
    data = json.dumps(report.to_dict(), ensure_ascii=False)
    assert "<script>alert(1)</script>" in data  # kept as the document's own text
    assert "javascript:" not in data  # a link destination is not text
    html = render_html(report, full_text=True)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = render_markdown(report, full_text=True)
    assert "<script>" not in markdown
