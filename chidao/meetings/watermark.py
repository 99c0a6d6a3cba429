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


# --- the other types a confidential document may have ----------------------------------------------
# .docx: a red header on every page of every section and a first paragraph (a header can be
# removed in Word; the first paragraph then still names the reader). .xlsx: the header and footer
# of every sheet (printed on every page) and a note on cell A1 of each sheet. Images: Pillow draws
# the name and time across the picture and along its bottom edge. Any other type (.doc, .xls,
# .pptx, .odt, .ods, .zip) cannot be stamped: its download is refused (`WatermarkUnsupported`),
# and the secretary uploads a PDF of it instead.


class WatermarkUnsupported(Exception):
    """A confidential file of a type that cannot carry the reader's stamp."""


def docx_watermark(content: bytes, label: str) -> bytes:
    from chidao.core.docx_stamp import docx_stamp

    return docx_stamp(content, f"MẬT – {label}", header=True, first_paragraph=True, size_pt=10, color="B01A1A")


def xlsx_watermark(content: bytes, label: str) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    wb = load_workbook(io.BytesIO(content))
    text = f"MẬT – {label}"
    for ws in wb.worksheets:
        for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
            part.center.text = text
            part.center.color = "B01A1A"
        for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
            part.center.text = text
        ws["A1"].comment = Comment(text, "Chỉ Đạo")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def image_watermark(content: bytes, label: str, fmt: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.open(io.BytesIO(content))
    img.load()
    base = img.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    size = max(12, base.width // 40)
    font_path = next((p for p in FONT_CANDIDATES if Path(p).exists()), None)
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default()
    text = f"MẬT – {label}" if font_path else f"MAT - {normalize_vn(label)}"
    step = size * 6
    for y in range(0, base.height, step):  # the name repeated across the picture
        draw.text((size, y + size), text, fill=(176, 26, 26, 110), font=font)
    draw.rectangle((0, base.height - size * 2, base.width, base.height), fill=(255, 255, 255, 200))
    draw.text((size // 2, base.height - size * 2 + size // 3), text, fill=(176, 26, 26, 255), font=font)
    stamped = Image.alpha_composite(base, layer)
    out = io.BytesIO()
    if fmt == "png":
        stamped.save(out, format="PNG")
    else:
        stamped.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def watermark(content: bytes, content_type: str, label: str) -> bytes:
    """The stamped copy of a confidential file, whatever its type, or WatermarkUnsupported."""
    if content_type == "application/pdf":
        return pdf_watermark(content, label)
    if content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        return docx_watermark(content, label)
    if content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        return xlsx_watermark(content, label)
    if content_type in {"image/png", "image/jpeg"}:
        return image_watermark(content, label, "png" if content_type == "image/png" else "jpeg")
    raise WatermarkUnsupported(content_type)
