"""The rows of a warnings list, written in Python.

The warnings page shows 50 warned tasks a page, each with a link, four facts and its reasons: the
template loop cost about 15 ms a page, more than reading the cached figures. This tag writes the
very same HTML (chidao/supervision/tests/test_ranking_table.py renders both and compares them).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from chidao.supervision.selectors import TaskWarning

register = template.Library()

_SENTINEL = 987654321  # stands for the task id in the URL reversed once per list

ROW = (
    '\n<li class="list-group-item" data-testid="warning-{pk}">'
    '\n  <a href="{url}">{code}{title}</a>'
    '\n  <div class="small text-muted">{unit} · {directive}{due} · {t_progress} {progress}%</div>'
    '\n  <div class="mt-1">{reasons}</div>'
    "\n</li>\n"
)
REASON = ('<span class="badge text-bg-warning text-wrap text-start me-1 warning-reason" data-code="{code}">'
          "⚠ {text}</span>")
EMPTY = '\n<li class="list-group-item text-muted">{text}</li>\n'


def _e(value: object) -> str:
    # What conditional_escape does for values that are not already safe (none here: ids, dates,
    # plain strings from the database and from gettext), without its checks: ~600 calls a page.
    return html.escape(str(value))


@register.simple_tag
def warning_rows(items: Sequence[TaskWarning]) -> SafeString:
    """`<li>`s of warned tasks: the task with a link, its lead unit, directive, deadline and
    progress, and each reason as a badge; a line saying there is none when the list is empty."""
    if not items:
        return mark_safe(EMPTY.format(text=_e(_("Không có nhiệm vụ nào có nguy cơ chậm."))))
    task_url = _e(reverse("task_detail", args=[_SENTINEL]))
    t_due, t_recurring, t_progress = _e(_("hạn")), _e(_("Thường xuyên")), _e(_("tiến độ"))
    out = []
    for w in items:
        pk = _e(w.task_id)
        out.append(ROW.format(
            pk=pk, url=task_url.replace(str(_SENTINEL), pk),
            code=f"{_e(w.code)}. " if w.code else "", title=_e(Truncator(w.title).chars(140)),
            unit=_e(w.unit_name), directive=_e(w.directive_code),
            due=f" · {t_due} {_e(w.due_on.strftime('%d/%m/%Y'))}" if w.due_on else f" · {t_recurring}",
            t_progress=t_progress, progress=_e(w.progress),
            reasons="".join(REASON.format(code=_e(r.code), text=_e(r.text)) for r in w.reasons),
        ))
    return mark_safe("".join(out))  # every value above is escaped
