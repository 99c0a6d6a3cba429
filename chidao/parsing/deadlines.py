"""Deadlines as offices write them in plans and conclusions, mapped to a due date.

A period ("Tháng 12/2025", "Quý II/2026", "6 tháng đầu năm 2026", "Năm 2026", "2025–2030")
means its last day; a recurring wording ("Thường xuyên", "Hằng năm", "Hằng quý", "Hằng tháng")
means a recurring task with no deadline. The original wording is always kept by the caller in
`Task.deadline_text`, so nothing the office wrote is lost by the mapping.

Matching is accent-insensitive ("Quy II/2026" and "quý 2 năm 2026" are the same) because the
text comes from spreadsheets typed in every way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from chidao.core.text import normalize_vn

DEADLINE = "deadline"
RECURRING = "recurring"

# Recurrence codes kept beside a recurring task's wording.
CONTINUOUS = "continuous"
YEARLY = "yearly"
QUARTERLY = "quarterly"
MONTHLY = "monthly"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR_MIN, _YEAR_MAX = 2000, 2100

_RECURRING = [
    (re.compile(r"^(?:nhiem vu )?(?:thuong xuyen|lien tuc|thuong xuyen,? lien tuc)(?: hang nam)?$"), CONTINUOUS),
    (re.compile(r"^(?:hang|hang|moi) nam$|^dinh ky hang nam$|^hang nam,? thuong xuyen$"), YEARLY),
    (re.compile(r"^(?:hang|moi) quy$|^dinh ky hang quy$"), QUARTERLY),
    (re.compile(r"^(?:hang|moi) thang$|^dinh ky hang thang$"), MONTHLY),
    (re.compile(r"^dinh ky$|^(?:thuc hien )?dinh ky(?: theo quy dinh)?$"), CONTINUOUS),
]
# "2025 và những năm tiếp theo": no end, so a recurring task with a note, never a silent date.
_OPEN_ENDED = re.compile(r"^(?:tu )?(?:nam )?(\d{4})\s*(?:va|,)\s*(?:nhung|cac) nam tiep theo$")

# Words offices put before a date or period; they do not change its meaning.
_PREFIX = re.compile(
    r"^(?:(?:hoan thanh )?(?:truoc|cham nhat|den|trong|han|thoi han|xong truoc|hoan thanh)"
    r"(?: ngay| thang| quy| nam)?[: ]+)+"
)
_DAY = re.compile(r"^(?:ngay )?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$")
_DAY_WORDS = re.compile(r"^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$")
_MONTH = re.compile(r"^(?:thang )?(\d{1,2})\s*(?:/|-|\.| nam )\s*(\d{4})$")
_QUARTER = re.compile(r"^quy (i{1,3}|iv|[1-4])\s*(?:/|-|\.| nam )\s*(\d{4})$")
_HALF = re.compile(r"^(?:6|sau) thang (dau|cuoi) nam (\d{4})$")
_HALF_WORDS = re.compile(r"^nua (dau|cuoi) nam (\d{4})$")
_YEAR = re.compile(r"^(?:(?:cuoi )?nam )?(\d{4})$")
_SPAN = re.compile(r"^(?:giai doan |trong giai doan |tu nam )?(\d{4})\s*(?:-|den|den nam)\s*(\d{4})$")


class DeadlineParseError(ValueError):
    """The wording is not one the parser knows; `message` says so in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedDeadline:
    kind: str  # DEADLINE or RECURRING
    due_on: dt.date | None
    text: str  # the wording as typed, whitespace tidied
    recurrence: str = ""  # for RECURRING: CONTINUOUS, YEARLY, QUARTERLY or MONTHLY
    note: str = ""  # what the reading decided that the office should check (Vietnamese)

    @property
    def is_recurring(self) -> bool:
        return self.kind == RECURRING


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(value: str, original: str) -> int:
    year = int(value)
    if len(value) == 2:
        year += 2000
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise DeadlineParseError(f"Năm {year} trong thời hạn “{original}” không hợp lệ.")
    return year


def _month(value: str, original: str) -> int:
    month = int(value)
    if not 1 <= month <= 12:
        raise DeadlineParseError(f"Tháng {month} trong thời hạn “{original}” không hợp lệ.")
    return month


def deadline_parse(text: str | dt.date | dt.datetime | None) -> ParsedDeadline:
    """The deadline meant by `text`; raises DeadlineParseError when it cannot be understood.

    A date (as a spreadsheet cell gives it) is taken as is.
    """
    if isinstance(text, dt.datetime):
        text = text.date()
    if isinstance(text, dt.date):
        return ParsedDeadline(kind=DEADLINE, due_on=text, text=text.strftime("%d/%m/%Y"))
    original = " ".join((text or "").split())
    if not original:
        raise DeadlineParseError("Chưa có thời hạn.")
    key = normalize_vn(original).replace("–", "-").replace("—", "-").rstrip(".;, ")
    key = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", key)
    for pattern, recurrence in _RECURRING:
        if pattern.match(key):
            return ParsedDeadline(kind=RECURRING, due_on=None, text=original, recurrence=recurrence)
    if m := _OPEN_ENDED.match(key):
        return ParsedDeadline(
            kind=RECURRING, due_on=None, text=original, recurrence=YEARLY,
            note=f"“{original}” không có năm kết thúc: nhập là nhiệm vụ thường xuyên (hằng năm từ {m[1]}); "
                 "hãy kiểm tra.")
    key = _PREFIX.sub("", key).strip()

    def deadline(day: dt.date) -> ParsedDeadline:
        return ParsedDeadline(kind=DEADLINE, due_on=day, text=original)

    if m := (_DAY.match(key) or _DAY_WORDS.match(key)):
        year = _year(m[3], original)
        month = _month(m[2], original)
        try:
            return deadline(dt.date(year, month, int(m[1])))
        except ValueError as exc:
            raise DeadlineParseError(f"Ngày “{original}” không có trong lịch.") from exc
    if m := _QUARTER.match(key):
        quarter = _ROMAN.get(m[1]) or int(m[1])
        return deadline(_month_end(_year(m[2], original), quarter * 3))
    if m := (_HALF.match(key) or _HALF_WORDS.match(key)):
        return deadline(_month_end(_year(m[2], original), 6 if m[1] == "dau" else 12))
    if m := _SPAN.match(key):
        start, end = _year(m[1], original), _year(m[2], original)
        if end < start:
            raise DeadlineParseError(f"Giai đoạn “{original}” kết thúc trước khi bắt đầu.")
        return deadline(dt.date(end, 12, 31))
    if m := _YEAR.match(key):
        return deadline(dt.date(_year(m[1], original), 12, 31))
    if m := _MONTH.match(key):
        return deadline(_month_end(_year(m[2], original), _month(m[1], original)))
    raise DeadlineParseError(
        f"Không hiểu thời hạn “{original}”. Hãy ghi theo một trong các dạng: 31/12/2025, "
        "Tháng 12/2025, Quý II/2026, 6 tháng đầu năm 2026, Năm 2026, 2025–2030, Thường xuyên, Hằng năm."
    )
