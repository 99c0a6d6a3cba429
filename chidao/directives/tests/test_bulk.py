"""`task_bulk_create`: the same rules and the same tasks as `task_create`, in a few queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.audit.models import AuditEvent
from chidao.audit.services import audit_verify
from chidao.directives.models import Field, Task, TaskKind
from chidao.directives.services import (
    TaskSpec,
    directive_create,
    task_bulk_create,
    task_create,
    task_update,
)
from chidao.notifications.models import Notification

D = dt.date
ASSIGNED_ON = D(2025, 6, 1)


@contextmanager
def nothing_written() -> Iterator[None]:
    before = (Task.objects.count(), AuditEvent.objects.count(), Notification.objects.count())
    yield
    assert (Task.objects.count(), AuditEvent.objects.count(), Notification.objects.count()) == before


def _good(unit: Any, n: int = 1, **kw: Any) -> TaskSpec:
    params: dict[str, Any] = {"title": f"Nhiệm vụ tốt số {n}", "lead_unit": unit, "due_on": D(2026, 12, 31)}
    params.update(kw)
    return TaskSpec(**params)


# Each bad input as the keyword arguments of task_create / TaskSpec; "PARENT" is replaced by an
# existing task that is not a group.
BAD_INPUTS = {
    "no lead": {"lead_unit": None},
    "two leads": {"lead_unit": ["A", "B"]},
    "support is the lead": {"support_units": ["A"]},
    "deadline before assignment": {"due_on": D(2025, 1, 1)},
    "unknown field": {"field": "khong-co"},
    "parent not a group": {"parent": "PARENT"},
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bulk_refuses_exactly_what_task_create_refuses_and_writes_nothing(
    case: str, directive: Any, secretariat: Any, unit_a: Any, unit_b: Any, head_a: Any, head_b: Any,
) -> None:
    plain = task_create(actor=secretariat, directive=directive, title="Nhiệm vụ có sẵn", lead_unit=unit_b,
                        due_on=D(2026, 12, 31), assign=True, assigned_on=ASSIGNED_ON)
    units = {"A": unit_a, "B": unit_b}
    bad: dict[str, Any] = {"title": "Nhiệm vụ lỗi", "lead_unit": unit_a, "due_on": D(2026, 12, 31)}
    for key, value in BAD_INPUTS[case].items():
        if value == "PARENT":
            value = plain
        elif isinstance(value, list):
            value = [units[v] for v in value]
        bad[key] = value

    with nothing_written(), pytest.raises(ValidationError) as single:
        task_create(actor=secretariat, directive=directive, assign=True, assigned_on=ASSIGNED_ON, **bad)
    # The bad row comes after good ones: it refuses the whole call, and nothing of the good rows stays.
    rows = [_good(unit_a, 1), _good(unit_b, 2), TaskSpec(**bad, ref="Dòng 9")]
    with nothing_written(), pytest.raises(ValidationError) as bulk:
        task_bulk_create(actor=secretariat, directive=directive, rows=rows, assign=True, assigned_on=ASSIGNED_ON)
    assert set(bulk.value.message_dict) == set(single.value.message_dict)
    for key, messages in single.value.message_dict.items():
        assert bulk.value.message_dict[key] == [f"Dòng 9: {m}" for m in messages]


def test_a_new_spec_that_is_not_a_group_cannot_be_a_parent(directive: Any, secretariat: Any, unit_a: Any) -> None:
    leaf = _good(unit_a, 1)
    with nothing_written(), pytest.raises(ValidationError) as exc:
        task_bulk_create(actor=secretariat, directive=directive, rows=[leaf, _good(unit_a, 2, parent=leaf)],
                         assign=False)
    assert exc.value.message_dict["parent"] == [
        "Nhiệm vụ thứ 2: Chỉ có thể thêm nhiệm vụ con vào một nhóm nhiệm vụ."]


def test_a_group_of_another_directive_is_refused(directive: Any, secretariat: Any, unit_a: Any) -> None:
    other = directive_create(actor=secretariat, code="15-CTr/TU", kind="programme", title="Chương trình")
    group = task_create(actor=secretariat, directive=other, title="Nhóm khác", kind=TaskKind.GROUP)
    with nothing_written(), pytest.raises(ValidationError) as exc:
        task_bulk_create(actor=secretariat, directive=directive, rows=[_good(unit_a, parent=group)], assign=False)
    assert "parent" in exc.value.message_dict


@pytest.mark.parametrize("who", ["head_a", "officer_a", "leader", "member"])
def test_only_the_standing_office_creates_in_bulk(
    request: pytest.FixtureRequest, who: str, directive: Any, unit_a: Any,
) -> None:
    actor = request.getfixturevalue(who)
    with nothing_written(), pytest.raises(PermissionDenied):
        task_bulk_create(actor=actor, directive=directive, rows=[_good(unit_a)], assign=True)


def _rows(unit_a: Any, unit_b: Any, standing_office: Any, old_group: Task) -> list[TaskSpec]:
    """A plan as an import gives it: tasks under an existing group, a new group with children, a
    recurring task, support units (one listed twice), a weight, an external id."""
    new_group = TaskSpec(title="II. NHÓM NHIỆM VỤ HẠ TẦNG", kind=TaskKind.GROUP, code="II")
    return [
        TaskSpec(title="  Xây dựng kho dữ liệu dùng chung ", lead_unit=unit_a, support_units=[unit_b, standing_office],
                 due_on=D(2026, 6, 30), deadline_text="Quý II/2026", expected_output="Kho dữ liệu",
                 field=Field.DATA, parent=old_group, code="3", weight=40),
        new_group,
        TaskSpec(title="Phủ sóng 5G toàn thành phố", lead_unit=[unit_b], support_units=[unit_a, unit_a],
                 due_on=D(2027, 12, 31), parent=new_group, code="1", external_id="ext-1"),
        TaskSpec(title="Rà soát thủ tục hành chính", lead_unit=unit_a, kind=TaskKind.RECURRING,
                 due_on=D(2027, 1, 1), deadline_text="Thường xuyên", parent=new_group, code="2"),
        TaskSpec(title="Đào tạo nhân lực số", lead_unit=unit_b, due_on=D(2026, 9, 30)),
    ]


def _facts(tasks: list[Task]) -> list[tuple[Any, ...]]:
    out = []
    stored = Task.objects.in_bulk([t.pk for t in tasks])
    for t in (stored[t.pk] for t in tasks):  # in row order (bulk saves groups first, so ids differ)
        out.append((
            t.code, t.title, t.kind, t.state, t.lead_unit_id, sorted(t.support_units.values_list("code", flat=True)),
            t.due_on, t.original_due_on, t.deadline_text, t.assigned_on, t.expected_output, t.field, t.weight,
            t.external_id, t.search_text, t.position, t.parent.title if t.parent else None, t.created_by_id,
        ))
    return out


def _audit(tasks: list[Task]) -> list[tuple[Any, ...]]:
    events = AuditEvent.objects.filter(task_ref__in=[t.pk for t in tasks]).order_by("seq")
    return [(e.action, e.summary, e.target_label, e.after) for e in events]


@pytest.mark.parametrize("assign", [True, False])
def test_bulk_creates_the_same_tasks_as_one_by_one(
    assign: bool, secretariat: Any, standing_office: Any, unit_a: Any, unit_b: Any,
) -> None:
    results = {}
    for way in ("one_by_one", "bulk"):
        directive = directive_create(actor=secretariat, code=f"KH-{way}", kind="plan", title=f"Kế hoạch {way}")
        # What the directive holds already: new rows continue its positions.
        old_group = task_create(actor=secretariat, directive=directive, title="I. NHÓM THỂ CHẾ",
                                kind=TaskKind.GROUP, code="I")
        for n in (1, 2):
            task_create(actor=secretariat, directive=directive, title=f"Có sẵn {n}", lead_unit=unit_a,
                        due_on=D(2026, 12, 31), parent=old_group, code=str(n))
        rows = _rows(unit_a, unit_b, standing_office, old_group)
        if way == "bulk":
            created = task_bulk_create(actor=secretariat, directive=directive, rows=rows, assign=assign,
                                       assigned_on=ASSIGNED_ON)
        else:
            created = []
            made: dict[int, Task] = {}
            for spec in rows:
                parent = made[id(spec.parent)] if isinstance(spec.parent, TaskSpec) else spec.parent
                made[id(spec)] = task_create(
                    actor=secretariat, directive=directive, title=spec.title, lead_unit=spec.lead_unit,
                    support_units=spec.support_units, kind=spec.kind, due_on=spec.due_on,
                    deadline_text=spec.deadline_text, expected_output=spec.expected_output, field=spec.field,
                    parent=parent, code=spec.code, weight=spec.weight, external_id=spec.external_id,
                    assign=assign, assigned_on=ASSIGNED_ON)
                created.append(made[id(spec)])
        results[way] = (_facts(created), _audit(created), [t.title for t in created])
    assert results["bulk"] == results["one_by_one"]
    facts = results["bulk"][0]
    # Spot checks so that "equal" cannot mean "equally wrong".
    assert facts[0][1] == "Xây dựng kho dữ liệu dùng chung" and facts[0][15] == 3  # after the two existing
    assert facts[0][5] == ["phuong-hai-chau", "vptu"]
    assert facts[0][14] == "3 xay dung kho du lieu dung chung kho du lieu"
    assert [f[15] for f in facts[2:4]] == [1, 2] and facts[2][16] == "II. NHÓM NHIỆM VỤ HẠ TẦNG"
    assert facts[3][6] is None  # a recurring task has no due date
    assert facts[1][15] == 2 and facts[4][15] == 3  # top level: after group I
    assert facts[2][3] == ("assigned" if assign else "draft")


def test_the_audit_chain_verifies_after_bulk_writes_between_ordinary_ones(
    directive: Any, secretariat: Any, unit_a: Any, unit_b: Any,
) -> None:
    first = task_create(actor=secretariat, directive=directive, title="Trước", lead_unit=unit_a,
                        due_on=D(2026, 12, 31), assign=True, assigned_on=ASSIGNED_ON)
    seq_before = AuditEvent.objects.order_by("-seq").first().seq
    bulk = task_bulk_create(actor=secretariat, directive=directive, assign=True, assigned_on=ASSIGNED_ON,
                            rows=[_good(unit_a, n) for n in range(5)])
    task_update(actor=secretariat, task=first, title="Sau khi sửa", lead_unit=unit_b, support_units=[],
                kind=first.kind, due_on=first.due_on, expected_output="", field=first.field)
    task_bulk_create(actor=secretariat, directive=directive, assign=False, rows=[_good(unit_b, 9)])
    report = audit_verify()
    assert report.intact, report
    # Two events per assigned task, in row order, right after what came before.
    events = list(AuditEvent.objects.filter(seq__gt=seq_before).order_by("seq")[:10])
    assert [e.seq for e in events] == list(range(seq_before + 1, seq_before + 11))
    assert [(e.action, e.task_ref) for e in events[:2]] == [("task.create", bulk[0].pk), ("task.assign", bulk[0].pk)]
    assert report.checked == AuditEvent.objects.count()
    # A bulk-written event is protected like any other: changing it breaks the chain there.
    AuditEvent.objects.filter(pk=events[3].pk).update(summary="Sửa lén")
    assert audit_verify().broken_seq == events[3].seq


def test_one_digest_notification_per_lead_unit(
    directive: Any, secretariat: Any, unit_a: Any, unit_b: Any, head_a: Any, officer_a: Any, head_b: Any,
    officer_b: Any,
) -> None:
    rows = [_good(unit_a, n) for n in range(7)] + [_good(unit_b, 8, expected_output="Báo cáo")]
    tasks = task_bulk_create(actor=secretariat, directive=directive, rows=rows, assign=True,
                             assigned_on=ASSIGNED_ON)
    for person in (head_a, officer_a):
        notes = list(Notification.objects.filter(recipient=person))
        assert len(notes) == 1
        note = notes[0]
        assert note.kind == "task_assigned" and note.title == "7 nhiệm vụ mới được giao"
        assert "Nhiệm vụ tốt số 0" in note.body and "Nhiệm vụ tốt số 4" in note.body
        assert "Nhiệm vụ tốt số 5" not in note.body and "và 2 nhiệm vụ khác" in note.body
        assert note.url == f"/nhiem-vu/?directive={directive.pk}&unit={unit_a.pk}&role=lead"
    # A unit with one new task is told about that task, as task_create would.
    for person in (head_b, officer_b):
        note = Notification.objects.get(recipient=person)
        assert note.title == "Nhiệm vụ mới được giao: Nhiệm vụ tốt số 8"
        assert note.url == f"/nhiem-vu/{tasks[-1].pk}/"
    # A second import into the same directive is a new digest, not swallowed as a duplicate.
    task_bulk_create(actor=secretariat, directive=directive, rows=[_good(unit_a, 20), _good(unit_a, 21)],
                     assign=True, assigned_on=ASSIGNED_ON)
    assert Notification.objects.filter(recipient=head_a).count() == 2
    assert Notification.objects.filter(recipient=head_a, title="2 nhiệm vụ mới được giao").exists()


def test_the_digest_link_shows_the_unit_its_tasks(
    client: Any, directive: Any, secretariat: Any, unit_a: Any, unit_b: Any, head_a: Any,
) -> None:
    task_bulk_create(actor=secretariat, directive=directive, assign=True, assigned_on=ASSIGNED_ON,
                     rows=[_good(unit_a, 1), _good(unit_a, 2), _good(unit_b, 3)])
    client.force_login(head_a)
    page = client.get(Notification.objects.get(recipient=head_a).url).content.decode()
    assert "Nhiệm vụ tốt số 1" in page and "Nhiệm vụ tốt số 2" in page
    assert "Nhiệm vụ tốt số 3" not in page


def test_drafts_notify_nobody(directive: Any, secretariat: Any, unit_a: Any, head_a: Any) -> None:
    task_bulk_create(actor=secretariat, directive=directive, rows=[_good(unit_a, 1), _good(unit_a, 2)], assign=False)
    assert not Notification.objects.filter(recipient=head_a).exists()
