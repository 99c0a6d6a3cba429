"""Managing a meeting: edit, reschedule and cancel with invitees told; reorder the agenda safely;
an explicit start that warns when early; a vote opened without a quorum is warned and recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chidao.audit.models import AuditEvent
from chidao.meetings import services
from chidao.meetings.models import MeetingState
from chidao.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _edit_data(meeting: Any, **over: Any) -> dict[str, Any]:
    start = timezone.localtime(meeting.starts_at)
    data = {"title": meeting.title, "kind": meeting.kind, "starts_at": start.strftime("%d/%m/%Y %H:%M"),
            "ends_at": timezone.localtime(meeting.ends_at).strftime("%d/%m/%Y %H:%M"), "place": meeting.place,
            "online_link": "", "chair": meeting.chair_id, "secretary": meeting.secretary_id, "quorum_percent": 50,
            "monitored_directive": "", "reason": ""}
    data.update(over)
    return data


def _notices(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True))


def test_reschedule_tells_every_invitee(client, meeting, secretariat, head_a, member,
                                        django_capture_on_commit_callbacks):
    new_start = timezone.localtime(meeting.starts_at + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meeting_edit", args=[meeting.pk]), _edit_data(
            meeting, starts_at=new_start.strftime("%d/%m/%Y %H:%M"),
            ends_at=(new_start + dt.timedelta(hours=2)).strftime("%d/%m/%Y %H:%M"), reason="Trùng lịch tiếp khách"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start
    for person in (head_a, member):
        titles = _notices(person)
        assert titles[-1] == f"Dời lịch họp: {meeting.title}"
    last = Notification.objects.filter(recipient=head_a).order_by("-id").first()
    assert new_start.strftime("%H:%M %d/%m/%Y") in last.body and "Trùng lịch tiếp khách" in last.body
    assert AuditEvent.objects.filter(action="meeting.reschedule").count() == 1


def test_reschedule_into_the_past_is_refused_and_changes_nothing(client, meeting, secretariat, head_a):
    before = meeting.starts_at
    notices = len(_notices(head_a))
    past = timezone.localtime(timezone.now() - dt.timedelta(days=1))
    client.force_login(secretariat)
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), _edit_data(
        meeting, starts_at=past.strftime("%d/%m/%Y %H:%M"),
        ends_at=(past + dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")))
    assert response.status_code == 200
    assert "Không thể dời phiên họp về thời điểm đã qua" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at == before and len(_notices(head_a)) == notices


def test_edit_form_is_novalidate_and_for_the_office_only(client, meeting, head_a, head_b, secretariat):
    for person in (head_a, head_b):
        client.force_login(person)
        assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code in (403, 404)
        assert client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "x"}).status_code in (403, 404)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED
    client.force_login(secretariat)
    assert "novalidate" in client.get(reverse("meeting_edit", args=[meeting.pk])).content.decode()


def test_cancel_needs_a_reason_then_tells_invitees(client, meeting, secretariat, head_a,
                                                   django_capture_on_commit_callbacks):
    client.force_login(secretariat)
    response = client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "   "})
    assert "Hãy nêu lý do hủy phiên họp" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "Chủ trì đi công tác đột xuất"})
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason) == (MeetingState.CANCELLED, "Chủ trì đi công tác đột xuất")
    notice = Notification.objects.filter(recipient=head_a).order_by("-id").first()
    assert notice.title == f"Hủy phiên họp: {meeting.title}" and "Chủ trì đi công tác đột xuất" in notice.body
    body = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Phiên họp đã hủy." in body and 'data-testid="start-meeting"' not in body
    with pytest.raises(ValidationError):
        services.meeting_start(actor=meeting.chair, meeting=meeting, confirm_early=True)


def test_reorder_agenda_without_js_and_a_stale_reorder_loses_nothing(client, meeting, items, secretariat):
    third = services.agenda_item_add(actor=secretariat, meeting=meeting, title="Kiến nghị của các đơn vị")
    meeting.refresh_from_db()
    seen = meeting.agenda_version
    client.force_login(secretariat)
    url = reverse("agenda_item_move", args=[meeting.pk])
    response = client.post(url, {"item": third.pk, "direction": "up", "version": seen})
    assert response.status_code == 302 and response["Location"].endswith("#chuong-trinh")
    order = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert order == [items[0].title, third.title, items[1].title]
    # A second person still looking at the old agenda: refused with a message, nothing moves or goes.
    response = client.post(url, {"item": items[0].pk, "direction": "down", "version": seen}, follow=True)
    assert "Chương trình vừa được người khác thay đổi" in response.content.decode()
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == order
    assert meeting.items.count() == 3
    # Off the ends and nonsense: clear messages, no 5xx.
    meeting.refresh_from_db()
    response = client.post(url, {"item": items[0].pk, "direction": "up", "version": meeting.agenda_version},
                           follow=True)
    assert "Nội dung đã ở đầu hoặc cuối chương trình." in response.content.decode()
    assert client.post(url, {"item": "abc", "direction": "up", "version": "x"}).status_code == 302


def test_reorder_is_refused_to_a_participant(client, meeting, items, head_a):
    meeting.refresh_from_db()
    client.force_login(head_a)
    response = client.post(reverse("agenda_item_move", args=[meeting.pk]),
                           {"item": items[1].pk, "direction": "up", "version": meeting.agenda_version})
    assert response.status_code == 403
    assert list(meeting.items.order_by("position").values_list("id", flat=True)) == [items[0].pk, items[1].pk]


def test_start_warns_before_the_scheduled_time_and_moving_needs_a_start(client, meeting, items, leader):
    client.force_login(leader)
    with pytest.raises(ValidationError):  # the first "Chuyển đến" no longer starts a meeting silently
        services.meeting_item_set(actor=leader, meeting=meeting, item=items[0])
    response = client.post(reverse("meeting_start", args=[meeting.pk]), {"next": "live"})
    body = response.content.decode()
    assert response.status_code == 200 and "Chưa đến giờ họp" in body and 'name="confirm" value="1"' in body
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED
    response = client.post(reverse("meeting_start", args=[meeting.pk]), {"next": "live", "confirm": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.IN_PROGRESS and meeting.started_at is not None
    assert AuditEvent.objects.get(action="meeting.start").after["early"] is True


def test_only_the_chair_or_secretary_starts_and_outsiders_see_nothing(client, meeting, head_a, head_b):
    client.force_login(head_a)  # invited, but neither chair nor secretary
    assert client.post(reverse("meeting_start", args=[meeting.pk]), {"confirm": "1"}).status_code == 403
    client.force_login(head_b)  # not invited: the meeting does not exist for them
    assert client.post(reverse("meeting_start", args=[meeting.pk]), {"confirm": "1"}).status_code == 404
    assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code == 404
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED


def test_start_on_time_needs_no_confirmation(meeting, leader):
    services.meeting_start(actor=leader, meeting=meeting, now=meeting.starts_at - dt.timedelta(minutes=10))
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.IN_PROGRESS


def test_vote_without_quorum_warns_then_is_recorded_in_audit_and_minutes(client, meeting, items, leader, head_a):
    from chidao.demo.testing import docx_text

    services.meeting_start(actor=leader, meeting=meeting, confirm_early=True)
    services.checkin(actor=head_a, meeting=meeting)  # 1 of 2 members: not more than half
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua báo cáo")
    client.force_login(leader)
    url = reverse("vote_action", args=[meeting.pk, vote.pk, "mo"])
    body = client.post(url, {"next": "live"}).content.decode()
    assert "Chưa đủ túc số: 1/2 thành viên có mặt (cần hơn 50%)" in body
    vote.refresh_from_db()
    assert vote.state == "draft"
    assert client.post(url, {"next": "live", "confirm": "1"}).status_code == 302
    vote.refresh_from_db()
    assert vote.state == "open" and vote.opened_without_quorum == "1/2"
    event = AuditEvent.objects.get(action="meeting.vote_open")
    assert event.after["quorum"] is False and "chưa đủ túc số (1/2)" in event.summary
    minutes = docx_text(client.get(reverse("meeting_minutes_docx", args=[meeting.pk])).content)
    assert "Biểu quyết được mở khi chưa đủ túc số (có mặt 1/2 thành viên)" in minutes


# --- any input: never a 5xx, and a refused request changes nothing --------------------------------

from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(starts=_text, ends=_text, quorum=_text, reason=_text, item=_text, direction=_text, version=_text)
def test_any_input_to_the_meeting_forms_never_errors(client, meeting, items, secretariat, starts, ends, quorum,
                                                     reason, item, direction, version) -> None:
    client.force_login(secretariat)
    meeting.refresh_from_db()
    before = (meeting.starts_at, meeting.ends_at, meeting.state, meeting.agenda_version)
    order = list(meeting.items.order_by("position").values_list("id", flat=True))
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), _edit_data(
        meeting, starts_at=starts, ends_at=ends, quorum_percent=quorum, reason=reason))
    assert response.status_code in (200, 302)
    response = client.post(reverse("agenda_item_move", args=[meeting.pk]),
                           {"item": item, "direction": direction, "version": version})
    assert response.status_code in (302, 404)
    assert client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": reason.strip() and ""}).status_code \
        == 200
    meeting.refresh_from_db()
    assert meeting.state == before[2]
    if (meeting.starts_at, meeting.ends_at) == before[:2]:
        assert list(meeting.items.order_by("position").values_list("id", flat=True)) == order \
            or meeting.agenda_version == before[3] + 1
