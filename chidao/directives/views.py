"""Thin views over the directive and task services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.audit.selectors import task_timeline
from chidao.core.viewutils import apply_validation_error, error_text, paginate, request_today
from chidao.reporting.selectors import task_extensions, task_reports

from . import selectors, services
from .forms import CancelForm, DirectiveForm, DirectiveLeaderForm, TaskFilterForm, TaskForm
from .models import Directive, TaskKind, TaskState


def _require_manager(request: HttpRequest) -> None:
    if not request.user.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý văn bản và nhiệm vụ."))


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.directive_list(user=request.user, today=request_today(request))
    return render(request, "directives/directive_list.html", {"rows": rows})


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get(pk=pk)
    today = request_today(request)
    tree = selectors.task_tree(user=request.user, directive=directive, today=today)
    counts = selectors.status_counts(
        # The directive's own tasks and those of the directives under it, like the task list
        # its status links open.
        selectors.tasks_visible(user=request.user).filter(selectors.directive_ids_q(directive)), today=today
    )
    from . import rules

    return render(request, "directives/directive_detail.html", {
        "directive": directive,
        "tree": tree,
        "counts": counts,
        "rates": rules.rates_from_counts(counts),
        "children": directive.children.order_by("issued_on", "code"),
        "leader_form": DirectiveLeaderForm(initial={"leader_in_charge": directive.leader_in_charge_id},
                                           current_leader=directive.leader_in_charge_id)
        if request.user.can_manage_tasks else None,
    })


@login_required
@require_POST
def directive_leader_set(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    directive = selectors.directive_get(pk=pk)
    form = DirectiveLeaderForm(request.POST, current_leader=directive.leader_in_charge_id)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("directive_detail", pk=directive.pk)
    try:
        services.directive_leader_set(actor=request.user, directive=directive,
                                      leader_in_charge=form.cleaned_data["leader_in_charge"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã lưu lãnh đạo phụ trách."))
    return redirect("directive_detail", pk=directive.pk)


@login_required
def directive_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = DirectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã tạo văn bản %(code)s.") % {"code": directive.code})
            return redirect("directive_detail", pk=directive.pk)
    return render(request, "directives/directive_form.html", {"form": form})


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    filters = selectors.TaskFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.TaskFilters(
            directive=data["directive"], unit=data["unit"], status=data["status"], field=data["field"],
            due_from=data["due_from"], due_to=data["due_to"], q=data["q"], role=data["role"],
            leader=data["leader"],
        )
    role_note = ""
    if filters.role and filters.unit is None:
        if request.user.unit_id and not request.user.is_committee_wide:
            # A unit person choosing "Chủ trì" means their own unit's role.
            filters.unit = request.user.unit
            role_note = _("“Vai trò đơn vị” áp dụng cho đơn vị của anh/chị: %(u)s.") % {
                "u": request.user.unit.display_name}
        else:
            role_note = _("“Vai trò đơn vị” chỉ có tác dụng khi chọn một đơn vị; danh sách dưới đây chưa lọc theo "
                          "vai trò.")
    today = request_today(request)
    qs = selectors.task_list(user=request.user, filters=filters, today=today)
    if filters.q:
        # A search reads every candidate row (`LIKE '%word%'`): once for the matching ids, in list
        # order, instead of once for the count and again for the page; then the page's 50 rows by id.
        page = paginate(request, list(qs.values_list("pk", flat=True)), per_page=50)
        page.object_list = selectors.tasks_by_ids(ids=page.object_list, today=today)
    else:
        page = paginate(request, qs, per_page=50)
    filtered = any(v for k, v in request.GET.items() if k != "page")
    return render(request, "directives/task_list.html", {"form": form, "page": page, "filters": filters,
                                                         "role_note": role_note, "filtered": filtered})


def _form_directive(request: HttpRequest) -> Directive | None:
    raw = request.GET.get("directive") or request.POST.get("directive")
    return Directive.objects.filter(pk=raw).first() if raw and str(raw).isdigit() else None


@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    directive = _form_directive(request)
    if directive is None:
        messages.info(request, _("Hãy chọn văn bản chỉ đạo để thêm nhiệm vụ."))
        return redirect("directive_list")
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else None
    form = TaskForm(request.POST or None, directive=directive, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["unit_group"] is not None:
                group_task = services.task_group_assign(
                    actor=request.user, directive=directive, unit_group=data["unit_group"], title=data["title"],
                    code=data["code"], parent=data["parent"], kind=data["kind"], due_on=data["due_on"],
                    deadline_text=data["deadline_text"], expected_output=data["expected_output"],
                    support_units=list(data["support_units"]), field=data["field"], assign=data["assign"])
                messages.success(request, _("Đã giao nhiệm vụ cho nhóm %(g)s: %(n)s nhiệm vụ con.") % {
                    "g": data["unit_group"].name, "n": group_task.children.count()})
                return redirect("task_detail", pk=group_task.pk)
            task = services.task_create(
                actor=request.user, directive=directive, title=data["title"], code=data["code"],
                parent=data["parent"], kind=data["kind"], lead_unit=data["lead_unit"],
                support_units=list(data["support_units"]), due_on=data["due_on"],
                deadline_text=data["deadline_text"], expected_output=data["expected_output"],
                field=data["field"], weight=data["weight"], assign=data["assign"],
                leader_in_charge=data["leader_in_charge"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã tạo nhiệm vụ%(assigned)s.") % {
                "assigned": _(" và giao cho %(u)s") % {"u": task.lead_unit} if task.state == TaskState.ASSIGNED
                and task.lead_unit else ""})
            return redirect("task_detail", pk=task.pk)
    return render(request, "directives/task_form.html", {"form": form, "directive": directive, "task": None})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    task = selectors.task_get(user=request.user, pk=pk)
    initial = {
        "code": task.code, "title": task.title, "parent": task.parent_id, "kind": task.kind,
        "lead_unit": task.lead_unit_id, "support_units": list(task.support_units.all()), "due_on": task.due_on,
        "deadline_text": task.deadline_text, "expected_output": task.expected_output, "field": task.field,
        "weight": task.weight, "leader_in_charge": task.leader_in_charge_id, "row_version": task.row_version,
    }
    form = TaskForm(request.POST or None, directive=task.directive, initial=initial,
                    current_leader=task.leader_in_charge_id)
    form.fields.pop("assign")
    form.fields.pop("unit_group")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                actor=request.user, task=task, title=data["title"], lead_unit=data["lead_unit"],
                support_units=list(data["support_units"]), kind=data["kind"], due_on=data["due_on"],
                expected_output=data["expected_output"], field=data["field"],
                deadline_text=data["deadline_text"], weight=data["weight"],
                leader_in_charge=data["leader_in_charge"], expected_version=data.get("row_version"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("task_detail", pk=task.pk)
    return render(request, "directives/task_form.html", {"form": form, "directive": task.directive, "task": task})


@login_required
@require_POST
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    task = selectors.task_get(user=request.user, pk=pk)
    try:
        services.task_assign(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã giao nhiệm vụ cho %(u)s.") % {"u": task.lead_unit})
    return redirect("task_detail", pk=task.pk)


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    task = selectors.task_get(user=request.user, pk=pk)
    form = CancelForm(request.POST)
    try:
        services.task_cancel(actor=request.user, task=task, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã hủy nhiệm vụ."))
    del form
    return redirect("task_detail", pk=task.pk)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    today = request_today(request)
    user = request.user
    from chidao.orgs.selectors import user_unit_ids

    is_lead_unit = user.is_unit_user and task.lead_unit_id in user_unit_ids(user=user)
    reports = task_reports(user=user, task=task)
    open_draft = next((r for r in reports if r.state in {"draft", "pending_approval"}), None)
    extensions = task_extensions(task=task)
    leader_in_charge, leader_source = selectors.task_leader_in_charge(task)
    return render(request, "directives/task_detail.html", {
        "task": task,
        "leader_in_charge": leader_in_charge,
        "leader_source": leader_source,
        "status": selectors.task_status_of(task, today=today) if task.kind != TaskKind.GROUP else "",
        "support_units": list(task.support_units.all()),
        "children": list(task.children.select_related("lead_unit").order_by("position", "id")),
        "reports": reports,
        "open_draft": open_draft,
        "extensions": extensions,
        "pending_extension": next((e for e in extensions if e.state == "pending"), None),
        "timeline": task_timeline(task=task),
        "is_lead_unit": is_lead_unit,
        "can_report": is_lead_unit and task.state == TaskState.ASSIGNED and task.kind != TaskKind.GROUP
        and open_draft is None,
        "can_request_extension": is_lead_unit and user.role == "unit_head" and task.kind == TaskKind.DEADLINE
        and task.state in {TaskState.ASSIGNED, TaskState.COMPLETION_REQUESTED}
        and task.due_on is not None and today <= task.due_on,
        "can_manage": user.can_manage_tasks,
        "cancel_form": CancelForm(),
        "today": today,
    })
