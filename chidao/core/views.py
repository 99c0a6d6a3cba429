from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chidao.core.viewutils import request_today
from chidao.directives.models import Directive
from chidao.directives.selectors import dashboard_get


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def _dashboard_directive(request: HttpRequest) -> Directive | None:
    raw = request.GET.get("directive")
    if raw == "all":
        return None
    if raw and raw.isdigit():
        return Directive.objects.filter(pk=int(raw)).first()
    code = getattr(settings, "CHIDAO_DEFAULT_DIRECTIVE", "57-NQ/TW")
    return Directive.objects.filter(code=code).first()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    directive = _dashboard_directive(request)
    today = request_today(request)
    dashboard = dashboard_get(user=request.user, today=today, directive=directive)
    return render(request, "core/dashboard.html", {
        "dashboard": dashboard,
        "directives": Directive.objects.order_by("issued_on", "code").only("id", "code", "title"),
        "directive_param": directive.pk if directive else "all",
    })
