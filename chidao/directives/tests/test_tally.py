"""The task tally (directives/tally.py): the dashboard's counts kept by every write in its own
transaction, equal to a recount from the tasks after every kind of change, rebuilt when the day
turns; `manage.py check_aggregates` says when it is not."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from chidao.directives import rules
from chidao.directives.models import Task, TaskTally
from chidao.directives.selectors import counted_tasks, dashboard_get, status_counts_by_lead_unit
from chidao.directives.services import task_cancel, task_update
from chidao.directives.tally import tally_counts_by_lead_unit, tally_differences

pytestmark = pytest.mark.django_db


def _live(today: dt.date) -> dict[Any, dict[str, int]]:
    return status_counts_by_lead_unit(counted_tasks(Task.objects.all()), today=today)


def _assert_exact(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    tallied = tally_counts_by_lead_unit(directive_ids=None, today=today)
    assert tallied == _live(today)
    assert tally_differences(today=today) == []


def test_every_kind_of_write_keeps_the_tally_equal_to_a_recount(
    secretariat: Any, make_task: Any, submit_report: Any, complete_task: Any, unit_a: Any, unit_b: Any
) -> None:
    today = timezone.localdate()
    _assert_exact()  # built once, empty
    tasks = [make_task() for _ in range(4)]
    make_task(lead_unit=unit_b, due_on=today - dt.timedelta(days=3), assigned_on=today - dt.timedelta(days=40))
    _assert_exact()
    submit_report(tasks[0])  # reported: not started → open on time
    _assert_exact()
    complete_task(tasks[1], on=today)
    _assert_exact()
    task_cancel(actor=secretariat, task=tasks[2], reason="Trùng nhiệm vụ khác")
    _assert_exact()
    task = Task.objects.get(pk=tasks[3].pk)
    task_update(actor=secretariat, task=task, title=task.title, lead_unit=unit_b, support_units=[],
                kind=task.kind, due_on=task.due_on, expected_output=task.expected_output, field=task.field)
    _assert_exact()  # both the old unit's counts and the new one's
    counts = tally_counts_by_lead_unit(directive_ids=None, today=today)
    assert counts[unit_b.pk][rules.OPEN_OVERDUE] == 1
    assert counts[unit_a.pk][rules.DONE_ON_TIME] == 1
    assert counts[unit_a.pk][rules.CANCELLED] == 1


def test_a_rolled_back_write_leaves_the_tally_as_it_was(make_task: Any) -> None:
    make_task()
    _assert_exact()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_task()
        raise RuntimeError
    assert sum(TaskTally.objects.values_list("n", flat=True)) == 1
    _assert_exact()


def test_the_day_turning_rebuilds_the_tally_and_the_task_becomes_overdue(make_task: Any, client_as: Any,
                                                                          secretariat: Any) -> None:
    # Due on 10/03/2026; 23:59 on that day and 00:01 the next in Asia/Ho_Chi_Minh (UTC+7).
    with time_machine.travel(dt.datetime(2026, 3, 10, 16, 59, tzinfo=dt.UTC), tick=False):
        make_task(due_on=dt.date(2026, 3, 10), assigned_on=dt.date(2026, 2, 1))
        assert dashboard_get(user=secretariat, today=timezone.localdate()).counts[rules.OPEN_OVERDUE] == 0
    with time_machine.travel(dt.datetime(2026, 3, 10, 17, 1, tzinfo=dt.UTC), tick=False):
        assert dashboard_get(user=secretariat, today=timezone.localdate()).counts[rules.OPEN_OVERDUE] == 1
        _assert_exact()


def test_the_committee_dashboard_reads_the_tally_and_shows_the_same_as_a_recount(
    secretariat: Any, officer_a: Any, make_task: Any, directive: Any
) -> None:
    for _ in range(3):
        make_task()
    today = timezone.localdate()
    fast = dashboard_get(user=secretariat, today=today, directive=directive)
    unit_view = dashboard_get(user=officer_a, today=today, directive=directive)  # a unit's: counted live
    assert fast.counts == unit_view.counts
    assert sum(fast.counts.values()) == 3


def test_check_aggregates_says_exact_then_finds_and_fixes_a_difference(make_task: Any) -> None:
    make_task()
    _assert_exact()
    out = StringIO()
    call_command("check_aggregates", stdout=out)
    assert "khớp" in out.getvalue()
    TaskTally.objects.update(n=99)
    with pytest.raises(CommandError, match="lệch"):
        call_command("check_aggregates", stdout=StringIO())
    call_command("check_aggregates", "--fix", stdout=StringIO())
    assert tally_differences() == []


def test_a_rebuild_keeps_every_cached_figure(make_task: Any) -> None:
    from chidao.core.concerns import concern_versions
    from chidao.directives.tally import tally_rebuild

    make_task()
    before = concern_versions()
    tally_rebuild()  # the same counts: the first reader of a day must not empty the dashboards
    assert concern_versions() == before
    _assert_exact()
