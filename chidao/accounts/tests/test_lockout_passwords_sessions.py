"""Login lockout and unlock, password change and reset by e-mail, the idle timeout."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from chidao.audit.models import AuditEvent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client: Client, username: str, times: int, **extra: Any) -> Any:
    response = None
    for _ in range(times):
        response = client.post("/dang-nhap/", {"username": username, "password": "sai-mat-khau"}, **extra)
    return response


def test_repeated_failures_lock_the_username_from_that_address(settings: Any, client: Client,
                                                               officer_a: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    assert fail(client, officer_a.username, 2).status_code == 200
    locked = fail(client, officer_a.username, 1)
    assert locked.status_code == 429
    assert "tạm bị khóa đăng nhập trong 15 phút" in locked.content.decode()
    # Even the right password is refused while locked; nothing opens.
    right = client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})
    assert right.status_code == 429
    assert client.get("/")["Location"].startswith("/dang-nhap/")
    # Another address is not locked out (username + address).
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})["Location"] == "/"


def test_lockout_reads_the_proxy_header_when_configured(settings: Any, officer_a: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.CHIDAO_CLIENT_IP_HEADER = "X-Real-IP"
    attacker = Client(HTTP_X_REAL_IP="203.0.113.5")
    assert fail(attacker, officer_a.username, 2).status_code == 429
    # Same proxy (same REMOTE_ADDR), another client: still free to log in.
    colleague = Client(HTTP_X_REAL_IP="203.0.113.9")
    assert colleague.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})["Location"] == "/"


def test_lockout_ends_after_the_cooling_off_time(settings: Any, client: Client, officer_a: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, officer_a.username, 2)
    with time_machine.travel(time.time() + 16 * 60, tick=False):
        assert client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})["Location"] == "/"


def test_admin_unlocks_audited(settings: Any, client: Client, admin: Any, officer_a: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, officer_a.username, 2)
    boss = Client()
    boss.force_login(admin)
    row = re.search(rf'data-testid="account-{officer_a.username}".*?</tr>',
                    boss.get("/tai-khoan/nguoi-dung/").content.decode(), re.S)
    assert row and "Đang bị khóa" in row.group(0)
    boss.post(f"/tai-khoan/nguoi-dung/{officer_a.pk}/mo-khoa/")
    event = AuditEvent.objects.get(action="account.lockout_reset")
    assert event.actor_id == admin.pk and event.target_id == str(officer_a.pk)
    assert client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})["Location"] == "/"


def test_password_change_validated_and_audited(client: Client, officer_a: Any) -> None:
    client.force_login(officer_a)
    weak = client.post("/tai-khoan/mat-khau/", {"old_password": PASSWORD, "new_password1": "12345678",
                                                "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in weak.content.decode()
    assert "Mật khẩu này hoàn toàn là số." in weak.content.decode()
    wrong_old = client.post("/tai-khoan/mat-khau/", {"old_password": "khong-dung", "new_password1": "Hai-Chau-2026!",
                                                     "new_password2": "Hai-Chau-2026!"})
    assert wrong_old.status_code == 200
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="account.password_change").exists()
    done = client.post("/tai-khoan/mat-khau/", {"old_password": PASSWORD, "new_password1": "Hai-Chau-2026!",
                                                "new_password2": "Hai-Chau-2026!"})
    assert done["Location"] == "/tai-khoan/bao-mat/"
    officer_a.refresh_from_db()
    assert officer_a.check_password("Hai-Chau-2026!")
    assert client.get("/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="account.password_change", actor_id=officer_a.pk).count() == 1


def test_password_reset_by_email_audited(settings: Any, client: Client, officer_a: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer_a.email = "chuyenvien@khcn.danang.gov.vn"
    officer_a.save(update_fields=["email"])
    assert "Quên mật khẩu?" in client.get("/dang-nhap/").content.decode()
    unknown = client.post("/quen-mat-khau/", {"email": "nobody@example.vn"})
    assert unknown["Location"] == "/quen-mat-khau/da-gui/" and not mail.outbox
    client.post("/quen-mat-khau/", {"email": officer_a.email})
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Đặt lại mật khẩu Chỉ Đạo"
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    post_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    client.post(post_url, {"new_password1": "Hai-Chau-2026!", "new_password2": "Hai-Chau-2026!"})
    officer_a.refresh_from_db()
    assert officer_a.check_password("Hai-Chau-2026!")
    assert AuditEvent.objects.filter(action="account.password_reset_request").count() == 1
    assert AuditEvent.objects.filter(action="account.password_reset", actor_id=officer_a.pk).count() == 1
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert 'data-testid="reset-invalid"' in again


def test_idle_session_logs_out_and_says_why(settings: Any, client: Client, officer_a: Any) -> None:
    settings.CHIDAO_SESSION_IDLE_MINUTES = 30
    client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})
    with time_machine.travel(time.time() + 20 * 60, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(time.time() + 45 * 60, tick=False):
        assert client.get("/").status_code == 200  # 25 idle minutes since the last request
    with time_machine.travel(time.time() + 80 * 60, tick=False):
        response = client.get("/nhiem-vu/", follow=True)
    assert response.redirect_chain[0][0] == "/dang-nhap/?next=/nhiem-vu/&het_phien=1"
    assert "không hoạt động quá 30 phút" in response.content.decode()
    assert client.get("/")["Location"].startswith("/dang-nhap/")


def test_the_meeting_state_poll_does_not_keep_a_session_alive(settings: Any, client: Client,
                                                               officer_a: Any) -> None:
    from chidao.accounts.signals import LAST_SEEN_KEY

    client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})
    started = client.session[LAST_SEEN_KEY]
    with time_machine.travel(time.time() + 10 * 60, tick=False):
        client.get("/phien-hop/999999/trang-thai")  # the poll (404 here, but it resolves)
    assert client.session[LAST_SEEN_KEY] == started
    with time_machine.travel(time.time() + 10 * 60, tick=False):
        client.get("/")
    assert client.session[LAST_SEEN_KEY] > started
    with time_machine.travel(time.time() + 50 * 60, tick=False):
        poll = client.get("/phien-hop/999999/trang-thai", HTTP_ACCEPT="application/json")
    assert poll.status_code == 401 and "không hoạt động" in poll.json()["detail"]


def test_admin_setting_a_password_is_audited(client: Client, admin: Any, officer_a: Any) -> None:
    client.force_login(admin)
    url = f"/quan-tri-django/orgs/user/{officer_a.pk}/password/"
    client.post(url, {"password1": "Hai-Chau-2026!", "password2": "Hai-Chau-2026!", "usable_password": "true"})
    officer_a.refresh_from_db()
    assert officer_a.check_password("Hai-Chau-2026!")
    event = AuditEvent.objects.get(action="account.password_set_by_admin")
    assert event.actor_id == admin.pk and event.target_id == str(officer_a.pk)


def test_htmx_request_after_idle_navigates_to_login(client: Client, officer_a: Any) -> None:
    client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})
    with time_machine.travel(time.time() + 31 * 60, tick=False):
        response = client.get("/nhiem-vu/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == "/dang-nhap/?next=/nhiem-vu/&het_phien=1"
