"""Second factor: who must use it, the login's second step, enrollment, reuse and recovery codes, reset."""

from __future__ import annotations

import time
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chidao.accounts.rules import second_factor_required, second_factor_step
from chidao.accounts.services import installation_mark_demo, second_factor_reset
from chidao.audit.models import AuditEvent

from .conftest import code_for, enroll, password_login

pytestmark = pytest.mark.django_db


def later(seconds: int = 31) -> Any:
    """A later TOTP time step (a code is accepted once per 30-second step)."""
    return time_machine.travel(time.time() + seconds, tick=False)


@pytest.mark.parametrize(("role", "demo", "expected"), [
    ("admin", False, True), ("secretariat", False, True), ("leader", False, True),
    ("unit_head", False, False), ("unit_officer", False, False), ("member", False, False),
    ("admin", True, False), ("leader", True, False),
])
def test_who_must_use_a_second_factor(role: str, demo: bool, expected: bool) -> None:
    assert second_factor_required(role=role, is_demo=demo) is expected
    assert second_factor_step(role=role, is_demo=demo, has_device=False) == ("enroll" if expected else "")
    assert second_factor_step(role=role, is_demo=demo, has_device=True) == "verify"


@pytest.mark.parametrize("who", ["admin", "secretariat", "leader"])
def test_non_demo_installation_requires_second_factor_for_the_three_roles(
        who: str, enforced: None, request: pytest.FixtureRequest, client: Client) -> None:
    user = request.getfixturevalue(who)
    response = password_login(client, user)
    assert response["Location"] == "/tai-khoan/bao-mat/hai-buoc/"
    # Half-way through the login, no page opens and the API answers 403.
    assert client.get("/")["Location"] == "/tai-khoan/bao-mat/hai-buoc/"
    assert client.get("/nhiem-vu/")["Location"] == "/tai-khoan/bao-mat/hai-buoc/"
    api = client.get("/api/v1/tasks")
    assert api.status_code == 403 and "hai bước" in api.json()["detail"]
    page = client.get("/tai-khoan/bao-mat/hai-buoc/").content.decode()
    assert "<svg" in page and 'data-testid="totp-secret"' in page


def test_unit_people_sign_in_with_the_password_alone(enforced: None, client: Client, officer_a: Any) -> None:
    assert password_login(client, officer_a)["Location"] == "/"
    assert client.get("/").status_code == 200


def test_demo_installation_waives_the_second_factor_and_shows_the_banner(
        enforced: None, client: Client, admin: Any) -> None:
    assert 'data-testid="demo-banner"' not in client.get("/dang-nhap/").content.decode()
    installation_mark_demo()
    assert password_login(client, admin)["Location"] == "/"
    page = client.get("/").content.decode()
    assert "Bản chạy thử — dữ liệu mẫu, không dùng cho công việc thật" in page


def test_enrollment_shows_recovery_codes_once_then_login_asks_for_the_code(
        enforced: None, client: Client, leader: Any) -> None:
    password_login(client, leader, next_url="/nhiem-vu/")
    client.get("/tai-khoan/bao-mat/hai-buoc/")
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    bad = "000000" if code_for(device) != "000000" else "111111"
    wrong = client.post("/tai-khoan/bao-mat/hai-buoc/", {"code": bad})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=leader, confirmed=True).exists()

    done = client.post("/tai-khoan/bao-mat/hai-buoc/", {"code": code_for(device)})
    page = done.content.decode()
    codes = list(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True))
    assert len(codes) == 10 and all(c in page for c in codes)
    assert 'href="/nhiem-vu/"' in page  # the login goes on where it was headed
    assert client.get("/nhiem-vu/").status_code == 200
    assert AuditEvent.objects.filter(action="account.second_factor_enable", target_id=str(leader.pk)).exists()
    # The codes are never shown again.
    assert not any(c in client.get("/tai-khoan/bao-mat/").content.decode() for c in codes)

    client.post("/dang-xuat/")
    with later():
        assert password_login(client, leader)["Location"] == "/dang-nhap/xac-thuc/"
        assert client.get("/")["Location"] == "/dang-nhap/xac-thuc/"
        device.refresh_from_db()
        assert client.post("/dang-nhap/xac-thuc/", {"code": code_for(device)})["Location"] == "/"
        assert client.get("/").status_code == 200


def test_a_code_reused_in_its_window_is_refused(enforced: None, leader: Any) -> None:
    device, _codes = enroll(leader)
    with later():
        first, second = Client(), Client()
        password_login(first, leader)
        code = code_for(device)
        assert first.post("/dang-nhap/xac-thuc/", {"code": code})["Location"] == "/"
        password_login(second, leader)
        again = second.post("/dang-nhap/xac-thuc/", {"code": code})
        assert again.status_code == 200
        assert "Mã xác thực không đúng hoặc đã được dùng" in again.content.decode()
        assert second.get("/")["Location"] == "/dang-nhap/xac-thuc/"


def test_a_recovery_code_works_once(enforced: None, admin: Any) -> None:
    _device, codes = enroll(admin)
    first, second = Client(), Client()
    password_login(first, admin)
    assert first.post("/dang-nhap/xac-thuc/", {"code": codes[0].upper()})["Location"] == "/"
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    assert AuditEvent.objects.filter(action="account.recovery_code_use").count() == 1
    password_login(second, admin)
    again = second.post("/dang-nhap/xac-thuc/", {"code": codes[0]})
    assert "Mã khôi phục không đúng hoặc đã được dùng" in again.content.decode()
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    assert second.get("/")["Location"] == "/dang-nhap/xac-thuc/"


def test_repeated_wrong_codes_back_off(settings: Any, enforced: None, admin: Any, client: Client) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device, _codes = enroll(admin)
    with later():
        password_login(client, admin)
        bad = "123456" if code_for(device) != "123456" else "654321"
        client.post("/dang-nhap/xac-thuc/", {"code": bad})
        blocked = client.post("/dang-nhap/xac-thuc/", {"code": code_for(device)})
        assert "Nhập sai quá nhiều lần" in blocked.content.decode()
        assert client.get("/")["Location"] == "/dang-nhap/xac-thuc/"


def test_someone_optional_may_enroll_and_is_then_asked_for_the_code(enforced: None, officer_a: Any) -> None:
    client = Client()
    password_login(client, officer_a)
    assert "Không bắt buộc" in client.get("/tai-khoan/bao-mat/").content.decode()
    device, _codes = enroll(officer_a)
    client.post("/dang-xuat/")
    with later():
        assert password_login(client, officer_a)["Location"] == "/dang-nhap/xac-thuc/"
        client.post("/dang-nhap/xac-thuc/", {"code": code_for(device)})
        client.post("/tai-khoan/bao-mat/tat-hai-buoc/")
    assert not TOTPDevice.objects.filter(user=officer_a).exists()


def test_a_required_role_cannot_turn_it_off(enforced: None, secretariat: Any, client: Client) -> None:
    enroll(secretariat)
    client.force_login(secretariat)
    response = client.post("/tai-khoan/bao-mat/tat-hai-buoc/", follow=True)
    assert "bắt buộc xác thực hai bước" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()


def test_admin_resets_a_second_factor_audited(enforced: None, admin: Any, leader: Any, client: Client) -> None:
    enroll(leader)
    client.force_login(admin)
    page = client.get("/tai-khoan/nguoi-dung/").content.decode()
    assert f'data-testid="account-{leader.username}"' in page
    client.post(f"/tai-khoan/nguoi-dung/{leader.pk}/dat-lai-hai-buoc/")
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert not StaticToken.objects.filter(device__user=leader).exists()
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert event.actor_id == admin.pk and event.target_id == str(leader.pk)
    # At the next login the leader sets up a new authenticator.
    assert password_login(Client(), leader)["Location"] == "/tai-khoan/bao-mat/hai-buoc/"


@pytest.mark.parametrize("who", ["leader", "secretariat", "head_a", "officer_b", "member"])
def test_only_the_admin_reaches_the_account_admin_pages(who: str, request: pytest.FixtureRequest,
                                                        client: Client, admin: Any) -> None:
    client.force_login(request.getfixturevalue(who))
    enroll(admin)
    assert client.get("/tai-khoan/nguoi-dung/").status_code == 403
    assert client.post(f"/tai-khoan/nguoi-dung/{admin.pk}/dat-lai-hai-buoc/").status_code == 403
    assert client.post(f"/tai-khoan/nguoi-dung/{admin.pk}/mo-khoa/").status_code == 403
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    with pytest.raises(Exception, match="quản trị"):
        second_factor_reset(actor=request.getfixturevalue(who), user=admin)


def test_django_admin_login_goes_through_our_login(client: Client, admin: Any) -> None:
    response = client.get("/quan-tri-django/login/?next=/quan-tri-django/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_enrollment_expires_with_a_clear_message(enforced: None, leader: Any) -> None:
    from django.core.exceptions import ValidationError

    from chidao.accounts.services import totp_enrollment_confirm

    with pytest.raises(ValidationError, match="hết"):
        totp_enrollment_confirm(user=leader, device_id=999999, code="123456")


def test_recovery_codes_regenerated_replace_the_old_ones(enforced: None, member: Any, client: Client) -> None:
    _device, old = enroll(member)
    client.force_login(member)
    page = client.post("/tai-khoan/bao-mat/ma-khoi-phuc/").content.decode()
    new = list(StaticToken.objects.filter(device__user=member).values_list("token", flat=True))
    assert len(new) == 10 and all(c in page for c in new) and not set(old) & set(new)
