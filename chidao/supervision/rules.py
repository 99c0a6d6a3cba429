"""Pure rules of supervision (no database): early warnings, recommendation status, scores,
grades and ranks.

Early warning (DESIGN §4, "nguy cơ chậm") — `warning_reasons` returns zero or more reasons, each
with its Vietnamese text:

* ``lag``: the share of time elapsed from ``assigned_on`` to ``due_on`` exceeds the reported
  progress by more than ``lag_margin`` points ("tiến độ 20% nhưng đã qua 70% thời gian");
* ``silent``: no report for more than ``silence_days`` days, counted from the last report, or
  from the assignment when nothing was ever reported ("chưa báo cáo 45 ngày");
* ``due_soon``: due within ``due_soon_days`` days (7 by DESIGN) with progress below
  ``due_soon_progress``.

The rule is asked only about tasks still at work: assigned (not a draft, not awaiting the review
of a completion claim, not completed or cancelled), and for deadline tasks not yet overdue (an
overdue task is already late: it shows as overdue, not as a risk). Recurring tasks have no
deadline, so only ``silent`` applies to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from chidao.directives.rules import percent

# ---------------------------------------------------------------------------------------------
# Early warnings
# ---------------------------------------------------------------------------------------------

LAG = "lag"
SILENT = "silent"
DUE_SOON = "due_soon"


@dataclass(frozen=True)
class WarningMargins:
    lag_margin: int = 20
    silence_days: int = 30
    due_soon_days: int = 7
    due_soon_progress: int = 80


@dataclass(frozen=True)
class WarningReason:
    code: str
    text: str


def elapsed_share(*, assigned_on: dt.date, due_on: dt.date, today: dt.date) -> int:
    """Whole percent of the time from assignment to deadline that has passed (0–100)."""
    total = (due_on - assigned_on).days
    if total <= 0:
        return 100 if today >= due_on else 0
    passed = min(max((today - assigned_on).days, 0), total)
    return passed * 100 // total


def warning_reasons(
    *,
    progress: int,
    assigned_on: dt.date | None,
    due_on: dt.date | None,
    last_reported_on: dt.date | None,
    today: dt.date,
    margins: WarningMargins,
    recurring: bool = False,
) -> list[WarningReason]:
    """Why a task at work risks being late, as of `today` (empty: no warning)."""
    reasons: list[WarningReason] = []
    if not recurring and (due_on is None or today > due_on):
        return reasons  # no deadline to miss, or already overdue
    if not recurring and assigned_on is not None and due_on is not None:
        share = elapsed_share(assigned_on=assigned_on, due_on=due_on, today=today)
        if share - progress > margins.lag_margin:
            reasons.append(WarningReason(LAG, _("tiến độ %(p)s%% nhưng đã qua %(t)s%% thời gian")
                                         % {"p": progress, "t": share}))
    reference = last_reported_on or assigned_on
    if reference is not None:
        silent_for = (today - reference).days
        if silent_for > margins.silence_days:
            if last_reported_on is not None:
                text = _("chưa báo cáo %(d)s ngày") % {"d": silent_for}
            else:
                text = _("chưa báo cáo lần nào sau %(d)s ngày được giao") % {"d": silent_for}
            reasons.append(WarningReason(SILENT, text))
    if not recurring and due_on is not None:
        left = (due_on - today).days
        if 0 <= left <= margins.due_soon_days and progress < margins.due_soon_progress:
            if left == 0:
                text = _("đến hạn hôm nay, tiến độ mới %(p)s%%") % {"p": progress}
            else:
                text = _("còn %(d)s ngày đến hạn, tiến độ mới %(p)s%%") % {"d": left, "p": progress}
            reasons.append(WarningReason(DUE_SOON, text))
    return reasons


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------

ANSWERED_ON_TIME = "answered_on_time"
ANSWERED_LATE = "answered_late"
OPEN = "open"
OVERDUE = "overdue"
RECOMMENDATION_STATUSES = [OPEN, OVERDUE, ANSWERED_ON_TIME, ANSWERED_LATE]
RECOMMENDATION_LABELS = {
    ANSWERED_ON_TIME: "Đã trả lời đúng hạn",
    ANSWERED_LATE: "Đã trả lời quá hạn",
    OPEN: "Chưa trả lời, trong hạn",
    OVERDUE: "Chưa trả lời, quá hạn",
}
RECOMMENDATION_BADGES = {ANSWERED_ON_TIME: "success", ANSWERED_LATE: "warning", OPEN: "primary", OVERDUE: "danger"}


def recommendation_status(*, response_due_on: dt.date, answered_on: dt.date | None, today: dt.date) -> str:
    """Tracked like a task: answered on time / late, or open / overdue as of `today`."""
    if answered_on is not None:
        return ANSWERED_ON_TIME if answered_on <= response_due_on else ANSWERED_LATE
    return OPEN if today <= response_due_on else OVERDUE


# ---------------------------------------------------------------------------------------------
# Scorecards
# ---------------------------------------------------------------------------------------------

COMPLETION = "completion"
ON_TIME = "on_time"
OVERDUE_COMPONENT = "overdue"
DISCIPLINE = "discipline"
RECOMMENDATIONS = "recommendations"
COMPONENTS = [COMPLETION, ON_TIME, OVERDUE_COMPONENT, DISCIPLINE, RECOMMENDATIONS]
COMPONENT_LABELS = {
    COMPLETION: "Tỷ lệ hoàn thành",
    ON_TIME: "Tỷ lệ đúng hạn",
    OVERDUE_COMPONENT: "Nhiệm vụ quá hạn",
    DISCIPLINE: "Kỷ luật báo cáo",
    RECOMMENDATIONS: "Trả lời kiến nghị đúng hạn",
}

EXCELLENT = "excellent"
GOOD = "good"
PASSED = "passed"
FAILED = "failed"
NO_DATA = ""
GRADE_LABELS = {EXCELLENT: "Xuất sắc", GOOD: "Tốt", PASSED: "Đạt", FAILED: "Chưa đạt", NO_DATA: "Chưa đủ dữ liệu"}
GRADE_BADGES = {EXCELLENT: "success", GOOD: "primary", PASSED: "info", FAILED: "danger", NO_DATA: "secondary"}


@dataclass(frozen=True)
class ScoreWeights:
    completion: int = 30
    on_time: int = 25
    overdue: int = 15
    discipline: int = 15
    recommendations: int = 15

    def as_dict(self) -> dict[str, int]:
        return {COMPLETION: self.completion, ON_TIME: self.on_time, OVERDUE_COMPONENT: self.overdue,
                DISCIPLINE: self.discipline, RECOMMENDATIONS: self.recommendations}


@dataclass(frozen=True)
class GradeThresholds:
    excellent: int = 90
    good: int = 75
    passing: int = 50


def weights_errors(weights: ScoreWeights) -> str | None:
    """Why the weights are refused (Vietnamese), or None: each 0–100 and together exactly 100."""
    values = list(weights.as_dict().values())
    if any(w < 0 or w > 100 for w in values):
        return _("Mỗi trọng số phải từ 0 đến 100.")
    total = sum(values)
    if total != 100:
        return _("Tổng các trọng số phải bằng 100%% (hiện là %(t)s%%).") % {"t": total}
    return None


def thresholds_errors(thresholds: GradeThresholds) -> str | None:
    if not 100 >= thresholds.excellent > thresholds.good > thresholds.passing >= 0:
        return _("Ngưỡng xếp loại phải giảm dần: Xuất sắc > Tốt > Đạt, trong khoảng 0–100.")
    return None


@dataclass(frozen=True)
class ScoreInputs:
    """A unit's counts for a period, as of the period end."""

    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0
    discipline_on_time: int = 0
    discipline_expected: int = 0
    rec_answered_on_time: int = 0
    rec_due: int = 0

    @property
    def due(self) -> int:
        return self.done_on_time + self.done_late + self.open_overdue


@dataclass(frozen=True)
class ScoreResult:
    components: dict[str, Decimal | None] = field(default_factory=dict)
    score: Decimal | None = None


def overdue_component(*, open_overdue: int, due: int, penalty: int) -> Decimal | None:
    """100 minus `penalty` points per overdue task, never below 0; None when nothing is due yet
    (a unit with no due task has earned no credit for having no overdue one)."""
    if due <= 0:
        return None
    return Decimal(max(0, 100 - open_overdue * penalty)).quantize(Decimal("0.01"))


def score_compute(*, inputs: ScoreInputs, weights: ScoreWeights, overdue_penalty: int) -> ScoreResult:
    """Weighted score 0–100. A component without data (nothing due, no report expected, no
    recommendation due) is left out and the weights of the others are scaled up to 100, so a unit
    is neither rewarded nor punished for what it was never asked; no component at all → None."""
    components: dict[str, Decimal | None] = {
        COMPLETION: percent(inputs.done_on_time + inputs.done_late, inputs.due),
        ON_TIME: percent(inputs.done_on_time, inputs.due),
        OVERDUE_COMPONENT: overdue_component(open_overdue=inputs.open_overdue, due=inputs.due,
                                             penalty=overdue_penalty),
        DISCIPLINE: percent(inputs.discipline_on_time, inputs.discipline_expected),
        RECOMMENDATIONS: percent(inputs.rec_answered_on_time, inputs.rec_due),
    }
    weight_of = weights.as_dict()
    used = [(value, weight_of[name]) for name, value in components.items() if value is not None and weight_of[name]]
    total_weight = sum(w for _, w in used)
    if total_weight == 0:
        return ScoreResult(components=components, score=None)
    score = sum((value * w for value, w in used), Decimal(0)) / total_weight
    return ScoreResult(components=components, score=score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def grade_for(score: Decimal | None, thresholds: GradeThresholds) -> str:
    if score is None:
        return NO_DATA
    if score >= thresholds.excellent:
        return EXCELLENT
    if score >= thresholds.good:
        return GOOD
    if score >= thresholds.passing:
        return PASSED
    return FAILED


def ranks(scores: Mapping[int, Decimal | None]) -> dict[int, int | None]:
    """Competition ranking (1, 2, 2, 4) by score, highest first; no score → no rank."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    return {key: (first_place[s] if s is not None else None) for key, s in scores.items()}


def rank_change(current: int | None, previous: int | None) -> int | None:
    """Places gained (positive) or lost (negative) since the previous period."""
    if current is None or previous is None:
        return None
    return previous - current


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(RECOMMENDATION_STATUSES, 0)
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts
