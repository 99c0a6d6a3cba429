"""Stamping a confidential PDF with the viewer's name and the time, on every page.

reportlab draws the stamp (a DejaVu font when the system has one, for Vietnamese letters; else
Helvetica with the accents dropped) and pypdf merges it over each page. The stamp is real text, so
a leaked copy names its reader, and the test reads it back with pypdf.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from chidao.core.text import normalize_vn

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("ChidaoStamp", candidate))
            return "ChidaoStamp"
    return "Helvetica"


def _stamp(width: float, height: float, label: str) -> bytes:
    from reportlab.pdfgen import canvas

    font = _font()
    if font == "Helvetica":
        label = normalize_vn(label)  # the built-in font has no Vietnamese letters
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height))
    c.setFillColorRGB(0.75, 0.1, 0.1, alpha=0.35)
    c.setFont(font, 11)
    c.drawString(20, 14, f"MẬT – {label}" if font != "Helvetica" else f"MAT - {label}")
    c.saveState()
    c.translate(width / 2, height / 2)
    c.rotate(35)
    c.setFont(font, 22)
    c.drawCentredString(0, 0, label)
    c.restoreState()
    c.save()
    return buf.getvalue()


def pdf_watermark(content: bytes, label: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    stamps: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (float(box.width), float(box.height))
        if size not in stamps:
            stamps[size] = PdfReader(io.BytesIO(_stamp(size[0], size[1], label))).pages[0]
        page.merge_page(stamps[size])  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
