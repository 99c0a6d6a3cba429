"""Pure rules of reporting rounds (no database): submission status, report discipline,
a round's effective state and its default period label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from chidao.directives.rules import percent

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
SUBMISSION_LABELS = {ON_TIME: "Đúng hạn", LATE: "Muộn", MISSING: "Chưa nộp"}
SUBMISSION_BADGES = {ON_TIME: "success", LATE: "warning", MISSING: "danger"}

UPCOMING = "upcoming"
OPEN = "open"
CLOSED = "closed"
STATE_LABELS = {UPCOMING: "Chưa mở", OPEN: "Đang mở", CLOSED: "Đã đóng"}


def submission_status(*, submitted_on: dt.date | None, due_on: dt.date) -> str:
    """The first submission inside the round's window decides: on or before the due date is on
    time, after it late, none missing."""
    if submitted_on is None:
        return MISSING
    return ON_TIME if submitted_on <= due_on else LATE


def round_discipline(*, expected: int, on_time: int) -> Decimal | None:
    """Report discipline (DESIGN §4) = on-time submissions ÷ expected, in percent with two
    decimals; None when nothing was expected."""
    return percent(on_time, expected)


def discipline_from_statuses(statuses: Iterable[str]) -> Decimal | None:
    items = list(statuses)
    return round_discipline(expected=len(items), on_time=sum(1 for s in items if s == ON_TIME))


def effective_state(*, state: str, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> str:
    """What a page shows, whatever the worker did: a round past its closing day is closed even
    if the worker has not flipped it yet."""
    if state == CLOSED or today > closes_on:
        return CLOSED
    if today < opens_on:
        return UPCOMING
    return OPEN


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def default_period_label(*, kind: str, on: dt.date) -> str:
    """The period a round opened on `on` reports on, the way offices write it."""
    if kind == "month":
        return f"Tháng {on.month:02d}/{on.year}"
    if kind == "quarter":
        return f"Quý {ROMAN[(on.month - 1) // 3 + 1]}/{on.year}"
    if kind == "half_year":
        return f"6 tháng {'đầu' if on.month <= 6 else 'cuối'} năm {on.year}"
    if kind == "year":
        return f"Năm {on.year}"
    return f"Đột xuất {on.strftime('%d/%m/%Y')}"
