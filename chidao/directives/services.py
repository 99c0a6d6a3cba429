"""Every write to directives and tasks: validation, permission, transaction, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import AuditEntry, audit_record, audit_record_many
from chidao.core.formatting import format_date
from chidao.notifications.events import task_assigned_notify, tasks_assigned_notify
from chidao.orgs.models import OrgUnit, Role, User

from . import rules
from .models import Directive, DirectiveKind, Field, Task, TaskKind, TaskState


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
) -> Task:
    """Edit a task. The deadline of an assigned task only moves through an extension decision.
    `leader_in_charge` None clears the task's own (it then follows its group or directive);
    left out, it stays as it is."""
    _require_manager(actor)
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
    with transaction.atomic():
        before = task_snapshot(task)
        task.title = title.strip()
        task.kind = kind
        task.lead_unit = leads[0] if leads else None
        task.expected_output = expected_output.strip()
        task.field = field
        task.weight = weight
        task.deadline_text = deadline_text.strip()
        if not isinstance(leader_in_charge, _Keep):
            task.leader_in_charge = leader_in_charge
        if kind == TaskKind.DEADLINE:
            task.due_on = due_on
            if task.state == TaskState.DRAFT:
                task.original_due_on = due_on
        else:
            task.due_on = None
        task.save()
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
