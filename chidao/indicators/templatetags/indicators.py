"""Template helpers for indicators: values with a decimal comma, traffic lights, periods."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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


def _out(value: object) -> str:
    """A value as `{{ value }}` writes it: localized, then escaped."""
    return conditional_escape(localize(value))


@register.simple_tag
def target_text(n: selectors.NodeView, year: object) -> SafeString:
    """A node's target in words (its label, “Top N”, or value and unit), with the target's year when
    it is not `year`. The HTML the include `indicators/_target_text.html` wrote, written in Python
    because the dashboards and the index page write it on every row (test_target_text.py compares
    the two)."""
    target = n.target
    if not target:
        return mark_safe('<span class="text-muted">—</span>\n')
    if target.label:
        text = _out(target.label)
    elif target.kind == "rank":
        text = f"Top {_out(target.target_rank)}"
    else:
        text = f"{_out(ivalue(target.target_value))} {_out(n.indicator.unit_of_measure)}"
    if target.year != year:
        text += f' <span class="text-muted small">({_out(gettext("đích"))} {_out(target.year)})</span>'
    return mark_safe(text + "\n")  # every value above is escaped
