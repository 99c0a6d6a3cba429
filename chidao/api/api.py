"""REST API (OpenAPI 3 at /api/v1/docs): the same selectors as the pages, the same permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.security import django_auth

from chidao.accounts.api_auth import AccessTokenAuth
from chidao.accounts.api_auth import install as install_token_auth
from chidao.directives import rules, selectors
from chidao.directives.models import Directive
from chidao.orgs.models import OrgUnit

# A personal access token (Authorization: Bearer …, chidao/accounts) or the browser's session.
api = NinjaAPI(title="Chỉ Đạo API", version="1", auth=[AccessTokenAuth(), django_auth], urls_namespace="api",
               docs_url="/docs")
install_token_auth(api)


class UnitOut(Schema):
    id: int
    code: str
    name: str


class LeaderOut(Schema):
    id: int
    username: str
    full_name: str
    # "task", "group" or "directive": the level the leader in charge was set on.
    source: str


class TaskOut(Schema):
    id: int
    code: str
    title: str
    directive: str
    lead_unit: UnitOut | None
    leader_in_charge: LeaderOut | None
    due_on: dt.date | None
    completed_on: dt.date | None
    progress: int
    state: str
    status: str
    status_label: str


class DirectiveOut(Schema):
    id: int
    code: str
    kind: str
    title: str
    issued_on: dt.date | None
    parent_id: int | None


class RatesOut(Schema):
    counts: dict[str, int]
    completion_rate: Decimal | None
    on_time_rate: Decimal | None


class TaskFilterIn(Schema):
    directive: int | None = None
    unit: int | None = None
    status: str = Field("", max_length=40)
    field: str = Field("", max_length=40)
    q: str = Field("", max_length=200)
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    # Bounded in the schema: a negative or huge offset is a 422, never a 500.
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


def _task_out(task, status: str) -> TaskOut:  # type: ignore[no-untyped-def]
    unit = task.lead_unit
    leader, source = selectors.task_leader_in_charge(task)
    return TaskOut(
        id=task.pk, code=task.code, title=task.title, directive=task.directive.code,
        lead_unit=UnitOut(id=unit.pk, code=unit.code, name=unit.name) if unit else None,
        leader_in_charge=LeaderOut(id=leader.pk, username=leader.username, full_name=leader.full_name,
                                   source=source) if leader else None,
        due_on=task.due_on, completed_on=task.completed_on, progress=task.progress, state=task.state,
        status=status, status_label=rules.STATUS_LABELS.get(status, ""),
    )


@api.get("/directives", response=list[DirectiveOut], summary="Văn bản chỉ đạo")
def directives(request: HttpRequest) -> list[Directive]:
    return list(Directive.objects.order_by("issued_on", "code"))


@api.get("/tasks", response=list[TaskOut], summary="Nhiệm vụ (lọc như trang danh sách)")
def tasks(request: HttpRequest, filters: Query[TaskFilterIn]) -> list[TaskOut]:
    today = timezone.localdate()
    f = selectors.TaskFilters(
        directive=get_object_or_404(Directive, pk=filters.directive) if filters.directive else None,
        unit=get_object_or_404(OrgUnit, pk=filters.unit) if filters.unit else None,
        # NUL removed: PostgreSQL refuses it in a query parameter (a 500 otherwise).
        status=filters.status.replace("\x00", ""), field=filters.field.replace("\x00", ""), q=filters.q,
        due_from=filters.due_from, due_to=filters.due_to,
    )
    limit = max(1, min(filters.limit, 500))
    qs = selectors.task_list(user=request.user, filters=f, today=today).select_related(
        *selectors.LEADER_RELATED)[filters.offset:filters.offset + limit]
    return [_task_out(t, t.status) for t in qs]


@api.get("/tasks/{task_id}", response=TaskOut, summary="Một nhiệm vụ")
def task(request: HttpRequest, task_id: int) -> TaskOut:
    t = selectors.task_get(user=request.user, pk=task_id)
    return _task_out(t, selectors.task_status_of(t, today=timezone.localdate()))


@api.get("/dashboard", response=RatesOut, summary="Số liệu tổng hợp theo tình trạng")
def dashboard(request: HttpRequest, directive: int | None = None) -> RatesOut:
    d = get_object_or_404(Directive, pk=directive) if directive else None
    data = selectors.dashboard_get(user=request.user, today=timezone.localdate(), directive=d, overdue_limit=0)
    return RatesOut(counts=data.counts, completion_rate=data.rates.completion_rate,
                    on_time_rate=data.rates.on_time_rate)
