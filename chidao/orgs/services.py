"""Writes of units and people, each audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record

from .models import OrgUnit, Role, UnitGroup, UnitKind, User


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


def _unit_group_errors(*, name: str, members: list[OrgUnit], group: UnitGroup | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Nhóm đơn vị phải có tên.")
    elif UnitGroup.objects.filter(name__iexact=name.strip()).exclude(pk=group.pk if group else None).exists():
        errors["name"] = _("Đã có nhóm đơn vị “%(n)s”.") % {"n": name.strip()}
    if not members:
        errors["members"] = _("Nhóm đơn vị phải có ít nhất một đơn vị thành viên.")
    elif any(u.kind == UnitKind.COMMITTEE for u in members):
        errors["members"] = _("Ban Chỉ đạo không là thành viên của nhóm đơn vị.")
    return errors


def _aliases(aliases: list[str] | str) -> str:
    lines = aliases.splitlines() if isinstance(aliases, str) else aliases
    return "\n".join(dict.fromkeys(" ".join(a.split()) for a in lines if a.strip()))


def _group_snapshot(group: UnitGroup, members: list[OrgUnit]) -> dict[str, object]:
    return {"name": group.name, "aliases": group.aliases.splitlines(), "members": sorted(u.code for u in members)}


def unit_group_create(
    *, actor: User | None, name: str, members: list[OrgUnit], aliases: list[str] | str = ""
) -> UnitGroup:
    """A named group of units (DESIGN §4). Members are units, never groups, so no group contains itself."""
    _require_group_manager(actor)
    members = list(dict.fromkeys(members))
    errors = _unit_group_errors(name=name, members=members)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = UnitGroup.objects.create(name=" ".join(name.split()), aliases=_aliases(aliases))
        group.members.set(members)
        audit_record(actor=actor, action="unit_group.create", target=group,
                     summary=_("Tạo nhóm đơn vị %(n)s") % {"n": group.name}, after=_group_snapshot(group, members))
    return group


def unit_group_update(
    *, actor: User | None, group: UnitGroup, name: str, members: list[OrgUnit], aliases: list[str] | str = ""
) -> list[OrgUnit]:
    """Rename, re-alias and set the members of a group; returns the members added (who may then be
    given the group's open tasks with `directives.services.unit_group_tasks_extend`)."""
    _require_group_manager(actor)
    members = list(dict.fromkeys(members))
    errors = _unit_group_errors(name=name, members=members, group=group)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = list(group.members.all())
        before = _group_snapshot(group, old)
        group.name = " ".join(name.split())
        group.aliases = _aliases(aliases)
        group.save()
        group.members.set(members)
        audit_record(actor=actor, action="unit_group.update", target=group,
                     summary=_("Sửa nhóm đơn vị %(n)s") % {"n": group.name}, before=before,
                     after=_group_snapshot(group, members))
    old_ids = {u.pk for u in old}
    return [u for u in members if u.pk not in old_ids]


def _require_group_manager(actor: User | None) -> None:
    # The standing office defines groups (DESIGN §3); a script (actor None) may too.
    if actor is not None and actor.role not in {Role.ADMIN, Role.SECRETARIAT}:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc quản trị mới quản lý nhóm đơn vị."))


def unit_alias_add(*, actor: User | None, unit: OrgUnit, alias: str) -> OrgUnit:
    """Save a name a document used for `unit` ("gắn với đơn vị có sẵn"), so the next text matches."""
    alias = " ".join(alias.split())
    lines = [line for line in unit.aliases.splitlines() if line.strip()]
    if not alias or alias in lines or alias == unit.name or len(alias) > 200:
        return unit
    with transaction.atomic():
        unit.aliases = "\n".join([*lines, alias])
        unit.save(update_fields=["aliases", "name_search"])
        audit_record(actor=actor, action="unit.aliases", target=unit, summary=_("Thêm tên gọi khác của đơn vị"),
                     before={"aliases": lines}, after={"aliases": [*lines, alias]})
    return unit


def unit_code_free(name: str) -> str:
    """A new unit code from its name ("Bộ Công Thương" → "bo-cong-thuong", then "-2", "-3"…)."""
    from django.utils.text import slugify

    from chidao.core.text import normalize_vn

    base = slugify(normalize_vn(name))[:34].strip("-") or "don-vi"
    code, n = base, 1
    while OrgUnit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code
