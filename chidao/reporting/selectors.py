"""Reads of reports, evidence and extensions, scoped per person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from chidao.directives.models import Task, TaskKind, TaskState
from chidao.directives.selectors import status_case, supported_task_ids, tasks_visible
from chidao.orgs.models import Role, User
from chidao.orgs.selectors import user_unit_ids

from .models import Evidence, ExtensionRequest, ExtensionState, ProgressReport, ReportState

OPEN_REPORT_STATES = [ReportState.DRAFT, ReportState.PENDING_APPROVAL]


def reports_visible(*, user: User) -> QuerySet[ProgressReport]:
    """Reports of tasks the person may see. A support unit sees the lead unit's submitted
    reports, never its drafts."""
    if user.is_committee_wide:
        # Every task is visible to them, so no filter on the task: `task IN (every task id)` cost a
        # pass over the whole task table on every page that lists reports.
        return ProgressReport.objects.exclude(state__in=OPEN_REPORT_STATES)
    qs = ProgressReport.objects.filter(task__in=tasks_visible(user=user).values("pk"))
    unit_ids = user_unit_ids(user=user)
    own = qs.filter(unit_id__in=unit_ids)
    return own | qs.filter(task__in=tasks_visible(user=user).values("pk")).exclude(
        state__in=OPEN_REPORT_STATES
    )


def task_reports(*, user: User, task: Task) -> list[ProgressReport]:
    return list(
        reports_visible(user=user)
        .filter(task=task)
        .select_related("drafted_by", "submitted_by", "reviewed_by", "unit")
        .prefetch_related("evidence")
        .order_by("-version", "-id")
    )


def report_get(*, user: User, pk: int) -> ProgressReport:
    try:
        return (
            reports_visible(user=user)
            .select_related("task", "task__lead_unit", "task__directive", "unit", "previous")
            .get(pk=pk)
        )
    except ProgressReport.DoesNotExist as exc:
        raise Http404 from exc


def evidence_get(*, user: User, pk: int) -> Evidence:
    """An evidence file the person may download: it belongs to a report they may see."""
    try:
        evidence = Evidence.objects.select_related("report").get(pk=pk)
    except Evidence.DoesNotExist as exc:
        raise Http404 from exc
    if not reports_visible(user=user).filter(pk=evidence.report_id).exists():
        raise Http404
    return evidence


def task_extensions(*, task: Task) -> list[ExtensionRequest]:
    return list(task.extension_requests.select_related("requested_by", "decided_by").order_by("-id"))


@dataclass
class Workspace:
    tasks_to_report: list[Task]
    drafts: list[ProgressReport]
    returned: list[ProgressReport]
    submitted: list[ProgressReport]
    extensions: list[ExtensionRequest]
    support_tasks: list[Task]
    tasks_to_report_total: int = 0
    support_total: int = 0


# The workspace shows the most pressing rows (overdue first) and links to the full, filterable
# task list for the rest: a busy department leads 100+ open tasks, and a page of all of them
# would be slow to render and slower to read.
WORKSPACE_TASKS = 30
WORKSPACE_SUPPORT_TASKS = 10


def workspace_get(*, user: User, today: dt.date, limit: int = 100) -> Workspace:
    """What a unit owes: open tasks it leads (overdue first), drafts awaiting the head, returned
    reports to answer, reports awaiting review, extension requests."""
    unit_ids = user_unit_ids(user=user)
    open_draft = ProgressReport.objects.filter(task_id=OuterRef("pk"), state__in=OPEN_REPORT_STATES)
    lead_tasks = (
        Task.objects.filter(lead_unit_id__in=unit_ids, state__in=[TaskState.ASSIGNED,
                                                                   TaskState.COMPLETION_REQUESTED])
        .exclude(kind=TaskKind.GROUP)
        .select_related("directive", "lead_unit")
        .annotate(status=status_case(today), has_open_draft=Exists(open_draft))
        .order_by("due_on", "id")
    )
    reports = (
        ProgressReport.objects.filter(unit_id__in=unit_ids)
        .select_related("task", "task__directive", "drafted_by", "reviewed_by")
        .order_by("-updated_at", "-id")
    )
    returned = [
        r for r in reports.filter(state=ReportState.RETURNED, next_version__isnull=True)[:limit]
        if r.task.state == TaskState.ASSIGNED
    ]
    support_tasks = (
        Task.objects.filter(pk__in=supported_task_ids(unit_ids))
        .exclude(state__in=[TaskState.DRAFT, TaskState.CANCELLED])
        .select_related("lead_unit", "directive").annotate(status=status_case(today))
        .order_by("due_on", "id")
    )
    return Workspace(
        tasks_to_report=list(lead_tasks[:min(limit, WORKSPACE_TASKS)]),
        tasks_to_report_total=lead_tasks.order_by().count(),
        drafts=list(reports.filter(state__in=OPEN_REPORT_STATES)[:limit]),
        returned=returned,
        submitted=list(reports.filter(state=ReportState.SUBMITTED)[:limit]),
        extensions=list(
            ExtensionRequest.objects.filter(task__lead_unit_id__in=unit_ids)
            .select_related("task", "decided_by").order_by("-id")[:20]
        ),
        support_tasks=list(support_tasks[:min(limit, WORKSPACE_SUPPORT_TASKS)]),
        support_total=support_tasks.order_by().count(),
    )


def review_queue(*, user: User) -> QuerySet[ProgressReport]:
    """Submitted reports awaiting the standing office, completion claims first, oldest first."""
    if user.role not in {Role.SECRETARIAT, Role.ADMIN, Role.LEADER}:
        return ProgressReport.objects.none()
    return (
        ProgressReport.objects.filter(state=ReportState.SUBMITTED)
        .select_related("task", "task__directive", "unit", "submitted_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("-claims_completion", "submitted_at", "id")
    )


def extension_queue(*, user: User) -> QuerySet[ExtensionRequest]:
    if user.role not in {Role.LEADER, Role.ADMIN, Role.SECRETARIAT}:
        return ExtensionRequest.objects.none()
    return (
        ExtensionRequest.objects.filter(state=ExtensionState.PENDING)
        .select_related("task", "task__lead_unit", "task__directive", "requested_by")
        .order_by("requested_on", "id")
    )


def extension_get(*, user: User, pk: int) -> ExtensionRequest:
    try:
        request = ExtensionRequest.objects.select_related("task", "task__lead_unit").get(pk=pk)
    except ExtensionRequest.DoesNotExist as exc:
        raise Http404 from exc
    if not tasks_visible(user=user).filter(pk=request.task_id).exists():
        raise Http404
    return request
