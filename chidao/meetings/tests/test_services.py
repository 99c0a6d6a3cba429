"""The meeting services: bad input refused with nothing changed, the secret-vote property."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from chidao.audit.models import AuditEvent
from chidao.directives.models import Directive, Task, TaskState
from chidao.meetings import services
from chidao.meetings.models import Ballot, Meeting, MeetingDocument, Vote, VoteParticipation, VoteTally

pytestmark = pytest.mark.django_db


def test_meeting_whose_end_is_before_its_start_is_refused(secretariat: Any, leader: Any) -> None:
    start = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(actor=secretariat, title="Họp", kind="thematic", starts_at=start,
                                ends_at=start - dt.timedelta(hours=1), place="Phòng họp", chair=leader,
                                secretary=secretariat)
    assert "ends_at" in exc.value.message_dict
    assert Meeting.objects.count() == 0


def test_only_the_office_schedules(head_a: Any, leader: Any, secretariat: Any) -> None:
    start = timezone.now()
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=head_a, title="Họp", kind="unit", starts_at=start,
                                ends_at=start + dt.timedelta(hours=1), place="P", chair=leader, secretary=secretariat)


def test_delegate_gets_the_seat_but_cannot_delegate_again(meeting: Any, seat: Any, head_a: Any, officer_a: Any,
                                                          officer_b: Any) -> None:
    services.invitation_respond(actor=head_a, invitation=seat, response="delegate", delegate=officer_a)
    from chidao.meetings.selectors import meeting_access

    access = meeting_access(user=officer_a, meeting=meeting)
    assert access.seat == seat and access.is_delegate
    events = AuditEvent.objects.count()
    # The delegate has no invitation of their own to pass on.
    with pytest.raises(ValidationError):
        services.invitation_respond(actor=officer_a, invitation=seat, response="delegate", delegate=officer_b)
    seat.refresh_from_db()
    assert seat.delegate_id == officer_a.pk
    assert AuditEvent.objects.count() == events


def test_absent_needs_a_reason(seat: Any, head_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(actor=head_a, invitation=seat, response="absent")
    assert "reason" in exc.value.message_dict


def _open_vote(meeting: Any, items: list[Any], leader: Any, secret: bool) -> Vote:
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua báo cáo", is_secret=secret)
    services.vote_open(actor=leader, vote=vote, confirm_without_quorum=True)
    return vote


def test_vote_twice_and_after_closing_are_refused(meeting: Any, items: list[Any], leader: Any, head_a: Any) -> None:
    services.checkin(actor=head_a, meeting=meeting)
    vote = _open_vote(meeting, items, leader, secret=False)
    services.ballot_cast(actor=head_a, vote=vote, choice="Tán thành")
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=head_a, vote=vote, choice="Không tán thành")
    services.vote_close(actor=leader, vote=vote)
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=head_a, vote=vote, choice="Không tán thành")
    assert dict(vote.tallies.values_list("choice", "count")) == {"Tán thành": 1, "Không tán thành": 0,
                                                                 "Không biểu quyết": 0}


def test_invitee_and_their_delegate_share_one_vote(meeting: Any, items: list[Any], leader: Any, head_a: Any,
                                                   officer_a: Any, seat: Any) -> None:
    services.invitation_respond(actor=head_a, invitation=seat, response="delegate", delegate=officer_a)
    services.checkin(actor=officer_a, meeting=meeting)
    vote = _open_vote(meeting, items, leader, secret=False)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=head_a, vote=vote, choice="Tán thành")
    services.ballot_cast(actor=officer_a, vote=vote, choice="Tán thành")
    assert VoteParticipation.objects.filter(vote=vote).count() == 1


def test_secret_vote_stores_nothing_that_links_a_ballot_to_its_voter(
    meeting: Any, items: list[Any], leader: Any, head_a: Any, member: Any,
) -> None:
    for person in (head_a, member):
        services.checkin(actor=person, meeting=meeting)
    vote = _open_vote(meeting, items, leader, secret=True)
    services.ballot_cast(actor=head_a, vote=vote, choice="Không tán thành")
    services.ballot_cast(actor=member, vote=vote, choice="Tán thành")
    services.vote_close(actor=leader, vote=vote)
    # The result is counted …
    assert dict(vote.tallies.values_list("choice", "count")) == {"Tán thành": 1, "Không tán thành": 1,
                                                                 "Không biểu quyết": 0}
    # … that each seat voted is recorded, once …
    assert VoteParticipation.objects.filter(vote=vote).count() == 2
    # … but no row anywhere holds a choice next to a person: no ballot rows, no choice in the audit log.
    assert Ballot.objects.filter(vote=vote).count() == 0
    assert set(VoteTally._meta.get_fields()) >= set()  # the tally has no user column:
    assert {f.name for f in VoteTally._meta.concrete_fields} == {"id", "vote", "choice", "count", "sealed"}
    assert {f.name for f in VoteParticipation._meta.concrete_fields} == {"id", "vote", "invitation"}
    for event in AuditEvent.objects.filter(action="meeting.ballot"):
        assert "choice" not in (event.after or {})
        assert "Tán thành" not in event.summary and "Không tán thành" not in event.summary
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM meetings_voteparticipation")
        participation_columns = [c[0] for c in cursor.description]
    assert "choice" not in participation_columns


def test_upload_that_is_not_what_it_claims_is_refused(items: list[Any], secretariat: Any,
                                                      make_exe_pdf: Any) -> None:
    with pytest.raises(ValidationError):
        services.document_upload(actor=secretariat, item=items[0], title="Báo cáo", upload=make_exe_pdf())
    assert MeetingDocument.objects.count() == 0


def test_quorum_counts_checked_in_members(meeting: Any, head_a: Any, member: Any) -> None:
    from chidao.meetings.selectors import quorum_get

    assert quorum_get(meeting=meeting).reached is False
    services.checkin(actor=head_a, meeting=meeting)
    quorum = quorum_get(meeting=meeting)
    assert (quorum.present, quorum.members, quorum.reached) == (1, 2, False)  # exactly half is not more than half
    services.checkin(actor=member, meeting=meeting)
    assert quorum_get(meeting=meeting).reached is True


def test_confirmed_conclusions_become_an_assigned_conclusion_directive(meeting: Any, secretariat: Any,
                                                                       unit_a: Any, unit_b: Any) -> None:
    services.conclusions_save(actor=secretariat, meeting=meeting, text="Giao Sở KH&CN chủ trì ...")
    directive = services.conclusions_confirm(
        actor=secretariat, meeting=meeting, code="12-TB/BCĐ", title="Thông báo kết luận",
        issued_on=timezone.localdate(),
        tasks=[services.ConfirmedTask(title="Xây dựng đề án", lead_unit=unit_a, support_units=[unit_b],
                                      recurring=False, due_on=timezone.localdate() + dt.timedelta(days=30),
                                      deadline_text="trong 30 ngày", expected_output="Đề án"),
               services.ConfirmedTask(title="Theo dõi", lead_unit=unit_b, support_units=[], recurring=True,
                                      due_on=None, deadline_text="Thường xuyên", expected_output="")])
    meeting.refresh_from_db()
    assert meeting.conclusion_directive == directive and directive.kind == "conclusion"
    tasks = list(directive.tasks.order_by("position"))
    assert [t.state for t in tasks] == [TaskState.ASSIGNED, TaskState.ASSIGNED]
    assert tasks[0].lead_unit == unit_a and list(tasks[0].support_units.all()) == [unit_b]
    assert tasks[1].kind == "recurring"


def test_a_task_without_lead_unit_stops_the_whole_confirmation(meeting: Any, secretariat: Any, unit_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.conclusions_confirm(
            actor=secretariat, meeting=meeting, code="13-TB/BCĐ", title="TB", issued_on=timezone.localdate(),
            tasks=[services.ConfirmedTask(title="A", lead_unit=unit_a, support_units=[], recurring=True, due_on=None,
                                          deadline_text="", expected_output=""),
                   services.ConfirmedTask(title="Giao Sở TT&TT ...", lead_unit=None, support_units=[], recurring=True,
                                          due_on=None, deadline_text="", expected_output="")])
    assert "đơn vị chủ trì" in str(exc.value)
    assert not Directive.objects.filter(code="13-TB/BCĐ").exists()
    assert Task.objects.count() == 0


def test_an_invitation_reaches_the_invitee_in_the_app(secretariat: Any, leader: Any, officer_a: Any, head_b: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:


    from django.utils import timezone

    from chidao.meetings import services
    from chidao.notifications.models import Notification

    start = timezone.now() + dt.timedelta(days=2)
    m = services.meeting_create(actor=secretariat, title="Họp chuyên đề dữ liệu đất đai", kind="thematic",
                                starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Phòng họp số 2",
                                chair=leader, secretary=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=secretariat, meeting=m, people=[officer_a])
    notes = Notification.objects.filter(kind="meeting_invited")
    assert [n.recipient_id for n in notes] == [officer_a.pk]
    assert "Họp chuyên đề dữ liệu đất đai" in notes[0].title
    assert not Notification.objects.filter(kind="meeting_invited", recipient=head_b).exists()
