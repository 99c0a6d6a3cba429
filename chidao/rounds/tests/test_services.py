"""Opening, closing and the daily part of reporting rounds, through the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.audit.models import AuditEvent
from chidao.notifications.models import Notification
from chidao.notifications.reminders import reminders_catch_up
from chidao.rounds import selectors, services
from chidao.rounds.models import ReportingRound, RoundState

pytestmark = pytest.mark.django_db

OPEN, DUE = dt.date(2025, 11, 1), dt.date(2025, 11, 25)


def open_round(people, directive, **kw):  # type: ignore[no-untyped-def]
    params = {"actor": people["secretariat"], "kind": "month", "opens_on": OPEN, "due_on": DUE,
              "directive": directive, "today": OPEN}
    params.update(kw)
    return services.round_create(**params)


def test_due_date_before_opening_is_refused_and_nothing_is_created(people, directive, make_task) -> None:
    make_task()
    with pytest.raises(ValidationError) as exc:
        open_round(people, directive, due_on=dt.date(2025, 10, 31))
    assert "không được trước ngày mở kỳ" in exc.value.message_dict["due_on"][0]
    assert not ReportingRound.objects.exists()
    assert not AuditEvent.objects.filter(action="round.create").exists()


def test_only_the_standing_office_opens_and_closes_rounds(people, directive, make_task) -> None:
    make_task()
    for name in ("head_a", "officer_a", "leader", "member"):
        with pytest.raises(PermissionDenied):
            open_round(people, directive, actor=people[name])
    round = open_round(people, directive)
    with pytest.raises(PermissionDenied):
        services.round_close(actor=people["head_a"], round=round)
    assert ReportingRound.objects.get().state == RoundState.OPEN


def test_round_expects_the_assigned_leaf_tasks_of_the_chosen_units(people, directive, make_task, unit_b) -> None:
    from chidao.directives.services import task_cancel, task_create

    a1 = make_task()
    b1 = make_task(lead_unit=unit_b)
    make_task(assign=False)  # draft: not expected
    task_cancel(actor=people["secretariat"], task=make_task(), reason="Điều chỉnh")
    task_create(actor=people["secretariat"], directive=directive, title="Nhóm 1", kind="group")
    assert set(open_round(people, directive).tasks.all()) == {a1, b1}
    assert set(open_round(people, directive, units=[unit_b]).tasks.all()) == {b1}
    with pytest.raises(ValidationError):
        open_round(people, directive, units=[unit_b], tasks=[a1])  # a1 is not led by unit B


def test_opening_tells_each_unit_what_it_owes(people, directive, make_task, unit_b) -> None:
    make_task()
    make_task()
    make_task(lead_unit=unit_b)
    round = open_round(people, directive)
    note = Notification.objects.get(recipient=people["officer_a"], kind="round_opened")
    assert "2 nhiệm vụ" in note.body and note.url == f"/ky-bao-cao/{round.pk}/"
    assert "1 nhiệm vụ" in Notification.objects.get(recipient=people["head_b"], kind="round_opened").body
    assert not Notification.objects.filter(recipient=people["leader"]).exists()


def test_future_round_is_announced_by_the_worker_on_its_opening_day(people, directive, make_task, travel) -> None:
    make_task()
    travel(dt.date(2025, 10, 20))
    open_round(people, directive, today=dt.date(2025, 10, 20))
    assert not Notification.objects.filter(kind="round_opened").exists()
    travel(dt.date(2025, 11, 1), hour=0, minute=5)
    reminders_catch_up()
    reminders_catch_up()
    assert Notification.objects.filter(kind="round_opened").count() == 2


def test_worker_reminds_missing_units_and_closes_the_round(people, directive, make_task, unit_b, travel,
                                                          submit_report) -> None:
    travel(OPEN)
    a = make_task()
    make_task(lead_unit=unit_b)
    round = open_round(people, directive)
    submit_report(a, on=dt.date(2025, 11, 10))  # unit A reported; unit B did not
    travel(dt.date(2025, 11, 22))
    reminders_catch_up()
    soon = Notification.objects.filter(kind="due_soon", dedupe_key__contains=f"round:{round.pk}")
    assert {n.recipient_id for n in soon} == {people["head_b"].pk, people["officer_b"].pk}
    travel(dt.date(2025, 11, 26))
    reminders_catch_up()
    assert Notification.objects.filter(kind="overdue", recipient=people["head_b"]).exists()
    assert not Notification.objects.filter(kind="overdue", recipient=people["head_a"]).exists()
    travel(dt.date(2025, 12, 6))  # closes_on = due + 10 days = 05/12
    assert selectors.round_status(user=people["secretariat"], round=round, today=dt.date(2025, 12, 6)).state == "closed"
    reminders_catch_up()
    round.refresh_from_db()
    assert round.state == RoundState.CLOSED
    assert AuditEvent.objects.filter(action="round.close", actor_id=None).count() == 1
