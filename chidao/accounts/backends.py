"""Login lockout (django-axes) as this project uses it."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, skipped where there is no request: only code (a management command, the
    test client's `login`) authenticates without one, and only a web request can be an attack."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted reverse proxy sets
    (CHIDAO_CLIENT_IP_HEADER, e.g. X-Real-IP; the first address when it holds a list)."""
    header = getattr(settings, "CHIDAO_CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        first = value.split(",")[0].strip()
        if first:
            return first[:45]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
