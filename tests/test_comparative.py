"""A comparative text (an amendments table): its position is the amended wording, not the one it quotes."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.diff import Side, diff_texts
from tracker.diff.comparative import _is_label, position, quoted_sentences
from tracker.diff.parse import parse_document
from tracker.file_diff import diff_files


def _entry(heading: str, quoted: str, amended: str) -> str:
    return f"### {heading}\n\n**Current wording**\n\n{quoted}\n\n**Revised wording**\n\n{amended}\n\n"


#: An amendments table of the author's own writing: five entries under the same two column headers,
#: one new provision (nothing quoted), one deletion, one quoted provision of two paragraphs.
TABLE = (
    "## Harbour code: amendments\n\n"
    + _entry(
        "Article 3 — paragraph 1",
        "The harbour office shall publish a dredging plan for every berth each spring.",
        "The harbour office shall publish a detailed dredging plan for every berth and anchorage "
        "each spring.",
    )
    + _entry(
        "Article 3 — paragraph 2",
        "Berth users shall inspect the mooring lines of their vessels every day.",
        "Berth operators shall inspect the mooring lines of every vessel every day.",
    )
    + _entry(
        "Article 4 a (new)",
        "_(no text)_",
        "Pilots shall complete a refresher course on tidal navigation every two years.",
    )
    + _entry(
        "Article 5",
        "The harbour master shall close one berth at a time for repairs.",
        "***deleted***",
    )
    + _entry(
        "Article 6",
        "Tug operators shall keep a log of every tow.\n\nThe log shall be kept for three years.",
        "Tug operators shall keep an electronic log of every tow and keep it for five years.",
    )
)


def _quoted_texts(text: str) -> set[str]:
    doc = parse_document(text, "en")
    return {doc.sentences[i].text for i in quoted_sentences(doc)}


def test_the_quoted_column_of_an_amendments_table_is_the_quoted_wording() -> None:
    assert _quoted_texts(TABLE) == {
        "The harbour office shall publish a dredging plan for every berth each spring.",
        "Berth users shall inspect the mooring lines of their vessels every day.",
        "(no text)",
        "The harbour master shall close one berth at a time for repairs.",
        "Tug operators shall keep a log of every tow.",
        "The log shall be kept for three years.",
    }


def test_the_position_keeps_the_amended_wording_and_the_label_lines() -> None:
    doc = position(parse_document(TABLE, "en"))
    texts = [s.text for s in doc.sentences]
    assert "Berth operators shall inspect the mooring lines of every vessel every day." in texts
    assert "Berth users shall inspect the mooring lines of their vessels every day." not in texts
    assert all(doc.sentences[i].index == i for i in range(len(doc.sentences)))
    assert all(doc.sentences[i].block == b.index for b in doc.blocks for i in b.sentences)


def test_subheadings_over_unrelated_paragraphs_are_no_comparative_text() -> None:
    """A plan that sets "Situation" and "Measures" in bold in every section states both: the
    measures do not restate the situation, so nothing is read as quoted."""
    plan = "".join(
        f"## {n}. {topic}\n\n**Situation**\n\n{situation}\n\n**Measures**\n\n{measure}\n\n"
        for n, (topic, situation, measure) in enumerate(
            [
                (
                    "Berths",
                    "Half of the berths are silted up after the winter storms.",
                    "The harbour office shall dredge every berth by June.",
                ),
                (
                    "Pilots",
                    "Twelve pilots will retire within three years.",
                    "The academy will train twenty new pilots from next year.",
                ),
                (
                    "Tugs",
                    "The tug fleet is on average thirty years old.",
                    "The port authority shall replace four tugs by 2030.",
                ),
            ],
            start=1,
        )
    )
    assert _quoted_texts(plan) == set()


def test_a_lone_entry_counts_only_when_its_second_run_restates_the_first() -> None:
    restated = _entry(
        "Article 3",
        "Berth users shall inspect the mooring lines of their vessels every day.",
        "Berth operators shall inspect the mooring lines of every vessel every day.",
    )
    quoted = "Berth users shall inspect the mooring lines of their vessels every day."
    assert _quoted_texts(restated) == {quoted}
    unrelated = _entry(
        "Article 3",
        "Berth users shall inspect the mooring lines of their vessels every day.",
        "Pilots shall hold a licence issued by the maritime academy.",
    )
    assert _quoted_texts(unrelated) == set()


def _diff(before: str, after: str) -> list[tuple[tuple[str, ...], str | None, str | None]]:
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    return [
        (c.kinds, c.before.text if c.before else None, c.after.text if c.after else None)
        for c in report.changes
        if c.kinds != ("reworded",)
    ]


def test_the_quoted_copy_takes_no_partner_from_the_amended_wording() -> None:
    """The final text dropped the coast guard from the amendment, which brings it close to the
    quoted wording; another article has a look-alike duty on groundings. The amendment is
    compared with its own article's sentence, and the look-alike is a new duty, not the
    amendment moved there."""
    amended = (
        "The port authority shall immediately inform the ministry and the coast guard of every "
        "collision in the harbour."
    )
    before = "## Amendments\n\n" + _entry(
        "Article 8",
        "The port authority shall inform the ministry of every collision in the harbour.",
        amended,
    )
    kept = "The port authority shall immediately inform the ministry of every collision in the harbour."
    lookalike = (
        "The harbour master shall immediately inform the coast guard of every grounding in the harbour."
    )
    after = f"## Article 8 — Collisions\n\n{kept}\n\n## Article 12 — Groundings\n\n{lookalike}\n"
    report = diff_texts(before, after, before_side=Side("a"), after_side=Side("b"), language="en")
    changes = [
        (c.kinds, c.before.text if c.before else None, c.after.text if c.after else None)
        for c in report.changes
    ]
    assert changes == [(("reworded",), amended, kept), (("added",), None, lookalike)]


def test_a_provision_the_amendment_deleted_and_the_final_text_kept_is_added() -> None:
    before = (
        "## Amendments\n\n"
        + _entry(
            "Article 5", "The harbour master shall close one berth at a time for repairs.", "***deleted***"
        )
        + _entry(
            "Article 6",
            "Tug operators shall keep a log of every tow.",
            "Tug operators shall keep an electronic log of every tow.",
        )
    )
    after = (
        "## Article 5 — Repairs\n\nThe harbour master shall close one berth at a time for repairs.\n\n"
        "## Article 6 — Tugs\n\nTug operators shall keep an electronic log of every tow.\n"
    )
    assert _diff(before, after) == [
        (("added",), None, "The harbour master shall close one berth at a time for repairs.")
    ]


def test_files_of_an_amendments_table_and_its_final_text(tmp_path: Path) -> None:
    (tmp_path / "amendments.md").write_text(TABLE, encoding="utf-8")
    final = (
        "## Article 3 — Dredging and moorings\n\n"
        "The harbour office shall publish a detailed dredging plan for every berth and anchorage "
        "each spring.\n\n"
        "Berth operators shall inspect the mooring lines of every vessel every day.\n\n"
        "## Article 4 a — Pilots\n\n"
        "Pilots shall complete a refresher course on tidal navigation every two years.\n\n"
        "## Article 6 — Tugs\n\n"
        "Tug operators shall keep an electronic log of every tow and keep it for five years.\n"
    )
    (tmp_path / "final.md").write_text(final, encoding="utf-8")
    report = json.loads(json.dumps(diff_files(tmp_path / "amendments.md", tmp_path / "final.md").to_dict()))
    kinds = [c["kinds"] for c in report["commitment_changes"] if c["kinds"] != ["reworded"]]
    assert kinds == []


def test_japanese_sentences_without_spaces_are_no_label_lines() -> None:
    """A Japanese sentence has no spaces to count words by; it ends as a sentence, so it labels nothing,
    and a plan whose paragraphs repeat one another is read as it stands."""
    plan = (
        "## 1. 港湾\n\n港湾局は岸壁を点検する。\n\n政府は、港湾の浚渫計画を毎年公表する。\n\n"
        "予算を確保する。\n\n政府は、港湾の浚渫計画を毎年必ず公表する。\n"
    )
    assert _quoted_texts(plan) == set()
    doc = parse_document(plan, "ja")
    assert [b.text for b in doc.blocks if b.kind == "paragraph" and _is_label(b)] == []


def test_the_commitments_of_a_comparative_text_are_its_amended_wordings() -> None:
    """`tracker commitments` lists what the differ compares: the quoted column commits to nothing."""
    from tracker.diff.inventory import inventory

    texts = [c.text for c in inventory(TABLE, "en").commitments]
    assert "Berth operators shall inspect the mooring lines of every vessel every day." in texts
    assert "Berth users shall inspect the mooring lines of their vessels every day." not in texts
    assert "The harbour master shall close one berth at a time for repairs." not in texts
