"""Logins, failed logins and logouts go into the audit chain (Django's auth signals).

A failed login records the name that was tried and the address, never the password. Other apps
(password changes and resets, second factor) call `audit_record` themselves with a user target.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .services import audit_record


def _ip(request: Any) -> str:
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") if request is not None else ""


def _from_http(request: Any) -> bool:
    """A login through an HTTP request. The test client's force_login and code run in a shell
    build a bare HttpRequest (no request method): no person signed in, nothing to record."""
    return bool((getattr(request, "META", None) or {}).get("REQUEST_METHOD"))


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if not _from_http(request):
        return
    with transaction.atomic():
        audit_record(actor=user, action="auth.login", target=user, summary=_("Đăng nhập"),
                     after={"ip": _ip(request)})


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or not _from_http(request):
        return
    with transaction.atomic():
        audit_record(actor=user, action="auth.logout", target=user, summary=_("Đăng xuất"),
                     after={"ip": _ip(request)})


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from django.contrib.auth import get_user_model

    username = str(credentials.get("username", "") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    target: Any = user if user is not None else ("auth", "", username)
    with transaction.atomic():
        audit_record(actor=None, action="auth.login_failed", target=target,
                     summary=(_("Đăng nhập không thành công: %(u)s") % {"u": username})[:500],
                     after={"username": username, "ip": _ip(request)})
