"""Thin views: the person's notification list, preferences, and the administrator's outbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.viewutils import error_text, paginate
from chidao.orgs.models import Role

from . import selectors, services
from .models import DeliveryState, NotificationKind


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notifications_for(user=request.user), per_page=30)
    return render(request, "notifications/notification_list.html", {
        "page": page, "email_problem": selectors.own_email_problem(user=request.user),
    })


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read, then go where the notification points (a path inside the site only)."""
    note = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=note)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}) \
            and request.POST.get("go") == "1":
        return redirect(note.url)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notification_list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        chosen = {kind: request.POST.get(f"email_{kind}") == "on" for kind in NotificationKind.values}
        services.preferences_set(actor=request.user, email_enabled=chosen)
        messages.success(request, _("Đã lưu cài đặt nhận thư."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {
        "prefs": selectors.preferences_for(user=request.user),
        "email_problem": selectors.own_email_problem(user=request.user),
    })


def _require_admin(request: HttpRequest) -> None:
    if request.user.role != Role.ADMIN:
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới xem được thư gửi đi."))


@login_required
def delivery_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    state = request.GET.get("state") or ""
    page = paginate(request, selectors.deliveries_for_admin(user=request.user, state=state), per_page=50)
    return render(request, "notifications/delivery_list.html", {
        "page": page, "state": state, "states": DeliveryState.choices,
        "counts": selectors.delivery_counts(user=request.user),
        "transport": selectors.mail_transport(),
    })


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    delivery = selectors.delivery_get(user=request.user, pk=pk)
    try:
        delivery = services.delivery_retry(actor=request.user, delivery=delivery)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if delivery.state == DeliveryState.FAILED:
            messages.error(request, delivery.last_error)
        else:
            messages.success(request, _("Đã đưa thư vào hàng chờ gửi lại."))
    return redirect("delivery_list")
