"""Edits in Django's admin are audited like service writes, so the dashboard's cached figures
follow them at once."""

from __future__ import annotations

from typing import Any

import pytest

from chidao.audit.models import AuditEvent
from chidao.audit.services import audit_verify

pytestmark = pytest.mark.django_db


def test_renaming_a_unit_in_the_admin_is_audited_and_shown_at_once(
    admin: Any, secretariat: Any, unit_a: Any, make_task: Any, client_as: Any
) -> None:
    make_task(title="Nhiệm vụ của Sở")
    dashboard = client_as(secretariat)
    assert "Sở KH&amp;CN" in dashboard.get("/?directive=all").content.decode()

    response = client_as(admin).post(f"/quan-tri-django/orgs/orgunit/{unit_a.pk}/change/", {
        "code": unit_a.code, "name": unit_a.name, "short_name": "Sở Khoa học", "kind": unit_a.kind,
        "parent": "", "aliases": unit_a.aliases, "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]

    event = AuditEvent.objects.filter(action="orgunit.admin_change").get()
    assert event.actor == admin and "short_name" in event.summary
    assert audit_verify().intact
    html = dashboard.get("/?directive=all").content.decode()
    assert "Sở Khoa học<" in html and "Sở KH&amp;CN" not in html


def test_the_admin_deactivates_a_unit_instead_of_deleting_it(admin: Any, client_as: Any) -> None:
    from chidao.orgs.models import OrgUnit
    from chidao.orgs.services import unit_create

    unit = unit_create(actor=None, code="don-vi-thu", name="Đơn vị thử", kind="department")
    client = client_as(admin)
    assert client.post(f"/quan-tri-django/orgs/orgunit/{unit.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/quan-tri-django/orgs/orgunit/", {"action": "deactivate", "_selected_action": [unit.pk]})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert OrgUnit.objects.filter(pk=unit.pk).exists() and unit.is_active is False
    assert AuditEvent.objects.filter(action="orgunit.admin_deactivate", target_id=str(unit.pk)).exists()


def test_the_admin_cannot_delete_a_person_but_deactivates_them(admin: Any, officer_a: Any, client_as: Any) -> None:
    from chidao.orgs.models import User

    client = client_as(admin)
    assert client.post(f"/quan-tri-django/orgs/user/{officer_a.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get("/quan-tri-django/orgs/user/").content.decode()
    assert "delete_selected" not in page and 'value="deactivate"' in page
    client.post("/quan-tri-django/orgs/user/", {"action": "deactivate", "_selected_action": [officer_a.pk]})
    assert User.objects.get(pk=officer_a.pk).is_active is False
    assert audit_verify().intact


def test_a_session_opened_with_djangos_own_backend_stays_signed_in(officer_a: Any, client: Any) -> None:
    """Sessions from before the unit-loading backend (chidao/orgs/backends.py) name Django's own."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(officer_a.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = officer_a.get_session_auth_hash()
    store.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    assert client.get("/don-vi-cua-toi/").status_code == 200


def test_the_signed_in_persons_unit_comes_with_them(officer_a: Any, client_as: Any,
                                                    django_assert_num_queries: Any) -> None:
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client_as(officer_a).session
    with django_assert_num_queries(2):  # the session, then the person with their unit
        user = get_user(request)
        assert user.unit.name == "Sở Khoa học và Công nghệ"
