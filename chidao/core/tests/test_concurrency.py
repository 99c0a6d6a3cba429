"""Issue 10, finding 5: decisions taken twice at once, stale edits, four eyes.

The races run two threads, each with its own database connection, on PostgreSQL (SQLite has one
writer at a time: its IMMEDIATE transactions serialise the two, which tests nothing). Each thread
holds its own copy of the row, read before either starts (what two open browser tabs hold), and
the audit write is slowed so the first decision's transaction is still open when the second runs.
The version and four-eyes tests run on both databases.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from chidao.audit.models import AuditEvent
from chidao.core.concurrency import STALE_MESSAGE
from chidao.directives.models import Task, TaskState
from chidao.indicators.models import IndicatorValue, ValueState
from chidao.indicators.tests.fixtures import *  # noqa: F403  (the index_tree fixture)
from chidao.reporting.models import ExtensionRequest, ExtensionState, ProgressReport, ReportState

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent connections need PostgreSQL: SQLite serialises writers, there is no race to lose",
)


def race(monkeypatch: Any, module: Any, *calls: Callable[[], Any]) -> list[Any]:
    """Run `calls` at the same moment in threads (own connections); each gives "ok" or its refusal."""
    real = module.audit_record

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.4)  # the decision's transaction stays open while the other one starts
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "audit_record", slow)
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
            results[i] = "ok"
        except (ValidationError, PermissionDenied) as exc:
            results[i] = exc
        except Exception as exc:  # a deadlock or a constraint error is a failure of the test
            results[i] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _one_wins(results: list[Any]) -> int:
    assert results.count("ok") == 1, results
    loser = next(r for r in results if r != "ok")
    assert isinstance(loser, ValidationError), loser
    return results.index("ok")


# --- the decisions, raced on PostgreSQL ---------------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviews_of_one_completion_claim_decide_once(make_task: Any, submit_report: Any, secretariat: Any,
                                                         monkeypatch: Any) -> None:
    from chidao.orgs.services import user_create
    from chidao.reporting import services

    other = user_create(actor=None, username="thuongtruc2", password="MatKhau!2025", role="secretariat",
                        full_name="Người thẩm định thứ hai", unit=secretariat.unit)
    task = make_task()
    report = submit_report(task, claim=True)
    a, b = ProgressReport.objects.get(pk=report.pk), ProgressReport.objects.get(pk=report.pk)
    results = race(monkeypatch, services,
                   lambda: services.report_review(actor=secretariat, report=a, accept=True),
                   lambda: services.report_review(actor=other, report=b, accept=False, comment="Thiếu minh chứng"))
    winner = _one_wins(results)
    report.refresh_from_db()
    task.refresh_from_db()
    if winner == 0:
        assert report.state == ReportState.ACCEPTED and task.state == TaskState.COMPLETED
    else:
        assert report.state == ReportState.RETURNED and task.state == TaskState.ASSIGNED
    assert AuditEvent.objects.filter(action__in=["report.accept", "report.return"]).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_approve_and_reject_of_one_extension_decide_once(make_task: Any, head_a: Any, leader: Any,
                                                         monkeypatch: Any) -> None:
    from chidao.orgs.services import user_create
    from chidao.reporting import services

    deputy = user_create(actor=None, username="phoban", password="MatKhau!2025", role="leader",
                         full_name="Phó ban", job_title="Phó Trưởng ban")
    task = make_task()
    due = task.due_on
    request = services.extension_request_create(actor=head_a, task=task, proposed_due_on=due + dt.timedelta(days=30),
                                                reason="Chờ vốn")
    a, b = ExtensionRequest.objects.get(pk=request.pk), ExtensionRequest.objects.get(pk=request.pk)
    results = race(monkeypatch, services,
                   lambda: services.extension_decide(actor=leader, request=a, approve=True, reason="Đồng ý"),
                   lambda: services.extension_decide(actor=deputy, request=b, approve=False, reason="Không"))
    winner = _one_wins(results)
    request.refresh_from_db()
    task.refresh_from_db()
    # Never "rejected" with the deadline moved, nor "approved" with it unmoved.
    if winner == 0:
        assert request.state == ExtensionState.APPROVED and task.due_on == due + dt.timedelta(days=30)
    else:
        assert request.state == ExtensionState.REJECTED and task.due_on == due


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_verify_and_return_of_one_value_decide_once(index_tree: dict[str, Any], officer_a: Any, secretariat: Any,
                                                    monkeypatch: Any) -> None:
    from chidao.indicators import services

    value = services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=1,
                                 value=Decimal("70"), source="Báo cáo tháng")
    a, b = IndicatorValue.objects.get(pk=value.pk), IndicatorValue.objects.get(pk=value.pk)
    results = race(monkeypatch, services,
                   lambda: services.value_verify(actor=secretariat, value=a),
                   lambda: services.value_return(actor=secretariat, value=b, reason="Chưa khớp"))
    winner = _one_wins(results)
    value.refresh_from_db()
    assert value.state == (ValueState.VERIFIED if winner == 0 else ValueState.RETURNED)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_vote_closed_twice_at_once_closes_once(secretariat: Any, leader: Any, head_a: Any, member: Any,
                                                 monkeypatch: Any) -> None:
    from django.utils import timezone

    from chidao.meetings import services
    from chidao.meetings.models import Vote

    start = timezone.now() + dt.timedelta(days=1)
    meeting = services.meeting_create(actor=secretariat, title="Phiên họp", kind="committee_session",
                                      starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Hội trường",
                                      chair=leader, secretary=secretariat)
    item = services.agenda_item_add(actor=secretariat, meeting=meeting, title="Nội dung")
    vote = services.vote_create(actor=leader, item=item, question="Thông qua", is_secret=True)
    services.vote_open(actor=leader, vote=vote, confirm_without_quorum=True)
    a, b = Vote.objects.get(pk=vote.pk), Vote.objects.get(pk=vote.pk)
    results = race(monkeypatch, services,
                   lambda: services.vote_close(actor=leader, vote=a),
                   lambda: services.vote_close(actor=secretariat, vote=b))
    _one_wins(results)
    assert AuditEvent.objects.filter(action="meeting.vote_close").count() == 1


# --- stale edits, on both databases --------------------------------------------------------------


def _task_fields(task: Task, **changes: Any) -> dict[str, Any]:
    fields = {"title": task.title, "lead_unit": task.lead_unit, "support_units": list(task.support_units.all()),
              "kind": task.kind, "due_on": task.due_on, "expected_output": task.expected_output,
              "field": task.field, "deadline_text": task.deadline_text, "weight": task.weight}
    fields.update(changes)
    return fields


@pytest.mark.django_db
def test_a_task_edit_drawn_before_another_edit_is_refused(make_task: Any, secretariat: Any) -> None:
    from chidao.directives.services import task_update

    task = make_task(title="Tên ban đầu")
    form_version = task.row_version  # the version both forms were drawn from
    task_update(actor=secretariat, task=Task.objects.get(pk=task.pk),
                **_task_fields(task, title="Sửa lần một"), expected_version=form_version)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        task_update(actor=secretariat, task=Task.objects.get(pk=task.pk),
                    **_task_fields(task, title="Sửa lần hai"), expected_version=form_version)
    assert str(STALE_MESSAGE) in exc.value.messages
    task.refresh_from_db()
    assert task.title == "Sửa lần một" and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_task_edit_does_not_revert_a_completion_claim_made_meanwhile(make_task: Any, submit_report: Any,
                                                                       secretariat: Any) -> None:
    from chidao.directives.services import task_update

    task = make_task(title="Tên ban đầu")
    stale = Task.objects.get(pk=task.pk)  # the office opened the edit form …
    submit_report(task, claim=True)  # … the unit claims completion …
    task_update(actor=secretariat, task=stale, **_task_fields(stale, title="Tên mới"))  # … the office saves
    task.refresh_from_db()
    assert task.title == "Tên mới"
    assert task.state == TaskState.COMPLETION_REQUESTED and task.progress == 100


@pytest.mark.django_db
def test_the_task_edit_page_refuses_a_stale_form(make_task: Any, secretariat: Any, client_as: Any) -> None:
    from chidao.directives.services import task_update

    task = make_task(title="Tên ban đầu")
    client = client_as(secretariat)
    page = client.get(f"/nhiem-vu/{task.pk}/sua/").content.decode()
    assert f'name="row_version" value="{task.row_version}"' in page
    task_update(actor=secretariat, task=task, **_task_fields(task, title="Người khác sửa"))
    response = client.post(f"/nhiem-vu/{task.pk}/sua/", {
        "title": "Bản cũ", "kind": task.kind, "lead_unit": task.lead_unit_id,
        "due_on": task.due_on.strftime("%d/%m/%Y"), "expected_output": task.expected_output, "field": task.field,
        "row_version": 0,
    })
    assert response.status_code == 200
    assert "Nội dung đã được người khác sửa; hãy tải lại trang" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Người khác sửa"


@pytest.mark.django_db
def test_a_report_edit_drawn_before_another_edit_is_refused(make_task: Any, officer_a: Any, head_a: Any) -> None:
    from chidao.reporting.services import report_draft_create, report_draft_update

    report = report_draft_create(actor=officer_a, task=make_task(), progress=30, results="Bản đầu")
    version = report.row_version
    report_draft_update(actor=head_a, report=ProgressReport.objects.get(pk=report.pk), progress=40,
                        results="Lãnh đạo sửa", expected_version=version)
    with pytest.raises(ValidationError) as exc:
        report_draft_update(actor=officer_a, report=ProgressReport.objects.get(pk=report.pk), progress=35,
                            results="Chuyên viên sửa bản cũ", expected_version=version)
    assert str(STALE_MESSAGE) in exc.value.messages
    report.refresh_from_db()
    assert (report.progress, report.results) == (40, "Lãnh đạo sửa")


@pytest.mark.django_db
def test_a_value_reentry_drawn_before_another_is_refused(index_tree: dict[str, Any], officer_a: Any,
                                                         secretariat: Any) -> None:
    from chidao.indicators import services

    pct = index_tree["pct"]
    value = services.value_enter(actor=officer_a, indicator=pct, year=2026, month=1, value=Decimal("70"),
                                 source="Báo cáo tháng")
    services.value_return(actor=secretariat, value=value, reason="Chưa khớp")
    value.refresh_from_db()
    version = value.row_version
    services.value_enter(actor=officer_a, indicator=pct, year=2026, month=1, value=Decimal("71"), source="Sửa",
                         expected_version=version)
    with pytest.raises(ValidationError) as exc:
        services.value_enter(actor=officer_a, indicator=pct, year=2026, month=1, value=Decimal("72"),
                             source="Bản cũ", expected_version=version)
    assert str(STALE_MESSAGE) in exc.value.messages
    value.refresh_from_db()
    assert value.value == Decimal("71")


# --- four eyes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_whoever_entered_a_value_cannot_verify_it(index_tree: dict[str, Any], secretariat: Any,
                                                  client_as: Any) -> None:
    from chidao.indicators import services
    from chidao.orgs.services import user_create

    pct = index_tree["pct"]
    value = services.value_enter(actor=secretariat, indicator=pct, year=2026, month=2, value=Decimal("60"),
                                 source="Số liệu Cơ quan thường trực tự nhập")
    with pytest.raises(PermissionDenied):
        services.value_verify(actor=secretariat, value=value)
    value.refresh_from_db()
    assert value.state == ValueState.ENTERED
    page = client_as(secretariat).get("/chi-so/xac-minh/").content.decode()
    assert "Bạn đã nhập số liệu này; người khác xác minh." in page
    other = user_create(actor=None, username="thuongtruc2", password="MatKhau!2025", role="secretariat",
                        full_name="Người xác minh", unit=secretariat.unit)
    services.value_verify(actor=other, value=value)
    value.refresh_from_db()
    assert value.state == ValueState.VERIFIED and value.verified_by == other


@pytest.mark.django_db
def test_whoever_submitted_a_report_cannot_review_it(make_task: Any, submit_report: Any, head_a: Any,
                                                     client_as: Any) -> None:
    from chidao.reporting.services import report_review

    report = submit_report(make_task(), progress=50)
    # The head who submitted it later moves to the standing office (the admin changes the role).
    head_a.role = "secretariat"
    head_a.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        report_review(actor=head_a, report=report, accept=True)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    page = client_as(head_a).get(f"/bao-cao/{report.pk}/").content.decode()
    assert f'action="/bao-cao/{report.pk}/tham-dinh/"' not in page
