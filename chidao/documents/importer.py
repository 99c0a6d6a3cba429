"""Reading a plan's task appendix from a spreadsheet, as offices really write it.

    STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm

The header row is found by its words (anywhere in the first rows, in any column order); group
rows ("I. NHÓM NHIỆM VỤ …", or a Roman numeral in the STT column) become task groups; merged
cells give their value to every cell they cover (a lead unit merged down several rows leads each
of them); blank spacer rows and the "(1) (2) (3)…" column-number row are skipped. Unit names go
through `chidao.parsing.UnitMatcher` and deadlines through `deadline_parse`.

`plan_preview` never writes. It returns every row with what it became and every problem, each
problem naming its Excel row and column, so the office fixes the file before anything is saved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from chidao.core.formatting import group_thousands
from chidao.core.office import OfficeFileError, load_workbook_bounded
from chidao.core.text import normalize_vn
from chidao.parsing import DeadlineParseError, GroupRecord, ParsedDeadline, UnitMatch, UnitMatcher, deadline_parse

from .conf import import_max_rows

COL_STT = "stt"
COL_TITLE = "title"
COL_LEAD = "lead"
COL_SUPPORT = "support"
COL_DEADLINE = "deadline"
COL_OUTPUT = "output"

COLUMN_LABELS = {
    COL_STT: "STT",
    COL_TITLE: "Nhiệm vụ",
    COL_LEAD: "Cơ quan chủ trì",
    COL_SUPPORT: "Cơ quan phối hợp",
    COL_DEADLINE: "Thời gian hoàn thành",
    COL_OUTPUT: "Sản phẩm",
}
# Header words (accent-free), most specific first; the first column whose header contains one wins.
_HEADER_WORDS = {
    COL_STT: ("stt", "so tt", "so thu tu", "tt"),
    COL_SUPPORT: ("phoi hop",),
    COL_LEAD: ("chu tri", "don vi thuc hien", "co quan thuc hien", "don vi thuc hien chinh"),
    COL_DEADLINE: ("thoi gian hoan thanh", "thoi han", "tien do hoan thanh", "thoi gian thuc hien",
                   "thoi gian", "tien do"),
    COL_OUTPUT: ("san pham", "ket qua dau ra", "hinh thuc van ban", "hinh thuc"),
    COL_TITLE: ("nhiem vu", "noi dung", "ten nhiem vu", "giai phap"),
}
_REQUIRED = (COL_TITLE, COL_LEAD, COL_DEADLINE)
_HEADER_SCAN_ROWS = 20
_ROMAN = r"(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_ROMAN_ONLY = re.compile(rf"^{_ROMAN}[.)]?$")
_ROMAN_LEAD = re.compile(rf"^({_ROMAN})[.)/:-]\s*(.+)$", re.S | re.I)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


class ImportFileError(Exception):
    """The file cannot be read at all; the message (Vietnamese) says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowProblem:
    column: str  # Excel column letter, "" for the whole row
    label: str  # the column's header as the file wrote it
    message: str

    def text(self, row: int) -> str:
        where = f"Dòng {row}" + (f", cột {self.column} ({self.label})" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class PreviewRow:
    row: int  # the Excel row number
    kind: str  # "group" or "task"
    stt: str
    title: str
    group_title: str = ""
    lead: UnitMatch | None = None
    supports: list[UnitMatch] = field(default_factory=list)
    deadline: ParsedDeadline | None = None
    deadline_text: str = ""
    output: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    extra_leads: list[UnitMatch] = field(default_factory=list)  # several leads: one task each
    group: GroupRecord | None = None  # a collective lead: one child task per member
    notes: list[str] = field(default_factory=list)  # decisions to check, not errors

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def leads(self) -> list[UnitMatch]:
        return ([self.lead] if self.lead else []) + self.extra_leads

    @property
    def problem_texts(self) -> list[str]:
        return [p.text(self.row) for p in self.problems]


@dataclass
class PlanPreview:
    file_name: str
    sheet: str
    columns: dict[str, str]  # key -> Excel letter
    rows: list[PreviewRow]
    file_problems: list[str] = field(default_factory=list)

    @property
    def groups(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.kind == "group"]

    @property
    def tasks(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.kind == "task"]

    @property
    def problems(self) -> list[str]:
        return self.file_problems + [text for r in self.rows for text in r.problem_texts]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.tasks)


# --- the file ----------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_CONVERT = ("Hãy mở tệp bằng Excel hoặc LibreOffice Calc, chọn Lưu thành (Save As) và chọn kiểu "
            "“Excel Workbook (.xlsx)”.")


def workbook_check(data: bytes) -> None:
    """Refuse what is not an .xlsx workbook, saying which kind of file it is and how to convert."""
    if not data:
        raise ImportFileError("Tệp rỗng.")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ImportFileError(
                "Tệp Excel đang được đặt mật khẩu nên không đọc được. Hãy mở tệp, bỏ mật khẩu "
                "(File → Info → Protect Workbook → Encrypt with Password, xóa mật khẩu) rồi lưu lại và tải lên lại."
            )
        raise ImportFileError(
            "Đây là tệp .xls của Excel đời cũ (97–2003), hệ thống chỉ đọc tệp .xlsx. " + _CONVERT
        )
    if not data.startswith(b"PK"):
        raise ImportFileError("Tệp không phải bảng tính Excel (.xlsx). " + _CONVERT)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "ignore") if "mimetype" in names else ""
    except zipfile.BadZipFile as exc:
        raise ImportFileError("Tệp bị hỏng hoặc không phải bảng tính Excel (.xlsx). " + _CONVERT) from exc
    if "xl/workbook.xml" not in names:
        if "opendocument.spreadsheet" in mimetype:
            raise ImportFileError("Đây là tệp .ods của LibreOffice Calc. " + _CONVERT)
        if "word/document.xml" in names:
            raise ImportFileError("Đây là tệp Word (.docx), không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) "
                                  "chứa phụ lục nhiệm vụ.")
        raise ImportFileError("Tệp không phải bảng tính Excel (.xlsx). " + _CONVERT)


def is_word_document(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "word/document.xml" in names and "xl/workbook.xml" not in names


def _paragraph_text(paragraph: Any) -> str:
    """A Word paragraph's text, its line breaks (Shift+Enter) kept as line breaks."""
    from docx.oxml.ns import qn

    text, br, tab, cr = qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:cr")
    parts = []
    for node in paragraph.iter(text, br, tab, cr):
        parts.append(node.text or "" if node.tag == text else ("\t" if node.tag == tab else "\n"))
    return "".join(parts)


def _docx_table_rows(table: Any, max_rows: int, count: int) -> list[list[str]]:
    """A Word table's rows as text, merged cells repeated like merged spreadsheet cells: a cell
    spanning columns (gridSpan) fills each, a cell continued down (vMerge) repeats the one above.
    Walks the XML once (python-docx's row.cells recomputes the whole table on every call)."""
    from docx.oxml.ns import qn

    rows: list[list[str]] = []
    above: list[str] = []
    for tr in table.findall(qn("w:tr")):
        row: list[str] = []
        for tc in tr.findall(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if props is not None:
                grid = props.find(qn("w:gridSpan"))
                if grid is not None:
                    span = max(1, int(grid.get(qn("w:val"), "1") or 1))
                merge = props.find(qn("w:vMerge"))
                continued = merge is not None and merge.get(qn("w:val"), "continue") != "restart"
            if continued:
                text = above[len(row)] if len(row) < len(above) else ""
            else:
                text = "\n".join(_paragraph_text(p) for p in tc.findall(qn("w:p"))).strip()
            row.extend([text] * span)
        rows.append(row)
        above = row
        if count + len(rows) > max_rows:
            raise ImportFileError(
                f"Bảng có hơn {group_thousands(max_rows)} dòng, vượt giới hạn của một lần nhập. Hãy tách phụ lục "
                "thành nhiều tệp nhỏ hơn và nhập lần lượt.")
    return rows


def _docx_rows(data: bytes, max_rows: int) -> tuple[str, list[list[Any]]]:
    """The appendix table(s) of a Word file: the first table with a header row, and the tables after
    it with as many columns (an appendix split by page breaks or sections)."""
    from docx.oxml.ns import qn

    from chidao.parsing.documents import DocumentReadError, docx_open

    try:
        document = docx_open(data)
    except DocumentReadError as exc:
        raise ImportFileError(exc.message) from exc
    tables = document.element.body.findall(qn("w:tbl"))
    if not tables:
        raise ImportFileError("Tệp Word không có bảng nào. Phụ lục nhiệm vụ phải là một bảng có dòng tiêu đề "
                              "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm.")
    rows: list[list[Any]] = []
    width = 0
    for table in tables:
        table_rows = _docx_table_rows(table, max_rows, len(rows))
        if not table_rows:
            continue
        if not rows:
            _index, found, _labels = _find_header(table_rows)
            if not all(k in found for k in _REQUIRED) and table is not tables[-1]:
                continue  # a layout table (the heading, the signatures) before the appendix
            width = max(len(r) for r in table_rows)
            rows = table_rows
        elif max(len(r) for r in table_rows) == width:
            rows.extend(table_rows)
    return "Word", rows


def _sheet_rows(data: bytes, max_rows: int) -> tuple[str, list[list[Any]]]:
    """The first sheet's values with merged ranges filled in; refuses sheets over `max_rows`.

    Bounded (chidao.core.office): sizes, cells and merged ranges are checked from the file before
    it is loaded, then the sheet is read in read-only (streaming) mode; merged ranges come from the check.
    """
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook, scans = load_workbook_bounded(data)
    except OfficeFileError as exc:
        raise ImportFileError(exc.message) from exc
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile) as exc:
        raise ImportFileError("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx. "
                              + _CONVERT) from exc
    if not workbook.worksheets or not scans:
        workbook.close()
        raise ImportFileError("Tệp không có trang tính nào. " + _CONVERT)
    scan = scans[0]
    if scan.rows > max_rows:
        workbook.close()
        raise ImportFileError(
            f"Bảng tính có {group_thousands(scan.rows)} dòng, vượt giới hạn {group_thousands(max_rows)} dòng của "
            "một lần nhập. Hãy tách phụ lục thành nhiều tệp nhỏ hơn (mỗi tệp không quá giới hạn) và nhập lần lượt."
        )
    sheet = workbook.worksheets[0]
    try:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    except (KeyError, ValueError, TypeError) as exc:
        raise ImportFileError("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx. "
                              + _CONVERT) from exc
    finally:
        workbook.close()
    for min_row, min_col, max_row, max_col in scan.merged:
        if min_row - 1 >= len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value
    return sheet.title, rows


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


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int], dict[str, str]]:
    best: tuple[int, dict[str, int], dict[str, str]] = (-1, {}, {})
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col, value in enumerate(row):
            text = normalize_vn(_text(value))
            if not text or len(text) > 80:
                continue
            for key, words in _HEADER_WORDS.items():
                if key in found:
                    continue
                if key == COL_STT:
                    hit = text in words or text.replace(".", "") in words
                else:
                    hit = any(w in text for w in words)
                if hit:
                    found[key] = col
                    labels[key] = _text(value)
                    break
        if len(found) > len(best[1]):
            best = (index, found, labels)
        if all(k in found for k in _REQUIRED):
            return index, found, labels
    return best


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def plan_preview(
    *, data: bytes, file_name: str, matcher: UnitMatcher, assigned_on: dt.date | None = None,
    max_rows: int | None = None,
) -> PlanPreview:
    """Read the appendix (.xlsx, or a .docx with a Word table) and say what each row becomes; raises
    ImportFileError for an unreadable file."""
    if is_word_document(data):
        sheet, rows = _docx_rows(data, max_rows or import_max_rows())
    else:
        workbook_check(data)
        sheet, rows = _sheet_rows(data, max_rows or import_max_rows())
    header_index, columns, labels = _find_header(rows)
    missing = [COLUMN_LABELS[k] for k in _REQUIRED if k not in columns]
    letters = {k: _letter(c) for k, c in columns.items()}
    if missing:
        return PlanPreview(file_name=file_name, sheet=sheet, columns=letters, rows=[], file_problems=[
            "Không tìm thấy dòng tiêu đề có các cột: " + ", ".join(missing) + ". Dòng tiêu đề cần có các cột "
            "như: STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm."
        ])

    def cell(row: list[Any], key: str) -> Any:
        col = columns.get(key)
        return row[col] if col is not None and col < len(row) else None

    result: list[PreviewRow] = []
    group_title = ""
    # (row number, values, raw deadline) of each task, rows continuing a task joined to it first.
    logical: list[tuple[int, dict[str, str], Any, str]] = []
    for index in range(header_index + 1, len(rows)):
        raw = rows[index]
        number = index + 1
        values = {k: _text(cell(raw, k)) for k in columns}
        if not any(values.values()):
            continue  # spacer row
        if all(_COLUMN_NUMBER.match(v) for v in values.values() if v):
            continue  # the "(1) (2) (3)…" row under the header
        stt, title = values.get(COL_STT, ""), values.get(COL_TITLE, "")
        rest = [values.get(k, "") for k in (COL_LEAD, COL_SUPPORT, COL_DEADLINE, COL_OUTPUT)]
        group = _group_title(stt, title, rest)
        if group is not None:
            code, group_title = group
            logical.append((number, {COL_STT: code, COL_TITLE: group_title}, None, "group"))
            continue
        if logical and logical[-1][3] == "task" and _continues(values, logical[-1][1]):
            _join(logical[-1][1], values)
            if logical[-1][2] in (None, ""):
                logical[-1] = (logical[-1][0], logical[-1][1], cell(raw, COL_DEADLINE), "task")
            continue
        logical.append((number, values, cell(raw, COL_DEADLINE), "task"))
    group_title = ""
    for number, values, raw_deadline, kind in logical:
        if kind == "group":
            group_title = values[COL_TITLE]
            result.append(PreviewRow(row=number, kind="group", stt=values[COL_STT], title=group_title))
            continue
        if isinstance(raw_deadline, str) or raw_deadline is None:
            raw_deadline = values.get(COL_DEADLINE, "")
        result.append(_task_row(
            number=number, values=values, raw_deadline=raw_deadline, letters=letters,
            labels=labels, matcher=matcher, group_title=group_title,
            assigned_on=assigned_on,
        ))
    preview = PlanPreview(file_name=file_name, sheet=sheet, columns=letters, rows=result)
    if not preview.tasks and not preview.file_problems:
        preview.file_problems.append("Bảng tính không có dòng nhiệm vụ nào dưới dòng tiêu đề.")
    return preview


def _continues(values: dict[str, str], previous: dict[str, str]) -> bool:
    """A row that carries on the task above: a merged task cell repeated (same number and text), or a
    row with no number and no task text of its own (a cell continued over several rows)."""
    stt, title = values.get(COL_STT, ""), values.get(COL_TITLE, "")
    prev_stt, prev_title = previous.get(COL_STT, ""), previous.get(COL_TITLE, "")
    if title and title != prev_title:
        return False
    if stt and stt != prev_stt:
        return False
    return bool(title) or not stt


def _join(previous: dict[str, str], values: dict[str, str]) -> None:
    """Join a continuing row's cells to the task's, line by line, without repeating a merged value."""
    for key, value in values.items():
        if not value:
            continue
        current = previous.get(key, "")
        if not current:
            previous[key] = value
        elif value != current and value not in current.splitlines():
            joiner = " " if key in (COL_TITLE, COL_OUTPUT) else "\n"
            previous[key] = f"{current}{joiner}{value}"


_COLLECTIVE = re.compile(r"^(?:(?:ubnd|uy ban nhan dan|chu tich ubnd|thu truong)\s+)?cac\s+")


def _group_title(stt: str, title: str, rest: list[str]) -> tuple[str, str] | None:
    """(code, title) when the row is a group row, else None."""
    stt_key = normalize_vn(stt)
    if stt_key and _ROMAN_ONLY.match(stt_key) and title:
        return stt.rstrip(".)"), title
    # "I. NHÓM NHIỆM VỤ …" merged across the row lands in STT and title alike.
    for text in (stt, title):
        m = _ROMAN_LEAD.match(text)
        # A merged row repeats its text in every column; anything else in the unit columns makes it a task.
        if m and _ROMAN_ONLY.match(normalize_vn(m.group(1))) and not any(v and v != text for v in rest[:3]):
            return m.group(1).upper(), m.group(2).strip()
    return None


def _task_row(
    *, number: int, values: dict[str, str], raw_deadline: Any, letters: dict[str, str], labels: dict[str, str],
    matcher: UnitMatcher, group_title: str, assigned_on: dt.date | None,
) -> PreviewRow:
    row = PreviewRow(row=number, kind="task", stt=values.get(COL_STT, ""), title=values.get(COL_TITLE, ""),
                     group_title=group_title, output=values.get(COL_OUTPUT, ""),
                     deadline_text=values.get(COL_DEADLINE, ""))

    def problem(key: str, message: str) -> None:
        row.problems.append(RowProblem(column=letters.get(key, ""), label=labels.get(key, COLUMN_LABELS[key]),
                                       message=message))

    if not row.title:
        problem(COL_TITLE, "Thiếu nội dung nhiệm vụ.")
    lead_text = values.get(COL_LEAD, "")
    if not lead_text:
        problem(COL_LEAD, "Thiếu cơ quan chủ trì.")
    elif (group := matcher.match_group(lead_text)) is not None:
        row.group = group
        row.lead = UnitMatch(text=lead_text)
        row.notes.append(f"Giao cho nhóm đơn vị “{group.name}”: mỗi đơn vị thành viên một nhiệm vụ con.")
    elif _COLLECTIVE.match(normalize_vn(lead_text)):
        row.lead = UnitMatch(text=lead_text)
        problem(COL_LEAD, f"“{lead_text}” là nhiều đơn vị nhưng chưa có nhóm đơn vị mang tên này; hãy tạo nhóm đơn "
                          "vị (trang Nhóm đơn vị, hoặc thêm tên gọi khác cho nhóm) hoặc ghi một đơn vị chủ trì.")
    else:
        leads = matcher.match_many(lead_text)
        lead = leads[0] if len(leads) >= 1 else matcher.match(lead_text)
        row.lead = lead
        if len(leads) > 1 and all(m.ok for m in leads):
            row.extra_leads = leads[1:]
            names = ", ".join(m.unit.display_name for m in leads if m.unit)
            row.notes.append(f"Ô chủ trì ghi {len(leads)} đơn vị ({names}): nhập thành {len(leads)} nhiệm vụ, mỗi "
                             "đơn vị chủ trì một nhiệm vụ.")
        elif len(leads) > 1:
            lead = matcher.match(lead_text)
            row.lead = lead
            for match in leads:
                if not match.ok:
                    problem(COL_LEAD, match.error)
        elif not lead.ok:
            problem(COL_LEAD, lead.error)
        for match in row.leads:
            if match.unit and match.unit.kind == "committee":
                problem(COL_LEAD, "Ban Chỉ đạo không làm cơ quan chủ trì; hãy ghi đơn vị thực hiện.")
    support_text = values.get(COL_SUPPORT, "")
    if support_text:
        row.supports = _supports(support_text, matcher, row)
        lead_ids = {m.unit.id for m in row.leads if m.unit}
        for match in row.supports:
            if not match.ok:
                problem(COL_SUPPORT, match.error)
            elif match.unit and match.unit.id in lead_ids:
                problem(COL_SUPPORT, f"Đơn vị phối hợp “{match.text}” trùng với cơ quan chủ trì.")
    if raw_deadline in (None, ""):
        problem(COL_DEADLINE, "Thiếu thời gian hoàn thành (ghi “Thường xuyên” nếu là nhiệm vụ thường xuyên).")
    else:
        try:
            row.deadline = deadline_parse(raw_deadline if isinstance(raw_deadline, dt.date) else row.deadline_text)
        except DeadlineParseError as exc:
            problem(COL_DEADLINE, exc.message)
        else:
            row.deadline_text = row.deadline.text
            if row.deadline.note:
                row.notes.append(row.deadline.note)
            due = row.deadline.due_on
            if due and assigned_on and due < assigned_on:
                problem(COL_DEADLINE, f"Thời hạn {due:%d/%m/%Y} trước ngày giao {assigned_on:%d/%m/%Y}.")
    return row


def _supports(text: str, matcher: UnitMatcher, row: PreviewRow) -> list[UnitMatch]:
    """Support units, line by line; a group's members stand for the group, and a collective name
    with no group ("các bộ, ngành, địa phương") is noted as written, never split into pieces."""
    found: list[UnitMatch] = []
    for line in re.split(r"[;\n\r]+", text):
        line = line.strip(" -+•*.;,")
        if not line:
            continue
        if (group := matcher.match_group(line)) is not None:
            members = [u for u in matcher.units if u.id in group.member_ids]
            found += [UnitMatch(text=u.name, candidates=(u,)) for u in members]
            row.notes.append(f"Phối hợp: nhóm “{group.name}” ({len(members)} đơn vị).")
        elif _COLLECTIVE.match(normalize_vn(line)):
            row.notes.append(f"Phối hợp: “{line}” (nhiều đơn vị, không gắn với đơn vị cụ thể).")
        else:
            found += matcher.match_many(line)
    lead_ids = {m.unit.id for m in row.leads if m.unit}
    # A group's member that leads the task is not its own supporter.
    return [m for m in found if not (m.unit and m.unit.id in lead_ids and m.text == m.unit.name)]
