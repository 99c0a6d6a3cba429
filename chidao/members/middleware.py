"""A party_member account (DESIGN §2) uses the handbook only. The selectors of the other apps scope
by role and unit; this guard is the second lock: whatever a selector would show, a party_member
reaches only the handbook's pages, and the home page sends them to their personal page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from chidao.orgs.models import Role

# URL names (namespace:name or name) a party member may open; app namespaces allowed whole.
ALLOWED_NAMESPACES = {"members", "library", "study"}
ALLOWED_PREFIXES = ("library_", "study_", "meeting_", "invitation_", "document_download", "notification_",
                    "speak_", "opinion_", "ballot", "vote_action", "live_report")
ALLOWED_NAMES = {"logout", "login", "healthz", "notification_list", "notification_open", "notification_read_all",
                 "notification_preferences", "meeting_list", "meeting_detail", "meeting_live", "meeting_live_panel",
                 "meeting_state", "meeting_checkin", "invitation_respond",
                 # The person's own account (issue 10): password, second factor, recovery codes, the start guide.
                 "password_change", "password_change_done", "password_reset", "password_reset_done",
                 "password_reset_confirm", "password_reset_complete", "second_factor_verify", "second_factor_enroll",
                 "second_factor_disable", "recovery_codes_regenerate", "account_security", "guide_dismiss",
                 "guide_restore"}
# Account pages a party member needs: whatever their exact names, these prefixes stay open to them.
OWN_ACCOUNT_PREFIXES = ("password_", "second_factor_", "recovery_codes_", "guide_")


def allowed_for_party_member(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a 404 stays a 404
    if match.namespace in ALLOWED_NAMESPACES:
        return True
    name = match.url_name or ""
    return name in ALLOWED_NAMES or name.startswith(ALLOWED_PREFIXES) or name.startswith(OWN_ACCOUNT_PREFIXES)


class PartyMemberScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "role", "") == Role.PARTY_MEMBER:
            if request.path == "/":
                return redirect("members:my_page")
            if not allowed_for_party_member(request.path_info):
                return HttpResponseForbidden(render_to_string("members/forbidden.html", request=request))
        return self.get_response(request)
