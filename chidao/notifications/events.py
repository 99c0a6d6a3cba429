"""The notifications that follow a decision in another app's service.

Each function is called from inside that service's transaction (one line there), so the
notification exists exactly when the decision was committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date

from .models import NotificationKind
from .services import Draft, notifications_create, notify, unit_people

if TYPE_CHECKING:
    from chidao.directives.models import Task
    from chidao.reporting.models import ExtensionRequest, ProgressReport
    from chidao.supervision.models import Direction


def _task_label(task: Task) -> str:
    code = f"{task.code}. " if task.code else ""
    return f"{code}{task.title[:150]}"


def task_assigned_notify(*, task: Task) -> int:
    """The lead unit's people learn they have a new task."""
    people = unit_people([task.lead_unit_id]).get(task.lead_unit_id, []) if task.lead_unit_id else []
    due = format_date(task.due_on) if task.due_on else _("thường xuyên")
    return notify(
        recipients=people, kind=NotificationKind.TASK_ASSIGNED, subject=f"task:{task.pk}",
        title=_("Nhiệm vụ mới được giao: %(t)s") % {"t": _task_label(task)},
        body=_("Đơn vị chủ trì: %(u)s. Thời hạn: %(d)s. Sản phẩm đầu ra: %(o)s") % {
            "u": task.lead_unit, "d": due, "o": task.expected_output or "—"},
        url=reverse("task_detail", args=[task.pk]),
    )


DIGEST_TITLES = 5


def tasks_assigned_notify(*, tasks: Sequence[Task]) -> int:
    """Many tasks assigned at once (an imported plan): each lead unit's people get ONE digest per
    directive — how many, the first titles, a link to the task list filtered to their unit and
    that directive — instead of one notification per task. A unit with a single new task gets
    the ordinary notification about it."""
    by_unit: dict[tuple[int, int], list[Task]] = {}
    for task in tasks:
        if task.lead_unit_id:
            by_unit.setdefault((task.lead_unit_id, task.directive_id), []).append(task)
    people = unit_people([unit_id for unit_id, _directive in by_unit])
    drafts: list[Draft] = []
    for (unit_id, directive_id), unit_tasks in by_unit.items():
        if len(unit_tasks) == 1:
            task = unit_tasks[0]
            due = format_date(task.due_on) if task.due_on else _("thường xuyên")
            title = _("Nhiệm vụ mới được giao: %(t)s") % {"t": _task_label(task)}
            body = _("Đơn vị chủ trì: %(u)s. Thời hạn: %(d)s. Sản phẩm đầu ra: %(o)s") % {
                "u": task.lead_unit, "d": due, "o": task.expected_output or "—"}
            subject, occurrence, url = f"task:{task.pk}", "", reverse("task_detail", args=[task.pk])
        else:
            pks = sorted(t.pk for t in unit_tasks)
            first = "; ".join(_task_label(t) for t in unit_tasks[:DIGEST_TITLES])
            more = len(unit_tasks) - DIGEST_TITLES
            title = _("%(n)s nhiệm vụ mới được giao") % {"n": len(unit_tasks)}
            body = _("Gồm: %(first)s") % {"first": first}
            if more > 0:
                body += _(" … và %(n)s nhiệm vụ khác.") % {"n": more}
            # The batch's first and last task tell two imports into the same directive apart.
            subject, occurrence = f"directive:{directive_id}:unit:{unit_id}", f"tasks:{pks[0]}-{pks[-1]}"
            url = reverse("task_list") + "?" + urlencode({"directive": directive_id, "unit": unit_id, "role": "lead"})
        for person in people.get(unit_id, []):
            drafts.append(Draft(recipient=person, kind=NotificationKind.TASK_ASSIGNED, subject=subject,
                                occurrence=occurrence, title=title, body=body, url=url))
    return notifications_create(drafts)


def report_reviewed_notify(*, report: ProgressReport, accepted: bool) -> int:
    """A returned report, or an accepted completion claim, reaches the lead unit's people.
    Accepting an ordinary progress report is routine and sends nothing."""
    task = report.task
    people = unit_people([report.unit_id]).get(report.unit_id, [])
    if not accepted:
        return notify(
            recipients=people, kind=NotificationKind.REPORT_RETURNED, subject=f"report:{report.pk}",
            title=_("Báo cáo bị trả lại: %(t)s") % {"t": _task_label(task)},
            body=_("Lý do: %(c)s") % {"c": report.review_comment},
            url=reverse("report_detail", args=[report.pk]),
        )
    if report.claims_completion:
        return notify(
            recipients=people, kind=NotificationKind.COMPLETION_ACCEPTED, subject=f"report:{report.pk}",
            title=_("Nhiệm vụ được công nhận hoàn thành: %(t)s") % {"t": _task_label(task)},
            body=_("Ngày hoàn thành: %(d)s.") % {"d": format_date(task.completed_on)},
            url=reverse("task_detail", args=[task.pk]),
        )
    return 0


def extension_decided_notify(*, request: ExtensionRequest) -> int:
    task = request.task
    people = list(unit_people([task.lead_unit_id]).get(task.lead_unit_id, []))
    if request.requested_by is not None and request.requested_by not in people:
        people.append(request.requested_by)
    approved = request.state == "approved"
    title = (_("Đồng ý gia hạn đến %(d)s: %(t)s") if approved else _("Không đồng ý gia hạn: %(t)s")) % {
        "d": format_date(request.proposed_due_on), "t": _task_label(task)}
    return notify(
        recipients=people, kind=NotificationKind.EXTENSION_DECIDED, subject=f"extension:{request.pk}",
        title=title, body=_("Ý kiến của lãnh đạo: %(r)s") % {"r": request.decision_reason},
        url=reverse("task_detail", args=[task.pk]),
    )


def direction_given_notify(*, direction: Direction) -> int:
    """The addressed unit's people learn of a leader's direction, which they must acknowledge."""
    people = unit_people([direction.unit_id]).get(direction.unit_id, [])
    url = reverse("task_detail", args=[direction.task_id]) if direction.task_id else reverse("workspace")
    title = _("Ý kiến chỉ đạo của %(l)s") % {"l": direction.given_by or _("lãnh đạo Ban Chỉ đạo")}
    if direction.task_id:
        title += _(" về nhiệm vụ: %(t)s") % {"t": _task_label(direction.task)}
    return notify(
        recipients=people, kind=NotificationKind.DIRECTION_GIVEN, subject=f"direction:{direction.pk}",
        title=title, body=direction.content, url=url,
    )
