"""First run without a mail server: mail goes to files in a local folder, and the outbox says so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chidao.notifications import services
from chidao.notifications.models import DeliveryState, EmailDelivery, NotificationKind

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _backend_with(env: dict[str, str]) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**clean, "DJANGO_SETTINGS_MODULE": "chidao.settings", **env})
    return out.stdout.strip()


def test_default_backend_is_a_folder_without_email_host_and_smtp_with_it() -> None:
    assert _backend_with({}) == "django.core.mail.backends.filebased.EmailBackend"
    assert _backend_with({"EMAIL_HOST": "mail.danang.gov.vn"}) == "django.core.mail.backends.smtp.EmailBackend"


def test_without_a_server_mail_lands_in_the_folder_and_the_outbox_says_where(client, people, settings,
                                                                           tmp_path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    services.notify(recipients=[people["officer_a"]], kind=NotificationKind.DIRECTION_GIVEN, subject="d:1",
                    title="Ý kiến chỉ đạo về hạ tầng số", url="/nhiem-vu/")
    result = services.deliveries_send_due()
    assert (result.sent, result.failed, result.retried) == (1, 0, 0)
    assert EmailDelivery.objects.get().state == DeliveryState.SENT
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    client.force_login(people["admin"])
    body = client.get("/thu-gui-di/").content.decode()
    assert "Chưa cấu hình máy chủ thư (EMAIL_HOST)" in body
    assert str(tmp_path / "mail") in body


def test_with_a_server_the_outbox_names_it(client, people, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "mail.danang.gov.vn", 587
    client.force_login(people["admin"])
    body = client.get("/thu-gui-di/").content.decode()
    assert "máy chủ thư (SMTP) <strong>mail.danang.gov.vn:587</strong>" in body
