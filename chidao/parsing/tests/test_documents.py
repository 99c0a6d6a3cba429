"""Document text for the reader: .txt, .docx (paragraphs and tables), .pdf with a text layer; every
bad file a Vietnamese message."""

from __future__ import annotations

import io

import pytest

from chidao.parsing.documents import (
    MAX_DOCUMENT_BYTES,
    NO_TEXT_LAYER,
    DocumentReadError,
    document_text,
)

SENTENCE = "Giao Sở Y tế chủ trì triển khai bệnh án điện tử, hoàn thành trước ngày 30/6/2026."


def word_document(*, table: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(SENTENCE)
    if table:
        t = document.add_table(rows=2, cols=3)
        for cell, text in zip(t.rows[1].cells, ["Xây dựng kho dữ liệu y tế", "Sở Y tế", "Quý II/2026"], strict=True):
            cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_document(text: str | None, *, password: str = "") -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if text is not None:
        pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
        c.setFont("DejaVu", 9)
        c.drawString(40, 800, text)
    else:
        c.rect(40, 400, 500, 400, fill=1)  # a scanned page: a picture, no text
    c.showPage()
    c.save()
    data = buf.getvalue()
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
        writer.encrypt(password)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def test_txt_docx_and_pdf_give_their_text() -> None:
    assert document_text(SENTENCE.encode("utf-8"), "kl.txt") == SENTENCE
    text = document_text(word_document(table=True), "kl.docx")
    assert SENTENCE in text
    assert "Xây dựng kho dữ liệu y tế | Sở Y tế | Quý II/2026" in text  # a table row, one line
    assert "bệnh án điện tử" in document_text(pdf_document(SENTENCE), "kl.pdf")


def test_bad_files_get_a_vietnamese_message() -> None:
    with pytest.raises(DocumentReadError) as scanned:
        document_text(pdf_document(None), "scan.pdf")
    assert scanned.value.message == NO_TEXT_LAYER
    with pytest.raises(DocumentReadError, match="mật khẩu"):
        document_text(pdf_document(SENTENCE, password="bí mật"), "khoa.pdf")
    with pytest.raises(DocumentReadError, match="bị hỏng"):
        document_text(b"%PDF-1.4\n garbage", "hong.pdf")
    with pytest.raises(DocumentReadError, match="bị hỏng"):
        document_text(b"PK\x03\x04 not a zip at all", "hong.docx")
    with pytest.raises(DocumentReadError, match="mật khẩu"):
        document_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "khoa.docx")
    with pytest.raises(DocumentReadError, match="quá lớn"):
        document_text(b"a" * (MAX_DOCUMENT_BYTES + 1), "lon.txt")
    with pytest.raises(DocumentReadError, match="UTF-8"):
        document_text("Giao Sở Y tế".encode("cp1258", errors="replace") + b"\xff\xfe\x00", "cu.txt")
