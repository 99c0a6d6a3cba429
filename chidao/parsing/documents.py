"""The text of a document people upload (.txt, .docx, .pdf with a text layer), for the reader.

One door for the meeting's conclusion page, the directive's "Thêm nhiệm vụ từ văn bản" page and
`manage.py extract_tasks`. Every failure is a `DocumentReadError` with a Vietnamese message; nothing
else escapes (a corrupt file is bad input, not a server error). No OCR: a scanned PDF is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its unpacked XML is capped too, so a small "bomb" cannot fill the memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 500
KINDS = (".txt", ".docx", ".pdf")

NO_TEXT_LAYER = "Tệp không có lớp chữ; hãy dùng bản PDF sao chép được chữ hoặc bản .docx"


class DocumentReadError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _kind(name: str, data: bytes) -> str:
    """By content first (a renamed file is still read right), then by the name."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Word 97 (.doc) or an encrypted .docx (an OLE container): neither can be read here.
        raise DocumentReadError("Tệp .doc cũ hoặc .docx có mật khẩu không đọc được; hãy lưu lại thành .docx "
                                "không đặt mật khẩu.")
    suffix = PurePath(name or "").suffix.lower()
    return suffix if suffix in KINDS else ".txt"


def text_from_txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise DocumentReadError("Tệp văn bản không ở bảng mã UTF-8; hãy lưu lại với bảng mã UTF-8.")


def _docx_check(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentReadError("Tệp không phải văn bản Word (.docx).")
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise DocumentReadError("Tệp .docx giải nén ra quá lớn; hãy tách văn bản thành nhiều tệp.")
    except zipfile.BadZipFile as exc:
        raise DocumentReadError("Tệp .docx bị hỏng, không mở được.") from exc


def docx_open(data: bytes):  # type: ignore[no-untyped-def]
    """The python-docx Document of `data`, or DocumentReadError."""
    import docx

    _docx_check(data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise DocumentReadError("Tệp .docx bị hỏng, không mở được.") from exc


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in cell.paragraphs).strip()


def text_from_docx(data: bytes) -> str:
    """Paragraphs and tables in document order; a table row becomes one line, cells joined by " | "."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx_open(data)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen: list[int] = []
                cells = []
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell repeats
                        continue
                    seen.append(id(cell._tc))
                    cells.append(" ".join(_cell_text(cell).split()))
                lines.append(" | ".join(c for c in cells if c))
    return "\n".join(lines)


def text_from_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise DocumentReadError("Tệp PDF có mật khẩu; hãy dùng bản không đặt mật khẩu.")
            except DocumentReadError:
                raise
            except Exception as exc:
                raise DocumentReadError("Tệp PDF có mật khẩu; hãy dùng bản không đặt mật khẩu.") from exc
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentReadError(f"Tệp PDF quá {MAX_PDF_PAGES} trang; hãy tách thành nhiều tệp.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentReadError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on a broken file
        raise DocumentReadError("Tệp PDF bị hỏng, không mở được.") from exc
    text = "\n".join(pages)
    if len("".join(text.split())) < 20:
        raise DocumentReadError(NO_TEXT_LAYER)
    return text


def document_text(data: bytes, name: str = "") -> str:
    """The text of an uploaded document; DocumentReadError with a Vietnamese message otherwise."""
    if not data:
        raise DocumentReadError("Tệp rỗng.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentReadError(f"Tệp quá lớn (tối đa {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB).")
    kind = _kind(name, data)
    if kind == ".pdf":
        return text_from_pdf(data)
    if kind == ".docx":
        return text_from_docx(data)
    return text_from_txt(data)


def uploaded_document_text(upload) -> str:  # type: ignore[no-untyped-def]
    """`document_text` of a Django upload, its size checked before a byte is read."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentReadError(f"Tệp quá lớn (tối đa {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB).")
    return document_text(upload.read(), upload.name or "")
