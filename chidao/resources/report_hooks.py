"""What resources add to the reports and the exports (see documents.hooks).

- the section "Nguồn lực thực hiện": the year's capital plan and disbursement by funding source,
  then the slowest projects with their warning;
- the projects spreadsheet (`du-an`): every project with its year's plan and disbursement, money as
  integer VND in number cells (`#,##0`); a button on the resources dashboard (committee-wide
  roles, as every extra export).

Money is summed in the database (`selectors.resources_dashboard`, `with_year_money`): a constant
number of queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date, format_percent, format_vnd
from chidao.directives.models import Directive
from chidao.documents.hooks import ReportSection, XlsxExport
from chidao.orgs.models import User

from . import rules, selectors
from .models import Disbursement

SLOWEST = 5


def consolidated_report_sections(
    *, user: User, directive: Directive, as_of: dt.date, round_id: int | None,
) -> list[ReportSection]:
    dash = selectors.resources_dashboard(user=user, year=as_of.year, today=as_of, slowest=SLOWEST)
    if not dash.total.projects:
        return []
    paragraphs = [_("Năm %(y)s, %(n)s dự án được giao kế hoạch vốn %(p)s, đã giải ngân %(d)s, đạt %(r)s kế hoạch "
                    "(đã qua %(e)s thời gian của năm); %(w)s dự án chậm giải ngân.") % {
        "y": as_of.year, "n": dash.total.projects, "p": format_vnd(dash.total.planned),
        "d": format_vnd(dash.total.disbursed), "r": format_percent(dash.total.rate), "e": format_percent(dash.elapsed),
        "w": dash.warnings}]
    for p in dash.slowest:
        paragraphs.append(_("- %(name)s (%(unit)s): kế hoạch %(pl)s, giải ngân %(d)s, đạt %(r)s%(warn)s.") % {
            "name": p.name, "unit": p.owner_unit.display_name, "pl": format_vnd(p.planned),
            "d": format_vnd(p.disbursed), "r": format_percent(p.rate),
            "warn": _(" – chậm %(l)s điểm phần trăm so với tiến độ thời gian") % {
                "l": format_percent(p.lag).rstrip("%")}
            if p.warning and p.lag is not None else ""})
    rows = [[i, row.label, row.projects, format_vnd(row.planned), format_vnd(row.disbursed), format_percent(row.rate)]
            for i, row in enumerate((r for r in dash.by_source if r.projects), start=1)]
    rows.append(["", _("Tổng cộng"), dash.total.projects, format_vnd(dash.total.planned),
                 format_vnd(dash.total.disbursed), format_percent(dash.total.rate)])
    return [ReportSection(
        title=_("Nguồn lực thực hiện"), paragraphs=paragraphs,
        columns=[_("STT"), _("Nguồn vốn"), _("Số dự án"), _("Kế hoạch vốn năm"), _("Đã giải ngân"),
                 _("Tỷ lệ giải ngân")], rows=rows,
    )]


def projects_build(*, user: User, directive: Directive | None, today: dt.date, params: Any = None
                   ) -> tuple[str, list[str], list[Any], list[list[Any]]]:
    from chidao.documents.xlsx import DATE, INT, PERCENT, Column

    raw = str((params or {}).get("year", "") or "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    total_paid = (Disbursement.objects.filter(project=OuterRef("pk")).order_by().values("project")
                  .annotate(s=Sum("amount")).values("s"))
    qs = (selectors.with_year_money(selectors.projects_visible(user=user).select_related("owner_unit"), year=year)
          .annotate(paid_total=Subquery(total_paid), last_paid=Max("disbursements__disbursed_on"))
          .order_by("owner_unit__name", "name"))
    elapsed = rules.year_elapsed(year=year, today=today)
    margin = selectors.margin()
    columns = [Column(_("STT"), 6, INT), Column(_("Mã dự án"), 12), Column(_("Tên dự án"), 50),
               Column(_("Chủ đầu tư / đơn vị quản lý"), 30), Column(_("Nhóm"), 8), Column(_("Nguồn vốn"), 18),
               Column(_("Tổng mức đầu tư (đồng)"), 20, INT), Column(_("Ngày phê duyệt"), 12, DATE),
               Column(_("Thời gian thực hiện"), 12), Column(_("Tình trạng"), 16),
               Column(_("Kế hoạch vốn năm (đồng)"), 20, INT), Column(_("Giải ngân trong năm (đồng)"), 20, INT),
               Column(_("Tỷ lệ giải ngân năm"), 12, PERCENT), Column(_("Lũy kế giải ngân (đồng)"), 20, INT),
               Column(_("Lần giải ngân gần nhất"), 12, DATE), Column(_("Cảnh báo"), 24)]
    rows = []
    for i, p in enumerate(qs, start=1):
        rate = rules.disbursement_rate(disbursed=p.disbursed, planned=p.planned)
        warn = rules.disbursement_warning(rate=rate, elapsed=elapsed, margin=margin)
        rows.append([
            i, p.code, p.name, p.owner_unit.name, p.get_investment_group_display(), p.get_funding_source_display(),
            int(p.total_investment), p.decision_date, f"{p.start_year}–{p.end_year}", p.get_status_display(),
            int(p.planned), int(p.disbursed), rate, int(p.paid_total or 0), p.last_paid,
            _("Chậm giải ngân") if warn else "",
        ])
    lines = [_("Năm kế hoạch vốn: %(y)s; đã qua %(e)s thời gian của năm") % {"y": year, "e": format_percent(elapsed)},
             _("Số liệu tính đến ngày %(d)s") % {"d": format_date(today)}]
    return _("DỰ ÁN, KẾ HOẠCH VỐN VÀ GIẢI NGÂN"), lines, columns, rows


def xlsx_exports() -> list[XlsxExport]:
    return [XlsxExport(key="du-an", label=_("Dự án: kế hoạch vốn và giải ngân"), build=projects_build)]
