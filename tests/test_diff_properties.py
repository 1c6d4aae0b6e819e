"""Invariants of the differ, checked with hypothesis on generated policy texts."""

from __future__ import annotations

from hypothesis import example, given, settings
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
@example(
    # a new clause in a merged sentence: an added commitment whose redline runs from the old one
    a=[("Compute", ["The Digital Agency must publish 40 AI research chairs."])],
    b=[
        (
            "Compute",
            [
                "The Digital Agency will fund 40 AI research chairs.",
                "The Digital Agency must publish a national data registry.",
            ],
        )
    ],
)
def test_the_report_is_deterministic_and_its_redlines_rebuild_both_sentences(
    a: list[tuple[str, list[str]]], b: list[tuple[str, list[str]]]
) -> None:
    first = _diff(_render(a), _render(b))
    assert first.to_dict() == _diff(_render(a), _render(b)).to_dict()
    for change in first.changes:
        old = "".join(t for op, t in change.redline if op != "+")
        new = "".join(t for op, t in change.redline if op != "-")
        # a clause added to (or dropped from) a kept sentence is an added (removed) commitment whose
        # redline runs from (to) that sentence, shown as the change's context
        context = {change.context.side: change.context.text} if change.context else {}
        assert old == (change.before.text if change.before else context.get("before", ""))
        assert new == (change.after.text if change.after else context.get("after", ""))


@settings(max_examples=25, deadline=None)
@given(DOC, DOC, st.booleans())
def test_targets_extracted_only_where_compared_give_the_same_changes(
    a: list[tuple[str, list[str]]], b: list[tuple[str, list[str]]], shared: bool
) -> None:
    """The differ skips target extraction for sentences unchanged in place; the changes stay the same."""
    from dataclasses import replace

    from tracker.commitments import load_lexicon
    from tracker.diff import _compared_sentences, analyse_document
    from tracker.diff.align import align
    from tracker.diff.compare import compare
    from tracker.diff.parse import parse_document

    if shared:  # mostly the same text: most sentences are then skipped
        b = a[: len(a) // 2] + b + a[len(a) // 2 :]
    old, new = parse_document(_render(a), "en"), parse_document(_render(b), "en")
    alignment = align(old, new)
    lexicon = load_lexicon()
    full = analyse_document(old, lexicon), analyse_document(new, lexicon)
    old_full, new_full = _compared_sentences(old, new, alignment)
    lazy = analyse_document(old, lexicon, {}, old_full), analyse_document(new, lexicon, {}, new_full)
    for whole, light, needed in ((full[0], lazy[0], old_full), (full[1], lazy[1], new_full)):
        for i, (c, d) in enumerate(zip(whole, light, strict=True)):
            assert d == (c if i in needed or c is None else replace(c, targets=()))
    assert compare(old, new, alignment, *lazy) == compare(old, new, alignment, *full)
