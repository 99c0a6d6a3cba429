"""The leader in charge (lãnh đạo phụ trách) of directives and tasks: set on the forms by the
standing office, inherited task ← group ← directive, only ever a committee leader, audited,
shown on the pages, filterable on the task list and in the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.core.tests.helpers import by_testid, ddmmyyyy, listed_task_ids, text, today
from chidao.directives import rules, selectors, services
from chidao.directives.models import Directive, Task, TaskKind

pytestmark = pytest.mark.django_db

NOT_A_LEADER = "không phải lãnh đạo Ban Chỉ đạo"
FORM_REFUSED = "Lãnh đạo phụ trách phải là một lãnh đạo Ban Chỉ đạo đang hoạt động"


@pytest.fixture
def vice(db: None) -> Any:
    """A second committee leader, so 'the leader in charge' is not simply 'the leader'."""
    from chidao.orgs.services import user_create

    return user_create(actor=None, username="photruongban", password="MatKhau!2025", role="leader",
                       full_name="Lê Quang Nam", job_title="Phó Trưởng ban")


def resolved(task: Task) -> tuple[Any, str]:
    fresh = Task.objects.select_related("parent", "directive", *selectors.LEADER_RELATED).get(pk=task.pk)
    return selectors.task_leader_in_charge(fresh)


# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(("task", "group", "directive", "expected"), [
    (1, 2, 3, rules.LEADER_OWN),
    (None, 2, 3, rules.LEADER_FROM_GROUP),
    (None, None, 3, rules.LEADER_FROM_DIRECTIVE),
    (1, None, None, rules.LEADER_OWN),
    (None, None, None, ""),
])
def test_the_nearest_level_wins(task: int | None, group: int | None, directive: int | None, expected: str) -> None:
    assert rules.leader_in_charge_source(task_leader_id=task, group_leader_id=group,
                                         directive_leader_id=directive) == expected


# --- services --------------------------------------------------------------------------------


def test_task_inherits_from_group_then_directive_and_may_override(
        secretariat: Any, leader: Any, vice: Any, unit_a: Any, directive: Any) -> None:
    services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=leader)
    group = services.task_create(actor=secretariat, directive=directive, title="Nhóm hạ tầng", kind=TaskKind.GROUP)
    plain = services.task_create(actor=secretariat, directive=directive, title="Nhiệm vụ thường", lead_unit=unit_a,
                                 due_on=today() + dt.timedelta(days=30))
    in_group = services.task_create(actor=secretariat, directive=directive, parent=group, title="Trong nhóm",
                                    lead_unit=unit_a, due_on=today() + dt.timedelta(days=30))
    assert resolved(plain) == (leader, rules.LEADER_FROM_DIRECTIVE)
    assert resolved(in_group) == (leader, rules.LEADER_FROM_DIRECTIVE)
    services.task_update(actor=secretariat, task=group, title=group.title, lead_unit=None, support_units=[],
                         kind=TaskKind.GROUP, due_on=None, expected_output="", field=group.field,
                         leader_in_charge=vice)
    assert resolved(in_group) == (vice, rules.LEADER_FROM_GROUP)
    assert resolved(plain) == (leader, rules.LEADER_FROM_DIRECTIVE)  # outside the group: unchanged
    own = services.task_create(actor=secretariat, directive=directive, parent=group, title="Riêng", lead_unit=unit_a,
                               due_on=today() + dt.timedelta(days=30), leader_in_charge=leader)
    assert resolved(own) == (leader, rules.LEADER_OWN)


def test_an_edit_that_does_not_mention_the_leader_keeps_it(secretariat: Any, vice: Any, make_task: Any) -> None:
    task = make_task(leader_in_charge=vice)
    services.task_update(actor=secretariat, task=task, title="Nội dung mới", lead_unit=task.lead_unit,
                         support_units=[], kind=task.kind, due_on=task.due_on, expected_output="", field=task.field)
    task.refresh_from_db()
    assert task.leader_in_charge == vice and task.title == "Nội dung mới"


def test_changes_of_the_leader_in_charge_are_audited(secretariat: Any, leader: Any, vice: Any, make_task: Any,
                                                     directive: Any) -> None:
    task = make_task(leader_in_charge=leader)
    assert AuditEvent.objects.get(action="task.create", task_ref=task.pk).after["leader_in_charge"] == "truongban"
    services.task_update(actor=secretariat, task=task, title=task.title, lead_unit=task.lead_unit,
                         support_units=[], kind=task.kind, due_on=task.due_on, expected_output="",
                         field=task.field, leader_in_charge=vice)
    event = AuditEvent.objects.get(action="task.update", task_ref=task.pk)
    assert (event.before["leader_in_charge"], event.after["leader_in_charge"]) == ("truongban", "photruongban")
    services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=vice)
    services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=None)
    events = list(AuditEvent.objects.filter(action="directive.leader_in_charge").order_by("id"))
    assert [(e.before, e.after) for e in events] == [
        ({"leader_in_charge": None}, {"leader_in_charge": "photruongban"}),
        ({"leader_in_charge": "photruongban"}, {"leader_in_charge": None}),
    ]
    assert events[0].actor == secretariat


@pytest.mark.parametrize("who", ["secretariat", "head_a", "member", "admin"])
def test_only_a_committee_leader_may_be_in_charge(who: str, request: Any, secretariat: Any, make_task: Any,
                                                  directive: Any, unit_a: Any) -> None:
    person = request.getfixturevalue(who)
    task = make_task()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=secretariat, directive=directive, title="X", lead_unit=unit_a,
                             due_on=today() + dt.timedelta(days=10), leader_in_charge=person)
    assert NOT_A_LEADER in exc.value.message_dict["leader_in_charge"][0]
    with pytest.raises(ValidationError):
        services.task_update(actor=secretariat, task=task, title=task.title, lead_unit=task.lead_unit,
                             support_units=[], kind=task.kind, due_on=task.due_on, expected_output="",
                             field=task.field, leader_in_charge=person)
    with pytest.raises(ValidationError):
        services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=person)
    with pytest.raises(ValidationError):
        services.directive_create(actor=secretariat, code="99-KH/UBND", kind="plan", title="Kế hoạch",
                                  leader_in_charge=person)
    task.refresh_from_db()
    directive.refresh_from_db()
    assert task.leader_in_charge_id is None and directive.leader_in_charge_id is None
    assert not Directive.objects.filter(code="99-KH/UBND").exists() and Task.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_leader_who_left_cannot_be_newly_chosen(secretariat: Any, vice: Any, make_task: Any) -> None:
    from chidao.orgs.models import User

    User.objects.filter(pk=vice.pk).update(is_active=False)
    vice.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        make_task(leader_in_charge=vice)
    assert "đã thôi hoạt động" in exc.value.message_dict["leader_in_charge"][0]


@pytest.mark.parametrize("who", ["leader", "member", "head_a", "officer_b"])
def test_only_the_standing_office_sets_a_directives_leader(who: str, request: Any, leader: Any,
                                                           directive: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.directive_leader_set(actor=request.getfixturevalue(who), directive=directive,
                                      leader_in_charge=leader)
    directive.refresh_from_db()
    assert directive.leader_in_charge_id is None


# --- pages -----------------------------------------------------------------------------------


def test_task_form_sets_the_leader_and_the_task_page_shows_it(client_as: Any, secretariat: Any, leader: Any,
                                                              vice: Any, directive: Any, unit_a: Any,
                                                              officer_a: Any) -> None:
    c = client_as(secretariat)
    form = text(c.get(reverse("task_create") + f"?directive={directive.pk}"))
    select = re.search(r'<select name="leader_in_charge".*?</select>', form, re.S)
    assert "Lãnh đạo phụ trách" in form and select is not None
    assert "Lê Quang Nam – Phó Trưởng ban" in select.group(0) and "Nguyễn Văn Trưởng" in select.group(0)
    assert "Lê Thị Thường Trực" not in select.group(0)  # only leaders are offered
    data = {
        "directive": directive.pk, "title": "Xây dựng kho dữ liệu dùng chung", "kind": "deadline",
        "lead_unit": unit_a.pk, "due_on": ddmmyyyy(today() + dt.timedelta(days=90)), "field": "data",
        "assign": "on", "leader_in_charge": vice.pk,
    }
    response = c.post(reverse("task_create"), data)
    task = Task.objects.get(title="Xây dựng kho dữ liệu dùng chung")
    assert response.status_code == 302 and task.leader_in_charge == vice
    # The lead unit sees who follows its task.
    page = client_as(officer_a).get(reverse("task_detail", args=[task.pk]))
    assert "Lê Quang Nam, Phó Trưởng ban" in by_testid(page, "leader-in-charge")
    # Cleared on the edit form: the task follows its directive.
    services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=leader)
    edit = {**data, "leader_in_charge": "", "weight": "", "code": "", "parent": ""}
    del edit["assign"]
    assert c.post(reverse("task_edit", args=[task.pk]), edit).status_code == 302
    task.refresh_from_db()
    assert task.leader_in_charge_id is None
    page = c.get(reverse("task_detail", args=[task.pk]))
    assert "Nguyễn Văn Trưởng" in by_testid(page, "leader-in-charge")
    assert by_testid(page, "leader-source") == "(theo văn bản)"


def test_task_form_refuses_a_person_who_is_not_a_leader(client_as: Any, secretariat: Any, head_a: Any,
                                                        make_task: Any) -> None:
    task = make_task()
    c = client_as(secretariat)
    data = {"directive": task.directive_id, "title": "Sửa", "kind": "deadline", "lead_unit": task.lead_unit_id,
            "due_on": ddmmyyyy(task.due_on), "field": task.field, "leader_in_charge": head_a.pk}
    response = c.post(reverse("task_edit", args=[task.pk]), data)
    assert response.status_code == 200 and FORM_REFUSED in text(response)
    task.refresh_from_db()
    assert task.leader_in_charge_id is None and task.title != "Sửa"


def test_directive_form_and_page(client_as: Any, secretariat: Any, leader: Any, vice: Any, head_a: Any,
                                 head_b: Any) -> None:
    c = client_as(secretariat)
    response = c.post(reverse("directive_create"), {"code": "15-CTr/TU", "kind": "programme",
                                                    "title": "Chương trình hành động", "leader_in_charge": leader.pk})
    directive = Directive.objects.get(code="15-CTr/TU")
    assert response.status_code == 302 and directive.leader_in_charge == leader
    page = c.get(reverse("directive_detail", args=[directive.pk]))
    assert "Nguyễn Văn Trưởng" in by_testid(page, "directive-leader")
    assert 'data-testid="save-directive-leader"' in text(page)
    url = reverse("directive_leader_set", args=[directive.pk])
    # Refused: a unit head; the page says why and nothing changes.
    response = c.post(url, {"leader_in_charge": head_a.pk}, follow=True)
    assert FORM_REFUSED in text(response)
    directive.refresh_from_db()
    assert directive.leader_in_charge == leader
    assert c.post(url, {"leader_in_charge": vice.pk}).status_code == 302
    directive.refresh_from_db()
    assert directive.leader_in_charge == vice
    # Units and leaders see the leader in charge but cannot change it (403, nothing changes).
    for person in (head_a, head_b, leader):
        other = client_as(person)
        page = other.get(reverse("directive_detail", args=[directive.pk]))
        assert "Lê Quang Nam" in by_testid(page, "directive-leader")
        assert 'data-testid="save-directive-leader"' not in text(page)
        assert other.post(url, {"leader_in_charge": leader.pk}).status_code == 403
    directive.refresh_from_db()
    assert directive.leader_in_charge == vice
    assert c.post(reverse("directive_leader_set", args=[directive.pk + 999]),
                  {"leader_in_charge": leader.pk}).status_code == 404


def test_other_unit_cannot_open_a_task_to_learn_its_leader(client_as: Any, head_b: Any, leader: Any,
                                                          make_task: Any) -> None:
    task = make_task(leader_in_charge=leader)
    assert client_as(head_b).get(reverse("task_detail", args=[task.pk])).status_code == 404


def test_task_list_filters_by_the_resolved_leader(client_as: Any, secretariat: Any, leader: Any, vice: Any,
                                                  directive: Any, make_task: Any, unit_a: Any, head_a: Any,
                                                  head_b: Any, django_assert_max_num_queries: Any) -> None:
    services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=leader)
    group = services.task_create(actor=secretariat, directive=directive, title="Nhóm", kind=TaskKind.GROUP,
                                 leader_in_charge=vice)
    by_directive = make_task()
    by_group = make_task(parent=group)
    own = make_task(leader_in_charge=vice)
    own_in_group = make_task(parent=group, leader_in_charge=leader)
    url = reverse("task_list")
    c = client_as(secretariat)
    assert listed_task_ids(c.get(url, {"leader": leader.pk})) == {by_directive.pk, own_in_group.pk}
    assert listed_task_ids(c.get(url, {"leader": vice.pk})) == {by_group.pk, own.pk}
    assert 'name="leader"' in text(c.get(url))
    # A unit's list with the filter is still only its own tasks.
    assert listed_task_ids(client_as(head_b).get(url, {"leader": leader.pk})) == set()
    assert listed_task_ids(client_as(head_a).get(url, {"leader": leader.pk})) == {by_directive.pk, own_in_group.pk}
    # Not a leader: refused in words, not a crash.
    assert FORM_REFUSED in text(c.get(url, {"leader": head_a.pk}))
    caches["figures"].clear()  # both counts below are of a page computed afresh (core/figures.py)
    with django_assert_max_num_queries(20) as small:
        c.get(url, {"leader": leader.pk})
    for _ in range(10):
        make_task()
        make_task(parent=group, leader_in_charge=leader)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = c.get(url, {"leader": leader.pk})
    assert len(listed_task_ids(response)) == 22


def test_api_task_schema_has_the_leader_in_charge(client_as: Any, secretariat: Any, leader: Any, member: Any,
                                                  directive: Any, make_task: Any) -> None:
    services.directive_leader_set(actor=secretariat, directive=directive, leader_in_charge=leader)
    task = make_task()
    bare = make_task(directive=services.directive_create(actor=secretariat, code="1/KH", kind="plan", title="KH"))
    c = client_as(member)
    data = c.get(f"/api/v1/tasks/{task.pk}").json()
    assert data["leader_in_charge"] == {"id": leader.pk, "username": "truongban", "full_name": "Nguyễn Văn Trưởng",
                                        "source": "directive"}
    listed = {row["id"]: row["leader_in_charge"] for row in c.get("/api/v1/tasks").json()}
    assert listed[task.pk]["username"] == "truongban" and listed[bare.pk] is None
