"""Invariants of the differ, checked with hypothesis on generated policy texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.diff import Side, diff_texts

ACTORS = ["The Government", "The Digital Agency", "The Ministry of Health", "Public bodies", "The Council"]
VERBS = ["will fund", "will consider funding", "aims to build", "must publish", "may support", "will train"]
OBJECTS = [
    "40 AI research chairs",
    "a national data registry",
    "two regional compute centres by 2030",
    "$3 billion in semiconductor plants",
    "open standards for cloud services",
    "800 AI engineers",
]
SENTENCE = st.builds(
    lambda a, v, o: f"{a} {v} {o}.", st.sampled_from(ACTORS), st.sampled_from(VERBS), st.sampled_from(OBJECTS)
)
SECTION = st.tuples(
    st.sampled_from(["Compute", "Talent", "Data", "Safety"]), st.lists(SENTENCE, min_size=1, max_size=4)
)
DOC = st.lists(SECTION, min_size=1, max_size=4)


def _render(
    doc: list[tuple[str, list[str]]], width: int | None = None, numbered: bool = False, bullets: bool = False
) -> str:
    out = ["# Plan", ""]
    for n, (title, sentences) in enumerate(doc, 1):
        out += [f"## {n}. {title}" if numbered else f"## {title}", ""]
        if bullets:
            out += [f"{i}. {s}" if numbered else f"- {s}" for i, s in enumerate(sentences, 1)]
        else:
            text = " ".join(sentences)
            if width:
                words, line, lines = text.split(), "", []
                for w in words:
                    if line and len(line) + len(w) + 1 > width:
                        lines.append(line)
                        line = w
                    else:
                        line = f"{line} {w}".strip()
                lines.append(line)
                out += lines
            else:
                out.append(text)
        out.append("")
    return "\n".join(out)


def _diff(a: str, b: str):  # type: ignore[no-untyped-def]
    return diff_texts(a, b, before_side=Side("a"), after_side=Side("b"), language="en")


@settings(max_examples=25, deadline=None)
@given(DOC)
def test_a_document_diffed_with_itself_has_no_changes(doc: list[tuple[str, list[str]]]) -> None:
    text = _render(doc)
    report = _diff(text, text)
    assert report.changes == () and not report.has_differences
    assert all(t.delta == 0 for t in report.themes)


@settings(max_examples=25, deadline=None)
@given(DOC, st.integers(min_value=20, max_value=70))
def test_rewrapping_and_renumbering_make_no_commitment_changes(
    doc: list[tuple[str, list[str]]], width: int
) -> None:
    report = _diff(_render(doc), _render(doc, width=width, numbered=True))
    assert report.changes == ()


@settings(max_examples=25, deadline=None)
@given(DOC)
def test_list_renumbering_and_rebulleting_make_no_commitment_changes(
    doc: list[tuple[str, list[str]]],
) -> None:
    report = _diff(_render(doc, bullets=True), _render(doc, bullets=True, numbered=True))
    assert report.changes == ()


@settings(max_examples=20, deadline=None)
@given(DOC, DOC)
def test_the_report_is_deterministic_and_its_redlines_rebuild_both_sentences(
    a: list[tuple[str, list[str]]], b: list[tuple[str, list[str]]]
) -> None:
    first = _diff(_render(a), _render(b))
    assert first.to_dict() == _diff(_render(a), _render(b)).to_dict()
    for change in first.changes:
        old = "".join(t for op, t in change.redline if op != "+")
        new = "".join(t for op, t in change.redline if op != "-")
        assert old == (change.before.text if change.before else "")
        assert new == (change.after.text if change.after else "")
