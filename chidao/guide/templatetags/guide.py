from __future__ import annotations

from typing import Any

from django import template

from chidao.guide.selectors import guide_get

register = template.Library()


@register.inclusion_tag("guide/_start_panel.html", takes_context=True)
def start_panel(context: dict[str, Any]) -> dict[str, Any]:
    """The person's "Bắt đầu" panel (per person, never in the cached figures)."""
    request = context["request"]
    return {"guide": guide_get(user=request.user), "request": request, "csrf_token": context.get("csrf_token")}
