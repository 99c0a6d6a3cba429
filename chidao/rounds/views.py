"""Thin views over reporting rounds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.viewutils import apply_validation_error, error_text, request_today

from . import selectors, services
from .forms import RoundForm


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.round_list(user=request.user, today=request_today(request))
    return render(request, "rounds/round_list.html", {"rows": rows})


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not request.user.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được mở kỳ báo cáo."))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.round_create(
                actor=request.user, kind=data["kind"], period_label=data["period_label"],
                opens_on=data["opens_on"], due_on=data["due_on"], closes_on=data["closes_on"],
                directive=data["directive"], tasks=list(data["tasks"]), units=list(data["units"]),
                note=data["note"], today=request_today(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã mở kỳ báo cáo %(r)s.") % {"r": round})
            return redirect("round_detail", pk=round.pk)
    return render(request, "rounds/round_form.html", {"form": form})


def _detail_context(request: HttpRequest, pk: int) -> dict[str, object]:
    round = selectors.round_get(user=request.user, pk=pk)
    status = selectors.round_status(user=request.user, round=round, today=request_today(request))
    return {"round": round, "status": status}


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "rounds/round_detail.html", _detail_context(request, pk))


@login_required
def round_detail_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The live part of the round page, polled by htmx."""
    return render(request, "rounds/_round_table.html", _detail_context(request, pk))


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    try:
        services.round_close(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã đóng kỳ báo cáo."))
    return redirect("round_detail", pk=pk)
