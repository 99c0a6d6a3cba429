"""The handbook's rules through the services: identity numbers, one cell, corrections, questions,
cell meetings and attendance, a draft sent twice stored once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chidao.audit.models import AuditEvent
from chidao.members import rules, selectors, services
from chidao.members.models import CorrectionState, DeviceSubmission, MemberProfile, MemberQuestion
from chidao.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _profile_kwargs(**kw: Any) -> dict[str, Any]:
    base = {"full_name": "Hồ Văn Mới", "date_of_birth": dt.date(1990, 1, 2), "sex": "male",
            "admitted_on": dt.date(2015, 2, 3), "card_number": "12345678", "citizen_id": "048090001234"}
    base.update(kw)
    return base


@pytest.mark.parametrize("citizen_id, message", [
    ("04809000123", "đúng 12 chữ số"),
    ("0480900012345", "đúng 12 chữ số"),
    ("04809000123A", "chỉ gồm chữ số"),
    ("０４８０９０００１２３４", "chỉ gồm chữ số"),  # full-width digits are digits to Python, not to a form
    ("", "Hãy nhập số CCCD"),
])
def test_citizen_id_must_be_twelve_digits(secretariat: Any, citizen_id: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=secretariat, **_profile_kwargs(citizen_id=citizen_id))
    assert message in exc.value.message_dict["citizen_id"][0]
    assert not MemberProfile.objects.exists()


def test_duplicate_card_number_refused(secretariat: Any) -> None:
    services.member_create(actor=secretariat, **_profile_kwargs())
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=secretariat, **_profile_kwargs(full_name="Người Khác",
                                                                    citizen_id="048090009999"))
    assert "đã có trong hệ thống" in exc.value.message_dict["card_number"][0]
    assert MemberProfile.objects.count() == 1


def test_only_the_office_creates_profiles(head_a: Any, member: Any) -> None:
    for actor in (head_a, member):
        with pytest.raises(PermissionDenied):
            services.member_create(actor=actor, **_profile_kwargs())


def test_member_created_without_account_gets_a_party_member_account(secretariat: Any, cell_a: Any) -> None:
    profile = services.member_create(actor=secretariat, cell=cell_a, **_profile_kwargs())
    assert profile.user.role == "party_member"
    assert not profile.user.has_usable_password()
    assert profile.unit == cell_a.unit
    event = AuditEvent.objects.filter(action="member.create").latest("seq")
    assert "048090001234" not in str(event.after)  # the log keeps the citizen ID masked


def test_a_member_is_in_one_cell_only(secretariat: Any, member_a: Any, cell_b: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.member_cell_set(actor=secretariat, profile=member_a, cell=cell_b)
    assert "chỉ sinh hoạt ở một chi bộ" in exc.value.message_dict["cell"][0]
    member_a.refresh_from_db()
    assert member_a.cell.name == "Chi bộ Sở Khoa học và Công nghệ"
    services.member_cell_set(actor=secretariat, profile=member_a, cell=None)
    services.member_cell_set(actor=secretariat, profile=member_a, cell=cell_b)
    member_a.refresh_from_db()
    assert member_a.cell_id == cell_b.pk


def test_mask_keeps_last_three() -> None:
    assert rules.mask("000123456789") == "•••••••••789"
    assert rules.mask("0905111222") == "•••••••222"
    assert rules.mask("") == ""


# --- who sees what ------------------------------------------------------------------------------


def test_profile_visibility_and_masking(member_a: Any, member_a2: Any, member_b: Any, secretary_a: Any,
                                        secretary_b: Any, secretariat: Any, head_a: Any) -> None:
    from django.http import Http404

    own = selectors.profile_get(user=member_a.user, pk=member_a.pk)
    assert own.citizen_id == "000123456789" and own.phone == "0905111222"
    by_secretary = selectors.profile_get(user=secretary_a, pk=member_a.pk)
    assert by_secretary.citizen_id == "000123456789"
    by_office = selectors.profile_get(user=secretariat, pk=member_a.pk)
    assert by_office.citizen_id == "•••••••••789" and by_office.phone == "•••••••222"
    for outsider in (member_a2.user, member_b.user, secretary_b, head_a):
        with pytest.raises(Http404):
            selectors.profile_get(user=outsider, pk=member_a.pk)
    cards = selectors.cell_members(user=secretary_b, cell=member_a.cell)
    assert all("•" in c.citizen_id for c in cards)  # another cell's secretary never sees them whole


def test_viewing_someone_elses_profile_is_audited(member_a: Any, secretary_a: Any) -> None:
    before = AuditEvent.objects.filter(action="member.profile_view").count()
    services.profile_view_record(actor=member_a.user, profile=member_a)
    assert AuditEvent.objects.filter(action="member.profile_view").count() == before
    services.profile_view_record(actor=secretary_a, profile=member_a)
    event = AuditEvent.objects.filter(action="member.profile_view").latest("seq")
    assert event.actor_id == secretary_a.pk and event.target_id == str(member_a.pk)


# --- corrections --------------------------------------------------------------------------------


def test_correction_request_and_decision(member_a: Any, secretary_a: Any, secretary_b: Any) -> None:
    correction = services.correction_request(actor=member_a.user, profile=member_a, field="phone",
                                             new_value="0912000111", note="Đổi số")
    assert Notification.objects.filter(recipient=secretary_a, kind="profile_correction").exists()
    assert not services.can_decide_correction(secretary_b, correction)
    with pytest.raises(PermissionDenied):
        services.correction_decide(actor=secretary_b, correction=correction, approve=True, reason="x")
    with pytest.raises(PermissionDenied):
        services.correction_decide(actor=member_a.user, correction=correction, approve=True, reason="x")
    with pytest.raises(ValidationError):
        services.correction_decide(actor=secretary_a, correction=correction, approve=True, reason="  ")
    services.correction_decide(actor=secretary_a, correction=correction, approve=True, reason="Đúng theo hồ sơ gốc")
    member_a.refresh_from_db()
    correction.refresh_from_db()
    assert member_a.phone == "0912000111"
    assert correction.state == CorrectionState.APPROVED and correction.decided_by == secretary_a
    assert AuditEvent.objects.filter(action="member.correction_decide", actor_id=secretary_a.pk).exists()
    with pytest.raises(ValidationError):
        services.correction_decide(actor=secretary_a, correction=correction, approve=False, reason="lại")


def test_correction_refused_by_someone_else_or_with_bad_value(member_a: Any, member_a2: Any, member_b: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.correction_request(actor=member_a2.user, profile=member_a, field="phone", new_value="0912000111")
    with pytest.raises(ValidationError) as exc:
        services.correction_request(actor=member_a.user, profile=member_a, field="citizen_id", new_value="123")
    assert "12 chữ số" in exc.value.message_dict["new_value"][0]
    with pytest.raises(ValidationError) as exc:
        services.correction_request(actor=member_a.user, profile=member_a, field="card_number",
                                    new_value=member_b.card_number)
    assert "trùng" in exc.value.message_dict["new_value"][0]
    assert not member_a.corrections.exists()


def test_rejected_correction_changes_nothing(member_a: Any, secretary_a: Any) -> None:
    correction = services.correction_request(actor=member_a.user, profile=member_a, field="full_name",
                                             new_value="Lê Đảng Viên Anh")
    services.correction_decide(actor=secretary_a, correction=correction, approve=False, reason="Không có căn cứ")
    member_a.refresh_from_db()
    assert member_a.full_name == "Lê Đảng Viên A"


# --- questions ----------------------------------------------------------------------------------


def test_question_to_cell_answered_by_its_secretary(member_a: Any, secretary_a: Any, secretary_b: Any,
                                                    secretariat: Any, settings: Any) -> None:
    settings.CHIDAO_QUESTION_ANSWER_DAYS = 10
    today = dt.date(2026, 3, 2)
    question = services.question_ask(actor=member_a.user, subject="Hỏi về Nghị quyết 57",
                                     body="Chi bộ học tập khi nào?", to_cell=True, today=today)
    assert question.due_on == dt.date(2026, 3, 12) and question.cell == member_a.cell
    assert Notification.objects.filter(recipient=secretary_a, kind="member_question").exists()
    for outsider in (secretary_b, secretariat, member_a.user):
        with pytest.raises(PermissionDenied):
            services.question_answer(actor=outsider, question=question, answer="Trả lời", today=today)
    services.question_answer(actor=secretary_a, question=question, answer="Ngày 15/3.", today=dt.date(2026, 3, 13))
    assert rules.question_status(due_on=question.due_on, answered_on=question.answered_on,
                                 today=dt.date(2026, 4, 1)) == rules.ANSWERED_LATE
    assert Notification.objects.filter(recipient=member_a.user, kind="member_question").exists()
    with pytest.raises(ValidationError):
        services.question_answer(actor=secretary_a, question=question, answer="Lần hai")


def test_question_to_committee_answered_by_office_and_counted(member_a: Any, secretariat: Any) -> None:
    today = dt.date(2026, 3, 2)
    q1 = services.question_ask(actor=member_a.user, subject="Góp ý", body="Nên số hóa sổ", kind="opinion",
                               today=today)
    services.question_ask(actor=member_a.user, subject="Hỏi 2", body="…", today=today - dt.timedelta(days=30))
    services.question_answer(actor=secretariat, question=q1, answer="Cảm ơn", today=today)
    counts = selectors.question_counts(user=secretariat, today=today)
    assert counts == {"on_time": 1, "late": 0, "open": 0, "overdue": 1}
    assert selectors.question_counts(user=member_a.user, today=today) == {"on_time": 0, "late": 0, "open": 0,
                                                                          "overdue": 0}


def test_question_bad_input(member_a: Any, head_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.question_ask(actor=member_a.user, subject=" ", body="")
    assert set(exc.value.message_dict) == {"subject", "body"}
    with pytest.raises(PermissionDenied):
        services.question_ask(actor=head_a, subject="a", body="b")  # no profile: not a member
    assert not MemberQuestion.objects.exists()


def test_device_key_stores_a_draft_once(member_a: Any) -> None:
    def create() -> Any:
        return services.question_ask(actor=member_a.user, subject="Soạn khi mất mạng", body="Nội dung")

    first, created = services.device_once(user=member_a.user, key="abc-123", kind="question", create=create)
    again, created_again = services.device_once(user=member_a.user, key="abc-123", kind="question", create=create)
    assert created and not created_again and again == first.pk
    assert MemberQuestion.objects.count() == 1 and DeviceSubmission.objects.count() == 1


def test_device_key_of_another_person_is_refused(member_a: Any, member_b: Any) -> None:
    services.device_once(user=member_a.user, key="k1", kind="question",
                         create=lambda: services.question_ask(actor=member_a.user, subject="a", body="b"))
    with pytest.raises(ValidationError):
        services.device_once(user=member_b.user, key="k1", kind="question",
                             create=lambda: services.question_ask(actor=member_b.user, subject="a", body="b"))
    assert MemberQuestion.objects.count() == 1


def test_failed_draft_releases_its_key(member_a: Any) -> None:
    with pytest.raises(ValidationError):
        services.device_once(user=member_a.user, key="k2", kind="question",
                             create=lambda: services.question_ask(actor=member_a.user, subject="", body=""))
    assert not DeviceSubmission.objects.exists()  # a fixed resend with the same key is accepted


# --- cell meetings ------------------------------------------------------------------------------


def _meeting(actor: Any, cell: Any, secretary: Any, *, days: int) -> Any:
    start = timezone.now() + dt.timedelta(days=days)
    return services.cell_meeting_create(actor=actor, cell=cell, title="Sinh hoạt chi bộ tháng", starts_at=start,
                                        ends_at=start + dt.timedelta(hours=2), place="Phòng họp tầng 2",
                                        secretary=secretary)


def test_cell_meeting_invites_the_cell(secretary_a: Any, member_a: Any, member_a2: Any, member_b: Any,
                                       secretary_b: Any) -> None:
    link = _meeting(secretary_a, member_a.cell, member_a2.user, days=3)
    invited = set(link.meeting.invitations.values_list("invitee_id", flat=True))
    assert invited == {secretary_a.pk, member_a.user_id, member_a2.user_id}
    assert link.meeting.chair == secretary_a
    with pytest.raises(PermissionDenied):
        _meeting(secretary_b, member_a.cell, member_a2.user, days=3)
    with pytest.raises(ValidationError):
        _meeting(secretary_a, member_a.cell, member_b.user, days=3)  # another cell's member cannot minute it
    upcoming = selectors.upcoming_meetings(user=member_a.user)
    assert [i.meeting_id for i in upcoming] == [link.meeting_id]
    assert selectors.upcoming_meetings(user=member_b.user) == []


def test_attendance_per_member_and_cell(secretary_a: Any, member_a: Any, member_a2: Any) -> None:
    from chidao.meetings import services as meeting_services

    link = _meeting(secretary_a, member_a.cell, member_a2.user, days=0)
    meeting = link.meeting
    invitation_a = meeting.invitations.get(invitee=member_a.user)
    meeting_services.invitation_respond(actor=member_a.user, invitation=invitation_a, response="absent",
                                        reason="Đi công tác")
    meeting_services.checkin(actor=member_a2.user, meeting=meeting)
    meeting_services.meeting_close(actor=None, meeting=meeting)
    stats = selectors.cell_attendance(cell=member_a.cell, year=meeting.starts_at.year)
    by_name = {m.name: m.counts for m in stats.members}
    assert by_name["Lê Đảng Viên A"][rules.ABSENT_EXCUSED] == 1
    assert by_name["Phạm Đảng Viên A2"][rules.PRESENT] == 1
    assert by_name["Nguyễn Bí Thư A"][rules.ABSENT] == 1
    assert stats.meetings == 1 and stats.rate == "33,33%"
