from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or "/"
    # Only a path of this site: anything else (a view name, another host) goes home, never a 500.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def guide_dismiss(request: HttpRequest) -> HttpResponse:
    try:
        services.guide_dismiss(actor=request.user, key=request.POST.get("key", "start"))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return _back(request)


@login_required
@require_POST
def guide_restore(request: HttpRequest) -> HttpResponse:
    try:
        services.guide_restore(actor=request.user, key=request.POST.get("key", "start"))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return _back(request)
