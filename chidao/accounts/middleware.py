"""Session rules on every request: the idle timeout, and the second step of a login."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .signals import LAST_SEEN_KEY

# Set by the login view after the password when a code (or setting one up) must follow.
PENDING_KEY = "chidao_second_factor_pending"
# On the login URL after an idle timeout, so the login page says why.
IDLE_PARAM = "het_phien"
# The idle clock is written at most this often, so most requests save no session.
TOUCH_EVERY_SECONDS = 60
# Where someone half-way through a login may go.
PENDING_ALLOWED = {"second_factor_verify", "second_factor_enroll", "logout", "login"}


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.headers.get("X-Live") == "1" \
        or "application/json" in request.headers.get("Accept", "")


class SessionIdleMiddleware:
    """Log out a session idle for CHIDAO_SESSION_IDLE_MINUTES and say why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = int(time.time())
        last = request.session.get(LAST_SEEN_KEY)
        idle = settings.CHIDAO_SESSION_IDLE_MINUTES * 60
        if last is not None and now - int(last) > idle:
            if "text/event-stream" in request.headers.get("Accept", ""):
                # A push channel is not the person: it ends here (204 stops EventSource's retries) and
                # the page's next ordinary request signs out with the reason shown.
                return HttpResponse(status=204)
            logout(request)
            text = _("Phiên làm việc đã kết thúc vì không hoạt động quá %(n)d phút. Vui lòng đăng nhập lại.") % {
                "n": settings.CHIDAO_SESSION_IDLE_MINUTES}
            if _wants_json(request):
                return JsonResponse({"detail": text}, status=401)
            # The reason rides in the URL, not in a message: a background fetch would consume a message.
            login_url = redirect_to_login(request.get_full_path())["Location"] + "&" + IDLE_PARAM + "=1"
            if request.headers.get("HX-Request"):
                # htmx would swap the login page into a fragment: it navigates the whole page instead.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url
                return response
            return redirect(login_url)
        match = getattr(request, "resolver_match", None)
        passive = match is not None and match.url_name in settings.CHIDAO_SESSION_PASSIVE_URL_NAMES
        if not passive and (last is None or now - int(last) >= TOUCH_EVERY_SECONDS):
            request.session[LAST_SEEN_KEY] = now
        return None


class SecondFactorMiddleware:
    """A session whose password was right but whose code is still due reaches only the code pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        session = getattr(request, "session", None)
        if session is None:
            return None
        step = session.get(PENDING_KEY)
        if not step:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in PENDING_ALLOWED:
            return None
        if _wants_json(request):
            return JsonResponse({"detail": _("Cần nhập mã xác thực hai bước trước.")}, status=403)
        return redirect("second_factor_enroll" if step == "enroll" else "second_factor_verify")
