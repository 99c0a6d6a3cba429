"""The REST API (session auth): the same scoping as the pages, 401 without a session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chidao.core.tests.helpers import queries_for, snapshot, today

pytestmark = pytest.mark.django_db


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()}


@pytest.mark.parametrize("url", ["/api/v1/tasks", "/api/v1/tasks/{pk}", "/api/v1/dashboard", "/api/v1/directives",
                                 "/api/v1/tasks?q=du lieu"])
def test_anonymous_requests_get_401(url: str, world: Any, client: Client) -> None:
    response = client.get(url.format(pk=world.task.pk))
    assert response.status_code == 401
    assert "dang-nhap" not in response.get("Location", "")


@pytest.mark.parametrize("who", ["officer_b", "head_b"])
def test_other_unit_cannot_read_unit_a_tasks(who: str, request: Any, world: Any, client_as: Any, unit_a: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    before = snapshot()
    for task in (world.task, world.draft_task, world.returned_task, world.extension_task, world.unassigned):
        assert c.get(f"/api/v1/tasks/{task.pk}").status_code == 404
    assert ids(c.get("/api/v1/tasks")) == {world.own_task.pk}
    assert ids(c.get(f"/api/v1/tasks?unit={unit_a.pk}")) == set()
    assert ids(c.get("/api/v1/tasks?q=trung tam du lieu")) == set()
    assert ids(c.get(f"/api/v1/tasks?directive={world.task.directive_id}")) == {world.own_task.pk}
    counts = c.get("/api/v1/dashboard").json()["counts"]
    assert sum(counts.values()) == 1 and counts["not_started"] == 0 and counts["open_on_time"] == 1
    # The unit's own task answers (the positive control).
    own = c.get(f"/api/v1/tasks/{world.own_task.pk}").json()
    assert own["lead_unit"]["code"] == "phuong-hai-chau"
    assert snapshot() == before


def test_unit_user_does_not_get_draft_tasks(world: Any, client_as: Any, officer_a: Any) -> None:
    c = client_as(officer_a)
    assert c.get(f"/api/v1/tasks/{world.unassigned.pk}").status_code == 404
    assert world.unassigned.pk not in ids(c.get("/api/v1/tasks"))
    assert ids(c.get("/api/v1/tasks")) == {world.task.pk, world.draft_task.pk, world.returned_task.pk,
                                           world.extension_task.pk}


@pytest.fixture
def spread(make_task: Any, complete_task: Any, unit_b: Any) -> dict[str, Any]:
    t = today()
    past = {"assigned_on": t - dt.timedelta(days=60)}
    tasks = {
        "land": make_task(title="Hoàn thành số hóa dữ liệu đất đai", field="data", due_on=t + dt.timedelta(days=20)),
        "late": make_task(title="Nhiệm vụ xong quá hạn", lead_unit=unit_b, due_on=t - dt.timedelta(days=10), **past),
        "overdue": make_task(title="Nhiệm vụ đang quá hạn", due_on=t - dt.timedelta(days=5), **past),
        "on_time": make_task(title="Nhiệm vụ xong đúng hạn", lead_unit=unit_b),
    }
    complete_task(tasks["late"], on=t - dt.timedelta(days=2))
    complete_task(tasks["on_time"], on=t - dt.timedelta(days=1))
    return tasks


def test_task_fields_and_status(spread: dict[str, Any], client_as: Any, member: Any) -> None:
    task = spread["late"]
    data = client_as(member).get(f"/api/v1/tasks/{task.pk}").json()
    assert data["status"] == "done_late"
    assert data["status_label"] == "Hoàn thành quá hạn"
    assert data["completed_on"] == (today() - dt.timedelta(days=2)).isoformat()
    assert data["due_on"] == task.due_on.isoformat()
    assert data["directive"] == "57-NQ/TW"
    assert data["progress"] == 100 and data["state"] == "completed"


@pytest.mark.parametrize(("query", "expected"), [
    ("status=open_overdue", {"overdue"}),
    ("status=done_late", {"late"}),
    ("status=open_on_time", {"land"}),
    ("q=dat dai", {"land"}),
    ("field=data", {"land"}),
    ("unit={unit_b}", {"late", "on_time"}),
    ("due_from={today}", {"land", "on_time"}),
    ("due_to={today}", {"late", "overdue"}),
    ("limit=1", {"late"}),  # ordered by due date
    ("limit=1&offset=1", {"overdue"}),
])
def test_task_filters(query: str, expected: set[str], spread: dict[str, Any], client_as: Any, secretariat: Any,
                      unit_b: Any) -> None:
    url = "/api/v1/tasks?" + query.format(unit_b=unit_b.pk, today=today().isoformat())
    assert ids(client_as(secretariat).get(url)) == {spread[n].pk for n in expected}


def test_unknown_filters_are_404_not_500(spread: dict[str, Any], client_as: Any, secretariat: Any) -> None:
    c = client_as(secretariat)
    assert c.get("/api/v1/tasks?unit=999999").status_code == 404
    assert c.get("/api/v1/tasks?directive=999999").status_code == 404
    assert c.get("/api/v1/tasks?due_from=31-02-2026").status_code == 422


def test_dashboard_rates(spread: dict[str, Any], client_as: Any, leader: Any, directive: Any) -> None:
    data = client_as(leader).get(f"/api/v1/dashboard?directive={directive.pk}").json()
    assert data["counts"]["done_on_time"] == 1 and data["counts"]["done_late"] == 1
    assert data["counts"]["open_overdue"] == 1
    assert Decimal(str(data["completion_rate"])) == Decimal("66.67")
    assert Decimal(str(data["on_time_rate"])) == Decimal("33.33")


def test_directives(directive: Any, client_as: Any, officer_b: Any) -> None:
    data = client_as(officer_b).get("/api/v1/directives").json()
    assert [(d["code"], d["kind"], d["issued_on"]) for d in data] == [("57-NQ/TW", "resolution", "2024-12-22")]


def test_api_is_read_only(world: Any, client_as: Any, secretariat: Any) -> None:
    c = client_as(secretariat)
    before = snapshot()
    assert c.post("/api/v1/tasks", {"title": "x"}, content_type="application/json").status_code in {403, 405}
    assert c.delete(f"/api/v1/tasks/{world.task.pk}").status_code in {403, 405}
    assert snapshot() == before


@pytest.mark.parametrize("who", ["secretariat", "officer_a"])
def test_task_list_query_count_is_constant(who: str, request: Any, grow: Any, client_as: Any,
                                           django_assert_max_num_queries: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    grow(10)
    c.get("/api/v1/tasks")
    small = queries_for(c, "/api/v1/tasks")
    shown = len(c.get("/api/v1/tasks").json())
    grow(20)
    with django_assert_max_num_queries(small):
        response = c.get("/api/v1/tasks")
    assert len(response.json()) > shown
