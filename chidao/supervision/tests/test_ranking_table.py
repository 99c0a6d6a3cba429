"""The ranking table's and the warnings list's rows written in Python are the HTML the template loops wrote."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.template import engines

from chidao.supervision import rules
from chidao.supervision.periods import MONTH, Period
from chidao.supervision.selectors import Ranking, ScoreLine, TaskWarning

# The loop as the ranking template had it before the rows moved to `ranking_rows`.
TEMPLATE_LOOP = """{% load i18n chidao supervision %}{% for line in r.lines %}
  <tr data-testid="rank-row-{{ line.unit_id }}">
    <td class="text-end fw-semibold">{{ line.rank|default:"—" }}</td>
    <td>{% if r|may_see:line.unit_id %}<a href="{% url 'scorecard_detail' line.unit_id %}?period={{ r.period.key }}">{{ line.unit_name }}</a>{% else %}{{ line.unit_name }}{% endif %}</td>
    <td class="text-end fs-5 fw-semibold">{{ line.score|score }}</td>
    <td>{{ line.grade|grade_badge }}</td>
    <td class="text-end text-nowrap">{{ line.rank_change|change_arrow }}<div class="small text-muted">{% if line.previous_score is not None %}{% translate "điểm" %} {{ line.score_change|change_arrow }}{% endif %}</div></td>
    {% if r|may_see:line.unit_id %}
    <td class="text-end"><a href="{% url 'task_list' %}?unit={{ line.unit_id }}&role=lead&due_to={{ r.period.end|date:'d/m/Y' }}" title="{% translate 'Nhiệm vụ đến hạn đến cuối kỳ' %}">{{ line.completion_rate|pct }}</a><div class="small text-muted">{{ line.inputs.done_on_time|add:line.inputs.done_late }}/{{ line.inputs.due }}</div></td>
    <td class="text-end"><a href="{% url 'task_list' %}?unit={{ line.unit_id }}&role=lead&status=done_on_time&due_to={{ r.period.end|date:'d/m/Y' }}">{{ line.on_time_rate|pct }}</a><div class="small text-muted">{{ line.inputs.done_on_time }}/{{ line.inputs.due }}</div></td>
    <td class="text-end"><a class="{% if line.inputs.open_overdue %}text-danger fw-semibold{% endif %}" href="{% url 'task_list' %}?unit={{ line.unit_id }}&role=lead&status=open_overdue" data-testid="overdue-link-{{ line.unit_id }}">{{ line.inputs.open_overdue }}</a></td>
    <td class="text-end">{{ line.discipline_rate|pct }}<div class="small text-muted">{{ line.inputs.discipline_on_time }}/{{ line.inputs.discipline_expected }}</div></td>
    <td class="text-end"><a href="{% url 'recommendation_list' %}?unit={{ line.unit_id }}">{{ line.rec_rate|pct }}</a><div class="small text-muted">{{ line.inputs.rec_answered_on_time }}/{{ line.inputs.rec_due }}</div></td>
    <td class="text-end"><a href="{% url 'indicator_unit' line.unit_id %}?den={{ r.period.end|date:'Y-m-d' }}" data-testid="indicators-link-{{ line.unit_id }}" title="{% translate 'Mức đạt bình quân các chỉ số đơn vị phụ trách' %}">{{ line.indicators_score|pct }}</a></td>
    <td class="text-end"><a href="{% url 'project_list' %}?unit={{ line.unit_id }}&year={{ r.period.end.year }}" data-testid="disbursement-link-{{ line.unit_id }}" title="{% translate 'Giải ngân so với tỷ lệ thời gian đã qua trong năm' %}">{{ line.disbursement_score|pct }}</a>{% if line.inputs.disbursement_rate is not None %}<div class="small text-muted">{{ line.inputs.disbursement_rate|pct }}{% if line.inputs.year_elapsed is not None %} / {{ line.inputs.year_elapsed|pct }}{% endif %}</div>{% endif %}</td>
    {% else %}<td colspan="7" class="text-muted small">{% translate "Chi tiết chỉ đơn vị và lãnh đạo Ban Chỉ đạo xem được." %}</td>{% endif %}
  </tr>
  {% empty %}<tr><td colspan="12" class="text-muted">{% translate "Chưa có đơn vị nào có nhiệm vụ trong kỳ." %}</td></tr>{% endfor %}"""  # noqa: E501


def _line(unit_id: int, name: str, *, score: D | None, grade: str, rank: int | None,
          previous: tuple[D | None, int | None] = (None, None), **inputs: object) -> ScoreLine:
    i = rules.ScoreInputs(**inputs)  # type: ignore[arg-type]
    result = rules.score_compute(inputs=i, weights=rules.ScoreWeights(), overdue_penalty=10)
    return ScoreLine(unit_id=unit_id, unit_name=name, unit_kind="department", inputs=i,
                     components=result.components, score=score, grade=grade, rank=rank,
                     previous_score=previous[0], previous_rank=previous[1])


LINES = [
    _line(3, "Sở KH&CN", score=D("91.25"), grade=rules.EXCELLENT, rank=1, previous=(D("88.5"), 3),
          done_on_time=1204, done_late=7, open_on_time=880, open_overdue=13, discipline_on_time=4,
          discipline_expected=5, rec_answered_on_time=1, rec_due=2, indicator_achievement=D("87.456"),
          disbursement_rate=D("45.5"), year_elapsed=D("91.78")),
    _line(12, 'Sở "Nội vụ" <1>', score=D("60"), grade=rules.PASSED, rank=2, previous=(D("75"), 1),
          done_on_time=2, open_overdue=0, disbursement_rate=D("10")),
    _line(14, "Sở Tài chính", score=D("60"), grade=rules.PASSED, rank=2, previous=(D("60"), 2),
          done_late=1, open_overdue=2),
    _line(1234, "Sở mới", score=None, grade=rules.NO_DATA, rank=None, open_on_time=4),
]


@pytest.mark.parametrize("detail_unit_ids", [None, {3, 1234}, set()])
@pytest.mark.parametrize("lines", [LINES, []])
def test_rows_are_the_template_loops_html(db: None, detail_unit_ids: set[int] | None,
                                          lines: list[ScoreLine]) -> None:
    period = Period(MONTH, 2026, 3)
    r = Ranking(period=period, kind="department", kinds=["department"], lines=lines, snapshot=None,
                previous_period=period.previous(), previous_frozen=False, detail_unit_ids=detail_unit_ids,
                closed=False, all_lines=lines)
    engine = engines["django"]
    expected = engine.from_string(TEMPLATE_LOOP).render({"r": r})
    assert engine.from_string("{% load ranking_table %}{% ranking_rows r %}").render({"r": r}) == expected


# supervision/_warning_rows.html as it was before its loop moved to `warning_rows`.
WARNING_ROWS = """{% load i18n %}{% for w in items %}
<li class="list-group-item" data-testid="warning-{{ w.task_id }}">
  <a href="{% url 'task_detail' w.task_id %}">{% if w.code %}{{ w.code }}. {% endif %}{{ w.title|truncatechars:140 }}</a>
  <div class="small text-muted">{{ w.unit_name }} · {{ w.directive_code }}{% if w.due_on %} · {% translate "hạn" %} {{ w.due_on|date:"d/m/Y" }}{% else %} · {% translate "Thường xuyên" %}{% endif %} · {% translate "tiến độ" %} {{ w.progress }}%</div>
  <div class="mt-1">{% for r in w.reasons %}<span class="badge text-bg-warning text-wrap text-start me-1 warning-reason" data-code="{{ r.code }}">⚠ {{ r.text }}</span>{% endfor %}</div>
</li>
{% empty %}
<li class="list-group-item text-muted">{% translate "Không có nhiệm vụ nào có nguy cơ chậm." %}</li>
{% endfor %}
"""  # noqa: E501

WARNINGS = [
    TaskWarning(17, "1.2", "Xây dựng <Trung tâm> dữ liệu & " + "rất dài " * 30, 3, "Sở KH&CN", "57-NQ/TW",
                dt.date(2026, 3, 9), 20, dt.date(2026, 1, 2),
                [rules.WarningReason(rules.LAG, "tiến độ 20% nhưng đã qua 70% thời gian"),
                 rules.WarningReason(rules.SILENT, "chưa báo cáo 45 ngày")]),
    TaskWarning(18, "", 'Báo cáo "định kỳ"', 4, "Phường Hải Châu", "45/KH-UBND", None, 0, None,
                [rules.WarningReason(rules.SILENT, "chưa báo cáo lần nào sau 31 ngày được giao")]),
]


@pytest.mark.parametrize("items", [WARNINGS, WARNINGS[:1], []])
def test_warning_rows_are_the_template_loops_html(db: None, items: list[TaskWarning]) -> None:
    engine = engines["django"]
    expected = engine.from_string(WARNING_ROWS).render({"items": items})
    assert engine.get_template("supervision/_warning_rows.html").render({"items": items}) == expected
