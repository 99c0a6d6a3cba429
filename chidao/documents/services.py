"""Writes of the documents app: committing a previewed plan import, all rows or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.directives.models import Directive, Task, TaskKind
from chidao.directives.services import TaskSpec, group_assignment_refusal, task_bulk_create, task_specs_for_group
from chidao.orgs.models import OrgUnit, UnitGroup, User

from .importer import PlanPreview


def plan_import_commit(
    *, actor: User | None, directive: Directive, preview: PlanPreview, assign: bool = False,
    assigned_on: dt.date | None = None,
) -> list[Task]:
    """Create the previewed groups and tasks through `task_bulk_create`, in one transaction.

    Refused whole when any row has a problem: nothing is written unless every row is good.
    """
    if actor is not None and not actor.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được nhập nhiệm vụ."))
    if not preview.ok:
        problems = preview.problems
        raise ValidationError(
            _("Bảng tính còn %(n)s lỗi, chưa nhập gì: %(first)s") % {"n": len(problems), "first": problems[0]}
            if problems else _("Bảng tính không có nhiệm vụ nào để nhập.")
        )
    unit_ids = {m.unit.id for r in preview.tasks for m in r.leads if m.unit}
    unit_ids |= {m.unit.id for r in preview.tasks for m in r.supports if m.unit}
    units = OrgUnit.objects.in_bulk(list(unit_ids))
    groups = UnitGroup.objects.prefetch_related("members").in_bulk([r.group.id for r in preview.tasks if r.group])
    specs: list[TaskSpec] = []
    group: TaskSpec | None = None
    for row in preview.rows:
        ref = _("Dòng %(row)s") % {"row": row.row}
        if row.kind == "group":
            group = TaskSpec(kind=TaskKind.GROUP, title=row.title, code=row.stt, ref=ref)
            specs.append(group)
            continue
        assert row.deadline is not None
        supports: list[OrgUnit] = []
        for match in row.supports:
            if match.unit and units[match.unit.id] not in supports:
                supports.append(units[match.unit.id])
        spec = TaskSpec(
            parent=group, code=row.stt, title=row.title, support_units=supports,
            kind=TaskKind.RECURRING if row.deadline.is_recurring else TaskKind.DEADLINE,
            due_on=row.deadline.due_on, deadline_text=row.deadline_text[:120], expected_output=row.output,
            ref=ref,
        )
        if row.group is not None:
            unit_group = groups[row.group.id]
            if refusal := group_assignment_refusal(directive=directive, group=unit_group, title=row.title):
                raise ValidationError(f"{ref}: {refusal}")
            specs.extend(task_specs_for_group(spec, unit_group))
            continue
        # Several leads in one cell: one task for each (the preview said so).
        for match in row.leads:
            assert match.unit is not None
            lead = units[match.unit.id]
            specs.append(replace(spec, lead_unit=lead, support_units=[u for u in supports if u.pk != lead.pk]))
    with transaction.atomic():
        try:
            created = task_bulk_create(actor=actor, directive=directive, rows=specs, assign=assign,
                                       assigned_on=assigned_on)
        except ValidationError as exc:
            # The preview checks what the service checks; should they ever differ, the row is named
            # (each message starts with its row).
            raise ValidationError(" ".join(exc.messages)) from exc
        audit_record(
            actor=actor, action="plan.import", target=directive,
            summary=_("Nhập %(tasks)s nhiệm vụ, %(groups)s nhóm từ tệp %(file)s") % {
                "tasks": len(preview.tasks), "groups": len(preview.groups), "file": preview.file_name},
            after={"file": preview.file_name, "tasks": len(preview.tasks), "groups": len(preview.groups),
                   "assigned": assign},
        )
    return created


def unit_aliases_update(*, actor: User, unit: OrgUnit, aliases: str) -> OrgUnit:
    """Replace a unit's list of other names (one per line), as the import's matcher uses them."""
    if not (actor.can_manage_tasks or actor.role == "admin"):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được sửa tên gọi khác của đơn vị."))
    lines: list[str] = []
    for line in aliases.splitlines():
        line = " ".join(line.split())
        if line and line not in lines:
            lines.append(line)
    if any(len(line) > 200 for line in lines):
        raise ValidationError({"aliases": _("Mỗi tên gọi khác không quá 200 ký tự.")})
    new = "\n".join(lines)
    if new == unit.aliases:
        return unit
    with transaction.atomic():
        before = unit.aliases.splitlines()
        unit.aliases = new
        unit.save(update_fields=["aliases", "name_search"])
        audit_record(actor=actor, action="unit.aliases", target=unit, summary=_("Sửa tên gọi khác của đơn vị"),
                     before={"aliases": before}, after={"aliases": lines})
    return unit
