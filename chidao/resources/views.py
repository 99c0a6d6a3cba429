"""Thin views over projects, capital plans and disbursements."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import concerns
from chidao.core.figures import figures_cached
from chidao.core.files import file_path
from chidao.core.viewutils import apply_validation_error, error_text, request_today
from chidao.orgs.models import User

from . import rules, selectors, services
from .forms import CapitalPlanForm, DisbursementForm, ProjectFilterForm, ProjectForm
from .models import FundingSource, Project


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else request_today(request).year


def resources_dashboard_body(*, user: User, year: int, today: dt.date) -> SafeString:
    """The dashboard below its header (money cards, slowest projects, by unit, by source, the chart's
    data), rendered once per state of the data, scope of the person, year, day and language: the
    fragment holds no CSRF token and nothing of the person but what their scope lets them see.
    Every write that changes a figure here is audited, which moves the figures key."""
    def render_body() -> str:
        dash = selectors.resources_dashboard(user=user, year=year, today=today)
        return str(render_to_string("resources/_dashboard_body.html", {
            "dash": dash, "year": year,
            "chart": [{"label": r.label, "planned": r.planned, "disbursed": r.disbursed} for r in dash.by_source],
        }))

    parts = (selectors.projects_scope(user=user), year, today.isoformat(), get_language())
    # The fragment was escaped by the template engine when it was rendered.
    return mark_safe(figures_cached("resources.dashboard_body", parts, render_body,
                                    reads=(concerns.RESOURCES, concerns.TASKS, concerns.PEOPLE)))


@login_required
def resources_dashboard(request: HttpRequest) -> HttpResponse:
    year, today = _year(request), request_today(request)
    return render(request, "resources/dashboard.html", {
        "body": resources_dashboard_body(user=request.user, year=year, today=today),
        "elapsed": rules.year_elapsed(year=year, today=today), "year": year, "years": range(year - 3, year + 4),
        "can_manage": services.can_manage(request.user),
    })


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    filters = selectors.ProjectFilters(year=request_today(request).year)
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ProjectFilters(year=d["year"] or filters.year, source=d["source"], unit=d["unit"],
                                           status=d["status"], q=d["q"], behind=d["behind"])
    rows = selectors.project_list(user=request.user, filters=filters, today=request_today(request))
    return render(request, "resources/project_list.html", {
        "form": form, "rows": rows, "filters": filters, "sources": dict(FundingSource.choices),
        "total_planned": sum(p.planned for p in rows), "total_disbursed": sum(p.disbursed for p in rows),
        "can_manage": services.can_manage(request.user),
    })


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    today = request_today(request)
    manager = services.can_manage(request.user)
    return render(request, "resources/project_detail.html", {
        "project": project,
        "plans": selectors.project_plans(project=project, today=today),
        "disbursements": selectors.project_disbursements(project=project),
        "tasks": selectors.project_tasks(user=request.user, project=project, today=today),
        "indicators": list(project.indicators.order_by("code")),
        "can_manage": manager,
        "can_disburse": services.can_disburse(request.user, project),
        "plan_form": CapitalPlanForm(initial={"year": today.year}) if manager else None,
        "margin": selectors.margin(),
    })


@login_required
def project_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý dự án."))
    project: Project | None = selectors.project_get(user=request.user, pk=pk) if pk else None
    initial = {}
    if project is not None:
        skip = {"owner_unit", "tasks", "indicators"}
        initial = {f: getattr(project, f) for f in ProjectForm.base_fields if f not in skip}
        initial.update(owner_unit=project.owner_unit_id, tasks=list(project.tasks.all()),
                       indicators=list(project.indicators.all()))
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["tasks"], data["indicators"] = list(data["tasks"]), list(data["indicators"])
        try:
            if project is None:
                project = services.project_create(actor=request.user, **data)
            else:
                services.project_update(actor=request.user, project=project, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu dự án."))
            return redirect("project_detail", pk=project.pk)
    return render(request, "resources/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def capital_plan_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được giao kế hoạch vốn."))
    form = CapitalPlanForm(request.POST)
    if form.is_valid():
        try:
            services.capital_plan_set(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã lưu kế hoạch vốn năm %(y)s.") % {"y": form.cleaned_data["year"]})
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("project_detail", pk=pk)


@login_required
def disbursement_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if not services.can_disburse(request.user, project):
        raise PermissionDenied(_("Chỉ đơn vị quản lý dự án mới được cập nhật giải ngân."))
    today = request_today(request)
    form = DisbursementForm(request.POST or None, initial={"disbursed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_create(actor=request.user, project=project, files=request.FILES.getlist("files"),
                                         today=today, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận giải ngân."))
            return redirect("project_detail", pk=pk)
    return render(request, "resources/disbursement_form.html", {
        "form": form, "project": project, "plans": selectors.project_plans(project=project, today=today),
    })


@login_required
def disbursement_file(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.disbursement_get(user=request.user, pk=pk)
    path = file_path(item.stored_name)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=item.original_name,
                        content_type=item.content_type)
