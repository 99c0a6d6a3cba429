"""The minutes (biên bản) and the conclusion notice (thông báo kết luận) as .docx.

The templates are built with the documents app's layout helpers (state layout of NĐ 30/2020 or
party layout of HD 36, chosen by CHIDAO_DOCUMENT_LAYOUT) and rendered with docxtpl, like the
documents app's reports. They are committed in `templates_docx/<layout>/`; a deployment replaces
them through CHIDAO_DOCX_TEMPLATE_DIR (same layout/name), as for the other reports:

    python manage.py build_meeting_docx_templates
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date
from chidao.directives.models import Task
from chidao.documents import docx_build as b
from chidao.documents.conf import LAYOUT_PARTY, LAYOUT_STATE
from chidao.documents.render import _common

from . import selectors
from .models import InvitationResponse, Meeting
from .selectors import Access

SHIPPED = Path(__file__).resolve().parent / "templates_docx"
NAMES = ("minutes", "notice")


def _signatures(doc: Any) -> None:
    b._para(doc, "", space_after=6)
    table = doc.add_table(rows=1, cols=2)
    b._no_borders(table)
    b._widths(table, [82, 83])
    left, right = table.rows[0].cells
    b._cell_text(left, [("THƯ KÝ", {"bold": True, "size": 14}), ("", {}), ("", {}), ("", {}),
                        ("{{ secretary }}", {"bold": True, "size": 14})])
    b._cell_text(right, [("CHỦ TRÌ", {"bold": True, "size": 14}), ("", {}), ("", {}), ("", {}),
                         ("{{ chair }}", {"bold": True, "size": 14})])


def build_minutes(layout: str) -> Any:
    doc = b._document()
    b._header_block(doc, layout)
    b._title(doc, "BIÊN BẢN", "{{ title }}")
    b._text_loop(doc, "opening_lines", "{{ line }}")
    b._heading(doc, "I. THÀNH PHẦN DỰ HỌP")
    b._para(doc, "{{ attendance_line }}", indent=True)
    b._loop_table(doc, ["STT", "Họ và tên", "Đơn vị", "Tham dự", "Điểm danh"],
                  ["{{ r.no }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.response }}", "{{ r.checkin }}"],
                  "attendance_rows", [12, 50, 50, 35, 22])
    b._heading(doc, "II. CHƯƠNG TRÌNH VÀ Ý KIẾN")
    b._para(doc, "{%p for item in items %}", space_after=0)
    b._para(doc, "{{ item.heading }}", bold=True, align=b.WD_ALIGN_PARAGRAPH.LEFT, space_after=2)
    b._para(doc, "{%p for line in item.lines %}", space_after=0)
    b._para(doc, "- {{ line }}", indent=True)
    b._para(doc, "{%p endfor %}", space_after=0)
    b._para(doc, "{%p endfor %}", space_after=0)
    b._heading(doc, "III. BIỂU QUYẾT")
    b._text_loop(doc, "vote_lines", "{{ line }}")
    b._heading(doc, "IV. KẾT LUẬN CỦA CHỦ TRÌ")
    b._text_loop(doc, "conclusion_lines", "{{ line }}")
    b._para(doc, "{{ closing_line }}", indent=True)
    _signatures(doc)
    return doc


def build_notice(layout: str) -> Any:
    doc = b._document()
    b._header_block(doc, layout)
    b._title(doc, "THÔNG BÁO", "{{ title }}")
    b._para(doc, "{{ intro }}", indent=True)
    b._text_loop(doc, "conclusion_lines", "{{ line }}")
    b._heading(doc, "{{ tasks_heading }}")
    b._loop_table(doc, ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
                  ["{{ r.no }}", "{{ r.title }}", "{{ r.lead }}", "{{ r.support }}", "{{ r.due }}"],
                  "task_rows", [11, 70, 30, 32, 22])
    b._para(doc, "{{ closing }}", indent=True)
    b._signature(doc, layout)
    return doc


BUILDERS = {"minutes": build_minutes, "notice": build_notice}


def build_templates(out_dir: Path = SHIPPED) -> list[Path]:
    written = []
    for layout in (LAYOUT_STATE, LAYOUT_PARTY):
        (out_dir / layout).mkdir(parents=True, exist_ok=True)
        for name, builder in BUILDERS.items():
            path = out_dir / layout / f"{name}.docx"
            builder(layout).save(str(path))
            written.append(path)
    return written


def _template(layout: str, name: str) -> Path:
    override = getattr(settings, "CHIDAO_DOCX_TEMPLATE_DIR", "")
    if override:
        candidate = Path(override) / layout / f"meeting_{name}.docx"
        if candidate.is_file():
            return candidate
    path = SHIPPED / layout / f"{name}.docx"
    if not path.is_file():
        build_templates()
    return path


def _render(name: str, context: dict[str, Any]) -> bytes:
    import io

    from docxtpl import DocxTemplate

    template = DocxTemplate(str(_template(context["header"].layout, name)))
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    return _("từ %(s)s đến %(e)s ngày %(d)s") % {"s": f"{start:%H giờ %M}", "e": f"{end:%H giờ %M}",
                                                 "d": format_date(start.date())}


def minutes_docx(*, meeting: Meeting, access: Access) -> bytes:
    invitations = selectors.invitation_list(meeting=meeting)
    quorum = selectors.quorum_get(meeting=meeting)
    agenda = selectors.agenda_get(access=access)
    votes = selectors.votes_get(meeting=meeting, seat=None, sees_confidential=access.sees_confidential)
    rows = []
    for n, inv in enumerate(invitations, start=1):
        response = inv.get_response_display()
        if inv.response == InvitationResponse.DELEGATE and inv.delegate:
            response = _("Cử %(p)s dự thay") % {"p": inv.delegate}
        elif inv.response == InvitationResponse.ABSENT and inv.reason:
            response = _("Vắng (%(r)s)") % {"r": inv.reason}
        rows.append({"no": str(n), "name": str(inv.invitee), "unit": inv.unit.name if inv.unit else
                     (inv.invitee.unit.name if inv.invitee.unit else ""), "response": response,
                     "checkin": timezone.localtime(inv.checked_in_at).strftime("%H:%M") if inv.checked_in_at else "—"})
    items = []
    for n, item in enumerate(agenda, start=1):
        if getattr(item, "masked", False):
            # Decided: the minutes a non-participant downloads keep the item's place, not its content.
            items.append({"heading": f"{n}. {item.title}",
                          "lines": [_("(Nội dung mật: chỉ người dự họp được xem.)")]})
            continue
        lines = [_("Trình bày: %(p)s.") % {"p": item.presenter}] if item.presenter else []
        lines += [f"{o.author}: {o.text}" for o in item.opinions.all()]
        items.append({"heading": f"{n}. {item.title}", "lines": lines or [_("Không có ý kiến bằng văn bản.")]})
    vote_lines = []
    for r in votes:
        counts = (_("kết quả chưa công bố (biểu quyết chưa kết thúc)") if r.sealed
                  else "; ".join(f"{option}: {count}" for option, count in r.counts))
        kind = _("kín") if r.vote.is_secret else _("công khai")
        vote_lines.append(_("%(q)s (biểu quyết %(k)s, %(v)s/%(s)s thành viên): %(c)s.") % {
            "q": r.vote.question, "k": kind, "v": r.voted, "s": r.seats, "c": counts})
        if r.vote.opened_without_quorum:
            vote_lines.append(_("Biểu quyết được mở khi chưa đủ túc số (có mặt %(a)s thành viên); chủ trì quyết định "
                                "tiếp tục.") % {"a": r.vote.opened_without_quorum})
    pct = quorum.percent
    context = {
        **_common(None, timezone.localtime(meeting.starts_at).date()),
        "title": meeting.title,
        "opening_lines": [
            _("Thời gian: %(w)s.") % {"w": _when(meeting)},
            _("Địa điểm: %(p)s.") % {"p": meeting.place or meeting.online_link},
            _("Chủ trì: %(c)s; thư ký: %(s)s.") % {"c": meeting.chair, "s": meeting.secretary},
        ],
        "attendance_line": _("Mời %(m)s thành viên; có mặt %(p)s (%(pct)s), %(q)s.") % {
            "m": quorum.members, "p": quorum.present, "pct": f"{pct}%".replace(".", ",") if pct is not None else "—",
            "q": _("đủ túc số") if quorum.reached else _("chưa đủ túc số")},
        "attendance_rows": rows,
        "items": items or [{"heading": _("Không có chương trình."), "lines": []}],
        "vote_lines": vote_lines or [_("Phiên họp không biểu quyết.")],
        "conclusion_lines": _lines(meeting.conclusions_text) or [_("(Chưa có kết luận.)")],
        "closing_line": _("Phiên họp kết thúc lúc %(t)s. Biên bản gồm các nội dung trên.") % {
            "t": f"{timezone.localtime(meeting.ends_at):%H giờ %M}"},
        "secretary": str(meeting.secretary), "chair": str(meeting.chair),
    }
    return _render("minutes", context)


def notice_docx(*, meeting: Meeting, access: Access) -> bytes:
    directive = meeting.conclusion_directive
    tasks: list[Task] = []
    if directive is not None:
        tasks = list(directive.tasks.filter(parent__isnull=True).select_related("lead_unit")
                     .prefetch_related(Prefetch("support_units")).order_by("position", "id"))
    task_rows = [{
        "no": str(n), "title": t.title, "lead": t.lead_unit.name if t.lead_unit else "",
        "support": "; ".join(u.name for u in t.support_units.all()),
        "due": format_date(t.due_on) if t.due_on else (t.deadline_text or _("Thường xuyên")),
    } for n, t in enumerate(tasks, start=1)]
    common = _common(None, directive.issued_on if directive and directive.issued_on else timezone.localdate())
    if directive is not None:
        common["number"] = directive.code
    day = format_date(timezone.localtime(meeting.starts_at).date())
    context = {
        **common,
        "title": _("Kết luận của đồng chí %(c)s tại %(t)s") % {"c": meeting.chair, "t": meeting.title[:1].lower()
                                                               + meeting.title[1:]},
        "intro": _("Ngày %(d)s, %(c)s chủ trì %(t)s. Sau khi nghe báo cáo và ý kiến của các thành viên, đồng chí chủ "
                   "trì kết luận như sau:") % {"d": day, "c": meeting.chair, "t": meeting.title[:1].lower()
                                                + meeting.title[1:]},
        "conclusion_lines": _lines(meeting.conclusions_text) or [_("(Chưa có kết luận.)")],
        "tasks_heading": _("NHIỆM VỤ GIAO CÁC CƠ QUAN, ĐƠN VỊ") if task_rows else "",
        "task_rows": task_rows or [{"no": "", "title": _("Chưa xác nhận nhiệm vụ."), "lead": "", "support": "",
                                    "due": ""}],
        "closing": _("Cơ quan thường trực thông báo để các cơ quan, đơn vị biết, thực hiện."),
    }
    return _render("notice", context)
