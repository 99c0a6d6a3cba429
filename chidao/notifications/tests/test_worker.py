"""The worker command: one pass runs the tick through the task queue."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from chidao.notifications.models import EmailDelivery, Notification, ReminderRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch) -> None:
    """The worker drops stale connections between tasks, as a long-running process must. Inside a
    test the connection holds the test's transaction (autocommit off), which Django counts as
    "obsolete": on PostgreSQL it would be closed under the test. Keep it for the test's sake."""
    import django_tasks_db.management.commands.db_worker as db_worker

    import chidao.notifications.management.commands.run_worker as run_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_worker, "close_old_connections", lambda: None)


def test_one_worker_pass_generates_reminders_and_sends_mail(people, make_task, travel, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    travel(dt.date(2025, 11, 1))
    make_task(due_on=dt.date(2025, 11, 20))
    mail.outbox.clear()
    travel(dt.date(2025, 11, 17), hour=0, minute=10)
    call_command("run_worker", "--once")
    assert ReminderRun.objects.filter(day=dt.date(2025, 11, 17), finished_at__isnull=False).exists()
    assert Notification.objects.filter(kind="due_soon").count() == 2
    assert not EmailDelivery.objects.filter(state="pending").exists()
    subjects = [m.subject for m in mail.outbox]
    assert sum("Còn 3 ngày đến hạn" in s for s in subjects) == 2
    assert sum("Nhiệm vụ mới được giao" in s for s in subjects) == 2
