from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.text import normalize_vn


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("Ban Chỉ đạo")
    STANDING_OFFICE = "standing_office", _("Cơ quan thường trực")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE = "commune", _("Xã, phường")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class OrgUnit(models.Model):
    code = models.SlugField(max_length=40, unique=True, verbose_name=_("Mã đơn vị"))
    name = models.CharField(max_length=255, verbose_name=_("Tên đơn vị"))
    short_name = models.CharField(max_length=100, blank=True, verbose_name=_("Tên viết tắt"))
    kind = models.CharField(max_length=20, choices=UnitKind.choices, verbose_name=_("Loại"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("Đơn vị cấp trên"),
    )
    # Other spellings offices use ("Sở KHCN", "Sở KH&CN"), one per line, for matching typed names.
    aliases = models.TextField(blank=True, verbose_name=_("Tên gọi khác"))
    name_search = models.CharField(max_length=600, blank=True, editable=False)
    is_active = models.BooleanField(default=True, verbose_name=_("Đang hoạt động"))

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_search = normalize_vn(" ".join([self.name, self.short_name, self.aliases]))
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    LEADER = "leader", _("Lãnh đạo Ban Chỉ đạo")
    SECRETARIAT = "secretariat", _("Cơ quan thường trực")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    UNIT_OFFICER = "unit_officer", _("Chuyên viên đơn vị")
    MEMBER = "member", _("Thành viên")
    PARTY_MEMBER = "party_member", _("Đảng viên")


# Roles that see every unit's tasks; unit roles see only their own unit's subtree.
COMMITTEE_WIDE_ROLES = {Role.ADMIN, Role.LEADER, Role.SECRETARIAT, Role.MEMBER}


class User(AbstractUser):
    full_name = models.CharField(max_length=150, blank=True, verbose_name=_("Họ và tên"))
    job_title = models.CharField(max_length=150, blank=True, verbose_name=_("Chức vụ"))
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.MEMBER, verbose_name=_("Vai trò")
    )
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="people",
        verbose_name=_("Đơn vị"),
    )

    class Meta:
        verbose_name = _("Người dùng")
        verbose_name_plural = _("Người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_committee_wide(self) -> bool:
        return self.role in COMMITTEE_WIDE_ROLES

    @property
    def is_unit_user(self) -> bool:
        return self.role in {Role.UNIT_HEAD, Role.UNIT_OFFICER}

    @property
    def can_manage_tasks(self) -> bool:
        return self.role in {Role.ADMIN, Role.SECRETARIAT}

    @property
    def can_decide_extensions(self) -> bool:
        return self.role in {Role.LEADER, Role.ADMIN}


class UnitGroup(models.Model):
    """A named set of units given work together ("Các sở, ban, ngành"); a task assigned to it fans
    out into one child task per member (DESIGN §4). Groups do not nest: members are units only, so a
    group can never contain itself."""

    name = models.CharField(max_length=255, unique=True, verbose_name=_("Tên nhóm đơn vị"))
    # Other names a text uses for the group ("các sở, ngành", "các sở, ban, ngành thành phố"), one a line.
    aliases = models.TextField(blank=True, verbose_name=_("Tên gọi khác"))
    members = models.ManyToManyField(OrgUnit, related_name="unit_groups", verbose_name=_("Đơn vị thành viên"))
    is_active = models.BooleanField(default=True, verbose_name=_("Đang dùng"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Nhóm đơn vị")
        verbose_name_plural = _("Nhóm đơn vị")

    def __str__(self) -> str:
        return self.name
