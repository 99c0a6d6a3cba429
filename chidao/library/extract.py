"""Text extraction at upload: pypdf for PDF, python-docx for .docx, UTF-8 for .txt.

A file whose text cannot be read (a scan, a damaged file) gives "" and is kept: the caller marks
it as not findable by its content.
"""

from __future__ import annotations

import io
import logging

logger = logging.getLogger(__name__)
MAX_TEXT_CHARS = 2_000_000  # a whole code of law fits; guards the index against a runaway file


def extract_text(data: bytes, ext: str) -> str:
    try:
        if ext == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        elif ext == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            paragraphs = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    paragraphs.append(" | ".join(cell.text for cell in row.cells))
            text = "\n".join(paragraphs)
        elif ext == "txt":
            text = data.decode("utf-8-sig")
        else:
            return ""
    except Exception:
        logger.info("library: no text extracted from a .%s file", ext, exc_info=True)
        return ""
    return text.replace("\x00", "").strip()[:MAX_TEXT_CHARS]
