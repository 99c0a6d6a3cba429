"""Every write of progress reports, evidence, reviews and extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.concurrency import changed_fields, lock_fresh, save_changed, version_check
from chidao.core.files import file_store, file_validate
from chidao.core.formatting import format_date
from chidao.directives.models import Task, TaskKind, TaskState
from chidao.notifications.events import extension_decided_notify, report_reviewed_notify
from chidao.orgs.models import Role, User
from chidao.orgs.selectors import user_unit_ids

from .models import Evidence, ExtensionRequest, ExtensionState, ProgressReport, ReportState

REPORTABLE_STATES = {TaskState.ASSIGNED}


def _require_lead_unit_user(actor: User, task: Task, *, head_only: bool = False) -> None:
    if not actor.is_unit_user or task.lead_unit_id not in user_unit_ids(user=actor):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì mới được báo cáo nhiệm vụ này."))
    if head_only and actor.role != Role.UNIT_HEAD:
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị mới được duyệt và gửi báo cáo."))


def _validate_content(
    *, progress: int, claims_completion: bool, output_document: str, has_files: bool
) -> None:
    errors: dict[str, str] = {}
    if not 0 <= progress <= 100:
        errors["progress"] = _("Tiến độ phải từ 0 đến 100 %.")
    if claims_completion and progress != 100:
        errors["progress"] = _("Đề nghị hoàn thành thì tiến độ phải là 100%.")
    if claims_completion and not has_files and not output_document.strip():
        errors["claims_completion"] = _(
            "Đề nghị hoàn thành phải có minh chứng: tệp đính kèm hoặc số, ký hiệu văn bản sản phẩm."
        )
    if errors:
        raise ValidationError(errors)


def _attach(actor: User, report: ProgressReport, files: Sequence[UploadedFile]) -> list[Evidence]:
    for upload in files:  # validate every file before storing any: all or nothing
        file_validate(upload)
    created = []
    for upload in files:
        stored = file_store(upload)
        created.append(
            Evidence.objects.create(
                report=report, original_name=stored.original_name, stored_name=stored.stored_name,
                content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
                uploaded_by=actor,
            )
        )
    return created


def _report_snapshot(report: ProgressReport) -> dict[str, object]:
    return {
        "version": report.version,
        "state": report.state,
        "progress": report.progress,
        "claims_completion": report.claims_completion,
        "output_document": report.output_document,
        "results": report.results,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
    }


def report_draft_create(
    *,
    actor: User,
    task: Task,
    progress: int,
    results: str = "",
    difficulties: str = "",
    proposals: str = "",
    claims_completion: bool = False,
    output_document: str = "",
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """An officer (or the head) of the lead unit drafts a report, with evidence files."""
    _require_lead_unit_user(actor, task)
    if task.kind == TaskKind.GROUP:
        raise ValidationError(_("Nhóm nhiệm vụ không báo cáo riêng; hãy báo cáo từng nhiệm vụ."))
    if task.state not in REPORTABLE_STATES:
        raise ValidationError(_("Nhiệm vụ đang ở trạng thái “%(state)s”, không nhận báo cáo mới.")
                              % {"state": task.get_state_display()})
    if claims_completion and task.kind == TaskKind.RECURRING:
        raise ValidationError({"claims_completion": _("Nhiệm vụ thường xuyên không đề nghị hoàn thành.")})
    if task.reports.filter(state__in=[ReportState.DRAFT, ReportState.PENDING_APPROVAL]).exists():
        raise ValidationError(_("Nhiệm vụ đã có một báo cáo đang soạn; hãy mở và hoàn thiện báo cáo đó."))
    _validate_content(progress=progress, claims_completion=claims_completion,
                      output_document=output_document, has_files=bool(files))
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task, unit=task.lead_unit, progress=progress, results=results.strip(),
            difficulties=difficulties.strip(), proposals=proposals.strip(),
            claims_completion=claims_completion, output_document=output_document.strip(),
            drafted_by=actor, version=_next_version(task),
        )
        _attach(actor, report, files)
        audit_record(
            actor=actor, action="report.draft", target=report, task_id=task.pk,
            summary=_("Soạn báo cáo tiến độ lần %(v)s (%(p)s%%)") % {"v": report.version, "p": progress},
            after=_report_snapshot(report),
        )
    return report


def _next_version(task: Task) -> int:
    last = task.reports.order_by("-version").values_list("version", flat=True).first()
    return (last or 0) + 1


def report_draft_update(
    *,
    actor: User,
    report: ProgressReport,
    progress: int,
    results: str = "",
    difficulties: str = "",
    proposals: str = "",
    claims_completion: bool = False,
    output_document: str = "",
    files: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> ProgressReport:
    """Edit a draft. The row is locked and re-read: a form drawn from an older `row_version` is
    refused, a report submitted meanwhile is not edited, and only the changed fields are written."""
    _require_lead_unit_user(actor, report.task)
    if claims_completion and report.task.kind == TaskKind.RECURRING:
        raise ValidationError({"claims_completion": _("Nhiệm vụ thường xuyên không đề nghị hoàn thành.")})
    with transaction.atomic():
        lock_fresh(report)
        version_check(report, expected_version)
        if report.state not in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}:
            raise ValidationError(_("Báo cáo đã gửi không sửa được; báo cáo bị trả lại được soạn thành lần mới."))
        has_files = bool(files) or report.evidence.exists()
        _validate_content(progress=progress, claims_completion=claims_completion,
                          output_document=output_document, has_files=has_files)
        before = _report_snapshot(report)
        changed = changed_fields(report, {
            "progress": progress, "results": results.strip(), "difficulties": difficulties.strip(),
            "proposals": proposals.strip(), "claims_completion": claims_completion,
            "output_document": output_document.strip(),
        })
        # Editing keeps the report where it is: a report awaiting the head stays awaiting.
        save_changed(report, changed, extra=["updated_at"])
        _attach(actor, report, files)
        audit_record(
            actor=actor, action="report.update", target=report, task_id=report.task_id,
            summary=_("Sửa dự thảo báo cáo lần %(v)s") % {"v": report.version},
            before=before, after=_report_snapshot(report),
        )
    return report


def report_send_for_approval(*, actor: User, report: ProgressReport) -> ProgressReport:
    _require_lead_unit_user(actor, report.task)
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("Chỉ dự thảo mới trình lãnh đạo đơn vị được."))
    with transaction.atomic():
        report.state = ReportState.PENDING_APPROVAL
        report.save(update_fields=["state", "updated_at"])
        audit_record(
            actor=actor, action="report.send_for_approval", target=report, task_id=report.task_id,
            summary=_("Trình lãnh đạo đơn vị duyệt báo cáo lần %(v)s") % {"v": report.version},
            after={"state": report.state},
        )
    return report


def report_submit(*, actor: User, report: ProgressReport, on: dt.date | None = None) -> ProgressReport:
    """The unit head approves and submits: the report reaches the standing office."""
    task = report.task
    _require_lead_unit_user(actor, task, head_only=True)
    if report.state not in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}:
        raise ValidationError(_("Báo cáo này đã được gửi."))
    if task.state not in REPORTABLE_STATES:
        raise ValidationError(_("Nhiệm vụ đang ở trạng thái “%(state)s”, không nhận báo cáo mới.")
                              % {"state": task.get_state_display()})
    _validate_content(progress=report.progress, claims_completion=report.claims_completion,
                      output_document=report.output_document, has_files=report.evidence.exists())
    now = timezone.now()
    if on is not None and on != timezone.localdate(now):
        # A back-dated submission (demo history, imported records) keeps its own day.
        now = timezone.make_aware(dt.datetime.combine(on, timezone.localtime(now).time()))
    with transaction.atomic():
        # Report first, then its task (the order every decision takes); re-checked on the fresh rows.
        lock_fresh(report)
        task = lock_fresh(report.task)
        if report.state not in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}:
            raise ValidationError(_("Báo cáo này đã được gửi."))
        if task.state not in REPORTABLE_STATES:
            raise ValidationError(_("Nhiệm vụ đang ở trạng thái “%(state)s”, không nhận báo cáo mới.")
                                  % {"state": task.get_state_display()})
        report.row_version += 1
        report.state = ReportState.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = now
        report.submitted_on = on or timezone.localdate(now)
        report.save()
        task_before = {"state": task.state, "progress": task.progress}
        task.progress = report.progress
        task.last_reported_on = report.submitted_on
        if report.claims_completion:
            task.state = TaskState.COMPLETION_REQUESTED
        task.row_version += 1
        task.save(update_fields=["progress", "last_reported_on", "state", "updated_at", "row_version"])
        audit_record(
            actor=actor, action="report.submit", target=report, task_id=task.pk,
            summary=(_("Gửi đề nghị hoàn thành (lần %(v)s)") if report.claims_completion
                     else _("Gửi báo cáo tiến độ lần %(v)s: %(p)s%%")) % {"v": report.version, "p": report.progress},
            before=task_before, after={"state": task.state, "progress": task.progress,
                                       "report": _report_snapshot(report)},
        )
    return report


def report_review(
    *, actor: User, report: ProgressReport, accept: bool, comment: str = ""
) -> ProgressReport:
    """The standing office accepts a report or returns it with a comment. Accepting a
    completion claim completes the task, dated the day the claim was submitted.

    The report row, then its task, are locked and re-read before the state is checked: of two
    reviews at once, the second sees the first's decision and is refused. Four eyes: whoever
    drafted or submitted the report does not review it."""
    if actor.role not in {Role.SECRETARIAT, Role.ADMIN}:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới thẩm định báo cáo."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Trả lại báo cáo phải nêu lý do để đơn vị biết cần bổ sung gì.")})
    with transaction.atomic():
        lock_fresh(report)
        task = lock_fresh(report.task)
        if actor.pk in {report.drafted_by_id, report.submitted_by_id}:
            raise PermissionDenied(_("Người soạn hoặc gửi báo cáo không được tự thẩm định báo cáo đó."))
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(_("Báo cáo này không ở trạng thái chờ thẩm định."))
        if accept and report.claims_completion and task.state != TaskState.COMPLETION_REQUESTED:
            raise ValidationError(
                _("Nhiệm vụ đang ở trạng thái “%(state)s”; không thể công nhận hoàn thành.")
                % {"state": task.get_state_display()}
            )
        report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
        report.reviewed_by = actor
        report.reviewed_at = timezone.now()
        report.review_comment = comment.strip()
        report.row_version += 1
        report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment", "row_version",
                                   "updated_at"])
        task_before = {"state": task.state, "completed_on": task.completed_on}
        if report.claims_completion and task.state == TaskState.COMPLETION_REQUESTED:
            if accept:
                task.state = TaskState.COMPLETED
                task.completed_on = report.submitted_on
                task.progress = 100
            else:
                task.state = TaskState.ASSIGNED
            task.row_version += 1
            task.save(update_fields=["state", "completed_on", "progress", "updated_at", "row_version"])
        if accept and report.claims_completion:
            summary = _("Công nhận hoàn thành nhiệm vụ, ngày hoàn thành %(d)s") % {
                "d": format_date(task.completed_on)}
        elif accept:
            summary = _("Tiếp nhận báo cáo lần %(v)s") % {"v": report.version}
        else:
            summary = _("Trả lại báo cáo lần %(v)s: %(c)s") % {"v": report.version, "c": report.review_comment}
        audit_record(
            actor=actor, action="report.accept" if accept else "report.return", target=report,
            task_id=task.pk, summary=summary, before=task_before,
            after={"state": task.state, "completed_on": task.completed_on, "report_state": report.state,
                   "comment": report.review_comment},
        )
        report_reviewed_notify(report=report, accepted=accept)
    return report


def report_revise(*, actor: User, report: ProgressReport) -> ProgressReport:
    """Answer a returned report with a new version (the returned one is never overwritten)."""
    _require_lead_unit_user(actor, report.task)
    if report.state != ReportState.RETURNED:
        raise ValidationError(_("Chỉ báo cáo bị trả lại mới được soạn lại thành lần mới."))
    if hasattr(report, "next_version"):
        raise ValidationError(_("Báo cáo này đã được soạn lại thành lần %(v)s.") % {"v": report.next_version.version})
    if report.task.state not in REPORTABLE_STATES:
        raise ValidationError(_("Nhiệm vụ không nhận báo cáo mới."))
    with transaction.atomic():
        new = ProgressReport.objects.create(
            task=report.task, unit=report.unit, previous=report, version=_next_version(report.task),
            progress=report.progress, results=report.results, difficulties=report.difficulties,
            proposals=report.proposals, claims_completion=report.claims_completion,
            output_document=report.output_document, drafted_by=actor,
        )
        Evidence.objects.bulk_create(
            Evidence(report=new, original_name=e.original_name, stored_name=e.stored_name,
                     content_type=e.content_type, size=e.size, sha256=e.sha256, uploaded_by=e.uploaded_by)
            for e in report.evidence.all()
        )
        audit_record(
            actor=actor, action="report.revise", target=new, task_id=report.task_id,
            summary=_("Soạn lại báo cáo bị trả lại thành lần %(v)s") % {"v": new.version},
            after=_report_snapshot(new),
        )
    return new


def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    report = evidence.report
    _require_lead_unit_user(actor, report.task)
    if report.state not in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}:
        raise ValidationError(_("Không gỡ được minh chứng của báo cáo đã gửi."))
    with transaction.atomic():
        name, digest = evidence.original_name, evidence.sha256
        evidence.delete()  # the domain row first, then the audit head (one lock order)
        audit_record(
            actor=actor, action="evidence.remove", target=report, task_id=report.task_id,
            summary=_("Gỡ minh chứng “%(n)s”") % {"n": name},
            before={"file": name, "sha256": digest},
        )


def extension_request_create(
    *, actor: User, task: Task, proposed_due_on: dt.date, reason: str, today: dt.date | None = None
) -> ExtensionRequest:
    """The unit head asks for more time, before the deadline passes."""
    _require_lead_unit_user(actor, task, head_only=True)
    today = today or timezone.localdate()
    if task.kind != TaskKind.DEADLINE:
        raise ValidationError(_("Chỉ nhiệm vụ có thời hạn mới được đề nghị gia hạn."))
    if task.state in {TaskState.COMPLETED, TaskState.CANCELLED}:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành hoặc đã hủy, không gia hạn được."))
    if task.state == TaskState.DRAFT:
        raise ValidationError(_("Nhiệm vụ chưa được giao."))
    if task.due_on is None or today > task.due_on:
        raise ValidationError(
            _("Đề nghị gia hạn phải gửi trước khi hết hạn; nhiệm vụ đã quá hạn từ %(d)s.")
            % {"d": format_date(task.due_on)}
        )
    if proposed_due_on <= task.due_on:
        raise ValidationError({"proposed_due_on": _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(d)s).")
                               % {"d": format_date(task.due_on)}})
    if not reason.strip():
        raise ValidationError({"reason": _("Đề nghị gia hạn phải nêu lý do.")})
    if task.extension_requests.filter(state=ExtensionState.PENDING).exists():
        raise ValidationError(_("Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định."))
    with transaction.atomic():
        request = ExtensionRequest.objects.create(
            task=task, requested_by=actor, requested_on=today, current_due_on=task.due_on,
            proposed_due_on=proposed_due_on, reason=reason.strip(),
        )
        audit_record(
            actor=actor, action="extension.request", target=request, task_id=task.pk,
            summary=_("Đề nghị gia hạn từ %(a)s đến %(b)s") % {
                "a": format_date(task.due_on), "b": format_date(proposed_due_on)},
            after={"current_due_on": task.due_on, "proposed_due_on": proposed_due_on, "reason": request.reason},
        )
    return request


def extension_decide(
    *, actor: User, request: ExtensionRequest, approve: bool, reason: str
) -> ExtensionRequest:
    """A leader approves (the task's due date moves) or rejects, always with a reason. The
    request row, then its task, are locked and re-read first: two decisions never both pass."""
    if not actor.can_decide_extensions:
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo mới quyết định gia hạn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Quyết định gia hạn phải nêu ý kiến, lý do.")})
    with transaction.atomic():
        lock_fresh(request)
        task = lock_fresh(request.task)
        if request.state != ExtensionState.PENDING:
            raise ValidationError(_("Đề nghị gia hạn này đã được quyết định."))
        if approve and task.state in {TaskState.COMPLETED, TaskState.CANCELLED}:
            raise ValidationError(_("Nhiệm vụ đã hoàn thành hoặc đã hủy."))
        request.state = ExtensionState.APPROVED if approve else ExtensionState.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_reason = reason.strip()
        request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        before = {"due_on": task.due_on}
        if approve:
            task.due_on = request.proposed_due_on
            task.row_version += 1
            task.save(update_fields=["due_on", "updated_at", "row_version"])
        audit_record(
            actor=actor, action="extension.approve" if approve else "extension.reject", target=request,
            task_id=task.pk,
            summary=(_("Đồng ý gia hạn đến %(d)s: %(r)s") if approve else _("Không đồng ý gia hạn: %(r)s"))
            % {"d": format_date(request.proposed_due_on), "r": request.decision_reason},
            before=before, after={"due_on": task.due_on, "state": request.state},
        )
        extension_decided_notify(request=request)
    return request
