"""Reads of reports, evidence and extensions, per person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from chidao.directives.models import Task
from chidao.orgs.models import User
from chidao.reporting.models import ProgressReport, ReportState
from chidao.reporting.selectors import (
    evidence_get,
    extension_get,
    extension_queue,
    report_get,
    reports_visible,
    review_queue,
    task_reports,
    workspace_get,
)
from chidao.reporting.services import extension_request_create, report_draft_create, report_review

D = dt.date
TODAY = D(2025, 11, 15)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def shared_task(make_task: Callable[..., Task], unit_a: Any, unit_b: Any) -> Task:
    """Led by unit A, supported by unit B."""
    return make_task(title="Hạ tầng dữ liệu dùng chung", lead_unit=unit_a, support_units=[unit_b],
                     assigned_on=D(2025, 9, 1), due_on=D(2025, 12, 31))


@pytest.fixture
def reports(
    shared_task: Task, officer_a: Any, submit_report: Callable[..., Any], make_pdf: Callable[..., Any]
) -> dict[str, ProgressReport]:
    submitted = submit_report(shared_task, on=D(2025, 10, 1), progress=30, files=[make_pdf(name="dot-1.pdf")])
    draft = report_draft_create(actor=officer_a, task=shared_task, progress=45, results="Đang soạn",
                                files=[make_pdf(name="dot-2.pdf", text="bản nháp")])
    return {"submitted": submitted, "draft": draft}


class TestReportsVisible:
    def test_lead_unit_sees_its_drafts(self, reports: dict[str, ProgressReport], officer_a: Any, head_a: Any) -> None:
        for person in (officer_a, head_a):
            assert set(reports_visible(user=fresh(person))) == {reports["submitted"], reports["draft"]}

    def test_support_unit_sees_submitted_reports_but_never_drafts(
        self, reports: dict[str, ProgressReport], officer_b: Any, head_b: Any
    ) -> None:
        for person in (officer_b, head_b):
            assert list(reports_visible(user=fresh(person))) == [reports["submitted"]]

    @pytest.mark.parametrize("who", ["secretariat", "leader", "member"])
    def test_committee_sees_submitted_reports_not_unit_drafts(
        self, request: pytest.FixtureRequest, reports: dict[str, ProgressReport], who: str
    ) -> None:
        assert list(reports_visible(user=request.getfixturevalue(who))) == [reports["submitted"]]

    def test_an_unrelated_unit_sees_nothing(
        self, make_task: Callable[..., Task], submit_report: Callable[..., Any], officer_b: Any
    ) -> None:
        submit_report(make_task(title="Chỉ của Sở"), on=D(2025, 10, 1))
        assert not reports_visible(user=fresh(officer_b)).exists()

    def test_report_get_is_404_for_a_hidden_draft(self, reports: dict[str, ProgressReport], officer_b: Any) -> None:
        with pytest.raises(Http404):
            report_get(user=fresh(officer_b), pk=reports["draft"].pk)
        assert report_get(user=fresh(officer_b), pk=reports["submitted"].pk) == reports["submitted"]

    def test_task_reports_newest_version_first(
        self, reports: dict[str, ProgressReport], shared_task: Task, officer_a: Any
    ) -> None:
        assert [r.version for r in task_reports(user=fresh(officer_a), task=shared_task)] == [2, 1]


class TestEvidenceGet:
    def test_404_for_another_unit(
        self, make_task: Callable[..., Task], submit_report: Callable[..., Any], make_pdf: Callable[..., Any],
        officer_a: Any, officer_b: Any, head_b: Any,
    ) -> None:
        report = submit_report(make_task(title="Chỉ của Sở"), on=D(2025, 10, 1), files=[make_pdf()])
        evidence = report.evidence.get()
        assert evidence_get(user=fresh(officer_a), pk=evidence.pk) == evidence
        for person in (officer_b, head_b):
            with pytest.raises(Http404):
                evidence_get(user=fresh(person), pk=evidence.pk)

    def test_draft_evidence_stays_inside_the_unit(
        self, reports: dict[str, ProgressReport], officer_b: Any, secretariat: Any, head_a: Any
    ) -> None:
        draft_file = reports["draft"].evidence.get()
        submitted_file = reports["submitted"].evidence.get()
        assert evidence_get(user=fresh(head_a), pk=draft_file.pk) == draft_file
        for person in (fresh(officer_b), secretariat):
            with pytest.raises(Http404):
                evidence_get(user=person, pk=draft_file.pk)
            assert evidence_get(user=person, pk=submitted_file.pk) == submitted_file

    def test_404_for_a_missing_file(self, db: None, secretariat: Any) -> None:
        with pytest.raises(Http404):
            evidence_get(user=secretariat, pk=999999)


class TestQueues:
    def test_review_queue_puts_completion_claims_first(
        self, make_task: Callable[..., Task], submit_report: Callable[..., Any], secretariat: Any, head_a: Any,
        officer_a: Any,
    ) -> None:
        progress = submit_report(make_task(title="Báo cáo thường"), on=D(2025, 10, 1))
        claim = submit_report(make_task(title="Đề nghị hoàn thành"), on=D(2025, 10, 5), claim=True)
        assert list(review_queue(user=secretariat)) == [claim, progress]
        for person in (head_a, officer_a):
            assert not review_queue(user=person).exists()
        report_review(actor=secretariat, report=claim, accept=True)
        assert list(review_queue(user=secretariat)) == [progress]

    def test_extension_queue_and_get(
        self, shared_task: Task, head_a: Any, leader: Any, officer_a: Any, officer_b: Any,
        make_task: Callable[..., Task], unit_a: Any,
    ) -> None:
        private = make_task(title="Riêng Sở", lead_unit=unit_a, assigned_on=D(2025, 9, 1), due_on=D(2025, 12, 31))
        ext = extension_request_create(actor=head_a, task=private, proposed_due_on=D(2026, 6, 30),
                                       reason="Chờ kinh phí", today=TODAY)
        assert list(extension_queue(user=leader)) == [ext]
        assert not extension_queue(user=officer_a).exists()
        assert extension_get(user=fresh(officer_a), pk=ext.pk) == ext
        with pytest.raises(Http404):
            extension_get(user=fresh(officer_b), pk=ext.pk)

    def test_workspace_lists_what_the_unit_owes(
        self, make_task: Callable[..., Task], submit_report: Callable[..., Any], secretariat: Any,
        officer_a: Any, unit_b: Any, make_pdf: Callable[..., Any],
    ) -> None:
        overdue = make_task(title="Quá hạn", assigned_on=D(2025, 9, 1), due_on=D(2025, 10, 1))
        later = make_task(title="Còn hạn", assigned_on=D(2025, 9, 1), due_on=D(2026, 1, 1))
        supported = make_task(title="Phường chủ trì", lead_unit=unit_b, support_units=[officer_a.unit])
        returned = submit_report(later, on=D(2025, 10, 1))
        report_review(actor=secretariat, report=returned, accept=False, comment="Thiếu số liệu")
        report_draft_create(actor=officer_a, task=overdue, progress=10)
        waiting = submit_report(make_task(title="Chờ thẩm định", assigned_on=D(2025, 9, 1), due_on=D(2026, 2, 1)),
                                on=D(2025, 11, 1))

        space = workspace_get(user=fresh(officer_a), today=TODAY)
        assert [t.title for t in space.tasks_to_report] == ["Quá hạn", "Còn hạn", "Chờ thẩm định"]
        assert space.tasks_to_report[0].has_open_draft
        assert space.returned == [returned]
        assert [r.task for r in space.drafts] == [overdue]
        assert space.support_tasks == [supported]
        assert space.submitted == [waiting]
        assert waiting.state == ReportState.SUBMITTED
