"""Thin views of study: my assignments, one assignment (study, quiz, reflection), giving one, statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chidao.core.viewutils import apply_validation_error, error_text, paginate, request_today
from chidao.library.selectors import document_by_code, documents_visible
from chidao.orgs.models import OrgUnit

from . import rules, selectors, services
from .forms import AssignmentForm, DueForm, ReflectionForm


def _id_param(request: HttpRequest, name: str) -> int | None:
    """An id from the query string, or None; never a number no database column can hold."""
    raw = request.GET.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None

@login_required
def study_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    others = selectors.sees_others(user) or services.can_assign(user)
    return render(request, "study/home.html", {
        "mine": selectors.assignments_for_person(user=user, today=request_today(request)),
        "assignments": selectors.assignment_list(user=user)[:100] if others else [],
        "can_assign": services.can_assign(user), "sees_others": others,
        "badges": rules.STATE_BADGES,
    })


@login_required
def study_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_assign(user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc bí thư chi bộ mới được giao học tập."))
    office = services.is_office(user)
    initial = {}
    if (document_id := _id_param(request, "document")) is not None:
        doc = documents_visible(user=user).filter(pk=document_id).first()
        if doc is not None:
            initial = {"documents": doc.code, "title": _("Học tập, quán triệt %(d)s") % {"d": doc.label}}
    form = AssignmentForm(request.POST or None, initial=initial, office=office, cells_led=services.cells_led(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        codes = [c.strip() for c in d["documents"].splitlines() if c.strip()]
        documents, unknown = [], []
        for code in codes:
            doc = document_by_code(user=user, code=code)
            (documents.append(doc) if doc else unknown.append(code))
        people, missing = services.people_by_usernames(d["people"].splitlines())
        if unknown:
            form.add_error("documents", _("Không tìm thấy trong thư viện: %(c)s.") % {"c": ", ".join(unknown)})
        if missing:
            form.add_error("people", _("Không tìm thấy người: %(c)s.") % {"c": ", ".join(missing[:20])})
        if not unknown and not missing:
            questions = [services.QuestionDraft(text=q, choices=c, correct=k)
                         for q, c, k in rules.parse_quiz(d["quiz"])]
            try:
                assignment = services.assignment_create(
                    actor=user, title=d["title"], documents=documents, due_on=d["due_on"], today=request_today(request),
                    units=list(d.get("units") or []), cells=list(d["cells"]), people=people,
                    description=d["description"], pass_mark=d["pass_mark"], questions=questions)
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "questions" in exc.error_dict:
                    exc.error_dict["quiz"] = exc.error_dict.pop("questions")
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Đã giao học tập cho %(n)s người.") % {"n": assignment.records.count()})
                return redirect("study_assignment", pk=assignment.pk)
    return render(request, "study/create.html", {"form": form})


@login_required
def study_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    record = selectors.record_for(user=request.user, assignment=assignment)
    today = request_today(request)
    questions = list(assignment.questions.prefetch_related("choices")) if record else []
    state = None
    if record is not None:
        studied_on = timezone.localtime(record.studied_at).date() if record.studied_at else None
        state = rules.record_state(studied_on=studied_on, due_on=assignment.due_on, today=today)
    return render(request, "study/assignment.html", {
        "assignment": assignment, "record": record, "state": state,
        "state_label": rules.STATE_LABELS.get(state or "", ""), "badge": rules.STATE_BADGES.get(state or "", ""),
        "documents": documents_visible(user=request.user).filter(study_assignments=assignment),
        "questions": questions, "n_questions": assignment.questions.count(),
        "attempts": record.quiz_attempts.all()[:10] if record else [],
        "reflection_form": ReflectionForm(initial={"reflection": record.reflection, "commitment": record.commitment})
        if record else None,
        "sees_stats": selectors.sees_others(request.user),
        "can_manage": services.can_manage_assignment(request.user, assignment),
        "due_form": DueForm(initial={"due_on": assignment.due_on}),
    })


def _own_assignment(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if selectors.record_for(user=request.user, assignment=assignment) is None:
        raise PermissionDenied(_("Bạn không có trong danh sách học tập này."))
    return assignment


@login_required
@require_POST
def study_mark(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    try:
        services.record_mark_studied(user=request.user, assignment=assignment, today=request_today(request))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã xác nhận hoàn thành việc học tập."))
    return redirect("study_assignment", pk=pk)


def _managed_assignment(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if not services.can_manage_assignment(request.user, assignment):
        raise PermissionDenied(_("Chỉ người giao đợt học tập này mới được thay đổi nó."))
    return assignment


@login_required
@require_POST
def study_due_set(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _managed_assignment(request, pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("study_assignment", pk=pk)
    try:
        services.assignment_due_set(actor=request.user, assignment=assignment, due_on=form.cleaned_data["due_on"],
                                    today=request_today(request))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã đổi hạn hoàn thành thành %(d)s.")
                         % {"d": assignment.due_on.strftime("%d/%m/%Y")})
    return redirect("study_assignment", pk=pk)


@login_required
@require_POST
def study_close(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _managed_assignment(request, pk)
    try:
        services.assignment_close(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã kết thúc đợt học tập."))
    return redirect("study_assignment", pk=pk)


@login_required
@require_POST
def study_quiz(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    answers: dict[int, int] = {}
    for key, value in request.POST.items():
        if key.startswith("q") and key[1:].isdigit() and value.isdigit() and len(value) < 12:
            answers[int(key[1:])] = int(value)
    try:
        attempt = services.quiz_submit(user=request.user, assignment=assignment, answers=answers)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if attempt.passed:
            messages.success(request, _("Đạt: %(s)s%% (điểm đạt %(p)s%%).") % {"s": attempt.score,
                                                                              "p": assignment.pass_mark})
        else:
            messages.warning(request, _("Chưa đạt: %(s)s%% (điểm đạt %(p)s%%). Đồng chí có thể làm lại.")
                             % {"s": attempt.score, "p": assignment.pass_mark})
    return redirect("study_assignment", pk=pk)


@login_required
@require_POST
def study_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("study_assignment", pk=pk)
    try:
        _record, created = services.reflection_submit(user=request.user, assignment=assignment,
                                                      **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã lưu bản thu hoạch.") if created
                         else _("Bản thu hoạch này đã được gửi trước đó; không lưu lại lần nữa."))
    return redirect("study_assignment", pk=pk)


def _require_stats(request: HttpRequest) -> None:
    if not selectors.sees_others(request.user):
        raise PermissionDenied(_("Bạn chỉ xem được việc học tập của mình."))


CELLS_SHOWN = 100


@login_required
def study_stats(request: HttpRequest, pk: int) -> HttpResponse:
    _require_stats(request)
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    unit = None
    if (unit_id := _id_param(request, "unit")) is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    stats = selectors.assignment_stats(user=request.user, assignment=assignment, unit=unit,
                                       today=request_today(request))
    # Every cell of the city is too long a table: by cell once a unit is chosen, or when there are few.
    show_cells = unit is not None or len(stats.cells) <= CELLS_SHOWN
    return render(request, "study/stats.html", {"assignment": assignment, "stats": stats, "show_cells": show_cells,
                                                "measures": selectors.MEASURES})


MEASURE_LABELS = {"assigned": gettext_lazy("Được giao"), "studied": gettext_lazy("Đã học"),
                  "passed": gettext_lazy("Đạt bài kiểm tra"), "late": gettext_lazy("Trễ hạn"),
                  "not_studied": gettext_lazy("Chưa học")}


@login_required
def study_people(request: HttpRequest, pk: int) -> HttpResponse:
    _require_stats(request)
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    measure = request.GET.get("measure", "assigned")
    if measure not in selectors.MEASURES:
        measure = "assigned"
    cell = _id_param(request, "cell")
    unit = _id_param(request, "unit")
    records = selectors.record_list(user=request.user, assignment=assignment, measure=measure, cell_id=cell,
                                    unit_id=unit, today=request_today(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "study/people.html", {
        "assignment": assignment, "page": paginate(request, records, per_page=50), "measure": measure,
        "measure_label": MEASURE_LABELS[measure], "query": query.urlencode()})
