"""The hash-chained audit log: every service writes it, and any edit or deletion is found."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from chidao.audit.models import AuditEvent, AuditHead
from chidao.audit.services import audit_verify
from chidao.directives.models import Task
from chidao.directives.services import task_assign, task_cancel, task_update
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


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()  # type: ignore[return-value]


@pytest.fixture
def full_history(
    make_task: Callable[..., Task], secretariat: Any, leader: Any, officer_a: Any, head_a: Any,
    make_pdf: Callable[..., Any],
) -> list[tuple[str, str, int | None]]:
    """Run every service once; return (action, actor username, task id) in the order written."""
    done: list[tuple[str, str, int | None]] = []

    def expect(action: str, actor: Any, task: Task | None) -> None:
        done.append((action, actor.username, task.pk if task else None))

    task = make_task(assign=False, assigned_on=None, due_on=D(2025, 12, 31), title="Số hóa hồ sơ đất đai")
    expect("task.create", secretariat, task)
    task_update(actor=secretariat, task=task, title="Số hóa toàn bộ hồ sơ đất đai", lead_unit=task.lead_unit,
                support_units=[], kind=task.kind, due_on=D(2026, 1, 31), expected_output="Cơ sở dữ liệu",
                field="data")
    expect("task.update", secretariat, task)
    task_assign(actor=secretariat, task=task, assigned_on=D(2025, 9, 1))
    expect("task.assign", secretariat, task)

    report = report_draft_create(actor=officer_a, task=task, progress=30, files=[make_pdf()])
    expect("report.draft", officer_a, task)
    report_draft_update(actor=officer_a, report=report, progress=35)
    expect("report.update", officer_a, task)
    evidence_remove(actor=officer_a, evidence=report.evidence.get())
    expect("evidence.remove", officer_a, task)
    report_send_for_approval(actor=officer_a, report=report)
    expect("report.send_for_approval", officer_a, task)
    report_submit(actor=head_a, report=report, on=D(2025, 10, 1))
    expect("report.submit", head_a, task)
    report_review(actor=secretariat, report=report, accept=False, comment="Thiếu số liệu từng phường")
    expect("report.return", secretariat, task)
    second = report_revise(actor=officer_a, report=report)
    expect("report.revise", officer_a, task)
    report_submit(actor=head_a, report=second, on=D(2025, 10, 5))
    expect("report.submit", head_a, task)
    report_review(actor=secretariat, report=second, accept=True)
    expect("report.accept", secretariat, task)

    ext = extension_request_create(actor=head_a, task=task, proposed_due_on=D(2026, 6, 30),
                                   reason="Khối lượng hồ sơ lớn", today=D(2025, 12, 1))
    expect("extension.request", head_a, task)
    extension_decide(actor=leader, request=ext, approve=False, reason="Không đồng ý")
    expect("extension.reject", leader, task)
    ext = extension_request_create(actor=head_a, task=task, proposed_due_on=D(2026, 3, 31),
                                   reason="Khối lượng hồ sơ lớn", today=D(2025, 12, 2))
    expect("extension.request", head_a, task)
    extension_decide(actor=leader, request=ext, approve=True, reason="Đồng ý đến 31/3/2026")
    expect("extension.approve", leader, task)

    task_cancel(actor=secretariat, task=task, reason="Gộp vào nhiệm vụ 2.1")
    expect("task.cancel", secretariat, task)
    return done


def test_every_service_writes_its_event_with_actor_and_task(full_history: list[tuple[str, str, int | None]]) -> None:
    task_id = full_history[0][2]
    written = list(
        AuditEvent.objects.filter(task_ref=task_id).order_by("seq").values_list("action", "actor_name", "task_ref")
    )
    assert written == full_history


def test_events_record_before_and_after(full_history: list[tuple[str, str, int | None]]) -> None:
    task_id = full_history[0][2]
    approve = AuditEvent.objects.get(task_ref=task_id, action="extension.approve")
    assert approve.before == {"due_on": "2026-01-31"}
    assert approve.after == {"due_on": "2026-03-31", "state": "approved"}
    update = AuditEvent.objects.get(task_ref=task_id, action="task.update")
    assert update.before["due_on"] == "2025-12-31"
    assert update.after["due_on"] == "2026-01-31"
    returned = AuditEvent.objects.get(task_ref=task_id, action="report.return")
    assert "Thiếu số liệu từng phường" in returned.summary


def test_setup_events_are_audited_too(secretariat: Any, unit_a: Any, directive: Any) -> None:
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"unit.create", "user.create", "directive.create"} <= actions


def test_chain_is_intact_after_real_work(full_history: list[tuple[str, str, int | None]]) -> None:
    report = audit_verify()
    assert report.intact
    assert report.checked == AuditEvent.objects.count() == AuditHead.objects.get().last_seq
    assert report.checked > len(full_history)  # units, people and the directive as well


def test_each_event_links_to_the_previous_one(full_history: list[tuple[str, str, int | None]]) -> None:
    events = list(AuditEvent.objects.order_by("seq"))
    assert events[0].prev_hash == "0" * 64
    for previous, current in itertools.pairwise(events):
        assert current.prev_hash == previous.hash
        assert current.seq == previous.seq + 1


@pytest.mark.parametrize("change", [
    {"summary": "Tiếp nhận báo cáo (đã sửa)"},
    {"after": {"state": "completed", "completed_on": "2025-09-01"}},
    {"before": None},
    {"actor_name": "nguoi_khac"},
    {"created_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
])
def test_an_edited_row_is_reported_by_its_seq(
    full_history: list[tuple[str, str, int | None]], change: dict[str, Any]
) -> None:
    target = AuditEvent.objects.get(action="report.return")
    AuditEvent.objects.filter(pk=target.pk).update(**change)
    report = audit_verify()
    assert not report.intact
    assert report.broken_seq == target.seq
    assert report.reason == "hash"
    assert report.checked == target.seq - 1


def test_rewriting_a_row_and_its_hash_breaks_the_next_link(full_history: list[tuple[str, str, int | None]]) -> None:
    # Someone who recomputes a row's own hash still breaks the link the next row holds.
    from chidao.audit.chain import event_hash, hashed_fields
    from chidao.audit.keys import audit_key

    target = AuditEvent.objects.get(action="report.return")
    target.summary = "Tiếp nhận"
    fields = hashed_fields(
        seq=target.seq, created_at=target.created_at, actor_name=target.actor_name, actor_label=target.actor_label,
        action=target.action, target_type=target.target_type, target_id=target.target_id,
        target_label=target.target_label, task_ref=target.task_ref, summary=target.summary,
        before=target.before, after=target.after,
    )
    AuditEvent.objects.filter(pk=target.pk).update(
        summary=target.summary, hash=event_hash(key=audit_key(), prev_hash=target.prev_hash, fields=fields))
    report = audit_verify()
    assert report.broken_seq == target.seq + 1
    assert report.reason == "prev_hash"


def test_a_deleted_row_is_reported(full_history: list[tuple[str, str, int | None]]) -> None:
    target = AuditEvent.objects.get(action="report.accept")
    AuditEvent.objects.filter(pk=target.pk).delete()
    report = audit_verify()
    assert report.broken_seq == target.seq
    assert report.reason == "missing"


def test_deleting_the_newest_row_is_reported(full_history: list[tuple[str, str, int | None]]) -> None:
    newest = last_event()
    AuditEvent.objects.filter(pk=newest.pk).delete()
    report = audit_verify()
    assert report.broken_seq == newest.seq
    assert report.reason == "missing"


def test_command_prints_the_intact_message(full_history: list[tuple[str, str, int | None]]) -> None:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    count = AuditEvent.objects.count()
    assert f"Chuỗi nhật ký toàn vẹn: {count} sự kiện đã kiểm tra." in out.getvalue()


def test_command_names_the_edited_row(full_history: list[tuple[str, str, int | None]]) -> None:
    target = AuditEvent.objects.get(action="extension.approve")
    AuditEvent.objects.filter(pk=target.pk).update(after={"due_on": "2030-12-31", "state": "approved"})
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit", stdout=io.StringIO())
    assert f"sự kiện số {target.seq}" in str(exc.value)
    assert "bị sửa" in str(exc.value)


def test_command_names_the_deleted_row(full_history: list[tuple[str, str, int | None]]) -> None:
    target = AuditEvent.objects.get(action="task.assign")
    AuditEvent.objects.filter(pk=target.pk).delete()
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit", stdout=io.StringIO())
    assert f"sự kiện số {target.seq}" in str(exc.value)
    assert "bị xóa" in str(exc.value)


def test_an_empty_log_is_intact(db: None) -> None:
    report = audit_verify()
    assert report.intact
    assert report.checked == 0
