"""Reads behind the reports and exports: what the consolidated, task and unit reports say.

Every figure comes from the core's selectors and rules (status_filters, unit_rows, rates), so a
report and the dashboard never disagree. Queries are grouped (one per section), whatever the
number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date, format_percent
from chidao.directives import rules
from chidao.directives.models import Directive, Field, Task, TaskKind, TaskState
from chidao.directives.selectors import (
    counted_tasks,
    directive_ids_q,
    status_case,
    status_counts,
    status_filters,
    task_status_of,
    tasks_visible,
    unit_rows,
    unit_tasks,
)
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import unit_subtree_ids, user_unit_ids
from chidao.reporting.models import ExtensionRequest, ProgressReport, ReportState

from . import hooks

SUMMARY_ORDER = [rules.DONE_ON_TIME, rules.DONE_LATE, rules.OPEN_ON_TIME, rules.OPEN_OVERDUE, rules.RECURRING,
                 rules.CANCELLED]
DIFFICULTY_ITEMS_PER_GROUP = 40
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_REPORTED = [ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED]


def require_consolidated_access(user: User) -> None:
    """The consolidated report covers every unit: committee-wide roles only (DESIGN §2)."""
    if not user.is_committee_wide:
        raise PermissionDenied(_("Báo cáo tổng hợp chỉ dành cho Ban Chỉ đạo và Cơ quan thường trực."))


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass
class ConsolidatedReport:
    directive: Directive
    as_of: dt.date
    period_label: str
    counts: dict[str, int]
    rates: rules.Rates
    group_rows: list[dict[str, Any]]
    overdue_rows: list[dict[str, Any]]
    ranking_rows: list[dict[str, Any]]
    ranking_title: str
    difficulty_groups: list[dict[str, Any]]
    extra_sections: list[hooks.ReportSection] = field(default_factory=list)
    ranking_columns: list[str] = field(default_factory=list)
    ranking_intro: list[str] = field(default_factory=list)


def _last_report_subquery(field_name: str) -> Subquery:
    return Subquery(
        ProgressReport.objects.filter(task_id=OuterRef("pk"), state__in=_REPORTED)
        .order_by("-submitted_on", "-id").values(field_name)[:1]
    )


def consolidated_report_get(
    *, user: User, directive: Directive, as_of: dt.date, period_from: dt.date | None = None,
    period_label: str = "", round_id: int | None = None,
) -> ConsolidatedReport:
    require_consolidated_access(user)
    scope = tasks_visible(user=user).filter(directive_ids_q(directive))
    if round_id is not None:
        info = hooks.round_resolve(round_id)
        if info is not None and info.task_filter is not None:
            scope = scope.filter(info.task_filter)
    counts = status_counts(scope, today=as_of)
    rates = rules.rates_from_counts(counts)

    # Results by task group: every leaf under its top-level group, with its status, in one query.
    rows = list(scope.annotate(status=status_case(as_of)).values_list("id", "parent_id", "kind", "state", "status"))
    groups = {pk: (code, title) for pk, code, title in
              scope.filter(kind=TaskKind.GROUP).values_list("id", "code", "title")}
    parent_of = {pk: parent for pk, parent, *_ in rows}

    def root_group(pk: int) -> int | None:
        top = None
        current = parent_of.get(pk)
        seen = 0
        while current is not None and seen < 50:
            if current in groups:
                top = current
            current = parent_of.get(current)
            seen += 1
        return top

    by_group: OrderedDict[int | None, list[str]] = OrderedDict((g, []) for g in groups if parent_of.get(g) is None)
    for pk, _parent, kind, state, status in rows:
        if kind == TaskKind.GROUP or state == TaskState.DRAFT:
            continue
        by_group.setdefault(root_group(pk), []).append(status)
    group_rows = []
    for gid, statuses in by_group.items():
        if not statuses:
            continue
        r = rules.rates_from_statuses(statuses)
        code, title = groups.get(gid, ("", _("Nhiệm vụ không thuộc nhóm"))) if gid else ("", _("Nhiệm vụ khác"))
        group_rows.append({
            "title": f"{code}. {title}" if code else title, "n_total": _n(r.total - r.cancelled),
            "n_done": _n(r.completed), "n_on_time": _n(r.done_on_time), "n_overdue": _n(r.open_overdue),
            "n_rate": format_percent(r.completion_rate),
        })

    overdue_qs = (
        counted_tasks(scope).filter(status_filters(as_of)[rules.OPEN_OVERDUE])
        .select_related("lead_unit").order_by("due_on", "id")
        .annotate(last_difficulties=_last_report_subquery("difficulties"))
        .only("id", "code", "title", "due_on", "lead_unit__name", "lead_unit__short_name")
    )
    overdue_rows = [{
        "no": i, "title": t.title, "unit": t.lead_unit.display_name if t.lead_unit else "",
        "due": format_date(t.due_on), "n_days": _n((as_of - t.due_on).days) if t.due_on else "",
        "reason": (t.last_difficulties or _("Chưa báo cáo lý do")).strip(),
    } for i, t in enumerate(overdue_qs, start=1)]

    override = hooks.ranking_override(user=user, directive=directive, as_of=as_of, round_id=round_id)
    if override is not None:
        ranking_title = override.title
        ranking_columns, ranking_intro = override.columns, override.paragraphs
        ranking_rows = [dict(zip(["rank", "unit", "n_due", "n_done", "n_overdue", "n_rate", "n_on_time_rate"],
                                 [str(v) for v in row], strict=False)) for row in override.rows]
    else:
        ranking_title = _("XẾP HẠNG CÁC ĐƠN VỊ THEO TỶ LỆ HOÀN THÀNH")
        ranking_columns, ranking_intro = [], []
        ranking_rows = ranking_get(scope=scope, as_of=as_of)

    return ConsolidatedReport(
        directive=directive, as_of=as_of, period_label=period_label, counts=counts, rates=rates,
        group_rows=group_rows, overdue_rows=overdue_rows, ranking_rows=ranking_rows, ranking_title=ranking_title,
        difficulty_groups=difficulties_grouped(scope=scope, as_of=as_of, period_from=period_from),
        extra_sections=hooks.report_sections(user=user, directive=directive, as_of=as_of, round_id=round_id),
        ranking_columns=ranking_columns, ranking_intro=ranking_intro,
    )


def ranking_get(*, scope: QuerySet[Task], as_of: dt.date) -> list[dict[str, Any]]:
    """Units by completion rate (then on-time rate, fewer overdue), as the dashboard ranks them."""
    result = []
    rank = 0
    for row in unit_rows(scope, today=as_of):
        ranked = row.completion_rate is not None
        if ranked:
            rank += 1
        result.append({
            "rank": str(rank) if ranked else "–", "unit": row.unit.name, "unit_id": row.unit.pk,
            "due": row.rates.due, "done": row.rates.completed, "overdue": row.rates.open_overdue,
            "completion_rate": row.completion_rate, "on_time_rate": row.on_time_rate,
            "n_due": _n(row.rates.due), "n_done": _n(row.rates.completed), "n_overdue": _n(row.rates.open_overdue),
            "n_rate": format_percent(row.completion_rate), "n_on_time_rate": format_percent(row.on_time_rate),
        })
    return result


def difficulties_grouped(
    *, scope: QuerySet[Task], as_of: dt.date, period_from: dt.date | None
) -> list[dict[str, Any]]:
    """The units' difficulties and proposals from each task's latest report, grouped by field.

    Identical wording from several units is said once with all their names, as an office would
    merge it by hand.
    """
    reports = ProgressReport.objects.filter(
        task__in=counted_tasks(scope), state__in=_REPORTED, submitted_on__lte=as_of,
    )
    if period_from:
        reports = reports.filter(submitted_on__gte=period_from)
    latest = (
        reports.order_by("task_id", "-submitted_on", "-id")
        .values_list("task_id", "unit__short_name", "unit__name", "task__field", "difficulties", "proposals")
    )
    seen_tasks: set[int] = set()
    merged: dict[tuple[str, str, str], list[str]] = OrderedDict()
    for task_id, short, name, field_code, difficulties, proposals in latest.iterator(chunk_size=2000):
        if task_id in seen_tasks:
            continue
        seen_tasks.add(task_id)
        unit = short or name
        for kind, text in (("difficulties", difficulties), ("proposals", proposals)):
            text = " ".join((text or "").split())
            if text:
                units = merged.setdefault((kind, field_code, text), [])
                if unit not in units:
                    units.append(unit)
    labels = dict(Field.choices)
    groups: list[dict[str, Any]] = []
    for kind, heading in (("difficulties", _("Khó khăn, vướng mắc")), ("proposals", _("Kiến nghị, đề xuất"))):
        by_field: OrderedDict[str, list[dict[str, str]]] = OrderedDict()
        for (k, field_code, text), units in merged.items():
            if k == kind:
                by_field.setdefault(field_code, []).append({"units": ", ".join(units), "text": text})
        for field_code in sorted(by_field, key=lambda f: list(labels).index(f) if f in labels else 99):
            items = sorted(by_field[field_code], key=lambda i: -i["units"].count(","))
            shown = items[:DIFFICULTY_ITEMS_PER_GROUP]
            if len(items) > len(shown):
                shown.append({"units": _("Các đơn vị khác"), "text": _(
                    "%(n)s ý kiến khác (xem bảng tính xuất kèm)") % {"n": len(items) - len(shown)}})
            groups.append({"heading": f"{heading} – {labels.get(field_code, field_code)}", "entries": shown})
    return groups


def section_numbers(extra: int) -> dict[str, str]:
    keys = ["summary", "groups", "overdue", "ranking", "difficulties"]
    numbers = {k: _ROMAN[i] for i, k in enumerate(keys)}
    numbers["extra_start"] = str(len(keys))
    numbers["proposals"] = _ROMAN[len(keys) + extra]
    return numbers


def default_proposals() -> str:
    return _(
        "Đề nghị Ban Chỉ đạo chỉ đạo các đơn vị có nhiệm vụ quá hạn khẩn trương hoàn thành, báo cáo rõ nguyên "
        "nhân và thời hạn hoàn thành.\nĐề nghị các đơn vị thực hiện nghiêm chế độ báo cáo định kỳ, cập nhật tiến "
        "độ và minh chứng trên hệ thống.\nCơ quan thường trực tiếp tục theo dõi, đôn đốc, tổng hợp báo cáo Ban "
        "Chỉ đạo tại phiên họp tiếp theo."
    )


# --- task and unit ---------------------------------------------------------------------------------

def task_heading(task: Task) -> str:
    title = " ".join(task.title.split())
    if len(title) > 200:
        title = title[:199].rstrip() + "…"
    title = title[:1].lower() + title[1:] if title[1:2].islower() else title
    return f"{task.code}: {title}" if task.code else title


def task_report_get(*, user: User, task: Task, as_of: dt.date) -> dict[str, Any]:
    status = task_status_of(task, today=as_of) if task.kind != TaskKind.GROUP else ""
    reports = list(
        ProgressReport.objects.filter(task=task, state__in=_REPORTED).select_related("unit")
        .order_by("submitted_on", "id")
    )
    latest = reports[-1] if reports else None
    history = [{"day": format_date(r.submitted_on), "text": _(
        "%(unit)s báo cáo lần %(v)s, tiến độ %(p)s%%%(claim)s – %(state)s") % {
        "unit": r.unit.display_name, "v": r.version, "p": r.progress,
        "claim": _(", đề nghị hoàn thành") if r.claims_completion else "", "state": r.get_state_display()}}
        for r in reports]
    for ext in ExtensionRequest.objects.filter(task=task).order_by("requested_on", "id"):
        history.append({"day": format_date(ext.requested_on), "text": _(
            "Đề nghị gia hạn đến %(to)s: %(state)s") % {"to": format_date(ext.proposed_due_on),
                                                         "state": ext.get_state_display()}})
    history.sort(key=lambda h: dt.datetime.strptime(h["day"], "%d/%m/%Y") if h["day"] else dt.datetime.min)
    due_line = format_date(task.due_on) if task.due_on else (task.deadline_text or _("Thường xuyên"))
    if task.deadline_text and task.due_on and task.deadline_text != format_date(task.due_on):
        due_line = f"{task.deadline_text} ({format_date(task.due_on)})"
    if task.original_due_on and task.due_on and task.original_due_on != task.due_on:
        due_line += _(" – đã gia hạn từ %(d)s") % {"d": format_date(task.original_due_on)}
    return {
        "task": task,
        # The document's heading names the task as people know it: its number and title, never an id.
        "task_code": task_heading(task),
        "directive_line": f"{task.directive.code} – {task.directive.title}",
        "lead_unit": task.lead_unit.name if task.lead_unit else "",
        "support_units": ", ".join(u.name for u in task.support_units.all()) or _("Không"),
        "due_line": due_line,
        "status": rules.STATUS_LABELS.get(status, "") if status else _("Nhóm nhiệm vụ"),
        "progress": f"{100 if task.completed_on else task.progress}%",
        "result_lines": _lines(latest.results) if latest else [_("Chưa có báo cáo.")],
        "difficulty_lines": (_lines(latest.difficulties) if latest else []) or [_("Không có.")],
        "proposal_lines": (_lines(latest.proposals) if latest else []) or [_("Không có.")],
        "history_rows": history or [{"day": "", "text": _("Chưa có báo cáo.")}],
    }


def unit_get(*, user: User, pk: int) -> OrgUnit:
    """A unit the person may report on: any for committee-wide roles, their own subtree for a unit."""
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None or (not user.is_committee_wide and unit.pk not in user_unit_ids(user=user)):
        raise Http404
    return unit


def unit_report_get(*, user: User, unit: OrgUnit, as_of: dt.date, directive: Directive | None) -> dict[str, Any]:
    scope = tasks_visible(user=user)
    if directive is not None:
        scope = scope.filter(directive_ids_q(directive))
    # The unit with its sub-units, counted as its workspace counts them (one selector).
    mine = unit_tasks(unit_ids=unit_subtree_ids(unit_id=unit.pk), scope=scope)
    lead, support = mine.lead, mine.support
    n_lead, n_support = mine.totals()
    lead_counts = status_counts(lead, today=as_of)
    support_counts = status_counts(support, today=as_of)
    rates = rules.rates_from_counts(lead_counts)

    def merged(counts: dict[str, int], status: str) -> int:
        return counts[status] + (counts[rules.NOT_STARTED] if status == rules.OPEN_ON_TIME else 0)

    overdue = (counted_tasks(lead).filter(status_filters(as_of)[rules.OPEN_OVERDUE]).order_by("due_on", "id")
               .only("id", "title", "due_on", "progress"))
    upcoming = (counted_tasks(lead).filter(kind=TaskKind.DEADLINE, completed_on__isnull=True,
                                           due_on__gte=as_of, due_on__lte=as_of + dt.timedelta(days=30))
                .exclude(state=TaskState.CANCELLED).order_by("due_on", "id").only("id", "title", "due_on", "progress"))
    return {
        "unit_name": unit.name,
        "intro": _("Số liệu tính đến ngày %(d)s%(scope)s.") % {
            "d": format_date(as_of), "scope": _(", thuộc %(c)s") % {"c": directive.code} if directive else ""},
        "summary_lines": [
            _("Chủ trì %(n)s nhiệm vụ, phối hợp %(m)s nhiệm vụ.") % {
                "n": _n(n_lead), "m": _n(n_support)},
            _("Tỷ lệ hoàn thành: %(c)s; tỷ lệ đúng hạn: %(o)s.") % {
                "c": format_percent(rates.completion_rate), "o": format_percent(rates.on_time_rate)},
        ],
        "status_rows": [{"label": rules.STATUS_LABELS[s], "n_lead": _n(merged(lead_counts, s)),
                         "n_support": _n(merged(support_counts, s))} for s in SUMMARY_ORDER],
        "overdue_rows": [{"no": i, "title": t.title, "due": format_date(t.due_on),
                          "n_days": _n((as_of - t.due_on).days), "progress": f"{t.progress}%"}
                         for i, t in enumerate(overdue, start=1)],
        "upcoming_rows": [{"no": i, "title": t.title, "due": format_date(t.due_on), "progress": f"{t.progress}%"}
                          for i, t in enumerate(upcoming, start=1)],
    }
