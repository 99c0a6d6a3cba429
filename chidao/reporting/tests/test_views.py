"""Report, review, evidence and extension pages, driven through the test client as each person."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.http import FileResponse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chidao.core.tests.helpers import (
    by_testid,
    ddmmyyyy,
    listed_task_ids,
    queries_for,
    snapshot,
    stored_files,
    text,
    today,
)
from chidao.directives.models import TaskState
from chidao.reporting.models import Evidence, ExtensionRequest, ExtensionState, ProgressReport, ReportState

pytestmark = pytest.mark.django_db


def report_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "progress": 100, "results": "Đã hoàn thành và đưa vào vận hành", "difficulties": "", "proposals": "",
        "claims_completion": "on", "output_document": "", "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def download(response: FileResponse) -> bytes:
    # No response.close() here: the test client already closed it, and a second close fires
    # request_finished, which closes the real database connection (seen on PostgreSQL).
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------------------------------------
# Another unit: never opens, edits, reports on or downloads unit_a's work
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_b", "head_b"])
def test_other_unit_cannot_reach_unit_a_reports_evidence_or_extensions(
    who: str, request: Any, world: Any, client_as: Any, make_pdf: Any, files_dir: Path,
) -> None:
    c = client_as(request.getfixturevalue(who))
    before, files_before = snapshot(), stored_files(files_dir)
    w = world
    later = ddmmyyyy(w.task.due_on + dt.timedelta(days=30))

    denied = [
        c.get(f"/nhiem-vu/{w.task.pk}/bao-cao/moi/"),
        c.post(f"/nhiem-vu/{w.task.pk}/bao-cao/moi/",
               report_data(action="send", files=make_pdf("gia-mao.pdf", "Giả mạo"))),
        c.get(f"/nhiem-vu/{w.task.pk}/gia-han/"),
        c.post(f"/nhiem-vu/{w.task.pk}/gia-han/", {"proposed_due_on": later, "reason": "Xin thêm thời gian"}),
        c.get(f"/bao-cao/{w.submitted.pk}/"),
        c.get(f"/bao-cao/{w.draft.pk}/"),
        c.get(f"/bao-cao/{w.returned.pk}/"),
        c.post(f"/bao-cao/{w.draft.pk}/", report_data(action="submit", results="Sửa trái phép")),
        c.post(f"/bao-cao/{w.returned.pk}/soan-lai/"),
        c.post(f"/bao-cao/{w.submitted.pk}/tham-dinh/", {"decision": "accept"}),
        c.post(f"/bao-cao/{w.submitted.pk}/tham-dinh/", {"decision": "return", "comment": "Trả lại trái phép"}),
        c.get(f"/minh-chung/{w.submitted_evidence.pk}/"),
        c.get(f"/minh-chung/{w.draft_evidence.pk}/"),
        c.post(f"/gia-han/{w.extension.pk}/quyet-dinh/", {"decision": "approve", "reason": "Tự duyệt"}),
        c.get("/tham-dinh/"),
        c.get("/gia-han/"),
    ]
    assert [r.status_code for r in denied if r.status_code not in {403, 404}] == []
    assert snapshot() == before
    assert stored_files(files_dir) == files_before

    # The workspace lists only the unit's own work.
    ws = c.get("/don-vi-cua-toi/")
    assert listed_task_ids(ws, "tasks-to-report") == {w.own_task.pk}
    for title in ("Xây dựng trung tâm dữ liệu thành phố", "Hoàn thiện cơ sở dữ liệu công chức",
                  "Ban hành quy chế chia sẻ dữ liệu", "Triển khai nền tảng họp không giấy"):
        assertNotContains(ws, title)

    # The positive control: the unit's own report and evidence open.
    assertContains(c.get(f"/bao-cao/{w.own_report.pk}/"), "Đã mở 3 lớp")
    own_file = c.get(f"/minh-chung/{w.own_evidence.pk}/")
    assert own_file.status_code == 200
    assert download(own_file).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["officer_b", "head_b"])
def test_support_unit_cannot_report_review_or_see_drafts(
    who: str, request: Any, make_task: Any, make_pdf: Any, client_as: Any, secretariat: Any, officer_a: Any,
    head_a: Any, unit_b: Any, files_dir: Path,
) -> None:
    from chidao.reporting.services import report_draft_create, report_review, report_submit

    task = make_task(title="Phối hợp chuyển đổi số phường", support_units=[unit_b])
    returned_task = make_task(title="Phối hợp lập bản đồ số", support_units=[unit_b])
    submitted = report_submit(actor=head_a, report=report_draft_create(
        actor=officer_a, task=task, progress=50, results="Nửa chặng đường", files=[make_pdf("nua.pdf")]))
    returned = report_submit(actor=head_a, report=report_draft_create(
        actor=officer_a, task=returned_task, progress=100, claims_completion=True, output_document="9/QĐ"))
    report_review(actor=secretariat, report=returned, accept=False, comment="Bổ sung bản đồ")
    draft = report_draft_create(actor=officer_a, task=returned_task, progress=10, files=[make_pdf("nhap.pdf")])
    c = client_as(request.getfixturevalue(who))
    before, files_before = snapshot(), stored_files(files_dir)

    # A support unit reads the lead unit's submitted report and its evidence…
    assertContains(c.get(f"/bao-cao/{submitted.pk}/"), "Nửa chặng đường")
    assert c.get(f"/minh-chung/{submitted.evidence.get().pk}/").status_code == 200
    # …but never its drafts, and changes nothing.
    statuses = [
        c.get(f"/bao-cao/{draft.pk}/").status_code,
        c.get(f"/minh-chung/{draft.evidence.get().pk}/").status_code,
        c.post(f"/bao-cao/{draft.pk}/", report_data(action="submit")).status_code,
        c.get(f"/nhiem-vu/{task.pk}/bao-cao/moi/").status_code,
        c.post(f"/nhiem-vu/{task.pk}/bao-cao/moi/", report_data(files=make_pdf("x.pdf"))).status_code,
        c.post(f"/bao-cao/{submitted.pk}/", report_data(action="submit")).status_code,
        c.post(f"/bao-cao/{submitted.pk}/tham-dinh/", {"decision": "accept"}).status_code,
        c.post(f"/bao-cao/{returned.pk}/soan-lai/").status_code,
        c.get(f"/nhiem-vu/{task.pk}/gia-han/").status_code,
        c.post(f"/nhiem-vu/{task.pk}/gia-han/", {"proposed_due_on": ddmmyyyy(task.due_on + dt.timedelta(days=9)),
                                                 "reason": "x"}).status_code,
    ]
    assert all(s in {403, 404} for s in statuses), statuses
    assert snapshot() == before
    assert stored_files(files_dir) == files_before


# ---------------------------------------------------------------------------------------------
# Roles: who may review, decide, approve
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "head_a", "officer_b", "head_b"])
def test_unit_users_cannot_open_the_queues(who: str, request: Any, world: Any, client_as: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    assert c.get("/tham-dinh/").status_code == 403
    assert c.get("/gia-han/").status_code == 403
    nav = text(c.get("/don-vi-cua-toi/"))
    assert 'href="/tham-dinh/"' not in nav and 'href="/gia-han/"' not in nav


@pytest.mark.parametrize("who", ["member", "leader", "head_a", "officer_a"])
def test_only_the_standing_office_reviews(who: str, request: Any, world: Any, client_as: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    before = snapshot()
    for decision in ("accept", "return"):
        response = c.post(f"/bao-cao/{world.submitted.pk}/tham-dinh/",
                          {"decision": decision, "comment": "Không có quyền"})
        assert response.status_code in {403, 404}
    assert snapshot() == before


def test_member_cannot_open_the_review_queue(world: Any, client_as: Any, member: Any) -> None:
    assert client_as(member).get("/tham-dinh/").status_code == 403


def test_leader_reads_the_review_queue_without_review_buttons(world: Any, client_as: Any, leader: Any) -> None:
    page = client_as(leader).get("/tham-dinh/")
    assertContains(page, "Xây dựng trung tâm dữ liệu thành phố")
    assertNotContains(page, 'data-testid="accept"')


@pytest.mark.parametrize("who", ["secretariat", "member", "head_a"])
def test_only_a_leader_decides_extensions(who: str, request: Any, world: Any, client_as: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    before = snapshot()
    for decision in ("approve", "reject"):
        response = c.post(f"/gia-han/{world.extension.pk}/quyet-dinh/", {"decision": decision, "reason": "Thử"})
        assert response.status_code in {403, 404}
    assert snapshot() == before


def test_secretariat_sees_the_extension_queue_without_decision_buttons(world: Any, client_as: Any,
                                                                       secretariat: Any) -> None:
    page = client_as(secretariat).get("/gia-han/")
    assertContains(page, "Triển khai nền tảng họp không giấy")
    assertNotContains(page, 'data-testid="approve"')


def test_officer_cannot_approve_and_submit_for_the_head(world: Any, client_as: Any, officer_a: Any) -> None:
    """Only the head sends a report to the standing office; a forged "submit" changes nothing."""
    c = client_as(officer_a)
    page = c.get(f"/bao-cao/{world.draft.pk}/")
    assertContains(page, 'data-testid="send-to-head"')
    assertNotContains(page, 'data-testid="approve-submit"')
    before = snapshot()
    response = c.post(f"/bao-cao/{world.draft.pk}/", report_data(claims_completion=None, progress=80,
                                                                 results="Đổi nội dung", action="submit"))
    assert response.status_code == 403
    assert snapshot() == before


def test_a_refused_submit_keeps_the_draft_as_it_was(make_task: Any, client_as: Any, officer_a: Any,
                                                     head_a: Any, secretariat: Any) -> None:
    """The head edits a draft and presses "submit" after the standing office cancelled the task
    meanwhile: the refusal is explained and the edit is not half-saved."""
    from chidao.directives.services import task_cancel
    from chidao.reporting.services import report_draft_create, report_send_for_approval

    task = make_task()
    draft = report_send_for_approval(actor=officer_a, report=report_draft_create(
        actor=officer_a, task=task, progress=60, results="Bản của chuyên viên"))
    task_cancel(actor=secretariat, task=task, reason="Điều chỉnh theo kết luận mới")  # meanwhile
    before = snapshot()
    page = client_as(head_a).post(f"/bao-cao/{draft.pk}/", report_data(
        progress=90, claims_completion=None, results="Bản lãnh đạo sửa", action="submit"))
    assert page.status_code == 200
    assertContains(page, "không nhận báo cáo mới")
    assertContains(page, "Báo cáo đang chờ anh/chị duyệt.")  # still awaiting the head, as before
    assert snapshot() == before


def test_officer_cannot_request_an_extension(world: Any, client_as: Any, officer_a: Any) -> None:
    c = client_as(officer_a)
    assertNotContains(c.get(f"/nhiem-vu/{world.task.pk}/"), 'data-testid="request-extension"')
    before = snapshot()
    assert c.get(f"/nhiem-vu/{world.task.pk}/gia-han/").status_code == 403
    assert c.post(f"/nhiem-vu/{world.task.pk}/gia-han/", {
        "proposed_due_on": ddmmyyyy(world.task.due_on + dt.timedelta(days=10)), "reason": "Thử"}).status_code == 403
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# The report flow through the pages
# ---------------------------------------------------------------------------------------------


def test_report_flow_draft_send_approve_accept(
    make_task: Any, make_pdf: Any, client_as: Any, officer_a: Any, head_a: Any, secretariat: Any, files_dir: Path,
) -> None:
    task = make_task(title="Đưa phòng họp không giấy vào sử dụng")
    officer, head, office = client_as(officer_a), client_as(head_a), client_as(secretariat)

    # The officer drafts with a PDF, claims completion and sends it to the head.
    assertContains(officer.get(f"/nhiem-vu/{task.pk}/"), 'data-testid="new-report"')
    assertContains(officer.get(f"/nhiem-vu/{task.pk}/bao-cao/moi/"), "Đề nghị công nhận hoàn thành nhiệm vụ")
    pdf = make_pdf("bien-ban-nghiem-thu.pdf", "Biên bản nghiệm thu")
    pdf_content = pdf.read()
    pdf.seek(0)
    page = officer.post(f"/nhiem-vu/{task.pk}/bao-cao/moi/", report_data(action="send", files=pdf), follow=True)
    report = ProgressReport.objects.get(task=task)
    assertRedirects(page, f"/bao-cao/{report.pk}/")
    assertContains(page, "Đã trình lãnh đạo đơn vị duyệt báo cáo.")
    assert (report.state, report.progress, report.claims_completion) == (ReportState.PENDING_APPROVAL, 100, True)
    evidence = report.evidence.get()
    assert evidence.original_name == "bien-ban-nghiem-thu.pdf"
    assert evidence.sha256 == hashlib.sha256(pdf_content).hexdigest()
    assert (files_dir / evidence.stored_name).read_bytes() == pdf_content
    # Nothing reaches the standing office before the head approves.
    assertNotContains(office.get("/tham-dinh/"), "Đưa phòng họp không giấy vào sử dụng")

    # The head finds it in the workspace and approves & submits.
    ws = head.get("/don-vi-cua-toi/")
    assertContains(ws, f'href="/bao-cao/{report.pk}/" data-testid="draft-link"')
    detail = head.get(f"/bao-cao/{report.pk}/")
    assertContains(detail, "Báo cáo đang chờ anh/chị duyệt.")
    assertContains(detail, "bien-ban-nghiem-thu.pdf")
    page = head.post(f"/bao-cao/{report.pk}/", report_data(action="submit"), follow=True)
    assertContains(page, "Đã duyệt và gửi báo cáo đến Cơ quan thường trực.")
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_on == today()
    assert task.state == TaskState.COMPLETION_REQUESTED

    # The standing office sees the claim with its evidence, downloads it and accepts.
    queue = office.get("/tham-dinh/")
    assertContains(queue, "Đưa phòng họp không giấy vào sử dụng")
    assertContains(queue, "Đề nghị hoàn thành")
    assertContains(queue, f'href="/minh-chung/{evidence.pk}/"')
    file_response = office.get(f"/minh-chung/{evidence.pk}/")
    assert file_response["Content-Type"] == "application/pdf"
    assert "bien-ban-nghiem-thu.pdf" in file_response["Content-Disposition"]
    assert download(file_response) == pdf_content

    page = office.post(f"/bao-cao/{report.pk}/tham-dinh/", {"decision": "accept", "comment": ""}, follow=True)
    assertRedirects(page, "/tham-dinh/")
    assertContains(page, "Đã công nhận hoàn thành nhiệm vụ.")
    task.refresh_from_db()
    assert (task.state, task.completed_on, task.progress) == (TaskState.COMPLETED, today(), 100)

    unit_view = officer.get(f"/nhiem-vu/{task.pk}/")
    assertContains(unit_view, "Hoàn thành đúng hạn")
    assert by_testid(unit_view, "completed-on") == ddmmyyyy(today())
    assert by_testid(unit_view, "task-progress") == "100%"
    assertNotContains(unit_view, 'data-testid="new-report"')  # a completed task takes no new reports


def test_completion_is_dated_the_day_of_the_claim(make_task: Any, submit_report: Any, client_as: Any,
                                                   secretariat: Any) -> None:
    t = today()
    task = make_task(title="Nhiệm vụ nộp muộn", due_on=t - dt.timedelta(days=5), assigned_on=t - dt.timedelta(days=60))
    claim = submit_report(task, on=t - dt.timedelta(days=3), claim=True)
    client_as(secretariat).post(f"/bao-cao/{claim.pk}/tham-dinh/", {"decision": "accept"})
    task.refresh_from_db()
    assert task.completed_on == t - dt.timedelta(days=3)  # the claim's day, not the review's
    page = client_as(secretariat).get(f"/nhiem-vu/{task.pk}/")
    assert by_testid(page, "completed-on") == ddmmyyyy(t - dt.timedelta(days=3))
    assertContains(page, "Hoàn thành quá hạn")


def test_return_with_comment_then_revise_as_version_2(
    make_task: Any, make_pdf: Any, submit_report: Any, client_as: Any, officer_a: Any, head_a: Any,
    secretariat: Any,
) -> None:
    task = make_task(title="Số hóa hồ sơ địa chính")
    claim = submit_report(task, claim=True, files=[make_pdf("ho-so.pdf")])
    office, officer, head = client_as(secretariat), client_as(officer_a), client_as(head_a)

    # Returning needs a reason; without one nothing changes.
    before = snapshot()
    page = office.post(f"/bao-cao/{claim.pk}/tham-dinh/", {"decision": "return", "comment": " "}, follow=True)
    assertContains(page, "Trả lại báo cáo phải nêu lý do để đơn vị biết cần bổ sung gì.")
    assert snapshot() == before

    page = office.post(f"/bao-cao/{claim.pk}/tham-dinh/",
                       {"decision": "return", "comment": "Thiếu biên bản nghiệm thu"}, follow=True)
    assertContains(page, "Đã trả lại báo cáo cho đơn vị.")
    task.refresh_from_db()
    assert task.state == TaskState.ASSIGNED and task.completed_on is None

    # The unit sees why, on the task page, in its workspace and on the report.
    task_page = officer.get(f"/nhiem-vu/{task.pk}/")
    assert by_testid(task_page, "return-comment") == "Lý do trả lại: Thiếu biên bản nghiệm thu"
    assertContains(officer.get("/don-vi-cua-toi/"), "Thiếu biên bản nghiệm thu")
    report_page = officer.get(f"/bao-cao/{claim.pk}/")
    assertContains(report_page, "Thiếu biên bản nghiệm thu")
    assertContains(report_page, 'data-testid="revise"')

    # The officer answers with version 2; version 1 stays as it was.
    page = officer.post(f"/bao-cao/{claim.pk}/soan-lai/", follow=True)
    second = ProgressReport.objects.get(task=task, version=2)
    assertRedirects(page, f"/bao-cao/{second.pk}/")
    assertContains(page, "Đã tạo báo cáo lần 2 từ báo cáo bị trả lại")
    assert second.previous == claim and second.state == ReportState.DRAFT
    assert [e.original_name for e in second.evidence.all()] == ["ho-so.pdf"]
    claim.refresh_from_db()
    assert claim.state == ReportState.RETURNED
    # A second revise of the same returned report is refused.
    again = officer.post(f"/bao-cao/{claim.pk}/soan-lai/", follow=True)
    assertContains(again, "Báo cáo này đã được soạn lại thành lần 2.")
    assert ProgressReport.objects.filter(task=task).count() == 2

    officer.post(f"/bao-cao/{second.pk}/", report_data(action="send", output_document="12/BB-STNMT",
                                                       files=make_pdf("bien-ban.pdf")))
    head.post(f"/bao-cao/{second.pk}/", report_data(action="submit", output_document="12/BB-STNMT"))
    office.post(f"/bao-cao/{second.pk}/tham-dinh/", {"decision": "accept"})
    task.refresh_from_db()
    assert task.state == TaskState.COMPLETED
    task_page = officer.get(f"/nhiem-vu/{task.pk}/")
    assertContains(task_page, 'data-testid="report-2"')
    assertContains(task_page, 'data-testid="report-1"')
    assertContains(task_page, "bien-ban.pdf")


def test_a_renamed_executable_is_refused_and_nothing_is_saved(
    make_task: Any, make_exe_pdf: Any, client_as: Any, officer_a: Any, files_dir: Path,
) -> None:
    task = make_task()
    before = snapshot()
    page = client_as(officer_a).post(f"/nhiem-vu/{task.pk}/bao-cao/moi/",
                                     report_data(action="send", files=make_exe_pdf("minh-chung.pdf")))
    assert page.status_code == 200
    assertContains(page, "Nội dung tệp “minh-chung.pdf” không đúng với phần mở rộng .pdf")
    assert snapshot() == before
    assert stored_files(files_dir) == []


def test_a_completion_claim_needs_evidence(make_task: Any, client_as: Any, officer_a: Any) -> None:
    task = make_task()
    before = snapshot()
    page = client_as(officer_a).post(f"/nhiem-vu/{task.pk}/bao-cao/moi/", report_data(action="send"))
    assertContains(page, "Đề nghị hoàn thành phải có minh chứng: tệp đính kèm hoặc số, ký hiệu văn bản sản phẩm.")
    page = client_as(officer_a).post(f"/nhiem-vu/{task.pk}/bao-cao/moi/",
                                     report_data(progress=80, output_document="1/QĐ"))
    assertContains(page, "Đề nghị hoàn thành thì tiến độ phải là 100%.")
    assert snapshot() == before


def test_progress_report_without_claim_is_received(make_task: Any, client_as: Any, officer_a: Any, head_a: Any,
                                                   secretariat: Any) -> None:
    task = make_task(title="Triển khai sổ tay điện tử")
    client_as(officer_a).post(f"/nhiem-vu/{task.pk}/bao-cao/moi/",
                              report_data(progress=45, claims_completion=None, action="send"))
    report = ProgressReport.objects.get(task=task)
    client_as(head_a).post(f"/bao-cao/{report.pk}/", report_data(progress=45, claims_completion=None,
                                                                 action="submit"))
    page = client_as(secretariat).post(f"/bao-cao/{report.pk}/tham-dinh/", {"decision": "accept"}, follow=True)
    assertContains(page, "Đã tiếp nhận báo cáo.")
    task.refresh_from_db()
    assert (task.state, task.progress, task.last_reported_on) == (TaskState.ASSIGNED, 45, today())
    page = client_as(officer_a).get(f"/nhiem-vu/{task.pk}/")
    assertContains(page, "Đang thực hiện trong hạn")
    assert by_testid(page, "task-progress") == "45%"


# ---------------------------------------------------------------------------------------------
# Extensions
# ---------------------------------------------------------------------------------------------


def test_extension_request_approved_by_a_leader_moves_the_due_date(
    make_task: Any, client_as: Any, head_a: Any, leader: Any, officer_a: Any,
) -> None:
    task = make_task(title="Xây dựng trung tâm điều hành thông minh")
    old_due = task.due_on
    new_due = old_due + dt.timedelta(days=60)
    head, boss = client_as(head_a), client_as(leader)

    assertContains(head.get(f"/nhiem-vu/{task.pk}/"), 'data-testid="request-extension"')
    before = snapshot()
    too_early = head.post(f"/nhiem-vu/{task.pk}/gia-han/", {"proposed_due_on": ddmmyyyy(old_due), "reason": "x"})
    assertContains(too_early, f"Thời hạn đề nghị phải sau thời hạn hiện tại ({ddmmyyyy(old_due)}).")
    assert snapshot() == before

    page = head.post(f"/nhiem-vu/{task.pk}/gia-han/",
                     {"proposed_due_on": ddmmyyyy(new_due), "reason": "Chờ phân bổ vốn"}, follow=True)
    assertRedirects(page, f"/nhiem-vu/{task.pk}/")
    assertContains(page, "Đã gửi đề nghị gia hạn đến lãnh đạo Ban Chỉ đạo.")
    assertContains(page, "Chờ quyết định")
    assertNotContains(page, 'data-testid="request-extension"')  # one pending request at a time
    ext = ExtensionRequest.objects.get(task=task)

    queue = boss.get("/gia-han/")
    assertContains(queue, "Xây dựng trung tâm điều hành thông minh")
    assertContains(queue, "Chờ phân bổ vốn")
    before = snapshot()
    page = boss.post(f"/gia-han/{ext.pk}/quyet-dinh/", {"decision": "approve", "reason": ""}, follow=True)
    assertContains(page, "Quyết định gia hạn phải nêu ý kiến, lý do.")
    assert snapshot() == before

    page = boss.post(f"/gia-han/{ext.pk}/quyet-dinh/",
                     {"decision": "approve", "reason": "Đồng ý do vốn về chậm"}, follow=True)
    assertRedirects(page, "/gia-han/")
    assertContains(page, "Đã đồng ý gia hạn.")
    task.refresh_from_db()
    assert (task.due_on, task.original_due_on) == (new_due, old_due)

    task_page = client_as(officer_a).get(f"/nhiem-vu/{task.pk}/")
    assert by_testid(task_page, "due-on").startswith(ddmmyyyy(new_due))
    assertContains(task_page, f"(ban đầu {ddmmyyyy(old_due)})")
    timeline = text(task_page).split('data-testid="timeline"', 1)[1]
    assert f"Đồng ý gia hạn đến {ddmmyyyy(new_due)}: Đồng ý do vốn về chậm" in timeline
    assert f"Đề nghị gia hạn từ {ddmmyyyy(old_due)} đến {ddmmyyyy(new_due)}" in timeline
    assertContains(client_as(head_a).get("/don-vi-cua-toi/"), "Đồng ý gia hạn")


def test_rejected_extension_keeps_the_due_date(world: Any, client_as: Any, leader: Any, head_a: Any) -> None:
    task = world.extension_task
    due = task.due_on
    client_as(leader).post(f"/gia-han/{world.extension.pk}/quyet-dinh/",
                           {"decision": "reject", "reason": "Không có căn cứ"})
    task.refresh_from_db()
    world.extension.refresh_from_db()
    assert task.due_on == due and world.extension.state == ExtensionState.REJECTED
    page = client_as(head_a).get(f"/nhiem-vu/{task.pk}/")
    assertContains(page, "Không đồng ý")
    assertContains(page, "Không có căn cứ")


def test_no_extension_after_the_deadline(make_task: Any, client_as: Any, head_a: Any) -> None:
    t = today()
    task = make_task(due_on=t - dt.timedelta(days=1), assigned_on=t - dt.timedelta(days=30))
    c = client_as(head_a)
    assertNotContains(c.get(f"/nhiem-vu/{task.pk}/"), 'data-testid="request-extension"')
    before = snapshot()
    page = c.post(f"/nhiem-vu/{task.pk}/gia-han/", {"proposed_due_on": ddmmyyyy(t + dt.timedelta(days=30)),
                                                    "reason": "Quá hạn rồi"})
    assertContains(page, "Đề nghị gia hạn phải gửi trước khi hết hạn")
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# Query counts stay constant as the lists grow
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "head_b"])
def test_workspace_query_count_is_constant(who: str, request: Any, grow: Any, client_as: Any,
                                           django_assert_max_num_queries: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    grow(10)
    small = queries_for(c, "/don-vi-cua-toi/")  # this state of the data: computed…
    assert queries_for(c, "/don-vi-cua-toi/", cold=False) < small  # …once, then reused (core/figures.py)
    shown = len(listed_task_ids(c.get("/don-vi-cua-toi/"), "tasks-to-report"))
    grow(20)  # new data: computed again, with no more queries
    with django_assert_max_num_queries(small):
        response = c.get("/don-vi-cua-toi/")
    assert len(listed_task_ids(response, "tasks-to-report")) > shown


@pytest.mark.parametrize("who", ["secretariat", "leader"])
def test_review_queue_query_count_is_constant(who: str, request: Any, grow: Any, client_as: Any,
                                              django_assert_max_num_queries: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    grow(10)
    c.get("/tham-dinh/")
    small = queries_for(c, "/tham-dinh/")
    grow(20)
    with django_assert_max_num_queries(small):
        response = c.get("/tham-dinh/")
    waiting = ProgressReport.objects.filter(state=ReportState.SUBMITTED).count()
    assert text(response).count('data-testid="review-item"') == waiting > 5
    assert text(response).count('href="/minh-chung/') == Evidence.objects.filter(
        report__state=ReportState.SUBMITTED).count()


def test_extension_queue_query_count_is_constant(grow: Any, client_as: Any, leader: Any,
                                                 django_assert_max_num_queries: Any) -> None:
    c = client_as(leader)
    grow(10)
    c.get("/gia-han/")
    small = queries_for(c, "/gia-han/")
    grow(20)
    with django_assert_max_num_queries(small):
        response = c.get("/gia-han/")
    assert text(response).count('data-testid="extension-item"') == ExtensionRequest.objects.count() > 3


def test_a_busy_workspace_shows_the_most_pressing_tasks_and_links_to_all(make_task: Any, client_as: Any,
                                                                          officer_a: Any) -> None:
    import datetime as dt

    from chidao.reporting.selectors import WORKSPACE_TASKS

    base = dt.date(2030, 1, 1)
    for i in range(WORKSPACE_TASKS + 5):
        make_task(title=f"Nhiệm vụ số {i}", due_on=base + dt.timedelta(days=i))
    page = client_as(officer_a).get("/don-vi-cua-toi/")
    html = page.content.decode()
    assert f"({WORKSPACE_TASKS + 5})" in html
    assert "Nhiệm vụ số 0<" in html  # the earliest deadline is shown
    assert f"Nhiệm vụ số {WORKSPACE_TASKS + 4}<" not in html  # the latest is behind the link
    assert 'data-testid="all-lead-tasks"' in html


def test_a_busy_workspace_shows_the_newest_reports_and_lists_all(make_task: Any, client_as: Any,
                                                                 officer_a: Any, officer_b: Any,
                                                                 submit_report: Any) -> None:
    from chidao.reporting.selectors import WORKSPACE_REPORTS
    from chidao.reporting.services import report_draft_create

    n = WORKSPACE_REPORTS + 3
    for i in range(n):
        report_draft_create(actor=officer_a, task=make_task(title=f"Dự thảo số {i}"), progress=10,
                            results="Đang làm", claims_completion=False, output_document="", files=())
    submit_report(make_task(title="Đã gửi một"))
    c = client_as(officer_a)
    html = c.get("/don-vi-cua-toi/").content.decode()
    assert html.count('data-testid="draft-link"') == WORKSPACE_REPORTS
    assert f'data-testid="draft-link">Dự thảo số {n - 1}<' in html  # the newest are shown
    assert 'data-testid="draft-link">Dự thảo số 0<' not in html  # the oldest are behind the link
    assert 'data-testid="all-draft-reports"' in html
    assert 'data-testid="all-submitted-reports"' not in html  # one report: nothing behind a link

    listed = c.get("/don-vi-cua-toi/bao-cao/?state=draft")
    assert by_testid(listed, "result-count") == f"{n} báo cáo"
    assert "Dự thảo số 0<" in listed.content.decode()
    assert "Đã gửi một" in c.get("/don-vi-cua-toi/bao-cao/?state=submitted").content.decode()

    # Another unit's list never shows unit A's reports.
    other = client_as(officer_b).get("/don-vi-cua-toi/bao-cao/?state=draft").content.decode()
    assert "Dự thảo số" not in other
    assert "0 báo cáo" in other


@pytest.mark.parametrize("who", ["secretariat", "leader", "member"])
def test_the_unit_report_lists_are_for_unit_users(who: str, request: Any, client_as: Any) -> None:
    response = client_as(request.getfixturevalue(who)).get("/don-vi-cua-toi/bao-cao/?state=returned")
    assertRedirects(response, "/", fetch_redirect_response=False)
