"""Every write of reporting rounds, and the rounds' part of the daily reminder run.

Opening a round fixes its expected tasks: the leaf tasks of the directive (or the tasks chosen
one by one), still assigned, optionally only those led by the chosen units. Tasks assigned later
join the next round, so a unit's obligations never change under it during a round.

A round takes late submissions until `closes_on` (due_on + CHIDAO_ROUND_GRACE_DAYS unless given),
then the worker closes it; pages already show it closed from the dates alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.formatting import format_date
from chidao.directives.models import Directive, Task, TaskKind, TaskState
from chidao.notifications.models import NotificationKind
from chidao.notifications.reminders import remind_days_before
from chidao.notifications.services import Draft, notifications_create, unit_people
from chidao.orgs.models import OrgUnit, User

from . import rules
from .models import ReportingRound, RoundKind, RoundState
from .selectors import expected_rows


def _require_manager(actor: User | None) -> None:
    if actor is not None and not actor.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được mở và đóng kỳ báo cáo."))


def grace_days() -> int:
    return int(getattr(settings, "CHIDAO_ROUND_GRACE_DAYS", 10))


def round_create(
    *,
    actor: User | None,
    kind: str,
    opens_on: dt.date,
    due_on: dt.date,
    period_label: str = "",
    closes_on: dt.date | None = None,
    directive: Directive | None = None,
    tasks: Sequence[Task] = (),
    units: Sequence[OrgUnit] = (),
    note: str = "",
    today: dt.date | None = None,
) -> ReportingRound:
    """The standing office opens a reporting round for a directive and/or chosen tasks."""
    _require_manager(actor)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in RoundKind.values:
        errors["kind"] = _("Loại kỳ báo cáo không hợp lệ.")
    if due_on < opens_on:
        errors["due_on"] = _("Hạn nộp báo cáo (%(due)s) không được trước ngày mở kỳ (%(open)s).") % {
            "due": format_date(due_on), "open": format_date(opens_on)}
    closes_on = closes_on or due_on + dt.timedelta(days=grace_days())
    if closes_on < due_on:
        errors["closes_on"] = _("Ngày đóng kỳ (%(close)s) không được trước hạn nộp (%(due)s).") % {
            "close": format_date(closes_on), "due": format_date(due_on)}
    if directive is None and not tasks:
        errors["directive"] = _("Hãy chọn văn bản chỉ đạo hoặc các nhiệm vụ phải báo cáo trong kỳ.")
    if errors:
        raise ValidationError(errors)
    candidates = Task.objects.filter(pk__in=[t.pk for t in tasks]) if tasks else Task.objects.filter(
        directive=directive)
    if directive is not None and tasks:
        candidates = candidates.filter(directive=directive)
    candidates = candidates.exclude(kind=TaskKind.GROUP).filter(state=TaskState.ASSIGNED, lead_unit__isnull=False)
    if units:
        candidates = candidates.filter(lead_unit__in=list(units))
    task_ids = list(candidates.values_list("id", flat=True))
    if not task_ids:
        raise ValidationError({"tasks": _(
            "Không có nhiệm vụ nào đang thực hiện phải báo cáo trong kỳ này (nhiệm vụ đã hoàn thành, "
            "đã hủy, chưa giao hoặc không thuộc các đơn vị đã chọn thì không phải báo cáo).")})
    label = period_label.strip() or rules.default_period_label(kind=kind, on=opens_on)
    with transaction.atomic():
        round = ReportingRound.objects.create(
            kind=kind, period_label=label, opens_on=opens_on, due_on=due_on, closes_on=closes_on,
            directive=directive, note=note.strip(), created_by=actor,
        )
        round.tasks.set(task_ids)
        if units:
            round.units.set(units)
        audit_record(
            actor=actor, action="round.create", target=round,
            summary=_("Mở kỳ báo cáo %(r)s, hạn nộp %(d)s, %(n)s nhiệm vụ") % {
                "r": round, "d": format_date(due_on), "n": len(task_ids)},
            after={"kind": kind, "period_label": label, "opens_on": opens_on, "due_on": due_on,
                   "closes_on": closes_on, "directive": directive.code if directive else None,
                   "tasks": len(task_ids), "units": sorted(u.code for u in units)},
        )
        if opens_on <= today:
            round_open_notify(round=round)
    return round


def _unit_tasks(round: ReportingRound, *, missing_only: bool) -> dict[int, list[int]]:
    """unit id → its expected task ids in the round (only the missing ones if asked)."""
    result: dict[int, list[int]] = {}
    for row in expected_rows(rounds={"pk": round.pk}):
        if row.unit_id is None or (missing_only and row.status != rules.MISSING):
            continue
        result.setdefault(row.unit_id, []).append(row.task_id)
    return result


def round_open_notify(*, round: ReportingRound) -> int:
    """Tell every unit of the round what it owes (once: dedupe keys and the round's flag)."""
    by_unit = _unit_tasks(round, missing_only=False)
    people = unit_people(by_unit)
    url = reverse("round_detail", args=[round.pk])
    drafts = [
        Draft(recipient=u, kind=NotificationKind.ROUND_OPENED, subject=f"round:{round.pk}", occurrence="",
              url=url, title=_("Mở kỳ báo cáo %(r)s: hạn nộp %(d)s") % {"r": round, "d": format_date(round.due_on)},
              body=_("Đơn vị có %(n)s nhiệm vụ phải báo cáo trong kỳ.") % {"n": len(task_ids)})
        for unit_id, task_ids in by_unit.items() for u in people.get(unit_id, [])
    ]
    created = notifications_create(drafts)
    ReportingRound.objects.filter(pk=round.pk).update(opened_notified=True)
    round.opened_notified = True
    return created


def round_close(*, actor: User | None, round: ReportingRound) -> ReportingRound:
    """Close a round (the standing office early, or the worker after its closing day)."""
    _require_manager(actor)
    if round.state == RoundState.CLOSED:
        raise ValidationError(_("Kỳ báo cáo này đã đóng."))
    with transaction.atomic():
        round.state = RoundState.CLOSED
        round.closed_at = timezone.now()
        round.save(update_fields=["state", "closed_at"])
        audit_record(actor=actor, action="round.close", target=round,
                     summary=_("Đóng kỳ báo cáo %(r)s") % {"r": round},
                     before={"state": RoundState.OPEN}, after={"state": round.state})
    return round


def _missing_drafts(round: ReportingRound, *, kind: str, title: str, occurrence: str) -> list[Draft]:
    by_unit = _unit_tasks(round, missing_only=True)
    people = unit_people(by_unit)
    url = reverse("round_detail", args=[round.pk])
    return [
        Draft(recipient=u, kind=kind, subject=f"round:{round.pk}:unit:{unit_id}", occurrence=occurrence, url=url,
              title=title, body=_("Đơn vị còn %(n)s nhiệm vụ chưa nộp báo cáo trong kỳ %(r)s (hạn %(d)s).") % {
                  "n": len(task_ids), "r": round, "d": format_date(round.due_on)})
        for unit_id, task_ids in by_unit.items() for u in people.get(unit_id, [])
    ]


def rounds_daily(*, day: dt.date, now: dt.datetime | None = None) -> dict[str, int]:
    """The rounds' part of a day's run: close rounds past their closing day, announce rounds
    that open, remind units that still owe a report N days before the due date, and tell them
    on the first day after it. Returns notification counts per kind."""
    created = {"round_opened": 0, "round_due_soon": 0, "round_overdue": 0, "round_closed": 0}
    for round in ReportingRound.objects.filter(state=RoundState.OPEN, closes_on__lt=day):
        round_close(actor=None, round=round)
        created["round_closed"] += 1
    for round in ReportingRound.objects.filter(state=RoundState.OPEN, opened_notified=False, opens_on__lte=day):
        created["round_opened"] += round_open_notify(round=round)
    days_before = remind_days_before()  # the standing office's N, read once per run
    soon = day + dt.timedelta(days=days_before)
    for round in ReportingRound.objects.filter(state=RoundState.OPEN, due_on=soon, opens_on__lte=day):
        created["round_due_soon"] += notifications_create(_missing_drafts(
            round, kind=NotificationKind.DUE_SOON, occurrence=round.due_on.isoformat(),
            title=_("Còn %(n)s ngày đến hạn nộp báo cáo kỳ %(r)s") % {"n": days_before, "r": round}), now=now)
    for round in ReportingRound.objects.filter(state=RoundState.OPEN, due_on=day - dt.timedelta(days=1)):
        created["round_overdue"] += notifications_create(_missing_drafts(
            round, kind=NotificationKind.OVERDUE, occurrence=round.due_on.isoformat(),
            title=_("Quá hạn nộp báo cáo kỳ %(r)s") % {"r": round}), now=now)
    return created
