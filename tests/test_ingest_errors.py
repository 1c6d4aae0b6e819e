"""Bad input: each case gives one clear IngestError line, never a traceback, and never writes anything."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from docx import Document
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from tracker.errors import IngestError, TrackerError
from tracker.ingest import ingest_bytes, ingest_file


def _message(data: bytes, filename: str) -> str:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(data, filename)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(filename or "input")
    assert isinstance(caught.value, TrackerError) and caught.value.exit_code == 1
    return message


def _pdf(draw_text: bool = True, encrypt: object = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt, invariant=1)
    if draw_text:
        pdf.drawString(72, 760, "The Government will publish the plan. It will review it yearly.")
    else:
        pdf.rect(72, 400, 300, 300, fill=1)  # a page with marks but no text, like a scan
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("The Government will publish the plan.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\u3000\n".encode()])
def test_empty_file(data: bytes) -> None:
    assert "empty" in _message(data, "blank.txt")


def test_binary_garbage() -> None:
    garbage = random.Random(7).randbytes(4096)
    assert "binary" in _message(garbage, "blob.txt")
    assert "binary" in _message(garbage.replace(b"\x00", b"\x01"), "blob")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "OCR"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "OCR"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "legacy Office"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (_zip({"xl/workbook.xml": b"<workbook/>"}), "spreadsheet"),
        (_zip({"notes.txt": b"hello"}), "not a Word document"),
    ],
)
def test_unknown_or_unsupported_format(data: bytes, expected: str) -> None:
    assert expected in _message(data, "upload.bin")


def test_extension_that_lies_about_binary_content() -> None:
    assert "not a PDF" in _message(b"just some words, not a pdf", "plan.pdf")


def test_corrupt_pdf() -> None:
    data = _pdf().replace(b"/Type /Page", b"/Tpye /Pgae").replace(b"xref", b"xerf")
    damaged = data[:200] + random.Random(3).randbytes(400) + data[600:]
    message = _message(damaged, "damaged.pdf")
    assert "PDF" in message


def test_truncated_pdf() -> None:
    assert "PDF" in _message(_pdf()[:300], "truncated.pdf")


def test_password_protected_pdf() -> None:
    locked = _pdf(encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret"))
    assert "password" in _message(locked, "locked.pdf")


def test_scanned_pdf_without_text_layer_asks_for_ocr() -> None:
    message = _message(_pdf(draw_text=False), "scan.pdf")
    assert "no text layer" in message and "OCR" in message


def test_corrupt_docx() -> None:
    broken = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><unclosed"})
    assert "DOCX" in _message(broken, "broken.docx")


def test_truncated_docx() -> None:
    assert "DOCX" in _message(_docx()[:-200], "cut.docx")


def test_docx_zip_bomb_is_refused_before_reading() -> None:
    members = {}
    with zipfile.ZipFile(io.BytesIO(_docx())) as archive:
        for name in archive.namelist():
            members[name] = archive.read(name)
    members["word/media/padding.bin"] = bytes(24 * 1024 * 1024)  # inflates ~1000-fold
    bomb = _zip(members)
    assert len(bomb) < 200_000
    assert "zip bomb" in _message(bomb, "bomb.docx")


def test_text_with_an_unknown_encoding() -> None:
    data = bytes(range(0x80, 0x100)) * 40  # no text encoding makes this readable prose
    assert "unknown text encoding" in _message(data, "odd.txt")


def test_html_with_no_text() -> None:
    page = b"<html><head><script>var a = 1;</script></head><body><nav>Menu</nav></body></html>"
    assert "no text found" in _message(page, "shell.html")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest_file(tmp_path / "absent.pdf")
    with pytest.raises(IngestError, match="folder"):
        ingest_file(tmp_path)


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(_pdf(draw_text=False))
    before = sorted((path.name, path.stat().st_mtime_ns) for path in tmp_path.iterdir())
    with pytest.raises(IngestError):
        ingest_file(source)
    assert sorted((path.name, path.stat().st_mtime_ns) for path in tmp_path.iterdir()) == before
