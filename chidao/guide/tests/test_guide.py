"""The "Bắt đầu" panel: three to five steps for each role, closed per person, kept on the server."""

from __future__ import annotations

import pytest

from chidao.audit.models import AuditEvent
from chidao.guide import rules
from chidao.guide.models import GuideDismissal
from chidao.orgs.models import Role

pytestmark = pytest.mark.django_db


PEOPLE = {"admin": "admin", "leader": "leader", "secretariat": "secretariat", "unit_head": "head_a",
          "unit_officer": "officer_a", "member": "member"}


def test_every_role_has_three_to_five_steps_that_open_for_that_role(client, request) -> None:
    for role in Role.values:
        steps = rules.steps_for(role)
        assert 3 <= len(steps) <= 5, role
    for role, fixture in PEOPLE.items():
        client.force_login(request.getfixturevalue(fixture))
        for step in rules.steps_for(role):
            assert step.url, step.text
            assert client.get(step.url).status_code == 200, (role, step.url)


@pytest.mark.parametrize("name,first_step", [
    ("secretariat", "Nhập văn bản chỉ đạo và giao nhiệm vụ"),
    ("officer_a", "Mở “Đơn vị của tôi”"),
    ("leader", "Xem các nhiệm vụ quá hạn"),
    ("member", "Xem tổng quan tình hình thực hiện"),
])
def test_home_shows_the_roles_panel(client, request, name, first_step) -> None:
    client.force_login(request.getfixturevalue(name))
    body = client.get("/").content.decode()
    assert 'data-testid="getting-started"' in body and first_step in body


def test_dismissal_is_remembered_for_that_person_only(client, officer_a, officer_b) -> None:
    client.force_login(officer_a)
    response = client.post("/bat-dau/an/", {"key": "start", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert 'data-testid="getting-started"' not in client.get("/").content.decode()
    assert "Xem lại hướng dẫn bắt đầu" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(action="guide.dismiss").count() == 1
    client.post("/bat-dau/an/", {"key": "start"})  # twice changes nothing
    assert GuideDismissal.objects.count() == 1
    client.force_login(officer_b)
    assert 'data-testid="getting-started"' in client.get("/").content.decode()
    client.force_login(officer_a)
    client.post("/bat-dau/hien/", {"key": "start"})
    assert 'data-testid="getting-started"' in client.get("/").content.decode()


def test_bad_input_changes_nothing(client, officer_a) -> None:
    client.force_login(officer_a)
    assert client.get("/bat-dau/an/").status_code == 405
    response = client.post("/bat-dau/an/", {"key": "khong-co", "next": "https://evil.example/"}, follow=True)
    assert response.status_code == 200 and "Không có hướng dẫn này." in response.content.decode()
    assert response.redirect_chain[0][0] == "/"
    assert GuideDismissal.objects.count() == 0
    client.logout()
    assert client.post("/bat-dau/an/", {"key": "start"}).status_code == 302
    assert GuideDismissal.objects.count() == 0
