"""Blocks that supervision adds to other apps' pages (dashboard, workspace, task, report) through
their own selectors, so those views stay untouched; and filters for grades and statuses."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from chidao.core.formatting import format_decimal
from chidao.core.viewutils import request_today
from chidao.supervision import rules, selectors

register = template.Library()


@register.inclusion_tag("supervision/_dashboard_block.html", takes_context=True)
def supervision_dashboard_block(context: template.Context) -> dict[str, object]:
    request = context["request"]
    warnings, total, rec_counts = selectors.dashboard_block_figures(user=request.user, today=request_today(request))
    return {
        "warnings": warnings, "warnings_total": total,
        "rec_counts": rec_counts,
        "pending_directions": selectors.workspace_directions(user=request.user, limit=5),
        "user": request.user,
    }


@register.inclusion_tag("supervision/_workspace_block.html", takes_context=True)
def workspace_directions_block(context: template.Context) -> dict[str, object]:
    request = context["request"]
    today = request_today(request)
    return {
        "directions": selectors.workspace_directions(user=request.user),
        "rec_counts": selectors.recommendation_counts(
            user=request.user, today=today, filters=selectors.RecommendationFilters(box="received")),
        "request": request, "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("supervision/_task_block.html", takes_context=True)
def task_directions_block(context: template.Context, task) -> dict[str, object]:  # type: ignore[no-untyped-def]
    request = context["request"]
    user = request.user
    directions = selectors.task_directions(task=task)
    return {
        "task": task, "directions": directions,
        "acknowledgeable": {d.pk for d in directions if selectors.can_acknowledge_direction(user, d)},
        "can_give": selectors.can_give_direction(user) and task.kind != "group" and task.lead_unit_id
        and task.state not in {"draft", "cancelled"},
        "request": request, "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("supervision/_report_block.html", takes_context=True)
def report_recommendation_block(context: template.Context, report) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from chidao.orgs.selectors import user_unit_ids

    request = context["request"]
    user = request.user
    existing = list(report.recommendations.all()[:1])
    return {
        "report": report, "existing": existing[0] if existing else None,
        "can_raise": user.is_unit_user and report.unit_id in user_unit_ids(user=user)
        and report.state not in {"draft", "pending_approval"} and bool(report.proposals.strip()) and not existing,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def rec_status_badge(status: str) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', rules.RECOMMENDATION_BADGES.get(status, "secondary"),
                      rules.RECOMMENDATION_LABELS.get(status, status))


@register.filter
def grade_badge(grade: str) -> str:
    return format_html('<span class="badge text-bg-{} grade-badge">{}</span>',
                       rules.GRADE_BADGES.get(grade, "secondary"), rules.GRADE_LABELS.get(grade, ""))


@register.filter
def score(value: Decimal | None) -> str:
    return "—" if value is None else format_decimal(value, 2)


@register.filter
def change_arrow(value: int | Decimal | None) -> str:
    """↑ 2 / ↓ 1 / = ; nothing to compare → —."""
    if value is None:
        return format_html('<span class="text-muted">{}</span>', "—")
    if value > 0:
        text = format_decimal(value, 2) if isinstance(value, Decimal) else str(value)
        return format_html('<span class="text-success fw-semibold">↑ {}</span>', text)
    if value < 0:
        text = format_decimal(-value, 2) if isinstance(value, Decimal) else str(-value)
        return format_html('<span class="text-danger fw-semibold">↓ {}</span>', text)
    return format_html('<span class="text-muted">{}</span>', "=")


@register.filter
def may_see(ranking: selectors.Ranking, unit_id: int) -> bool:
    return ranking.may_see_details(unit_id)
