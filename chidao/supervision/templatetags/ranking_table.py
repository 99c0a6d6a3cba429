"""The rows of the ranking table, written in Python.

The table has a row per unit of the kind shown (about 60 departments or 100 communes in a city)
with seven links and a dozen figures each: rendered by the template engine it cost about 50 ms a
page, more than reading the cached scorecards. This tag writes the very same HTML
(chidao/supervision/tests/test_ranking_table.py renders both and compares them), so the page looks
and behaves the same.
"""

from __future__ import annotations

import html

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from chidao.core import formatting
from chidao.supervision.selectors import Ranking

from .supervision import change_arrow, grade_badge, score

register = template.Library()

_SENTINEL = 987654321  # stands for the unit id in the URLs reversed once per table

HEAD = (
    '\n  <tr data-testid="rank-row-{uid}">'
    '\n    <td class="text-end fw-semibold">{rank}</td>'
    "\n    <td>{name_cell}</td>"
    '\n    <td class="text-end fs-5 fw-semibold">{score}</td>'
    "\n    <td>{grade}</td>"
    '\n    <td class="text-end text-nowrap">{rank_change}<div class="small text-muted">{score_change}</div></td>'
    "\n    "
)
DETAILS = (
    '\n    <td class="text-end"><a href="{tasks}?unit={uid}&role=lead&due_to={end}" title="{t_due}">{completion}</a>'
    '<div class="small text-muted">{done}/{due}</div></td>'
    '\n    <td class="text-end"><a href="{tasks}?unit={uid}&role=lead&status=done_on_time&due_to={end}">{on_time}</a>'
    '<div class="small text-muted">{done_on_time}/{due}</div></td>'
    '\n    <td class="text-end"><a class="{overdue_class}" href="{tasks}?unit={uid}&role=lead&status=open_overdue"'
    ' data-testid="overdue-link-{uid}">{open_overdue}</a></td>'
    '\n    <td class="text-end">{discipline}<div class="small text-muted">{disc_on_time}/{disc_expected}</div></td>'
    '\n    <td class="text-end"><a href="{recs}?unit={uid}">{rec}</a>'
    '<div class="small text-muted">{rec_on_time}/{rec_due}</div></td>'
    '\n    <td class="text-end"><a href="{indicators}?den={end_iso}" data-testid="indicators-link-{uid}"'
    ' title="{t_indicators}">{indicators_score}</a></td>'
    '\n    <td class="text-end"><a href="{projects}?unit={uid}&year={year}" data-testid="disbursement-link-{uid}"'
    ' title="{t_disbursement}">{disbursement_score}</a>{disbursement_detail}</td>'
    "\n    "
)
NO_DETAILS = '<td colspan="7" class="text-muted small">{text}</td>'
TAIL = "\n  </tr>\n  "
EMPTY = '<tr><td colspan="12" class="text-muted">{text}</td></tr>'


def _e(value: object) -> str:
    # What conditional_escape does for values that are not already safe (none passed here: ids,
    # numbers, formatted figures, plain strings from the database, gettext and reverse), without
    # its checks: ~1,200 calls a page. The safe badges and arrows are inserted as they are.
    return html.escape(str(value))


@register.simple_tag
def ranking_rows(r: Ranking) -> SafeString:
    """`<tr>`s of the ranking table: rank, unit, score, grade and change since the previous period
    for every unit; the figures with links to the tasks, recommendations, indicators and projects
    behind them for the units whose details the person may see."""
    if not r.lines:
        return mark_safe(EMPTY.format(text=_e(_("Chưa có đơn vị nào có nhiệm vụ trong kỳ."))))
    end = r.period.end
    common = {
        "tasks": _e(reverse("task_list")), "recs": _e(reverse("recommendation_list")),
        "projects": _e(reverse("project_list")),
        "end": _e(end.strftime("%d/%m/%Y")), "end_iso": _e(end.strftime("%Y-%m-%d")), "year": end.year,
        "t_due": _e(_("Nhiệm vụ đến hạn đến cuối kỳ")),
        "t_indicators": _e(_("Mức đạt bình quân các chỉ số đơn vị phụ trách")),
        "t_disbursement": _e(_("Giải ngân so với tỷ lệ thời gian đã qua trong năm")),
    }
    detail_url = _e(reverse("scorecard_detail", args=[_SENTINEL]))
    indicator_url = _e(reverse("indicator_unit", args=[_SENTINEL]))
    period_key = _e(r.period.key)
    word_score = _e(_("điểm"))
    no_details = NO_DETAILS.format(text=_e(_("Chi tiết chỉ đơn vị và lãnh đạo Ban Chỉ đạo xem được.")))
    pct = formatting.format_percent
    out = []
    for line in r.lines:
        uid = _e(line.unit_id)
        name = _e(line.unit_name)
        may_see = r.may_see_details(line.unit_id)
        if may_see:
            name_cell = f'<a href="{detail_url.replace(str(_SENTINEL), uid)}?period={period_key}">{name}</a>'
        else:
            name_cell = name
        out.append(HEAD.format(
            uid=uid, rank=_e(line.rank or "—"), name_cell=name_cell, score=_e(score(line.score)),
            grade=grade_badge(line.grade), rank_change=change_arrow(line.rank_change),
            score_change=(f"{word_score} {change_arrow(line.score_change)}"
                          if line.previous_score is not None else ""),
        ))
        if may_see:
            i = line.inputs
            if i.disbursement_rate is not None:
                elapsed = f" / {_e(pct(i.year_elapsed))}" if i.year_elapsed is not None else ""
                disbursement_detail = f'<div class="small text-muted">{_e(pct(i.disbursement_rate))}{elapsed}</div>'
            else:
                disbursement_detail = ""
            out.append(DETAILS.format(
                uid=uid, **common,
                completion=_e(pct(line.completion_rate)), done=_e(i.done_on_time + i.done_late), due=_e(i.due),
                on_time=_e(pct(line.on_time_rate)), done_on_time=_e(i.done_on_time),
                overdue_class="text-danger fw-semibold" if i.open_overdue else "", open_overdue=_e(i.open_overdue),
                discipline=_e(pct(line.discipline_rate)), disc_on_time=_e(i.discipline_on_time),
                disc_expected=_e(i.discipline_expected),
                rec=_e(pct(line.rec_rate)), rec_on_time=_e(i.rec_answered_on_time), rec_due=_e(i.rec_due),
                indicators=indicator_url.replace(str(_SENTINEL), uid), indicators_score=_e(pct(line.indicators_score)),
                disbursement_score=_e(pct(line.disbursement_score)), disbursement_detail=disbursement_detail,
            ))
        else:
            out.append(no_details)
        out.append(TAIL)
    return mark_safe("".join(out))  # every value above is escaped
