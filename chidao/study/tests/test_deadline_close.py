"""The assigner moves the deadline (never into the past) and closes an assignment; both audited;
nobody else may; a closed assignment takes no more results and sends no reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chidao.audit.models import AuditEvent
from chidao.study import services
from chidao.study.models import StudyAssignment

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assign(actor: Any, doc: Any, cell: Any) -> StudyAssignment:
    return services.assignment_create(actor=actor, title="Học tập Nghị quyết 57", documents=[doc], today=TODAY,
                                      due_on=TODAY + dt.timedelta(days=10), cells=[cell])


def test_assigner_moves_deadline_and_it_is_audited(cells: dict, nq57: Any) -> None:
    secretary, member = cells["a_people"][0], cells["a_people"][1]
    a = _assign(secretary, nq57, cells["a"])
    client = _client(secretary)
    page = client.get(reverse("study_assignment", args=[a.pk])).content.decode()
    assert 'data-testid="due-form"' in page
    new = TODAY + dt.timedelta(days=20)
    response = client.post(reverse("study_due_set", args=[a.pk]), {"due_on": new.strftime("%d/%m/%Y")}, follow=True)
    assert "Đã đổi hạn hoàn thành" in response.content.decode()
    a.refresh_from_db()
    assert a.due_on == new
    assert AuditEvent.objects.filter(action="study.due_set").count() == 1
    # A member of the cell sees the new deadline but no form to change it.
    page = _client(member).get(reverse("study_assignment", args=[a.pk])).content.decode()
    assert new.strftime("%d/%m/%Y") in page and 'data-testid="due-form"' not in page


@pytest.mark.parametrize("raw,message", [
    ((TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y"), "đã qua"),
    ("31/02/2026", "Ngày không hợp lệ"),
    ("", "bắt buộc"),
])
def test_bad_deadline_refused_nothing_changed(cells: dict, nq57: Any, raw: str, message: str) -> None:
    secretary = cells["a_people"][0]
    a = _assign(secretary, nq57, cells["a"])
    response = _client(secretary).post(reverse("study_due_set", args=[a.pk]), {"due_on": raw}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    a.refresh_from_db()
    assert a.due_on == TODAY + dt.timedelta(days=10)
    assert not AuditEvent.objects.filter(action="study.due_set").exists()


def test_others_may_not_move_or_close(cells: dict, nq57: Any, secretariat: Any) -> None:
    a = _assign(cells["a_people"][0], nq57, cells["a"])
    new = (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    for outsider in (cells["a_people"][1], cells["b_people"][0], cells["b_people"][1]):
        client = _client(outsider)
        assert client.post(reverse("study_due_set", args=[a.pk]), {"due_on": new}).status_code in (403, 404)
        assert client.post(reverse("study_close", args=[a.pk])).status_code in (403, 404)
    a.refresh_from_db()
    assert a.due_on == TODAY + dt.timedelta(days=10) and a.closed_at is None
    # The standing office keeps every assignment.
    assert _client(secretariat).post(reverse("study_close", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.closed_at is not None and a.closed_by == secretariat


def test_closed_assignment_takes_nothing_more(cells: dict, nq57: Any) -> None:
    secretary, member = cells["a_people"][0], cells["a_people"][1]
    a = _assign(secretary, nq57, cells["a"])
    response = _client(secretary).post(reverse("study_close", args=[a.pk]), follow=True)
    assert "Đã kết thúc đợt học tập" in response.content.decode()
    assert AuditEvent.objects.filter(action="study.close").count() == 1
    client = _client(member)
    page = client.get(reverse("study_assignment", args=[a.pk])).content.decode()
    assert 'data-testid="assignment-closed"' in page
    response = client.post(reverse("study_mark", args=[a.pk]), follow=True)
    assert response.status_code == 200 and "đã kết thúc" in response.content.decode()
    assert not a.records.filter(studied_at__isnull=False).exists()
    response = client.post(reverse("study_reflection", args=[a.pk]), {"reflection": "Thu hoạch", "commitment": ""},
                           follow=True)
    assert "đã kết thúc" in response.content.decode() and not a.records.exclude(reflection="").exists()
    # Closing twice and moving the deadline of a closed one are refused.
    response = _client(secretary).post(reverse("study_close", args=[a.pk]), follow=True)
    assert "đã kết thúc trước đó" in response.content.decode()
    response = _client(secretary).post(reverse("study_due_set", args=[a.pk]),
                                       {"due_on": (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y")}, follow=True)
    a.refresh_from_db()
    assert a.due_on == TODAY + dt.timedelta(days=10)
    assert AuditEvent.objects.filter(action="study.close").count() == 1
    # No reminders for a closed assignment.
    assert services.study_reminder_drafts(day=a.due_on - dt.timedelta(days=3), days_before=3) == []
