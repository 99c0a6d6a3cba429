from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.directives.models import Directive


class PushTarget(models.Model):
    """Where a directive's exchange file is pushed (the national monitoring system, a province)."""

    name = models.CharField(max_length=200, verbose_name=_("Tên nơi nhận"))
    url = models.URLField(max_length=500, verbose_name=_("Địa chỉ nhận (URL)"))
    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="push_targets",
                                  verbose_name=_("Văn bản chỉ đạo"))
    # Sent as "Authorization: Bearer …" when set; kept in the database, never shown back in full.
    token = models.CharField(max_length=500, blank=True, verbose_name=_("Mã xác thực"))
    interval_minutes = models.PositiveIntegerField(default=1440, verbose_name=_("Chu kỳ gửi (phút)"))
    max_attempts = models.PositiveSmallIntegerField(default=3, verbose_name=_("Số lần thử"))
    is_active = models.BooleanField(default=True, verbose_name=_("Đang bật"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Nơi nhận dữ liệu")
        verbose_name_plural = _("Nơi nhận dữ liệu")

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.TextChoices):
    SENDING = "sending", _("Đang gửi")
    DELIVERED = "delivered", _("Đã gửi thành công")
    FAILED = "failed", _("Gửi không thành công")


class PushDelivery(models.Model):
    target = models.ForeignKey(PushTarget, on_delete=models.CASCADE, related_name="deliveries")
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Bắt đầu"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Kết thúc"))
    state = models.CharField(max_length=12, choices=DeliveryState.choices, default=DeliveryState.SENDING,
                             verbose_name=_("Kết quả"))
    payload_bytes = models.PositiveIntegerField(default=0)
    payload_sha256 = models.CharField(max_length=64, blank=True)
    task_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["target", "state", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.target} {self.started_at:%d/%m/%Y %H:%M}"


class PushAttempt(models.Model):
    delivery = models.ForeignKey(PushDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery_id", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number}"
