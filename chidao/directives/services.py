"""Every write to directives and tasks: validation, permission, transaction, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.formatting import format_date
from chidao.notifications.events import task_assigned_notify
from chidao.orgs.models import OrgUnit, User

from .models import Directive, DirectiveKind, Field, Task, TaskKind, TaskState


def today() -> dt.date:
    return timezone.localdate()


def _require_manager(actor: User | None) -> None:
    # actor None is the system itself (demo data, imports run by an administrator's command).
    if actor is not None and not actor.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý văn bản và nhiệm vụ."))


def task_snapshot(task: Task) -> dict[str, object]:
    """The fields the audit log keeps before and after a change."""
    return {
        "title": task.title,
        "state": task.state,
        "kind": task.kind,
        "lead_unit": task.lead_unit.code if task.lead_unit_id and task.lead_unit else None,
        "support_units": sorted(u.code for u in task.support_units.all()) if task.pk else [],
        "due_on": task.due_on,
        "assigned_on": task.assigned_on,
        "completed_on": task.completed_on,
        "progress": task.progress,
        "expected_output": task.expected_output,
        "field": task.field,
    }


def directive_create(
    *,
    actor: User | None,
    code: str,
    kind: str,
    title: str,
    issuer: str = "",
    issued_on: dt.date | None = None,
    parent: Directive | None = None,
) -> Directive:
    _require_manager(actor)
    code = code.strip()
    if not code:
        raise ValidationError({"code": _("Văn bản phải có số, ký hiệu.")})
    if not title.strip():
        raise ValidationError({"title": _("Văn bản phải có trích yếu.")})
    if kind not in DirectiveKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    if Directive.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("Văn bản “%(code)s” đã có trong hệ thống.") % {"code": code}})
    with transaction.atomic():
        directive = Directive.objects.create(
            code=code, kind=kind, title=title.strip(), issuer=issuer.strip(), issued_on=issued_on,
            parent=parent,
        )
        audit_record(
            actor=actor, action="directive.create", target=directive,
            summary=_("Tạo văn bản chỉ đạo %(code)s") % {"code": code},
            after={"code": code, "kind": kind, "title": directive.title, "issued_on": issued_on},
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
    return errors


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
) -> Task:
    """Create a task (or a group) under a directive; `assign=True` also assigns it at once."""
    _require_manager(actor)
    if lead_unit is None:
        leads: list[OrgUnit] = []
    elif isinstance(lead_unit, OrgUnit):
        leads = [lead_unit]
    else:
        leads = list(lead_unit)
    if assign and assigned_on is None:
        assigned_on = today()
    errors = _validate_task_fields(
        kind=kind, lead_units=leads, support_units=support_units, due_on=due_on,
        assigned_on=assigned_on, title=title, weight=weight,
    )
    if parent is not None:
        if parent.directive_id != directive.pk:
            errors["parent"] = _("Nhóm nhiệm vụ phải thuộc cùng văn bản.")
        elif not parent.is_group:
            errors["parent"] = _("Chỉ có thể thêm nhiệm vụ con vào một nhóm nhiệm vụ.")
    if field not in Field.values:
        errors["field"] = _("Lĩnh vực không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = Task.objects.filter(directive=directive, parent=parent).aggregate(m=Max("position"))["m"]
        task = Task(
            directive=directive,
            parent=parent,
            code=code.strip(),
            position=(last or 0) + 1,
            title=title.strip(),
            kind=kind,
            lead_unit=leads[0] if leads and kind != TaskKind.GROUP else None,
            expected_output=expected_output.strip(),
            field=field,
            due_on=due_on if kind == TaskKind.DEADLINE else None,
            original_due_on=due_on if kind == TaskKind.DEADLINE else None,
            deadline_text=deadline_text.strip(),
            weight=weight,
            external_id=external_id,
            created_by=actor,
            state=TaskState.ASSIGNED if assign else TaskState.DRAFT,
            assigned_on=assigned_on if assign else None,
        )
        if kind == TaskKind.GROUP:
            task.state = TaskState.ASSIGNED
        task.save()
        if support_units and kind != TaskKind.GROUP:
            task.support_units.set(support_units)
        audit_record(
            actor=actor, action="task.create", target=task, task_id=task.pk,
            summary=_("Tạo nhiệm vụ") if kind != TaskKind.GROUP else _("Tạo nhóm nhiệm vụ"),
            after=task_snapshot(task),
        )
        if assign and kind != TaskKind.GROUP:
            audit_record(
                actor=actor, action="task.assign", target=task, task_id=task.pk,
                summary=_("Giao nhiệm vụ cho %(unit)s") % {"unit": task.lead_unit},
                after={"state": task.state, "assigned_on": task.assigned_on},
            )
            task_assigned_notify(task=task)
    return task


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
) -> Task:
    """Edit a task. The deadline of an assigned task only moves through an extension decision."""
    _require_manager(actor)
    if task.state in {TaskState.COMPLETED, TaskState.CANCELLED}:
        raise ValidationError(_("Không thể sửa nhiệm vụ đã hoàn thành hoặc đã hủy."))
    leads = [lead_unit] if isinstance(lead_unit, OrgUnit) else list(lead_unit or [])
    errors = _validate_task_fields(
        kind=kind, lead_units=leads, support_units=support_units, due_on=due_on,
        assigned_on=task.assigned_on, title=title, weight=weight,
    )
    if field not in Field.values:
        errors["field"] = _("Lĩnh vực không hợp lệ.")
    # Changing the kind away from "deadline" would drop the due date just the same.
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
