"""Every write of the accounts app: second factor, lockout, passwords, the demo flag, access tokens.

The cryptography is django-otp's (TOTP per RFC 6238, single-use recovery codes) and the standard
library's (`secrets`, SHA-256); nothing here invents its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chidao.audit.services import audit_record
from chidao.orgs.models import Role, User

from .models import AccessToken, Installation, TokenScope
from .rules import second_factor_required
from .selectors import installation_is_demo

RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "chidao_"
TOKEN_MAX_DAYS = 366
# A token's use is written to the audit chain at most once a minute: a script polling the API
# every second would otherwise bury every other event (use_count and last_used_at count them all).
TOKEN_AUDIT_EVERY = dt.timedelta(minutes=1)


# --- the demo flag ---------------------------------------------------------------------------------


def installation_mark_demo(*, actor: User | None = None, is_demo: bool = True) -> Installation:
    """Mark this installation as a demo (banner on every page, no second factor) or as real."""
    with transaction.atomic():
        row, _created = Installation.objects.select_for_update().get_or_create(pk=1)
        row.is_demo = is_demo
        row.marked_at = timezone.now()
        row.save(update_fields=["is_demo", "marked_at"])
        audit_record(actor=actor, action="installation.mark_demo" if is_demo else "installation.mark_real",
                     target=row, summary="Đánh dấu bản chạy thử" if is_demo else "Đánh dấu bản dùng thật")
    return row


# --- second factor ---------------------------------------------------------------------------------


def _clean_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()[:32]


def totp_enrollment_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator for `user`; it counts only once a code from it is confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def _recovery_codes_new(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def totp_enrollment_confirm(*, user: User, device_id: int, code: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
        if device is None:
            raise ValidationError(_("Phiên thiết lập đã hết; hãy bắt đầu lại."))
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(_("Nhập sai quá nhiều lần; hãy chờ một lát rồi thử lại."))
        if not device.verify_token(_clean_code(code)):
            raise ValidationError(_("Mã xác thực không đúng. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng."))
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_new(user)
        audit_record(actor=user, action="account.second_factor_enable", target=user,
                     summary="Bật xác thực hai bước")
    return codes


@dataclass(frozen=True)
class SecondFactorResult:
    device: Any
    recovery_code_used: bool
    recovery_codes_left: int


def second_factor_check(*, user: User, code: str) -> SecondFactorResult:
    """Check a code at login: the authenticator's current code (each accepted once) or a recovery code
    (each works once). Devices are locked so two requests cannot both spend the same code."""
    token = _clean_code(code)
    if not token:
        raise ValidationError(_("Hãy nhập mã xác thực."))
    # Six digits are the authenticator's code; recovery codes are 8 characters of base32.
    is_totp = token.isdigit() and len(token) == 6
    with transaction.atomic():
        if is_totp:
            devices: Iterable[Any] = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        devices = list(devices)
        if not devices:
            raise ValidationError(_("Tài khoản chưa thiết lập xác thực hai bước."))
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                raise ValidationError(_("Nhập sai quá nhiều lần; hãy chờ một lát rồi thử lại."))
            if device.verify_token(token):
                is_recovery = isinstance(device, StaticDevice)
                left = StaticToken.objects.filter(device__user=user).count()
                if is_recovery:
                    audit_record(actor=user, action="account.recovery_code_use", target=user,
                                 summary=f"Đăng nhập bằng mã khôi phục (còn {left} mã)")
                return SecondFactorResult(device=device, recovery_code_used=is_recovery, recovery_codes_left=left)
    if is_totp:
        raise ValidationError(_("Mã xác thực không đúng hoặc đã được dùng. Hãy chờ mã mới trên ứng dụng rồi nhập."))
    raise ValidationError(_("Mã khôi phục không đúng hoặc đã được dùng."))


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes (the old ones stop working); only for someone with an authenticator."""
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("Tài khoản chưa thiết lập xác thực hai bước."))
        codes = _recovery_codes_new(user)
        audit_record(actor=user, action="account.recovery_codes_regenerate", target=user,
                     summary="Tạo lại mã khôi phục")
    return codes


def second_factor_disable(*, user: User) -> None:
    """Turn off one's own second factor: only where the role does not require it."""
    if second_factor_required(role=user.role, is_demo=installation_is_demo(),
                              enforced=settings.CHIDAO_SECOND_FACTOR_ENFORCED):
        raise ValidationError(_("Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=user, action="account.second_factor_disable", target=user,
                     summary="Tắt xác thực hai bước")


def _require_admin(actor: User) -> None:
    if actor is None or actor.role != Role.ADMIN:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được làm việc này."))


def second_factor_reset(*, actor: User, user: User) -> None:
    """An administrator removes a person's authenticator and recovery codes (a lost phone): at the next
    login they set up a new one (required roles) or sign in with the password alone (others)."""
    _require_admin(actor)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action="account.second_factor_reset", target=user,
                     summary=f"Quản trị đặt lại xác thực hai bước của {user.username}")


# --- lockout ---------------------------------------------------------------------------------------


def lockout_reset(*, actor: User, user: User) -> int:
    """An administrator lifts the lockout of a username (from every address); returns the rows cleared."""
    from axes.utils import reset

    _require_admin(actor)
    with transaction.atomic():
        cleared = reset(username=user.username)
        audit_record(actor=actor, action="account.lockout_reset", target=user,
                     summary=f"Quản trị mở khóa đăng nhập của {user.username} ({cleared} bản ghi)")
    return cleared


# --- passwords -------------------------------------------------------------------------------------


def password_change_record(*, user: User) -> None:
    """Audit a password change (Django's form has already validated and saved it)."""
    with transaction.atomic():
        audit_record(actor=user, action="account.password_change", target=user, summary="Đổi mật khẩu")


def password_reset_request_record(*, user: User) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="account.password_reset_request", target=user,
                     summary=f"Gửi thư đặt lại mật khẩu cho {user.username}")


def password_reset_record(*, user: User) -> None:
    with transaction.atomic():
        audit_record(actor=user, action="account.password_reset", target=user,
                     summary="Đặt lại mật khẩu qua thư điện tử")


# --- access tokens ---------------------------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_create(*, user: User, name: str, scope: str, expires_on: dt.date,
                 today: dt.date | None = None) -> tuple[AccessToken, str]:
    """A new token; returns it and its secret, which is shown once and never stored."""
    today = today or timezone.localdate()
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Hãy đặt tên cho mã truy cập (ví dụ: Hệ thống giám sát quốc gia).")
    elif len(name) > 100:
        errors["name"] = _("Tên dài tối đa 100 ký tự.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Phạm vi không hợp lệ.")
    if expires_on is None or expires_on <= today:
        errors["expires_on"] = _("Ngày hết hạn phải sau hôm nay.")
    elif expires_on > today + dt.timedelta(days=TOKEN_MAX_DAYS):
        errors["expires_on"] = _("Mã truy cập dùng được tối đa một năm.")
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    # Valid through the whole of its last day, Vietnam time.
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time.min))
    with transaction.atomic():
        token = AccessToken.objects.create(user=user, name=name, scope=scope, prefix=raw[:14],
                                           token_hash=token_hash(raw), expires_at=expires_at)
        audit_record(actor=user, action="token.create", target=token,
                     summary=f"Tạo mã truy cập API “{name}” ({token.get_scope_display()}, "
                             f"hết hạn {expires_on:%d/%m/%Y})")
    return token, raw


def token_revoke(*, actor: User, token: AccessToken) -> AccessToken:
    """Revoke one's own token (an administrator may revoke anyone's)."""
    if token.user_id != actor.pk and actor.role != Role.ADMIN:
        raise PermissionDenied(_("Bạn không có quyền thu hồi mã truy cập này."))
    with transaction.atomic():
        locked = AccessToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("Mã truy cập này đã bị thu hồi trước đó."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="token.revoke", target=locked,
                     summary=f"Thu hồi mã truy cập API “{locked.name}”")
    return locked


class TokenRefused(Exception):
    """A bearer token that cannot be used: `status` is 401 or 403, `message` says why in Vietnamese."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_authenticate(*, raw: str, method: str, path: str, now: dt.datetime | None = None) -> User:
    """The person a bearer token acts for, with their own permissions; refuses bad, revoked, expired
    tokens and writes through a read-only one. Each use is counted; see TOKEN_AUDIT_EVERY."""
    now = now or timezone.now()
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        raise TokenRefused(_("Mã truy cập không hợp lệ."))
    token = AccessToken.objects.select_related("user").filter(token_hash=token_hash(raw)).first()
    if token is None:
        raise TokenRefused(_("Mã truy cập không hợp lệ."))
    if token.revoked_at is not None:
        raise TokenRefused(_("Mã truy cập đã bị thu hồi."))
    if token.expires_at <= now:
        raise TokenRefused(_("Mã truy cập đã hết hạn."))
    if not token.user.is_active:
        raise TokenRefused(_("Tài khoản của mã truy cập này đã bị khóa."))
    if token.scope == TokenScope.READ and method.upper() not in SAFE_METHODS:
        raise TokenRefused(_("Mã truy cập chỉ đọc không được dùng để thay đổi dữ liệu."), status=403)
    with transaction.atomic():
        audit_due = token.last_used_at is None or now - token.last_used_at >= TOKEN_AUDIT_EVERY
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now, use_count=F("use_count") + 1)
        if audit_due:
            audit_record(actor=token.user, action="token.use", target=token,
                         summary=f"Dùng mã truy cập API “{token.name}”: {method.upper()} {path[:200]}")
    return token.user
