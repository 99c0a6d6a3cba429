"""Template helpers for indicators: values with a decimal comma, traffic lights, periods."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from chidao.directives.models import Task
from chidao.indicators import rules, selectors

register = template.Library()


@register.filter
def ivalue(value: Decimal | None) -> str:
    return rules.format_number(value)


@register.filter
def light(code: str) -> str:
    return format_html('<span class="badge text-bg-{} light-badge" data-light="{}">{}</span>',
                       rules.LIGHT_BADGES.get(code, "secondary"), code, rules.LIGHT_LABELS.get(code, ""))


@register.filter
def period(value, periodicity: str) -> str:  # type: ignore[no-untyped-def]
    return rules.period_label(periodicity, value) if value else ""


@register.inclusion_tag("indicators/_task_indicators.html")
def task_indicators(task: Task) -> dict[str, object]:
    """The “Chỉ số liên quan” card on a task page (one query)."""
    return {"indicators": selectors.task_indicators(task=task)}
