"""Lines added to every page of a finished .docx: a footer (the audit head of a consolidated
report) or a header stamp (the name and time on a confidential document)."""

from __future__ import annotations

import io


def docx_stamp(content: bytes, text: str, *, header: bool = False, first_paragraph: bool = False,
               size_pt: float = 9, color: str = "000000") -> bytes:
    """`text` on every page's footer (or header) of every section, first pages included; with
    `first_paragraph` also as the document's first paragraph, which survives a header being removed."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document(io.BytesIO(content))

    def style(run) -> None:  # type: ignore[no-untyped-def]
        run.font.size = Pt(size_pt)
        run.font.color.rgb = RGBColor.from_string(color)
        run.bold = header

    for section in doc.sections:
        parts = [section.header, section.first_page_header] if header else [section.footer, section.first_page_footer]
        if section.even_page_header is not None and doc.settings.odd_and_even_pages_header_footer:
            parts.append(section.even_page_header if header else section.even_page_footer)
        for part in parts:
            style(part.add_paragraph().add_run(text))
    if first_paragraph:
        body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
        style(body.insert_paragraph_before().add_run(text))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
