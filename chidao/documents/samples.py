"""A task appendix written the way offices write it: the import page's sample file, the tests'
and the benchmark's input.

Title lines, a two-line header, the "(1) (2) …" column-number row, group rows in Roman numerals
merged across the table, lead units merged down over several rows, several support units in one
cell separated by commas, semicolons and line breaks, every deadline wording, spacer rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]

SAMPLE_GROUPS: list[tuple[str, list[tuple[str, str, str, str, str]]]] = [
    ("NHÓM NHIỆM VỤ VỀ HOÀN THIỆN THỂ CHẾ, CHÍNH SÁCH", [
        ("Xây dựng quy định thí điểm cơ chế thử nghiệm có kiểm soát (sandbox) về công nghệ số",
         "Sở KH&CN", "Sở Tư pháp, Sở Tài chính", "Quý II/2026", "Nghị quyết của HĐND thành phố"),
        ("Rà soát, sửa đổi quy chế quản lý nhiệm vụ khoa học và công nghệ cấp thành phố",
         "Sở KHCN", "Sở Tài chính; Sở Nội vụ", "31/12/2026", "Quyết định của UBND thành phố"),
        ("Theo dõi, đôn đốc việc thực hiện các chính sách đặc thù",
         "VP UBND TP", "", "Thường xuyên", "Báo cáo định kỳ"),
    ]),
    ("NHÓM NHIỆM VỤ VỀ PHÁT TRIỂN HẠ TẦNG SỐ", [
        ("Xóa vùng lõm sóng di động tại các thôn vùng núi",
         "Sở KH&CN", "Viettel Đà Nẵng\nVNPT Đà Nẵng", "6 tháng đầu năm 2026", "Báo cáo kết quả phủ sóng"),
        ("Xây dựng Trung tâm dữ liệu thành phố giai đoạn 2",
         "Sở KH&CN", "Sở Tài chính, Sở Xây dựng", "2025–2030", "Trung tâm dữ liệu đưa vào vận hành"),
        ("Báo cáo tình hình hạ tầng số hằng năm",
         "Sở KH&CN", "", "Hằng năm", "Báo cáo"),
    ]),
    ("NHÓM NHIỆM VỤ VỀ CHUYỂN ĐỔI SỐ TRONG CƠ QUAN NHÀ NƯỚC", [
        ("Hoàn thành làm sạch dữ liệu đất đai (chiến dịch 90 ngày)",
         "Sở Nông nghiệp và Môi trường", "UBND phường Hải Châu", "Tháng 12/2025", "Cơ sở dữ liệu đất đai"),
        ("Cung cấp 100% thủ tục hành chính không phụ thuộc địa giới hành chính",
         "Trung tâm PVHCC", "Sở KH&CN", "Năm 2026", "Báo cáo của Trung tâm"),
    ]),
]


def appendix_workbook(
    groups: Sequence[tuple[str, Sequence[tuple[str, str, str, str, str]]]] = SAMPLE_GROUPS,
    *, title: str = "PHỤ LỤC: DANH MỤC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG",
    spacer_every: int = 0,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append([title])
    ws.merge_cells("A1:F1")
    ws.append(["(Kèm theo Chương trình hành động của Thành ủy)"])
    ws.merge_cells("A2:F2")
    ws.append([])
    ws.append(HEADER)
    ws.append([f"({i})" for i in range(1, 7)])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    count = 0
    for g, (group_title, tasks) in enumerate(groups):
        roman = romans[g] if g < len(romans) else _roman(g + 1)
        ws.append([f"{roman}. {group_title}"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
        first_row = ws.max_row + 1
        previous_lead = None
        run_start = first_row
        for t, (task_title, lead, support, deadline, output) in enumerate(tasks, start=1):
            row_lead = lead if lead != previous_lead else None
            ws.append([t, task_title, row_lead, support, deadline, output])
            if lead != previous_lead:
                if ws.max_row - 1 > run_start:
                    ws.merge_cells(start_row=run_start, start_column=3, end_row=ws.max_row - 1, end_column=3)
                run_start = ws.max_row
                previous_lead = lead
            count += 1
            if spacer_every and count % spacer_every == 0:
                ws.append([])
                if ws.max_row - 2 > run_start:
                    ws.merge_cells(start_row=run_start, start_column=3, end_row=ws.max_row - 1, end_column=3)
                previous_lead = None
        if ws.max_row > run_start and previous_lead is not None:
            ws.merge_cells(start_row=run_start, start_column=3, end_row=ws.max_row, end_column=3)
        ws.append([])
    for col, width in zip("ABCDEF", (6, 60, 24, 30, 18, 30), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _roman(number: int) -> str:
    values = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out
