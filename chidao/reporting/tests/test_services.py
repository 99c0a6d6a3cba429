"""Reports, evidence, reviews and extensions: the workflow of DESIGN §4 and its bad inputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.audit.models import AuditEvent
from chidao.directives.models import Task, TaskKind, TaskState
from chidao.reporting.models import Evidence, ExtensionRequest, ExtensionState, ProgressReport, ReportState
from chidao.reporting.services import (
    evidence_remove,
    extension_decide,
    extension_request_create,
    report_draft_create,
    report_draft_update,
    report_review,
    report_revise,
    report_send_for_approval,
    report_submit,
)

D = dt.date
ASSIGNED = D(2025, 9, 1)
DUE = D(2025, 12, 31)
ASKED_ON = D(2025, 12, 1)
PROPOSED = D(2026, 3, 31)


@contextmanager
def nothing_written(files_dir: Path | None = None) -> Iterator[None]:
    """The block must leave reports, evidence, extensions, audit events (and files) as they were."""

    def state() -> tuple[int, ...]:
        stored = len([p for p in files_dir.rglob("*") if p.is_file()]) if files_dir and files_dir.exists() else 0
        return (ProgressReport.objects.count(), Evidence.objects.count(), ExtensionRequest.objects.count(),
                AuditEvent.objects.count(), stored)

    before = state()
    yield
    assert state() == before


def stored_files(files_dir: Path) -> list[Path]:
    return [p for p in files_dir.rglob("*") if p.is_file()] if files_dir.exists() else []


@pytest.fixture
def task(make_task: Callable[..., Task]) -> Task:
    return make_task(title="Xây dựng cơ sở dữ liệu đất đai", assigned_on=ASSIGNED, due_on=DUE)


def refreshed(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


class TestDraftAndSubmit:
    def test_officer_drafts_with_evidence_and_head_submits(
        self, task: Task, officer_a: Any, head_a: Any, make_pdf: Callable[..., Any], files_dir: Path
    ) -> None:
        report = report_draft_create(actor=officer_a, task=task, progress=40, results="Đã số hóa 40% hồ sơ",
                                     difficulties="Thiếu nhân lực", proposals="Bổ sung kinh phí",
                                     files=[make_pdf()])
        assert report.state == ReportState.DRAFT
        assert report.version == 1
        evidence = report.evidence.get()
        assert evidence.original_name == "bao-cao-ket-qua.pdf"
        assert evidence.content_type == "application/pdf"
        assert (files_dir / evidence.stored_name).read_bytes().startswith(b"%PDF-1.4")
        assert len(evidence.sha256) == 64

        report_send_for_approval(actor=officer_a, report=report)
        assert refreshed(report).state == ReportState.PENDING_APPROVAL

        report_submit(actor=head_a, report=report, on=D(2025, 10, 5))
        report = refreshed(report)
        assert report.state == ReportState.SUBMITTED
        assert report.submitted_on == D(2025, 10, 5)
        assert report.submitted_by == head_a
        task = refreshed(task)
        assert task.progress == 40
        assert task.last_reported_on == D(2025, 10, 5)
        assert task.state == TaskState.ASSIGNED

    def test_docx_evidence_is_accepted(self, task: Task, officer_a: Any, make_docx: Callable[..., Any]) -> None:
        report = report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True,
                                     files=[make_docx()])
        assert report.evidence.get().content_type.endswith("wordprocessingml.document")

    def test_officer_cannot_submit(self, task: Task, officer_a: Any) -> None:
        report = report_draft_create(actor=officer_a, task=task, progress=20)
        with nothing_written(), pytest.raises(PermissionDenied) as exc:
            report_submit(actor=officer_a, report=report, on=D(2025, 10, 5))
        assert "lãnh đạo đơn vị" in str(exc.value)
        assert refreshed(report).state == ReportState.DRAFT

    @pytest.mark.parametrize("who", ["officer_b", "head_b"])
    def test_a_unit_cannot_report_on_another_units_task(
        self, request: pytest.FixtureRequest, task: Task, who: str
    ) -> None:
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            report_draft_create(actor=actor, task=task, progress=10)

    def test_another_units_head_cannot_submit(self, task: Task, officer_a: Any, head_b: Any) -> None:
        report = report_draft_create(actor=officer_a, task=task, progress=20)
        with nothing_written(), pytest.raises(PermissionDenied):
            report_submit(actor=head_b, report=report, on=D(2025, 10, 5))

    def test_support_unit_cannot_report(self, make_task: Callable[..., Task], officer_b: Any, unit_b: Any) -> None:
        task = make_task(support_units=[unit_b])
        with nothing_written(), pytest.raises(PermissionDenied):
            report_draft_create(actor=officer_b, task=task, progress=10)

    @pytest.mark.parametrize("who", ["secretariat", "leader", "admin"])
    def test_committee_roles_do_not_write_unit_reports(
        self, request: pytest.FixtureRequest, task: Task, who: str
    ) -> None:
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            report_draft_create(actor=actor, task=task, progress=10)

    @pytest.mark.parametrize("progress", [-1, 101])
    def test_progress_outside_0_100_is_refused(self, task: Task, officer_a: Any, progress: int) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            report_draft_create(actor=officer_a, task=task, progress=progress)
        assert "progress" in exc.value.message_dict

    def test_a_draft_task_takes_no_report(self, make_task: Callable[..., Task], officer_a: Any) -> None:
        draft = make_task(assign=False)
        with nothing_written(), pytest.raises(ValidationError):
            report_draft_create(actor=officer_a, task=draft, progress=10)

    def test_a_submitted_report_cannot_be_submitted_or_edited_again(
        self, task: Task, submit_report: Callable[..., Any], head_a: Any, officer_a: Any
    ) -> None:
        report = submit_report(task, on=D(2025, 10, 5))
        with nothing_written(), pytest.raises(ValidationError):
            report_submit(actor=head_a, report=report, on=D(2025, 10, 6))
        with nothing_written(), pytest.raises(ValidationError):
            report_draft_update(actor=officer_a, report=report, progress=90)
        assert refreshed(report).progress == 50

    def test_draft_update_changes_the_draft(self, task: Task, officer_a: Any) -> None:
        report = report_draft_create(actor=officer_a, task=task, progress=20, results="Ban đầu")
        report_draft_update(actor=officer_a, report=report, progress=35, results="Đã bổ sung")
        report = refreshed(report)
        assert (report.progress, report.results) == (35, "Đã bổ sung")
        event = AuditEvent.objects.get(action="report.update")
        assert event.before["progress"] == 20
        assert event.after["progress"] == 35


class TestCompletionClaim:
    def test_claim_without_evidence_is_refused_at_draft(self, task: Task, officer_a: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True,
                                output_document="   ")
        assert "minh chứng" in exc.value.message_dict["claims_completion"][0]

    def test_claim_needs_full_progress(self, task: Task, officer_a: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            report_draft_create(actor=officer_a, task=task, progress=90, claims_completion=True,
                                output_document="45/QĐ-UBND")
        assert "100%" in exc.value.message_dict["progress"][0]

    def test_claim_without_evidence_is_refused_at_submit(
        self, task: Task, officer_a: Any, head_a: Any, make_pdf: Callable[..., Any]
    ) -> None:
        # The file was there at drafting and removed afterwards: the head cannot submit the claim.
        report = report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True,
                                     files=[make_pdf()])
        evidence_remove(actor=officer_a, evidence=report.evidence.get())
        assert not report.evidence.exists()
        with nothing_written(), pytest.raises(ValidationError) as exc:
            report_submit(actor=head_a, report=report, on=D(2025, 11, 20))
        assert "claims_completion" in exc.value.message_dict
        assert refreshed(report).state == ReportState.DRAFT
        assert refreshed(task).state == TaskState.ASSIGNED

    def test_output_document_alone_is_evidence(self, task: Task, submit_report: Callable[..., Any]) -> None:
        report = submit_report(task, on=D(2025, 11, 20), claim=True, output_document="45/QĐ-UBND")
        assert report.state == ReportState.SUBMITTED
        assert refreshed(task).state == TaskState.COMPLETION_REQUESTED

    def test_recurring_task_cannot_claim_completion(self, make_task: Callable[..., Task], officer_a: Any) -> None:
        task = make_task(kind=TaskKind.RECURRING)
        with nothing_written(), pytest.raises(ValidationError):
            report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True,
                                output_document="45/QĐ-UBND")

    def test_no_new_report_while_a_claim_awaits_review(
        self, task: Task, submit_report: Callable[..., Any], officer_a: Any
    ) -> None:
        submit_report(task, on=D(2025, 11, 20), claim=True)
        with nothing_written(), pytest.raises(ValidationError):
            report_draft_create(actor=officer_a, task=task, progress=60)

    def test_accepting_completes_the_task_dated_the_claims_submission(
        self, task: Task, submit_report: Callable[..., Any], secretariat: Any
    ) -> None:
        report = submit_report(task, on=D(2025, 11, 20), claim=True)
        report_review(actor=secretariat, report=report, accept=True)
        task = refreshed(task)
        assert task.state == TaskState.COMPLETED
        assert task.completed_on == D(2025, 11, 20)  # not the day of review
        assert task.progress == 100
        report = refreshed(report)
        assert report.state == ReportState.ACCEPTED
        assert report.reviewed_by == secretariat
        event = AuditEvent.objects.get(action="report.accept", task_ref=task.pk)
        assert "20/11/2025" in event.summary
        assert event.after["completed_on"] == "2025-11-20"

    def test_late_claim_accepted_is_done_late(
        self, task: Task, submit_report: Callable[..., Any], secretariat: Any
    ) -> None:
        report = submit_report(task, on=D(2026, 1, 3), claim=True)
        report_review(actor=secretariat, report=report, accept=True)
        task = refreshed(task)
        assert task.completed_on == D(2026, 1, 3) > task.due_on

    def test_returning_needs_a_comment(self, task: Task, submit_report: Callable[..., Any], secretariat: Any) -> None:
        report = submit_report(task, on=D(2025, 11, 20), claim=True)
        with nothing_written(), pytest.raises(ValidationError) as exc:
            report_review(actor=secretariat, report=report, accept=False, comment="  ")
        assert "comment" in exc.value.message_dict
        assert refreshed(report).state == ReportState.SUBMITTED
        assert refreshed(task).state == TaskState.COMPLETION_REQUESTED

    def test_returning_puts_the_task_back_to_work(
        self, task: Task, submit_report: Callable[..., Any], secretariat: Any
    ) -> None:
        report = submit_report(task, on=D(2025, 11, 20), claim=True)
        report_review(actor=secretariat, report=report, accept=False, comment="Chưa có quyết định ban hành")
        task = refreshed(task)
        assert task.state == TaskState.ASSIGNED
        assert task.completed_on is None
        assert refreshed(report).review_comment == "Chưa có quyết định ban hành"

    @pytest.mark.parametrize("who", ["leader", "member", "head_a", "officer_a"])
    def test_only_the_standing_office_reviews(
        self, request: pytest.FixtureRequest, task: Task, submit_report: Callable[..., Any], who: str
    ) -> None:
        report = submit_report(task, on=D(2025, 11, 20), claim=True)
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            report_review(actor=actor, report=report, accept=True)
        assert refreshed(task).state == TaskState.COMPLETION_REQUESTED

    def test_a_report_is_reviewed_once(self, task: Task, submit_report: Callable[..., Any], secretariat: Any) -> None:
        report = submit_report(task, on=D(2025, 10, 20))
        report_review(actor=secretariat, report=report, accept=True)
        with nothing_written(), pytest.raises(ValidationError):
            report_review(actor=secretariat, report=report, accept=False, comment="Đổi ý")


class TestRevise:
    def test_revising_a_returned_report_makes_version_2_and_keeps_version_1(
        self, task: Task, officer_a: Any, head_a: Any, secretariat: Any, make_pdf: Callable[..., Any]
    ) -> None:
        first = report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True,
                                    results="Đã hoàn thành", files=[make_pdf()])
        report_submit(actor=head_a, report=first, on=D(2025, 11, 20))
        report_review(actor=secretariat, report=first, accept=False, comment="Bổ sung quyết định phê duyệt")
        first = refreshed(first)
        snapshot = {f: getattr(first, f) for f in (
            "version", "state", "progress", "results", "claims_completion", "submitted_on", "review_comment",
            "reviewed_by_id", "submitted_by_id")}
        first_evidence = list(first.evidence.values_list("sha256", "original_name"))

        second = report_revise(actor=officer_a, report=first)
        assert second.version == 2
        assert second.previous == first
        assert second.state == ReportState.DRAFT
        assert list(second.evidence.values_list("sha256", "original_name")) == first_evidence

        report_draft_update(actor=officer_a, report=second, progress=100, claims_completion=True,
                            results="Đã hoàn thành, kèm Quyết định 45/QĐ-UBND", output_document="45/QĐ-UBND")
        report_submit(actor=head_a, report=second, on=D(2025, 11, 25))

        first = refreshed(first)
        assert {f: getattr(first, f) for f in snapshot} == snapshot
        assert snapshot["state"] == ReportState.RETURNED
        assert list(first.evidence.values_list("sha256", "original_name")) == first_evidence

        report_review(actor=secretariat, report=second, accept=True)
        assert refreshed(task).completed_on == D(2025, 11, 25)

    def test_only_a_returned_report_is_revised_and_only_once(
        self, task: Task, submit_report: Callable[..., Any], secretariat: Any, officer_a: Any
    ) -> None:
        report = submit_report(task, on=D(2025, 10, 20))
        with nothing_written(), pytest.raises(ValidationError):
            report_revise(actor=officer_a, report=report)
        report_review(actor=secretariat, report=report, accept=False, comment="Thiếu số liệu")
        report_revise(actor=officer_a, report=refreshed(report))
        with nothing_written(), pytest.raises(ValidationError):
            report_revise(actor=officer_a, report=refreshed(report))

    def test_another_unit_cannot_revise(
        self, task: Task, submit_report: Callable[..., Any], secretariat: Any, officer_b: Any
    ) -> None:
        report = submit_report(task, on=D(2025, 10, 20))
        report_review(actor=secretariat, report=report, accept=False, comment="Thiếu số liệu")
        with nothing_written(), pytest.raises(PermissionDenied):
            report_revise(actor=officer_b, report=refreshed(report))


class TestEvidenceFiles:
    def test_file_over_the_size_limit_is_refused(
        self, task: Task, officer_a: Any, make_pdf: Callable[..., Any], settings: Any, files_dir: Path
    ) -> None:
        settings.CHIDAO_MAX_UPLOAD_BYTES = 100
        upload = make_pdf(name="bao-cao-lon.pdf")
        assert upload.size > 100
        with nothing_written(files_dir), pytest.raises(ValidationError) as exc:
            report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True, files=[upload])
        assert "bao-cao-lon.pdf" in exc.value.messages[0]
        assert "vượt quá dung lượng" in exc.value.messages[0]
        assert stored_files(files_dir) == []

    @pytest.mark.parametrize("windows", [False, True], ids=["elf", "mz"])
    def test_executable_renamed_pdf_is_refused(
        self, task: Task, officer_a: Any, make_exe_pdf: Callable[..., Any], files_dir: Path, windows: bool
    ) -> None:
        with nothing_written(files_dir), pytest.raises(ValidationError) as exc:
            report_draft_create(actor=officer_a, task=task, progress=100, claims_completion=True,
                                files=[make_exe_pdf(windows=windows)])
        assert "không đúng với phần mở rộng .pdf" in exc.value.messages[0]
        assert not Evidence.objects.exists()
        assert stored_files(files_dir) == []

    def test_one_bad_file_refuses_the_whole_upload(
        self, task: Task, officer_a: Any, make_pdf: Callable[..., Any], make_exe_pdf: Callable[..., Any],
        files_dir: Path,
    ) -> None:
        report = report_draft_create(actor=officer_a, task=task, progress=30)
        with nothing_written(files_dir), pytest.raises(ValidationError):
            report_draft_update(actor=officer_a, report=report, progress=40,
                                files=[make_pdf(), make_exe_pdf()])
        assert refreshed(report).progress == 30
        assert stored_files(files_dir) == []

    def test_evidence_of_a_submitted_report_cannot_be_removed(
        self, task: Task, submit_report: Callable[..., Any], make_pdf: Callable[..., Any], officer_a: Any
    ) -> None:
        report = submit_report(task, on=D(2025, 10, 20), files=[make_pdf()])
        with nothing_written(), pytest.raises(ValidationError):
            evidence_remove(actor=officer_a, evidence=report.evidence.get())


class TestExtensions:
    def request(self, task: Task, head: Any, *, today: dt.date = ASKED_ON,
                proposed: dt.date = PROPOSED) -> ExtensionRequest:
        return extension_request_create(actor=head, task=task, proposed_due_on=proposed,
                                        reason="Chờ hướng dẫn của Bộ Tài nguyên và Môi trường", today=today)

    def test_request_before_the_deadline(self, task: Task, head_a: Any) -> None:
        request = self.request(task, head_a)
        assert request.state == ExtensionState.PENDING
        assert (request.requested_on, request.current_due_on) == (D(2025, 12, 1), DUE)
        assert refreshed(task).due_on == DUE  # nothing moves until a leader decides

    def test_request_on_the_due_day_is_still_in_time(self, task: Task, head_a: Any) -> None:
        assert self.request(task, head_a, today=DUE).state == ExtensionState.PENDING

    def test_request_after_the_deadline_is_refused(self, task: Task, head_a: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            self.request(task, head_a, today=DUE + dt.timedelta(days=1))
        assert "trước khi hết hạn" in exc.value.messages[0]
        assert "31/12/2025" in exc.value.messages[0]

    def test_request_for_a_completed_task_is_refused(
        self, task: Task, head_a: Any, complete_task: Callable[..., Task]
    ) -> None:
        complete_task(task, on=D(2025, 11, 20))
        with nothing_written(), pytest.raises(ValidationError):
            self.request(task, head_a)

    def test_request_for_a_cancelled_or_recurring_task_is_refused(
        self, task: Task, head_a: Any, secretariat: Any, make_task: Callable[..., Task]
    ) -> None:
        from chidao.directives.services import task_cancel

        task_cancel(actor=secretariat, task=task, reason="Điều chỉnh")
        recurring = make_task(kind=TaskKind.RECURRING)
        for t in (task, recurring):
            with nothing_written(), pytest.raises(ValidationError):
                self.request(t, head_a)

    def test_proposed_date_must_be_later(self, task: Task, head_a: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            self.request(task, head_a, proposed=DUE)
        assert "proposed_due_on" in exc.value.message_dict

    def test_reason_is_required(self, task: Task, head_a: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            extension_request_create(actor=head_a, task=task, proposed_due_on=D(2026, 3, 31), reason=" ",
                                     today=D(2025, 12, 1))
        assert "reason" in exc.value.message_dict

    def test_one_pending_request_at_a_time(self, task: Task, head_a: Any) -> None:
        self.request(task, head_a)
        with nothing_written(), pytest.raises(ValidationError):
            self.request(task, head_a, proposed=D(2026, 6, 30))

    @pytest.mark.parametrize("who", ["officer_a", "head_b"])
    def test_only_the_lead_units_head_requests(self, request: pytest.FixtureRequest, task: Task, who: str) -> None:
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            self.request(task, actor)

    def test_approve_moves_due_on_and_keeps_the_original(self, task: Task, head_a: Any, leader: Any) -> None:
        request = self.request(task, head_a)
        extension_decide(actor=leader, request=request, approve=True, reason="Đồng ý, lý do khách quan")
        task = refreshed(task)
        assert task.due_on == D(2026, 3, 31)
        assert task.original_due_on == DUE
        request = refreshed(request)
        assert request.state == ExtensionState.APPROVED
        assert request.decided_by == leader
        assert request.decision_reason == "Đồng ý, lý do khách quan"

    def test_a_second_extension_keeps_the_first_original(self, task: Task, head_a: Any, leader: Any) -> None:
        first = self.request(task, head_a)
        extension_decide(actor=leader, request=first, approve=True, reason="Đồng ý")
        second = self.request(refreshed(task), head_a, today=D(2026, 3, 1), proposed=D(2026, 6, 30))
        assert second.current_due_on == D(2026, 3, 31)
        extension_decide(actor=leader, request=second, approve=True, reason="Đồng ý lần cuối")
        task = refreshed(task)
        assert (task.original_due_on, task.due_on) == (DUE, D(2026, 6, 30))

    def test_reject_keeps_due_on(self, task: Task, head_a: Any, leader: Any) -> None:
        request = self.request(task, head_a)
        extension_decide(actor=leader, request=request, approve=False, reason="Không có căn cứ")
        assert refreshed(task).due_on == DUE
        assert refreshed(request).state == ExtensionState.REJECTED

    @pytest.mark.parametrize("who", ["secretariat", "head_a", "member", "officer_a"])
    def test_only_a_leader_decides(self, request: pytest.FixtureRequest, task: Task, head_a: Any, who: str) -> None:
        ext = self.request(task, head_a)
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            extension_decide(actor=actor, request=ext, approve=True, reason="Đồng ý")
        assert refreshed(ext).state == ExtensionState.PENDING
        assert refreshed(task).due_on == DUE

    def test_admin_may_decide(self, task: Task, head_a: Any, admin: Any) -> None:
        ext = self.request(task, head_a)
        extension_decide(actor=admin, request=ext, approve=True, reason="Đồng ý theo ủy quyền")
        assert refreshed(task).due_on == D(2026, 3, 31)

    def test_decision_needs_a_reason_and_is_taken_once(self, task: Task, head_a: Any, leader: Any) -> None:
        ext = self.request(task, head_a)
        with nothing_written(), pytest.raises(ValidationError):
            extension_decide(actor=leader, request=ext, approve=True, reason="")
        extension_decide(actor=leader, request=ext, approve=False, reason="Không đồng ý")
        with nothing_written(), pytest.raises(ValidationError):
            extension_decide(actor=leader, request=refreshed(ext), approve=True, reason="Đổi ý")
        assert refreshed(task).due_on == DUE


def test_a_second_draft_while_one_is_open_is_refused(make_task, officer_a) -> None:  # type: ignore[no-untyped-def]
    from chidao.reporting.models import ProgressReport
    from chidao.reporting.services import report_draft_create

    task = make_task()
    report_draft_create(actor=officer_a, task=task, progress=10)
    with pytest.raises(ValidationError, match="đang soạn"):
        report_draft_create(actor=officer_a, task=task, progress=20)
    assert ProgressReport.objects.filter(task=task).count() == 1
