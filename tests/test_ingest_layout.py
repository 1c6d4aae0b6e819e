"""Plain text and PDF layouts that used to be misread (structure-invariant reading). Our own texts."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tracker.ingest import ingest_bytes
from tracker.sentences import RUN_ON_CHARS, split_sentences

WRAPPED = """\
Harbour Plan

Section 1. Purpose. The Authority will automate the cranes of every
terminal and will train the crane operators who work on them by 2030.

Sec. 2. Measures. The Authority shall publish a safety code and fund
7 The figure above shows where the pilot terminals are, and the Authority
will report on them every year.
"""


def _text(data: str) -> str:
    return ingest_bytes(data.encode("utf-8"), "plan.txt", "en").text


def test_a_wrapped_paragraph_is_not_read_as_a_numbered_heading() -> None:
    text = _text(WRAPPED)
    assert "# Section 1" not in text and "# 7 The figure" not in text
    assert "Section 1.\nPurpose.\nThe Authority will automate the cranes" in text


def test_a_long_line_cut_mid_sentence_goes_on_in_unwrapped_text() -> None:
    paragraph = (
        "The Authority shall, within 90 days of the date of this plan and after consulting the Board, "
    )
    cut = f"{paragraph * 2}submit a report to the Minister through the Assistant to the\n"
    data = f"{paragraph * 3}\n{cut}Director for Ports that includes:\n\n{paragraph * 3}\n"
    text = _text(data)
    assert "through the Assistant to the Director for Ports that includes:" in text


def test_a_label_that_begins_a_wrapped_line_stays_in_its_sentence() -> None:
    data = (
        "The plan has two principles: (i) Dignity - a society in which dignity is\n"
        "respected and\n(ii) Diversity - a society in which people pursue well-being.\n"
    )
    assert "\n- " not in _text(data)


def test_numbered_headings_nest_under_a_chapter() -> None:
    data = "第1章 総論\n\n本計画を定める。\n\n1. 人材\n\n政府は、人材を育成する。\n"
    text = ingest_bytes(data.encode("utf-8"), "plan.txt", "ja").text
    assert "## 第1章 総論" in text and "### 1. 人材" in text


def test_consecutive_numbered_lines_are_a_list_not_headings() -> None:
    data = "The Council works with:\n\n4. Science Agency\n5. Energy Agency\n\nThey report yearly.\n"
    text = _text(data)
    assert "# 4." not in text and "# 5." not in text


def test_an_unnumbered_heading_set_apart_before_the_numbered_ones() -> None:
    body = (
        "The purpose of this plan is to set out how the Authority will automate the cranes of the port. " * 2
    )
    data = f"Harbour Plan\n\nRecitals\n\n{body}\n\nArticle 1\n\nIt shall report.\n\nAmendment\n\n{body}\n"
    text = _text(data)
    assert "## Recitals" in text and "# Amendment" not in text


def test_a_run_on_block_is_read_item_by_item() -> None:
    contents = " ".join(
        f"({letter}) The part of the strategy on {letter} ··········· {n}"
        for n, letter in enumerate("ABCDEFGHIJ", 1)
    )
    block = f"Contents Introduction ··········· 1 {contents}"
    assert len(block) > RUN_ON_CHARS
    items = split_sentences(block, "en")
    assert items[0] == "Contents Introduction ··········· 1" and len(items) == 11
    bullets = "Initiatives " + " ".join(
        f"\uf09e Programme {n} runs in FY 2020 [Ministry {n}]" for n in range(12)
    )
    assert len(split_sentences(bullets, "en")) == 13
    plain = "The Authority will fund the labs, " * 20 + "and train staff."
    assert split_sentences(plain, "en") == [plain]  # a long sentence without items stays whole


def test_pdf_text_in_another_size_starts_a_block() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(72, 30, "Printed for information")
    pdf.setFont("Helvetica", 18)
    pdf.drawString(72, 760, "Harbour Plan")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 740, "The Authority will automate the cranes of every terminal.")
    pdf.save()
    text = ingest_bytes(buffer.getvalue(), "plan.pdf", "en").text
    assert "# Harbour Plan" in text
    assert "Printed for information\n\n" in text


def test_a_numbered_line_after_a_lead_in_is_an_item() -> None:
    data = (
        "The phases are as follows.\n\n1. Phase 1: data-driven AI in each domain\n\nMore text follows here.\n"
    )
    assert "# 1. Phase" not in _text(data)


@pytest.mark.parametrize(
    "lead_in",
    [
        "The Port Authority will take the following measures.",
        "The Port Authority will take these steps.",
        "The measures are set out below.",
        "港湾局は、次の施策を実施する。",
    ],
)
def test_every_lead_in_the_differ_reads_keeps_its_numbered_line_an_item(lead_in: str) -> None:
    """Ingestion and the differ share one reading of a lead-in, so a list is a list in both."""
    data = f"{lead_in}\n\n1. Dredging of the outer channel\n\nMore text follows here.\n"
    assert "# 1. Dredging" not in _text(data)


def test_a_numbered_line_after_a_time_is_a_heading_not_an_item() -> None:
    data = (
        "Budgets were agreed for the following year.\n\n1. Dredging of the outer channel\n\n"
        "The channel was last dredged in 2019 and silted up within two winters of heavy storms.\n"
    )
    assert "# 1. Dredging" in _text(data)
