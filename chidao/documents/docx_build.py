"""Builds the shipped .docx templates (state and party layouts) with python-docx.

    python manage.py build_docx_templates [--out DIR]

The files are committed in `templates_docx/`; an office opens one in Word or LibreOffice, adjusts
wording, fonts or the signature block, and puts it in CHIDAO_DOCX_TEMPLATE_DIR (same layout/name)
to replace the shipped one without touching code. The Jinja tags ({{ … }}, {%p … %}, {%tr … %})
are docxtpl's; keep them when editing.

The layout follows Nghị định 30/2020/NĐ-CP (state) and Hướng dẫn 36-HD/VPTW (party): A4, margins
top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 for the text, 13 in tables;
the header block of two columns; place and date in italics; page numbers centred at the top
from the second page.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from .conf import LAYOUT_PARTY, LAYOUT_STATE, SHIPPED_TEMPLATE_DIR

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
NAMES = ("consolidated", "task", "unit")


def _font(run_or_style, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:  # type: ignore[no-untyped-def]
    font = run_or_style.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,  # type: ignore[no-untyped-def]
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, underline: bool = False, indent: bool = False,
          space_after: float = 6) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    if text:
        run = p.add_run(text)
        _font(run, size, bold, italic)
        run.font.underline = underline
    return p


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table: Table, widths_mm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid and cells alike)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _page_number_header(section) -> None:  # type: ignore[no-untyped-def]
    # Page numbers centred at the top, not on the first page (NĐ 30/2020, HD 36).
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _document():  # type: ignore[no-untyped-def]
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _page_number_header(section)
    doc.core_properties.author = "Chỉ Đạo"
    doc.core_properties.language = "vi-VN"
    return doc


def _cell_text(cell, lines: list[tuple[str, dict]]) -> None:  # type: ignore[no-untyped-def]
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for text, style in lines:
        _para(cell, text, size=style.get("size", 13), bold=style.get("bold", False), italic=style.get("italic", False),
              underline=style.get("underline", False), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


def _header_block(doc, layout: str) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [72, 93])
    left, right = table.rows[0].cells
    if layout == LAYOUT_PARTY:
        _cell_text(left, [("{{ header.issuer_parent }}", {"bold": True}), ("{{ header.issuer_name }}", {"bold": True}),
                          ("*", {}), ("Số {{ number }}", {"size": 14})])
        _cell_text(right, [("ĐẢNG CỘNG SẢN VIỆT NAM", {"bold": True, "size": 15, "underline": True}), ("", {}),
                           ("{{ header.place }}, ngày {{ date_day }} tháng {{ date_month }} năm {{ date_year }}",
                            {"italic": True, "size": 14})])
    else:
        _cell_text(left, [("{{ header.issuer_parent }}", {}), ("{{ header.issuer_name }}", {"bold": True}),
                          ("―――――", {}), ("Số: {{ number }}", {})])
        _cell_text(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 13}),
                           ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 14, "underline": True}), ("", {}),
                           ("{{ header.place }}, ngày {{ date_day }} tháng {{ date_month }} năm {{ date_year }}",
                            {"italic": True, "size": 14})])
    _para(doc, "", space_after=6)


def _title(doc, kind: str, subtitle: str) -> None:  # type: ignore[no-untyped-def]
    _para(doc, kind, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, subtitle, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)


def _grid(table: Table) -> None:
    table.style = "Table Grid"


def _loop_table(doc, headers: list[str], cells: list[str], loop: str, widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    """A table whose middle row repeats once per item (docxtpl's {%tr %})."""
    table = doc.add_table(rows=4, cols=len(headers))
    _grid(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        _font(run, TABLE_PT, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    for i, text in enumerate(cells):
        para = table.rows[2].cells[i].paragraphs[0]
        run = para.add_run(text)
        _font(run, TABLE_PT)
        if (i > 0 and text.startswith("{{ r.n")) or text in ("{{ r.rank }}", "{{ r.no }}"):
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table.rows[3].cells[0].text = "{%tr endfor %}"
    scale = 165 / sum(widths)  # the text width of A4 with 30 + 15 mm margins
    _widths(table, [w * scale for w in widths])
    _para(doc, "", space_after=4)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _signature(doc, layout: str) -> None:  # type: ignore[no-untyped-def]
    _para(doc, "", space_after=6)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [85, 80])
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)
    _para(left, "{%p for r in recipients %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)
    _para(left, "- {{ r }};", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)
    _para(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)
    _cell_text(right, [("{{ header.signer_title }}", {"bold": True, "size": 14}), ("", {}), ("", {}), ("", {}),
                       ("{{ header.signer_name }}", {"bold": True, "size": 14})])


def _heading(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    _para(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=4)


def _text_loop(doc, loop: str, line: str, *, bold_prefix: str = "") -> None:  # type: ignore[no-untyped-def]
    _para(doc, "{%p for line in " + loop + " %}", space_after=0)
    p = _para(doc, "", indent=True)
    if bold_prefix:
        _font(p.add_run(bold_prefix), BODY_PT, bold=True)
    _font(p.add_run(line), BODY_PT)
    _para(doc, "{%p endfor %}", space_after=0)


def build_consolidated(layout: str) -> object:
    doc = _document()
    _header_block(doc, layout)
    _title(doc, "BÁO CÁO", "{{ title }}")
    _para(doc, "{{ intro }}", indent=True)
    _heading(doc, "{{ num.summary }}. TÌNH HÌNH CHUNG")
    _text_loop(doc, "summary_lines", "{{ line }}")
    _loop_table(doc, ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ"], ["{{ r.label }}", "{{ r.n }}", "{{ r.share }}"],
                "status_rows", [95, 35, 35])
    _heading(doc, "{{ num.groups }}. KẾT QUẢ THEO NHÓM NHIỆM VỤ")
    _loop_table(doc, ["Nhóm nhiệm vụ", "Tổng số", "Hoàn thành", "Đúng hạn", "Quá hạn", "Tỷ lệ hoàn thành"],
                ["{{ r.title }}", "{{ r.n_total }}", "{{ r.n_done }}", "{{ r.n_on_time }}", "{{ r.n_overdue }}",
                 "{{ r.n_rate }}"], "group_rows", [65, 18, 22, 20, 18, 22])
    _heading(doc, "{{ num.overdue }}. NHIỆM VỤ CHẬM, QUÁ HẠN")
    _para(doc, "{{ overdue_intro }}", indent=True)
    _loop_table(doc, ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Quá hạn (ngày)", "Lý do, khó khăn"],
                ["{{ r.no }}", "{{ r.title }}", "{{ r.unit }}", "{{ r.due }}", "{{ r.n_days }}", "{{ r.reason }}"],
                "overdue_rows", [11, 55, 30, 22, 17, 30])
    _heading(doc, "{{ num.ranking }}. {{ ranking_title }}")
    _para(doc, "{{ ranking_intro }}", indent=True)
    # Headers are variables: the scorecard ranking (supervision's report hook) has its own columns.
    _loop_table(doc, ["{{ rh[0] }}", "{{ rh[1] }}", "{{ rh[2] }}", "{{ rh[3] }}", "{{ rh[4] }}", "{{ rh[5] }}",
                      "{{ rh[6] }}"],
                ["{{ r.rank }}", "{{ r.unit }}", "{{ r.n_due }}", "{{ r.n_done }}", "{{ r.n_overdue }}",
                 "{{ r.n_rate }}", "{{ r.n_on_time_rate }}"], "ranking_rows", [10, 44, 24, 24, 14, 20, 22])
    _heading(doc, "{{ num.difficulties }}. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ")
    _para(doc, "{%p for g in difficulty_groups %}", space_after=0)
    _para(doc, "{{ g.heading }}", bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=2)
    _para(doc, "{%p for item in g.entries %}", space_after=0)
    p = _para(doc, "", indent=True)
    _font(p.add_run("- {{ item.units }}: "), BODY_PT, italic=True)
    _font(p.add_run("{{ item.text }}"), BODY_PT)
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "{{p extra_sections }}", space_after=0)
    _heading(doc, "{{ num.proposals }}. ĐỀ XUẤT, KIẾN NGHỊ CỦA CƠ QUAN THƯỜNG TRỰC")
    _text_loop(doc, "proposal_lines", "{{ line }}")
    _signature(doc, layout)
    return doc


def build_task(layout: str) -> object:
    doc = _document()
    _header_block(doc, layout)
    _title(doc, "BÁO CÁO", "Tình hình thực hiện nhiệm vụ {{ task_code }}")
    rows = [("Nhiệm vụ", "{{ task.title }}"), ("Văn bản chỉ đạo", "{{ directive_line }}"),
            ("Đơn vị chủ trì", "{{ lead_unit }}"), ("Đơn vị phối hợp", "{{ support_units }}"),
            ("Thời hạn", "{{ due_line }}"), ("Sản phẩm đầu ra", "{{ task.expected_output }}"),
            ("Tình trạng", "{{ status }}"), ("Tiến độ", "{{ progress }}")]
    table = doc.add_table(rows=len(rows), cols=2)
    _grid(table)
    _widths(table, [45, 120])
    for i, (label, value) in enumerate(rows):
        a, b = table.rows[i].cells
        _font(a.paragraphs[0].add_run(label), TABLE_PT, bold=True)
        _font(b.paragraphs[0].add_run(value), TABLE_PT)
    _para(doc, "", space_after=4)
    _heading(doc, "1. Kết quả thực hiện")
    _text_loop(doc, "result_lines", "{{ line }}")
    _heading(doc, "2. Khó khăn, vướng mắc")
    _text_loop(doc, "difficulty_lines", "{{ line }}")
    _heading(doc, "3. Kiến nghị, đề xuất")
    _text_loop(doc, "proposal_lines", "{{ line }}")
    _heading(doc, "4. Quá trình báo cáo, gia hạn")
    _loop_table(doc, ["Ngày", "Nội dung"], ["{{ r.day }}", "{{ r.text }}"], "history_rows", [30, 135])
    _signature(doc, layout)
    return doc


def build_unit(layout: str) -> object:
    doc = _document()
    _header_block(doc, layout)
    _title(doc, "BÁO CÁO", "Tình hình thực hiện nhiệm vụ của {{ unit_name }}")
    _para(doc, "{{ intro }}", indent=True)
    _heading(doc, "1. Số liệu chung")
    _text_loop(doc, "summary_lines", "{{ line }}")
    _loop_table(doc, ["Tình trạng", "Chủ trì", "Phối hợp"], ["{{ r.label }}", "{{ r.n_lead }}", "{{ r.n_support }}"],
                "status_rows", [95, 35, 35])
    _heading(doc, "2. Nhiệm vụ quá hạn")
    _loop_table(doc, ["STT", "Nhiệm vụ", "Thời hạn", "Quá hạn (ngày)", "Tiến độ"],
                ["{{ r.no }}", "{{ r.title }}", "{{ r.due }}", "{{ r.n_days }}", "{{ r.progress }}"],
                "overdue_rows", [12, 90, 25, 20, 18])
    _heading(doc, "3. Nhiệm vụ đến hạn trong 30 ngày tới")
    _loop_table(doc, ["STT", "Nhiệm vụ", "Thời hạn", "Tiến độ"],
                ["{{ r.no }}", "{{ r.title }}", "{{ r.due }}", "{{ r.progress }}"], "upcoming_rows", [12, 110, 25, 18])
    _signature(doc, layout)
    return doc


BUILDERS = {"consolidated": build_consolidated, "task": build_task, "unit": build_unit}


def build_templates(out_dir: Path = SHIPPED_TEMPLATE_DIR) -> list[Path]:
    written = []
    for layout in (LAYOUT_STATE, LAYOUT_PARTY):
        (out_dir / layout).mkdir(parents=True, exist_ok=True)
        for name, builder in BUILDERS.items():
            path = out_dir / layout / f"{name}.docx"
            builder(layout).save(str(path))  # type: ignore[attr-defined]
            written.append(path)
    return written
