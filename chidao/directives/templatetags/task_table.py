"""The rows of the task list, written in Python.

Fifty rows with a link, a truncated title, a date, a progress figure and a status badge each cost
the template engine about 25 ms a page, more than the page's queries. This tag writes the very same
HTML (chidao/directives/tests/test_task_table.py renders both and compares them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from chidao.core.templatetags.chidao import status_badge
from chidao.directives.models import Field, Task, TaskKind, TaskState

register = template.Library()

ROW = (
    "\n  <tr>"
    '\n    <td class="title"><a href="{url}">{title}</a>'
    '\n      <div class="small text-muted">{directive}{code} · {field}{state}</div></td>'
    "\n    <td>{lead}</td>"
    '\n    <td class="text-nowrap">{due}</td>'
    '\n    <td class="text-nowrap">{progress}%</td>'
    "\n    <td>{status}</td>"
    "\n  </tr>"
    "\n  "
)


def _state_badge(state: str) -> str:
    if state == TaskState.DRAFT:
        return f' · <span class="badge text-bg-light border">{conditional_escape(_("Dự thảo"))}</span>'
    if state == TaskState.COMPLETION_REQUESTED:
        return f' · <span class="badge text-bg-light border">{conditional_escape(_("Đề nghị hoàn thành"))}</span>'
    return ""


@register.simple_tag
def task_table_rows(tasks: Iterable[Task]) -> SafeString:
    """`<tr>`s of the task list; each task carries `status` (annotated by `task_list`) and its
    directive and lead unit (select_related)."""
    detail_url = reverse("task_detail", args=[0])[: -len("0/")]  # ".../nhiem-vu/" + "<pk>/"
    recurring = conditional_escape(_("Thường xuyên"))
    # get_field_display() rebuilds the choices and translates on every call (≈ 0.2 ms a row here).
    field_labels = {value: conditional_escape(str(label)) for value, label in Field.choices}
    out = []
    for t in tasks:
        if t.kind == TaskKind.RECURRING:
            due = recurring
        else:
            due = t.due_on.strftime("%d/%m/%Y") if t.due_on else ""  # as the date filter's d/m/Y
        out.append(ROW.format(
            url=f"{detail_url}{t.pk}/",
            title=conditional_escape(Truncator(t.title).chars(180)),
            directive=conditional_escape(t.directive.code),
            code=f" · {conditional_escape(t.code)}" if t.code else "",
            field=field_labels.get(t.field) or conditional_escape(t.get_field_display()),
            state=_state_badge(t.state),
            lead=conditional_escape(t.lead_unit.display_name) if t.lead_unit else "",
            due=due,
            progress=100 if t.completed_on else conditional_escape(t.progress),
            status=status_badge(t.status),
        ))
    return mark_safe("".join(out))  # every value above is escaped
