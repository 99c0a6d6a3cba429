"""Scorecard periods (month, quarter, year) as pure values: "2026-10", "2026-Q3", "2026"."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
KINDS = [MONTH, QUARTER, YEAR]
KIND_LABELS = {MONTH: "Tháng", QUARTER: "Quý", YEAR: "Năm"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR_RE = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int  # month 1–12, quarter 1–4, 1 for a year

    @property
    def start(self) -> dt.date:
        if self.kind == MONTH:
            return dt.date(self.year, self.number, 1)
        if self.kind == QUARTER:
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == MONTH:
            return dt.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])
        if self.kind == QUARTER:
            last_month = 3 * self.number
            return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])
        return dt.date(self.year, 12, 31)

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("Tháng %(m)s/%(y)s") % {"m": f"{self.number:02d}", "y": self.year}
        if self.kind == QUARTER:
            return _("Quý %(q)s/%(y)s") % {"q": ROMAN[self.number], "y": self.year}
        return _("Năm %(y)s") % {"y": self.year}

    def previous(self) -> Period:
        if self.kind == MONTH:
            return Period(MONTH, self.year - 1, 12) if self.number == 1 else Period(MONTH, self.year, self.number - 1)
        if self.kind == QUARTER:
            return Period(QUARTER, self.year - 1, 4) if self.number == 1 else Period(QUARTER, self.year,
                                                                                      self.number - 1)
        return Period(YEAR, self.year - 1, 1)

    def is_closed(self, today: dt.date) -> bool:
        return today > self.end


def period_parse(text: str) -> Period:
    """"2026-10" → October 2026, "2026-Q3" → third quarter, "2026" → the year. ValueError with a
    Vietnamese message otherwise."""
    text = (text or "").strip()
    if m := _MONTH_RE.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and year >= 2000:
            return Period(MONTH, year, month)
    elif m := _QUARTER_RE.match(text):
        if int(m.group(1)) >= 2000:
            return Period(QUARTER, int(m.group(1)), int(m.group(2)))
    elif m := _YEAR_RE.match(text):
        if int(m.group(1)) >= 2000:
            return Period(YEAR, int(m.group(1)), 1)
    raise ValueError(_("Kỳ “%(t)s” không hợp lệ; hãy viết 2026-10 (tháng), 2026-Q3 (quý) hoặc 2026 (năm).")
                     % {"t": text})


def period_current(kind: str, today: dt.date) -> Period:
    if kind == QUARTER:
        return Period(QUARTER, today.year, (today.month - 1) // 3 + 1)
    if kind == YEAR:
        return Period(YEAR, today.year, 1)
    return Period(MONTH, today.year, today.month)


def month_ends(today: dt.date, count: int = 12) -> list[dt.date]:
    """The last `count` month ends up to this month, oldest first; this month's is today."""
    result = []
    period = Period(MONTH, today.year, today.month)
    for _i in range(count):
        result.append(min(period.end, today))
        period = period.previous()
    return list(reversed(result))
