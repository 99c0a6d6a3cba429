"""Escalation to the leader in charge, and N / M as the standing office sets them on the
supervision settings page — under a controlled clock (time-machine)."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.core.tests.helpers import by_testid
from chidao.directives import services as directive_services
from chidao.notifications import reminders
from chidao.notifications.models import Notification
from chidao.supervision.models import SupervisionSettings
from chidao.supervision.services import SETTING_FIELDS

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 11, 20)
ESCALATION_DAY = dt.date(2025, 11, 24)  # overdue from 21/11, M = 3 days later


@pytest.fixture
def vice(db: None) -> Any:
    from chidao.orgs.services import user_create

    return user_create(actor=None, username="photruongban", password="MatKhau!2025", role="leader",
                       full_name="Lê Quang Nam", email="lqnam@danang.example")


def escalations(user: Any) -> int:
    return Notification.objects.filter(recipient=user, kind="escalation").count()


def escalate(travel: Any) -> None:
    travel(dt.date(2025, 11, 23))
    reminders.reminders_catch_up()
    travel(ESCALATION_DAY)
    reminders.reminders_catch_up()


def test_escalation_goes_to_the_unit_head_and_the_tasks_own_leader_only(people, make_task, vice, travel) -> None:
    make_task(due_on=DUE, leader_in_charge=vice)
    escalate(travel)
    assert escalations(people["head_a"]) == 1 and escalations(vice) == 1
    assert escalations(people["leader"]) == 0  # a leader not in charge gets nothing
    assert escalations(people["officer_a"]) == escalations(people["head_b"]) == escalations(people["member"]) == 0
    note = Notification.objects.get(recipient=vice, kind="escalation")
    assert note.title.startswith("Quá hạn 4 ngày, cần chỉ đạo")  # 4 days past the due date


def test_escalation_follows_the_directive_then_the_group(people, make_task, directive, vice, travel) -> None:
    secretariat = people["secretariat"]
    directive_services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=people["leader"])
    group = directive_services.task_create(actor=secretariat, directive=directive, title="Nhóm hạ tầng số",
                                           kind="group", leader_in_charge=vice)
    by_directive = make_task(due_on=DUE)
    by_group = make_task(due_on=DUE, parent=group)
    escalate(travel)
    to_leader = Notification.objects.filter(recipient=people["leader"], kind="escalation")
    to_vice = Notification.objects.filter(recipient=vice, kind="escalation")
    assert [n.url for n in to_leader] == [f"/nhiem-vu/{by_directive.pk}/"]
    assert [n.url for n in to_vice] == [f"/nhiem-vu/{by_group.pk}/"]
    assert escalations(people["head_a"]) == 2


def test_without_any_leader_in_charge_every_leader_is_told(people, make_task, vice, travel) -> None:
    make_task(due_on=DUE)
    escalate(travel)
    assert escalations(people["leader"]) == escalations(vice) == escalations(people["head_a"]) == 1


def test_a_leader_in_charge_who_left_falls_back_to_every_leader(people, make_task, vice, travel) -> None:
    from chidao.orgs.models import User

    make_task(due_on=DUE, leader_in_charge=vice)
    User.objects.filter(pk=vice.pk).update(is_active=False)
    escalate(travel)
    assert escalations(people["leader"]) == 1 and escalations(vice) == 0


def test_escalation_run_reads_leaders_in_a_constant_number_of_queries(people, make_task, vice, travel,
                                                                      django_assert_max_num_queries) -> None:
    for _ in range(3):
        make_task(due_on=DUE, leader_in_charge=vice)
    travel(ESCALATION_DAY)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        reminders._task_drafts(ESCALATION_DAY)
    for _ in range(12):
        make_task(due_on=DUE, leader_in_charge=people["leader"])
        make_task(due_on=DUE)
    with django_assert_max_num_queries(len(small.captured_queries) + 1):  # + every leader, for the bare tasks
        drafts = reminders._task_drafts(ESCALATION_DAY)
    assert len(drafts["escalation"]) == 3 * 2 + 12 * 2 + 12 * 3


# --- N and M from the settings page -----------------------------------------------------------


def settings_data(**overrides: Any) -> dict[str, Any]:
    current = SupervisionSettings.objects.filter(pk=1).first() or SupervisionSettings()
    return {**{name: getattr(current, name) for name in SETTING_FIELDS}, **overrides}


def test_until_saved_n_and_m_come_from_the_deployment(settings) -> None:
    settings.CHIDAO_REMIND_DAYS_BEFORE, settings.CHIDAO_ESCALATE_AFTER_DAYS = 5, 99
    assert reminders.reminder_days() == (5, 30)  # kept inside 1–30


def test_changing_n_on_the_page_changes_who_is_reminded_on_the_next_run(people, make_task, client, travel) -> None:
    in_three = make_task(due_on=dt.date(2025, 11, 20))
    in_five = make_task(due_on=dt.date(2025, 11, 22))
    travel(dt.date(2025, 11, 16))
    reminders.reminders_catch_up()
    client.force_login(people["secretariat"])
    page = client.get(reverse("supervision_settings")).content.decode()
    assert 'name="remind_days_before"' in page and "Nhắc trước hạn (số ngày)" in page
    response = client.post(reverse("supervision_settings"), settings_data(remind_days_before=5))
    assert response.status_code == 302
    travel(dt.date(2025, 11, 17))
    reminders.reminders_catch_up()
    reminded = set(Notification.objects.filter(kind="due_soon", recipient=people["officer_a"])
                   .values_list("url", flat=True))
    assert reminded == {f"/nhiem-vu/{in_five.pk}/"}  # due 22/11 = 17/11 + 5
    assert f"/nhiem-vu/{in_three.pk}/" not in reminded  # due 20/11: would have been reminded under N = 3
    note = Notification.objects.get(kind="due_soon", recipient=people["officer_a"])
    assert note.title.startswith("Còn 5 ngày đến hạn")
    event = AuditEvent.objects.get(action="supervision.settings_update")
    assert event.before["remind_days_before"] == 3 and event.after["remind_days_before"] == 5
    assert event.actor == people["secretariat"]


def test_changing_m_on_the_page_moves_the_escalation(people, make_task, client, travel) -> None:
    make_task(due_on=DUE)
    client.force_login(people["admin"])
    assert client.post(reverse("supervision_settings"), settings_data(escalate_after_days=1)).status_code == 302
    travel(dt.date(2025, 11, 21))
    reminders.reminders_catch_up()
    assert escalations(people["head_a"]) == 0
    travel(dt.date(2025, 11, 22))  # overdue since 21/11, M = 1 day later
    reminders.reminders_catch_up()
    assert escalations(people["head_a"]) == 1 and escalations(people["leader"]) == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("remind_days_before", "0", "Số ngày phải là số nguyên từ 1 đến 30."),
    ("remind_days_before", "31", "Số ngày phải là số nguyên từ 1 đến 30."),
    ("escalate_after_days", "45", "Số ngày phải là số nguyên từ 1 đến 30."),
    ("escalate_after_days", "2,5", "Số ngày phải là số nguyên từ 1 đến 30."),
    ("remind_days_before", "ba", "Số ngày phải là số nguyên từ 1 đến 30."),
    ("remind_days_before", "", "Trường này là bắt buộc."),
])
def test_bad_values_are_refused_and_nothing_changes(people, client, field, value, message) -> None:
    client.force_login(people["secretariat"])
    response = client.post(reverse("supervision_settings"), settings_data(**{field: value}))
    assert response.status_code == 200
    assert by_testid(response, f"error-{field}") == message
    assert not SupervisionSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="supervision.settings_update").exists()
    assert reminders.reminder_days() == (3, 3)


def test_the_service_refuses_out_of_range_days_too(people) -> None:
    from django.core.exceptions import ValidationError

    from chidao.supervision.services import supervision_settings_update

    with pytest.raises(ValidationError) as exc:
        supervision_settings_update(actor=people["secretariat"], remind_days_before=0, escalate_after_days=31)
    assert set(exc.value.message_dict) == {"remind_days_before", "escalate_after_days"}
    assert not SupervisionSettings.objects.exists()


@pytest.mark.parametrize("who", ["leader", "member", "head_a", "officer_a", "head_b", "officer_b"])
def test_only_the_standing_office_and_admin_change_n_and_m(people, client, who) -> None:
    client.force_login(people[who])
    url = reverse("supervision_settings")
    assert client.get(url).status_code == 403
    assert client.post(url, settings_data(remind_days_before=7, escalate_after_days=7)).status_code == 403
    assert not SupervisionSettings.objects.exists()
    assert reminders.reminder_days() == (3, 3)
