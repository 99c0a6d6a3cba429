"""What reporting rounds add to the reports and the exports (see documents.hooks).

- `round_resolve`: a round as the period of a consolidated report (`report_docx --round ID`, the
  report form's round choice): its label, its report day (the closing day, or today while the
  round is still open), the first day of its window for the difficulties, and its tasks only;
- a section "Tình hình báo cáo của kỳ" with each unit's submissions on time / late / missing;
- two spreadsheets of a round (per unit, per task), linked from the round page. Documents'
  extra_xlsx lets only committee-wide roles download them (they show every unit's discipline);
  the round itself is read through `round_get`, so an unknown round is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date, format_percent
from chidao.directives.models import Directive, TaskKind
from chidao.documents.hooks import ReportSection, RoundInfo, XlsxExport
from chidao.orgs.models import User

from . import rules, selectors
from .models import ReportingRound

ROUND_CHOICES = 24


def round_resolve(*, round_id: int) -> RoundInfo | None:
    round = ReportingRound.objects.filter(pk=round_id).first()
    if round is None:
        return None
    as_of = min(round.closes_on, timezone.localdate())
    task_ids = selectors.Through.objects.filter(reportinground_id=round.pk).values("task_id")
    return RoundInfo(
        label=_("kỳ báo cáo %(p)s") % {"p": round.period_label}, as_of=as_of, directive_id=round.directive_id,
        period_from=round.opens_on,
        # Groups stay so that the results by task group keep their headings; they count nowhere.
        task_filter=Q(pk__in=task_ids) | Q(kind=TaskKind.GROUP),
    )


def round_choices(*, directive: Directive) -> list[tuple[int, str]]:
    rounds = (ReportingRound.objects.filter(Q(directive=directive) | Q(directive__isnull=True))
              .order_by("-due_on", "-id")[:ROUND_CHOICES])
    return [(r.pk, _("%(p)s (hạn nộp %(d)s)") % {"p": r.period_label, "d": format_date(r.due_on)}) for r in rounds]


def consolidated_report_sections(
    *, user: User, directive: Directive, as_of: dt.date, round_id: int | None,
) -> list[ReportSection]:
    if round_id is None:
        return []
    round = ReportingRound.objects.filter(pk=round_id).first()
    if round is None:
        return []
    status = selectors.round_status(user=user, round=round, today=as_of)
    t = status.totals
    paragraphs = [_("Kỳ báo cáo %(p)s (mở ngày %(o)s, hạn nộp %(d)s): %(e)s báo cáo phải nộp; đúng hạn %(on)s, "
                    "muộn %(l)s, chưa nộp %(m)s; kỷ luật báo cáo %(r)s.") % {
        "p": round.period_label, "o": format_date(round.opens_on), "d": format_date(round.due_on), "e": t.expected,
        "on": t.on_time, "l": t.late, "m": t.missing, "r": format_percent(t.discipline)}]
    rows = [[
        i, line.unit.name if line.unit else _("(chưa có đơn vị chủ trì)"), line.counts.expected, line.counts.on_time,
        line.counts.late, line.counts.missing, rules.SUBMISSION_LABELS[line.status],
    ] for i, line in enumerate(status.units, start=1)]
    return [ReportSection(
        title=_("Tình hình báo cáo của kỳ %(p)s") % {"p": round.period_label}, paragraphs=paragraphs,
        columns=[_("STT"), _("Đơn vị"), _("Phải nộp"), _("Đúng hạn"), _("Muộn"), _("Chưa nộp"), _("Tình trạng")],
        rows=rows,
    )]


def _round_from(user: User, params: Any) -> ReportingRound:
    raw = str((params or {}).get("round", "") or "")
    if not raw.isdigit():
        raise Http404
    return selectors.round_get(user=user, pk=int(raw))


def _lines(round: ReportingRound, today: dt.date) -> list[str]:
    return [_("Kỳ báo cáo: %(p)s%(c)s") % {"p": round.period_label,
                                             "c": f" – {round.directive.code}" if round.directive else ""},
            _("Mở kỳ %(o)s; hạn nộp %(d)s; nhận báo cáo muộn đến %(c)s") % {
                "o": format_date(round.opens_on), "d": format_date(round.due_on), "c": format_date(round.closes_on)},
            _("Số liệu tính đến ngày %(d)s") % {"d": format_date(today)}]


def units_build(*, user: User, directive: Directive | None, today: dt.date, params: Any = None
                ) -> tuple[str, list[str], list[Any], list[list[Any]]]:
    from chidao.documents.xlsx import INT, PERCENT, Column

    round = _round_from(user, params)
    status = selectors.round_status(user=user, round=round, today=today)
    columns = [Column(_("STT"), 6, INT), Column(_("Đơn vị"), 45), Column(_("Phải nộp"), 10, INT),
               Column(_("Đúng hạn"), 10, INT), Column(_("Muộn"), 10, INT), Column(_("Chưa nộp"), 10, INT),
               Column(_("Kỷ luật báo cáo"), 14, PERCENT), Column(_("Tình trạng"), 14)]
    rows = [[i, line.unit.name if line.unit else "", line.counts.expected, line.counts.on_time, line.counts.late,
             line.counts.missing, line.counts.discipline, rules.SUBMISSION_LABELS[line.status]]
            for i, line in enumerate(status.units, start=1)]
    return _("TÌNH HÌNH BÁO CÁO THEO ĐƠN VỊ"), _lines(round, today), columns, rows


def tasks_build(*, user: User, directive: Directive | None, today: dt.date, params: Any = None
                ) -> tuple[str, list[str], list[Any], list[list[Any]]]:
    from chidao.documents.xlsx import DATE, INT, Column

    round = _round_from(user, params)
    status = selectors.round_status(user=user, round=round, today=today)
    columns = [Column(_("STT"), 6, INT), Column(_("Đơn vị chủ trì"), 35), Column(_("Số thứ tự"), 9),
               Column(_("Nhiệm vụ"), 60), Column(_("Tình trạng báo cáo"), 14), Column(_("Ngày nộp"), 12, DATE),
               Column(_("Hạn nộp"), 12, DATE)]
    rows: list[list[Any]] = []
    for line in status.units:
        for task, state, submitted_on in line.items:
            rows.append([len(rows) + 1, line.unit.name if line.unit else "", task.code, task.title,
                         rules.SUBMISSION_LABELS[state], submitted_on, round.due_on])
    return _("TÌNH HÌNH BÁO CÁO THEO NHIỆM VỤ"), _lines(round, today), columns, rows


def xlsx_exports() -> list[XlsxExport]:
    return [
        XlsxExport(key="ky-bao-cao-don-vi", label=_("Tình hình báo cáo của kỳ theo đơn vị"), build=units_build,
                   listed=False),
        XlsxExport(key="ky-bao-cao-nhiem-vu", label=_("Tình hình báo cáo của kỳ theo nhiệm vụ"), build=tasks_build,
                   listed=False),
    ]
