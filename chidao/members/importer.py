"""Reading members from a spreadsheet, like the plan import: a preview that never writes, every
problem naming its Excel row and column, then all rows or none.

    Họ và tên | Ngày sinh | Giới tính | Ngày vào Đảng | Ngày chính thức | Số thẻ đảng viên | Số CCCD |
    Điện thoại | Chức vụ | Đơn vị | Chi bộ

The header row is found by its words (accent-insensitive, any column order). A citizen ID typed as
text must be exactly 12 digits; one Excel stored as a number lost its leading zeros, so it is padded
back to 12 digits (a CCCD starts with the province code 001–096).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from chidao.core.text import normalize_vn
from chidao.documents.importer import ImportFileError, RowProblem, workbook_check
from chidao.orgs.models import OrgUnit

from . import rules
from .models import Cell, MemberProfile, Sex

MAX_ROWS = 5000
COLUMNS = {
    "full_name": ("Họ và tên", ("ho va ten", "ho ten")),
    "date_of_birth": ("Ngày sinh", ("ngay sinh", "ngay thang nam sinh")),
    "sex": ("Giới tính", ("gioi tinh",)),
    "admitted_on": ("Ngày vào Đảng", ("ngay vao dang", "ngay ket nap")),
    "official_on": ("Ngày chính thức", ("ngay chinh thuc",)),
    "card_number": ("Số thẻ đảng viên", ("so the", "the dang vien")),
    "citizen_id": ("Số CCCD", ("cccd", "can cuoc", "dinh danh")),
    "phone": ("Điện thoại", ("dien thoai", "so dt", "sdt")),
    "position": ("Chức vụ", ("chuc vu",)),
    "unit": ("Đơn vị", ("don vi", "co quan")),
    "cell": ("Chi bộ", ("chi bo",)),
}
REQUIRED = ("full_name", "date_of_birth", "sex", "admitted_on", "card_number", "citizen_id")


@dataclass
class MemberRow:
    row: int
    values: dict[str, Any]
    shown: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def problem_texts(self) -> list[str]:
        return [p.text(self.row) for p in self.problems]


@dataclass
class MemberPreview:
    file_name: str
    rows: list[MemberRow]
    file_problems: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.file_problems + [t for r in self.rows for t in r.problem_texts]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _rows(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows: list[tuple[Any, ...]] = []
        for values in book.worksheets[0].iter_rows(values_only=True):
            rows.append(values)
            if len(rows) > MAX_ROWS + 20:
                book.close()
                raise ImportFileError(f"Bảng tính vượt giới hạn {MAX_ROWS} dòng của một lần nhập; hãy tách thành "
                                      "nhiều tệp.")
        book.close()
    except (InvalidFileException, KeyError, ValueError, OSError, IndexError, zipfile.BadZipFile) as exc:
        raise ImportFileError("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx.") from exc
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] = (-1, {})
    for index, row in enumerate(rows[:20]):
        found: dict[str, int] = {}
        for col, value in enumerate(row):
            text = normalize_vn(_text(value))
            if not text or len(text) > 60:
                continue
            for key, (_label, words) in COLUMNS.items():
                if key not in found and any(w in text for w in words):
                    found[key] = col
                    break
        if len(found) > len(best[1]):
            best = (index, found)
    return best


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def members_preview(*, data: bytes, file_name: str, today: dt.date) -> MemberPreview:
    """What each row becomes and every problem; raises ImportFileError for an unreadable file."""
    workbook_check(data)
    rows = _rows(data)
    header_index, columns = _header(rows)
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
    if missing:
        return MemberPreview(file_name=file_name, rows=[], file_problems=[
            "Không tìm thấy dòng tiêu đề có các cột: " + ", ".join(missing) + "."])
    cells = {normalize_vn(c.name): c for c in Cell.objects.filter(active=True).select_related("unit")}
    units: dict[str, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(is_active=True):
        for name in (unit.name, unit.short_name, unit.code):
            if name:
                units.setdefault(normalize_vn(name), unit)
    taken = set(MemberProfile.objects.values_list("card_number", flat=True))
    seen: dict[str, int] = {}
    result: list[MemberRow] = []
    for index in range(header_index + 1, len(rows)):
        raw = rows[index]

        def cell(key: str, raw: tuple[Any, ...] = raw) -> Any:
            col = columns.get(key)
            return raw[col] if col is not None and col < len(raw) else None

        shown = {k: _text(cell(k)) for k in columns}
        if not any(shown.values()):
            continue
        number = index + 1
        problems: list[RowProblem] = []

        def problem(key: str, message: str, problems: list[RowProblem] = problems) -> None:
            problems.append(RowProblem(column=_letter(columns[key]) if key in columns else "",
                                       label=COLUMNS[key][0], message=message))

        values: dict[str, Any] = {"full_name": shown.get("full_name", ""), "phone": shown.get("phone", ""),
                                  "position": shown.get("position", "")}
        if not values["full_name"]:
            problem("full_name", "thiếu họ và tên.")
        for key in ("date_of_birth", "admitted_on", "official_on"):
            values[key] = None
            if not shown.get(key):
                if key in REQUIRED:
                    problem(key, "thiếu ngày (dd/mm/yyyy).")
                continue
            try:
                values[key] = _date(cell(key))
            except ValueError:
                problem(key, f"“{shown[key]}” không phải ngày (dd/mm/yyyy).")
        if values["date_of_birth"] and values["date_of_birth"] > today:
            problem("date_of_birth", "ngày sinh sau hôm nay.")
        if values["admitted_on"] and values["date_of_birth"] and values["admitted_on"] < values["date_of_birth"]:
            problem("admitted_on", "ngày vào Đảng trước ngày sinh.")
        if values["official_on"] and values["admitted_on"] and values["official_on"] < values["admitted_on"]:
            problem("official_on", "ngày chính thức trước ngày vào Đảng.")
        sex = normalize_vn(shown.get("sex", ""))
        values["sex"] = {"nam": Sex.MALE, "nu": Sex.FEMALE}.get(sex, "")
        if not values["sex"]:
            problem("sex", "giới tính phải là Nam hoặc Nữ.")
        card = shown.get("card_number", "")
        values["card_number"] = card
        if not card:
            problem("card_number", "thiếu số thẻ đảng viên.")
        elif card in taken:
            problem("card_number", f"số thẻ {card} đã có trong hệ thống.")
        elif card in seen:
            problem("card_number", f"số thẻ {card} trùng với dòng {seen[card]}.")
        else:
            seen[card] = number
        raw_id = cell("citizen_id")
        citizen_id = str(raw_id).zfill(rules.CITIZEN_ID_LENGTH) if isinstance(raw_id, int) else shown.get(
            "citizen_id", "")
        if isinstance(raw_id, float) and raw_id.is_integer():
            citizen_id = str(int(raw_id)).zfill(rules.CITIZEN_ID_LENGTH)
        values["citizen_id"] = citizen_id
        shown["citizen_id"] = rules.mask(citizen_id)
        shown["phone"] = rules.mask(values["phone"])
        message = rules.citizen_id_problem(citizen_id)
        if message:
            problem("citizen_id", message)
        message = rules.phone_problem(values["phone"])
        if message:
            problem("phone", message)
        values["unit"] = values["cell"] = None
        if shown.get("cell"):
            values["cell"] = cells.get(normalize_vn(shown["cell"]))
            if values["cell"] is None:
                problem("cell", f"không có chi bộ “{shown['cell']}”.")
        if shown.get("unit"):
            values["unit"] = units.get(normalize_vn(shown["unit"]))
            if values["unit"] is None:
                problem("unit", f"không có đơn vị “{shown['unit']}”.")
        result.append(MemberRow(row=number, values=values, shown=shown, problems=problems))
    preview = MemberPreview(file_name=file_name, rows=result)
    if not result:
        preview.file_problems.append("Bảng tính không có dòng đảng viên nào dưới dòng tiêu đề.")
    return preview
