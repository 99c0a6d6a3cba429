"""Every write to directives and tasks: validation, permission, transaction, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import AuditEntry, audit_record, audit_record_many
from chidao.core.concurrency import changed_fields, lock_fresh, save_changed, version_check
from chidao.core.formatting import format_date
from chidao.notifications.events import task_assigned_notify, tasks_assigned_notify
from chidao.orgs.models import OrgUnit, Role, UnitGroup, User

from . import rules
from .models import Directive, DirectiveKind, Field, Task, TaskKind, TaskState
from .tally import tally_refresh


def today() -> dt.date:
    return timezone.localdate()


class _Keep:
    """The default of an optional edit: leave the current value as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


def _leader_name(leader: User | None) -> str | None:
    # The audit log names people by their login, as it names units by their code.
    return leader.username if leader is not None else None


def _leader_errors(leader: User | None, *, current_id: int | None = None) -> dict[str, str]:
    """Only a committee leader may be the leader in charge (lãnh đạo phụ trách). An inactive one
    already set may stay (the page re-submits it) but cannot be newly chosen."""
    if leader is None:
        return {}
    if leader.role != Role.LEADER:
        return {"leader_in_charge": _(
            "“%(name)s” không phải lãnh đạo Ban Chỉ đạo; lãnh đạo phụ trách phải là một lãnh đạo Ban Chỉ đạo."
        ) % {"name": leader}}
    if not leader.is_active and leader.pk != current_id:
        return {"leader_in_charge": _(
            "“%(name)s” đã thôi hoạt động trong hệ thống, không thể làm lãnh đạo phụ trách."
        ) % {"name": leader}}
    return {}


def _require_manager(actor: User | None) -> None:
    # actor None is the system itself (demo data, imports run by an administrator's command).
    if actor is not None and not actor.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý văn bản và nhiệm vụ."))


def task_snapshot(task: Task, *, support_units: Sequence[OrgUnit] | None = None) -> dict[str, object]:
    """The fields the audit log keeps before and after a change (`support_units` when the caller
    already holds them, so a bulk write does not read them back task by task)."""
    if support_units is not None:
        supports = sorted(u.code for u in support_units)
    else:
        supports = sorted(u.code for u in task.support_units.all()) if task.pk else []
    return {
        "title": task.title,
        "state": task.state,
        "kind": task.kind,
        "lead_unit": task.lead_unit.code if task.lead_unit_id and task.lead_unit else None,
        "support_units": supports,
        "due_on": task.due_on,
        "assigned_on": task.assigned_on,
        "completed_on": task.completed_on,
        "progress": task.progress,
        "expected_output": task.expected_output,
        "field": task.field,
        "leader_in_charge": _leader_name(task.leader_in_charge) if task.leader_in_charge_id else None,
    }


def directive_code_taken(code: str) -> str | None:
    """The existing code equal to `code` once case, Unicode form and spacing are ignored
    ("99/kh-bcđ" is "99/KH-BCĐ"; SQLite's iexact only folds ASCII, so this compares in Python)."""
    key = rules.directive_code_key(code)
    exact = Directive.objects.filter(code__iexact=code).values_list("code", flat=True).first()
    if exact is not None:
        return exact
    for existing in Directive.objects.values_list("code", flat=True).iterator():
        if rules.directive_code_key(existing) == key:
            return existing
    return None


def directive_create(
    *,
    actor: User | None,
    code: str,
    kind: str,
    title: str,
    issuer: str = "",
    issued_on: dt.date | None = None,
    parent: Directive | None = None,
    leader_in_charge: User | None = None,
) -> Directive:
    _require_manager(actor)
    code = code.strip()
    if not code:
        raise ValidationError({"code": _("Văn bản phải có số, ký hiệu.")})
    if not title.strip():
        raise ValidationError({"title": _("Văn bản phải có trích yếu.")})
    if kind not in DirectiveKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    if directive_code_taken(code) is not None:
        raise ValidationError({"code": _("Văn bản “%(code)s” đã có trong hệ thống.") % {"code": code}})
    if issued_on is not None and issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày ban hành (%(d)s) không được sau ngày hôm nay.")
                               % {"d": format_date(issued_on)}})
    leader_errors = _leader_errors(leader_in_charge)
    if leader_errors:
        raise ValidationError(leader_errors)
    with transaction.atomic():
        directive = Directive.objects.create(
            code=code, kind=kind, title=title.strip(), issuer=issuer.strip(), issued_on=issued_on,
            parent=parent, leader_in_charge=leader_in_charge,
        )
        after: dict[str, object] = {"code": code, "kind": kind, "title": directive.title, "issued_on": issued_on}
        if leader_in_charge is not None:
            after["leader_in_charge"] = _leader_name(leader_in_charge)
        audit_record(
            actor=actor, action="directive.create", target=directive,
            summary=_("Tạo văn bản chỉ đạo %(code)s") % {"code": code}, after=after,
        )
    return directive


def directive_leader_set(*, actor: User | None, directive: Directive, leader_in_charge: User | None) -> Directive:
    """Set (or clear) the directive's leader in charge: every task under it without its own
    (nor its group's) follows; escalations of its overdue tasks go to this leader."""
    _require_manager(actor)
    errors = _leader_errors(leader_in_charge, current_id=directive.leader_in_charge_id)
    if errors:
        raise ValidationError(errors)
    new_id = leader_in_charge.pk if leader_in_charge is not None else None
    if new_id == directive.leader_in_charge_id:
        return directive
    with transaction.atomic():
        before = _leader_name(directive.leader_in_charge) if directive.leader_in_charge_id else None
        directive.leader_in_charge = leader_in_charge
        directive.save(update_fields=["leader_in_charge"])
        audit_record(
            actor=actor, action="directive.leader_in_charge", target=directive,
            summary=(_("Đặt lãnh đạo phụ trách văn bản %(code)s: %(name)s")
                     % {"code": directive.code, "name": leader_in_charge} if leader_in_charge is not None
                     else _("Bỏ lãnh đạo phụ trách văn bản %(code)s") % {"code": directive.code}),
            before={"leader_in_charge": before}, after={"leader_in_charge": _leader_name(leader_in_charge)},
        )
    return directive


def _validate_task_fields(
    *,
    kind: str,
    lead_units: list[OrgUnit],
    support_units: Sequence[OrgUnit],
    due_on: dt.date | None,
    assigned_on: dt.date | None,
    title: str,
    weight: int | None,
    field: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Nhiệm vụ phải có nội dung.")
    if kind not in TaskKind.values:
        errors["kind"] = _("Loại nhiệm vụ không hợp lệ.")
    if kind != TaskKind.GROUP:
        if len(lead_units) == 0:
            errors["lead_unit"] = _("Nhiệm vụ phải có một đơn vị chủ trì.")
        elif len(lead_units) > 1:
            errors["lead_unit"] = _(
                "Mỗi nhiệm vụ chỉ có đúng một đơn vị chủ trì; các đơn vị khác là đơn vị phối hợp."
            )
        elif lead_units[0].kind == "committee":
            errors["lead_unit"] = _("Ban Chỉ đạo không làm đơn vị chủ trì; hãy chọn một đơn vị.")
    if lead_units and any(u.pk == lead_units[0].pk for u in support_units):
        errors["support_units"] = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if kind == TaskKind.DEADLINE and due_on is None:
        errors["due_on"] = _("Nhiệm vụ có thời hạn phải có ngày hoàn thành (hoặc chọn loại “Thường xuyên”).")
    if kind == TaskKind.DEADLINE and due_on and assigned_on and due_on < assigned_on:
        errors["due_on"] = _("Thời hạn (%(due)s) không được trước ngày giao (%(assigned)s).") % {
            "due": format_date(due_on), "assigned": format_date(assigned_on),
        }
    if weight is not None and not 0 <= weight <= 100:
        errors["weight"] = _("Trọng số phải từ 0 đến 100.")
    if field not in Field.values:
        errors["field"] = _("Lĩnh vực không hợp lệ.")
    return errors


def _due_after_directive(directive: Directive, kind: str, due_on: dt.date | None) -> dict[str, str]:
    """A task cannot be due before the directive that gives it was issued."""
    if kind == TaskKind.DEADLINE and due_on and directive.issued_on and due_on < directive.issued_on:
        return {"due_on": _("Thời hạn (%(due)s) không được trước ngày ban hành văn bản %(code)s (%(issued)s).") % {
            "due": format_date(due_on), "code": directive.code, "issued": format_date(directive.issued_on)}}
    return {}


def _lead_list(lead_unit: OrgUnit | Sequence[OrgUnit] | None) -> list[OrgUnit]:
    if lead_unit is None:
        return []
    if isinstance(lead_unit, OrgUnit):
        return [lead_unit]
    return list(lead_unit)


@dataclass(eq=False)
class TaskSpec:
    """One task (or group) to create with `task_bulk_create`: the arguments of `task_create`.

    `parent` is an existing group or another TaskSpec of kind group in the same call (so an
    appendix's groups and their tasks are created together); `ref` names the row in error
    messages ("Dòng 12").
    """

    title: str
    lead_unit: OrgUnit | Sequence[OrgUnit] | None = None
    support_units: Sequence[OrgUnit] = ()
    kind: str = TaskKind.DEADLINE
    due_on: dt.date | None = None
    deadline_text: str = ""
    expected_output: str = ""
    field: str = Field.OTHER
    parent: Task | TaskSpec | None = None
    code: str = ""
    weight: int | None = None
    external_id: str = ""
    ref: str = ""
    leader_in_charge: User | None = None
    unit_group: UnitGroup | None = None  # set on a group-assignment's parent

    @property
    def is_group(self) -> bool:
        return self.kind == TaskKind.GROUP

    def supports(self) -> list[OrgUnit]:
        """The support units to link, each once (a group has none), as `set()` would store them."""
        return [] if self.is_group else list(dict.fromkeys(self.support_units))


def _task_create_errors(
    *, directive: Directive, spec: TaskSpec, assigned_on: dt.date | None, batch: set[int] | None = None,
) -> dict[str, str]:
    """Everything `task_create` and `task_bulk_create` refuse about one new task (one rule, one place).
    `batch` holds the ids of the specs created together, which may be the parent of another."""
    errors = _validate_task_fields(
        kind=spec.kind, lead_units=_lead_list(spec.lead_unit), support_units=spec.support_units,
        due_on=spec.due_on, assigned_on=assigned_on, title=spec.title, weight=spec.weight, field=spec.field,
    )
    errors.update(_leader_errors(spec.leader_in_charge))
    errors.update(_due_after_directive(directive, spec.kind, spec.due_on))
    parent = spec.parent
    if isinstance(parent, TaskSpec):
        if batch is None or id(parent) not in batch:
            errors["parent"] = _("Nhóm nhiệm vụ phải thuộc cùng văn bản.")
        elif not parent.is_group:
            errors["parent"] = _("Chỉ có thể thêm nhiệm vụ con vào một nhóm nhiệm vụ.")
    elif parent is not None:
        if parent.directive_id != directive.pk:
            errors["parent"] = _("Nhóm nhiệm vụ phải thuộc cùng văn bản.")
        elif not parent.is_group:
            errors["parent"] = _("Chỉ có thể thêm nhiệm vụ con vào một nhóm nhiệm vụ.")
    return errors


def _task_build(
    *, actor: User | None, directive: Directive, spec: TaskSpec, parent: Task | None, position: int, assign: bool,
    assigned_on: dt.date | None,
) -> Task:
    """The unsaved task of a validated spec, the same whichever path saves it."""
    leads = _lead_list(spec.lead_unit)
    deadline = spec.kind == TaskKind.DEADLINE
    task = Task(
        directive=directive,
        parent=parent,
        code=spec.code.strip(),
        position=position,
        title=spec.title.strip(),
        kind=spec.kind,
        lead_unit=leads[0] if leads and spec.kind != TaskKind.GROUP else None,
        expected_output=spec.expected_output.strip(),
        field=spec.field,
        due_on=spec.due_on if deadline else None,
        original_due_on=spec.due_on if deadline else None,
        deadline_text=spec.deadline_text.strip(),
        weight=spec.weight,
        external_id=spec.external_id,
        leader_in_charge=spec.leader_in_charge,
        unit_group=spec.unit_group,
        created_by=actor,
        state=TaskState.ASSIGNED if assign or spec.kind == TaskKind.GROUP else TaskState.DRAFT,
        assigned_on=assigned_on if assign else None,
    )
    task.refresh_search_text()
    return task


def _task_audit_entries(
    *, actor: User | None, task: Task, support_units: Sequence[OrgUnit], assign: bool,
) -> list[AuditEntry]:
    entries = [AuditEntry(
        actor=actor, action="task.create", target=task, task_id=task.pk,
        summary=_("Tạo nhiệm vụ") if not task.is_group else _("Tạo nhóm nhiệm vụ"),
        after=task_snapshot(task, support_units=support_units),
    )]
    if assign and not task.is_group:
        entries.append(AuditEntry(
            actor=actor, action="task.assign", target=task, task_id=task.pk,
            summary=_("Giao nhiệm vụ cho %(unit)s") % {"unit": task.lead_unit},
            after={"state": task.state, "assigned_on": task.assigned_on},
        ))
    return entries


def task_create(
    *,
    actor: User | None,
    directive: Directive,
    title: str,
    lead_unit: OrgUnit | Sequence[OrgUnit] | None = None,
    support_units: Sequence[OrgUnit] = (),
    kind: str = TaskKind.DEADLINE,
    due_on: dt.date | None = None,
    deadline_text: str = "",
    expected_output: str = "",
    field: str = Field.OTHER,
    parent: Task | None = None,
    code: str = "",
    weight: int | None = None,
    assign: bool = False,
    assigned_on: dt.date | None = None,
    external_id: str = "",
    leader_in_charge: User | None = None,
) -> Task:
    """Create a task (or a group) under a directive; `assign=True` also assigns it at once.
    Without `leader_in_charge` the task follows its group's, else its directive's."""
    _require_manager(actor)
    if assign and assigned_on is None:
        assigned_on = today()
    spec = TaskSpec(
        title=title, lead_unit=lead_unit, support_units=support_units, kind=kind, due_on=due_on,
        deadline_text=deadline_text, expected_output=expected_output, field=field, parent=parent, code=code,
        weight=weight, external_id=external_id, leader_in_charge=leader_in_charge,
    )
    errors = _task_create_errors(directive=directive, spec=spec, assigned_on=assigned_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = Task.objects.filter(directive=directive, parent=parent).aggregate(m=Max("position"))["m"]
        task = _task_build(actor=actor, directive=directive, spec=spec, parent=parent, position=(last or 0) + 1,
                           assign=assign, assigned_on=assigned_on)
        task.save()
        supports = spec.supports()
        if supports:
            task.support_units.set(supports)
        for entry in _task_audit_entries(actor=actor, task=task, support_units=supports, assign=assign):
            audit_record(actor=entry.actor, action=entry.action, target=entry.target, task_id=entry.task_id,
                         summary=entry.summary, after=entry.after)
        if assign and kind != TaskKind.GROUP:
            task_assigned_notify(task=task)
    return task


def task_bulk_create(
    *,
    actor: User | None,
    directive: Directive,
    rows: Sequence[TaskSpec],
    assign: bool,
    assigned_on: dt.date | None = None,
) -> list[Task]:
    """Create many tasks and groups at once, as one `task_create` per row would, but in a few queries.

    The same rules refuse the same rows (`_task_create_errors`), and the first bad row refuses the
    whole call with nothing written. Positions continue each (directive, group) in row order;
    the audit log gets the same events (written in one batch, chained in memory); each lead unit
    gets one digest notification instead of one per task. Returns the tasks in row order.
    """
    _require_manager(actor)
    if assign and assigned_on is None:
        assigned_on = today()
    batch = {id(spec) for spec in rows}
    for number, spec in enumerate(rows, start=1):
        errors = _task_create_errors(directive=directive, spec=spec, assigned_on=assigned_on, batch=batch)
        if errors:
            where = spec.ref or _("Nhiệm vụ thứ %(n)s") % {"n": number}
            raise ValidationError({key: f"{where}: {message}" for key, message in errors.items()})
    with transaction.atomic():
        # Each group's next position, in one query instead of one Max() per task.
        last: dict[int | None, int] = dict(
            Task.objects.filter(directive=directive).order_by().values("parent_id").annotate(m=Max("position"))
            .values_list("parent_id", "m")
        )
        positions: dict[tuple[str, int | None], int] = {}
        spec_position: dict[int, int] = {}
        for spec in rows:
            parent = spec.parent
            if isinstance(parent, TaskSpec):
                key: tuple[str, int | None] = ("new", id(parent))
                start = 0  # a group created in this call has no children yet
            else:
                key = ("old", parent.pk if parent else None)
                start = last.get(key[1]) or 0
            positions[key] = positions.get(key, start) + 1
            spec_position[id(spec)] = positions[key]
        built: dict[int, Task] = {}
        pending = list(rows)
        # Parents before children: each pass saves the rows whose parent exists already.
        while pending:
            ready = [s for s in pending if not isinstance(s.parent, TaskSpec) or id(s.parent) in built]
            if not ready:
                raise ValidationError({"parent": _("Quan hệ nhóm – nhiệm vụ con bị vòng lặp.")})
            tasks = []
            for spec in ready:
                parent = built[id(spec.parent)] if isinstance(spec.parent, TaskSpec) else spec.parent
                task = _task_build(actor=actor, directive=directive, spec=spec, parent=parent,
                                   position=spec_position[id(spec)], assign=assign, assigned_on=assigned_on)
                built[id(spec)] = task
                tasks.append(task)
            Task.objects.bulk_create(tasks, batch_size=500)
            tally_refresh({(t.directive_id, t.lead_unit_id) for t in tasks})  # no signals for a bulk insert
            pending = [s for s in pending if id(s) not in built]
        created = [built[id(spec)] for spec in rows]
        supports: dict[int, list[OrgUnit]] = {}
        through = Task.support_units.through
        links = []
        for spec, task in zip(rows, created, strict=True):
            units = spec.supports()
            supports[task.pk] = units
            links += [through(task_id=task.pk, orgunit_id=unit.pk) for unit in units]
        through.objects.bulk_create(links, batch_size=1000)
        audit_record_many([
            entry for task in created
            for entry in _task_audit_entries(actor=actor, task=task, support_units=supports[task.pk], assign=assign)
        ])
        if assign:
            tasks_assigned_notify(tasks=[t for t in created if not t.is_group])
    return created


def task_update(
    *,
    actor: User | None,
    task: Task,
    title: str,
    lead_unit: OrgUnit | Sequence[OrgUnit] | None,
    support_units: Sequence[OrgUnit],
    kind: str,
    due_on: dt.date | None,
    expected_output: str,
    field: str,
    deadline_text: str = "",
    weight: int | None = None,
    leader_in_charge: User | _Keep | None = KEEP,
    expected_version: int | None = None,
) -> Task:
    """Edit a task. The deadline of an assigned task only moves through an extension decision.
    `leader_in_charge` None clears the task's own (it then follows its group or directive);
    left out, it stays as it is. The row is locked and re-read first: a form drawn from an older
    `row_version` is refused, and only the edited fields are written (never a stale state or
    progress over a report submitted meanwhile)."""
    _require_manager(actor)
    with transaction.atomic():
        lock_fresh(task)
        version_check(task, expected_version)
        if task.state in {TaskState.COMPLETED, TaskState.CANCELLED}:
            raise ValidationError(_("Không thể sửa nhiệm vụ đã hoàn thành hoặc đã hủy."))
        leads = [lead_unit] if isinstance(lead_unit, OrgUnit) else list(lead_unit or [])
        errors = _validate_task_fields(
            kind=kind, lead_units=leads, support_units=support_units, due_on=due_on,
            assigned_on=task.assigned_on, title=title, weight=weight, field=field,
        )
        if due_on != task.due_on:
            errors.update(_due_after_directive(task.directive, kind, due_on))
        # Changing the kind away from "deadline" would drop the due date just the same.
        if not isinstance(leader_in_charge, _Keep):
            errors.update(_leader_errors(leader_in_charge, current_id=task.leader_in_charge_id))
        new_due_on = due_on if kind == TaskKind.DEADLINE else None
        if task.state != TaskState.DRAFT and new_due_on != task.due_on:
            errors["due_on"] = _(
                "Nhiệm vụ đã giao chỉ được đổi thời hạn qua đề nghị gia hạn được lãnh đạo quyết định."
            )
        if errors:
            raise ValidationError(errors)
        before = task_snapshot(task)
        values: dict[str, object] = {
            "title": title.strip(), "kind": kind, "lead_unit": leads[0] if leads else None,
            "expected_output": expected_output.strip(), "field": field, "weight": weight,
            "deadline_text": deadline_text.strip(), "due_on": new_due_on,
        }
        if not isinstance(leader_in_charge, _Keep):
            values["leader_in_charge"] = leader_in_charge
        if kind == TaskKind.DEADLINE and task.state == TaskState.DRAFT:
            values["original_due_on"] = due_on
        changed = changed_fields(task, values)
        save_changed(task, changed, extra=["updated_at"])  # Task.save adds search_text
        task.support_units.set(support_units)
        audit_record(
            actor=actor, action="task.update", target=task, task_id=task.pk,
            summary=_("Sửa nhiệm vụ"), before=before, after=task_snapshot(task),
        )
    return task


def task_assign(*, actor: User | None, task: Task, assigned_on: dt.date | None = None) -> Task:
    _require_manager(actor)
    if task.state != TaskState.DRAFT:
        raise ValidationError(_("Nhiệm vụ này đã được giao."))
    assigned_on = assigned_on or today()
    if task.kind == TaskKind.DEADLINE and task.due_on and task.due_on < assigned_on:
        raise ValidationError(
            _("Thời hạn (%(due)s) đã trước ngày giao (%(assigned)s); hãy sửa thời hạn trước khi giao.")
            % {"due": format_date(task.due_on), "assigned": format_date(assigned_on)}
        )
    with transaction.atomic():
        task.state = TaskState.ASSIGNED
        task.assigned_on = assigned_on
        task.save(update_fields=["state", "assigned_on", "updated_at"])
        audit_record(
            actor=actor, action="task.assign", target=task, task_id=task.pk,
            summary=_("Giao nhiệm vụ cho %(unit)s") % {"unit": task.lead_unit},
            before={"state": TaskState.DRAFT}, after={"state": task.state, "assigned_on": assigned_on},
        )
        task_assigned_notify(task=task)
    return task


def task_cancel(*, actor: User | None, task: Task, reason: str) -> Task:
    _require_manager(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Hủy nhiệm vụ phải nêu lý do.")})
    if task.state in {TaskState.COMPLETED, TaskState.CANCELLED}:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành hoặc đã hủy."))
    with transaction.atomic():
        before = {"state": task.state}
        task.state = TaskState.CANCELLED
        task.cancel_reason = reason.strip()
        task.save(update_fields=["state", "cancel_reason", "updated_at"])
        audit_record(
            actor=actor, action="task.cancel", target=task, task_id=task.pk,
            summary=_("Hủy nhiệm vụ: %(reason)s") % {"reason": task.cancel_reason},
            before=before, after={"state": task.state, "reason": task.cancel_reason},
        )
    return task


def task_group_weights_set(*, actor: User | None, group: Task, weights: dict[int, int | None]) -> Task:
    """Set the weights of a group's children at once: all unset, or all set and adding up to 100
    (DESIGN §4), so a group's progress is never a weighted average of weights that do not add up."""
    _require_manager(actor)
    if not group.is_group:
        raise ValidationError(_("Chỉ nhóm nhiệm vụ mới có trọng số của các nhiệm vụ con."))
    children = {t.pk: t for t in group.children.all()}
    if set(weights) != set(children):
        raise ValidationError(_("Phải nhập trọng số cho đúng và đủ các nhiệm vụ trong nhóm."))
    from . import rules

    if not rules.weights_valid(list(weights.values())):
        raise ValidationError(
            _("Trọng số phải để trống tất cả, hoặc nhập đủ và cộng lại bằng 100 (hiện là %(sum)s).")
            % {"sum": sum(w or 0 for w in weights.values())}
        )
    with transaction.atomic():
        before = {str(pk): t.weight for pk, t in children.items()}
        for pk, task in children.items():
            task.weight = weights[pk]
            task.save(update_fields=["weight", "updated_at"])
        audit_record(
            actor=actor, action="task.weights", target=group, task_id=group.pk,
            summary=_("Đặt trọng số các nhiệm vụ trong nhóm"), before=before,
            after={str(pk): w for pk, w in weights.items()},
        )
    return group


# --- tasks given to a unit group (DESIGN §4: a parent and one tracked child per member) ------------

def unit_group_members(group: UnitGroup) -> list[OrgUnit]:
    return [u for u in group.members.all() if u.is_active and u.kind != "committee"]


def task_specs_for_group(spec: TaskSpec, group: UnitGroup, members: Sequence[OrgUnit] | None = None) -> list[TaskSpec]:
    """The parent (a group task tied to `group`) and one child per member unit, each an ordinary task
    with the spec's deadline and output; a member named as support is not its own supporter."""
    members = list(members) if members is not None else unit_group_members(group)
    if not members:
        raise ValidationError(
            _("Nhóm đơn vị “%(g)s” chưa có đơn vị thành viên; hãy thêm đơn vị vào nhóm trước khi giao.")
            % {"g": group.name}
        )
    parent = replace(spec, kind=TaskKind.GROUP, lead_unit=None, support_units=(), weight=None, unit_group=group)
    children = [
        replace(spec, lead_unit=unit, parent=parent, unit_group=None, weight=None, external_id="",
                code=f"{spec.code}.{n}" if spec.code else "",
                support_units=[u for u in spec.support_units if u.pk != unit.pk],
                ref=spec.ref or _("Nhóm “%(g)s”") % {"g": group.name})
        for n, unit in enumerate(members, start=1)
    ]
    return [parent, *children]


def _group_assignment_exists(*, directive: Directive, group: UnitGroup, title: str) -> bool:
    return Task.objects.filter(directive=directive, unit_group=group, title=title.strip()).exclude(
        state=TaskState.CANCELLED).exists()


def group_assignment_refusal(*, directive: Directive, group: UnitGroup, title: str) -> str:
    """Why the same task may not be given to the same group twice ("" when it may)."""
    if _group_assignment_exists(directive=directive, group=group, title=title):
        return _("Nhiệm vụ “%(t)s” đã được giao cho nhóm “%(g)s” trong văn bản %(d)s; không giao lại lần nữa.") % {
            "t": title.strip()[:80], "g": group.name, "d": directive.code}
    return ""


def task_group_assign(
    *,
    actor: User | None,
    directive: Directive,
    unit_group: UnitGroup,
    title: str,
    kind: str = TaskKind.DEADLINE,
    due_on: dt.date | None = None,
    deadline_text: str = "",
    expected_output: str = "",
    support_units: Sequence[OrgUnit] = (),
    field: str = Field.OTHER,
    parent: Task | None = None,
    code: str = "",
    assign: bool = True,
    assigned_on: dt.date | None = None,
) -> Task:
    """Give one task to every member of a unit group: returns the parent (a group task)."""
    _require_manager(actor)
    if kind == TaskKind.GROUP:
        raise ValidationError(
            {"kind": _("Nhiệm vụ giao cho nhóm đơn vị phải có thời hạn hoặc là nhiệm vụ thường xuyên.")})
    if refusal := group_assignment_refusal(directive=directive, group=unit_group, title=title):
        raise ValidationError(refusal)
    spec = TaskSpec(title=title, kind=kind, due_on=due_on, deadline_text=deadline_text, expected_output=expected_output,
                    support_units=support_units, field=field, parent=parent, code=code)
    with transaction.atomic():
        created = task_bulk_create(actor=actor, directive=directive, rows=task_specs_for_group(spec, unit_group),
                                   assign=assign, assigned_on=assigned_on)
    return created[0]


def unit_group_tasks_extend(*, actor: User | None, unit_group: UnitGroup, unit: OrgUnit) -> list[Task]:
    """Give a member added to a group later the group's open tasks, one child each, as its siblings have
    them. A task whose deadline has passed is left out (a new child cannot be given a past deadline)."""
    _require_manager(actor)
    if not unit_group.members.filter(pk=unit.pk).exists():
        raise ValidationError(_("Đơn vị “%(u)s” không thuộc nhóm “%(g)s”.") % {"u": unit, "g": unit_group.name})
    parents = list(
        Task.objects.filter(unit_group=unit_group, kind=TaskKind.GROUP)
        .exclude(state__in=[TaskState.CANCELLED, TaskState.COMPLETED])
        .select_related("directive").prefetch_related("children__support_units").order_by("directive_id", "id")
    )
    by_directive: dict[int, list[TaskSpec]] = {}
    directives: dict[int, Directive] = {}
    day = today()
    for parent in parents:
        children = [c for c in parent.children.all() if c.state != TaskState.CANCELLED]
        if not children or any(c.lead_unit_id == unit.pk for c in children):
            continue
        model = children[0]
        if model.kind == TaskKind.DEADLINE and model.due_on and model.due_on < day:
            continue
        by_directive.setdefault(parent.directive_id, []).append(TaskSpec(
            title=model.title, lead_unit=unit, kind=model.kind, due_on=model.due_on, deadline_text=model.deadline_text,
            expected_output=model.expected_output, field=model.field, parent=parent,
            code=f"{parent.code}.{len(children) + 1}" if parent.code else "",
            support_units=[u for u in model.support_units.all() if u.pk != unit.pk],
        ))
        directives[parent.directive_id] = parent.directive
    created: list[Task] = []
    with transaction.atomic():
        for directive_id, specs in by_directive.items():
            created += task_bulk_create(actor=actor, directive=directives[directive_id], rows=specs, assign=True)
    return created


# --- tasks confirmed from a document (the reader's proposals, edited by the secretary) -------------

@dataclass
class ConfirmedTask:
    title: str
    lead_unit: OrgUnit | None
    support_units: list[OrgUnit]
    recurring: bool
    due_on: dt.date | None
    deadline_text: str
    expected_output: str
    unit_group: UnitGroup | None = None  # a collective lead: one child task per member
    new_unit_name: str = ""  # "tạo đơn vị mới": the lead as written becomes a unit
    alias: str = ""  # "gắn với đơn vị có sẵn": the lead as written is saved as lead_unit's other name


def confirmed_tasks_errors(*, directive: Directive | None, tasks: Sequence[ConfirmedTask],
                           issued_on: dt.date) -> list[str]:
    """Everything wrong with the confirmed tasks, numbered as the form shows them."""
    errors: list[str] = []
    seen_groups: set[tuple[int, str]] = set()
    for n, task in enumerate(tasks, start=1):
        if not task.title.strip():
            errors.append(_("Nhiệm vụ %(n)s chưa có nội dung.") % {"n": n})
        if task.lead_unit is None and task.unit_group is None and not task.new_unit_name.strip():
            errors.append(_("Nhiệm vụ %(n)s chưa có đơn vị chủ trì; hãy chọn đơn vị hoặc nhóm đơn vị, hoặc tạo đơn vị "
                            "mới (không bỏ qua nhiệm vụ).") % {"n": n})
        if not task.recurring and task.due_on is None:
            errors.append(_("Nhiệm vụ %(n)s chưa có thời hạn; hãy nhập ngày hoặc chọn “Thường xuyên”.") % {"n": n})
        if task.due_on and task.due_on < issued_on and not task.recurring:
            errors.append(_("Nhiệm vụ %(n)s có thời hạn %(d)s trước ngày giao.") % {"n": n,
                                                                               "d": format_date(task.due_on)})
        if task.unit_group is not None:
            key = (task.unit_group.pk, task.title.strip())
            if key in seen_groups:
                errors.append(_("Nhiệm vụ %(n)s trùng với một nhiệm vụ khác giao cho cùng nhóm.") % {"n": n})
            seen_groups.add(key)
            if not unit_group_members(task.unit_group):
                errors.append(_("Nhiệm vụ %(n)s: nhóm đơn vị “%(g)s” chưa có đơn vị thành viên.")
                              % {"n": n, "g": task.unit_group.name})
            if directive is not None and (
                    refusal := group_assignment_refusal(directive=directive, group=task.unit_group, title=task.title)):
                errors.append(_("Nhiệm vụ %(n)s: %(e)s") % {"n": n, "e": refusal})
    return errors


def confirmed_tasks_create(*, actor: User | None, directive: Directive, tasks: Sequence[ConfirmedTask],
                           assigned_on: dt.date, code_prefix: str = "") -> list[Task]:
    """Create and assign the confirmed tasks under `directive`, all or nothing: new units and other
    names first, then each task (a group's task as a parent with one child per member)."""
    from chidao.orgs.services import unit_alias_add, unit_code_free, unit_create

    _require_manager(actor)
    errors = confirmed_tasks_errors(directive=directive, tasks=tasks, issued_on=assigned_on)
    if errors:
        raise ValidationError({"tasks": errors})
    created: list[Task] = []
    with transaction.atomic():
        for n, task in enumerate(tasks, start=1):
            lead = task.lead_unit
            if task.unit_group is None and lead is None and task.new_unit_name.strip():
                lead = unit_create(actor=actor, code=unit_code_free(task.new_unit_name),
                                   name=task.new_unit_name.strip()[:255], kind="other")
            elif lead is not None and task.alias.strip():
                unit_alias_add(actor=actor, unit=lead, alias=task.alias)
            code = f"{code_prefix}{n}" if code_prefix else ""
            kind = TaskKind.RECURRING if task.recurring else TaskKind.DEADLINE
            try:
                if task.unit_group is not None:
                    created.append(task_group_assign(
                        actor=actor, directive=directive, unit_group=task.unit_group, title=task.title, kind=kind,
                        due_on=None if task.recurring else task.due_on, deadline_text=task.deadline_text,
                        expected_output=task.expected_output, support_units=task.support_units, code=code,
                        assigned_on=assigned_on))
                else:
                    created.append(task_create(
                        actor=actor, directive=directive, title=task.title, lead_unit=lead,
                        support_units=[u for u in task.support_units if lead is None or u.pk != lead.pk], kind=kind,
                        due_on=None if task.recurring else task.due_on, deadline_text=task.deadline_text,
                        expected_output=task.expected_output, code=code, assign=True, assigned_on=assigned_on))
            except ValidationError as exc:
                raise ValidationError({"tasks": [_("Nhiệm vụ %(n)s: %(e)s") % {"n": n, "e": " ".join(exc.messages)}]}) \
                    from exc
    return created
