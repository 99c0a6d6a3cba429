"""Thin views over progress reports, reviews, evidence and extensions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import concerns
from chidao.core.figures import figures_cached
from chidao.core.files import file_path
from chidao.core.viewutils import apply_validation_error, error_text, paginate, request_today
from chidao.directives.selectors import task_get
from chidao.orgs.models import Role
from chidao.orgs.selectors import user_unit_ids

from . import selectors, services
from .forms import DecisionForm, ExtensionForm, ReportForm, ReviewForm
from .models import ReportState


def _content_kwargs(form: ReportForm, request: HttpRequest) -> dict[str, object]:
    data = form.cleaned_data
    return {
        "progress": data["progress"], "results": data["results"], "difficulties": data["difficulties"],
        "proposals": data["proposals"], "claims_completion": data["claims_completion"],
        "output_document": data["output_document"], "files": request.FILES.getlist("files"),
    }


def _after_save(request: HttpRequest, report, action: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Run the button the person pressed after saving the content: save, send to head, submit."""
    if action == "send":
        services.report_send_for_approval(actor=request.user, report=report)
        messages.success(request, _("Đã trình lãnh đạo đơn vị duyệt báo cáo."))
    elif action == "submit":
        services.report_submit(actor=request.user, report=report)
        messages.success(request, _("Đã duyệt và gửi báo cáo đến Cơ quan thường trực."))
    else:
        messages.success(request, _("Đã lưu dự thảo báo cáo."))
    return redirect("report_detail", pk=report.pk)


@login_required
def report_create(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = task_get(user=request.user, pk=task_pk)
    if not request.user.is_unit_user or task.lead_unit_id not in user_unit_ids(user=request.user):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì mới được báo cáo nhiệm vụ này."))
    form = ReportForm(request.POST or None, initial={"progress": task.progress})
    if request.method == "POST" and form.is_valid():
        try:
            # Saving and the button's action are one change: a refused "send" or "submit" keeps nothing.
            with transaction.atomic():
                report = services.report_draft_create(actor=request.user, task=task,
                                                      **_content_kwargs(form, request))
                return _after_save(request, report, request.POST.get("action", "save"))
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "reporting/report_form.html", {"form": form, "task": task, "report": None})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    user = request.user
    is_own_unit = user.is_unit_user and report.unit_id in user_unit_ids(user=user)
    editable = is_own_unit and report.state in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}
    form = None
    if editable:
        form = ReportForm(request.POST or None, initial={
            "progress": report.progress, "results": report.results, "difficulties": report.difficulties,
            "proposals": report.proposals, "claims_completion": report.claims_completion,
            "output_document": report.output_document, "row_version": report.row_version,
        })
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    services.report_draft_update(actor=user, report=report, **_content_kwargs(form, request),
                                                 expected_version=form.cleaned_data.get("row_version"))
                    return _after_save(request, report, request.POST.get("action", "save"))
            except ValidationError as exc:
                report.refresh_from_db()
                apply_validation_error(form, exc)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "reporting/report_detail.html", {
        "report": report,
        "task": report.task,
        "form": form,
        "editable": editable,
        "is_head": user.role == Role.UNIT_HEAD,
        "can_revise": is_own_unit and report.state == ReportState.RETURNED
        and not hasattr(report, "next_version") and report.task.state == "assigned",
        "can_review": user.role in {Role.SECRETARIAT, Role.ADMIN} and report.state == ReportState.SUBMITTED
        and user.pk not in {report.drafted_by_id, report.submitted_by_id},  # four eyes
        "review_form": ReviewForm(),
        "evidence": list(report.evidence.all()),
    })


@login_required
@require_POST
def report_revise(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        new = services.report_revise(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("report_detail", pk=report.pk)
    messages.success(request, _("Đã tạo báo cáo lần %(v)s từ báo cáo bị trả lại; hãy bổ sung rồi gửi lại.")
                     % {"v": new.version})
    return redirect("report_detail", pk=new.pk)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.report_review(actor=request.user, report=report, accept=accept,
                               comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("report_detail", pk=pk)
    if accept and report.claims_completion:
        messages.success(request, _("Đã công nhận hoàn thành nhiệm vụ."))
    elif accept:
        messages.success(request, _("Đã tiếp nhận báo cáo."))
    else:
        messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
    return redirect("review_queue")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    path = file_path(evidence.stored_name)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    if not request.user.is_unit_user:
        return redirect("home")
    user = request.user
    today = request_today(request)

    def compute() -> tuple[str, str]:
        ws = selectors.workspace_get(user=user, today=today)
        # Only the unit and the role show in these fragments (no form, no CSRF token).
        context = {"ws": ws, "user": user}
        return (render_to_string("reporting/_workspace_reports.html", context),
                render_to_string("reporting/_workspace_tasks.html", context))

    # What the unit owes changes only with the data or the day: its lists, rendered, are reused
    # by every person of the unit with the same role until then (core/figures.py).
    reports_html, tasks_html = figures_cached(
        "workspace", (user.unit_id, user.role, today, get_language()), compute,
        reads=(concerns.TASKS, concerns.REPORTS, concerns.ROUNDS, concerns.PEOPLE))
    return render(request, "reporting/workspace.html", {
        "reports_html": mark_safe(reports_html),  # rendered by the template engine: escaped
        "tasks_html": mark_safe(tasks_html),
    })


UNIT_REPORT_LISTS = {
    "draft": gettext_lazy("Báo cáo đang soạn, chờ duyệt"),
    "returned": gettext_lazy("Báo cáo bị trả lại – cần bổ sung"),
    "submitted": gettext_lazy("Báo cáo chờ Cơ quan thường trực thẩm định"),
}


@login_required
def unit_report_list(request: HttpRequest) -> HttpResponse:
    """The whole of one of the workspace's report lists (the workspace shows the newest 20)."""
    if not request.user.is_unit_user:
        return redirect("home")
    state = request.GET.get("state", "draft")
    if state not in UNIT_REPORT_LISTS:
        state = "draft"
    page = paginate(request, selectors.unit_reports(user=request.user, state=state), per_page=50)
    return render(request, "reporting/unit_report_list.html", {
        "page": page, "state": state, "heading": UNIT_REPORT_LISTS[state], "states": UNIT_REPORT_LISTS.items(),
    })


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if request.user.role not in {Role.SECRETARIAT, Role.ADMIN, Role.LEADER}:
        raise PermissionDenied
    page = paginate(request, selectors.review_queue(user=request.user), per_page=30)
    return render(request, "reporting/review_queue.html", {"page": page, "review_form": ReviewForm()})


@login_required
def extension_create(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = task_get(user=request.user, pk=task_pk)
    if request.user.role != Role.UNIT_HEAD or task.lead_unit_id not in user_unit_ids(user=request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị chủ trì mới được đề nghị gia hạn."))
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request_create(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn đến lãnh đạo Ban Chỉ đạo."))
            return redirect("task_detail", pk=task.pk)
    return render(request, "reporting/extension_form.html", {"form": form, "task": task})


@login_required
def extension_queue(request: HttpRequest) -> HttpResponse:
    if request.user.role not in {Role.LEADER, Role.ADMIN, Role.SECRETARIAT}:
        raise PermissionDenied
    items = list(selectors.extension_queue(user=request.user)[:200])
    return render(request, "reporting/extension_queue.html", {"items": items, "form": DecisionForm()})


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    ext = selectors.extension_get(user=request.user, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.extension_decide(actor=request.user, request=ext, approve=approve,
                                  reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã đồng ý gia hạn.") if approve else _("Đã không đồng ý gia hạn."))
    return redirect("extension_queue")
