"""The pure rules: warnings, recommendation status, scores, grades, ranks, periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chidao.supervision import rules
from chidao.supervision.periods import MONTH, QUARTER, YEAR, Period, month_ends, period_current, period_parse

D = dt.date
M = rules.WarningMargins(lag_margin=20, silence_days=30, due_soon_days=7, due_soon_progress=80)


def reasons(**kw: object) -> dict[str, str]:
    params: dict[str, object] = {"progress": 50, "assigned_on": D(2026, 1, 1), "due_on": D(2026, 12, 31),
                                 "last_reported_on": D(2026, 6, 1), "today": D(2026, 6, 10), "margins": M}
    params.update(kw)
    return {r.code: r.text for r in rules.warning_reasons(**params)}  # type: ignore[arg-type]


def test_lag_reason_says_progress_and_elapsed_share_in_words() -> None:
    # 100 days of 100 → 70 days passed = 70%; progress 20%: 50 points behind > 20.
    got = reasons(progress=20, assigned_on=D(2026, 1, 1), due_on=D(2026, 4, 11), today=D(2026, 3, 12),
                  last_reported_on=D(2026, 3, 1))
    assert got == {rules.LAG: "tiến độ 20% nhưng đã qua 70% thời gian"}


def test_lag_within_margin_is_no_warning() -> None:
    # 70% elapsed, progress 50%: 20 points behind is not *more* than the margin of 20.
    assert reasons(progress=50, assigned_on=D(2026, 1, 1), due_on=D(2026, 4, 11), today=D(2026, 3, 12),
                   last_reported_on=D(2026, 3, 1)) == {}


def test_silence_counts_from_last_report_or_from_assignment() -> None:
    assert reasons(last_reported_on=D(2026, 4, 26), today=D(2026, 6, 10), progress=60)[rules.SILENT] == \
        "chưa báo cáo 45 ngày"
    never = reasons(last_reported_on=None, assigned_on=D(2026, 5, 1), today=D(2026, 6, 10), progress=60)
    assert never[rules.SILENT] == "chưa báo cáo lần nào sau 40 ngày được giao"
    assert rules.SILENT not in reasons(last_reported_on=D(2026, 5, 11), today=D(2026, 6, 10))  # exactly 30 days


def test_due_soon_below_progress() -> None:
    got = reasons(due_on=D(2026, 6, 15), today=D(2026, 6, 10), progress=40, assigned_on=D(2026, 6, 1),
                  last_reported_on=D(2026, 6, 9))
    assert got[rules.DUE_SOON] == "còn 5 ngày đến hạn, tiến độ mới 40%"
    assert rules.DUE_SOON not in reasons(due_on=D(2026, 6, 15), today=D(2026, 6, 10), progress=80,
                                         assigned_on=D(2026, 6, 1), last_reported_on=D(2026, 6, 9))
    assert rules.DUE_SOON not in reasons(due_on=D(2026, 6, 18), today=D(2026, 6, 10), progress=10,
                                         assigned_on=D(2026, 6, 1), last_reported_on=D(2026, 6, 9))


def test_several_reasons_at_once_and_none_when_already_overdue() -> None:
    got = reasons(progress=10, assigned_on=D(2026, 1, 1), due_on=D(2026, 6, 12), today=D(2026, 6, 10),
                  last_reported_on=D(2026, 3, 1))
    assert set(got) == {rules.LAG, rules.SILENT, rules.DUE_SOON}
    assert reasons(progress=0, due_on=D(2026, 6, 9), today=D(2026, 6, 10), last_reported_on=None) == {}


def test_recurring_tasks_only_warn_about_silence() -> None:
    got = reasons(recurring=True, due_on=None, progress=0, last_reported_on=D(2026, 1, 1), today=D(2026, 6, 10))
    assert set(got) == {rules.SILENT}


def test_recommendation_status() -> None:
    due = D(2026, 6, 15)
    assert rules.recommendation_status(response_due_on=due, answered_on=D(2026, 6, 15), today=D(2026, 7, 1)) == \
        rules.ANSWERED_ON_TIME
    assert rules.recommendation_status(response_due_on=due, answered_on=D(2026, 6, 16), today=D(2026, 7, 1)) == \
        rules.ANSWERED_LATE
    assert rules.recommendation_status(response_due_on=due, answered_on=None, today=due) == rules.OPEN
    assert rules.recommendation_status(response_due_on=due, answered_on=None, today=D(2026, 6, 16)) == rules.OVERDUE


def test_score_combines_components_with_weights() -> None:
    inputs = rules.ScoreInputs(done_on_time=6, done_late=2, open_overdue=2, discipline_on_time=9,
                               discipline_expected=10, rec_answered_on_time=1, rec_due=2)
    result = rules.score_compute(inputs=inputs, weights=rules.ScoreWeights(30, 25, 15, 15, 15), overdue_penalty=10)
    assert result.components == {
        rules.COMPLETION: Decimal("80.00"), rules.ON_TIME: Decimal("60.00"), rules.OVERDUE_COMPONENT: Decimal("80.00"),
        rules.DISCIPLINE: Decimal("90.00"), rules.RECOMMENDATIONS: Decimal("50.00"),
    }
    # 0.30·80 + 0.25·60 + 0.15·80 + 0.15·90 + 0.15·50 = 24 + 15 + 12 + 13.5 + 7.5
    assert result.score == Decimal("72.00")


def test_components_without_data_are_left_out_and_weights_rescaled() -> None:
    inputs = rules.ScoreInputs(done_on_time=1, done_late=1)  # nothing else known
    result = rules.score_compute(inputs=inputs, weights=rules.ScoreWeights(30, 20, 50, 0, 0), overdue_penalty=10)
    # completion 100, on time 50, overdue 100 → (30·100 + 20·50 + 50·100) / 100
    assert result.score == Decimal("90.00")
    assert rules.score_compute(inputs=rules.ScoreInputs(), weights=rules.ScoreWeights(),
                               overdue_penalty=10).score is None


def test_overdue_penalty_never_below_zero() -> None:
    assert rules.overdue_component(open_overdue=15, due=20, penalty=10) == Decimal("0.00")
    assert rules.overdue_component(open_overdue=0, due=0, penalty=10) is None


@pytest.mark.parametrize("weights,ok", [((30, 25, 15, 15, 15), True), ((30, 25, 15, 15, 10), False),
                                        ((100, 0, 0, 0, 0), True), ((50, 50, 10, 0, 0), False)])
def test_weights_must_add_up_to_100(weights: tuple[int, ...], ok: bool) -> None:
    error = rules.weights_errors(rules.ScoreWeights(*weights))
    assert (error is None) == ok
    if not ok:
        assert "Tổng các trọng số phải bằng 100%" in error  # type: ignore[operator]


def test_grades_follow_thresholds() -> None:
    t = rules.GradeThresholds(excellent=90, good=75, passing=50)
    assert [rules.grade_for(Decimal(v), t) for v in ("90", "89.99", "75", "50", "49.99")] == [
        rules.EXCELLENT, rules.GOOD, rules.GOOD, rules.PASSED, rules.FAILED]
    assert rules.grade_for(None, t) == rules.NO_DATA
    assert rules.thresholds_errors(rules.GradeThresholds(70, 75, 50)) is not None


def test_competition_ranking_with_ties_and_missing_scores() -> None:
    got = rules.ranks({1: Decimal("80"), 2: Decimal("90"), 3: Decimal("80"), 4: None, 5: Decimal("10")})
    assert got == {2: 1, 1: 2, 3: 2, 5: 4, 4: None}
    assert rules.rank_change(2, 5) == 3 and rules.rank_change(4, 1) == -3 and rules.rank_change(1, None) is None


def test_periods() -> None:
    oct_ = period_parse("2026-10")
    assert (oct_.start, oct_.end, oct_.label, oct_.previous().key) == (D(2026, 10, 1), D(2026, 10, 31),
                                                                       "Tháng 10/2026", "2026-09")
    q = period_parse("2026-q1")
    assert (q.start, q.end, q.label, q.previous().key) == (D(2026, 1, 1), D(2026, 3, 31), "Quý I/2026", "2025-Q4")
    y = period_parse("2025")
    assert (y.start, y.end, y.kind) == (D(2025, 1, 1), D(2025, 12, 31), YEAR)
    assert Period(MONTH, 2026, 1).previous() == Period(MONTH, 2025, 12)
    assert period_current(QUARTER, D(2026, 11, 30)).key == "2026-Q4"
    assert not oct_.is_closed(D(2026, 10, 31)) and oct_.is_closed(D(2026, 11, 1))
    for bad in ("2026-13", "10/2026", "", "2026-Q5"):
        with pytest.raises(ValueError, match="không hợp lệ"):
            period_parse(bad)


def test_month_ends_end_today() -> None:
    ends = month_ends(D(2026, 3, 15), 3)
    assert ends == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 15)]
