"""Writes of units and people, each audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record

from .models import OrgUnit, Role, UnitKind, User


def unit_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    short_name: str = "",
    parent: OrgUnit | None = None,
    aliases: list[str] | None = None,
) -> OrgUnit:
    if not name.strip():
        raise ValidationError(_("Tên đơn vị không được để trống."))
    if kind not in UnitKind.values:
        raise ValidationError(_("Loại đơn vị không hợp lệ."))
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError(_("Mã đơn vị “%(code)s” đã tồn tại.") % {"code": code})
    with transaction.atomic():
        unit = OrgUnit.objects.create(
            code=code,
            name=name.strip(),
            short_name=short_name.strip(),
            kind=kind,
            parent=parent,
            aliases="\n".join(aliases or []),
        )
        audit_record(
            actor=actor, action="unit.create", target=unit, summary=_("Tạo đơn vị"),
            after={"code": code, "name": unit.name, "kind": kind},
        )
    return unit


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    unit: OrgUnit | None = None,
    email: str = "",
    job_title: str = "",
    hashed_password: str | None = None,
) -> User:
    """Create an account. `hashed_password` lets a bulk load hash one password once."""
    if role not in Role.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    if role in {Role.UNIT_HEAD, Role.UNIT_OFFICER} and unit is None:
        raise ValidationError(_("Người dùng của đơn vị phải thuộc một đơn vị."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Tên đăng nhập “%(u)s” đã tồn tại.") % {"u": username})
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            full_name=full_name,
            unit=unit,
            email=email,
            job_title=job_title,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if hashed_password:
            user.password = hashed_password
        else:
            user.set_password(password)
        user.save()
        audit_record(
            actor=actor, action="user.create", target=user, summary=_("Tạo tài khoản"),
            after={"username": username, "role": role, "unit": unit.code if unit else None},
        )
    return user
