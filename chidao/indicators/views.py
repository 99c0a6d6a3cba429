"""Thin views over the indicator services and selectors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import concerns
from chidao.core.figures import figures_cached
from chidao.core.files import file_path
from chidao.core.viewutils import apply_validation_error, error_text, request_today
from chidao.directives.models import Task

from . import imports, rules, selectors, services
from .forms import ImportForm, IndicatorForm, LinkTaskForm, ReturnForm, TargetForm, ValueForm
from .models import Indicator


def _require_manager(request: HttpRequest) -> None:
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý chỉ số và chỉ tiêu."))


def _next(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    # Only a path on this site: redirect() would read "-5" or "%" as a view name (a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect(default)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return request_today(request).year


def results_dashboard_body(*, year: int) -> SafeString:
    """The dashboard below its header (headline targets, light counts, the index table), rendered
    once per state of the data, year and language: verified values are public, so the fragment is
    the same for everyone (no CSRF token, nothing of the person in it) and rendering the forest
    is most of what the page costs. Every write that changes a figure here is audited, which moves
    the figures key (chidao.core.figures)."""
    def render_body() -> str:
        return str(render_to_string("indicators/_dashboard_body.html", {
            "dash": selectors.results_dashboard(year=year), "year": year, "labels": rules.LIGHT_LABELS,
        }))

    # The fragment was escaped by the template engine when it was rendered.
    return mark_safe(figures_cached("indicators.dashboard_body", (year, get_language()), render_body,
                                    reads=(concerns.INDICATORS, concerns.TASKS, concerns.PEOPLE)))


@login_required
def results_dashboard(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(request, "indicators/dashboard.html", {
        "body": results_dashboard_body(year=year), "year": year, "years": range(year - 2, year + 5),
        "can_manage": services.can_manage(request.user),
    })


@login_required
def index_detail(request: HttpRequest, pk: int) -> HttpResponse:
    index = selectors.indicator_get(pk=pk)
    year = _year(request)
    roots = selectors.forest_get(year=year, root_ids=[index.pk])
    if not roots:  # a group's page shows the tree it belongs to
        raise Http404
    return render(request, "indicators/index_detail.html", {
        "index": index, "root": roots[0], "rows": roots[0].walk(), "year": year,
        "years": range(year - 2, year + 5), "can_manage": services.can_manage(request.user),
    })


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(pk=pk)
    if indicator.parent_id is None:
        return redirect("indicator_index", pk=pk)
    user = request.user
    values = selectors.indicator_values(user=user, indicator=indicator)
    year = _year(request)
    node = next((n for r in selectors.forest_get(year=year) for n in r.walk() if n.indicator.pk == pk), None)
    manager = services.can_manage(user)
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "node": node, "year": year,
        "ancestors": _ancestors(indicator),
        "targets": list(indicator.targets.order_by("year")),
        "values": values,
        "chart": selectors.chart_data(indicator=indicator, values=values),
        "tasks": selectors.indicator_tasks(user=user, indicator=indicator, today=request_today(request)),
        "can_enter": services.can_enter(user, indicator), "can_manage": manager,
        "target_form": TargetForm(initial={"year": year}) if manager else None,
        "link_form": LinkTaskForm() if manager else None,
        "return_form": ReturnForm(),
        "period_label": lambda v: rules.period_label(indicator.periodicity, v.period_end),
    })


def _ancestors(indicator: Indicator) -> list[Indicator]:
    chain, node = [], indicator.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


@login_required
def indicator_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request)
    indicator = selectors.indicator_get(pk=pk) if pk else None
    initial = {}
    if indicator is not None:
        initial = {f: getattr(indicator, f) for f in IndicatorForm.base_fields if f not in {"parent", "owner_unit"}}
        initial.update(parent=indicator.parent_id, owner_unit=indicator.owner_unit_id)
    elif request.GET.get("parent", "").isdigit():
        initial = {"parent": int(request.GET["parent"])}
    form = IndicatorForm(request.POST or None, initial=initial)
    if indicator is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if indicator is None:
                code = data.pop("code")
                indicator = services.indicator_create(actor=request.user, code=code, **data)
            else:
                data.pop("code")
                services.indicator_update(actor=request.user, indicator=indicator, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu chỉ số %(c)s.") % {"c": indicator.code})
            return redirect("indicator_detail", pk=indicator.pk)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_POST
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    indicator = selectors.indicator_get(pk=pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_set(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã lưu chỉ tiêu năm %(y)s.") % {"y": form.cleaned_data["year"]})
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("indicator_detail", pk=pk)


@login_required
@require_POST
def task_link(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    indicator = selectors.indicator_get(pk=pk)
    form = LinkTaskForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_task_link(actor=request.user, indicator=indicator, task=form.cleaned_data["task"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã liên kết nhiệm vụ với chỉ số."))
    else:
        messages.error(request, _("Hãy chọn một nhiệm vụ."))
    return redirect("indicator_detail", pk=pk)


@login_required
@require_POST
def task_unlink(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    _require_manager(request)
    indicator = selectors.indicator_get(pk=pk)
    task = Task.objects.filter(pk=task_pk).first()
    if task is None:
        raise Http404
    services.indicator_task_unlink(actor=request.user, indicator=indicator, task=task)
    messages.success(request, _("Đã bỏ liên kết nhiệm vụ."))
    return redirect("indicator_detail", pk=pk)


@login_required
def value_create(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(pk=pk)
    if not services.can_enter(request.user, indicator):
        raise PermissionDenied(_("Chỉ đơn vị phụ trách chỉ số mới được nhập số liệu."))
    today = request_today(request)
    month = next(m for m in range(today.month, 13) if rules.period_allowed(indicator.periodicity, m))
    initial: dict[str, object] = {"year": today.year, "month": month, "source": indicator.data_source}
    # Re-entering a returned value: the form starts from it and carries its version.
    raw = str(request.GET.get("so-lieu", ""))
    again = indicator.values.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None
    if again is not None:
        initial.update(year=again.period_end.year, month=again.period_end.month, value=again.value, rank=again.rank,
                       source=again.source, note=again.note, decision_code=again.decision_code,
                       row_version=again.row_version)
    form = ValueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            services.value_enter(actor=request.user, indicator=indicator, files=request.FILES.getlist("files"),
                                 expected_version=data.pop("row_version", None), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã nhập số liệu; đang chờ Cơ quan thường trực xác minh."))
            return redirect("indicator_detail", pk=pk)
    return render(request, "indicators/value_form.html", {"form": form, "indicator": indicator})


@login_required
@require_POST
def value_verify(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    value = selectors.value_get(user=request.user, pk=pk)
    try:
        services.value_verify(actor=request.user, value=value)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã xác minh số liệu %(c)s.") % {"c": value.indicator.code})
    return _next(request, "indicator_verification")


@login_required
@require_POST
def value_return(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    value = selectors.value_get(user=request.user, pk=pk)
    try:
        services.value_return(actor=request.user, value=value, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã trả lại số liệu %(c)s cho đơn vị.") % {"c": value.indicator.code})
    return _next(request, "indicator_verification")


@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    rows = list(selectors.verification_queue()[:500])
    return render(request, "indicators/verification.html", {
        "rows": [(v, rules.period_label(v.indicator.periodicity, v.period_end)) for v in rows],
        "return_form": ReturnForm(),
    })


@login_required
def my_indicators(request: HttpRequest) -> HttpResponse:
    """The indicators a unit enters values for, with what was returned to it."""
    user = request.user
    if not (services.can_manage(user) or user.is_unit_user):
        raise PermissionDenied
    return render(request, "indicators/my_indicators.html", {
        "indicators": selectors.unit_owned_indicators(user=user)[:1000],
        "returned": [(v, rules.period_label(v.indicator.periodicity, v.period_end))
                     for v in selectors.returned_values(user=user)[:200]],
    })


@login_required
def values_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (services.can_manage(user) or user.is_unit_user):
        raise PermissionDenied
    preview, token = None, ""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("token"):
        form = ImportForm()
        try:
            done = imports.import_commit(actor=user, token=request.POST["token"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã nhập %(n)s số liệu; đang chờ xác minh.") % {"n": len(done.rows)})
            return redirect("indicator_mine")
    elif request.method == "POST" and form.is_valid():
        try:
            preview, token = imports.import_preview(actor=user, upload=form.cleaned_data["file"],
                                                    year=form.cleaned_data["year"], month=form.cleaned_data["month"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "indicators/import.html", {
        "form": form, "preview": preview, "token": token if preview and preview.ok else "",
        "period": rules.period_end(preview.year, preview.month) if preview else None,
    })


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    path = file_path(evidence.stored_name)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)



@login_required
def unit_indicators(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's indicators as of a day (the scorecard's drill-down); verified values are public,
    as on the dashboard. `?den=YYYY-MM-DD` (a period end), else the end of `?year=`."""
    try:
        period_end = dt.date.fromisoformat(request.GET.get("den", ""))
    except ValueError:
        period_end = min(dt.date(_year(request), 12, 31), request_today(request))
    data = selectors.unit_indicators_get(unit_pk=unit_pk, period_end=period_end)
    return render(request, "indicators/unit_indicators.html", {"data": data, "year": period_end.year})
