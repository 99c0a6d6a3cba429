"""Directive and task services: every transition and every bad input (DESIGN §4, §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.audit.models import AuditEvent
from chidao.directives.models import Directive, Task, TaskKind, TaskState
from chidao.directives.services import (
    directive_create,
    task_assign,
    task_cancel,
    task_create,
    task_update,
)
from chidao.orgs.services import unit_create

D = dt.date


@contextmanager
def nothing_written() -> Iterator[None]:
    """The block must change no task, directive or audit event."""
    before = (Task.objects.count(), Directive.objects.count(), AuditEvent.objects.count())
    yield
    assert (Task.objects.count(), Directive.objects.count(), AuditEvent.objects.count()) == before


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def update_kwargs(task: Task, **kw: Any) -> dict[str, Any]:
    params = {
        "task": task, "title": task.title, "lead_unit": task.lead_unit,
        "support_units": list(task.support_units.all()), "kind": task.kind, "due_on": task.due_on,
        "expected_output": task.expected_output, "field": task.field,
    }
    params.update(kw)
    return params


class TestDirectiveCreate:
    def test_creates_and_audits(self, secretariat: Any) -> None:
        directive = directive_create(actor=secretariat, code=" 136/2024/QH15 ", kind="resolution",
                                     title="Thí điểm cơ chế, chính sách đặc thù phát triển thành phố Đà Nẵng")
        assert directive.code == "136/2024/QH15"
        event = AuditEvent.objects.get(action="directive.create")
        assert event.actor_name == secretariat.username
        assert event.target_id == str(directive.pk)

    def test_duplicate_code_is_refused_case_insensitively(self, directive: Any, secretariat: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            directive_create(actor=secretariat, code="57-nq/tw", kind="resolution", title="Bản trùng")
        assert "đã có trong hệ thống" in messages(exc.value)

    @pytest.mark.parametrize(("code", "kind", "title", "field"), [
        ("", "resolution", "Trích yếu", "code"),
        ("01/KH", "resolution", "   ", "title"),
        ("01/KH", "lệnh", "Trích yếu", "kind"),
    ])
    def test_bad_input_is_refused(self, secretariat: Any, code: str, kind: str, title: str, field: str) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            directive_create(actor=secretariat, code=code, kind=kind, title=title)
        assert field in exc.value.message_dict

    @pytest.mark.parametrize("who", ["leader", "member", "head_a", "officer_a"])
    def test_only_the_standing_office_manages_directives(self, request: pytest.FixtureRequest, who: str) -> None:
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            directive_create(actor=actor, code="01/KH-BCĐ", kind="plan", title="Kế hoạch")


class TestTaskCreate:
    def test_assigned_task_keeps_its_original_deadline(self, make_task: Callable[..., Task], unit_b: Any) -> None:
        task = make_task(assigned_on=D(2025, 9, 1), due_on=D(2025, 12, 31), support_units=[unit_b])
        assert task.state == TaskState.ASSIGNED
        assert task.assigned_on == D(2025, 9, 1)
        assert task.due_on == task.original_due_on == D(2025, 12, 31)
        assert list(task.support_units.all()) == [unit_b]
        actions = list(AuditEvent.objects.filter(task_ref=task.pk).order_by("seq").values_list("action", flat=True))
        assert actions == ["task.create", "task.assign"]

    def test_positions_follow_each_other_within_a_directive(self, make_task: Callable[..., Task]) -> None:
        first, second = make_task(), make_task()
        assert second.position == first.position + 1

    def test_deadline_before_assignment_is_refused_and_nothing_written(
        self, make_task: Callable[..., Task]
    ) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(assigned_on=D(2025, 10, 1), due_on=D(2025, 9, 30))
        assert "không được trước ngày giao" in exc.value.message_dict["due_on"][0]
        assert "30/09/2025" in exc.value.message_dict["due_on"][0]

    def test_deadline_task_without_a_date_is_refused(self, make_task: Callable[..., Task]) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(due_on=None)
        assert "due_on" in exc.value.message_dict

    def test_no_lead_unit_is_refused(self, make_task: Callable[..., Task]) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(lead_unit=None)
        assert exc.value.message_dict["lead_unit"] == ["Nhiệm vụ phải có một đơn vị chủ trì."]

    def test_two_lead_units_are_refused(self, make_task: Callable[..., Task], unit_a: Any, unit_b: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(lead_unit=[unit_a, unit_b])
        assert "đúng một đơn vị chủ trì" in exc.value.message_dict["lead_unit"][0]

    def test_a_list_of_one_lead_is_accepted(self, make_task: Callable[..., Task], unit_b: Any) -> None:
        assert make_task(lead_unit=[unit_b]).lead_unit == unit_b

    def test_support_unit_equal_to_lead_is_refused(self, make_task: Callable[..., Task], unit_a: Any) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(lead_unit=unit_a, support_units=[unit_a])
        assert "support_units" in exc.value.message_dict

    def test_the_committee_cannot_lead(self, make_task: Callable[..., Task]) -> None:
        committee = unit_create(actor=None, code="bcd", name="Ban Chỉ đạo Nghị quyết 57", kind="committee")
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(lead_unit=committee)
        assert "lead_unit" in exc.value.message_dict

    def test_several_errors_are_reported_together(self, make_task: Callable[..., Task]) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(title="  ", lead_unit=None, weight=150)
        assert {"title", "lead_unit", "weight"} <= set(exc.value.message_dict)

    def test_unknown_field_is_refused(self, make_task: Callable[..., Task]) -> None:
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(field="vu_tru")
        assert "field" in exc.value.message_dict

    def test_recurring_task_has_no_deadline(self, make_task: Callable[..., Task]) -> None:
        task = make_task(kind=TaskKind.RECURRING, due_on=D(2025, 12, 31))
        assert task.due_on is None
        assert task.original_due_on is None

    def test_draft_task_is_not_assigned(self, make_task: Callable[..., Task]) -> None:
        task = make_task(assign=False)
        assert task.state == TaskState.DRAFT
        assert task.assigned_on is None
        assert not AuditEvent.objects.filter(task_ref=task.pk, action="task.assign").exists()

    def test_child_must_go_under_a_group_of_the_same_directive(
        self, make_task: Callable[..., Task], secretariat: Any, directive: Any
    ) -> None:
        leaf = make_task()
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(parent=leaf)
        assert "parent" in exc.value.message_dict
        other = directive_create(actor=secretariat, code="13/KH-UBND", kind="plan", title="Kế hoạch khác")
        group = task_create(actor=secretariat, directive=other, title="Nhóm 1", kind=TaskKind.GROUP)
        with nothing_written(), pytest.raises(ValidationError) as exc:
            make_task(parent=group)
        assert "parent" in exc.value.message_dict

    @pytest.mark.parametrize("who", ["leader", "member", "head_a", "officer_a"])
    def test_only_the_standing_office_creates_tasks(
        self, request: pytest.FixtureRequest, make_task: Callable[..., Task], who: str
    ) -> None:
        actor = request.getfixturevalue(who)
        with nothing_written(), pytest.raises(PermissionDenied):
            make_task(actor=actor)


class TestTaskAssign:
    def test_assign_a_draft(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task(assign=False, due_on=D(2025, 12, 31))
        task_assign(actor=secretariat, task=task, assigned_on=D(2025, 10, 1))
        task.refresh_from_db()
        assert task.state == TaskState.ASSIGNED
        assert task.assigned_on == D(2025, 10, 1)
        event = AuditEvent.objects.get(task_ref=task.pk, action="task.assign")
        assert event.before == {"state": "draft"}

    def test_assigning_after_the_deadline_is_refused(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task(assign=False, due_on=D(2025, 9, 30))
        with nothing_written(), pytest.raises(ValidationError):
            task_assign(actor=secretariat, task=task, assigned_on=D(2025, 10, 1))
        task.refresh_from_db()
        assert task.state == TaskState.DRAFT

    def test_assigning_twice_is_refused(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task()
        with nothing_written(), pytest.raises(ValidationError):
            task_assign(actor=secretariat, task=task)


class TestTaskUpdate:
    def test_cannot_move_the_due_date_of_an_assigned_task(
        self, make_task: Callable[..., Task], secretariat: Any
    ) -> None:
        task = make_task(assigned_on=D(2025, 9, 1), due_on=D(2025, 12, 31))
        with nothing_written(), pytest.raises(ValidationError) as exc:
            task_update(actor=secretariat, **update_kwargs(task, due_on=D(2026, 3, 31)))
        assert "đề nghị gia hạn" in exc.value.message_dict["due_on"][0]
        task.refresh_from_db()
        assert task.due_on == D(2025, 12, 31)

    def test_cannot_drop_the_deadline_of_an_assigned_task_by_making_it_recurring(
        self, make_task: Callable[..., Task], secretariat: Any
    ) -> None:
        # Otherwise an overdue task could leave the rates by being reclassified.
        task = make_task(assigned_on=D(2025, 9, 1), due_on=D(2025, 10, 31))
        with nothing_written(), pytest.raises(ValidationError) as exc:
            task_update(actor=secretariat, **update_kwargs(task, kind=TaskKind.RECURRING, due_on=None))
        assert "due_on" in exc.value.message_dict
        task.refresh_from_db()
        assert (task.kind, task.due_on) == (TaskKind.DEADLINE, D(2025, 10, 31))

    def test_a_draft_may_move_its_deadline_and_the_original_follows(
        self, make_task: Callable[..., Task], secretariat: Any
    ) -> None:
        task = make_task(assign=False, due_on=D(2025, 12, 31))
        task_update(actor=secretariat, **update_kwargs(task, due_on=D(2026, 3, 31)))
        task.refresh_from_db()
        assert task.due_on == task.original_due_on == D(2026, 3, 31)

    def test_edit_other_fields_of_an_assigned_task(
        self, make_task: Callable[..., Task], secretariat: Any, unit_b: Any
    ) -> None:
        task = make_task(assigned_on=D(2025, 9, 1), due_on=D(2025, 12, 31))
        task_update(actor=secretariat, **update_kwargs(
            task, title="Hoàn thiện cơ sở dữ liệu đất đai", support_units=[unit_b],
            expected_output="Cơ sở dữ liệu đất đai được cập nhật"))
        task.refresh_from_db()
        assert task.title == "Hoàn thiện cơ sở dữ liệu đất đai"
        assert list(task.support_units.all()) == [unit_b]
        event = AuditEvent.objects.get(task_ref=task.pk, action="task.update")
        assert event.before["title"] != event.after["title"]
        assert event.after["support_units"] == [unit_b.code]

    def test_unknown_field_is_refused_on_update(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task()
        with nothing_written(), pytest.raises(ValidationError) as exc:
            task_update(actor=secretariat, **update_kwargs(task, field="vu_tru"))
        assert "field" in exc.value.message_dict

    def test_two_leads_are_refused_on_update(
        self, make_task: Callable[..., Task], secretariat: Any, unit_a: Any, unit_b: Any
    ) -> None:
        task = make_task()
        with nothing_written(), pytest.raises(ValidationError):
            task_update(actor=secretariat, **update_kwargs(task, lead_unit=[unit_a, unit_b]))

    def test_a_cancelled_task_cannot_be_edited(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task()
        task_cancel(actor=secretariat, task=task, reason="Trùng nhiệm vụ 1.2")
        with nothing_written(), pytest.raises(ValidationError):
            task_update(actor=secretariat, **update_kwargs(task, title="Sửa sau khi hủy"))

    def test_unit_head_cannot_edit(self, make_task: Callable[..., Task], head_a: Any) -> None:
        task = make_task()
        with nothing_written(), pytest.raises(PermissionDenied):
            task_update(actor=head_a, **update_kwargs(task, title="Tự sửa"))


class TestTaskCancel:
    def test_cancel_needs_a_reason(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task()
        with nothing_written(), pytest.raises(ValidationError) as exc:
            task_cancel(actor=secretariat, task=task, reason="   ")
        assert "reason" in exc.value.message_dict
        task.refresh_from_db()
        assert task.state == TaskState.ASSIGNED

    def test_cancel_with_a_reason(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        task = make_task()
        task_cancel(actor=secretariat, task=task, reason=" Điều chỉnh theo Kết luận số 12 ")
        task.refresh_from_db()
        assert task.state == TaskState.CANCELLED
        assert task.cancel_reason == "Điều chỉnh theo Kết luận số 12"
        event = AuditEvent.objects.get(task_ref=task.pk, action="task.cancel")
        assert event.after == {"state": "cancelled", "reason": "Điều chỉnh theo Kết luận số 12"}

    def test_cannot_cancel_twice_or_a_completed_task(
        self, make_task: Callable[..., Task], secretariat: Any, complete_task: Callable[..., Task]
    ) -> None:
        cancelled = make_task()
        task_cancel(actor=secretariat, task=cancelled, reason="Trùng")
        done = complete_task(make_task(), on=D(2025, 11, 1))
        for task in (cancelled, done):
            with nothing_written(), pytest.raises(ValidationError):
                task_cancel(actor=secretariat, task=task, reason="Hủy lại")

    def test_leader_cannot_cancel(self, make_task: Callable[..., Task], leader: Any) -> None:
        task = make_task()
        with nothing_written(), pytest.raises(PermissionDenied):
            task_cancel(actor=leader, task=task, reason="Không cần nữa")


class TestGroupWeights:
    def _group_with_children(self, secretariat, directive, unit_a, n=2):
        from chidao.directives.services import task_create

        group = task_create(actor=secretariat, directive=directive, title="Nhóm", kind="group", code="I")
        children = [
            task_create(actor=secretariat, directive=directive, parent=group, title=f"Con {i}", lead_unit=unit_a,
                        due_on=dt.date(2030, 1, 1), assign=True)
            for i in range(n)
        ]
        return group, children

    def test_weights_that_do_not_add_up_are_refused_and_nothing_changes(self, secretariat, directive, unit_a):
        from chidao.directives.services import task_group_weights_set

        group, (a, b) = self._group_with_children(secretariat, directive, unit_a)
        with pytest.raises(ValidationError, match="cộng lại bằng 100"):
            task_group_weights_set(actor=secretariat, group=group, weights={a.pk: 60, b.pk: 30})
        a.refresh_from_db()
        assert a.weight is None

    def test_weights_adding_up_to_100_are_saved(self, secretariat, directive, unit_a):
        from chidao.directives.services import task_group_weights_set

        group, (a, b) = self._group_with_children(secretariat, directive, unit_a)
        task_group_weights_set(actor=secretariat, group=group, weights={a.pk: 70, b.pk: 30})
        a.refresh_from_db()
        assert a.weight == 70
