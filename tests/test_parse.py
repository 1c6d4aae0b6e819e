"""Parsing normalized Markdown into sections, blocks and sentences with source lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.diff.keys import fold_space, folded_text_key, section_key, similarity_tokens, text_key
from tracker.diff.parse import parse_document

DOC = """# Harbour Robotics Plan

Issued by the Ports Authority

## 1. Scope

Automated cranes are spreading fast.
The Authority will fund pilot terminals.

## 2. Measures

The Ports Authority will:

- publish a safety code by 2028;
- train 300 crane operators.

| Item | Budget |
| --- | --- |
| Pilots | $40 million |
"""


def test_sections_carry_heading_paths_and_unnumbered_keys() -> None:
    doc = parse_document(DOC, "en")
    titles = [s.title for s in doc.sections]
    # the document's title names its start (section 0, key "" as an untitled start's)
    assert titles == ["Harbour Robotics Plan", "1. Scope", "2. Measures"]
    assert doc.sections[0].key == "" and doc.sections[0].path == ("Harbour Robotics Plan",)
    assert doc.sections[2].path == ("Harbour Robotics Plan", "2. Measures")
    assert doc.sections[2].key == "measures"


def test_front_matter_opens_no_section_but_a_titled_document_keeps_its_chapters() -> None:
    """A title heading (front matter, nothing at its level after it, no number) opens no section."""
    federal_register = "## Title 3—\n\nThe President\n\nThe Agency shall publish a code.\n"
    release = "OCTOBER 30, 2023\n\nThe President\n\nThe Agency shall publish a code.\n"
    for text in (federal_register, release):
        [*_, sentence] = parse_document(text, "en").sentences
        assert sentence.text == "The Agency shall publish a code." and sentence.section == 0
    chapters = "# Plan\n\n## Scope\n\nText.\n\n# Annex\n\nMore.\n"
    paths = [s.path for s in parse_document(chapters, "en").sections]
    assert paths == [(), ("Plan",), ("Plan", "Scope"), ("Annex",)]
    numbered = parse_document("## 1. Scope\n\nThe Agency shall report.\n", "en")
    assert numbered.sentences[0].section == 1  # a numbered heading is a section, not a title
    after_body = "A long opening paragraph. " * 10 + "\n\n## Annex\n\nThe Agency shall report.\n"
    assert parse_document(after_body, "en").sentences[-1].section == 1  # not front matter: a section


def test_sentences_keep_their_source_lines_across_wrapped_paragraphs() -> None:
    doc = parse_document(DOC, "en")
    by_text = {s.text: s for s in doc.sentences}
    assert by_text["Automated cranes are spreading fast."].lines == (7, 7)
    assert by_text["The Authority will fund pilot terminals."].lines == (8, 8)
    wrapped = parse_document("Para\n\nOne sentence\nwrapped over\nthree lines. Next one.\n", "en")
    first, second = wrapped.sentences[1], wrapped.sentences[2]
    assert first.text == "One sentence wrapped over three lines."
    assert first.lines == (3, 5)
    assert second.lines == (5, 5)


def test_list_items_take_the_paragraph_ending_with_a_colon_as_lead_in() -> None:
    doc = parse_document(DOC, "en")
    items = [s for s in doc.sentences if doc.blocks[s.block].kind == "list_item"]
    assert [s.text for s in items] == ["publish a safety code by 2028;", "train 300 crane operators."]
    assert all(s.lead_in == "The Ports Authority will:" for s in items)
    plain = [s for s in doc.sentences if s.text.startswith("Automated")]
    assert plain[0].lead_in is None


def test_table_rows_are_single_units_with_cells_joined() -> None:
    doc = parse_document(DOC, "en")
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [b.text for b in rows] == ["Item | Budget", "Pilots | $40 million"]
    assert rows[1].lines == (19, 19)


def test_markup_and_rewrapping_do_not_change_keys() -> None:
    a = parse_document("The **Agency** will [publish](http://x) a code.\n", "en")
    b = parse_document("The Agency will\npublish a code.\n", "en")
    assert [s.key for s in a.sentences] == [s.key for s in b.sentences]


def test_japanese_sentences_split_on_full_stops_and_width_folds() -> None:
    doc = parse_document("## 1. 計算資源\n\n政府は、計算資源を拡充する。２０３０年度までに整備する。\n", "ja")
    assert [s.text for s in doc.sentences] == ["政府は、計算資源を拡充する。", "２０３０年度までに整備する。"]
    assert doc.sentences[1].key == "2030年度までに整備する。"
    assert doc.sections[1].key == "計算資源"


def test_section_keys_drop_numbering_but_keep_words() -> None:
    assert section_key("3.2 Compute capacity") == "compute capacity"
    assert section_key("IV. Security") == "security"
    assert section_key("第2章 総則") == "総則"
    assert section_key("A New Approach") == "a new approach"
    assert text_key("Ｔｈｅ  Agency\nwill") == "the agency will"


def test_similarity_tokens_use_bigrams_for_japanese() -> None:
    assert similarity_tokens("政府は") == ["政府", "府は"]
    assert similarity_tokens("the agency") == ["the", "agency"]


def test_empty_and_heading_only_documents_parse() -> None:
    assert parse_document("", "en").sentences == ()
    doc = parse_document("# Only a title\n", "en")
    assert doc.sentences == () and doc.sections[0].title == "Only a title"


# ASCII, characters whose case folding or NFKC form differs (ß, İ, final sigma, ﬁ, full-width,
# ¨ becomes a space + mark) and white space of several kinds
_KEY_ALPHABET = list("aZß İ\tΣς¨ＡＢ１ﬁ .\u3000\u00a0\u2028\u1e9e政府は")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_KEY_ALPHABET), max_size=30))
def test_the_key_of_folded_text_is_text_key(text: str) -> None:
    """parse keys folded sentences with folded_text_key (lower() for ASCII): the same keys."""
    folded = fold_space(text)
    assert folded_text_key(folded) == text_key(folded)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.!?。」) \n\t\u3000\u00a0e.g")), max_size=60))
def test_the_splitters_sentences_come_folded(text: str) -> None:
    """parse takes the splitter's sentences as they are: their white space is already folded."""
    from tracker.sentences import split_sentences

    for sentence in split_sentences(text.replace("\n", " "), "en"):
        assert sentence == fold_space(sentence)
