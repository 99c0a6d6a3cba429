"""Every write to indicators: validation → permission → transaction → audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.concurrency import lock_fresh, version_check
from chidao.core.files import file_store, file_validate
from chidao.core.numbers import decimal_error
from chidao.directives.models import Task
from chidao.orgs.models import OrgUnit, Role, User
from chidao.orgs.selectors import user_unit_ids

from . import rules
from .models import (
    Direction,
    Indicator,
    IndicatorEvidence,
    IndicatorTarget,
    IndicatorTaskLink,
    IndicatorValue,
    NodeKind,
    Periodicity,
    TargetKind,
    ValueState,
)

MANAGERS = {Role.ADMIN, Role.SECRETARIAT}


def can_manage(user: User | None) -> bool:
    return user is None or user.role in MANAGERS


def can_enter(user: User | None, indicator: Indicator) -> bool:
    """Owner units enter their indicators' values; the standing office may enter any (rankings)."""
    if can_manage(user):
        return True
    assert user is not None
    return user.is_unit_user and indicator.owner_unit_id is not None and (
        indicator.owner_unit_id in user_unit_ids(user=user)
    )


def _require_manager(actor: User | None) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý chỉ số và chỉ tiêu."))


def _snapshot(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code, "name": indicator.name, "kind": indicator.kind,
        "parent": indicator.parent.code if indicator.parent_id and indicator.parent else None,
        "unit_of_measure": indicator.unit_of_measure, "direction": indicator.direction,
        "max_points": indicator.max_points, "weight": indicator.weight, "periodicity": indicator.periodicity,
        "min_value": indicator.min_value, "max_value": indicator.max_value,
        "owner_unit": indicator.owner_unit.code if indicator.owner_unit_id and indicator.owner_unit else None,
        "data_source": indicator.data_source, "legal_basis": indicator.legal_basis,
    }


INDICATOR_FIELDS = ("name", "kind", "parent", "unit_of_measure", "direction", "max_points", "weight",
                    "periodicity", "min_value", "max_value", "owner_unit", "data_source", "legal_basis",
                    "description", "position")


def _validate_indicator(indicator: Indicator) -> None:
    errors: dict[str, str] = {}
    if not indicator.code.strip():
        errors["code"] = _("Chỉ số phải có mã.")
    if not indicator.name.strip():
        errors["name"] = _("Chỉ số phải có tên.")
    if indicator.kind not in NodeKind.values:
        errors["kind"] = _("Loại nút không hợp lệ.")
    if indicator.direction and indicator.direction not in Direction.values:
        errors["direction"] = _("Chiều đánh giá không hợp lệ.")
    if indicator.periodicity not in Periodicity.values:
        errors["periodicity"] = _("Kỳ đo không hợp lệ.")
    if indicator.kind == NodeKind.INDEX and indicator.parent_id:
        errors["parent"] = _("Bộ chỉ số là gốc của cây, không thuộc nút nào.")
    if indicator.kind != NodeKind.INDEX and not indicator.parent_id:
        errors["parent"] = _("Nhóm và chỉ số phải thuộc một bộ chỉ số hoặc một nhóm.")
    if indicator.parent_id and indicator.parent and indicator.parent.kind == NodeKind.INDICATOR:
        errors["parent"] = _("Chỉ có thể đặt vào một bộ chỉ số hoặc một nhóm, không vào một chỉ số.")
    if indicator.pk and indicator.parent_id:
        node = indicator.parent
        while node is not None:
            if node.pk == indicator.pk:
                errors["parent"] = _("Không thể đặt một nút vào chính nhánh con của nó.")
                break
            node = node.parent
    for name in ("max_points", "weight", "min_value", "max_value"):
        field = Indicator._meta.get_field(name)
        value = getattr(indicator, name)
        problem = decimal_error(value, max_digits=field.max_digits, decimal_places=field.decimal_places)
        if problem:
            errors[name] = problem
        elif value is not None and value < 0 and name in ("max_points", "weight"):
            errors[name] = _("Giá trị không được âm.")
    if errors:
        raise ValidationError(errors)
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None and low > high:
        errors["max_value"] = _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")
    if errors:
        raise ValidationError(errors)


def indicator_create(*, actor: User | None, code: str, name: str, kind: str = NodeKind.INDICATOR,
                     parent: Indicator | None = None, **fields: Any) -> Indicator:
    _require_manager(actor)
    code = code.strip()
    if Indicator.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("Mã “%(code)s” đã có.") % {"code": code}})
    indicator = Indicator(code=code, name=name.strip(), kind=kind, parent=parent,
                          **{k: v for k, v in fields.items() if k in INDICATOR_FIELDS})
    if "position" not in fields:
        last = Indicator.objects.filter(parent=parent).aggregate(m=Max("position"))["m"]
        indicator.position = (last or 0) + 1
    _validate_indicator(indicator)
    with transaction.atomic():
        indicator.save()
        audit_record(actor=actor, action="indicator.create", target=indicator,
                     summary=_("Tạo chỉ số %(code)s") % {"code": code}, after=_snapshot(indicator))
    return indicator


def indicator_update(*, actor: User | None, indicator: Indicator, **fields: Any) -> Indicator:
    _require_manager(actor)
    before = _snapshot(indicator)
    for key, value in fields.items():
        if key in INDICATOR_FIELDS:
            setattr(indicator, key, value.strip() if isinstance(value, str) else value)
    _validate_indicator(indicator)
    after = _snapshot(indicator)
    if before == after and "description" not in fields:
        return indicator
    with transaction.atomic():
        indicator.save()
        audit_record(actor=actor, action="indicator.update", target=indicator,
                     summary=_("Sửa chỉ số %(code)s") % {"code": indicator.code}, before=before, after=after)
    return indicator


def target_set(
    *, actor: User | None, indicator: Indicator, year: int, kind: str = TargetKind.VALUE,
    target_value: Decimal | None = None, target_rank: int | None = None, baseline_value: Decimal | None = None,
    baseline_rank: int | None = None, baseline_year: int | None = None, label: str = "", is_headline: bool = False,
) -> IndicatorTarget:
    """Set (create or replace) an indicator's target for a year."""
    _require_manager(actor)
    errors: dict[str, str] = {}
    if not indicator.direction:
        errors["indicator"] = _(
            "Chỉ số “%(code)s” chưa có chiều đánh giá (càng cao hay càng thấp càng tốt); hãy khai báo "
            "chiều đánh giá trước khi đặt chỉ tiêu."
        ) % {"code": indicator.code}
    if not 2000 <= int(year) <= 2100:
        errors["year"] = _("Năm không hợp lệ.")
    for name, number in (("target_value", target_value), ("baseline_value", baseline_value)):
        problem = decimal_error(number, max_digits=20, decimal_places=4)
        if problem:
            errors[name] = problem
    for name, rank in (("target_rank", target_rank), ("baseline_rank", baseline_rank)):
        if rank is not None and not 1 <= rank <= 32767:
            errors[name] = _("Thứ hạng phải từ 1 đến 32.767.")
    if baseline_year is not None and not 2000 <= baseline_year <= 2100:
        errors["baseline_year"] = _("Năm cơ sở phải từ 2000 đến 2100.")
    if errors:
        raise ValidationError(errors)
    if kind == TargetKind.VALUE:
        if target_value is None:
            errors["target_value"] = _("Hãy nhập giá trị mục tiêu.")
        else:
            errors.update(_range_errors(indicator, target_value, "target_value"))
        if baseline_value is not None:
            errors.update(_range_errors(indicator, baseline_value, "baseline_value"))
        target_rank = None
    elif kind == TargetKind.RANK:
        if not target_rank or target_rank < 1:
            errors["target_rank"] = _("Thứ hạng mục tiêu phải là số nguyên từ 1 trở lên.")
        target_value = None
    else:
        errors["kind"] = _("Loại chỉ tiêu không hợp lệ.")
    if baseline_rank is not None and baseline_rank < 1:
        errors["baseline_rank"] = _("Thứ hạng phải từ 1 trở lên.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        target, created = IndicatorTarget.objects.update_or_create(
            indicator=indicator, year=year,
            defaults={"kind": kind, "target_value": target_value, "target_rank": target_rank,
                      "baseline_value": baseline_value, "baseline_rank": baseline_rank,
                      "baseline_year": baseline_year, "label": label.strip(), "is_headline": is_headline},
        )
        audit_record(
            actor=actor, action="indicator.target_set", target=indicator,
            summary=_("Đặt chỉ tiêu năm %(year)s: %(label)s") % {"year": year, "label": label or target_value
                                                                  or target_rank},
            after={"year": year, "kind": kind, "target_value": target_value, "target_rank": target_rank,
                   "baseline_value": baseline_value, "baseline_rank": baseline_rank, "created": created},
        )
    return target


def _range_errors(indicator: Indicator, value: Decimal, field: str) -> dict[str, str]:
    if indicator.min_value is not None and value < indicator.min_value:
        return {field: _("Giá trị %(v)s nhỏ hơn mức cho phép của chỉ số (%(min)s).") % {
            "v": rules.format_number(value), "min": rules.format_number(indicator.min_value)}}
    if indicator.max_value is not None and value > indicator.max_value:
        return {field: _("Giá trị %(v)s vượt quá mức cho phép của chỉ số (tối đa %(max)s%(uom)s).") % {
            "v": rules.format_number(value), "max": rules.format_number(indicator.max_value),
            "uom": f" {indicator.unit_of_measure}" if indicator.unit_of_measure else ""}}
    return {}


def value_errors(*, indicator: Indicator, year: int, month: int, value: Decimal | None,
                 rank: int | None) -> dict[str, str]:
    """What is wrong with a value for a period (shared by the form and the Excel import)."""
    errors: dict[str, str] = {}
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        errors["month"] = _("Kỳ không hợp lệ.")
    elif not rules.period_allowed(indicator.periodicity, month):
        errors["month"] = _("Chỉ số đo %(p)s: tháng %(m)s không phải cuối kỳ.") % {
            "p": indicator.get_periodicity_display().lower(), "m": month}
    if value is None and rank is None:
        errors["value"] = _("Hãy nhập giá trị hoặc thứ hạng.")
    if value is not None:
        problem = decimal_error(value, max_digits=20, decimal_places=4)
        if problem:
            errors["value"] = problem
        else:
            errors.update(_range_errors(indicator, value, "value"))
    if rank is not None and not 1 <= rank <= 200:
        errors["rank"] = _("Thứ hạng phải từ 1 đến 200.")
    return errors


def _require_enter(actor: User | None, indicator: Indicator) -> None:
    if not can_enter(actor, indicator):
        raise PermissionDenied(_("Chỉ đơn vị phụ trách chỉ số “%(code)s” mới được nhập số liệu.")
                               % {"code": indicator.code})


def _value_snapshot(v: IndicatorValue) -> dict[str, Any]:
    return {"period_end": v.period_end, "value": v.value, "rank": v.rank, "state": v.state,
            "source": v.source, "decision_code": v.decision_code}


def value_enter(
    *, actor: User | None, indicator: Indicator, year: int, month: int, value: Decimal | None = None,
    rank: int | None = None, source: str = "", note: str = "", decision_code: str = "",
    files: Sequence[UploadedFile] = (), verify: bool = False, expected_version: int | None = None,
) -> IndicatorValue:
    """The owner unit enters (or re-enters a returned) value for a period; it then waits for
    verification by the standing office. `verify=True` (standing office or demo data only) also
    verifies it at once."""
    _require_enter(actor, indicator)
    errors = value_errors(indicator=indicator, year=year, month=month, value=value, rank=rank)
    if not source.strip() and not decision_code.strip():
        errors["source"] = _("Hãy ghi nguồn số liệu (hoặc văn bản công bố xếp hạng).")
    if rank is not None and not decision_code.strip():
        errors["decision_code"] = _("Thứ hạng công bố phải kèm số, ký hiệu văn bản công bố.")
    end = rules.period_end(year, month) if "month" not in errors else None
    existing = IndicatorValue.objects.filter(indicator=indicator, period_end=end).first() if end else None
    if existing is not None and existing.state == ValueState.VERIFIED:
        errors["month"] = _("Số liệu %(p)s đã được xác minh; không sửa được.") % {
            "p": rules.period_label(indicator.periodicity, existing.period_end)}
    for upload in files:
        try:
            file_validate(upload)
        except ValidationError as exc:
            errors["files"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    if verify:
        _require_manager(actor)
    assert end is not None
    with transaction.atomic():
        if existing is not None:
            # Re-read under a lock: verified or edited by someone else since the form was drawn.
            lock_fresh(existing)
            version_check(existing, expected_version)
            if existing.state == ValueState.VERIFIED:
                raise ValidationError({"month": _("Số liệu %(p)s đã được xác minh; không sửa được.") % {
                    "p": rules.period_label(indicator.periodicity, existing.period_end)}})
            existing.row_version += 1
        before = _value_snapshot(existing) if existing else None
        obj = existing or IndicatorValue(indicator=indicator, period_end=end)
        obj.value, obj.rank = value, rank
        obj.source, obj.note, obj.decision_code = source.strip(), note.strip(), decision_code.strip()
        obj.state, obj.return_reason, obj.entered_by = ValueState.ENTERED, "", actor
        obj.verified_by, obj.verified_at = None, None
        obj.save()
        for upload in files:
            stored = file_store(upload)
            IndicatorEvidence.objects.create(
                value=obj, original_name=stored.original_name, stored_name=stored.stored_name,
                content_type=stored.content_type, size=stored.size, sha256=stored.sha256, uploaded_by=actor,
            )
        audit_record(actor=actor, action="indicator.value_enter", target=indicator,
                     summary=_("Nhập số liệu %(p)s") % {"p": rules.period_label(indicator.periodicity, end)},
                     before=before, after=_value_snapshot(obj))
        if verify:
            value_verify(actor=actor, value=obj, _published=True)
    return obj


def value_verify(*, actor: User | None, value: IndicatorValue, _published: bool = False) -> IndicatorValue:
    """The standing office verifies an entered value: the row is locked and re-read first (two
    verifiers, or a verification racing a return, decide once). Four eyes: whoever entered the
    value does not verify it — except a published figure the office records and verifies in one
    step (`value_enter(verify=True)`: a rank from a published decision, the demo data)."""
    _require_manager(actor)
    with transaction.atomic():
        lock_fresh(value)
        if value.state != ValueState.ENTERED:
            raise ValidationError(_("Chỉ xác minh được số liệu đang chờ xác minh."))
        if actor is not None and value.entered_by_id == actor.pk and not _published:
            raise PermissionDenied(_("Người nhập số liệu không được tự xác minh số liệu đó."))
        value.state, value.verified_by, value.verified_at = ValueState.VERIFIED, actor, timezone.now()
        value.row_version += 1
        value.save(update_fields=["state", "verified_by", "verified_at", "row_version"])
        audit_record(actor=actor, action="indicator.value_verify", target=value.indicator,
                     summary=_("Xác minh số liệu %(p)s") % {
                         "p": rules.period_label(value.indicator.periodicity, value.period_end)},
                     after=_value_snapshot(value))
    return value


def value_return(*, actor: User | None, value: IndicatorValue, reason: str) -> IndicatorValue:
    _require_manager(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để đơn vị bổ sung.")})
    with transaction.atomic():
        lock_fresh(value)
        if value.state != ValueState.ENTERED:
            raise ValidationError(_("Chỉ trả lại được số liệu đang chờ xác minh."))
        value.state, value.return_reason = ValueState.RETURNED, reason.strip()
        value.row_version += 1
        value.save(update_fields=["state", "return_reason", "row_version"])
        audit_record(actor=actor, action="indicator.value_return", target=value.indicator,
                     summary=_("Trả lại số liệu %(p)s: %(r)s") % {
                         "p": rules.period_label(value.indicator.periodicity, value.period_end), "r": reason},
                     after=_value_snapshot(value))
    return value


def indicator_task_link(*, actor: User | None, indicator: Indicator, task: Task) -> IndicatorTaskLink:
    _require_manager(actor)
    if task.kind == "group":
        raise ValidationError({"task": _("Hãy liên kết với nhiệm vụ cụ thể, không phải nhóm nhiệm vụ.")})
    if IndicatorTaskLink.objects.filter(indicator=indicator, task=task).exists():
        raise ValidationError({"task": _("Nhiệm vụ này đã được liên kết với chỉ số.")})
    with transaction.atomic():
        link = IndicatorTaskLink.objects.create(indicator=indicator, task=task)
        audit_record(actor=actor, action="indicator.task_link", target=indicator, task_id=task.pk,
                     summary=_("Liên kết chỉ số %(code)s với nhiệm vụ") % {"code": indicator.code},
                     after={"task": task.pk})
    return link


def indicator_task_unlink(*, actor: User | None, indicator: Indicator, task: Task) -> None:
    _require_manager(actor)
    with transaction.atomic():
        deleted, _n = IndicatorTaskLink.objects.filter(indicator=indicator, task=task).delete()
        if deleted:
            audit_record(actor=actor, action="indicator.task_unlink", target=indicator, task_id=task.pk,
                         summary=_("Bỏ liên kết chỉ số %(code)s với nhiệm vụ") % {"code": indicator.code},
                         before={"task": task.pk})


# --- loading trees from the data files the project ships ------------------------------------------

NODE_KEYS = {"code", "name", "kind", "unit", "direction", "max_points", "weight", "periodicity", "min", "max",
             "owner_unit", "data_source", "legal_basis", "description", "children", "targets"}


def _dec(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def tree_load(*, actor: User | None, data: dict[str, Any], dry_run: bool = False) -> dict[str, int]:
    """Create or update nodes and targets from a data file, matched by code (idempotent).

    File shape: {"nodes": [node…], "targets": [{"code", "year", …}]}; a node has code, name, kind,
    unit, direction, max_points, weight, periodicity, min, max, owner_unit (unit code), data_source,
    legal_basis, children and targets. Any error aborts the whole load; a dry run rolls back.
    """
    _require_manager(actor)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "targets": 0, "missing_units": 0}
    units = {u.code: u for u in OrgUnit.objects.all()}

    def walk(node: dict[str, Any], parent: Indicator | None, position: int) -> None:
        unknown = set(node) - NODE_KEYS
        if unknown or "code" not in node or "name" not in node:
            raise ValidationError(_("Nút “%(c)s” trong tệp dữ liệu không hợp lệ (%(k)s).") % {
                "c": node.get("code", "?"), "k": ", ".join(sorted(unknown)) or _("thiếu mã hoặc tên")})
        owner: OrgUnit | None = None
        if node.get("owner_unit"):
            owner = units.get(node["owner_unit"])
            if owner is None:
                counts["missing_units"] += 1
        fields = {
            "name": node["name"], "kind": node.get("kind") or (NodeKind.INDEX if parent is None else
                                                               NodeKind.INDICATOR),
            "parent": parent, "unit_of_measure": node.get("unit", ""), "direction": node.get("direction", ""),
            "max_points": _dec(node.get("max_points")), "weight": _dec(node.get("weight")),
            "periodicity": node.get("periodicity", Periodicity.YEAR), "min_value": _dec(node.get("min")),
            "max_value": _dec(node.get("max")), "owner_unit": owner, "data_source": node.get("data_source", ""),
            "legal_basis": node.get("legal_basis", ""), "description": node.get("description", ""),
            "position": position,
        }
        existing = Indicator.objects.select_related("parent", "owner_unit").filter(code=node["code"]).first()
        if existing is None:
            indicator = indicator_create(actor=actor, code=node["code"], **fields)
            counts["created"] += 1
        else:
            if owner is None and node.get("owner_unit") is None:
                fields["owner_unit"] = existing.owner_unit  # keep a unit set by hand
            before = _snapshot(existing)
            indicator = indicator_update(actor=actor, indicator=existing, **fields)
            counts["updated" if _snapshot(indicator) != before else "unchanged"] += 1
        for i, child in enumerate(node.get("children", []), start=1):
            walk(child, indicator, i)
        for spec in node.get("targets", []):
            _load_target(indicator, spec)

    def _load_target(indicator: Indicator, spec: dict[str, Any]) -> None:
        target_set(
            actor=actor, indicator=indicator, year=int(spec["year"]), kind=spec.get("kind", TargetKind.VALUE),
            target_value=_dec(spec.get("value")), target_rank=spec.get("rank"),
            baseline_value=_dec(spec.get("baseline_value")), baseline_rank=spec.get("baseline_rank"),
            baseline_year=spec.get("baseline_year"), label=spec.get("label", ""),
            is_headline=bool(spec.get("headline", False)),
        )
        counts["targets"] += 1

    with transaction.atomic():
        for i, node in enumerate(data.get("nodes", []), start=1):
            walk(node, None, i)
        for spec in data.get("targets", []):
            indicator = Indicator.objects.filter(code=spec.get("code")).first()
            if indicator is None:
                raise ValidationError(_("Chỉ tiêu cho mã chỉ số chưa có: “%(c)s”.") % {"c": spec.get("code")})
            _load_target(indicator, spec)
        if dry_run:
            transaction.set_rollback(True)
    return counts


def today() -> dt.date:
    return timezone.localdate()
