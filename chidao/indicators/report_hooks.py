"""What indicators add to the reports, the exports and the exchange file (see documents.hooks).

- the section "Kết quả thực hiện các chỉ tiêu": the year's headline (Top-5) targets first, then
  each index with its achievement and the traffic light in words;
- the indicators spreadsheet (`chi-so`): every node with its target, latest verified value and
  achievement; a button on the results dashboard (committee-wide roles, as every extra export);
- `exchange_indicator_values`: the verified values of the indicators linked to the directive's
  tasks, the indicator's code as its external identifier.

The forest is evaluated once per call (three queries, `selectors.forest_get`), whatever the size
of the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from chidao.core.formatting import format_date, format_percent
from chidao.directives.models import Directive, Task
from chidao.directives.selectors import directive_ids_q
from chidao.documents.hooks import ReportSection, XlsxExport
from chidao.orgs.models import User

from . import rules, selectors
from .models import IndicatorTaskLink, IndicatorValue, NodeKind, TargetKind, ValueState


def _target_text(n: selectors.NodeView) -> str:
    t = n.target
    if t is None:
        return "—"
    if t.label:
        text = t.label
    elif t.kind == TargetKind.RANK:
        text = f"Top {t.target_rank}"
    else:
        text = f"{rules.format_number(t.target_value)} {n.indicator.unit_of_measure}".strip()
    return text


def _current(n: selectors.NodeView) -> str:
    if n.target is not None and n.target.kind == TargetKind.RANK:
        return _("hạng %(r)s (%(y)s)") % {"r": n.rank, "y": n.rank_period.year} if n.rank and n.rank_period \
            else _("chưa công bố")
    if n.value is None:
        return _("chưa có số liệu")
    return f"{rules.format_number(n.value)} {n.indicator.unit_of_measure}".strip()


def consolidated_report_sections(
    *, user: User, directive: Directive, as_of: dt.date, round_id: int | None,
) -> list[ReportSection]:
    dash = selectors.results_dashboard(year=as_of.year)
    if not dash.indices:
        return []
    counts = dash.counts
    paragraphs = [_("Năm %(y)s: %(on)s chỉ tiêu đúng lộ trình, %(risk)s có nguy cơ, %(off)s chậm, lệch lộ trình, "
                    "%(none)s chưa có số liệu.") % {
        "y": as_of.year, "on": counts[rules.ON_TRACK], "risk": counts[rules.AT_RISK], "off": counts[rules.OFF_TRACK],
        "none": counts[rules.NO_DATA]}]
    for n in dash.headlines:
        achieved = _("đạt") if n.rank_achieved else str(rules.LIGHT_LABELS[n.overall_light]).lower()
        paragraphs.append(_("- Chỉ tiêu trọng tâm: %(name)s – mục tiêu %(t)s; hiện nay %(v)s; %(a)s.") % {
            "name": n.indicator.name, "t": _target_text(n), "v": _current(n), "a": achieved})
    rows = []
    for i, root in enumerate(dash.indices, start=1):
        leaves = [x for x in root.walk() if x.indicator.kind == NodeKind.INDICATOR]
        with_data = sum(1 for x in leaves if x.achievement is not None)
        rows.append([i, root.indicator.name, _("%(d)s/%(n)s") % {"d": with_data, "n": len(leaves)},
                     format_percent(root.overall), rules.LIGHT_LABELS[root.overall_light]])
    return [ReportSection(
        title=_("Kết quả thực hiện các chỉ tiêu"), paragraphs=paragraphs,
        columns=[_("STT"), _("Bộ chỉ số"), _("Chỉ tiêu có số liệu"), _("Mức đạt"), _("Đánh giá")], rows=rows,
    )]


def indicators_build(*, user: User, directive: Directive | None, today: dt.date, params: Any = None
                     ) -> tuple[str, list[str], list[Any], list[list[Any]]]:
    from chidao.documents.xlsx import DATE, DECIMAL, INT, PERCENT, Column

    raw = str((params or {}).get("year", "") or "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    columns = [Column(_("Mã"), 12), Column(_("Chỉ số, chỉ tiêu"), 60), Column(_("Cấp"), 6, INT),
               Column(_("Đơn vị tính"), 12), Column(_("Đơn vị theo dõi"), 28), Column(_("Năm mục tiêu"), 10, INT),
               Column(_("Mục tiêu"), 22), Column(_("Giá trị mục tiêu"), 14, DECIMAL),
               Column(_("Giá trị mới nhất"), 14, DECIMAL), Column(_("Kỳ số liệu"), 12, DATE),
               Column(_("Thứ hạng mới nhất"), 10, INT), Column(_("Mức đạt"), 12, PERCENT), Column(_("Đánh giá"), 20)]
    rows = []
    for root in selectors.forest_get(year=year):
        for n in root.walk():
            ind = n.indicator
            rows.append([
                ind.code, ind.name, n.depth + 1, ind.unit_of_measure, ind.owner_unit.name if ind.owner_unit else "",
                n.target.year if n.target else None, _target_text(n) if n.target else "",
                n.yardstick, n.value, n.value_period or n.rank_period, n.rank, n.overall,
                rules.LIGHT_LABELS[n.overall_light],
            ])
    lines = [_("Năm đánh giá: %(y)s") % {"y": year}, _("Chỉ tính giá trị đã xác minh; số liệu đến ngày %(d)s") % {
        "d": format_date(today)}]
    return _("KẾT QUẢ THỰC HIỆN CÁC CHỈ SỐ, CHỈ TIÊU"), lines, columns, rows


def xlsx_exports() -> list[XlsxExport]:
    return [XlsxExport(key="chi-so", label=_("Chỉ số, chỉ tiêu: mục tiêu, giá trị, mức đạt"), build=indicators_build)]


def exchange_indicator_values(*, directive: Directive) -> list[dict[str, Any]]:
    """Verified values of the indicators linked to the directive's tasks. One query."""
    linked = IndicatorTaskLink.objects.filter(task__in=Task.objects.filter(directive_ids_q(directive))) \
        .values("indicator_id")
    values = (IndicatorValue.objects.filter(indicator_id__in=linked, state=ValueState.VERIFIED)
              .select_related("indicator").order_by("indicator__code", "period_end", "id"))
    return [{
        "indicator": v.indicator.code, "name": v.indicator.name, "unit_of_measure": v.indicator.unit_of_measure,
        "period_end": v.period_end.isoformat(), "value": None if v.value is None else str(v.value), "rank": v.rank,
        "decision_code": v.decision_code, "source": v.source,
    } for v in values]
