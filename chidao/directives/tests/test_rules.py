"""The pure status and rate rules of DESIGN §4."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.directives import rules

D = dt.date
DUE = D(2025, 12, 31)


def status(**kw: object) -> str:
    params: dict[str, object] = {
        "recurring": False, "cancelled": False, "completed_on": None, "due_on": DUE,
        "has_reports": True, "today": D(2025, 11, 1),
    }
    params.update(kw)
    return rules.task_status(**params)  # type: ignore[arg-type]


class TestTaskStatus:
    def test_completed_before_the_deadline_is_done_on_time(self) -> None:
        assert status(completed_on=D(2025, 12, 1), today=D(2026, 3, 1)) == rules.DONE_ON_TIME

    def test_completed_on_the_deadline_itself_is_on_time(self) -> None:
        assert status(completed_on=DUE, today=D(2026, 3, 1)) == rules.DONE_ON_TIME

    def test_completed_a_day_after_the_deadline_is_late(self) -> None:
        assert status(completed_on=DUE + dt.timedelta(days=1), today=D(2026, 3, 1)) == rules.DONE_LATE

    def test_completed_without_a_deadline_counts_as_on_time(self) -> None:
        assert status(completed_on=D(2025, 6, 1), due_on=None) == rules.DONE_ON_TIME

    def test_completion_is_judged_against_the_deadline_not_today(self) -> None:
        # Completed late stays late, however long ago; completed on time stays on time.
        assert status(completed_on=D(2026, 1, 5), today=D(2030, 1, 1)) == rules.DONE_LATE
        assert status(completed_on=D(2025, 12, 5), today=D(2030, 1, 1)) == rules.DONE_ON_TIME

    def test_open_on_the_due_day_is_still_in_time(self) -> None:
        assert status(today=DUE) == rules.OPEN_ON_TIME

    def test_open_the_day_after_the_due_day_is_overdue(self) -> None:
        assert status(today=DUE + dt.timedelta(days=1)) == rules.OPEN_OVERDUE

    def test_overdue_even_when_nothing_was_reported(self) -> None:
        assert status(today=D(2026, 1, 1), has_reports=False) == rules.OPEN_OVERDUE

    def test_in_time_and_never_reported_is_not_started(self) -> None:
        assert status(has_reports=False) == rules.NOT_STARTED

    def test_open_without_a_deadline_is_in_time(self) -> None:
        assert status(due_on=None, today=D(2099, 1, 1)) == rules.OPEN_ON_TIME
        assert status(due_on=None, today=D(2099, 1, 1), has_reports=False) == rules.NOT_STARTED

    def test_recurring_is_recurring_whatever_the_dates(self) -> None:
        assert status(recurring=True, due_on=None) == rules.RECURRING
        assert status(recurring=True, today=D(2030, 1, 1)) == rules.RECURRING

    def test_cancelled_wins_over_everything(self) -> None:
        assert status(cancelled=True) == rules.CANCELLED
        assert status(cancelled=True, recurring=True) == rules.CANCELLED
        assert status(cancelled=True, completed_on=D(2025, 12, 1)) == rules.CANCELLED
        assert status(cancelled=True, today=D(2030, 1, 1)) == rules.CANCELLED

    def test_every_status_has_a_vietnamese_label_and_a_badge(self) -> None:
        assert set(rules.STATUS_ORDER) == set(rules.STATUS_LABELS) == set(rules.STATUS_BADGES)
        assert rules.STATUS_LABELS[rules.OPEN_OVERDUE] == "Chưa hoàn thành, quá hạn"
        assert rules.STATUS_LABELS[rules.NOT_STARTED] == "Chưa triển khai"


class TestRates:
    def test_government_office_published_figures(self) -> None:
        # 14,068 done on time, 1,983 done late, 5,640 open on time, 223 open overdue.
        rates = rules.rates_from_counts({
            rules.DONE_ON_TIME: 14068, rules.DONE_LATE: 1983,
            rules.OPEN_ON_TIME: 5640, rules.OPEN_OVERDUE: 223,
        })
        assert rates.completed == 16051
        assert rates.due == 16274
        assert rates.completion_rate == Decimal("98.63")
        # 14068 ÷ 16274 = 86.4446…%
        assert rates.on_time_rate == Decimal("86.44")
        assert rates.total == 14068 + 1983 + 5640 + 223

    def test_nothing_due_gives_no_rate_rather_than_zero(self) -> None:
        rates = rules.rates_from_counts({rules.OPEN_ON_TIME: 5, rules.RECURRING: 3, rules.CANCELLED: 1})
        assert rates.due == 0
        assert rates.completion_rate is None
        assert rates.on_time_rate is None

    def test_not_started_counts_as_open_on_time(self) -> None:
        rates = rules.rates_from_counts({rules.OPEN_ON_TIME: 2, rules.NOT_STARTED: 3})
        assert rates.open_on_time == 5

    def test_rates_from_statuses_counts_each_status(self) -> None:
        rates = rules.rates_from_statuses(
            [rules.DONE_ON_TIME, rules.DONE_LATE, rules.OPEN_OVERDUE, rules.OPEN_OVERDUE, rules.NOT_STARTED]
        )
        assert (rates.done_on_time, rates.done_late, rates.open_overdue, rates.open_on_time) == (1, 1, 2, 1)
        assert rates.completion_rate == Decimal("50.00")
        assert rates.on_time_rate == Decimal("25.00")

    @pytest.mark.parametrize(("num", "den", "expected"), [
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        (1, 8, Decimal("12.50")),
        (1, 200, Decimal("0.50")),
        (1, 80000, Decimal("0.00")),   # 0.00125 rounds down
        (1, 1600, Decimal("0.06")),    # 0.0625 rounds half up, not to even
        (5, 5, Decimal("100.00")),
        (0, 7, Decimal("0.00")),
    ])
    def test_percent_rounds_half_up_to_two_decimals(self, num: int, den: int, expected: Decimal) -> None:
        assert rules.percent(num, den) == expected

    def test_percent_of_nothing_is_none(self) -> None:
        assert rules.percent(0, 0) is None


counts_st = st.fixed_dictionaries({
    rules.DONE_ON_TIME: st.integers(0, 20000),
    rules.DONE_LATE: st.integers(0, 20000),
    rules.OPEN_ON_TIME: st.integers(0, 20000),
    rules.NOT_STARTED: st.integers(0, 20000),
    rules.OPEN_OVERDUE: st.integers(0, 20000),
    rules.RECURRING: st.integers(0, 20000),
    rules.CANCELLED: st.integers(0, 20000),
})


class TestRateProperties:
    @given(counts_st)
    def test_rates_are_percentages_or_none_when_nothing_is_due(self, counts: dict[str, int]) -> None:
        rates = rules.rates_from_counts(counts)
        for value in (rates.completion_rate, rates.on_time_rate):
            if rates.due == 0:
                assert value is None
            else:
                assert value is not None
                assert Decimal(0) <= value <= Decimal(100)
                assert value == value.quantize(Decimal("0.01"))

    @given(counts_st)
    def test_rates_are_exact_counts_rounded_half_up(self, counts: dict[str, int]) -> None:
        rates = rules.rates_from_counts(counts)
        if rates.due == 0:
            return
        exact = Fraction(rates.completed * 100, rates.due)
        assert abs(Fraction(rates.completion_rate) - exact) <= Fraction(1, 200)  # type: ignore[arg-type]

    @given(counts_st)
    def test_completion_rate_is_never_below_on_time_rate(self, counts: dict[str, int]) -> None:
        rates = rules.rates_from_counts(counts)
        if rates.due:
            assert rates.completion_rate >= rates.on_time_rate  # type: ignore[operator]

    @given(
        counts_st,
        st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 5000),
    )
    def test_tasks_outside_the_due_set_never_change_either_rate(
        self, counts: dict[str, int], recurring: int, open_on_time: int, not_started: int, cancelled: int
    ) -> None:
        before = rules.rates_from_counts(counts)
        more = dict(counts)
        more[rules.RECURRING] += recurring
        more[rules.OPEN_ON_TIME] += open_on_time
        more[rules.NOT_STARTED] += not_started
        more[rules.CANCELLED] += cancelled
        after = rules.rates_from_counts(more)
        assert after.completion_rate == before.completion_rate
        assert after.on_time_rate == before.on_time_rate

    @given(counts_st, st.integers(1, 1000))
    def test_an_overdue_task_lowers_or_keeps_both_rates(self, counts: dict[str, int], extra: int) -> None:
        before = rules.rates_from_counts(counts)
        more = dict(counts)
        more[rules.OPEN_OVERDUE] += extra
        after = rules.rates_from_counts(more)
        assert after.completion_rate is not None
        if before.completion_rate is not None:
            assert after.completion_rate <= before.completion_rate
            assert after.on_time_rate <= before.on_time_rate  # type: ignore[operator]

    @given(st.lists(st.sampled_from(rules.STATUS_ORDER), max_size=60))
    def test_statuses_and_counts_agree(self, statuses: list[str]) -> None:
        by_statuses = rules.rates_from_statuses(statuses)
        counts = {s: statuses.count(s) for s in rules.STATUS_ORDER}
        assert by_statuses == rules.rates_from_counts(counts)
        assert by_statuses.total == len(statuses)


class TestGroupProgress:
    def test_unweighted_is_the_plain_average(self) -> None:
        assert rules.group_progress([(50, None), (100, None), (0, None)]) == 50

    def test_average_rounds_half_up(self) -> None:
        assert rules.group_progress([(0, None), (1, None)]) == 1
        assert rules.group_progress([(33, None), (34, None), (34, None)]) == 34  # 33.67

    def test_weighted_average_follows_the_weights(self) -> None:
        assert rules.group_progress([(100, 70), (0, 30)]) == 70
        assert rules.group_progress([(100, 30), (0, 70)]) == 30
        assert rules.group_progress([(40, 25), (80, 75)]) == 70

    def test_an_unweighted_child_counts_for_nothing_among_weighted_ones(self) -> None:
        assert rules.group_progress([(100, 100), (0, None)]) == 100

    def test_all_zero_weights_fall_back_to_the_plain_average(self) -> None:
        assert rules.group_progress([(100, 0), (0, 0)]) == 50

    def test_empty_group_has_no_progress(self) -> None:
        assert rules.group_progress([]) == 0

    @given(st.lists(st.tuples(st.integers(0, 100), st.one_of(st.none(), st.integers(0, 100))),
                    min_size=1, max_size=12))
    def test_progress_lies_between_the_children(self, children: list[tuple[int, int | None]]) -> None:
        result = rules.group_progress(children)
        counted = [p for p, w in children if w] or [p for p, _ in children]
        assert min(counted) <= result <= max(counted)


class TestWeightsValid:
    @pytest.mark.parametrize(("weights", "valid"), [
        ([], True),
        ([None, None, None], True),
        ([50, 50], True),
        ([100], True),
        ([20, 30, 50], True),
        ([0, 100], True),
        ([50, 40], False),
        ([60, 60], False),
        ([50, None, 50], False),
        ([-10, 110], False),
    ])
    def test_weights_are_all_unset_or_add_up_to_100(self, weights: list[int | None], valid: bool) -> None:
        assert rules.weights_valid(weights) is valid
