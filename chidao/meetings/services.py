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
from chidao.directives import services as directive_services
from chidao.directives.models import Directive, DirectiveKind
from chidao.orgs.models import OrgUnit, Role, User

from . import live, rules, seal
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
    # A confidential item's title must not make the meeting findable by it in the list.
    meeting.refresh_search_text(list(meeting.items.filter(is_confidential=False).values_list("title", flat=True)))
    Meeting.objects.filter(pk=meeting.pk).update(search_text=meeting.search_text)


def _item_label(item: AgendaItem | None) -> str:
    """An item's title as the audit log may hold it: the log is read beyond the meeting's participants."""
    if item is None:
        return "—"
    return _("Nội dung mật") if item.is_confidential else item.title


def _document_label(document: MeetingDocument) -> str:
    return _("Tài liệu mật số %(n)s") % {"n": document.pk} if document.confidential else document.title


def _vote_label(vote: Vote) -> str:
    return _("biểu quyết về nội dung mật") if vote.item.is_confidential else vote.question


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
    errors = _meeting_errors(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, place=place,
                             online_link=online_link, quorum_percent=quorum_percent, chair=chair, secretary=secretary)
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


def _meeting_errors(*, title: str, kind: str, starts_at: dt.datetime | None, ends_at: dt.datetime | None,
                    place: str, online_link: str, quorum_percent: int, chair: User | None,
                    secretary: User | None) -> dict[str, str]:
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
    return errors


def _hm(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def _notify_invitees(meeting: Meeting, *, title: str, body: str, occurrence: str) -> None:
    """Every invitee (and the delegate sitting in for one) hears of a change, after the commit.
    The kind is the invitation's: a person who turned invitations off by e-mail is not mailed."""
    from django.urls import reverse

    from chidao.notifications.models import NotificationKind
    from chidao.notifications.services import notify

    people: dict[int, User] = {}
    for invitation in meeting.invitations.select_related("invitee", "delegate"):
        people[invitation.invitee_id] = invitation.invitee
        if invitation.delegate_id:
            people[invitation.delegate_id] = invitation.delegate
    if people:
        notify(recipients=list(people.values()), kind=NotificationKind.MEETING_INVITED,
               subject=f"meeting:{meeting.pk}", occurrence=occurrence, title=title, body=body,
               url=reverse("meeting_detail", args=[meeting.pk]))


def meeting_update(
    *,
    actor: User | None,
    meeting: Meeting,
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
    reason: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Edit a meeting not yet started; a new time is a reschedule (never into the past). Every
    invitee is told what changed."""
    _require_edit(_access(actor, meeting))
    now = now or timezone.now()
    if meeting.state != MeetingState.SCHEDULED:
        raise ValidationError(_("Chỉ sửa được phiên họp chưa bắt đầu (phiên họp này: %(s)s).")
                              % {"s": meeting.get_state_display().lower()})
    errors = _meeting_errors(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, place=place,
                             online_link=online_link, quorum_percent=quorum_percent, chair=chair, secretary=secretary)
    rescheduled = starts_at != meeting.starts_at or ends_at != meeting.ends_at
    if starts_at and starts_at != meeting.starts_at and starts_at <= now:
        errors["starts_at"] = _("Không thể dời phiên họp về thời điểm đã qua (%(t)s); hãy chọn thời gian sau "
                                "hiện tại.") % {"t": _hm(starts_at)}
    if errors:
        raise ValidationError(errors)
    fields = {"title": title.strip(), "kind": kind, "starts_at": starts_at, "ends_at": ends_at,
              "place": place.strip(), "online_link": online_link.strip(), "chair_id": chair.pk,
              "secretary_id": secretary.pk, "quorum_percent": quorum_percent,
              "monitored_directive_id": monitored_directive.pk if monitored_directive else None}
    before = {name: getattr(meeting, name) for name in fields}
    changed = {name: value for name, value in fields.items() if before[name] != value}
    if not changed:
        return meeting
    with transaction.atomic():
        for name, value in changed.items():
            setattr(meeting, name, value)
        _refresh_search(meeting)
        meeting.save(update_fields=[*changed, "search_text"])
        action = "meeting.reschedule" if rescheduled else "meeting.update"
        audit_record(actor=actor, action=action, target=meeting,
                     summary=(_("Dời phiên họp “%(t)s” sang %(w)s") % {"t": meeting.title, "w": _hm(starts_at)}
                              if rescheduled else _("Sửa thông tin phiên họp “%(t)s”") % {"t": meeting.title}),
                     before={k: before[k] for k in changed}, after={**changed, "reason": reason.strip()})
        if rescheduled:
            notice_title = _("Dời lịch họp: %(t)s") % {"t": meeting.title}
            body = _("Phiên họp chuyển sang %(new)s (lịch cũ: %(old)s). Địa điểm: %(p)s.") % {
                "new": _hm(starts_at), "old": _hm(before["starts_at"]), "p": meeting.place or meeting.online_link}
        else:
            notice_title = _("Thay đổi thông tin phiên họp: %(t)s") % {"t": meeting.title}
            body = _("Thời gian: %(w)s. Địa điểm: %(p)s.") % {"w": _hm(meeting.starts_at),
                                                              "p": meeting.place or meeting.online_link}
        if reason.strip():
            body += " " + _("Lý do: %(r)s") % {"r": reason.strip()}
        occurrence = f"{action}:{now.isoformat()}"
        transaction.on_commit(lambda: _notify_invitees(meeting, title=notice_title, body=body, occurrence=occurrence))
        live.live_bump(meeting)
    return meeting


def meeting_cancel(*, actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting not yet started, with a reason every invitee is told."""
    _require_edit(_access(actor, meeting))
    if meeting.state != MeetingState.SCHEDULED:
        raise ValidationError(_("Chỉ hủy được phiên họp chưa bắt đầu (phiên họp này: %(s)s).")
                              % {"s": meeting.get_state_display().lower()})
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do hủy phiên họp; lý do được gửi tới người được mời.")})
    with transaction.atomic():
        meeting.state = MeetingState.CANCELLED
        meeting.cancel_reason = reason.strip()
        meeting.save(update_fields=["state", "cancel_reason"])
        audit_record(actor=actor, action="meeting.cancel", target=meeting,
                     summary=_("Hủy phiên họp “%(t)s”: %(r)s") % {"t": meeting.title, "r": meeting.cancel_reason},
                     before={"state": MeetingState.SCHEDULED}, after={"state": meeting.state,
                                                                      "reason": meeting.cancel_reason})
        title = _("Hủy phiên họp: %(t)s") % {"t": meeting.title}
        body = _("Phiên họp dự kiến lúc %(w)s không diễn ra. Lý do: %(r)s") % {
            "w": _hm(meeting.starts_at), "r": meeting.cancel_reason}
        transaction.on_commit(lambda: _notify_invitees(meeting, title=title, body=body, occurrence="cancel"))
        live.live_bump(meeting)
    return meeting


# Starting more than this before the scheduled time asks the chair to confirm.
EARLY_START_GRACE = dt.timedelta(minutes=15)


def meeting_start(*, actor: User | None, meeting: Meeting, confirm_early: bool = False,
                  now: dt.datetime | None = None) -> Meeting:
    """The chair (or secretary) opens the session; before the scheduled time only when confirmed."""
    _require_runner(_access(actor, meeting))
    now = now or timezone.now()
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("Phiên họp đã hủy."))
    if meeting.state != MeetingState.SCHEDULED:
        raise ValidationError(_("Phiên họp đã bắt đầu từ trước."))
    early = now < meeting.starts_at - EARLY_START_GRACE
    if early and not confirm_early:
        raise ValidationError(
            _("Chưa đến giờ họp: phiên họp được lên lịch lúc %(t)s. Nếu vẫn bắt đầu, hãy xác nhận bắt đầu sớm.")
            % {"t": _hm(meeting.starts_at)}, code="early")
    with transaction.atomic():
        meeting.state = MeetingState.IN_PROGRESS
        meeting.started_at = now
        meeting.save(update_fields=["state", "started_at"])
        live.live_bump(meeting)  # the meeting row before the audit head: one lock order
        audit_record(actor=actor, action="meeting.start", target=meeting,
                     summary=(_("Bắt đầu phiên họp sớm hơn lịch (%(t)s)") % {"t": _hm(meeting.starts_at)} if early
                              else _("Bắt đầu phiên họp")),
                     before={"state": MeetingState.SCHEDULED}, after={"state": meeting.state, "early": early})
    return meeting


def agenda_item_move(*, actor: User | None, meeting: Meeting, item: AgendaItem, direction: str,
                     version: int) -> Meeting:
    """Move an agenda item one place up or down. `version` is the agenda the person saw: if someone
    changed it since, nothing moves and they are told to look again (no item is ever lost)."""
    _require_edit(_access(actor, meeting))
    if item.meeting_id != meeting.pk:
        raise ValidationError(_("Nội dung không thuộc phiên họp này."))
    if direction not in {"up", "down"}:
        raise ValidationError(_("Hướng di chuyển không hợp lệ."))
    if meeting.state in {MeetingState.CLOSED, MeetingState.CANCELLED}:
        raise ValidationError(_("Phiên họp đã kết thúc hoặc đã hủy; không sắp xếp lại chương trình."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.agenda_version != version:
            raise ValidationError(_("Chương trình vừa được người khác thay đổi. Trang đã hiện chương trình mới "
                                    "nhất, không nội dung nào bị mất; hãy xem lại rồi sắp xếp tiếp."),
                                  code="stale")
        items = list(locked.items.order_by("position", "id"))
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(items):
            raise ValidationError(_("Nội dung đã ở đầu hoặc cuối chương trình."))
        before = [it.pk for it in items]
        items[index], items[other] = items[other], items[index]
        for position, it in enumerate(items, start=1):
            it.position = position
        AgendaItem.objects.bulk_update(items, ["position"])
        Meeting.objects.filter(pk=meeting.pk).update(agenda_version=F("agenda_version") + 1)
        meeting.agenda_version = locked.agenda_version + 1
        live.live_bump(meeting)  # the meeting row before the audit head: one lock order
        audit_record(actor=actor, action="meeting.agenda_move", target=meeting,
                     summary=_("Sắp xếp lại chương trình: %(t)s") % {"t": _item_label(item)},
                     before={"order": before}, after={"order": [it.pk for it in items]})
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
            live.live_bump(meeting)
            audit_record(actor=actor, action="meeting.invite", target=meeting,
                         summary=_("Mời %(n)s người dự phiên họp") % {"n": len(created)},
                         after={"invitees": [i.invitee_id for i in created]})
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
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.respond", target=meeting,
                     summary=_("Trả lời giấy mời: %(r)s") % {"r": invitation.get_response_display()},
                     before=before, after={"response": response, "delegate": invitation.delegate_id,
                                           "reason": invitation.reason})
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
    if meeting.state in {MeetingState.CLOSED, MeetingState.CANCELLED}:
        errors["title"] = _("Phiên họp đã kết thúc hoặc đã hủy.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # A new item changes the agenda a reorder was based on (see agenda_item_move).
        Meeting.objects.filter(pk=meeting.pk).update(agenda_version=F("agenda_version") + 1)
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title.strip(),
                                         presenter=presenter.strip(), planned_minutes=planned_minutes,
                                         is_confidential=is_confidential, live_report=live_report)
        _refresh_search(meeting)
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.agenda_add", target=meeting,
                     summary=_("Thêm nội dung chương trình: %(t)s") % {"t": _item_label(item)},
                     after={"item": item.pk, "title": _item_label(item), "confidential": is_confidential})
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
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.document_upload", target=meeting,
                     summary=_("Tải lên tài liệu “%(t)s”") % {"t": _document_label(document)},
                     after={"document": document.pk, "sha256": stored.sha256, "confidential": document.confidential})
    return document


@dataclass
class Download:
    content: bytes
    filename: str
    content_type: str
    watermarked: bool


def document_download(*, actor: User, document: MeetingDocument, access: Access) -> Download:
    """The document's bytes for this person, logged; a confidential file stamped with their name and
    the time (PDF, .docx, .xlsx, PNG, JPEG: see watermark.py). A confidential file of any other type
    cannot carry the stamp and is not served at all: the secretary uploads a PDF of it."""
    from .watermark import WatermarkUnsupported, watermark

    path = file_path(document.stored_name)
    if not path.exists():
        raise ValidationError(_("Không tìm thấy tệp của tài liệu."))
    content = path.read_bytes()
    watermarked = False
    now = timezone.localtime()
    if document.confidential:
        label = f"{actor.full_name or actor.username} – {now:%d/%m/%Y %H:%M:%S}"
        try:
            content = watermark(content, document.content_type, label)
        except WatermarkUnsupported as exc:
            raise ValidationError(_("Tài liệu mật loại này không đóng dấu người xem được nên không tải về; "
                                    "đề nghị thư ký phiên họp tải lên bản PDF.")) from exc
        except Exception as exc:  # a damaged file must not be served unstamped
            raise ValidationError(_("Không đóng dấu được tài liệu mật này (tệp hỏng?); không tải về.")) from exc
        watermarked = True
    with transaction.atomic():
        DocumentDownload.objects.create(document=document, user=actor, watermarked=watermarked)
        if document.confidential:
            audit_record(actor=actor, action="meeting.document_download", target=access.meeting,
                         summary=_("Tải tài liệu mật “%(t)s”") % {"t": _document_label(document)},
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
        live.live_bump(item.meeting)
        audit_record(actor=actor, action="meeting.opinion", target=item.meeting,
                     summary=_("Góp ý về “%(t)s”") % {"t": _item_label(item)}, after={"item": item.pk})
    return opinion


# --- at the meeting ------------------------------------------------------------------------------


def meeting_item_set(*, actor: User | None, meeting: Meeting, item: AgendaItem | None) -> Meeting:
    """The chair moves the meeting to an agenda item; every participant's screen follows."""
    _require_runner(_access(actor, meeting))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Nội dung không thuộc phiên họp này."))
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("Phiên họp đã hủy."))
    if meeting.state == MeetingState.SCHEDULED:
        raise ValidationError(_("Phiên họp chưa bắt đầu: hãy bấm “Bắt đầu phiên họp” trước."), code="not_started")
    with transaction.atomic():
        before = {"item": meeting.current_item_id, "state": meeting.state}
        meeting.current_item = item
        meeting.save(update_fields=["current_item"])
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.item", target=meeting,
                     summary=_("Chuyển sang nội dung: %(t)s") % {"t": _item_label(item)},
                     before=before, after={"item": meeting.current_item_id, "state": meeting.state})
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
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.close", target=meeting, summary=_("Kết thúc phiên họp"),
                     after={"state": meeting.state})
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
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.checkin", target=meeting,
                     summary=_("Điểm danh: %(p)s") % {"p": invitation.attendee}, after={"invitation": invitation.pk})
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
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.speak_request", target=meeting, summary=_("Đăng ký phát biểu"))
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
        live.live_bump(meeting)
        audit_record(actor=actor, action=f"meeting.speak_{action}", target=meeting,
                     summary=_("Danh sách phát biểu: %(a)s") % {"a": action}, after={"request": request.pk})
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
        try:
            VoteTally.objects.bulk_create([
                VoteTally(vote=vote, choice=c,
                          sealed=seal.seal_count(vote_id=vote.pk, choice=c, count=0) if is_secret else "")
                for c in cleaned])
        except seal.SealError as exc:
            raise ValidationError(_("Không tạo được biểu quyết kín: không đọc được khóa phiếu kín "
                                    "(CHIDAO_BALLOT_KEY hoặc tệp ballot.key). Hãy báo quản trị hệ thống.")) from exc
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.vote_create", target=meeting,
                     summary=_("Tạo biểu quyết: %(q)s") % {"q": _vote_label(vote)},
                     after={"vote": vote.pk, "secret": is_secret, "options": cleaned})
    return vote


def vote_open(*, actor: User | None, vote: Vote, confirm_without_quorum: bool = False) -> Vote:
    """Open a vote. Without a quorum the chair is warned first; going on is their call, and it is
    written in the audit log and the minutes."""
    from .selectors import quorum_get

    meeting = vote.meeting
    _require_runner(_access(actor, meeting))
    if vote.state != VoteState.DRAFT:
        raise ValidationError(_("Biểu quyết này đã được mở trước đó."))
    if meeting.state in {MeetingState.CLOSED, MeetingState.CANCELLED}:
        raise ValidationError(_("Phiên họp đã kết thúc hoặc đã hủy."))
    if meeting.votes.filter(state=VoteState.OPEN).exists():
        raise ValidationError(_("Đang có một biểu quyết khác mở; hãy kết thúc trước."))
    quorum = quorum_get(meeting=meeting)
    if not quorum.reached and not confirm_without_quorum:
        raise ValidationError(
            _("Chưa đủ túc số: %(p)s/%(m)s thành viên có mặt (cần hơn %(t)s%%). Chủ trì vẫn có thể mở biểu quyết; "
              "việc này được ghi vào nhật ký và biên bản.") % {"p": quorum.present, "m": quorum.members,
                                                               "t": meeting.quorum_percent},
            code="no_quorum")
    with transaction.atomic():
        vote.state = VoteState.OPEN
        vote.opened_at = timezone.now()
        vote.opened_without_quorum = "" if quorum.reached else f"{quorum.present}/{quorum.members}"
        vote.save(update_fields=["state", "opened_at", "opened_without_quorum"])
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.vote_open", target=meeting,
                     summary=(_("Mở biểu quyết: %(q)s") % {"q": _vote_label(vote)} if quorum.reached else
                              _("Mở biểu quyết khi chưa đủ túc số (%(a)s): %(q)s")
                              % {"q": _vote_label(vote), "a": vote.opened_without_quorum}),
                     after={"vote": vote.pk, "present": quorum.present, "members": quorum.members,
                            "quorum": quorum.reached})
    return vote


def vote_close(*, actor: User | None, vote: Vote) -> Vote:
    """Close a vote. A secret vote's audit event is the only one it gets: who took part and the
    totals, once, at the close (no event per ballot, so the log cannot be lined up with the tally)."""
    meeting = vote.meeting
    _require_runner(_access(actor, meeting))
    with transaction.atomic():
        # The row lock and the re-read make a close and a ballot (or a second close) strictly ordered.
        current = Vote.objects.select_for_update().get(pk=vote.pk)
        if current.state != VoteState.OPEN:
            raise ValidationError(_("Biểu quyết không ở trạng thái đang mở."))
        tallies = list(current.tallies.order_by("id"))
        if current.is_secret:
            # Unseal before writing anything: a lost key leaves the vote open and unchanged.
            for tally in tallies:
                tally.count = _tally_unseal(current, tally, closing=True)
                tally.sealed = ""
            VoteTally.objects.bulk_update(tallies, ["count", "sealed"])
        current.state = VoteState.CLOSED
        current.closed_at = timezone.now()
        current.save(update_fields=["state", "closed_at"])
        counts = {t.choice: t.count for t in tallies}
        after: dict[str, object] = {"vote": current.pk, "counts": counts}
        if current.is_secret:
            # Sorted by name, not by the order of voting, which the participation ids would give.
            after["participants"] = sorted(
                str(p.invitation.attendee) for p in
                current.participations.select_related("invitation__invitee", "invitation__delegate")
            )
        live.live_bump(meeting)
        audit_record(actor=actor, action="meeting.vote_close", target=meeting,
                     summary=_("Kết thúc biểu quyết: %(q)s") % {"q": _vote_label(current)}, after=after)
    vote.state, vote.closed_at = current.state, current.closed_at
    return vote


def _tally_unseal(vote: Vote, tally: VoteTally, *, closing: bool) -> int:
    if not tally.sealed:
        return tally.count  # a secret vote opened before tallies were sealed
    try:
        return seal.unseal_count(vote_id=vote.pk, choice=tally.choice, token=tally.sealed)
    except seal.SealError as exc:
        seal.ballot_key_forget()  # re-read the key file next time, once an operator has restored it
        if closing:
            raise ValidationError(
                _("Không mở được kết quả biểu quyết kín: khóa phiếu kín (tệp ballot.key hoặc CHIDAO_BALLOT_KEY) "
                  "đã mất hoặc bị thay đổi. Biểu quyết vẫn đang mở; hãy khôi phục khóa từ bản sao lưu rồi "
                  "kết thúc lại.")) from exc
        raise ValidationError(
            _("Không ghi được phiếu kín: khóa phiếu kín đã mất hoặc bị thay đổi. Hãy báo quản trị hệ thống.")) from exc


def ballot_cast(*, actor: User, vote: Vote, choice: str) -> None:
    """One ballot per seat while the vote is open.

    Open vote: a `Ballot` row with the voter, and an audit event with the choice. Secret vote: the
    participation row (who, never when) and a +1 on the chosen option's sealed count, written by one
    UPDATE that re-encrypts every option's row of the vote (+0 on the others; meetings/seal.py), so
    the values read before and after a ballot all change alike. On PostgreSQL all tally rows of
    the vote carry the same `xmin` — that of the last ballot — and the transaction id shared with
    the participation row says nothing about which option moved; no audit event per secret ballot
    (the close records the participants and the totals, once); the counts stay sealed on every
    page until the close. See models.Vote for why there is no anonymous ballot row either.
    """
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
            if current.is_secret:
                # Every option gets fresh ciphertext of the same length, so a before/after read of
                # the rows cannot tell which one moved; one UPDATE, so one transaction id for all.
                tallies = list(VoteTally.objects.filter(vote=current).order_by("id"))
                for tally in tallies:
                    n = _tally_unseal(current, tally, closing=False) + (1 if tally.choice == choice else 0)
                    # The key was just read to unseal: sealing with it again cannot fail on the key.
                    tally.sealed = seal.seal_count(vote_id=current.pk, choice=tally.choice, count=n)
                    tally.count = 0
                VoteTally.objects.bulk_update(tallies, ["sealed", "count"])
                live.live_bump(meeting)
            else:
                VoteTally.objects.filter(vote=current, choice=choice).update(count=F("count") + 1)
                Ballot.objects.create(vote=current, invitation=seat, voter=actor, choice=choice)
                live.live_bump(meeting)
                audit_record(actor=actor, action="meeting.ballot", target=meeting,
                             summary=_("Biểu quyết: %(q)s") % {"q": _vote_label(current)},
                             after={"vote": current.pk, "choice": choice})
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


ConfirmedTask = directive_services.ConfirmedTask  # one definition, shared with the directive page


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
    errors = directive_services.confirmed_tasks_errors(directive=None, tasks=tasks, issued_on=issued_on)
    if errors:
        raise ValidationError({"tasks": errors})
    with transaction.atomic():
        directive = directive_services.directive_create(
            actor=actor, code=code, kind=DirectiveKind.CONCLUSION, title=title, issuer=_("Ban Chỉ đạo"),
            issued_on=issued_on, parent=parent,
        )
        directive_services.confirmed_tasks_create(actor=actor, directive=directive, tasks=tasks,
                                                  assigned_on=issued_on, code_prefix="KL.")
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
