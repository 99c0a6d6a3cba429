"""Template filters for Vietnamese numbers, money, rates and task statuses."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.http import QueryDict
from django.utils.html import format_html

from chidao.core import formatting
from chidao.directives import rules

register = template.Library()


@register.filter
def vnd(value: int | None) -> str:
    return formatting.format_vnd(value)


@register.filter
def vnd_short(value: int | None) -> str:
    return formatting.format_vnd_short(value)


@register.filter
def pct(value: Decimal | None) -> str:
    return formatting.format_percent(value)


@register.filter
def num(value: int | None) -> str:
    return formatting.group_thousands(value or 0)


@register.filter
def status_label(status: str) -> str:
    return rules.STATUS_LABELS.get(status, "")


@register.filter
def status_badge(status: str) -> str:
    if not status:
        return ""
    return format_html(
        '<span class="badge text-bg-{} status-badge">{}</span>',
        rules.STATUS_BADGES.get(status, "secondary"),
        rules.STATUS_LABELS.get(status, status),
    )


@register.filter
def get_item(mapping: dict, key: str):  # type: ignore[no-untyped-def]
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:  # type: ignore[no-untyped-def]
    """The current query string with some parameters replaced (for paging and sorting links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
