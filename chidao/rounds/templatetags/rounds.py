"""The "Kỳ báo cáo" section of a unit's workspace, filled from the rounds selector."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html

from chidao.rounds import rules
from chidao.rounds.selectors import unit_round_obligations

register = template.Library()


@register.inclusion_tag("rounds/_workspace_rounds.html", takes_context=True)
def workspace_rounds(context: template.Context) -> dict[str, object]:
    user = context["request"].user
    return {"obligations": unit_round_obligations(user=user, today=timezone.localdate())}


@register.filter
def submission_badge(status: str) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', rules.SUBMISSION_BADGES.get(status, "secondary"),
                       rules.SUBMISSION_LABELS.get(status, status))


@register.filter
def round_state_badge(state: str) -> str:
    colour = {rules.OPEN: "primary", rules.CLOSED: "secondary", rules.UPCOMING: "info"}.get(state, "secondary")
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, rules.STATE_LABELS.get(state, state))
