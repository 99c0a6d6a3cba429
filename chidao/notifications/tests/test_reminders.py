"""Reminders, overdue notices and escalation under a controlled clock (time-machine)."""

import datetime as dt
from typing import Any

import pytest

from chidao.notifications import reminders, services
from chidao.notifications.models import Notification, NotificationKind, ReminderRun

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 11, 20)


def kinds_for(user: Any) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).exclude(kind="task_assigned")
                  .values_list("kind", flat=True))


def test_due_soon_reminder_goes_to_the_lead_unit_n_days_before_once(people, make_task, travel) -> None:
    task = make_task(due_on=DUE)
    travel(dt.date(2025, 11, 16))
    reminders.reminders_catch_up()
    assert kinds_for(people["officer_a"]) == []  # 4 days before: nothing yet
    travel(dt.date(2025, 11, 17), hour=0, minute=5)  # just after local midnight, N = 3 days before
    reminders.reminders_catch_up()
    reminders.reminders_catch_up()  # the next minute's tick: nothing twice
    reminders.reminders_run_day(day=dt.date(2025, 11, 17), force=True)  # even a forced rerun
    assert kinds_for(people["officer_a"]) == ["due_soon"]
    assert kinds_for(people["head_a"]) == ["due_soon"]
    assert kinds_for(people["officer_b"]) == [] and kinds_for(people["leader"]) == []
    note = Notification.objects.get(recipient=people["officer_a"], kind="due_soon")
    assert "Còn 3 ngày đến hạn" in note.title and note.url == f"/nhiem-vu/{task.pk}/"


def test_overdue_on_the_day_after_and_escalation_to_head_and_leader_after_m_days(people, make_task, travel) -> None:
    make_task(due_on=DUE)
    travel(dt.date(2025, 11, 20), hour=23, minute=59)
    reminders.reminders_catch_up()
    assert "overdue" not in kinds_for(people["officer_a"])  # still in time on the due date
    travel(dt.date(2025, 11, 21), hour=0, minute=1)
    reminders.reminders_catch_up()
    assert kinds_for(people["officer_a"]) == ["due_soon", "overdue"]  # first run caught up the reminder too
    travel(dt.date(2025, 11, 23))
    reminders.reminders_catch_up()
    assert "escalation" not in kinds_for(people["head_a"])
    travel(dt.date(2025, 11, 24))  # overdue since 21/11, M = 3 days later
    reminders.reminders_catch_up()
    assert "escalation" in kinds_for(people["head_a"])
    assert kinds_for(people["leader"]) == ["escalation"]
    assert "escalation" not in kinds_for(people["officer_a"])  # the escalation goes up, not sideways
    assert kinds_for(people["head_b"]) == []


def test_completed_cancelled_and_draft_tasks_get_no_reminders(people, make_task, travel, submit_report) -> None:
    from chidao.directives.services import task_cancel
    from chidao.reporting.services import report_review

    done = make_task(due_on=DUE)
    travel(dt.date(2025, 11, 10))
    report_review(actor=people["secretariat"], report=submit_report(done, on=dt.date(2025, 11, 10), claim=True),
                  accept=True)
    task_cancel(actor=people["secretariat"], task=make_task(due_on=DUE), reason="Điều chỉnh kế hoạch")
    make_task(due_on=DUE, assign=False)
    travel(dt.date(2025, 11, 21))
    reminders.reminders_catch_up()
    assert Notification.objects.filter(kind__in=["due_soon", "overdue"]).count() == 0


def test_extension_moves_the_reminder_to_the_new_deadline(people, make_task, travel) -> None:
    from chidao.reporting.services import extension_decide, extension_request_create

    task = make_task(due_on=DUE)
    travel(dt.date(2025, 11, 17))
    reminders.reminders_catch_up()
    request = extension_request_create(actor=people["head_a"], task=task, proposed_due_on=dt.date(2025, 12, 31),
                                       reason="Chờ ý kiến của Bộ")
    extension_decide(actor=people["leader"], request=request, approve=True, reason="Đồng ý")
    travel(dt.date(2025, 11, 21))
    reminders.reminders_catch_up()
    assert "overdue" not in kinds_for(people["officer_a"])  # no longer overdue: no notice
    travel(dt.date(2025, 12, 28))
    reminders.reminders_catch_up()
    assert kinds_for(people["officer_a"]).count("due_soon") == 2  # one per deadline


def test_interrupted_run_then_rerun_creates_each_reminder_once(people, make_task, travel, monkeypatch) -> None:
    """A run that dies half-way keeps what it committed; the next tick creates only the rest."""
    for _ in range(7):
        make_task(due_on=DUE)
    expected = 7 * 2  # officer and head of unit A, for each task
    monkeypatch.setattr(services, "CHUNK", 3)
    real = services._create_chunk
    calls = {"n": 0}

    def dying(*args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_create_chunk", dying)
    travel(dt.date(2025, 11, 17))
    with pytest.raises(RuntimeError):
        reminders.reminders_catch_up()
    partial = Notification.objects.filter(kind="due_soon").count()
    assert 0 < partial < expected
    assert ReminderRun.objects.get(day=dt.date(2025, 11, 17)).finished_at is None
    monkeypatch.setattr(services, "_create_chunk", real)
    travel(dt.date(2025, 11, 17), hour=9, minute=1)
    reminders.reminders_catch_up()
    keys = list(Notification.objects.filter(kind="due_soon").values_list("dedupe_key", flat=True))
    assert len(keys) == expected == len(set(keys))
    assert ReminderRun.objects.get(day=dt.date(2025, 11, 17)).finished_at is not None


def test_worker_off_for_two_days_catches_up_the_missed_overdue_notice(people, make_task, travel) -> None:
    make_task(due_on=DUE)
    travel(dt.date(2025, 11, 19))
    reminders.reminders_catch_up()
    travel(dt.date(2025, 11, 23))  # the worker was down on 21 and 22
    reminders.reminders_catch_up()
    assert "overdue" in kinds_for(people["officer_a"])
    finished = ReminderRun.objects.filter(finished_at__isnull=False).order_by("day").values_list("day", flat=True)
    assert list(finished)[-4:] == [dt.date(2025, 11, d) for d in (20, 21, 22, 23)]


def test_status_shown_on_pages_does_not_wait_for_the_worker(people, make_task, travel, client) -> None:
    task = make_task(due_on=DUE)
    travel(dt.date(2025, 11, 21))
    assert not ReminderRun.objects.exists()
    client.force_login(people["officer_a"])
    body = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "quá hạn" in body.lower()


def test_notification_kind_labels_are_vietnamese() -> None:
    assert NotificationKind.ESCALATION.label.startswith("Báo cáo vượt cấp")
