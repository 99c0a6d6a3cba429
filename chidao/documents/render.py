"""Rendering the reports with docxtpl from the layout's template (see conf.template_path)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date, format_percent
from chidao.directives import rules
from chidao.documents.wording import directive_reference

from .conf import LAYOUT_PARTY, document_header, template_path
from .hooks import ReportSection
from .selectors import SUMMARY_ORDER, ConsolidatedReport, _lines, _n, section_numbers

RECIPIENTS = ["Thường trực Thành ủy (để b/c)", "Các thành viên Ban Chỉ đạo", "Các cơ quan, đơn vị liên quan",
              "Lưu: VT"]


def _date_parts(day: dt.date) -> dict[str, str]:
    # NĐ 30/2020: days below 10 and the months January and February take a leading zero.
    return {"date_day": f"{day.day:02d}", "date_month": f"{day.month:02d}" if day.month < 3 else str(day.month),
            "date_year": str(day.year)}


def _common(layout: str | None, issued_on: dt.date | None) -> dict[str, Any]:
    header = document_header(layout)
    blank = "\u00a0" * 6  # the number is given by the office's clerk when the report is signed
    number = f"{blank}-{header.number_suffix}" if header.layout == LAYOUT_PARTY else f"{blank}/{header.number_suffix}"
    return {"header": header, "number": number, "recipients": RECIPIENTS,
            **_date_parts(issued_on or timezone.localdate())}


def _render(layout: str, name: str, context: dict[str, Any], build_extra: Any = None) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path(layout, name)))
    if build_extra is not None:
        context["extra_sections"] = build_extra(template)
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _sections_subdoc(template: Any, sections: list[ReportSection], first_number: int) -> Any:
    from docx.shared import Pt

    from .docx_build import TABLE_PT, _font, _widths

    sub = template.new_subdoc()
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for i, section in enumerate(sections):
        heading = sub.add_paragraph()
        _font(heading.add_run(f"{roman[first_number + i]}. {section.title.upper()}"), 14, bold=True)
        for text in section.paragraphs:
            p = sub.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(28)
            _font(p.add_run(text), 14)
        if section.columns:
            table = sub.add_table(rows=1, cols=len(section.columns))
            table.style = "Table Grid"
            for c, label in enumerate(section.columns):
                _font(table.rows[0].cells[c].paragraphs[0].add_run(str(label)), TABLE_PT, bold=True)
            for row in section.rows:
                cells = table.add_row().cells
                for c, value in enumerate(row[: len(section.columns)]):
                    _font(cells[c].paragraphs[0].add_run("" if value is None else str(value)), TABLE_PT)
            # Columns as wide as what they hold (a name needs more room than a count), on the A4 text width.
            weights = [max(9, min(45, max([max(len(w) for w in str(label).split() or [""]) + 2]
                                          + [len(str(r[c])) for r in section.rows if c < len(r) and r[c] is not None])))
                       for c, label in enumerate(section.columns)]
            _widths(table, [w * 165 / sum(weights) for w in weights])
    return sub


def consolidated_docx(
    report: ConsolidatedReport, *, layout: str | None = None, proposals: str = "", issued_on: dt.date | None = None,
) -> bytes:
    common = _common(layout, issued_on)
    header = common["header"]
    directive = report.directive
    total = sum(report.counts[s] for s in rules.STATUS_ORDER)
    status_rows = []
    for status in SUMMARY_ORDER:
        n = report.counts[status] + (report.counts[rules.NOT_STARTED] if status == rules.OPEN_ON_TIME else 0)
        status_rows.append({"label": rules.STATUS_LABELS[status], "n": _n(n),
                            "share": format_percent(rules.percent(n, total))})
    status_rows.append({"label": _("Tổng số"), "n": _n(total), "share": "100,00%" if total else "—"})
    period = report.period_label or _("tính đến ngày %(d)s") % {"d": format_date(report.as_of)}
    rates = report.rates
    context = {
        **common,
        "title": _("Kết quả thực hiện %(kind)s %(code)s, %(period)s") % {
            "kind": directive.get_kind_display().lower(), "code": directive.code, "period": period},
        "intro": _("Thực hiện %(reference)s, Cơ quan thường trực Ban Chỉ đạo tổng hợp kết quả thực hiện của các "
                   "cơ quan, đơn vị %(period)s như sau:") % {
            "reference": directive_reference(kind_label=str(directive.get_kind_display()), code=directive.code,
                                             issued_on=directive.issued_on, issuer=directive.issuer,
                                             title=directive.title),
            "period": period},
        "num": section_numbers(len(report.extra_sections)),
        "summary_lines": [
            _("Tổng số nhiệm vụ được giao: %(n)s nhiệm vụ (không kể nhóm nhiệm vụ); đã đến hạn: %(due)s.") % {
                "n": _n(total), "due": _n(rates.due)},
            _("Đã hoàn thành %(c)s nhiệm vụ (đúng hạn %(o)s, quá hạn %(l)s); chưa hoàn thành, quá hạn %(od)s "
              "nhiệm vụ; đang thực hiện trong hạn %(open)s; thường xuyên %(r)s.") % {
                "c": _n(rates.completed), "o": _n(rates.done_on_time), "l": _n(rates.done_late),
                "od": _n(rates.open_overdue), "open": _n(rates.open_on_time), "r": _n(rates.recurring)},
            _("Tỷ lệ hoàn thành: %(c)s; tỷ lệ hoàn thành đúng hạn: %(o)s (tính trên số nhiệm vụ đã đến hạn).") % {
                "c": format_percent(rates.completion_rate), "o": format_percent(rates.on_time_rate)},
        ],
        "status_rows": status_rows,
        "group_rows": report.group_rows or [{"title": _("Không có nhóm nhiệm vụ"), "n_total": "", "n_done": "",
                                             "n_on_time": "", "n_overdue": "", "n_rate": ""}],
        "overdue_intro": _("Có %(n)s nhiệm vụ chưa hoàn thành, đã quá hạn:") % {"n": _n(len(report.overdue_rows))}
        if report.overdue_rows else _("Không có nhiệm vụ quá hạn."),
        "overdue_rows": report.overdue_rows,
        "ranking_title": report.ranking_title,
        "ranking_intro": " ".join(report.ranking_intro) or _(
            "Xếp hạng theo tỷ lệ hoàn thành, rồi tỷ lệ đúng hạn và số nhiệm vụ quá hạn; đơn vị chưa "
            "có nhiệm vụ đến hạn không xếp hạng."),
        "rh": (report.ranking_columns + [""] * 7)[:7] if report.ranking_columns else [
            _("Hạng"), _("Đơn vị"), _("Đến hạn"), _("Hoàn thành"), _("Quá hạn"), _("Tỷ lệ hoàn thành"),
            _("Tỷ lệ đúng hạn")],
        "ranking_rows": report.ranking_rows,
        "difficulty_groups": report.difficulty_groups or [
            {"heading": _("Các đơn vị chưa báo cáo khó khăn, vướng mắc trong kỳ."), "entries": []}],
        "proposal_lines": _lines(proposals) or [_("(Cơ quan thường trực bổ sung đề xuất.)")],
    }
    first = len(section_numbers(0)) - 2  # the extra sections follow the difficulties (I–V)
    data = _render(header.layout, "consolidated", context,
                   build_extra=lambda tpl: _sections_subdoc(tpl, report.extra_sections, first))
    return _audit_footer(data)


def _audit_footer(data: bytes) -> bytes:
    """The audit chain's head at the time of the report, on every page's footer: kept with the
    signed paper, it anchors the log outside the system (`verify_audit` prints the same head)."""
    from chidao.audit.services import audit_head
    from chidao.core.docx_stamp import docx_stamp

    seq, digest = audit_head()
    text = _("Mã kiểm chứng nhật ký: sự kiện số %(n)s, mã băm %(h)s") % {"n": seq, "h": digest}
    return docx_stamp(data, text, size_pt=7, color="595959")


def task_docx(context: dict[str, Any], *, layout: str | None = None, issued_on: dt.date | None = None) -> bytes:
    common = _common(layout, issued_on)
    return _render(common["header"].layout, "task", {**common, **context})


def unit_docx(context: dict[str, Any], *, layout: str | None = None, issued_on: dt.date | None = None) -> bytes:
    common = _common(layout, issued_on)
    return _render(common["header"].layout, "unit", {**common, **context})
