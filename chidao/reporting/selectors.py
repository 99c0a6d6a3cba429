"""Reads of reports, evidence and extensions, scoped per person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from chidao.directives.models import Task, TaskKind, TaskState
from chidao.directives.selectors import status_case, tasks_visible, unit_tasks
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
    lead_total: int = 0
    drafts_total: int = 0
    returned_total: int = 0
    submitted_total: int = 0


# The workspace shows the most pressing rows (overdue first, newest reports first) and links to the
# full lists for the rest: a busy department leads 1,000+ open tasks and has hundreds of reports in
# flight, and a page of all of them would be slow to render and slower to read.
WORKSPACE_TASKS = 30
WORKSPACE_SUPPORT_TASKS = 10
WORKSPACE_REPORTS = 20

# What the workspace's report rows show: the task's title, the state, the review comment, the day.
REPORT_ROW_FIELDS = ("id", "task_id", "unit_id", "state", "review_comment", "submitted_on", "updated_at",
                     "task__id", "task__title")


def unit_reports(*, user: User, state: str) -> QuerySet[ProgressReport]:
    """The unit's reports in one of the workspace's lists, newest first: `draft` (drafts and those
    awaiting the head's approval), `returned` (returned and not yet answered, on a task still
    open) or `submitted` (awaiting the standing office)."""
    unit_ids = user_unit_ids(user=user)
    qs = ProgressReport.objects.filter(unit_id__in=unit_ids)
    if state == "draft":
        qs = qs.filter(state__in=OPEN_REPORT_STATES)
    elif state == ReportState.RETURNED:
        qs = qs.filter(state=ReportState.RETURNED, next_version__isnull=True, task__state=TaskState.ASSIGNED)
    elif state == ReportState.SUBMITTED:
        qs = qs.filter(state=ReportState.SUBMITTED)
    else:
        return ProgressReport.objects.none()
    return qs.select_related("task").only(*REPORT_ROW_FIELDS).order_by("-updated_at", "-id")


def _first_rows(qs: QuerySet[Task], n: int, today: dt.date, *, open_draft: bool) -> list[Task]:
    """The first `n` tasks of `qs` in deadline order, annotated. The ids are picked first so the
    status and the open-draft probe are computed for the rows shown, not for every open task of
    the unit before the sort (1,100 probes on a busy department)."""
    ids = list(qs.order_by("due_on", "id").values_list("id", flat=True)[:n])
    rows = Task.objects.filter(pk__in=ids).select_related("directive", "lead_unit").annotate(
        status=status_case(today))
    if open_draft:
        rows = rows.annotate(has_open_draft=Exists(
            ProgressReport.objects.filter(task_id=OuterRef("pk"), state__in=OPEN_REPORT_STATES)))
    return sorted(rows, key=lambda t: ids.index(t.pk))


def workspace_get(*, user: User, today: dt.date) -> Workspace:
    """What a unit owes: open tasks it leads (overdue first), drafts awaiting the head, returned
    reports to answer, reports awaiting review, extension requests."""
    unit_ids = user_unit_ids(user=user)
    lead_tasks = (
        Task.objects.filter(lead_unit_id__in=unit_ids, state__in=[TaskState.ASSIGNED,
                                                                   TaskState.COMPLETION_REQUESTED])
        .exclude(kind=TaskKind.GROUP)
    )
    # The same sets as the unit's .docx and scorecard count (directives.selectors.unit_tasks).
    mine = unit_tasks(unit_ids=unit_ids)
    lead_total, support_total = mine.totals()
    support_tasks = mine.support.exclude(state=TaskState.CANCELLED)
    lists = {state: unit_reports(user=user, state=state)
             for state in ("draft", ReportState.RETURNED, ReportState.SUBMITTED)}
    return Workspace(
        tasks_to_report=_first_rows(lead_tasks, WORKSPACE_TASKS, today, open_draft=True),
        tasks_to_report_total=lead_tasks.count(),
        drafts=list(lists["draft"][:WORKSPACE_REPORTS]),
        drafts_total=lists["draft"].count(),
        returned=list(lists[ReportState.RETURNED][:WORKSPACE_REPORTS]),
        returned_total=lists[ReportState.RETURNED].count(),
        submitted=list(lists[ReportState.SUBMITTED][:WORKSPACE_REPORTS]),
        submitted_total=lists[ReportState.SUBMITTED].count(),
        extensions=list(
            ExtensionRequest.objects.filter(task__lead_unit_id__in=unit_ids)
            .select_related("task").only("id", "task_id", "task__id", "task__title", "proposed_due_on", "state",
                                         "decision_reason")
            .order_by("-id")[:20]
        ),
        support_tasks=_first_rows(support_tasks, WORKSPACE_SUPPORT_TASKS, today, open_draft=False),
        support_total=support_total,
        lead_total=lead_total,
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
