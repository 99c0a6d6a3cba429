"""Personal access tokens: shown once, hashed at rest, the owner's permissions, revocable, expiring, scoped."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from chidao.accounts.models import AccessToken
from chidao.accounts.services import TokenRefused, token_authenticate, token_create, token_revoke
from chidao.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def new_token(user: Any, scope: str = "read", days: int = 30) -> tuple[AccessToken, str]:
    return token_create(user=user, name="Hệ thống giám sát quốc gia", scope=scope,
                        expires_on=timezone.localdate() + dt.timedelta(days=days))


def test_token_page_shows_the_secret_once_and_stores_only_its_hash(client: Client, officer_a: Any) -> None:
    client.force_login(officer_a)
    expires = (timezone.localdate() + dt.timedelta(days=90)).strftime("%d/%m/%Y")
    page = client.post("/tai-khoan/ma-truy-cap/", {"name": "Văn phòng điện tử", "scope": "read",
                                                    "expires_on": expires}).content.decode()
    token = AccessToken.objects.get(user=officer_a)
    raw = page.split('data-testid="token-secret">')[1].split("<")[0]
    assert raw.startswith("chidao_") and len(raw) > 40
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(AccessToken.objects.values()))
    assert raw not in client.get("/tai-khoan/ma-truy-cap/").content.decode()
    assert AuditEvent.objects.filter(action="token.create", actor_id=officer_a.pk).count() == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "scope": "read", "expires_on": "31/12/2099"}, "Hãy đặt tên"),
    ({"name": "X", "scope": "admin", "expires_on": "31/12/2099"}, "Phạm vi không hợp lệ"),
    ({"name": "X", "scope": "read", "expires_on": "01/01/2020"}, "Ngày hết hạn phải sau hôm nay"),
    ({"name": "X", "scope": "read", "expires_on": "31/12/2099"}, "tối đa một năm"),
    ({"name": "X", "scope": "read", "expires_on": "32/13/2026"}, "dd/mm/yyyy"),
])
def test_bad_token_input_is_refused_and_changes_nothing(data: dict[str, str], message: str, client: Client,
                                                       officer_a: Any) -> None:
    client.force_login(officer_a)
    response = client.post("/tai-khoan/ma-truy-cap/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not AccessToken.objects.exists()


def test_bearer_token_reads_with_the_owners_permissions(make_task: Any, unit_b: Any, officer_a: Any,
                                                        officer_b: Any) -> None:
    mine = make_task(title="Nhiệm vụ của Sở KH&CN")
    make_task(title="Nhiệm vụ của phường", lead_unit=unit_b)
    _token, raw = new_token(officer_a)
    api = Client()
    response = api.get("/api/v1/tasks", **bearer(raw))
    assert response.status_code == 200
    assert [t["title"] for t in response.json()] == [mine.title]
    assert api.get(f"/api/v1/tasks/{mine.pk}", **bearer(new_token(officer_b)[1])).status_code == 404
    # No cookie was needed, and none is handed out.
    assert "sessionid" not in response.cookies


def test_uses_are_counted_and_audited_once_a_minute(officer_a: Any) -> None:
    token, raw = new_token(officer_a)
    api = Client()
    for _ in range(3):
        assert api.get("/api/v1/directives", **bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.use_count == 3 and token.last_used_at is not None
    assert AuditEvent.objects.filter(action="token.use", target_id=str(token.pk)).count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=False):
        api.get("/api/v1/directives", **bearer(raw))
    assert AuditEvent.objects.filter(action="token.use", target_id=str(token.pk)).count() == 2


def test_revoked_token_gets_401_in_vietnamese(client: Client, officer_a: Any) -> None:
    token, raw = new_token(officer_a)
    client.force_login(officer_a)
    client.post(f"/tai-khoan/ma-truy-cap/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = Client().get("/api/v1/directives", **bearer(raw))
    assert response.status_code == 401 and response.json()["detail"] == "Mã truy cập đã bị thu hồi."
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        token_revoke(actor=officer_a, token=token)
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1


def test_expired_token_gets_401(officer_a: Any) -> None:
    token, raw = new_token(officer_a, days=1)
    assert Client().get("/api/v1/directives", **bearer(raw)).status_code == 200
    with time_machine.travel(token.expires_at + dt.timedelta(seconds=1), tick=False):
        response = Client().get("/api/v1/directives", **bearer(raw))
    assert response.status_code == 401 and response.json()["detail"] == "Mã truy cập đã hết hạn."


@pytest.mark.parametrize("raw", ["chidao_khong-co-that", "abc", "chidao_" + "x" * 300])
def test_unknown_token_gets_401(raw: str, db: None) -> None:
    response = Client().get("/api/v1/directives", **bearer(raw))
    assert response.status_code == 401 and response.json()["detail"] == "Mã truy cập không hợp lệ."


def test_token_of_a_deactivated_person_is_refused(officer_a: Any) -> None:
    _token, raw = new_token(officer_a)
    officer_a.is_active = False
    officer_a.save(update_fields=["is_active"])
    assert Client().get("/api/v1/directives", **bearer(raw)).status_code == 401


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_read_only_token_is_refused_for_writes(method: str, officer_a: Any) -> None:
    _read, raw_read = new_token(officer_a, scope="read")
    _write, raw_write = new_token(officer_a, scope="write")
    with pytest.raises(TokenRefused) as refused:
        token_authenticate(raw=raw_read, method=method, path="/api/v1/x")
    assert refused.value.status == 403 and "chỉ đọc" in refused.value.message
    assert token_authenticate(raw=raw_write, method=method, path="/api/v1/x") == officer_a


def test_nobody_revokes_someone_elses_token(client: Client, officer_a: Any, officer_b: Any) -> None:
    token, raw = new_token(officer_a)
    client.force_login(officer_b)
    assert client.post(f"/tai-khoan/ma-truy-cap/{token.pk}/thu-hoi/").status_code == 404
    assert 'data-testid="token-row"' not in client.get("/tai-khoan/ma-truy-cap/").content.decode()
    assert Client().get("/api/v1/directives", **bearer(raw)).status_code == 200


def test_anonymous_is_sent_to_login_from_the_token_page(client: Client, db: None) -> None:
    assert client.get("/tai-khoan/ma-truy-cap/")["Location"].startswith("/dang-nhap/")


def test_no_credentials_gets_401_in_vietnamese(db: None) -> None:
    response = Client().get("/api/v1/directives")
    assert response.status_code == 401 and "Chưa xác thực" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
