"""The status and rate rules of DESIGN §4 as pure functions (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OPEN_ON_TIME = "open_on_time"
NOT_STARTED = "not_started"
OPEN_OVERDUE = "open_overdue"
RECURRING = "recurring"
CANCELLED = "cancelled"

# Display order and Vietnamese labels. `not_started` is the part of `open_on_time` where nothing
# was ever reported; it is shown apart but counts as open on time.
STATUS_ORDER = [DONE_ON_TIME, DONE_LATE, OPEN_ON_TIME, NOT_STARTED, OPEN_OVERDUE, RECURRING, CANCELLED]
STATUS_LABELS = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    OPEN_ON_TIME: "Đang thực hiện trong hạn",
    NOT_STARTED: "Chưa triển khai",
    OPEN_OVERDUE: "Chưa hoàn thành, quá hạn",
    RECURRING: "Thường xuyên",
    CANCELLED: "Đã hủy / điều chỉnh",
}
STATUS_BADGES = {
    DONE_ON_TIME: "success",
    DONE_LATE: "warning",
    OPEN_ON_TIME: "primary",
    NOT_STARTED: "secondary",
    OPEN_OVERDUE: "danger",
    RECURRING: "info",
    CANCELLED: "dark",
}


def task_status(
    *,
    recurring: bool,
    cancelled: bool,
    completed_on: dt.date | None,
    due_on: dt.date | None,
    has_reports: bool,
    today: dt.date,
) -> str:
    """The status of one leaf task as of `today`."""
    if cancelled:
        return CANCELLED
    if recurring:
        return RECURRING
    if completed_on is not None:
        if due_on is None or completed_on <= due_on:
            return DONE_ON_TIME
        return DONE_LATE
    if due_on is not None and today > due_on:
        return OPEN_OVERDUE
    return OPEN_ON_TIME if has_reports else NOT_STARTED


@dataclass(frozen=True)
class Rates:
    done_on_time: int
    done_late: int
    open_on_time: int
    open_overdue: int
    recurring: int
    cancelled: int

    @property
    def completed(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def due(self) -> int:
        return self.completed + self.open_overdue

    @property
    def total(self) -> int:
        return (
            self.done_on_time + self.done_late + self.open_on_time + self.open_overdue
            + self.recurring + self.cancelled
        )

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.due)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.done_on_time, self.due)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator as a percentage with two decimals, None when nothing is due."""
    if denominator <= 0:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rates_from_counts(counts: Mapping[str, int]) -> Rates:
    """Counts per status (not_started folded into open on time) → Rates."""
    return Rates(
        done_on_time=counts.get(DONE_ON_TIME, 0),
        done_late=counts.get(DONE_LATE, 0),
        open_on_time=counts.get(OPEN_ON_TIME, 0) + counts.get(NOT_STARTED, 0),
        open_overdue=counts.get(OPEN_OVERDUE, 0),
        recurring=counts.get(RECURRING, 0),
        cancelled=counts.get(CANCELLED, 0),
    )


def rates_from_statuses(statuses: Iterable[str]) -> Rates:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return rates_from_counts(counts)


def group_progress(children: list[tuple[int, int | None]]) -> int:
    """Progress of a group: the (weighted) average of its children's (progress, weight)."""
    if not children:
        return 0
    if any(weight for _, weight in children):
        total_weight = sum(weight or 0 for _, weight in children)
        if total_weight <= 0:
            return 0
        value = sum(progress * (weight or 0) for progress, weight in children) / total_weight
    else:
        value = sum(progress for progress, _ in children) / len(children)
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def weights_valid(weights: list[int | None]) -> bool:
    """Weights are either all unset or all set and adding up to 100."""
    if all(w is None for w in weights):
        return True
    return all(w is not None and w >= 0 for w in weights) and sum(w or 0 for w in weights) == 100


# Where a task's leader in charge comes from, in order of precedence.
LEADER_OWN = "task"
LEADER_FROM_GROUP = "group"
LEADER_FROM_DIRECTIVE = "directive"


def leader_in_charge_source(*, task_leader_id: int | None, group_leader_id: int | None,
                            directive_leader_id: int | None) -> str:
    """Which level's leader in charge applies to a task: its own, else its group's (the group
    is the nearer, more specific assignment), else its directive's; '' when none is set."""
    if task_leader_id is not None:
        return LEADER_OWN
    if group_leader_id is not None:
        return LEADER_FROM_GROUP
    if directive_leader_id is not None:
        return LEADER_FROM_DIRECTIVE
    return ""


def directive_code_key(code: str) -> str:
    """A directive code compared as people mean it: Unicode NFC, case folded, no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFC", code).casefold().split())
