"""Every write of the handbook's people: cells, profiles, corrections, cell meetings, questions.

Who may do what (checked here, per object):
- the organisation office (the standing office's `secretariat` and `admin`) creates cells and
  profiles, imports members, decides corrections, answers questions sent to the committee;
- a cell's secretary decides corrections of their cell's members, holds the cell's meetings and
  answers questions sent to the cell;
- a member asks for corrections of their own profile and sends questions.
Every change and every view of someone else's profile writes an audit event.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.orgs.models import OrgUnit, Role, User

from . import rules
from .models import (
    Cell,
    CellMeeting,
    CorrectionState,
    DeviceSubmission,
    MemberProfile,
    MemberQuestion,
    ProfileCorrection,
    QuestionKind,
    Sex,
)

OFFICE_ROLES = {Role.SECRETARIAT, Role.ADMIN}

# Fields a member may ask to correct, with their labels.
CORRECTABLE_FIELDS = {
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "sex": "Giới tính",
    "admitted_on": "Ngày vào Đảng",
    "official_on": "Ngày chính thức",
    "card_number": "Số thẻ đảng viên",
    "citizen_id": "Số CCCD",
    "phone": "Điện thoại",
    "position": "Chức vụ",
}
DATE_FIELDS = {"date_of_birth", "admitted_on", "official_on"}


def is_office(user: User | None) -> bool:
    return user is not None and user.is_active and user.role in OFFICE_ROLES


def is_cell_secretary(user: User, cell_id: int | None) -> bool:
    return cell_id is not None and Cell.objects.filter(pk=cell_id, secretary=user, active=True).exists()


def answer_days() -> int:
    return int(getattr(settings, "CHIDAO_QUESTION_ANSWER_DAYS", 10))


def _require_office(actor: User | None) -> None:
    if actor is not None and not is_office(actor):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực (bộ phận tổ chức) mới được làm việc này."))


# --- cells --------------------------------------------------------------------------------------


def cell_create(*, actor: User | None, name: str, unit: OrgUnit, secretary: User | None = None) -> Cell:
    _require_office(actor)
    if not name.strip():
        raise ValidationError({"name": _("Chi bộ phải có tên.")})
    if Cell.objects.filter(unit=unit, name__iexact=name.strip(), active=True).exists():
        raise ValidationError({"name": _("Đơn vị đã có chi bộ “%(n)s”.") % {"n": name.strip()}})
    with transaction.atomic():
        cell = Cell.objects.create(name=name.strip(), unit=unit, secretary=secretary)
        audit_record(actor=actor, action="cell.create", target=cell, summary=_("Lập chi bộ “%(n)s”") % {"n": cell.name},
                     after={"name": cell.name, "unit": unit.pk, "secretary": getattr(secretary, "pk", None)})
    return cell


def cell_secretary_set(*, actor: User | None, cell: Cell, secretary: User | None) -> Cell:
    _require_office(actor)
    with transaction.atomic():
        before = {"secretary": cell.secretary_id}
        cell.secretary = secretary
        cell.save(update_fields=["secretary"])
        audit_record(actor=actor, action="cell.secretary", target=cell, summary=_("Đổi bí thư chi bộ"),
                     before=before, after={"secretary": getattr(secretary, "pk", None)})
    return cell


def member_cell_set(*, actor: User | None, profile: MemberProfile, cell: Cell | None) -> MemberProfile:
    """Put a member in a cell. A member is active in one cell only: a second is refused, the
    member must leave the first (cell=None) before joining another."""
    _require_office(actor)
    if cell is not None and profile.cell_id is not None and profile.cell_id != cell.pk:
        raise ValidationError({"cell": _(
            "Đảng viên %(p)s đang sinh hoạt tại %(c)s; mỗi đảng viên chỉ sinh hoạt ở một chi bộ. "
            "Hãy chuyển sinh hoạt khỏi chi bộ cũ trước.") % {"p": profile.full_name, "c": profile.cell}})
    if cell is not None and not cell.active:
        raise ValidationError({"cell": _("Chi bộ “%(c)s” không còn hoạt động.") % {"c": cell}})
    if profile.cell_id == getattr(cell, "pk", None):
        return profile
    with transaction.atomic():
        before = {"cell": profile.cell_id}
        profile.cell = cell
        profile.save(update_fields=["cell", "updated_at"])
        audit_record(actor=actor, action="member.cell", target=profile,
                     summary=_("Chuyển sinh hoạt chi bộ") if cell is None else _("Sinh hoạt tại %(c)s") % {"c": cell},
                     before=before, after={"cell": getattr(cell, "pk", None)})
    return profile


# --- profiles -----------------------------------------------------------------------------------


def profile_errors(
    *, full_name: str, date_of_birth: dt.date | None, sex: str, admitted_on: dt.date | None,
    official_on: dt.date | None, card_number: str, citizen_id: str, phone: str, exclude_pk: int | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Every problem of a profile's values, by field (Vietnamese). Empty when they are valid."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not full_name.strip():
        errors["full_name"] = _("Hãy nhập họ và tên.")
    if date_of_birth is None:
        errors["date_of_birth"] = _("Hãy nhập ngày sinh (dd/mm/yyyy).")
    elif date_of_birth > today:
        errors["date_of_birth"] = _("Ngày sinh không thể sau hôm nay.")
    if sex not in Sex.values:
        errors["sex"] = _("Giới tính phải là Nam hoặc Nữ.")
    if admitted_on is None:
        errors["admitted_on"] = _("Hãy nhập ngày vào Đảng (dd/mm/yyyy).")
    elif admitted_on > today:
        errors["admitted_on"] = _("Ngày vào Đảng không thể sau hôm nay.")
    elif date_of_birth and admitted_on < date_of_birth:
        errors["admitted_on"] = _("Ngày vào Đảng không thể trước ngày sinh.")
    if official_on is not None and admitted_on is not None and official_on < admitted_on:
        errors["official_on"] = _("Ngày chính thức không thể trước ngày vào Đảng.")
    card = card_number.strip()
    if not card:
        errors["card_number"] = _("Hãy nhập số thẻ đảng viên.")
    elif MemberProfile.objects.filter(card_number=card).exclude(pk=exclude_pk).exists():
        errors["card_number"] = _("Số thẻ đảng viên %(c)s đã có trong hệ thống (trùng với hồ sơ khác).") % {"c": card}
    problem = rules.citizen_id_problem(citizen_id.strip())
    if problem:
        errors["citizen_id"] = problem
    problem = rules.phone_problem(phone.strip())
    if problem:
        errors["phone"] = problem
    return errors


def _profile_snapshot(profile: MemberProfile) -> dict[str, Any]:
    # Citizen ID and phone go to the audit log masked: the log is read by more people than the profile.
    return {"full_name": profile.full_name, "card_number": profile.card_number, "cell": profile.cell_id,
            "citizen_id": rules.mask(profile.citizen_id), "phone": rules.mask(profile.phone),
            "unit": profile.unit_id}


def _member_account(*, full_name: str, card_number: str, unit: OrgUnit | None) -> User:
    """A party_member account for an imported member; no usable password until the office sets one."""
    username = f"dv{card_number.strip()}".lower()[:150]
    return User(username=username, full_name=full_name.strip(), role=Role.PARTY_MEMBER, unit=None,
                password="!" + secrets.token_urlsafe(20))


def member_create(
    *,
    actor: User | None,
    full_name: str,
    date_of_birth: dt.date | None,
    sex: str,
    admitted_on: dt.date | None,
    card_number: str,
    citizen_id: str,
    official_on: dt.date | None = None,
    phone: str = "",
    position: str = "",
    unit: OrgUnit | None = None,
    cell: Cell | None = None,
    user: User | None = None,
    email: str = "",
) -> MemberProfile:
    """A member's profile, with a `party_member` account when `user` is not given (its e-mail `email`,
    so the member can be sent a password-set link: `member_password_invite`)."""
    _require_office(actor)
    errors = profile_errors(full_name=full_name, date_of_birth=date_of_birth, sex=sex, admitted_on=admitted_on,
                            official_on=official_on, card_number=card_number, citizen_id=citizen_id, phone=phone)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    if user is not None and MemberProfile.objects.filter(user=user).exists():
        errors["user"] = _("Tài khoản %(u)s đã có hồ sơ đảng viên.") % {"u": user}
    if cell is not None and not cell.active:
        errors["cell"] = _("Chi bộ “%(c)s” không còn hoạt động.") % {"c": cell}
    account_taken = User.objects.filter(username=f"dv{card_number.strip()}".lower()).exists()
    if user is None and "card_number" not in errors and account_taken:
        errors["card_number"] = _("Đã có tài khoản ứng với số thẻ %(c)s.") % {"c": card_number.strip()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if user is None:
            user = _member_account(full_name=full_name, card_number=card_number, unit=unit)
            user.email = email
            user.save()
        profile = MemberProfile.objects.create(
            user=user, full_name=full_name.strip(), date_of_birth=date_of_birth, sex=sex, admitted_on=admitted_on,
            official_on=official_on, card_number=card_number.strip(), citizen_id=citizen_id.strip(),
            phone=phone.strip(), position=position.strip(), unit=unit or (cell.unit if cell else None), cell=cell,
        )
        audit_record(actor=actor, action="member.create", target=profile, summary=_("Tạo hồ sơ đảng viên"),
                     after=_profile_snapshot(profile))
    return profile


def member_password_invite(*, actor: User, profile: MemberProfile, domain: str, secure: bool) -> None:
    """Send the member a one-time link to set their own password, through the accounts app's reset
    flow (its token, its confirm page, its audited form): the office never knows the password."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from chidao.accounts.forms import AuditedPasswordResetForm

    _require_office(actor)
    user = profile.user
    if not user.is_active:
        raise ValidationError(_("Tài khoản %(u)s đã bị khóa.") % {"u": user.username})
    if not user.email:
        raise ValidationError(_("Tài khoản %(u)s chưa có địa chỉ thư điện tử.") % {"u": user.username})
    context = {"email": user.email, "domain": domain, "site_name": "Chỉ Đạo", "user": user,
               "username": user.username, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
               "token": default_token_generator.make_token(user), "protocol": "https" if secure else "http"}
    AuditedPasswordResetForm().send_mail("accounts/email/password_reset_subject.txt",
                                         "accounts/email/password_reset.txt", context, None, user.email)
    with transaction.atomic():
        audit_record(actor=actor, action="member.password_invite", target=profile,
                     summary=_("Gửi thư đặt mật khẩu cho %(p)s") % {"p": profile.full_name})


def profile_view_record(*, actor: User, profile: MemberProfile) -> None:
    """Every view of someone else's profile is audited (Regulation 339-QĐ/TW; DESIGN §8)."""
    if profile.user_id == actor.pk:
        return
    with transaction.atomic():
        audit_record(actor=actor, action="member.profile_view", target=profile,
                     summary=_("Xem hồ sơ đảng viên %(p)s") % {"p": profile.full_name})


# --- corrections --------------------------------------------------------------------------------


def _parse_value(field: str, raw: str) -> Any:
    value = raw.strip()
    if field in DATE_FIELDS:
        if not value and field == "official_on":
            return None
        for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise ValidationError({"new_value": _("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")})
    if field == "sex":
        key = value.lower()
        mapping = {"nam": Sex.MALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE, Sex.MALE: Sex.MALE, Sex.FEMALE: Sex.FEMALE}
        if key not in mapping:
            raise ValidationError({"new_value": _("Giới tính phải là Nam hoặc Nữ.")})
        return mapping[key]
    return value


def _validate_change(profile: MemberProfile, field: str, value: Any) -> None:
    values = {f: getattr(profile, f) for f in CORRECTABLE_FIELDS}
    values[field] = value
    errors = profile_errors(exclude_pk=profile.pk, **{k: v for k, v in values.items() if k != "position"})
    if field in errors:
        raise ValidationError({"new_value": errors[field]})
    if errors:  # the change would break another field's rule (a date order)
        raise ValidationError({"new_value": " ".join(errors.values())})


def _display(field: str, value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if field == "sex":
        return str(Sex(value).label) if value in Sex.values else str(value)
    return "" if value is None else str(value)


def correction_deciders(profile: MemberProfile) -> list[User]:
    """The cell's secretary, else the organisation office."""
    if profile.cell_id and profile.cell and profile.cell.secretary_id and profile.cell.secretary.is_active:
        if profile.cell.secretary_id != profile.user_id:
            return [profile.cell.secretary]
    return list(User.objects.filter(role__in=list(OFFICE_ROLES), is_active=True).order_by("id")[:20])


def correction_request(
    *, actor: User, profile: MemberProfile, field: str, new_value: str, note: str = "",
) -> ProfileCorrection:
    """A member asks to correct one field of their own profile."""
    if profile.user_id != actor.pk:
        raise PermissionDenied(_("Chỉ đảng viên mới đề nghị sửa hồ sơ của chính mình."))
    if field not in CORRECTABLE_FIELDS:
        raise ValidationError({"field": _("Hãy chọn thông tin cần sửa.")})
    value = _parse_value(field, new_value)
    if value == getattr(profile, field):
        raise ValidationError({"new_value": _("Giá trị đề nghị giống giá trị hiện có.")})
    _validate_change(profile, field, value)
    if profile.corrections.filter(field=field, state=CorrectionState.PENDING).exists():
        raise ValidationError({"field": _("Đã có một đề nghị sửa “%(f)s” đang chờ xử lý.")
                               % {"f": CORRECTABLE_FIELDS[field]}})
    from chidao.notifications.models import NotificationKind
    from chidao.notifications.services import notify

    with transaction.atomic():
        correction = ProfileCorrection.objects.create(
            profile=profile, field=field, old_value=_display(field, getattr(profile, field)),
            new_value=_display(field, value), note=note.strip(), requested_by=actor)
        masked = field in {"citizen_id", "phone"}
        audit_record(actor=actor, action="member.correction_request", target=profile,
                     summary=_("Đề nghị sửa “%(f)s”") % {"f": CORRECTABLE_FIELDS[field]},
                     after={"field": field, "new_value": rules.mask(correction.new_value) if masked
                            else correction.new_value})
        notify(recipients=correction_deciders(profile), kind=NotificationKind.PROFILE_CORRECTION,
               subject=f"correction:{correction.pk}", title=_("Đề nghị sửa hồ sơ: %(p)s") % {"p": profile.full_name},
               body=CORRECTABLE_FIELDS[field], url=reverse("members:correction_list"))
    return correction


def can_decide_correction(user: User, correction: ProfileCorrection) -> bool:
    if correction.profile.user_id == user.pk:
        return False  # nobody decides their own request
    return is_office(user) or is_cell_secretary(user, correction.profile.cell_id)


def correction_decide(
    *, actor: User, correction: ProfileCorrection, approve: bool, reason: str,
) -> ProfileCorrection:
    if not can_decide_correction(actor, correction):
        raise PermissionDenied(_("Chỉ bí thư chi bộ hoặc bộ phận tổ chức mới quyết định đề nghị này."))
    if correction.state != CorrectionState.PENDING:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do quyết định.")})
    profile = correction.profile
    from chidao.notifications.models import NotificationKind
    from chidao.notifications.services import notify

    with transaction.atomic():
        profile = MemberProfile.objects.select_for_update().get(pk=profile.pk)
        before = _profile_snapshot(profile)
        if approve:
            value = _parse_value(correction.field, correction.new_value)
            _validate_change(profile, correction.field, value)
            setattr(profile, correction.field, value)
            profile.save()
        correction.state = CorrectionState.APPROVED if approve else CorrectionState.REJECTED
        correction.decided_by = actor
        correction.decided_at = timezone.now()
        correction.decision_reason = reason.strip()
        correction.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        audit_record(actor=actor, action="member.correction_decide", target=profile,
                     summary=(_("Chấp nhận đề nghị sửa “%(f)s”") if approve
                              else _("Không chấp nhận đề nghị sửa “%(f)s”"))
                     % {"f": CORRECTABLE_FIELDS[correction.field]},
                     before=before, after={**_profile_snapshot(profile), "reason": correction.decision_reason})
        notify(recipients=[profile.user], kind=NotificationKind.PROFILE_CORRECTION,
               subject=f"correction:{correction.pk}", occurrence="decided",
               title=_("Đề nghị sửa hồ sơ đã được xử lý: %(s)s") % {"s": correction.get_state_display()},
               body=correction.decision_reason, url=reverse("members:my_profile"))
    return correction


# --- cell meetings ------------------------------------------------------------------------------


def can_hold_cell_meeting(user: User, cell: Cell) -> bool:
    return is_office(user) or (cell.secretary_id == user.pk and cell.active)


def cell_meeting_create(
    *,
    actor: User,
    cell: Cell,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    secretary: User | None,
    monthly: bool = True,
) -> CellMeeting:
    """A monthly or thematic cell meeting in the meeting room: chaired by the cell's secretary,
    minuted by a member of the cell, every member of the cell invited."""
    from chidao.meetings import services as meeting_services
    from chidao.meetings.models import MeetingKind

    if not can_hold_cell_meeting(actor, cell):
        raise PermissionDenied(_("Chỉ bí thư chi bộ hoặc Cơ quan thường trực mới triệu tập sinh hoạt chi bộ."))
    if cell.secretary_id is None:
        raise ValidationError(_("Chi bộ chưa có bí thư để chủ trì sinh hoạt."))
    member_users = list(User.objects.filter(member_profile__cell=cell, is_active=True).order_by("id"))
    if secretary is None or secretary.pk not in {u.pk for u in member_users} or secretary.pk == cell.secretary_id:
        raise ValidationError({"secretary": _("Thư ký phải là một đảng viên khác của chi bộ.")})
    with transaction.atomic():
        # The meeting room's own checks (title, times, place) run as the system: the cell secretary is
        # not the standing office, and their right to convene was checked above.
        meeting = meeting_services.meeting_create(
            actor=None, title=title, kind=MeetingKind.UNIT if monthly else MeetingKind.THEMATIC,
            starts_at=starts_at, ends_at=ends_at, chair=cell.secretary, secretary=secretary, place=place)
        invitees = [u for u in member_users if u.pk != cell.secretary_id] + [cell.secretary]
        meeting_services.meeting_invite(actor=None, meeting=meeting, people=invitees)
        link = CellMeeting.objects.create(meeting=meeting, cell=cell, monthly=monthly)
        audit_record(actor=actor, action="cell.meeting", target=cell,
                     summary=_("Triệu tập sinh hoạt chi bộ “%(t)s”") % {"t": meeting.title},
                     after={"meeting": meeting.pk, "invited": len(invitees), "monthly": monthly})
    return link


# --- questions ----------------------------------------------------------------------------------


def device_once(*, user: User, key: str, kind: str, create: Callable[[], Any]) -> tuple[Any, bool]:
    """Run `create` once per device key: a second call with the same key returns (id, False).

    The key is made on the device; the unique constraint on `DeviceSubmission.key` makes a draft
    sent twice (a retry after a lost answer, two tabs) stored once, even when both arrive together.
    """
    key = (key or "").strip()
    if not key:
        return create(), True
    if len(key) > 64 or not all(c.isalnum() or c in "-_" for c in key):
        raise ValidationError(_("Mã bản nháp trên thiết bị không hợp lệ."))
    existing = DeviceSubmission.objects.filter(key=key).first()
    if existing is not None:
        if existing.user_id != user.pk or existing.kind != kind:
            raise ValidationError(_("Mã bản nháp trên thiết bị đã được dùng cho nội dung khác."))
        return existing.object_id, False
    try:
        with transaction.atomic():
            claim = DeviceSubmission.objects.create(key=key, user=user, kind=kind)
            obj = create()
            claim.object_id = obj.pk
            claim.save(update_fields=["object_id"])
    except IntegrityError:
        existing = DeviceSubmission.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing.object_id, False
    return obj, True


def question_answerers(question: MemberQuestion) -> list[User]:
    if question.cell_id:
        return [question.cell.secretary] if question.cell and question.cell.secretary_id else []
    return list(User.objects.filter(role__in=list(OFFICE_ROLES), is_active=True).order_by("id")[:20])


def question_ask(
    *,
    actor: User,
    subject: str,
    body: str,
    kind: str = QuestionKind.QUESTION,
    to_cell: bool = False,
    document_ref: str = "",
    document: Any = None,
    today: dt.date | None = None,
) -> MemberQuestion:
    """A member's question or opinion, to their cell or to the committee, due in N days."""
    today = today or timezone.localdate()
    profile = MemberProfile.objects.select_related("cell").filter(user=actor).first()
    if profile is None:
        raise PermissionDenied(_("Chỉ đảng viên có hồ sơ mới gửi câu hỏi, góp ý."))
    errors: dict[str, str] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = _("Hãy chọn câu hỏi hoặc góp ý.")
    if not subject.strip():
        errors["subject"] = _("Hãy nhập tiêu đề.")
    elif len(subject.strip()) > 255:
        errors["subject"] = _("Tiêu đề dài quá 255 ký tự.")
    if not body.strip():
        errors["body"] = _("Hãy nhập nội dung.")
    elif len(body) > 10000:
        errors["body"] = _("Nội dung dài quá 10.000 ký tự.")
    if to_cell and (profile.cell is None or profile.cell.secretary_id is None):
        errors["to_cell"] = _("Bạn chưa sinh hoạt ở chi bộ nào có bí thư; hãy gửi Ban Chỉ đạo.")
    if len(document_ref) > 255:
        errors["document_ref"] = _("Tên văn bản dài quá 255 ký tự.")
    if errors:
        raise ValidationError(errors)
    from chidao.notifications.models import NotificationKind
    from chidao.notifications.services import notify

    with transaction.atomic():
        reference = document_ref.strip() or (document.code if document is not None else "")
        question = MemberQuestion.objects.create(
            author=actor, kind=kind, cell=profile.cell if to_cell else None, subject=subject.strip(),
            body=body.strip(), document=document, document_ref=reference,
            due_on=today + dt.timedelta(days=answer_days()))
        audit_record(actor=actor, action="question.ask", target=question,
                     summary=_("Gửi %(k)s") % {"k": question.get_kind_display().lower()},
                     after={"cell": question.cell_id, "due_on": question.due_on})
        notify(recipients=question_answerers(question), kind=NotificationKind.MEMBER_QUESTION,
               subject=f"question:{question.pk}", title=_("%(k)s của đảng viên: %(s)s")
               % {"k": question.get_kind_display(), "s": question.subject},
               body=_("Hạn trả lời: %(d)s") % {"d": question.due_on.strftime("%d/%m/%Y")},
               url=reverse("members:question_detail", args=[question.pk]))
    return question


def can_answer(user: User, question: MemberQuestion) -> bool:
    if question.author_id == user.pk:
        return False
    if question.cell_id:
        return question.cell is not None and question.cell.secretary_id == user.pk
    return is_office(user)


def question_answer(
    *, actor: User, question: MemberQuestion, answer: str, today: dt.date | None = None,
) -> MemberQuestion:
    if not can_answer(actor, question):
        raise PermissionDenied(_("Chỉ bí thư chi bộ (câu hỏi gửi chi bộ) hoặc Cơ quan thường trực "
                                 "(câu hỏi gửi Ban Chỉ đạo) mới trả lời."))
    if question.answered_on is not None:
        raise ValidationError(_("Câu hỏi đã được trả lời."))
    if not answer.strip():
        raise ValidationError({"answer": _("Hãy nhập nội dung trả lời.")})
    from chidao.notifications.models import NotificationKind
    from chidao.notifications.services import notify

    with transaction.atomic():
        question.answer = answer.strip()
        question.answered_by = actor
        question.answered_on = today or timezone.localdate()
        question.save(update_fields=["answer", "answered_by", "answered_on"])
        audit_record(actor=actor, action="question.answer", target=question, summary=_("Trả lời câu hỏi, góp ý"),
                     after={"answered_on": question.answered_on})
        notify(recipients=[question.author], kind=NotificationKind.MEMBER_QUESTION,
               subject=f"question:{question.pk}", occurrence="answered",
               title=_("Đã có trả lời: %(s)s") % {"s": question.subject},
               url=reverse("members:question_detail", args=[question.pk]))
    return question


# --- import -------------------------------------------------------------------------------------


def members_import(*, actor: User, rows: Sequence[dict[str, Any]]) -> list[MemberProfile]:
    """Create every previewed member, or none: the rows are validated again inside one transaction."""
    _require_office(actor)
    if not rows:
        raise ValidationError(_("Không có đảng viên nào để nhập."))
    cards = [r["card_number"] for r in rows]
    if len(set(cards)) != len(cards):
        raise ValidationError(_("Tệp có số thẻ đảng viên trùng nhau."))
    with transaction.atomic():
        return [member_create(actor=actor, **row) for row in rows]
