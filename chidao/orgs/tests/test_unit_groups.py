"""Unit groups (DESIGN §3–4): defined by the standing office, a task given to one fans out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.audit.models import AuditEvent
from chidao.directives import selectors as task_selectors
from chidao.directives.models import Task, TaskKind
from chidao.directives.services import task_group_assign, unit_group_tasks_extend
from chidao.orgs.models import UnitGroup
from chidao.orgs.services import unit_create, unit_group_create, unit_group_update
from chidao.parsing.units import unit_matcher_from_db

FAR = dt.date.today() + dt.timedelta(days=200)


@pytest.fixture
def unit_c(db: None) -> Any:
    return unit_create(actor=None, code="so-yte", name="Sở Y tế", kind="department")


@pytest.fixture
def departments(secretariat: Any, unit_a: Any, unit_c: Any) -> UnitGroup:
    return unit_group_create(actor=secretariat, name="Các sở, ban, ngành", members=[unit_a, unit_c],
                             aliases=["các sở, ngành"])


def test_a_group_is_audited_and_matched_by_its_alternative_names(departments: UnitGroup) -> None:
    assert AuditEvent.objects.filter(action="unit_group.create").count() == 1
    matcher = unit_matcher_from_db()
    assert matcher.match_group("các sở, ban, ngành").id == departments.pk  # type: ignore[union-attr]
    assert matcher.match_group("Các Sở, ngành").id == departments.pk  # type: ignore[union-attr]
    assert matcher.match_group("các doanh nghiệp") is None


def test_bad_groups_are_refused_and_nothing_saved(secretariat: Any, unit_a: Any, departments: UnitGroup,
                                                  officer_a: Any) -> None:
    with pytest.raises(ValidationError, match="ít nhất một đơn vị"):
        unit_group_create(actor=secretariat, name="Nhóm rỗng", members=[])
    with pytest.raises(ValidationError, match="Đã có nhóm"):
        unit_group_create(actor=secretariat, name="các sở, ban, ngành", members=[unit_a])
    with pytest.raises(PermissionDenied):
        unit_group_create(actor=officer_a, name="Nhóm khác", members=[unit_a])
    assert UnitGroup.objects.count() == 1


def test_a_task_given_to_a_group_fans_out_and_only_the_children_count(
        secretariat: Any, directive: Any, departments: UnitGroup, unit_a: Any, unit_c: Any) -> None:
    parent = task_group_assign(actor=secretariat, directive=directive, unit_group=departments,
                               title="Rà soát thủ tục hành chính", due_on=FAR, expected_output="Báo cáo")
    assert parent.kind == TaskKind.GROUP and parent.unit_group_id == departments.pk
    children = list(parent.children.order_by("id"))
    assert [c.lead_unit_id for c in children] == [unit_a.pk, unit_c.pk]
    assert all(c.due_on == FAR and c.state == "assigned" for c in children)
    counts = task_selectors.status_counts(Task.objects.filter(directive=directive), today=dt.date.today())
    assert sum(counts.values()) == 2  # the parent is a group, not a task of its own


def test_a_group_assignment_confirmed_twice_is_refused(secretariat: Any, directive: Any,
                                                       departments: UnitGroup) -> None:
    task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="Rà soát", due_on=FAR)
    before = Task.objects.count()
    with pytest.raises(ValidationError, match="không giao lại"):
        task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="Rà soát",
                          due_on=FAR)
    assert Task.objects.count() == before


def test_a_group_without_members_cannot_be_given_work(secretariat: Any, directive: Any,
                                                      departments: UnitGroup, unit_a: Any, unit_c: Any) -> None:
    unit_a.is_active = unit_c.is_active = False
    unit_a.save()
    unit_c.save()
    with pytest.raises(ValidationError, match="chưa có đơn vị thành viên"):
        task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="X", due_on=FAR)
    assert Task.objects.count() == 0


def test_a_member_added_later_gets_the_open_tasks_in_one_action(
        secretariat: Any, directive: Any, departments: UnitGroup, unit_a: Any, unit_c: Any, unit_b: Any) -> None:
    parent = task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="Rà soát",
                               due_on=FAR)
    added = unit_group_update(actor=secretariat, group=departments, name=departments.name,
                              members=[unit_a, unit_c, unit_b])
    assert added == [unit_b]
    given = unit_group_tasks_extend(actor=secretariat, unit_group=departments, unit=unit_b)
    assert [t.lead_unit_id for t in given] == [unit_b.pk]
    assert given[0].parent_id == parent.pk and given[0].due_on == FAR
    # Twice is harmless: the member already has its child.
    assert unit_group_tasks_extend(actor=secretariat, unit_group=departments, unit=unit_b) == []


def test_the_groups_page_is_for_the_standing_office(client_as: Any, secretariat: Any, officer_a: Any,
                                                    head_b: Any, unit_a: Any, departments: UnitGroup) -> None:
    assert client_as(officer_a).get("/don-vi/nhom/").status_code == 403
    assert client_as(head_b).get(f"/don-vi/nhom/{departments.pk}/").status_code == 403
    c = client_as(secretariat)
    page = c.get("/don-vi/nhom/")
    assert page.status_code == 200 and "Các sở, ban, ngành" in page.content.decode()
    empty = c.post("/don-vi/nhom/", {"name": "Doanh nghiệp viễn thông"})
    assert "ít nhất một đơn vị" in empty.content.decode()
    assert UnitGroup.objects.count() == 1
    ok = c.post("/don-vi/nhom/", {"name": "Doanh nghiệp viễn thông", "members": [unit_a.pk]})
    assert ok.status_code == 302 and UnitGroup.objects.count() == 2
    assert c.get("/don-vi/nhom/999999/").status_code == 404


def test_the_task_form_gives_a_task_to_a_group(client_as: Any, secretariat: Any, directive: Any,
                                               departments: UnitGroup, unit_a: Any) -> None:
    c = client_as(secretariat)
    url = f"/nhiem-vu/moi/?directive={directive.pk}"
    base = {"title": "Rà soát dữ liệu", "kind": "deadline", "due_on": FAR.strftime("%d/%m/%Y"), "field": "other",
            "assign": "on", "directive": directive.pk}
    both = c.post(url, {**base, "lead_unit": unit_a.pk, "unit_group": departments.pk})
    assert "không chọn cả hai" in both.content.decode() and Task.objects.count() == 0
    done = c.post(url, {**base, "unit_group": departments.pk})
    assert done.status_code == 302
    parent = Task.objects.get(unit_group=departments)
    assert parent.children.count() == 2


def test_the_exchange_file_names_the_group_and_keeps_it_on_import(secretariat: Any, directive: Any,
                                                                   departments: UnitGroup) -> None:
    from chidao.exchange.services import exchange_dumps, exchange_export, exchange_import

    parent = task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="Rà soát",
                               due_on=FAR)
    data = exchange_export(directive=directive)
    row = next(t for t in data["tasks"] if t["title"] == "Rà soát" and t["kind"] == "group")
    assert row["unit_group"] == "Các sở, ban, ngành"
    Task.objects.filter(pk=parent.pk).update(unit_group=None)
    exchange_import(actor=secretariat, raw=exchange_dumps({**data, "tasks": [
        {**t, "title": t["title"] + " (sửa)"} if t["id"] == row["id"] else t for t in data["tasks"]]}))
    parent.refresh_from_db()
    assert parent.unit_group_id == departments.pk


def test_the_edit_page_gives_a_new_member_the_open_tasks(client_as: Any, secretariat: Any, directive: Any,
                                                         departments: UnitGroup, unit_a: Any, unit_c: Any,
                                                         unit_b: Any) -> None:
    parent = task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="Rà soát",
                               due_on=FAR)
    c = client_as(secretariat)
    done = c.post(f"/don-vi/nhom/{departments.pk}/", {
        "name": departments.name, "aliases": departments.aliases, "members": [unit_a.pk, unit_c.pk, unit_b.pk],
        "extend": "on"}, follow=True)
    assert "Đã giao thêm 1 nhiệm vụ" in done.content.decode()
    assert parent.children.filter(lead_unit=unit_b).count() == 1
    emptied = c.post(f"/don-vi/nhom/{departments.pk}/", {"name": departments.name, "members": []})
    assert "ít nhất một đơn vị" in emptied.content.decode()
    assert departments.members.count() == 3


def test_the_parent_page_names_the_group(client_as: Any, secretariat: Any, directive: Any,
                                         departments: UnitGroup) -> None:
    parent = task_group_assign(actor=secretariat, directive=directive, unit_group=departments, title="Rà soát",
                               due_on=FAR)
    page = client_as(secretariat).get(f"/nhiem-vu/{parent.pk}/").content.decode()
    assert "Nhóm đơn vị “Các sở, ban, ngành”" in page
