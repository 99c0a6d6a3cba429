"""The rows of the dashboard's unit table, written in Python.

The table has a row per lead unit (about 200 in a city) with five links and seven figures each:
rendered by the template engine it cost about 40 ms a page, more than all the page's queries. This
tag writes the very same HTML (chidao/core/tests/test_dashboard_table.py renders both and compares
them), so the page looks and behaves the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from chidao.core import formatting
from chidao.directives.selectors import UnitRow

register = template.Library()

ROW = (
    "\n          <tr>"
    "\n            <td>{n}</td>"
    '\n            <td><a href="{base}&role=lead{dq}">{name}</a></td>'
    '\n            <td class="text-end"><a href="{base}&role=lead&status=done_on_time{dq}">{done_on_time}</a></td>'
    '\n            <td class="text-end"><a href="{base}&role=lead&status=done_late{dq}">{done_late}</a></td>'
    '\n            <td class="text-end"><a href="{base}&role=lead&status=open_on_time{dq}">{open_on_time}</a></td>'
    '\n            <td class="text-end"><a class="{overdue_class}" href="{base}&role=lead&status=open_overdue{dq}">'
    "{open_overdue}</a></td>"
    '\n            <td class="text-end">{completion_rate}</td>'
    '\n            <td class="text-end">{on_time_rate}</td>'
    "\n          </tr>"
    "\n          "
)


@register.simple_tag
def unit_table_rows(rows: Sequence[UnitRow], task_list_url: str, dq: object) -> SafeString:
    """`<tr>`s of the unit table: counts with links to the task list filtered by unit (as lead),
    status and, when the dashboard shows one directive, that directive (`dq`)."""
    url = conditional_escape(task_list_url)
    dq_part = f"&directive={conditional_escape(dq)}" if dq else ""
    out = []
    for n, row in enumerate(rows, start=1):
        counts = row.counts
        out.append(ROW.format(
            n=n,
            base=f"{url}?unit={conditional_escape(row.unit.pk)}",
            dq=dq_part,
            name=conditional_escape(row.unit.display_name),
            done_on_time=conditional_escape(formatting.group_thousands(counts["done_on_time"] or 0)),
            done_late=conditional_escape(formatting.group_thousands(counts["done_late"] or 0)),
            open_on_time=conditional_escape(formatting.group_thousands(row.rates.open_on_time or 0)),
            overdue_class="text-danger fw-semibold" if counts["open_overdue"] else "",
            open_overdue=conditional_escape(formatting.group_thousands(counts["open_overdue"] or 0)),
            completion_rate=conditional_escape(formatting.format_percent(row.completion_rate)),
            on_time_rate=conditional_escape(formatting.format_percent(row.on_time_rate)),
        ))
    return mark_safe("".join(out))  # every value above is escaped
