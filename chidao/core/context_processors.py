"""Header counts: what waits for the signed-in person, in at most three small queries."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from chidao.core import concerns
from chidao.core.figures import figures_cached
from chidao.orgs.models import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    # The deployment's own name in the header and the window title (e.g. "BCĐ 57 Đà Nẵng").
    context: dict[str, object] = {"deployment_name": getattr(settings, "CHIDAO_SITE_NAME", "") or "Chỉ Đạo"}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    from chidao.reporting.models import ExtensionRequest, ExtensionState, ProgressReport, ReportState

    if user.role in {Role.SECRETARIAT, Role.ADMIN}:
        # Report states change only through audited services: one count per state of the data.
        context["nav_review_count"] = figures_cached(
            "nav_review_count", (), ProgressReport.objects.filter(state=ReportState.SUBMITTED).count,
            reads=(concerns.REPORTS,))
    if user.role in {Role.LEADER, Role.ADMIN}:
        context["nav_extension_count"] = figures_cached(
            "nav_extension_count", (), ExtensionRequest.objects.filter(state=ExtensionState.PENDING).count,
            reads=(concerns.TASKS, concerns.REPORTS))
    from chidao.notifications.selectors import unread_count

    context["nav_unread_count"] = unread_count(user=user)
    # One badge on the "Nhiệm vụ" menu: what waits for this person's decision there.
    context["nav_pending_count"] = context.get("nav_review_count", 0) + context.get("nav_extension_count", 0)
    return context
