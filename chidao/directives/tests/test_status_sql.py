"""The SQL mirror of the status rules (`selectors.status_filters`) agrees with `rules.task_status`.

Every task is built through the services with explicit dates (`assigned_on`, `on=`, `today=`), so
the history (reports, extensions, accepted and returned claims) is the one a unit would produce.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chidao.directives import rules
from chidao.directives.models import Task, TaskKind, TaskState
from chidao.directives.selectors import TaskFilters, counted_tasks, status_counts, task_list
from chidao.directives.services import task_cancel, task_create
from chidao.reporting.services import extension_decide, extension_request_create, report_review

D = dt.date
TODAY = D(2025, 11, 15)
CHECK_DAYS = [
    D(2025, 9, 15), D(2025, 10, 31), D(2025, 11, 1), TODAY, D(2025, 11, 30), D(2025, 12, 31),
    D(2026, 1, 1), D(2027, 1, 1),
]


def python_status(task: Task, today: dt.date) -> str:
    return rules.task_status(
        recurring=task.kind == TaskKind.RECURRING,
        cancelled=task.state == TaskState.CANCELLED,
        completed_on=task.completed_on,
        due_on=task.due_on,
        has_reports=task.last_reported_on is not None,
        today=today,
    )


def python_counts(today: dt.date) -> dict[str, int]:
    counted = counted_tasks(Task.objects.all())
    found = Counter(python_status(t, today) for t in counted)
    return {s: found.get(s, 0) for s in rules.STATUS_ORDER}


def assert_sql_agrees(user: Any, today: dt.date) -> None:
    assert status_counts(Task.objects.all(), today=today) == python_counts(today)
    rows = list(task_list(user=user, filters=TaskFilters(), today=today))
    assert rows, "task_list returned nothing to compare"
    for row in rows:
        assert row.status == python_status(row, today), (row.title, today)
    for status in rules.STATUS_ORDER:
        listed = {t.pk for t in task_list(user=user, filters=TaskFilters(status=status), today=today)}
        # Filtering on "open on time" also lists the not-started ones, which are part of it.
        wanted = {status, rules.NOT_STARTED} if status == rules.OPEN_ON_TIME else {status}
        expected = {t.pk for t in counted_tasks(Task.objects.all()) if python_status(t, today) in wanted}
        assert listed == expected, (status, today)


@pytest.fixture
def history(
    make_task: Callable[..., Task], submit_report: Callable[..., Any], complete_task: Callable[..., Task],
    secretariat: Any, leader: Any, head_a: Any, unit_b: Any, directive: Any,
) -> dict[str, Task]:
    """One task per situation, as of TODAY (15/11/2025)."""
    sep1 = D(2025, 9, 1)
    t: dict[str, Task] = {}

    t["done_on_time"] = make_task(title="Hoàn thành sớm", assigned_on=sep1, due_on=D(2025, 12, 31))
    complete_task(t["done_on_time"], on=D(2025, 11, 10))

    t["done_late"] = make_task(title="Hoàn thành muộn", assigned_on=sep1, due_on=D(2025, 10, 31))
    submit_report(t["done_late"], on=D(2025, 10, 15), progress=60)
    complete_task(t["done_late"], on=D(2025, 11, 5))

    # Extended from 31/10 to 30/11 before the deadline, then done on 10/11: on time.
    t["extended"] = make_task(title="Được gia hạn", assigned_on=sep1, due_on=D(2025, 10, 31))
    request = extension_request_create(actor=head_a, task=t["extended"], proposed_due_on=D(2025, 11, 30),
                                       reason="Chờ ý kiến của Bộ", today=D(2025, 10, 20))
    extension_decide(actor=leader, request=request, approve=True, reason="Đồng ý")
    t["extended"].refresh_from_db()
    complete_task(t["extended"], on=D(2025, 11, 10))

    t["open_reported"] = make_task(title="Đang làm", assigned_on=sep1, due_on=D(2025, 12, 31))
    submit_report(t["open_reported"], on=D(2025, 10, 1), progress=40)

    t["not_started"] = make_task(title="Chưa triển khai gì", assigned_on=sep1, due_on=D(2025, 12, 31))

    t["overdue_reported"] = make_task(title="Quá hạn có báo cáo", assigned_on=sep1, due_on=D(2025, 10, 31))
    submit_report(t["overdue_reported"], on=D(2025, 10, 15), progress=70)

    t["overdue_silent"] = make_task(title="Quá hạn im lặng", assigned_on=sep1, due_on=D(2025, 9, 30))

    # Claimed on 30/10 before the 1/11 deadline but not yet reviewed: still open, so overdue now.
    t["claim_pending"] = make_task(title="Chờ thẩm định", assigned_on=sep1, due_on=D(2025, 11, 1))
    submit_report(t["claim_pending"], on=D(2025, 10, 30), claim=True)

    # Claim returned: back to work, overdue.
    t["claim_returned"] = make_task(title="Bị trả lại", assigned_on=sep1, due_on=D(2025, 11, 1))
    returned = submit_report(t["claim_returned"], on=D(2025, 10, 28), claim=True)
    report_review(actor=secretariat, report=returned, accept=False, comment="Thiếu quyết định ban hành")

    t["recurring"] = make_task(title="Thường xuyên", kind=TaskKind.RECURRING, assigned_on=sep1)
    submit_report(t["recurring"], on=D(2025, 10, 1), progress=30)

    t["cancelled"] = make_task(title="Đã hủy", assigned_on=sep1, due_on=D(2025, 10, 1))
    task_cancel(actor=secretariat, task=t["cancelled"], reason="Điều chỉnh theo Kết luận 123-KL/TU")

    t["draft"] = make_task(title="Dự thảo", assign=False, due_on=D(2025, 10, 1))

    group = task_create(actor=secretariat, directive=directive, title="Nhóm nhiệm vụ hạ tầng", kind=TaskKind.GROUP)
    t["group"] = group
    t["child"] = make_task(title="Nhiệm vụ con", parent=group, assigned_on=sep1, due_on=D(2025, 10, 31),
                           support_units=[unit_b])
    for task in t.values():
        task.refresh_from_db()
    return t


def test_each_situation_has_the_status_a_user_expects(history: dict[str, Task], secretariat: Any) -> None:
    statuses = {row.title: row.status for row in task_list(user=secretariat, filters=TaskFilters(), today=TODAY)}
    assert statuses == {
        "Hoàn thành sớm": rules.DONE_ON_TIME,
        "Hoàn thành muộn": rules.DONE_LATE,
        "Được gia hạn": rules.DONE_ON_TIME,
        "Đang làm": rules.OPEN_ON_TIME,
        "Chưa triển khai gì": rules.NOT_STARTED,
        "Quá hạn có báo cáo": rules.OPEN_OVERDUE,
        "Quá hạn im lặng": rules.OPEN_OVERDUE,
        "Chờ thẩm định": rules.OPEN_OVERDUE,
        "Bị trả lại": rules.OPEN_OVERDUE,
        "Thường xuyên": rules.RECURRING,
        "Đã hủy": rules.CANCELLED,
        "Dự thảo": rules.OPEN_OVERDUE,  # the secretariat sees its drafts; they are counted nowhere
        "Nhiệm vụ con": rules.OPEN_OVERDUE,
    }
    assert history["extended"].original_due_on == D(2025, 10, 31)
    assert history["extended"].due_on == D(2025, 11, 30)


def test_counts_as_of_today(history: dict[str, Task]) -> None:
    counts = status_counts(Task.objects.all(), today=TODAY)
    assert counts == {
        rules.DONE_ON_TIME: 2,
        rules.DONE_LATE: 1,
        rules.OPEN_ON_TIME: 1,
        rules.NOT_STARTED: 1,
        rules.OPEN_OVERDUE: 5,  # the draft and the group are not counted
        rules.RECURRING: 1,
        rules.CANCELLED: 1,
    }
    rates = rules.rates_from_counts(counts)
    assert rates.due == 8
    assert rates.completion_rate == rules.percent(3, 8)
    assert rates.on_time_rate == rules.percent(2, 8)


@pytest.mark.parametrize("today", CHECK_DAYS, ids=[d.isoformat() for d in CHECK_DAYS])
def test_sql_and_python_agree_on_every_day(history: dict[str, Task], secretariat: Any, today: dt.date) -> None:
    assert_sql_agrees(secretariat, today)


# --- random histories ---------------------------------------------------------------------------

BASE = D(2025, 1, 1)

spec_st = st.fixed_dictionaries({
    "recurring": st.booleans(),
    "assigned": st.integers(0, 30),
    "due_after": st.integers(0, 120),
    "extension": st.one_of(st.none(), st.tuples(st.integers(0, 130), st.integers(1, 60), st.booleans())),
    "reports": st.lists(st.integers(0, 200), max_size=2),
    "claim": st.one_of(st.none(), st.tuples(st.sampled_from(["pending", "accepted", "returned"]),
                                             st.integers(0, 200))),
    "cancel": st.booleans(),
})


def build(spec: dict[str, Any], n: int, *, make_task: Callable[..., Task], submit_report: Callable[..., Any],
          secretariat: Any, leader: Any, head_a: Any) -> None:
    assigned_on = BASE + dt.timedelta(days=spec["assigned"])
    if spec["recurring"]:
        task = make_task(title=f"Ngẫu nhiên {n}", kind=TaskKind.RECURRING, assigned_on=assigned_on)
    else:
        task = make_task(title=f"Ngẫu nhiên {n}", assigned_on=assigned_on,
                         due_on=assigned_on + dt.timedelta(days=spec["due_after"]))
    if spec["extension"] and not spec["recurring"]:
        asked, extra, approve = spec["extension"]
        asked_on = assigned_on + dt.timedelta(days=asked)
        if asked_on <= task.due_on:
            request = extension_request_create(actor=head_a, task=task, reason="Cần thêm thời gian",
                                               proposed_due_on=task.due_on + dt.timedelta(days=extra),
                                               today=asked_on)
            extension_decide(actor=leader, request=request, approve=approve, reason="Ý kiến lãnh đạo")
            task.refresh_from_db()
    for offset in spec["reports"]:
        submit_report(task, on=assigned_on + dt.timedelta(days=offset), progress=50)
    if spec["claim"] and not spec["recurring"]:
        outcome, offset = spec["claim"]
        report = submit_report(task, on=assigned_on + dt.timedelta(days=offset), claim=True)
        if outcome != "pending":
            report_review(actor=secretariat, report=report, accept=outcome == "accepted",
                          comment="" if outcome == "accepted" else "Bổ sung minh chứng")
        task.refresh_from_db()
    if spec["cancel"] and task.state != TaskState.COMPLETED:
        task_cancel(actor=secretariat, task=task, reason="Điều chỉnh kế hoạch")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(spec_st, min_size=1, max_size=4),
       days=st.lists(st.integers(-10, 400), min_size=1, max_size=4))
def test_random_histories_agree(
    specs: list[dict[str, Any]], days: list[int], make_task: Callable[..., Task],
    submit_report: Callable[..., Any], secretariat: Any, leader: Any, head_a: Any,
) -> None:
    # Each example builds its own tasks and rolls them back, so examples never see each other.
    with transaction.atomic():
        for n, spec in enumerate(specs):
            build(spec, n, make_task=make_task, submit_report=submit_report, secretariat=secretariat,
                  leader=leader, head_a=head_a)
        for offset in days:
            assert_sql_agrees(secretariat, BASE + dt.timedelta(days=offset))
        transaction.set_rollback(True)
