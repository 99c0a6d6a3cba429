"""Thin views over the supervision services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.viewutils import apply_validation_error, error_text, paginate, request_today
from chidao.directives.selectors import task_get
from chidao.orgs.models import OrgUnit
from chidao.reporting.selectors import report_get

from . import periods, rules, selectors, services
from .forms import (
    AnswerForm,
    DirectionForm,
    RecommendationFilterForm,
    RecommendationForm,
    SettingsForm,
    UnitDirectionForm,
    WarningFilterForm,
)

# Bootstrap's colours of the grade badges, for the ranking chart (grades follow the thresholds).
GRADE_COLOURS = {rules.EXCELLENT: "#198754", rules.GOOD: "#0d6efd", rules.PASSED: "#0dcaf0", rules.FAILED: "#dc3545",
                 rules.NO_DATA: "#6c757d"}


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would read "-5" or "%" as a view name (a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- early warnings ------------------------------------------------------------------------------


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    form = WarningFilterForm(request.GET or None)
    unit = directive = None
    if form.is_valid():
        unit, directive = form.cleaned_data["unit"], form.cleaned_data["directive"]
    if not request.user.is_committee_wide:
        form.fields.pop("unit")  # a unit sees only its own tasks' warnings
    settings = selectors.supervision_settings_get()
    items = selectors.warnings_list(user=request.user, today=request_today(request), unit=unit, directive=directive,
                                    margins=selectors.warning_margins(settings))
    return render(request, "supervision/warning_list.html", {
        "form": form, "page": paginate(request, items, per_page=50), "total": items.count(),
        "settings": settings,
    })


# --- settings ------------------------------------------------------------------------------------


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    if not selectors.can_manage_settings(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được thay đổi thiết lập giám sát."))
    current = selectors.supervision_settings_get()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_settings_update(
                actor=request.user, **{name: form.cleaned_data[name] for name in services.SETTING_FIELDS})
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thiết lập giám sát."))
            return redirect("supervision_settings")
    return render(request, "supervision/settings_form.html", {"form": form, "current": current})


# --- directions ----------------------------------------------------------------------------------


@login_required
def direction_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.direction_list(user=request.user)
    return render(request, "supervision/direction_list.html", {
        "page": paginate(request, qs, per_page=30),
        "can_give": selectors.can_give_direction(request.user),
        "form": UnitDirectionForm() if selectors.can_give_direction(request.user) else None,
    })


@login_required
def direction_create(request: HttpRequest) -> HttpResponse:
    """Give a direction to a unit (form), or on a task (`task` in the POST, from the task page)."""
    if not selectors.can_give_direction(request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo mới được cho ý kiến chỉ đạo."))
    raw_task = request.POST.get("task") or request.GET.get("task")
    task = task_get(user=request.user, pk=int(raw_task)) if raw_task and raw_task.isdigit() else None
    form: DirectionForm = DirectionForm(request.POST or None) if task else UnitDirectionForm(
        request.POST or None, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_give(actor=request.user, content=form.cleaned_data["content"], task=task,
                                    unit=None if task else form.cleaned_data["unit"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
            if task is not None and not form.non_field_errors() and not form.errors.get("content"):
                messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã gửi ý kiến chỉ đạo."))
            fallback = reverse("task_detail", args=[task.pk]) if task else reverse("direction_list")
            return redirect(_back(request, fallback))
    return render(request, "supervision/direction_form.html", {"form": form, "task": task})


@login_required
@require_POST
def direction_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    direction = selectors.direction_get(user=request.user, pk=pk)
    try:
        services.direction_acknowledge(actor=request.user, direction=direction)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã xác nhận tiếp nhận ý kiến chỉ đạo."))
    return redirect(_back(request, reverse("direction_list")))


# --- recommendations -----------------------------------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    form = RecommendationFilterForm(request.GET or None)
    filters = selectors.RecommendationFilters()
    if form.is_valid():
        filters = selectors.RecommendationFilters(status=form.cleaned_data["status"], box=form.cleaned_data["box"],
                                                  unit=form.cleaned_data["unit"])
    today = request_today(request)
    qs = selectors.recommendation_list(user=request.user, today=today, filters=filters)
    counts_filters = selectors.RecommendationFilters(box=filters.box, unit=filters.unit)
    return render(request, "supervision/recommendation_list.html", {
        "form": form, "page": paginate(request, qs, per_page=30),
        "counts": selectors.recommendation_counts(user=request.user, today=today, filters=counts_filters),
        "statuses": [(s, rules.RECOMMENDATION_LABELS[s], rules.RECOMMENDATION_BADGES[s])
                     for s in rules.RECOMMENDATION_STATUSES],
        "can_raise": selectors.can_raise_recommendation(request.user),
        "status": filters.status,
    })


@login_required
def recommendation_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_raise_recommendation(request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo, chuyên viên của đơn vị mới gửi kiến nghị."))
    form = RecommendationForm(request.POST or None)
    form.fields["to_unit"].queryset = form.fields["to_unit"].queryset.exclude(pk=request.user.unit_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rec = services.recommendation_raise(actor=request.user, content=data["content"], to_unit=data["to_unit"],
                                                response_due_on=data["response_due_on"],
                                                today=request_today(request))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã gửi kiến nghị."))
            return redirect("recommendation_detail", pk=rec.pk)
    return render(request, "supervision/recommendation_form.html", {"form": form})


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=pk)
    today = request_today(request)
    can_answer = selectors.can_answer_recommendation(request.user, rec) and rec.answered_on is None
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if not selectors.can_answer_recommendation(request.user, rec):
            raise PermissionDenied(_("Anh/chị không phải nơi nhận kiến nghị này nên không trả lời được."))
        if form.is_valid():
            try:
                services.recommendation_answer(actor=request.user, recommendation=rec,
                                               answer=form.cleaned_data["answer"], on=today)
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):  # already answered: the page shows the first answer
                    messages.error(request, error_text(exc))
                    return redirect("recommendation_detail", pk=rec.pk)
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Đã trả lời kiến nghị."))
                return redirect("recommendation_detail", pk=rec.pk)
    status = rules.recommendation_status(response_due_on=rec.response_due_on, answered_on=rec.answered_on,
                                         today=today)
    return render(request, "supervision/recommendation_detail.html", {
        "rec": rec, "status": status, "form": form, "can_answer": can_answer,
    })


@login_required
@require_POST
def recommendation_from_report(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=report_pk)
    try:
        rec = services.recommendation_from_report(actor=request.user, report=report, today=request_today(request))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("report_detail", pk=report.pk)
    messages.success(request, _("Đã chuyển kiến nghị, đề xuất của báo cáo thành kiến nghị gửi Ban Chỉ đạo."))
    return redirect("recommendation_detail", pk=rec.pk)


# --- scorecards and ranking ----------------------------------------------------------------------


def _period(request: HttpRequest) -> periods.Period:
    today = request_today(request)
    raw = request.GET.get("period") or request.POST.get("period") or ""
    if raw:
        try:
            return periods.period_parse(raw)
        except ValueError as exc:
            messages.error(request, str(exc))
    return periods.period_current(request.GET.get("kind_period", periods.MONTH), today)


def _period_choices(today) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    choices = []
    for kind, count in ((periods.MONTH, 13), (periods.QUARTER, 5), (periods.YEAR, 3)):
        p = periods.period_current(kind, today)
        for _i in range(count):
            choices.append((p.key, p.label))
            p = p.previous()
    return choices


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    today = request_today(request)
    period = _period(request)
    data = selectors.ranking_get(user=request.user, period=period, kind=request.GET.get("kind", ""), today=today)
    return render(request, "supervision/ranking.html", {
        "ranking": data, "period_choices": _period_choices(today),
        "kind_labels": dict(OrgUnit._meta.get_field("kind").choices),
        "can_freeze": selectors.can_manage_settings(request.user) and data.closed and data.snapshot is None,
        "grades": rules.GRADE_LABELS,
    })


@login_required
def scorecard_detail(request: HttpRequest, unit_pk: int) -> HttpResponse:
    today = request_today(request)
    period = _period(request)
    unit, line, snapshot = selectors.scorecard_detail_get(user=request.user, unit_pk=unit_pk, period=period,
                                                          today=today)
    s = selectors.supervision_settings_get()
    weights = snapshot.settings if snapshot else {name: getattr(s, name) for name in services.SETTING_FIELDS}
    return render(request, "supervision/scorecard_detail.html", {
        "unit": unit, "line": line, "snapshot": snapshot, "period": period, "weights": weights,
        "as_of": min(period.end, today), "period_choices": _period_choices(today),
    })


@login_required
@require_POST
def scorecard_freeze(request: HttpRequest) -> HttpResponse:
    if not selectors.can_manage_settings(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được chốt bảng điểm."))
    try:
        period = periods.period_parse(request.POST.get("period", ""))
        services.scorecard_freeze(actor=request.user, period=period, today=request_today(request))
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("ranking")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã chốt bảng điểm %(p)s.") % {"p": period.label})
    return redirect(f"{reverse('ranking')}?period={period.key}")


# --- the leader's supervision dashboard ----------------------------------------------------------


@login_required
def supervision_dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_committee_wide:
        raise Http404  # a unit has its own workspace; this page compares every unit
    today = request_today(request)
    period = periods.period_current(periods.MONTH, today)
    data = selectors.supervision_dashboard_get(user=request.user, today=today, period=period,
                                               kind=request.GET.get("kind", ""))
    status_order = ["done_on_time", "done_late", "open_on_time", "not_started", "open_overdue"]
    from chidao.directives import rules as task_rules

    chart = {
        "status": {
            "labels": [task_rules.STATUS_LABELS[s] for s in status_order],
            "values": [data.counts[s] for s in status_order],
            "codes": status_order,
        },
        "trend": {
            "labels": [d.strftime("%m/%Y") for d, _rate in data.trend],
            "values": [float(rate) if rate is not None else None for _d, rate in data.trend],
        },
        "ranking": {
            "labels": [line.unit_name for line in data.ranking.lines if line.score is not None],
            "values": [float(line.score) for line in data.ranking.lines if line.score is not None],
            "colours": [GRADE_COLOURS[line.grade] for line in data.ranking.lines if line.score is not None],
        },
    }
    return render(request, "supervision/dashboard.html", {
        "d": data, "chart": chart, "period": period,
        # One readable bar per unit (about 30 px each) rather than labels Chart.js would skip.
        "ranking_height": max(240, 30 * len(chart["ranking"]["labels"]) + 60),
        "kind_labels": dict(OrgUnit._meta.get_field("kind").choices),
    })
