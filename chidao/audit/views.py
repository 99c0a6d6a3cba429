from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chidao.core.viewutils import paginate
from chidao.orgs.models import Role

from .selectors import audit_events
from .services import audit_verify


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if request.user.role not in {Role.ADMIN, Role.SECRETARIAT, Role.LEADER}:
        raise PermissionDenied
    page = paginate(request, audit_events(user=request.user, action=request.GET.get("action", ""),
                                          actor=request.GET.get("actor", "")), per_page=50)
    # Verifying reads the whole chain, so it runs only when asked for.
    report = audit_verify() if request.GET.get("verify") else None
    return render(request, "audit/audit_log.html", {"page": page, "report": report})
