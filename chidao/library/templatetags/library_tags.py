"""The directive page shows the library documents linked to it (only those the reader may see)."""

from __future__ import annotations

from typing import Any

from django import template

from chidao.library.selectors import documents_for_directive

register = template.Library()


@register.inclusion_tag("library/_directive_links.html", takes_context=True)
def library_links(context: dict[str, Any], directive: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"documents": list(documents_for_directive(user=user, directive=directive))}
