from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.directives.models import Task
from chidao.orgs.models import OrgUnit


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo đơn vị duyệt")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


class ProgressReport(models.Model):
    """A unit's report on one task. Once submitted it is never edited: a returned report stays
    as it was and the unit's answer is a new version."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports",
                             verbose_name=_("Nhiệm vụ"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports",
                             verbose_name=_("Đơn vị báo cáo"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("Lần báo cáo"))
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    state = models.CharField(max_length=20, choices=ReportState.choices, default=ReportState.DRAFT,
                             db_index=True, verbose_name=_("Trạng thái"))
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("Tiến độ (%)"))
    results = models.TextField(blank=True, verbose_name=_("Kết quả thực hiện"))
    difficulties = models.TextField(blank=True, verbose_name=_("Khó khăn, vướng mắc"))
    proposals = models.TextField(blank=True, verbose_name=_("Kiến nghị, đề xuất"))
    claims_completion = models.BooleanField(default=False, verbose_name=_("Đề nghị hoàn thành"))
    output_document = models.CharField(
        max_length=120, blank=True, verbose_name=_("Số, ký hiệu văn bản sản phẩm")
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thời điểm gửi"))
    submitted_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày gửi"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thời điểm thẩm định"))
    review_comment = models.TextField(blank=True, verbose_name=_("Ý kiến thẩm định"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every edit; a form drawn from an older version is refused (core/concurrency.py).
    row_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Báo cáo tiến độ")
        verbose_name_plural = _("Báo cáo tiến độ")
        indexes = [
            models.Index(fields=["task", "-id"]),
            models.Index(fields=["state", "submitted_at"]),
            # The workspace's report lists: a unit's reports in one state, newest first.
            models.Index(fields=["unit", "state", "updated_at"], name="report_unit_state_upd_idx"),
        ]

    def __str__(self) -> str:
        return f"Báo cáo lần {self.version} – {self.task.code or self.task_id}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence",
                               verbose_name=_("Báo cáo"))
    original_name = models.CharField(max_length=255, verbose_name=_("Tên tệp"))
    stored_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(verbose_name=_("Dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Tệp minh chứng")
        verbose_name_plural = _("Tệp minh chứng")

    def __str__(self) -> str:
        return self.original_name


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý gia hạn")
    REJECTED = "rejected", _("Không đồng ý")


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extension_requests",
                             verbose_name=_("Nhiệm vụ"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_on = models.DateField(verbose_name=_("Ngày đề nghị"))
    current_due_on = models.DateField(verbose_name=_("Thời hạn hiện tại"))
    proposed_due_on = models.DateField(verbose_name=_("Thời hạn đề nghị"))
    reason = models.TextField(verbose_name=_("Lý do"))
    state = models.CharField(max_length=10, choices=ExtensionState.choices,
                             default=ExtensionState.PENDING, db_index=True,
                             verbose_name=_("Trạng thái"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, verbose_name=_("Ý kiến của lãnh đạo"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Đề nghị gia hạn")
        verbose_name_plural = _("Đề nghị gia hạn")

    def __str__(self) -> str:
        return f"Gia hạn {self.task.code or self.task_id}"
