import datetime as dt
from decimal import Decimal

from chidao.rounds import rules

DUE = dt.date(2025, 11, 25)


def test_submission_status() -> None:
    assert rules.submission_status(submitted_on=DUE, due_on=DUE) == rules.ON_TIME
    assert rules.submission_status(submitted_on=DUE + dt.timedelta(days=1), due_on=DUE) == rules.LATE
    assert rules.submission_status(submitted_on=None, due_on=DUE) == rules.MISSING


def test_discipline_is_on_time_over_expected_with_two_decimals() -> None:
    assert rules.round_discipline(expected=3, on_time=2) == Decimal("66.67")
    assert rules.round_discipline(expected=0, on_time=0) is None
    assert rules.discipline_from_statuses([rules.ON_TIME, rules.LATE, rules.MISSING, rules.ON_TIME]) == Decimal("50.00")


def test_effective_state_follows_the_dates_without_the_worker() -> None:
    opens, closes = dt.date(2025, 11, 1), dt.date(2025, 12, 5)
    before = dt.date(2025, 10, 31)
    assert rules.effective_state(state="open", opens_on=opens, closes_on=closes, today=before) == "upcoming"
    assert rules.effective_state(state="open", opens_on=opens, closes_on=closes, today=closes) == "open"
    assert rules.effective_state(state="open", opens_on=opens, closes_on=closes, today=dt.date(2025, 12, 6)) == "closed"
    assert rules.effective_state(state="closed", opens_on=opens, closes_on=closes, today=opens) == "closed"


def test_default_period_labels() -> None:
    on = dt.date(2025, 11, 3)
    assert rules.default_period_label(kind="month", on=on) == "Tháng 11/2025"
    assert rules.default_period_label(kind="quarter", on=on) == "Quý IV/2025"
    assert rules.default_period_label(kind="half_year", on=on) == "6 tháng cuối năm 2025"
    assert rules.default_period_label(kind="year", on=on) == "Năm 2025"
    assert rules.default_period_label(kind="ad_hoc", on=on) == "Đột xuất 03/11/2025"
