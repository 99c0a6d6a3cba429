"""Thin views of the meeting room over its services and selectors."""

from __future__ import annotations

import datetime as dt
import re

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db import connections as db_connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.viewutils import apply_validation_error, error_text
from chidao.directives import proposals
from chidao.directives.selectors import dashboard_get
from chidao.parsing.documents import DocumentReadError, uploaded_document_text
from chidao.parsing.units import unit_matcher_from_db

from . import live, selectors, services
from .forms import (
    AgendaItemForm,
    CancelForm,
    ConclusionsForm,
    ConfirmHeaderForm,
    DocumentForm,
    InviteForm,
    LinkForm,
    MeetingEditForm,
    MeetingForm,
    OpinionForm,
    RespondForm,
    VoteForm,
)
from .models import InvitationResponse, MeetingState, SpeakRequest, Vote
from .reader import conclusions_read


def _is_live(request: HttpRequest) -> bool:
    return request.headers.get("X-Live") == "1"


def _done(request: HttpRequest, pk: int, message: str = "", anchor: str = "") -> HttpResponse:
    if _is_live(request):
        return HttpResponse(status=204)
    if message:
        messages.success(request, message)
    target = request.POST.get("next") or ""
    if target not in {"live", "detail"}:
        target = "detail"
    url = reverse("meeting_live" if target == "live" else "meeting_detail", args=[pk])
    return redirect(url + anchor)


def _fail(request: HttpRequest, pk: int, exc: ValidationError) -> HttpResponse:
    if _is_live(request):
        return HttpResponse(error_text(exc), status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, error_text(exc))
    return _done(request, pk)


# --- list, create, detail ------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(request, "meetings/meeting_list.html", {
        "meetings": selectors.meeting_list(user=request.user, q=q)[:200], "q": q,
        "pending": selectors.invitations_pending(user=request.user),
        "can_create": request.user.role in selectors.MANAGER_ROLES,
    })


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    if request.user.role not in selectors.MANAGER_ROLES:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được lên lịch phiên họp."))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lên lịch phiên họp; hãy mời người dự và xây dựng chương trình."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    invitations = selectors.invitation_list(meeting=meeting)
    counts = {choice: sum(1 for i in invitations if i.response == choice) for choice in InvitationResponse.values}
    respond_form = None
    own = next((i for i in invitations if i.invitee_id == request.user.pk), None)
    if own is not None and meeting.state not in {MeetingState.CLOSED, MeetingState.CANCELLED}:
        respond_form = RespondForm(initial={"response": own.response, "reason": own.reason,
                                            "delegate": own.delegate_id})
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "access": access, "invitations": invitations, "counts": counts, "own": own,
        "agenda": selectors.agenda_get(access=access), "quorum": selectors.quorum_get(meeting=meeting),
        "votes": selectors.votes_get(meeting=meeting, seat=access.seat, sees_confidential=access.sees_confidential),
        "respond_form": respond_form, "invite_form": InviteForm() if access.edits else None,
        "item_form": AgendaItemForm() if access.edits else None,
        "document_form": DocumentForm() if access.edits else None,
        "opinion_form": OpinionForm() if access.seat else None,
        "vote_form": VoteForm() if access.runs_meeting else None,
        "conclusions_form": ConclusionsForm(initial={"text": meeting.conclusions_text}) if access.edits else None,
        "link_form": LinkForm() if access.edits and not meeting.conclusion_directive_id else None,
    })


def _confirm(request: HttpRequest, meeting, *, title: str, exc: ValidationError, action: str,  # type: ignore[no-untyped-def]
             fields: dict[str, str], button: str) -> HttpResponse:
    """A confirmation step that works without JavaScript: the warning, and the same request again
    with the confirmation flag."""
    return render(request, "meetings/confirm.html", {
        "meeting": meeting, "title": title, "message": error_text(exc), "action": action,
        "fields": fields, "button": button,
    }, status=200)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    if not access.edits:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc thư ký phiên họp mới được sửa phiên họp."))
    initial = {"title": meeting.title, "kind": meeting.kind, "starts_at": timezone.localtime(meeting.starts_at),
               "ends_at": timezone.localtime(meeting.ends_at), "place": meeting.place,
               "online_link": meeting.online_link, "chair": meeting.chair_id, "secretary": meeting.secretary_id,
               "quorum_percent": meeting.quorum_percent, "monitored_directive": meeting.monitored_directive_id}
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu phiên họp; người được mời đã được thông báo."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    if not access.edits:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc thư ký phiên họp mới được hủy phiên họp."))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã hủy phiên họp; người được mời đã được thông báo kèm lý do."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    try:
        services.meeting_start(actor=request.user, meeting=meeting, confirm_early=request.POST.get("confirm") == "1")
    except ValidationError as exc:
        if exc.code == "early":
            return _confirm(request, meeting, title=_("Bắt đầu phiên họp sớm?"), exc=exc,
                            action=reverse("meeting_start", args=[pk]),
                            fields={"next": request.POST.get("next", "live")},
                            button=_("Vẫn bắt đầu ngay"))
        return _fail(request, pk, exc)
    messages.success(request, _("Phiên họp đã bắt đầu."))
    return redirect("meeting_live", pk=pk)


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    raw_item, raw_version = request.POST.get("item", ""), request.POST.get("version", "")
    if not raw_item.isdigit() or not raw_version.isdigit():
        return _fail(request, pk, ValidationError(_("Yêu cầu sắp xếp không hợp lệ; hãy tải lại trang.")))
    item = selectors.item_get(access=access, pk=int(raw_item))
    try:
        services.agenda_item_move(actor=request.user, meeting=meeting, item=item,
                                  direction=request.POST.get("direction", ""), version=int(raw_version))
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, anchor="#chuong-trinh")


# --- invitations ---------------------------------------------------------------------------------


@login_required
@require_POST
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _fail(request, pk, ValidationError(" ".join(e for errs in form.errors.values() for e in errs)))
    try:
        created = services.meeting_invite(actor=request.user, meeting=meeting, people=form.cleaned_data["people"],
                                          units=form.cleaned_data["units"], is_member=form.cleaned_data["is_member"])
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã gửi %(n)s giấy mời.") % {"n": len(created)})


@login_required
@require_POST
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    invitation = meeting.invitations.filter(invitee=request.user).first()
    form = RespondForm(request.POST)
    if not form.is_valid():
        return _fail(request, pk, ValidationError(_("Hãy chọn câu trả lời.")))
    if invitation is None:
        if access.is_delegate:
            return _fail(request, pk, ValidationError(_("Người dự thay không được cử tiếp người khác dự thay.")))
        raise PermissionDenied(_("Bạn không có giấy mời riêng cho phiên họp này."))
    try:
        services.invitation_respond(actor=request.user, invitation=invitation, **form.cleaned_data)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã ghi nhận trả lời của bạn."))


# --- agenda, documents, opinions -----------------------------------------------------------------


@login_required
@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _fail(request, pk, ValidationError(" ".join(e for errs in form.errors.values() for e in errs)))
    try:
        services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã thêm nội dung vào chương trình."), "#chuong-trinh")


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    item = selectors.item_get(access=access, pk=item_pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _fail(request, pk, ValidationError(_("Hãy chọn tệp tài liệu.")))
    try:
        services.document_upload(actor=request.user, item=item, title=form.cleaned_data["title"],
                                 upload=form.cleaned_data["file"], is_confidential=form.cleaned_data["is_confidential"])
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã phát hành tài liệu cho người dự họp."), "#chuong-trinh")


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document, access = selectors.document_get(user=request.user, pk=pk)
    try:
        download = services.document_download(actor=request.user, document=document, access=access)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("meeting_detail", pk=access.meeting.pk)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(download.filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@require_POST
def opinion_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    item = selectors.item_get(access=access, pk=item_pk)
    try:
        services.opinion_add(actor=request.user, item=item, text=request.POST.get("text", ""))
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã gửi ý kiến góp ý."), f"#muc-{item.pk}")


# --- the live room -------------------------------------------------------------------------------


@login_required
def meeting_live(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    return render(request, "meetings/meeting_live.html", {"meeting": meeting, "access": access,
                                                          **_live_context(request, meeting, access)})


@login_required
def meeting_live_panel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    return render(request, "meetings/_live_panel.html", {"meeting": meeting, "access": access,
                                                         **_live_context(request, meeting, access)})


def _live_context(request: HttpRequest, meeting, access) -> dict[str, object]:  # type: ignore[no-untyped-def]
    agenda = selectors.agenda_get(access=access)
    current = next((i for i in agenda if i.pk == meeting.current_item_id), None)
    votes = selectors.votes_get(meeting=meeting, seat=access.seat, sees_confidential=access.sees_confidential)
    return {
        "agenda": agenda, "current": current, "quorum": selectors.quorum_get(meeting=meeting),
        "speakers": selectors.speakers_get(meeting=meeting),
        "votes": [v for v in votes if current is None or v.vote.item_id == current.pk],
        "version": meeting.live_version, "seat": access.seat,
        "my_speak": next((s for s in selectors.speakers_get(meeting=meeting) if s.user_id == request.user.pk), None),
    }


def meeting_state(request: HttpRequest, pk: int) -> JsonResponse:
    """The poll of "follow the chair": a few dozen bytes, from the cache (see live.py)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login"}, status=401)
    key = live.access_key(pk, request.user.pk)
    allowed = cache.get(key)
    if allowed is None:
        try:
            selectors.meeting_get(user=request.user, pk=pk)
            allowed = True
        except Http404:
            allowed = False
        cache.set(key, allowed, live.ACCESS_TTL)
    if not allowed:
        raise Http404
    state = live.live_state(pk)
    if state is None:
        raise Http404
    response = JsonResponse(state)
    response["Cache-Control"] = "no-store"
    return response


async def meeting_events(request: HttpRequest, pk: int) -> HttpResponse:
    """The push of "follow the chair": a server-sent event stream (see live.py). Asynchronous, so
    a waiting follower holds no thread; the rights are checked once, on connect."""
    if not isinstance(request, ASGIRequest):
        # Under WSGI (runserver, a sync gunicorn) Django would buffer the endless stream whole:
        # refuse it, and the page polls (follow.js falls back on the error).
        return HttpResponse(status=204)
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(_("Phiên đăng nhập đã hết hạn."), status=401, content_type="text/plain; charset=utf-8")
    try:
        _meeting, access = await sync_to_async(selectors.meeting_get)(user=user, pk=pk)
    except Http404:
        return HttpResponse(_("Không tìm thấy phiên họp."), status=404, content_type="text/plain; charset=utf-8")
    # Django keeps this request's thread, and its database connection, until the stream ends: give
    # the connection back now (the broadcaster reads on its own), or 200 followers hold 200 of them.
    await sync_to_async(db_connections.close_all)()
    store = request.session
    stream = live.follow_stream(meeting_id=pk, sees_confidential=access.sees_confidential,
                                session_key=store.session_key,
                                session_alive=lambda key: key is not None and store.exists(key))
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy (nginx) must pass each event on at once
    return response


@login_required
@require_POST
def meeting_item_set(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    raw = request.POST.get("item", "")
    item = selectors.item_get(access=access, pk=int(raw)) if raw.isdigit() else None
    try:
        services.meeting_item_set(actor=request.user, meeting=meeting, item=item)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk)


@login_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    try:
        services.meeting_close(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã kết thúc phiên họp."))


@login_required
@require_POST
def meeting_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    raw = request.POST.get("invitation", "")
    invitation = None
    if raw.isdigit():
        invitation = meeting.invitations.filter(pk=int(raw)).first()
        if invitation is None:
            raise Http404
    try:
        services.checkin(actor=request.user, meeting=meeting, invitation=invitation)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã điểm danh."))


@login_required
@require_POST
def speak_request(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    try:
        services.speak_request(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã đăng ký phát biểu."))


@login_required
@require_POST
def speak_update(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    speak = SpeakRequest.objects.filter(pk=request_pk, meeting=meeting).first()
    if speak is None:
        raise Http404
    try:
        services.speak_update(actor=request.user, request=speak, action=request.POST.get("action", ""))
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk)


def _vote(meeting, vote_pk: int) -> Vote:  # type: ignore[no-untyped-def]
    vote = Vote.objects.filter(pk=vote_pk, meeting=meeting).select_related("meeting").first()
    if vote is None:
        raise Http404
    return vote


@login_required
@require_POST
def vote_create(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    item = selectors.item_get(access=access, pk=item_pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _fail(request, pk, ValidationError(_("Hãy nhập nội dung biểu quyết.")))
    options = [line for line in form.cleaned_data["options"].splitlines() if line.strip()]
    try:
        services.vote_create(actor=request.user, item=item, question=form.cleaned_data["question"],
                             is_secret=form.cleaned_data["is_secret"], options=options)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã tạo biểu quyết."))


@login_required
@require_POST
def vote_action(request: HttpRequest, pk: int, vote_pk: int, action: str) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    vote = _vote(meeting, vote_pk)
    try:
        if action == "mo":
            try:
                services.vote_open(actor=request.user, vote=vote,
                                   confirm_without_quorum=request.POST.get("confirm") == "1")
            except ValidationError as exc:
                if exc.code != "no_quorum":
                    raise
                return _confirm(request, meeting, title=_("Mở biểu quyết khi chưa đủ túc số?"), exc=exc,
                                action=reverse("vote_action", args=[pk, vote_pk, "mo"]),
                                fields={"next": request.POST.get("next", "live")},
                                button=_("Vẫn mở biểu quyết"))
        elif action == "dong":
            services.vote_close(actor=request.user, vote=vote)
        elif action == "bo-phieu":
            services.ballot_cast(actor=request.user, vote=vote, choice=request.POST.get("choice", ""))
        else:
            raise Http404
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã ghi nhận."))


# --- the monitoring report, conclusions, documents -----------------------------------------------


@login_required
def live_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The standing office's monitoring report, computed now (an agenda document of the meeting)."""
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    if meeting.monitored_directive is None:
        raise Http404
    # The figures of the whole committee, as the office presents them to the meeting: read with
    # the chair's committee-wide scope, not the viewer's unit scope.
    dashboard = dashboard_get(user=meeting.chair, today=timezone.localdate(), directive=meeting.monitored_directive)
    return render(request, "meetings/live_report.html", {"meeting": meeting, "dash": dashboard,
                                                         "generated_at": timezone.localtime()})


@login_required
@require_POST
def conclusions_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    text = request.POST.get("text", "")
    upload = request.FILES.get("document")
    if upload is not None:
        try:
            text = uploaded_document_text(upload)
        except DocumentReadError as exc:
            return _fail(request, pk, ValidationError(exc.message))
    try:
        services.conclusions_save(actor=request.user, meeting=meeting, text=text)
    except ValidationError as exc:
        return _fail(request, pk, exc)
    if request.POST.get("propose"):
        return redirect("conclusions_confirm", pk=pk)
    return _done(request, pk, _("Đã lưu kết luận."), "#ket-luan")


@login_required
@require_POST
def conclusions_link(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = selectors.meeting_get(user=request.user, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _fail(request, pk, ValidationError(_("Hãy chọn thông báo kết luận.")))
    try:
        services.meeting_conclusion_link(actor=request.user, meeting=meeting, directive=form.cleaned_data["directive"])
    except ValidationError as exc:
        return _fail(request, pk, exc)
    return _done(request, pk, _("Đã liên kết phiên họp với thông báo kết luận."), "#ket-luan")


MAX_CONFIRM_ROWS = 500
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _date(value: str) -> dt.date | None:
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


@login_required
def conclusions_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader's proposals, for the secretary to correct and confirm into a conclusion directive."""
    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    if not access.edits:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc thư ký phiên họp mới xác nhận kết luận."))
    units, groups = proposals.choices()
    header = ConfirmHeaderForm(request.POST or None, initial={
        "title": _("Thông báo kết luận của chủ trì tại %(t)s") % {"t": meeting.title},
        "issued_on": timezone.localdate(), "parent": meeting.monitored_directive_id,
    })
    if request.method == "POST":
        rows = proposals.rows_from_post(request.POST)
        if header.is_valid():
            tasks = proposals.confirmed_tasks(rows, units, groups)
            try:
                directive = services.conclusions_confirm(
                    actor=request.user, meeting=meeting, code=header.cleaned_data["code"],
                    title=header.cleaned_data["title"], issued_on=header.cleaned_data["issued_on"],
                    parent=header.cleaned_data["parent"], tasks=tasks)
            except ValidationError as exc:
                apply_validation_error(header, exc)
            else:
                messages.success(request, _("Đã ban hành thông báo kết luận %(c)s; %(n)s nhiệm vụ đã được giao.")
                                 % {"c": directive.code, "n": len(tasks)})
                return redirect("directive_detail", pk=directive.pk)
    else:
        rows = proposals.rows_from_proposals(conclusions_read(meeting.conclusions_text, unit_matcher_from_db()))
    return render(request, "meetings/conclusions_confirm.html", {
        "meeting": meeting, "header": header, "rows": rows, "count": len(rows),
        **proposals.choice_context(units, groups),
    })


@login_required
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from .docx import minutes_docx as build

    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    data = build(meeting=meeting, access=access)
    return _docx(data, f"bien-ban-phien-hop-{meeting.pk}.docx")


@login_required
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from .docx import notice_docx as build

    meeting, access = selectors.meeting_get(user=request.user, pk=pk)
    data = build(meeting=meeting, access=access)
    return _docx(data, f"thong-bao-ket-luan-{meeting.pk}.docx")


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response



