"""The task list's rows written in Python are the HTML the template loop wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

from chidao.directives.models import Directive, Field, Task, TaskKind, TaskState
from chidao.orgs.models import OrgUnit

# The loop as the task list template had it before the rows moved to `task_table_rows`.
TEMPLATE_LOOP = """{% load i18n chidao %}{% for t in page %}
  <tr>
    <td class="title"><a href="{% url 'task_detail' t.pk %}">{{ t.title|truncatechars:180 }}</a>
      <div class="small text-muted">{{ t.directive.code }}{% if t.code %} · {{ t.code }}{% endif %} · {{ t.get_field_display }}{% if t.state == "draft" %} · <span class="badge text-bg-light border">{% translate "Dự thảo" %}</span>{% elif t.state == "completion_requested" %} · <span class="badge text-bg-light border">{% translate "Đề nghị hoàn thành" %}</span>{% endif %}</div></td>
    <td>{{ t.lead_unit.display_name }}</td>
    <td class="text-nowrap">{% if t.kind == "recurring" %}{% translate "Thường xuyên" %}{% else %}{{ t.due_on|date:"d/m/Y" }}{% endif %}</td>
    <td class="text-nowrap">{% if t.completed_on %}100%{% else %}{{ t.progress }}%{% endif %}</td>
    <td>{{ t.status|status_badge }}</td>
  </tr>
  {% endfor %}"""  # noqa: E501


def _task(pk: int, **kw: object) -> Task:
    directive = kw.pop("directive", Directive(pk=1, code="57-NQ/TW"))
    lead = kw.pop("lead_unit", OrgUnit(pk=3, name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN"))
    status = kw.pop("status", "open_on_time")
    task = Task(pk=pk, directive=directive, lead_unit=lead, **kw)
    task.status = status  # annotated by the task_list selector
    return task


TASKS = [
    _task(1, title="Xây dựng cơ sở dữ liệu đất đai", code="1.2", field=Field.DATA, kind=TaskKind.DEADLINE,
          state=TaskState.ASSIGNED, due_on=dt.date(2026, 3, 9), progress=40),
    _task(22, title='Thử "ký tự" <đặc biệt> & ' + "rất dài " * 40, code="", field=Field.OTHER,
          kind=TaskKind.DEADLINE, state=TaskState.DRAFT, due_on=None, progress=0, status=""),
    _task(333, title="Báo cáo định kỳ", code="", field=Field.INNOVATION, kind=TaskKind.RECURRING,
          state=TaskState.ASSIGNED, due_on=None, progress=10, status="recurring", lead_unit=None),
    _task(4444, title="Hoàn thành hạ tầng", code="A-7", field=Field.INFRASTRUCTURE, kind=TaskKind.DEADLINE,
          state=TaskState.COMPLETION_REQUESTED, due_on=dt.date(2025, 12, 31), progress=95,
          completed_on=dt.date(2025, 12, 30), status="done_on_time"),
    _task(5, title="Quá hạn", code="", field=Field.DATA, kind=TaskKind.DEADLINE, state=TaskState.ASSIGNED,
          due_on=dt.date(2025, 1, 2), progress=5, status="open_overdue",
          directive=Directive(pk=2, code="<b>KH</b>")),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_rows_are_the_template_loops_html(language: str) -> None:
    engine = engines["django"]
    with translation.override(language):
        expected = engine.from_string(TEMPLATE_LOOP).render({"page": TASKS})
        tag = engine.from_string("{% load task_table %}{% task_table_rows page %}")
        assert tag.render({"page": TASKS}) == expected
