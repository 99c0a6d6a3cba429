"""Reads for the accounts pages and the login flow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chidao.core.concerns import INSTALLATION
from chidao.core.figures import figures_cached
from chidao.orgs.models import Role, User

from .models import AccessToken, Installation


def installation_is_demo() -> bool:
    """Whether `seed_demo` made this a demo installation. Marking writes an audit event that bumps the
    installation's concern (chidao/core/concerns.py), so the cached answer is right in every process."""
    return figures_cached("installation_is_demo", (),
                          lambda: Installation.objects.filter(pk=1, is_demo=True).exists(), reads=(INSTALLATION,))


def user_has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@dataclass(frozen=True)
class SecondFactorStatus:
    enrolled: bool
    recovery_codes_left: int


def second_factor_status(user: User) -> SecondFactorStatus:
    return SecondFactorStatus(
        enrolled=user_has_second_factor(user),
        recovery_codes_left=StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    )


def access_tokens_of(user: User) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user).order_by("-created_at", "-id")


@dataclass(frozen=True)
class AccountRow:
    user: User
    enrolled: bool
    locked: bool


def account_rows(*, actor: User) -> list[AccountRow]:
    """Every person with their second-factor and lockout state, for the administrator (3 queries)."""
    from axes.models import AccessAttempt

    if actor.role != Role.ADMIN:
        return []
    users = list(User.objects.select_related("unit").order_by("username"))
    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    attempts = AccessAttempt.objects.all()
    locked = lockout_active_usernames(attempts)
    return [AccountRow(user=u, enrolled=u.pk in enrolled, locked=u.username in locked) for u in users]




def lockout_active_usernames(attempts: Iterable[Any]) -> set[str]:
    """Usernames locked out now (from django-axes' attempt rows)."""
    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return {a.username for a in attempts
            if a.username and a.failures_since_start >= limit and a.attempt_time >= since}
