"""Rules of the handbook that need no database: identity numbers, masking, question and attendance status."""

from __future__ import annotations

import datetime as dt
import re

from chidao.supervision.rules import (
    ANSWERED_LATE,
    ANSWERED_ON_TIME,
    OPEN,
    OVERDUE,
    RECOMMENDATION_BADGES,
    RECOMMENDATION_LABELS,
    recommendation_status,
)

CITIZEN_ID_LENGTH = 12
_PHONE = re.compile(r"^\+?[0-9 .-]{8,20}$")
MASK = "•"

QUESTION_STATUSES = [OPEN, OVERDUE, ANSWERED_ON_TIME, ANSWERED_LATE]
QUESTION_LABELS = RECOMMENDATION_LABELS
QUESTION_BADGES = RECOMMENDATION_BADGES

PRESENT = "present"
ABSENT_EXCUSED = "absent_excused"
ABSENT = "absent"
UPCOMING = "upcoming"
ATTENDANCE_LABELS = {PRESENT: "Có mặt", ABSENT_EXCUSED: "Vắng có lý do", ABSENT: "Vắng không lý do",
                     UPCOMING: "Chưa họp"}


def citizen_id_problem(value: str) -> str | None:
    """The Vietnamese message for a citizen ID (CCCD) that is not exactly 12 digits, else None."""
    if not value:
        return "Hãy nhập số CCCD."
    if not value.isascii() or not value.isdigit():
        return "Số CCCD chỉ gồm chữ số (0–9)."
    if len(value) != CITIZEN_ID_LENGTH:
        return f"Số CCCD phải có đúng {CITIZEN_ID_LENGTH} chữ số (đã nhập {len(value)})."
    return None


def phone_problem(value: str) -> str | None:
    if value and not _PHONE.match(value):
        return "Số điện thoại không hợp lệ."
    return None


def mask(value: str, *, keep: int = 3) -> str:
    """`•••••••••123`: the length stays visible, only the last `keep` characters are shown."""
    if not value:
        return ""
    if len(value) <= keep:
        return MASK * len(value)
    return MASK * (len(value) - keep) + value[-keep:]


def question_status(*, due_on: dt.date, answered_on: dt.date | None, today: dt.date) -> str:
    """Tracked like a recommendation: answered on time / late, or open / overdue."""
    return recommendation_status(response_due_on=due_on, answered_on=answered_on, today=today)


def attendance_of(*, checked_in: bool, response: str, reason: str, meeting_ended: bool) -> str:
    """Present when checked in; absent with reason when the invitee said so with a reason;
    absent when the meeting is over and neither happened; upcoming otherwise."""
    if checked_in:
        return PRESENT
    if response == "absent" and reason.strip():
        return ABSENT_EXCUSED
    return ABSENT if meeting_ended else UPCOMING
