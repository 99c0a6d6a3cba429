"""Template helpers for the resources pages.

`rate_bar` writes the disbursement-rate bar that `resources/_rate.html` wrote through an include
per row: the dashboard's unit table and the project list have a row per unit or project (hundreds
in a city), and an include costs more than the rest of the row. The HTML is byte-identical
(chidao/resources/tests/test_rate_bar.py renders both and compares them).
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from chidao.core import formatting

register = template.Library()

BAR = ('<div class="d-flex align-items-center gap-2 justify-content-end"><div class="progress flex-grow-1" '
       'style="height: .5rem; min-width: 4rem; max-width: 8rem"><div class="progress-bar {bg}" '
       'style="width: {width}%"></div></div><span class="{cls}">{pct}</span></div>\n')


@register.simple_tag
def rate_bar(rate: Decimal | None, warn: object) -> SafeString:
    """A rate in percent as a small bar and a figure, red when `warn`; a dash without a rate."""
    if rate is None:
        return mark_safe('<span class="text-muted">—</span>\n')
    return mark_safe(BAR.format(  # every value below is escaped
        bg="bg-danger" if warn else "bg-success",
        # As the `stringformat:'.2f'` filter wrote it (a %-format, through float).
        width=conditional_escape("%.2f" % rate),  # noqa: UP031
        cls="text-danger fw-semibold" if warn else "",
        pct=conditional_escape(formatting.format_percent(rate)),
    ))
