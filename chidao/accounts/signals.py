"""The idle clock starts at login (so the first request after a login needs no session write)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_SEEN_KEY = "chidao_last_seen"


@receiver(user_logged_in)
def start_idle_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())
