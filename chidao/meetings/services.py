"""Every write of the meeting room: validation → permission → transaction → audit.

Notifications: invitations are created only by `meeting_invite`, which calls
`invitation_notify_hook(invitations)` after the commit. The notification service (app
`chidao.notifications`, merged separately) plugs in there; until then the invitee sees the
invitation in the app (the meetings page lists what awaits an answer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.files import file_path, file_store
from chidao.core.formatting import format_date
from chidao.directives import services as directive_services
from chidao.directives.models import Directive, DirectiveKind, TaskKind
from chidao.orgs.models import OrgUnit, Role, User

from . import live, rules
from .models import (
    AgendaItem,
    Ballot,
    DocumentDownload,
    Invitation,
    InvitationResponse,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingState,
    Opinion,
    SpeakRequest,
    SpeakState,
    Vote,
    VoteParticipation,
    VoteState,
    VoteTally,
)
from .selectors import MANAGER_ROLES, Access, meeting_access


def _require_office(actor: User | None) -> None:
    if actor is not None and actor.role not in MANAGER_ROLES:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được lên lịch và chuẩn bị phiên họp."))


def _require_edit(access: Access) -> None:
    if not access.edits:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc thư ký phiên họp mới được làm việc này."))


def _require_runner(access: Access) -> None:
    if not access.runs_meeting:
        raise PermissionDenied(_("Chỉ chủ trì hoặc thư ký phiên họp mới được điều hành phiên họp."))


def _require_seat(access: Access) -> Invitation:
    if access.seat is None:
        raise PermissionDenied(_("Chỉ người được mời (hoặc người dự thay) mới được làm việc này."))
    return access.seat


def _access(actor: User | None, meeting: Meeting) -> Access:
    if actor is None:  # the system (demo data): every right
        return Access(meeting=meeting, is_manager=True, is_chair=True, is_secretary=True, seat=None,
                      is_delegate=False, user_id=None)
    return meeting_access(user=actor, meeting=meeting)


def _refresh_search(meeting: Meeting) -> None:
    meeting.refresh_search_text(list(meeting.items.values_list("title", flat=True)))
    Meeting.objects.filter(pk=meeting.pk).update(search_text=meeting.search_text)


# --- scheduling -----------------------------------------------------------------------------------


def meeting_create(
    *,
    actor: User | None,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    chair: User,
    secretary: User,
    place: str = "",
    online_link: str = "",
    quorum_percent: int = 50,
    monitored_directive: Directive | None = None,
) -> Meeting:
    _require_office(actor)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Phiên họp phải có tên.")
    if kind not in MeetingKind.values:
        errors["kind"] = _("Loại phiên họp không hợp lệ.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
    if not place.strip() and not online_link.strip():
        errors["place"] = _("Hãy nhập địa điểm hoặc đường dẫn họp trực tuyến.")
    if not 1 <= quorum_percent <= 99:
        errors["quorum_percent"] = _("Ngưỡng túc số phải từ 1% đến 99%.")
    if chair is not None and chair.pk == getattr(secretary, "pk", None):
        errors["secretary"] = _("Thư ký phải là người khác với chủ trì.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting(title=title.strip(), kind=kind, starts_at=starts_at, ends_at=ends_at, place=place.strip(),
                          online_link=online_link.strip(), chair=chair, secretary=secretary,
                          quorum_percent=quorum_percent, monitored_directive=monitored_directive, created_by=actor)
        meeting.refresh_search_text()
        meeting.save()
        audit_record(actor=actor, action="meeting.create", target=meeting,
                     summary=_("Lên lịch phiên họp “%(t)s”") % {"t": meeting.title},
                     after={"title": meeting.title, "starts_at": starts_at, "ends_at": ends_at, "chair": chair.pk,
                            "secretary": secretary.pk})
    return meeting


def invitation_notify_hook(invitations: Sequence[Invitation]) -> None:
    """Each new invitee gets the invitation in the app and by e-mail (unless they turned that
    kind off). Called after the commit, so a mail never announces an invitation that was rolled
    back; the notification's dedupe key makes a repeated call harmless."""
    from django.urls import reverse
    from django.utils.formats import date_format

    from chidao.notifications.models import NotificationKind
    from chidao.notifications.services import notify

    for invitation in invitations:
        meeting = invitation.meeting
        when = date_format(timezone.localtime(meeting.starts_at), "H:i d/m/Y")
        body = _("Thời gian: %(when)s. Địa điểm: %(place)s.") % {"when": when, "place": meeting.place or "—"}
        if invitation.unit_id:
            body += " " + _("Mời đại diện %(unit)s.") % {"unit": invitation.unit}
        notify(
            recipients=[invitation.invitee], kind=NotificationKind.MEETING_INVITED,
            subject=f"meeting:{meeting.pk}", occurrence=f"invitation:{invitation.pk}",
            title=_("Giấy mời họp: %(t)s") % {"t": meeting.title}, body=body,
            url=reverse("meeting_detail", args=[meeting.pk]),
        )


def meeting_invite(
    *,
    actor: User | None,
    meeting: Meeting,
    people: Sequence[User] = (),
    units: Sequence[OrgUnit] = (),
    is_member: bool = True,
) -> list[Invitation]:
    """Invite people, and units (their heads, for the unit). The one place invitations are made."""
    access = _access(actor, meeting)
    _require_edit(access)
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc; không mời thêm."))
    if not people and not units:
        raise ValidationError({"people": _("Hãy chọn người hoặc đơn vị được mời.")})
    seats: list[tuple[User, OrgUnit | None]] = [(p, None) for p in people]
    for unit in units:
        heads = list(User.objects.filter(unit=unit, role=Role.UNIT_HEAD, is_active=True).order_by("id")[:1])
        if not heads:
            raise ValidationError({"units": _("Đơn vị “%(u)s” chưa có tài khoản lãnh đạo đơn vị để nhận giấy mời.")
                                   % {"u": unit.name}})
        seats.append((heads[0], unit))
    existing = set(meeting.invitations.values_list("invitee_id", flat=True))
    created: list[Invitation] = []
    with transaction.atomic():
        for person, unit in seats:
            if person.pk in existing or not person.is_active:
                continue
            existing.add(person.pk)
            created.append(Invitation.objects.create(meeting=meeting, invitee=person, unit=unit, is_member=is_member))
        if created:
            audit_record(actor=actor, action="meeting.invite", target=meeting,
                         summary=_("Mời %(n)s người dự phiên họp") % {"n": len(created)},
                         after={"invitees": [i.invitee_id for i in created]})
            live.live_bump(meeting)
        transaction.on_commit(lambda: invitation_notify_hook(created))
    return created


def invitation_respond(
    *, actor: User, invitation: Invitation, response: str, reason: str = "", delegate: User | None = None,
) -> Invitation:
    """The invitee answers: attend, absent (with a reason) or send a delegate (not a delegate's delegate)."""
    meeting = invitation.meeting
    if invitation.invitee_id != actor.pk:
        if Invitation.objects.filter(meeting=meeting, delegate=actor, response=InvitationResponse.DELEGATE).exists():
            raise ValidationError({"delegate": _("Người dự thay không được cử tiếp người khác dự thay.")})
        raise PermissionDenied(_("Chỉ người được mời mới trả lời giấy mời này."))
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    errors: dict[str, str] = {}
    if response not in {InvitationResponse.ATTEND, InvitationResponse.ABSENT, InvitationResponse.DELEGATE}:
        errors["response"] = _("Hãy chọn tham dự, vắng mặt hoặc cử người dự thay.")
    if response == InvitationResponse.ABSENT and not reason.strip():
        errors["reason"] = _("Vắng mặt phải nêu lý do.")
    if response == InvitationResponse.DELEGATE:
        if delegate is None:
            errors["delegate"] = _("Hãy chọn người dự thay.")
        elif delegate.pk == actor.pk:
            errors["delegate"] = _("Người dự thay phải là người khác.")
        elif Invitation.objects.filter(meeting=meeting, delegate=delegate,
                                       response=InvitationResponse.DELEGATE).exclude(pk=invitation.pk).exists():
            errors["delegate"] = _("%(p)s đã dự thay cho người khác ở phiên họp này.") % {"p": delegate}
        elif Invitation.objects.filter(meeting=meeting, invitee=delegate).exists():
            errors["delegate"] = _("%(p)s đã được mời dự phiên họp này; hãy chọn người khác.") % {"p": delegate}
        elif not delegate.is_active:
            errors["delegate"] = _("Tài khoản người dự thay không còn hoạt động.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = {"response": invitation.response, "delegate": invitation.delegate_id}
        old_delegate = invitation.delegate_id
        invitation.response = response
        invitation.reason = reason.strip() if response == InvitationResponse.ABSENT else ""
        invitation.delegate = delegate if response == InvitationResponse.DELEGATE else None
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["response", "reason", "delegate", "responded_at"])
        audit_record(actor=actor, action="meeting.respond", target=meeting,
                     summary=_("Trả lời giấy mời: %(r)s") % {"r": invitation.get_response_display()},
                     before=before, after={"response": response, "delegate": invitation.delegate_id,
                                           "reason": invitation.reason})
        live.live_bump(meeting)
    for user_id in {old_delegate, invitation.delegate_id, actor.pk} - {None}:
        live.access_forget(meeting.pk, user_id)  # type: ignore[arg-type]
    return invitation


# --- agenda, documents, opinions -----------------------------------------------------------------


def agenda_item_add(
    *, actor: User | None, meeting: Meeting, title: str, presenter: str = "", planned_minutes: int = 15,
    is_confidential: bool = False, live_report: bool = False,
) -> AgendaItem:
    _require_edit(_access(actor, meeting))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Nội dung chương trình không được để trống.")
    if not 1 <= planned_minutes <= 600:
        errors["planned_minutes"] = _("Thời lượng phải từ 1 đến 600 phút.")
    if live_report and meeting.monitored_directive_id is None:
        errors["live_report"] = _("Phiên họp chưa chọn văn bản theo dõi cho báo cáo trực tiếp.")
    if meeting.state == MeetingState.CLOSED:
        errors["title"] = _("Phiên họp đã kết thúc.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title.strip(),
                                         presenter=presenter.strip(), planned_minutes=planned_minutes,
                                         is_confidential=is_confidential, live_report=live_report)
        _refresh_search(meeting)
        audit_record(actor=actor, action="meeting.agenda_add", target=meeting,
                     summary=_("Thêm nội dung chương trình: %(t)s") % {"t": item.title},
                     after={"item": item.pk, "title": item.title, "confidential": is_confidential})
        live.live_bump(meeting)
    return item


def document_upload(
    *, actor: User | None, item: AgendaItem, title: str, upload: UploadedFile, is_confidential: bool = False,
) -> MeetingDocument:
    """Distribute a document for an agenda item; its type is checked by content (core.files)."""
    meeting = item.meeting
    _require_edit(_access(actor, meeting))
    stored = file_store(upload)  # raises ValidationError for what is not what it claims
    with transaction.atomic():
        document = MeetingDocument.objects.create(
            item=item, title=(title.strip() or stored.original_name)[:300], is_confidential=is_confidential,
            original_name=stored.original_name, stored_name=stored.stored_name, content_type=stored.content_type,
            size=stored.size, sha256=stored.sha256, uploaded_by=actor,
        )
        audit_record(actor=actor, action="meeting.document_upload", target=meeting,
                     summary=_("Tải lên tài liệu “%(t)s”") % {"t": document.title},
                     after={"document": document.pk, "sha256": stored.sha256, "confidential": document.confidential})
        live.live_bump(meeting)
    return document


@dataclass
class Download:
    content: bytes
    filename: str
    content_type: str
    watermarked: bool


def document_download(*, actor: User, document: MeetingDocument, access: Access) -> Download:
    """The document's bytes for this person, logged; a confidential PDF stamped with their name and the time."""
    from .watermark import pdf_watermark

    path = file_path(document.stored_name)
    if not path.exists():
        raise ValidationError(_("Không tìm thấy tệp của tài liệu."))
    content = path.read_bytes()
    watermarked = False
    now = timezone.localtime()
    if document.confidential and document.content_type == "application/pdf":
        label = f"{actor.full_name or actor.username} – {now:%d/%m/%Y %H:%M:%S}"
        content = pdf_watermark(content, label)
        watermarked = True
    with transaction.atomic():
        DocumentDownload.objects.create(document=document, user=actor, watermarked=watermarked)
        if document.confidential:
            audit_record(actor=actor, action="meeting.document_download", target=access.meeting,
                         summary=_("Tải tài liệu mật “%(t)s”") % {"t": document.title},
                         after={"document": document.pk, "watermarked": watermarked})
    return Download(content=content, filename=document.original_name, content_type=document.content_type,
                    watermarked=watermarked)


def _refuse_control_characters(text: str) -> None:
    """A NUL byte cannot be stored (PostgreSQL refuses it) and no keyboard types it."""
    if "\x00" in text:
        raise ValidationError({"text": _("Nội dung có ký tự không hợp lệ (ký tự NUL); hãy gõ lại hoặc dán "
                                         "dạng văn bản thuần.")})


def opinion_add(*, actor: User, item: AgendaItem, text: str) -> Opinion:
    access = meeting_access(user=actor, meeting=item.meeting)
    seat = _require_seat(access)
    if not text.strip():
        raise ValidationError({"text": _("Ý kiến góp ý không được để trống.")})
    _refuse_control_characters(text)
    if item.meeting.state == MeetingState.CLOSED:
        raise ValidationError({"text": _("Phiên họp đã kết thúc; không nhận thêm góp ý.")})
    with transaction.atomic():
        opinion = Opinion.objects.create(item=item, author=actor, invitation=seat, text=text.strip())
        audit_record(actor=actor, action="meeting.opinion", target=item.meeting,
                     summary=_("Góp ý về “%(t)s”") % {"t": item.title}, after={"item": item.pk})
        live.live_bump(item.meeting)
    return opinion


# --- at the meeting ------------------------------------------------------------------------------


def meeting_item_set(*, actor: User | None, meeting: Meeting, item: AgendaItem | None) -> Meeting:
    """The chair moves the meeting to an agenda item; every participant's screen follows."""
    _require_runner(_access(actor, meeting))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Nội dung không thuộc phiên họp này."))
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    with transaction.atomic():
        before = {"item": meeting.current_item_id, "state": meeting.state}
        meeting.current_item = item
        if meeting.state == MeetingState.SCHEDULED:
            meeting.state = MeetingState.IN_PROGRESS
        meeting.save(update_fields=["current_item", "state"])
        audit_record(actor=actor, action="meeting.item", target=meeting,
                     summary=_("Chuyển sang nội dung: %(t)s") % {"t": item.title if item else "—"},
                     before=before, after={"item": meeting.current_item_id, "state": meeting.state})
        live.live_bump(meeting)
    return meeting


def meeting_close(*, actor: User | None, meeting: Meeting) -> Meeting:
    _require_runner(_access(actor, meeting))
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    if meeting.votes.filter(state=VoteState.OPEN).exists():
        raise ValidationError(_("Còn biểu quyết đang mở; hãy kết thúc biểu quyết trước."))
    with transaction.atomic():
        meeting.state = MeetingState.CLOSED
        meeting.save(update_fields=["state"])
        audit_record(actor=actor, action="meeting.close", target=meeting, summary=_("Kết thúc phiên họp"),
                     after={"state": meeting.state})
        live.live_bump(meeting)
    return meeting


def checkin(*, actor: User, meeting: Meeting, invitation: Invitation | None = None) -> Invitation:
    """Check in: a seat holder for themselves, or the secretary / office for anyone invited."""
    access = meeting_access(user=actor, meeting=meeting)
    if invitation is None:
        invitation = _require_seat(access)
    elif invitation.meeting_id != meeting.pk:
        raise ValidationError(_("Giấy mời không thuộc phiên họp này."))
    elif invitation.pk != getattr(access.seat, "pk", None) and not access.edits:
        raise PermissionDenied(_("Chỉ thư ký phiên họp mới được điểm danh cho người khác."))
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    if invitation.response == InvitationResponse.ABSENT:
        raise ValidationError(_("Người này đã báo vắng mặt."))
    if invitation.checked_in_at is not None:
        return invitation
    with transaction.atomic():
        invitation.checked_in_at = timezone.now()
        if invitation.response == InvitationResponse.PENDING:
            invitation.response = InvitationResponse.ATTEND
        invitation.save(update_fields=["checked_in_at", "response"])
        audit_record(actor=actor, action="meeting.checkin", target=meeting,
                     summary=_("Điểm danh: %(p)s") % {"p": invitation.attendee}, after={"invitation": invitation.pk})
        live.live_bump(meeting)
    return invitation


def speak_request(*, actor: User, meeting: Meeting) -> SpeakRequest:
    access = meeting_access(user=actor, meeting=meeting)
    _require_seat(access)
    if meeting.state != MeetingState.IN_PROGRESS:
        raise ValidationError(_("Chỉ đăng ký phát biểu khi phiên họp đang diễn ra."))
    if meeting.speak_requests.filter(user=actor, state__in=[SpeakState.WAITING, SpeakState.SPEAKING]).exists():
        raise ValidationError(_("Bạn đã có trong danh sách phát biểu."))
    with transaction.atomic():
        last = meeting.speak_requests.aggregate(m=Max("position"))["m"] or 0
        request = SpeakRequest.objects.create(meeting=meeting, item=meeting.current_item, user=actor, position=last + 1)
        audit_record(actor=actor, action="meeting.speak_request", target=meeting, summary=_("Đăng ký phát biểu"))
        live.live_bump(meeting)
    return request


def speak_update(*, actor: User, request: SpeakRequest, action: str) -> SpeakRequest:
    """The chair gives the floor, ends a speech, drops or moves up a request; the speaker may withdraw."""
    meeting = request.meeting
    access = meeting_access(user=actor, meeting=meeting)
    if action == "withdraw":
        if request.user_id != actor.pk:
            raise PermissionDenied(_("Chỉ người đăng ký mới rút đăng ký của mình."))
    else:
        _require_runner(access)
    if request.state in {SpeakState.DONE, SpeakState.WITHDRAWN}:
        raise ValidationError(_("Lượt phát biểu này đã kết thúc."))
    with transaction.atomic():
        if action == "speak":
            meeting.speak_requests.filter(state=SpeakState.SPEAKING).update(state=SpeakState.DONE)
            request.state = SpeakState.SPEAKING
        elif action == "done":
            request.state = SpeakState.DONE
        elif action in {"drop", "withdraw"}:
            request.state = SpeakState.WITHDRAWN
        elif action == "up":
            above = (meeting.speak_requests.filter(state=SpeakState.WAITING, position__lt=request.position)
                     .order_by("-position").first())
            if above is not None:
                above.position, request.position = request.position, above.position
                above.save(update_fields=["position"])
        else:
            raise ValidationError(_("Thao tác không hợp lệ."))
        request.save(update_fields=["state", "position"])
        audit_record(actor=actor, action=f"meeting.speak_{action}", target=meeting,
                     summary=_("Danh sách phát biểu: %(a)s") % {"a": action}, after={"request": request.pk})
        live.live_bump(meeting)
    return request


# --- votes ---------------------------------------------------------------------------------------


def vote_create(
    *, actor: User | None, item: AgendaItem, question: str, is_secret: bool = False, options: list[str] | None = None,
) -> Vote:
    meeting = item.meeting
    _require_runner(_access(actor, meeting))
    cleaned = rules.options_clean(options)
    errors: dict[str, str] = {}
    if not question.strip():
        errors["question"] = _("Hãy nhập nội dung biểu quyết.")
    if len(cleaned) < 2:
        errors["options"] = _("Biểu quyết phải có ít nhất hai phương án.")
    if meeting.state == MeetingState.CLOSED:
        errors["question"] = _("Phiên họp đã kết thúc.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        vote = Vote.objects.create(meeting=meeting, item=item, question=question.strip(), is_secret=is_secret,
                                   options=cleaned)
        VoteTally.objects.bulk_create([VoteTally(vote=vote, choice=c) for c in cleaned])
        audit_record(actor=actor, action="meeting.vote_create", target=meeting,
                     summary=_("Tạo biểu quyết: %(q)s") % {"q": vote.question},
                     after={"vote": vote.pk, "secret": is_secret, "options": cleaned})
        live.live_bump(meeting)
    return vote


def vote_open(*, actor: User | None, vote: Vote) -> Vote:
    meeting = vote.meeting
    _require_runner(_access(actor, meeting))
    if vote.state != VoteState.DRAFT:
        raise ValidationError(_("Biểu quyết này đã được mở trước đó."))
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    if meeting.votes.filter(state=VoteState.OPEN).exists():
        raise ValidationError(_("Đang có một biểu quyết khác mở; hãy kết thúc trước."))
    with transaction.atomic():
        vote.state = VoteState.OPEN
        vote.opened_at = timezone.now()
        vote.save(update_fields=["state", "opened_at"])
        audit_record(actor=actor, action="meeting.vote_open", target=meeting,
                     summary=_("Mở biểu quyết: %(q)s") % {"q": vote.question}, after={"vote": vote.pk})
        live.live_bump(meeting)
    return vote


def vote_close(*, actor: User | None, vote: Vote) -> Vote:
    meeting = vote.meeting
    _require_runner(_access(actor, meeting))
    if vote.state != VoteState.OPEN:
        raise ValidationError(_("Biểu quyết không ở trạng thái đang mở."))
    with transaction.atomic():
        vote.state = VoteState.CLOSED
        vote.closed_at = timezone.now()
        vote.save(update_fields=["state", "closed_at"])
        counts = dict(vote.tallies.values_list("choice", "count"))
        audit_record(actor=actor, action="meeting.vote_close", target=meeting,
                     summary=_("Kết thúc biểu quyết: %(q)s") % {"q": vote.question},
                     after={"vote": vote.pk, "counts": counts})
        live.live_bump(meeting)
    return vote


def ballot_cast(*, actor: User, vote: Vote, choice: str) -> None:
    """One ballot per seat while the vote is open. A secret ballot leaves only a +1 on its option
    (see models.Vote for why no ballot row): nothing in the database links it to the voter."""
    meeting = vote.meeting
    access = meeting_access(user=actor, meeting=meeting)
    seat = _require_seat(access)
    if seat.is_member is False:
        raise PermissionDenied(_("Khách mời không tham gia biểu quyết."))
    if seat.attendee.pk != actor.pk:
        raise PermissionDenied(_("Bạn đã cử người dự thay; người dự thay biểu quyết thay bạn."))
    if seat.checked_in_at is None:
        raise ValidationError(_("Hãy điểm danh trước khi biểu quyết."))
    if choice not in vote.options:
        raise ValidationError({"choice": _("Phương án không hợp lệ.")})
    try:
        with transaction.atomic():
            # Locks the vote row so closing and casting are serialised: a ballot is never counted
            # after the close, whatever the timing.
            current = Vote.objects.select_for_update().get(pk=vote.pk)
            if current.state != VoteState.OPEN:
                raise ValidationError(_("Biểu quyết đã kết thúc hoặc chưa mở; phiếu không được ghi nhận."))
            VoteParticipation.objects.create(vote=current, invitation=seat)
            VoteTally.objects.filter(vote=current, choice=choice).update(count=F("count") + 1)
            if not current.is_secret:
                Ballot.objects.create(vote=current, invitation=seat, voter=actor, choice=choice)
            # The audit log records that a seat voted, never the choice of a secret vote.
            audit_record(actor=actor, action="meeting.ballot", target=meeting,
                         summary=_("Biểu quyết: %(q)s") % {"q": current.question},
                         after={"vote": current.pk} if current.is_secret else {"vote": current.pk, "choice": choice})
            live.live_bump(meeting)
    except IntegrityError as exc:
        raise ValidationError(_("Bạn đã biểu quyết nội dung này; mỗi người chỉ biểu quyết một lần.")) from exc


# --- conclusions ---------------------------------------------------------------------------------


def conclusions_save(*, actor: User, meeting: Meeting, text: str) -> Meeting:
    _require_edit(meeting_access(user=actor, meeting=meeting))
    _refuse_control_characters(text)
    with transaction.atomic():
        before = {"conclusions": meeting.conclusions_text}
        meeting.conclusions_text = text.strip()
        meeting.save(update_fields=["conclusions_text"])
        _refresh_search(meeting)
        audit_record(actor=actor, action="meeting.conclusions", target=meeting, summary=_("Ghi kết luận phiên họp"),
                     before=before, after={"conclusions": meeting.conclusions_text})
    return meeting


@dataclass
class ConfirmedTask:
    title: str
    lead_unit: OrgUnit | None
    support_units: list[OrgUnit]
    recurring: bool
    due_on: dt.date | None
    deadline_text: str
    expected_output: str


def conclusions_confirm(
    *,
    actor: User,
    meeting: Meeting,
    code: str,
    title: str,
    issued_on: dt.date,
    tasks: Sequence[ConfirmedTask],
    parent: Directive | None = None,
) -> Directive:
    """The confirmed tasks become a conclusion directive (kind "conclusion") whose tasks are assigned
    at once and monitored like any other, linked back to the meeting. All or nothing."""
    _require_edit(meeting_access(user=actor, meeting=meeting))
    if meeting.conclusion_directive_id:
        raise ValidationError(_("Phiên họp đã có thông báo kết luận %(c)s.") % {"c": meeting.conclusion_directive})
    if not tasks:
        raise ValidationError({"tasks": _("Chưa có nhiệm vụ nào được xác nhận.")})
    errors: dict[str, list[str]] = {}
    for n, task in enumerate(tasks, start=1):
        if task.lead_unit is None:
            errors.setdefault("tasks", []).append(
                _("Nhiệm vụ %(n)s chưa có đơn vị chủ trì; hãy chọn đơn vị (không bỏ qua nhiệm vụ).") % {"n": n})
        if not task.recurring and task.due_on is None:
            errors.setdefault("tasks", []).append(
                _("Nhiệm vụ %(n)s chưa có thời hạn; hãy nhập ngày hoặc chọn “Thường xuyên”.") % {"n": n})
        if task.due_on and task.due_on < issued_on and not task.recurring:
            errors.setdefault("tasks", []).append(
                _("Nhiệm vụ %(n)s có thời hạn %(d)s trước ngày ban hành.") % {"n": n, "d": format_date(task.due_on)})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        directive = directive_services.directive_create(
            actor=actor, code=code, kind=DirectiveKind.CONCLUSION, title=title, issuer=_("Ban Chỉ đạo"),
            issued_on=issued_on, parent=parent,
        )
        for n, task in enumerate(tasks, start=1):
            try:
                directive_services.task_create(
                    actor=actor, directive=directive, title=task.title, lead_unit=task.lead_unit,
                    support_units=task.support_units,
                    kind=TaskKind.RECURRING if task.recurring else TaskKind.DEADLINE,
                    due_on=None if task.recurring else task.due_on, deadline_text=task.deadline_text,
                    expected_output=task.expected_output, code=f"KL.{n}", assign=True, assigned_on=issued_on,
                )
            except ValidationError as exc:
                raise ValidationError({"tasks": [_("Nhiệm vụ %(n)s: %(e)s") % {"n": n, "e": " ".join(exc.messages)}]}) \
                    from exc
        meeting.conclusion_directive = directive
        meeting.save(update_fields=["conclusion_directive"])
        audit_record(actor=actor, action="meeting.conclusions_confirm", target=meeting,
                     summary=_("Ban hành kết luận %(c)s với %(n)s nhiệm vụ") % {"c": directive.code, "n": len(tasks)},
                     after={"directive": directive.pk, "tasks": len(tasks)})
    return directive


def meeting_conclusion_link(*, actor: User | None, meeting: Meeting, directive: Directive) -> Meeting:
    """Link a meeting to a conclusion notice issued outside the system (no duplicate tasks)."""
    _require_edit(_access(actor, meeting))
    if directive.kind != DirectiveKind.CONCLUSION:
        raise ValidationError({"directive": _("Chỉ liên kết với văn bản loại Kết luận.")})
    with transaction.atomic():
        meeting.conclusion_directive = directive
        meeting.save(update_fields=["conclusion_directive"])
        audit_record(actor=actor, action="meeting.conclusions_link", target=meeting,
                     summary=_("Liên kết phiên họp với kết luận %(c)s") % {"c": directive.code},
                     after={"directive": directive.pk})
    return meeting
