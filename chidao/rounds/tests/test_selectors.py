import datetime as dt
from decimal import Decimal

import pytest

from chidao.rounds import selectors, services

pytestmark = pytest.mark.django_db

OPEN, DUE = dt.date(2025, 11, 1), dt.date(2025, 11, 25)


@pytest.fixture
def round_abc(people, directive, make_task, unit_b, submit_report, travel):  # type: ignore[no-untyped-def]
    travel(dt.date(2025, 12, 1))
    on_time, late, missing = make_task(), make_task(), make_task(lead_unit=unit_b)
    submit_report(on_time, on=dt.date(2025, 10, 20))  # before the window: does not count
    submit_report(on_time, on=DUE)
    submit_report(late, on=dt.date(2025, 11, 28))
    round = services.round_create(actor=people["secretariat"], kind="month", opens_on=OPEN, due_on=DUE,
                                  directive=directive, today=OPEN)
    return round, on_time, late, missing


def test_round_status_per_unit(people, round_abc) -> None:
    round, on_time, late, _missing = round_abc
    status = selectors.round_status(user=people["secretariat"], round=round, today=dt.date(2025, 12, 1))
    assert (status.totals.expected, status.totals.on_time, status.totals.late, status.totals.missing) == (3, 1, 1, 1)
    by_unit = {line.unit.code: line for line in status.units}
    assert by_unit["phuong-hai-chau"].status == "missing"
    assert by_unit["so-khcn"].status == "late"
    assert {t.pk: s for t, s, _ in by_unit["so-khcn"].items} == {on_time.pk: "on_time", late.pk: "late"}
    assert status.totals.discipline == Decimal("33.33")


def test_unit_user_sees_only_their_units_line(people, round_abc) -> None:
    round = round_abc[0]
    status = selectors.round_status(user=people["head_b"], round=round, today=dt.date(2025, 12, 1))
    assert [line.unit.code for line in status.units] == ["phuong-hai-chau"]


def test_round_status_query_count_is_constant(people, make_task, round_abc, django_assert_num_queries) -> None:
    round = round_abc[0]
    with django_assert_num_queries(3):
        selectors.round_status(user=people["secretariat"], round=round, today=dt.date(2025, 12, 1))
    for _ in range(10):
        round.tasks.add(make_task())
    with django_assert_num_queries(3):
        selectors.round_status(user=people["secretariat"], round=round, today=dt.date(2025, 12, 1))


def test_unit_report_discipline_over_a_period(people, round_abc, unit_a, unit_b) -> None:
    result = selectors.unit_report_discipline([unit_a.pk, unit_b.pk], dt.date(2025, 10, 1), dt.date(2025, 12, 31),
                                              as_of=dt.date(2025, 12, 1))
    assert result[unit_a.pk].rate == Decimal("50.00") and result[unit_a.pk].late == 1
    assert result[unit_b.pk].rate == Decimal("0.00") and result[unit_b.pk].missing == 1
    # A round not yet due is held against no one.
    assert selectors.unit_report_discipline([unit_a.pk], dt.date(2025, 10, 1), dt.date(2025, 12, 31),
                                            as_of=dt.date(2025, 11, 20)) == {}


def test_workspace_obligations_of_an_open_round(people, round_abc) -> None:
    obligations = selectors.unit_round_obligations(user=people["officer_b"], today=dt.date(2025, 12, 1))
    assert len(obligations) == 1 and obligations[0].missing == 1
    assert selectors.unit_round_obligations(user=people["officer_b"], today=dt.date(2025, 12, 6)) == []
