from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chidao.core import concerns
from chidao.core.figures import figures_cached
from chidao.core.templatetags.dashboard_table import unit_table_rows
from chidao.core.viewutils import request_today
from chidao.directives.models import Directive
from chidao.directives.selectors import Dashboard, dashboard_get, visibility_key


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
    task_list_url = reverse("task_list")

    def compute() -> tuple[Dashboard, str]:
        dashboard = dashboard_get(user=request.user, today=today, directive=directive)
        rows = unit_table_rows(dashboard.units, task_list_url, directive.pk if directive else "")
        return dashboard, str(rows)

    # The counts change only with the data or the day: computed once per state (core/figures.py),
    # with the rendered unit table (200 rows) kept beside them.
    dashboard, unit_rows_html = figures_cached(
        "dashboard", (visibility_key(user=request.user), directive.pk if directive else None, today), compute,
        reads=(concerns.TASKS, concerns.PEOPLE),
    )
    committee = None
    if not request.user.is_committee_wide:
        # A unit sees the committee's figures too, beside its own (counts only, no other unit's task).
        committee = figures_cached(
            "dashboard", (("committee",), directive.pk if directive else None, today),
            lambda: dashboard_get(user=request.user, today=today, directive=directive, committee_wide=True))
    return render(request, "core/dashboard.html", {
        "dashboard": dashboard,
        "committee": committee,
        "unit_rows_html": mark_safe(unit_rows_html),  # written by unit_table_rows, every value escaped
        "directives": Directive.objects.order_by("issued_on", "code").only("id", "code", "title"),
        "directive_param": directive.pk if directive else "all",
    })
