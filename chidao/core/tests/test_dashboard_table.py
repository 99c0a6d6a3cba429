"""The unit table's rows written in Python are the HTML the template loop wrote."""

from __future__ import annotations

import pytest
from django.template import engines

from chidao.directives import rules
from chidao.directives.selectors import UnitRow
from chidao.orgs.models import OrgUnit

# The loop as the dashboard template had it before the rows moved to `unit_table_rows`.
TEMPLATE_LOOP = """{% load chidao %}{% for row in rows %}
          <tr>
            <td>{{ forloop.counter }}</td>
            <td><a href="{{ task_list_url }}?unit={{ row.unit.pk }}&role=lead{% if dq %}&directive={{ dq }}{% endif %}">{{ row.unit.display_name }}</a></td>
            <td class="text-end"><a href="{{ task_list_url }}?unit={{ row.unit.pk }}&role=lead&status=done_on_time{% if dq %}&directive={{ dq }}{% endif %}">{{ row.counts.done_on_time|num }}</a></td>
            <td class="text-end"><a href="{{ task_list_url }}?unit={{ row.unit.pk }}&role=lead&status=done_late{% if dq %}&directive={{ dq }}{% endif %}">{{ row.counts.done_late|num }}</a></td>
            <td class="text-end"><a href="{{ task_list_url }}?unit={{ row.unit.pk }}&role=lead&status=open_on_time{% if dq %}&directive={{ dq }}{% endif %}">{{ row.rates.open_on_time|num }}</a></td>
            <td class="text-end"><a class="{% if row.counts.open_overdue %}text-danger fw-semibold{% endif %}" href="{{ task_list_url }}?unit={{ row.unit.pk }}&role=lead&status=open_overdue{% if dq %}&directive={{ dq }}{% endif %}">{{ row.counts.open_overdue|num }}</a></td>
            <td class="text-end">{{ row.completion_rate|pct }}</td>
            <td class="text-end">{{ row.on_time_rate|pct }}</td>
          </tr>
          {% endfor %}"""  # noqa: E501


def _row(pk: int, name: str, short: str, **counts: int) -> UnitRow:
    full = dict.fromkeys(rules.STATUS_ORDER, 0) | counts
    return UnitRow(unit=OrgUnit(pk=pk, name=name, short_name=short), counts=full,
                   rates=rules.rates_from_counts(full))


ROWS = [
    _row(3, "Sở Khoa học và Công nghệ", "Sở KH&CN", done_on_time=1204, done_late=7, open_on_time=880,
         not_started=95, open_overdue=1311),
    _row(12, 'Phường "Hải Châu" <1>', "", done_on_time=2, open_on_time=1),
    _row(1234, "Xã Hòa Vang", "", recurring=4),  # nothing due: rates are "—"
]


@pytest.mark.parametrize("dq", ["", 4])
def test_rows_are_the_template_loops_html(dq: object) -> None:
    engine = engines["django"]
    context = {"rows": ROWS, "task_list_url": "/nhiem-vu/", "dq": dq}
    expected = engine.from_string(TEMPLATE_LOOP).render(context)
    tag = engine.from_string("{% load dashboard_table %}{% unit_table_rows rows task_list_url dq %}")
    assert tag.render(context) == expected
