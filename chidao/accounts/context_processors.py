"""The demo banner on every page, and the lockout page's wording."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .selectors import installation_is_demo


def installation(request: HttpRequest) -> dict[str, object]:
    return {
        "installation_is_demo": installation_is_demo(),
        "lockout_minutes": round(float(settings.AXES_COOLOFF_TIME) * 60),
        "session_idle_minutes": settings.CHIDAO_SESSION_IDLE_MINUTES,
    }
