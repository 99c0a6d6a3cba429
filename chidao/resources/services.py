"""Every write to projects, capital plans and disbursements: validation → permission → transaction → audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.files import file_store, file_validate
from chidao.core.formatting import format_date, format_vnd
from chidao.directives.models import Task
from chidao.indicators.models import Indicator
from chidao.orgs.models import OrgUnit, Role, User
from chidao.orgs.selectors import user_unit_ids

from .models import CapitalPlan, Disbursement, FundingSource, InvestmentGroup, Project, ProjectStatus

MANAGERS = {Role.ADMIN, Role.SECRETARIAT}
MAX_VND = 10**17  # far above any project; guards against a typo of extra zeros overflowing sums


def can_manage(user: User | None) -> bool:
    return user is None or user.role in MANAGERS


def can_disburse(user: User | None, project: Project) -> bool:
    """The owner unit records its project's disbursements; the standing office may too."""
    if can_manage(user):
        return True
    assert user is not None
    return user.is_unit_user and project.owner_unit_id in user_unit_ids(user=user)


def _require_manager(actor: User | None) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được quản lý dự án và kế hoạch vốn."))


PROJECT_FIELDS = ("code", "name", "owner_unit", "investment_group", "funding_source", "total_investment",
                  "decision_code", "decision_date", "start_year", "end_year", "location", "status", "description")


def _snapshot(p: Project) -> dict[str, Any]:
    return {
        "code": p.code, "name": p.name, "owner_unit": p.owner_unit.code if p.owner_unit_id else None,
        "investment_group": p.investment_group, "funding_source": p.funding_source,
        "total_investment": p.total_investment, "decision_code": p.decision_code, "decision_date": p.decision_date,
        "start_year": p.start_year, "end_year": p.end_year, "location": p.location, "status": p.status,
    }


def _validate_project(p: Project) -> None:
    errors: dict[str, str] = {}
    if not p.name.strip():
        errors["name"] = _("Dự án phải có tên.")
    if not p.owner_unit_id:
        errors["owner_unit"] = _("Hãy chọn đơn vị quản lý dự án.")
    if p.investment_group not in InvestmentGroup.values:
        errors["investment_group"] = _("Nhóm dự án không hợp lệ.")
    if p.funding_source not in FundingSource.values:
        errors["funding_source"] = _("Nguồn vốn không hợp lệ.")
    if p.status not in ProjectStatus.values:
        errors["status"] = _("Tình trạng không hợp lệ.")
    if p.total_investment is None or p.total_investment <= 0:
        errors["total_investment"] = _("Tổng mức đầu tư phải là số tiền dương (đồng).")
    elif p.total_investment > MAX_VND:
        errors["total_investment"] = _("Tổng mức đầu tư quá lớn; hãy kiểm tra số chữ số.")
    if not p.start_year or not p.end_year or not 2000 <= p.start_year <= 2100 or not 2000 <= p.end_year <= 2100:
        errors["start_year"] = _("Thời gian thực hiện không hợp lệ.")
    elif p.end_year < p.start_year:
        errors["end_year"] = _("Năm kết thúc không được trước năm bắt đầu.")
    if p.pk and "total_investment" not in errors:
        planned = p.capital_plans.aggregate(s=Sum("amount"))["s"] or 0
        if planned > p.total_investment:
            errors["total_investment"] = _("Tổng mức đầu tư không được nhỏ hơn tổng kế hoạch vốn đã giao (%(p)s).") % {
                "p": format_vnd(planned)}
    if errors:
        raise ValidationError(errors)


def project_create(*, actor: User | None, name: str, owner_unit: OrgUnit, investment_group: str,
                   funding_source: str, total_investment: int, start_year: int, end_year: int,
                   tasks: Sequence[Task] = (), indicators: Sequence[Indicator] = (), **fields: Any) -> Project:
    _require_manager(actor)
    project = Project(name=name.strip(), owner_unit=owner_unit, investment_group=investment_group,
                      funding_source=funding_source, total_investment=total_investment, start_year=start_year,
                      end_year=end_year, **{k: v for k, v in fields.items() if k in PROJECT_FIELDS})
    _validate_project(project)
    with transaction.atomic():
        project.save()
        if tasks:
            project.tasks.set(tasks)
        if indicators:
            project.indicators.set(indicators)
        audit_record(actor=actor, action="project.create", target=project,
                     summary=_("Tạo dự án %(n)s") % {"n": project.name[:200]}, after=_snapshot(project))
    return project


def project_update(*, actor: User | None, project: Project, tasks: Sequence[Task] | None = None,
                   indicators: Sequence[Indicator] | None = None, **fields: Any) -> Project:
    _require_manager(actor)
    before = _snapshot(project)
    for key, value in fields.items():
        if key in PROJECT_FIELDS:
            setattr(project, key, value.strip() if isinstance(value, str) else value)
    _validate_project(project)
    with transaction.atomic():
        project.save()
        if tasks is not None:
            project.tasks.set(tasks)
        if indicators is not None:
            project.indicators.set(indicators)
        audit_record(actor=actor, action="project.update", target=project,
                     summary=_("Sửa dự án %(n)s") % {"n": project.name[:200]}, before=before, after=_snapshot(project))
    return project


def capital_plan_set(*, actor: User | None, project: Project, year: int, amount: int, decision_code: str = "",
                     note: str = "") -> CapitalPlan:
    """Set (or raise / lower) the capital planned for a project in a year."""
    _require_manager(actor)
    errors: dict[str, str] = {}
    if amount is None or amount < 0:
        errors["amount"] = _("Kế hoạch vốn không được âm.")
    elif amount > MAX_VND:
        errors["amount"] = _("Số tiền quá lớn; hãy kiểm tra số chữ số.")
    if not project.start_year <= year <= project.end_year:
        errors["year"] = _("Năm %(y)s nằm ngoài thời gian thực hiện dự án (%(p)s).") % {
            "y": year, "p": project.period_text}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = CapitalPlan.objects.select_for_update().filter(project=project, year=year).first()
        disbursed = (plan.disbursements.aggregate(s=Sum("amount"))["s"] or 0) if plan else 0
        if amount < disbursed:
            raise ValidationError({"amount": _(
                "Kế hoạch vốn năm %(y)s không được thấp hơn số đã giải ngân (%(d)s).") % {
                "y": year, "d": format_vnd(disbursed)}})
        others = CapitalPlan.objects.filter(project=project).exclude(year=year).aggregate(s=Sum("amount"))["s"] or 0
        if others + amount > project.total_investment:
            raise ValidationError({"amount": _(
                "Tổng kế hoạch vốn các năm (%(t)s) vượt tổng mức đầu tư của dự án (%(m)s).") % {
                "t": format_vnd(others + amount), "m": format_vnd(project.total_investment)}})
        before = {"year": year, "amount": plan.amount} if plan else None
        if plan is None:
            plan = CapitalPlan.objects.create(project=project, year=year, amount=amount,
                                              decision_code=decision_code.strip(), note=note.strip())
        else:
            plan.amount, plan.note = amount, note.strip()
            plan.decision_code = decision_code.strip() or plan.decision_code
            plan.save()
        audit_record(actor=actor, action="project.capital_plan_set", target=project,
                     summary=_("Kế hoạch vốn năm %(y)s: %(a)s") % {"y": year, "a": format_vnd(amount)},
                     before=before, after={"year": year, "amount": amount, "decision_code": plan.decision_code})
    return plan


def disbursement_create(
    *, actor: User | None, project: Project, disbursed_on: dt.date, amount: int, evidence_ref: str = "",
    files: Sequence[UploadedFile] = (), note: str = "", today: dt.date | None = None,
) -> Disbursement:
    """Record a disbursement; refused when it would take the year past its capital plan."""
    if not can_disburse(actor, project):
        raise PermissionDenied(_("Chỉ đơn vị quản lý dự án mới được cập nhật giải ngân."))
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Số tiền giải ngân phải lớn hơn 0.")
    elif amount > MAX_VND:
        errors["amount"] = _("Số tiền quá lớn; hãy kiểm tra số chữ số.")
    if disbursed_on is None:
        errors["disbursed_on"] = _("Hãy nhập ngày giải ngân.")
    elif disbursed_on > today:
        errors["disbursed_on"] = _("Ngày giải ngân không được sau hôm nay.")
    if not evidence_ref.strip() and not files:
        errors["evidence_ref"] = _("Hãy ghi số chứng từ hoặc đính kèm tệp minh chứng.")
    for upload in files[:1]:
        try:
            file_validate(upload)
        except ValidationError as exc:
            errors["files"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    year = disbursed_on.year
    with transaction.atomic():
        # Lock the year's plan so two disbursements entered at once cannot together overrun it.
        plan = CapitalPlan.objects.select_for_update().filter(project=project, year=year).first()
        if plan is None:
            raise ValidationError({"amount": _(
                "Dự án chưa có kế hoạch vốn năm %(y)s; Cơ quan thường trực cần giao kế hoạch vốn trước."
            ) % {"y": year}})
        disbursed = plan.disbursements.aggregate(s=Sum("amount"))["s"] or 0
        if disbursed + amount > plan.amount:
            raise ValidationError({"amount": _(
                "Giải ngân %(a)s sẽ vượt kế hoạch vốn năm %(y)s (%(p)s, đã giải ngân %(d)s, còn lại %(r)s). "
                "Hãy điều chỉnh tăng kế hoạch vốn trước.") % {
                "a": format_vnd(amount), "y": year, "p": format_vnd(plan.amount), "d": format_vnd(disbursed),
                "r": format_vnd(plan.amount - disbursed)}})
        item = Disbursement(project=project, plan=plan, disbursed_on=disbursed_on, amount=amount,
                            evidence_ref=evidence_ref.strip(), note=note.strip(), created_by=actor)
        if files:
            stored = file_store(files[0])
            item.original_name, item.stored_name = stored.original_name, stored.stored_name
            item.content_type, item.size, item.sha256 = stored.content_type, stored.size, stored.sha256
        item.save()
        audit_record(actor=actor, action="project.disburse", target=project,
                     summary=_("Giải ngân %(a)s ngày %(d)s") % {
                         "a": format_vnd(amount), "d": format_date(disbursed_on)},
                     after={"amount": amount, "disbursed_on": disbursed_on, "year": year,
                            "evidence_ref": item.evidence_ref, "file": item.original_name})
    return item
