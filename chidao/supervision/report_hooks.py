"""What supervision adds to the consolidated report and the exports (see documents.hooks).

- the unit ranking of the report is the scorecard ranking of the quarter of the report day
  (score, grade, rank within unit kind), not the ranking by completion rate;
- a section with the early warnings (count and the first items) and the open recommendations
  grouped by the unit they are addressed to;
- the ranking spreadsheet (`xep-hang-diem`) with every scorecard column; the documents app's
  `xep-hang/xuat-excel/` serves it. It holds every unit's details, so, like the consolidated
  report, it is for committee-wide roles only (DESIGN §2; documents' extra_xlsx checks that).

Every query is grouped or sliced: nothing grows with the number of tasks but the database's work.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date, format_decimal, format_percent
from chidao.directives.models import Directive, Task
from chidao.directives.selectors import directive_ids_q
from chidao.documents.hooks import ReportSection, XlsxExport
from chidao.orgs.models import OrgUnit, User

from . import periods, selectors

WARNING_ITEMS = 15
RECOMMENDATION_ITEMS = 20
RANKING_KEY = "xep-hang-diem"


def _kind_labels() -> dict[str, str]:
    return {k: str(v) for k, v in OrgUnit._meta.get_field("kind").choices}


def report_period(as_of: dt.date) -> periods.Period:
    return periods.period_current(periods.QUARTER, as_of)


def _ordered_lines(as_of: dt.date) -> tuple[periods.Period, list[selectors.ScoreLine], bool]:
    period = report_period(as_of)
    lines, snapshot = selectors.scorecard_lines(period=period, today=as_of)
    order = {k: i for i, k in enumerate(selectors.RANKED_KINDS)}
    lines = sorted(lines, key=lambda x: (order.get(x.unit_kind, 99), x.rank is None, x.rank or 0, x.unit_name))
    return period, lines, snapshot is not None


def unit_ranking(*, user: User, directive: Directive, as_of: dt.date, round_id: int | None) -> ReportSection:
    period, lines, frozen = _ordered_lines(as_of)
    kinds = _kind_labels()
    # A report names units in full (the scorecard lines carry the short names of the web page).
    names = dict(OrgUnit.objects.filter(pk__in=[x.unit_id for x in lines]).values_list("id", "name"))
    rows: list[list[Any]] = []
    current_kind = None
    for line in lines:
        if line.unit_kind != current_kind:
            current_kind = line.unit_kind
            rows.append(["", kinds.get(current_kind, current_kind), "", "", "", "", ""])
        rows.append([
            line.rank if line.rank is not None else "–", names.get(line.unit_id, line.unit_name),
            format_percent(line.completion_rate), format_percent(line.on_time_rate), line.inputs.open_overdue,
            format_decimal(line.score) if line.score is not None else "—", line.grade_label,
        ])
    intro = _("Xếp hạng theo bộ chỉ số đánh giá (thẻ điểm) %(p)s%(frozen)s, trong từng loại đơn vị: tỷ lệ hoàn "
              "thành, tỷ lệ đúng hạn, nhiệm vụ quá hạn, kỷ luật báo cáo, trả lời kiến nghị, kết quả chỉ tiêu và giải "
              "ngân, theo trọng số do Cơ quan thường trực thiết lập; tính trên mọi văn bản chỉ đạo.") % {
        "p": period.label[:1].lower() + period.label[1:], "frozen": _(" (số liệu đã chốt)") if frozen else ""}
    return ReportSection(
        title=_("XẾP HẠNG CÁC ĐƠN VỊ THEO THẺ ĐIỂM %(p)s") % {"p": period.label.upper()},
        paragraphs=[intro],
        columns=[_("Hạng"), _("Đơn vị"), _("Tỷ lệ hoàn thành"), _("Tỷ lệ đúng hạn"), _("Quá hạn"), _("Điểm"),
                 _("Xếp loại")],
        rows=rows,
    )


def consolidated_report_sections(
    *, user: User, directive: Directive, as_of: dt.date, round_id: int | None,
) -> list[ReportSection]:
    page = selectors.warnings_list(user=user, today=as_of, directive=directive)
    warnings, total = page.head(WARNING_ITEMS)
    paragraphs = [_("Có %(n)s nhiệm vụ có nguy cơ chậm tiến độ (tiến độ báo cáo chậm so với thời gian đã qua, lâu "
                    "không báo cáo hoặc sắp đến hạn mà tiến độ còn thấp).") % {"n": _n(total)}
                  if total else _("Không có nhiệm vụ có nguy cơ chậm tiến độ.")]
    if total > len(warnings):
        paragraphs.append(_("Bảng dưới nêu %(k)s nhiệm vụ cần chú ý nhất; danh sách đầy đủ xem trên hệ thống.")
                          % {"k": len(warnings)})
    rows: list[list[Any]] = [[
        i, w.title, w.unit_name, format_date(w.due_on) or _("Thường xuyên"), f"{w.progress}%",
        "; ".join(r.text for r in w.reasons),
    ] for i, w in enumerate(warnings, start=1)]

    recs = selectors.recommendations_visible(user=user).filter(
        Q(task__isnull=True) | Q(task__in=Task.objects.filter(directive_ids_q(directive))),
        answered_on__isnull=True, raised_on__lte=as_of,
    )
    grouped = list(recs.values("to_unit__name").annotate(
        n=Count("id"), overdue=Count("id", filter=Q(response_due_on__lt=as_of))).order_by("-n", "to_unit__name"))
    open_total = sum(g["n"] for g in grouped)
    rec_paragraphs = [_("Có %(n)s kiến nghị của các đơn vị chưa được trả lời, trong đó %(o)s kiến nghị đã quá hạn "
                        "trả lời.") % {"n": _n(open_total), "o": _n(sum(g["overdue"] for g in grouped))}
                      if open_total else _("Không có kiến nghị nào chưa được trả lời.")]
    for g in grouped:
        rec_paragraphs.append(_("- Gửi %(to)s: %(n)s kiến nghị (quá hạn %(o)s).") % {
            "to": g["to_unit__name"] or _("Ban Chỉ đạo, Cơ quan thường trực"), "n": _n(g["n"]), "o": _n(g["overdue"])})
    items = (recs.select_related("from_unit", "to_unit").order_by("to_unit__name", "response_due_on", "id")
             [:RECOMMENDATION_ITEMS])
    rec_rows: list[list[Any]] = [[
        i, r.to_unit.display_name if r.to_unit else _("Ban Chỉ đạo"), r.from_unit.display_name, r.content,
        format_date(r.response_due_on),
        _("Quá hạn") if r.response_due_on < as_of else _("Trong hạn"),
    ] for i, r in enumerate(items, start=1)]
    return [
        ReportSection(title=_("Cảnh báo sớm nguy cơ chậm tiến độ"), paragraphs=paragraphs,
                      columns=[_("STT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời hạn"), _("Tiến độ"), _("Lý do")]
                      if rows else [], rows=rows),
        ReportSection(title=_("Kiến nghị của các đơn vị chưa được trả lời"), paragraphs=rec_paragraphs,
                      columns=[_("STT"), _("Gửi đến"), _("Đơn vị kiến nghị"), _("Nội dung"), _("Hạn trả lời"),
                               _("Tình trạng")] if rec_rows else [], rows=rec_rows),
    ]


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def ranking_build(
    *, user: User, directive: Directive | None, today: dt.date, params: Any = None,
) -> tuple[str, list[str], list[Any], list[list[Any]]]:
    from chidao.documents.xlsx import DECIMAL, INT, PERCENT, Column

    raw = (params or {}).get("period", "") if params is not None else ""
    try:
        period = periods.period_parse(raw) if raw else report_period(today)
    except ValueError:
        period = report_period(today)
    lines, snapshot = selectors.scorecard_lines(period=period, today=today)
    order = {k: i for i, k in enumerate(selectors.RANKED_KINDS)}
    lines = sorted(lines, key=lambda x: (order.get(x.unit_kind, 99), x.rank is None, x.rank or 0, x.unit_name))
    kinds = _kind_labels()
    columns = [
        Column(_("Loại đơn vị"), 18), Column(_("Hạng trong loại"), 9, INT), Column(_("Đơn vị"), 42),
        Column(_("Điểm"), 9, DECIMAL), Column(_("Xếp loại"), 14),
        Column(_("Tỷ lệ hoàn thành"), 12, PERCENT), Column(_("Tỷ lệ đúng hạn"), 12, PERCENT),
        Column(_("Đến hạn"), 9, INT), Column(_("Hoàn thành"), 10, INT), Column(_("Quá hạn"), 9, INT),
        Column(_("Kỷ luật báo cáo"), 12, PERCENT), Column(_("Trả lời kiến nghị đúng hạn"), 12, PERCENT),
        Column(_("Điểm chỉ tiêu"), 11, DECIMAL), Column(_("Điểm giải ngân"), 11, DECIMAL),
    ]
    rows = []
    for line in lines:
        i = line.inputs
        rows.append([
            kinds.get(line.unit_kind, line.unit_kind), line.rank, line.unit_name,
            _pct(line.score), line.grade_label, line.completion_rate, line.on_time_rate,
            i.done_on_time + i.done_late + i.open_overdue, i.done_on_time + i.done_late, i.open_overdue,
            line.discipline_rate, line.rec_rate, _pct(line.indicators_score), _pct(line.disbursement_score),
        ])
    filters = [_("Kỳ đánh giá: %(p)s%(f)s") % {"p": period.label, "f": _(" (đã chốt)") if snapshot else ""},
               _("Số liệu tính đến ngày %(d)s") % {"d": format_date(min(period.end, today))},
               _("Xếp hạng trong từng loại đơn vị, theo điểm thẻ điểm; mọi văn bản chỉ đạo.")]
    return _("XẾP HẠNG ĐƠN VỊ THEO THẺ ĐIỂM"), filters, columns, rows


def xlsx_exports() -> list[XlsxExport]:
    return [XlsxExport(key=RANKING_KEY, label=_("Xếp hạng đơn vị theo thẻ điểm"), build=ranking_build)]

