from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD


@pytest.fixture
def enforced(settings: Any) -> None:
    """The real policy: a non-demo installation requires the second factor of admin, secretariat, leader."""
    settings.CHIDAO_SECOND_FACTOR_ENFORCED = True
    # No back-off between a wrong and a right code, except where a test checks the back-off itself.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def password_login(client: Client, user: Any, next_url: str = "") -> Any:
    data = {"username": user.username, "password": PASSWORD}
    url = "/dang-nhap/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


def enroll(user: Any) -> tuple[TOTPDevice, list[str]]:
    """Enroll `user` through the services, as the enrollment page does."""
    from chidao.accounts.services import totp_enrollment_confirm, totp_enrollment_start

    device = totp_enrollment_start(user=user)
    codes = totp_enrollment_confirm(user=user, device_id=device.pk, code=code_for(device))
    device.refresh_from_db()
    return device, codes
