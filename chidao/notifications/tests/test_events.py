"""Notifications that follow decisions: assignment, review, extension, directions."""

import datetime as dt

import pytest

from chidao.notifications import services
from chidao.notifications.models import DeliveryState, EmailDelivery, Notification, NotificationKind

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_assigning_a_task_tells_the_lead_unit_only(people, make_task) -> None:
    from chidao.directives.services import task_assign

    task = make_task(assign=False)
    assert kinds(people["officer_a"]) == []
    task_assign(actor=people["secretariat"], task=task, assigned_on=dt.date(2025, 1, 2))
    assert kinds(people["officer_a"]) == ["task_assigned"] and kinds(people["head_a"]) == ["task_assigned"]
    assert kinds(people["officer_b"]) == [] and kinds(people["secretariat"]) == []
    note = Notification.objects.get(recipient=people["officer_a"])
    assert "Nhiệm vụ mới được giao" in note.title and "31/12/2025" in note.body
    assert EmailDelivery.objects.filter(notification__recipient=people["officer_a"],
                                        state=DeliveryState.PENDING).count() == 1


def test_returned_report_and_accepted_completion_reach_the_unit(people, make_task, submit_report, travel) -> None:
    from chidao.reporting.services import report_review

    travel(dt.date(2025, 11, 10))
    task = make_task()
    report_review(actor=people["secretariat"], report=submit_report(task, on=dt.date(2025, 11, 10)), accept=False,
                  comment="Thiếu số liệu giải ngân")
    note = Notification.objects.get(recipient=people["officer_a"], kind="report_returned")
    assert "Thiếu số liệu giải ngân" in note.body
    report_review(actor=people["secretariat"], report=submit_report(task, on=dt.date(2025, 11, 10)), accept=True)
    assert "completion_accepted" not in kinds(people["officer_a"])  # a routine report: no noise
    report_review(actor=people["secretariat"], report=submit_report(task, on=dt.date(2025, 11, 10), claim=True),
                  accept=True)
    assert "completion_accepted" in kinds(people["head_a"])
    assert kinds(people["head_b"]) == []


def test_extension_decision_is_notified_with_the_leaders_reason(people, make_task, travel) -> None:
    from chidao.reporting.services import extension_decide, extension_request_create

    travel(dt.date(2025, 11, 10))
    task = make_task()
    request = extension_request_create(actor=people["head_a"], task=task, proposed_due_on=dt.date(2026, 3, 31),
                                       reason="Chờ vốn")
    extension_decide(actor=people["leader"], request=request, approve=False, reason="Không đủ căn cứ")
    note = Notification.objects.get(recipient=people["head_a"], kind="extension_decided")
    assert note.title.startswith("Không đồng ý gia hạn") and "Không đủ căn cứ" in note.body


def test_notify_for_directions_is_idempotent_and_respects_email_preference(people) -> None:
    services.preferences_set(actor=people["head_a"], email_enabled={NotificationKind.DIRECTION_GIVEN: False})
    for _ in range(2):
        created = services.notification_create(
            recipients=[people["head_a"], people["officer_a"]], kind=NotificationKind.DIRECTION_GIVEN,
            subject="direction:9", title="Ý kiến chỉ đạo của Trưởng ban")
    assert created == 0
    assert Notification.objects.filter(kind="direction_given").count() == 2
    assert list(EmailDelivery.objects.values_list("notification__recipient", flat=True)) == [people["officer_a"].pk]


def test_unknown_kind_is_a_programming_error(people) -> None:
    with pytest.raises(ValueError):
        services.notify(recipients=[people["head_a"]], kind="gossip", subject="x", title="x")
