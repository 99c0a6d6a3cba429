"""Thin views: report downloads, spreadsheet exports, the plan import and the unit aliases."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.formatting import format_date
from chidao.core.viewutils import apply_validation_error, error_text, request_today
from chidao.directives import selectors as task_selectors
from chidao.directives.forms import TaskFilterForm
from chidao.directives.models import Directive
from chidao.orgs.models import OrgUnit
from chidao.parsing.units import unit_matcher_from_db

from . import hooks, selectors, services, xlsx
from . import render as docx_render
from .conf import document_layout
from .forms import AliasesForm, ConsolidatedReportForm, PlanImportForm, TextImportForm
from .importer import ImportFileError, PlanPreview, plan_preview
from .samples import appendix_workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _slug(text: str) -> str:
    return slugify(text.replace("/", "-").replace("Đ", "D").replace("đ", "d")) or "bao-cao"


def _require_manager(request: HttpRequest) -> None:
    if not request.user.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được nhập nhiệm vụ."))


# --- reports -----------------------------------------------------------------------------------

@login_required
def consolidated_report(request: HttpRequest, pk: int) -> HttpResponse:
    directive = task_selectors.directive_get(pk=pk)
    selectors.require_consolidated_access(request.user)
    today = request_today(request)
    form = ConsolidatedReportForm(request.POST or None, initial={
        "as_of": today, "layout": document_layout(), "proposals": selectors.default_proposals()})
    rounds = hooks.round_choices(directive)
    if rounds:
        form.fields["round"].choices = [("", _("— Không theo kỳ: số liệu đến ngày đã chọn —")), *rounds]
    else:
        del form.fields["round"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        as_of, period_from, label = data["as_of"] or today, data["period_from"], data["period_label"]
        round_id = data.get("round")
        info = hooks.round_resolve(round_id) if round_id else None
        if info is not None:
            as_of = data["as_of"] or info.as_of
            period_from = period_from or info.period_from
            label = label or info.label
        report = selectors.consolidated_report_get(
            user=request.user, directive=directive, as_of=as_of, period_from=period_from,
            period_label=label, round_id=round_id if info is not None else None,
        )
        content = docx_render.consolidated_docx(report, layout=data["layout"], proposals=data["proposals"],
                                                issued_on=today)
        return _download(content, f"bao-cao-tong-hop-{_slug(directive.code)}-{as_of:%Y%m%d}.docx", DOCX)
    return render(request, "documents/consolidated_form.html", {
        "directive": directive, "form": form, "round_support": hooks.round_support_installed(),
        "extra_exports": [e for e in hooks.xlsx_exports() if e.listed],
    })


@login_required
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_selectors.task_get(user=request.user, pk=pk)
    today = request_today(request)
    context = selectors.task_report_get(user=request.user, task=task, as_of=today)
    content = docx_render.task_docx(context, layout=request.GET.get("layout"), issued_on=today)
    name = _slug(f"{task.code.replace('.', '-')} {task.title}" if task.code else task.title)[:80].rstrip("-")
    return _download(content, f"bao-cao-nhiem-vu-{name}-{today:%Y%m%d}.docx", DOCX)


@login_required
def unit_report(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, pk=pk)
    today = request_today(request)
    raw = request.GET.get("directive")
    directive = Directive.objects.filter(pk=raw).first() if raw and raw.isdigit() else None
    context = selectors.unit_report_get(user=request.user, unit=unit, as_of=today, directive=directive)
    content = docx_render.unit_docx(context, layout=request.GET.get("layout"), issued_on=today)
    return _download(content, f"bao-cao-don-vi-{unit.code}-{today:%Y%m%d}.docx", DOCX)


# --- spreadsheets ------------------------------------------------------------------------------

@login_required
def task_list_xlsx(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    filters = task_selectors.TaskFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = task_selectors.TaskFilters(
            directive=data["directive"], unit=data["unit"], status=data["status"], field=data["field"],
            due_from=data["due_from"], due_to=data["due_to"], q=data["q"], role=data["role"],
        )
    today = request_today(request)
    qs = task_selectors.task_list(user=request.user, filters=filters, today=today)
    return _download(xlsx.tasks_xlsx(qs=qs, filters=filters, today=today), f"nhiem-vu-{today:%Y%m%d}.xlsx", XLSX)


@login_required
def ranking_xlsx(request: HttpRequest) -> HttpResponse:
    # The supervision app's scorecard ranking replaces the ranking by completion rate (same URL).
    if any(e.key == "xep-hang-diem" for e in hooks.xlsx_exports()):
        return extra_xlsx(request, "xep-hang-diem")
    raw = request.GET.get("directive")
    directive = Directive.objects.filter(pk=raw).first() if raw and raw.isdigit() else None
    today = request_today(request)
    return _download(xlsx.ranking_xlsx(user=request.user, directive=directive, today=today),
                     f"xep-hang-don-vi-{today:%Y%m%d}.xlsx", XLSX)


@login_required
def extra_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    """Exports contributed by other apps through report_hooks.xlsx_exports (round status, indicators…)."""
    selectors.require_consolidated_access(request.user)
    export = next((e for e in hooks.xlsx_exports() if e.key == key), None)
    if export is None:
        raise Http404
    raw = request.GET.get("directive")
    directive = Directive.objects.filter(pk=raw).first() if raw and raw.isdigit() else None
    title, lines, headers, rows = export.build(user=request.user, directive=directive, today=request_today(request),
                                               params=request.GET)
    columns = [h if isinstance(h, xlsx.Column) else xlsx.Column(h, max(10, min(50, len(h) + 4))) for h in headers]
    data = xlsx.workbook_bytes(title=title, filter_lines=lines, columns=columns, rows=rows)
    return _download(data, f"{key}-{request_today(request):%Y%m%d}.xlsx", XLSX)


# --- plan import -------------------------------------------------------------------------------

def _import_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _session_key(token: str) -> str:
    return f"plan_import_{token}"


def _preview_for(directive: Directive, data: bytes, name: str, assigned_on) -> PlanPreview:  # type: ignore[no-untyped-def]
    return plan_preview(data=data, file_name=name, matcher=unit_matcher_from_db(), assigned_on=assigned_on)


@login_required
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    directive = task_selectors.directive_get(pk=pk)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.CHIDAO_MAX_UPLOAD_BYTES:
            form.add_error("file", _("Tệp quá lớn."))
        else:
            data = upload.read()
            assign = form.cleaned_data["assign"]
            assigned_on = (form.cleaned_data["assigned_on"] or directive.issued_on or request_today(request)) \
                if assign else None
            try:
                preview = _preview_for(directive, data, upload.name, assigned_on)
            except ImportFileError as exc:
                form.add_error("file", exc.message)
            else:
                token = secrets.token_urlsafe(16)
                (_import_dir() / f"{token}.xlsx").write_bytes(data)
                request.session[_session_key(token)] = {
                    "directive": directive.pk, "name": upload.name, "assign": assign,
                    "assigned_on": assigned_on.isoformat() if assigned_on else None,
                }
                return render(request, "documents/plan_import_preview.html", {
                    "directive": directive, "preview": preview, "token": token, "assign": assign,
                    "assigned_on": assigned_on,
                })
    return render(request, "documents/plan_import.html", {"directive": directive, "form": form})


@login_required
@require_POST
def plan_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    directive = task_selectors.directive_get(pk=pk)
    token = request.POST.get("token", "")
    state = request.session.get(_session_key(token)) if token.replace("-", "").replace("_", "").isalnum() else None
    path = _import_dir() / f"{token}.xlsx"
    if not state or state["directive"] != directive.pk or not path.is_file():
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
        return redirect("plan_import", pk=directive.pk)
    import datetime as dt

    assigned_on = dt.date.fromisoformat(state["assigned_on"]) if state["assigned_on"] else None
    try:
        preview = _preview_for(directive, path.read_bytes(), state["name"], assigned_on)
        created = services.plan_import_commit(actor=request.user, directive=directive, preview=preview,
                                              assign=state["assign"], assigned_on=assigned_on)
    except (ImportFileError, ValidationError) as exc:
        messages.error(request, exc.message if isinstance(exc, ImportFileError) else error_text(exc))
        return redirect("plan_import", pk=directive.pk)
    path.unlink(missing_ok=True)
    request.session.pop(_session_key(token), None)
    messages.success(request, _("Đã nhập %(t)s nhiệm vụ và %(g)s nhóm nhiệm vụ từ tệp %(f)s.") % {
        "t": len(preview.tasks), "g": len(preview.groups), "f": state["name"]})
    del created
    return redirect("directive_detail", pk=directive.pk)


@login_required
def plan_import_sample(request: HttpRequest) -> HttpResponse:
    return _download(appendix_workbook(), "phu-luc-nhiem-vu-mau.xlsx", XLSX)


# --- unit aliases ------------------------------------------------------------------------------

@login_required
def unit_aliases(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    units = OrgUnit.objects.filter(is_active=True).order_by("kind", "name")
    q = request.GET.get("q", "").strip()
    test = None
    if q:
        test = unit_matcher_from_db().match_many(q)
    return render(request, "documents/unit_aliases.html", {"units": units, "q": q, "test": test})


@login_required
def unit_aliases_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    form = AliasesForm(request.POST or None, initial={"aliases": unit.aliases})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_aliases_update(actor=request.user, unit=unit, aliases=form.cleaned_data["aliases"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu tên gọi khác của %(u)s.") % {"u": unit.name})
            return redirect("unit_aliases")
    return render(request, "documents/unit_aliases_edit.html", {"unit": unit, "form": form,
                                                                 "today": format_date(request_today(request))})


# --- tasks from a document ("Thêm nhiệm vụ từ văn bản") ---------------------------------------------


@login_required
def tasks_from_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste or upload a text (.docx, .pdf with a text layer, .txt); the reader proposes one task per
    assignment; the secretary edits and confirms; the tasks are created and assigned, all or nothing."""
    from chidao.directives import proposals
    from chidao.directives.services import confirmed_tasks_create
    from chidao.meetings.reader import conclusions_read
    from chidao.parsing.documents import DocumentReadError, uploaded_document_text

    _require_manager(request)
    directive = task_selectors.directive_get(pk=pk)
    form = TextImportForm(request.POST or None, request.FILES or None)
    units, groups = proposals.choices()
    context: dict[str, object] = {"directive": directive, "form": form, **proposals.choice_context(units, groups)}
    if request.method == "POST" and request.POST.get("step") == "confirm":
        rows = proposals.rows_from_post(request.POST)
        tasks = proposals.confirmed_tasks(rows, units, groups)
        if not tasks:
            messages.error(request, _("Chưa chọn nhiệm vụ nào để thêm."))
        else:
            try:
                created = confirmed_tasks_create(actor=request.user, directive=directive, tasks=tasks,
                                                 assigned_on=request_today(request))
            except ValidationError as exc:
                context["errors"] = exc.messages
            else:
                messages.success(request, _("Đã thêm và giao %(n)s nhiệm vụ từ văn bản.") % {"n": len(created)})
                return redirect("directive_detail", pk=directive.pk)
        return render(request, "documents/tasks_from_document.html", {**context, "rows": rows, "step": "confirm"})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        upload = form.cleaned_data.get("document")
        try:
            if upload is not None:
                text = uploaded_document_text(upload)
        except DocumentReadError as exc:
            form.add_error("document", exc.message)
        else:
            if not text.strip():
                form.add_error("text", _("Hãy dán nội dung văn bản hoặc tải lên một tệp."))
            else:
                rows = proposals.rows_from_proposals(conclusions_read(text, unit_matcher_from_db(),
                                                                      today=request_today(request)))
                return render(request, "documents/tasks_from_document.html",
                              {**context, "rows": rows, "step": "confirm"})
    return render(request, "documents/tasks_from_document.html", {**context, "step": "read"})
