from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def text_pdf(lines: list[str]) -> bytes:
    """A real PDF with a text layer (reportlab), so pypdf has something to extract."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for line in lines:
        pdf.drawString(50, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def real_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.split("\n"):
        document.add_paragraph(para)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture
def upload_doc(secretariat: Any) -> Callable[..., Any]:
    """Upload through the service; text goes into a .docx unless `data`/`name` say otherwise."""
    from chidao.library.services import document_upload

    counter = {"n": 0}

    def make(title: str = "Về đột phá phát triển khoa học, công nghệ", *, text: str = "Nội dung văn bản",
             code: str | None = None, kind: str = "resolution", issuer: str = "Bộ Chính trị",
             issued_on: dt.date = dt.date(2024, 12, 22), name: str | None = None, data: bytes | None = None,
             **kwargs: Any) -> Any:
        counter["n"] += 1
        content = data if data is not None else real_docx(text)
        upload = SimpleUploadedFile(name or f"van-ban-{counter['n']}.docx", content)
        return document_upload(actor=kwargs.pop("actor", secretariat), upload=upload, title=title, kind=kind,
                               issuer=issuer, issued_on=issued_on,
                               code=code if code is not None else f"{counter['n']}-NQ/TW", **kwargs)

    return make
