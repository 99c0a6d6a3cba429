"""Investment projects, their yearly capital plans and disbursements. Money is integer VND."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.text import normalize_vn
from chidao.directives.models import Task
from chidao.indicators.models import Indicator
from chidao.orgs.models import OrgUnit


class InvestmentGroup(models.TextChoices):
    A = "A", _("Nhóm A")
    B = "B", _("Nhóm B")
    C = "C", _("Nhóm C")
    OTHER = "other", _("Khác")


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương")
    CITY = "city", _("Ngân sách thành phố")
    ENTERPRISE = "enterprise", _("Vốn doanh nghiệp")
    SOCIALISED = "socialised", _("Xã hội hóa")


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("Chuẩn bị đầu tư")
    APPROVED = "approved", _("Đã phê duyệt")
    UNDER_CONSTRUCTION = "under_construction", _("Đang thi công")
    IN_OPERATION = "in_operation", _("Đưa vào vận hành")


class Project(models.Model):
    code = models.CharField(max_length=40, blank=True, verbose_name=_("Mã dự án"))
    name = models.CharField(max_length=500, verbose_name=_("Tên dự án"))
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="projects",
                                   verbose_name=_("Chủ đầu tư / đơn vị quản lý"))
    investment_group = models.CharField(max_length=10, choices=InvestmentGroup.choices,
                                        verbose_name=_("Nhóm dự án"))
    funding_source = models.CharField(max_length=12, choices=FundingSource.choices, db_index=True,
                                      verbose_name=_("Nguồn vốn"))
    total_investment = models.BigIntegerField(verbose_name=_("Tổng mức đầu tư (đồng)"))
    decision_code = models.CharField(max_length=120, blank=True, verbose_name=_("Quyết định phê duyệt"))
    decision_date = models.DateField(null=True, blank=True, verbose_name=_("Ngày phê duyệt"))
    start_year = models.PositiveSmallIntegerField(verbose_name=_("Năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(verbose_name=_("Năm kết thúc"))
    location = models.CharField(max_length=300, blank=True, verbose_name=_("Địa điểm"))
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PREPARING,
                              verbose_name=_("Tình trạng"))
    description = models.TextField(blank=True, verbose_name=_("Mô tả"))
    tasks = models.ManyToManyField(Task, blank=True, related_name="projects", verbose_name=_("Nhiệm vụ liên quan"))
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="projects",
                                        verbose_name=_("Chỉ số liên quan"))
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Dự án")
        verbose_name_plural = _("Dự án")
        indexes = [models.Index(fields=["owner_unit", "funding_source"])]

    def __str__(self) -> str:
        return self.name

    @property
    def period_text(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = normalize_vn(f"{self.code} {self.name} {self.location} {self.decision_code}")
        super().save(*args, **kwargs)


class CapitalPlan(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="capital_plans",
                                verbose_name=_("Dự án"))
    year = models.PositiveSmallIntegerField(verbose_name=_("Năm"))
    amount = models.BigIntegerField(verbose_name=_("Kế hoạch vốn (đồng)"))
    decision_code = models.CharField(max_length=120, blank=True, verbose_name=_("Quyết định giao vốn"))
    note = models.TextField(blank=True, verbose_name=_("Ghi chú"))

    class Meta:
        ordering = ["project_id", "year"]
        verbose_name = _("Kế hoạch vốn năm")
        verbose_name_plural = _("Kế hoạch vốn năm")
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="capital_plan_unique_year")]
        indexes = [models.Index(fields=["year", "project"])]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class Disbursement(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="disbursements",
                                verbose_name=_("Dự án"))
    plan = models.ForeignKey(CapitalPlan, on_delete=models.PROTECT, related_name="disbursements",
                             verbose_name=_("Kế hoạch vốn"))
    disbursed_on = models.DateField(verbose_name=_("Ngày giải ngân"))
    amount = models.BigIntegerField(verbose_name=_("Số tiền (đồng)"))
    evidence_ref = models.CharField(max_length=200, blank=True, verbose_name=_("Chứng từ"))
    note = models.TextField(blank=True, verbose_name=_("Ghi chú"))
    original_name = models.CharField(max_length=255, blank=True)
    stored_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project_id", "disbursed_on", "id"]
        verbose_name = _("Giải ngân")
        verbose_name_plural = _("Giải ngân")
        indexes = [models.Index(fields=["plan"]), models.Index(fields=["project", "disbursed_on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.disbursed_on:%d/%m/%Y}"
