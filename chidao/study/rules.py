"""Pure rules of study: a record's state on a day, the quiz score, the counts of a group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

STATE_LABELS = {
    "done_on_time": _("Đã học đúng hạn"),
    "done_late": _("Đã học, quá hạn"),
    "open": _("Chưa học, còn hạn"),
    "overdue": _("Chưa học, quá hạn"),
}
STATE_BADGES = {"done_on_time": "success", "done_late": "warning", "open": "secondary", "overdue": "danger"}


def record_state(*, studied_on: dt.date | None, due_on: dt.date, today: dt.date) -> str:
    if studied_on is not None:
        return "done_on_time" if studied_on <= due_on else "done_late"
    return "open" if today <= due_on else "overdue"


def is_late(*, studied_on: dt.date | None, due_on: dt.date, today: dt.date) -> bool:
    return record_state(studied_on=studied_on, due_on=due_on, today=today) in {"done_late", "overdue"}


def quiz_score(*, correct: int, total: int) -> int:
    """Whole percent, rounded down, so a pass mark is never reached by rounding up."""
    return (correct * 100) // total if total else 0


@dataclass
class Counts:
    assigned: int = 0
    studied: int = 0
    passed: int = 0
    late: int = 0


def parse_quiz(text: str) -> list[tuple[str, list[str], list[int]]]:
    """The quiz as typed in one box: a question line, then its choices, one per line, the correct
    ones starting with "*" and the others with "-"; a blank line between questions.
    Returns (question, choices, indexes of correct choices); checking is the service's job."""
    questions: list[tuple[str, list[str], list[int]]] = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        question, choices, correct = "", [], []
        for line in lines:
            if line[0] in "*-+":
                if line[0] == "*":
                    correct.append(len(choices))
                choices.append(line[1:].strip())
            elif not choices:
                question = f"{question} {line}".strip()
            else:
                choices[-1] = f"{choices[-1]} {line}"
        questions.append((question, choices, correct))
    return questions
