"""In-app notifications, the e-mail outbox and per-person e-mail preferences.

A `Notification` is unique by `dedupe_key` = kind, subject object, occurrence and recipient, so
creating the same reminder twice (a reminder run that is repeated after a crash, two workers)
is a no-op. Each notification that needs e-mail gets one `EmailDelivery` row in the same
transaction: the outbox. Sending claims pending rows, marks them sent only after the SMTP server
accepted the message, and retries failures with backoff; nothing is lost when the worker or the
mail server is down.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("Được giao nhiệm vụ")
    ROUND_OPENED = "round_opened", _("Mở kỳ báo cáo")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATION = "escalation", _("Báo cáo vượt cấp (quá hạn nhiều ngày)")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    EXTENSION_DECIDED = "extension_decided", _("Quyết định gia hạn")
    COMPLETION_ACCEPTED = "completion_accepted", _("Công nhận hoàn thành")
    DIRECTION_GIVEN = "direction_given", _("Ý kiến chỉ đạo")
    MEETING_INVITED = "meeting_invited", _("Giấy mời họp")
    MEMBER_QUESTION = "member_question", _("Câu hỏi, góp ý của đảng viên")
    PROFILE_CORRECTION = "profile_correction", _("Đề nghị sửa hồ sơ đảng viên")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("Người nhận"))
    kind = models.CharField(max_length=30, choices=NotificationKind.choices, verbose_name=_("Loại"))
    title = models.CharField(max_length=300, verbose_name=_("Tiêu đề"))
    body = models.TextField(blank=True, verbose_name=_("Nội dung"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("Liên kết"))
    # kind:subject:occurrence:recipient — see services.notify.
    dedupe_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Đã đọc lúc"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "-id"])]

    def __str__(self) -> str:
        return self.title


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")


class EmailDelivery(models.Model):
    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="delivery")
    to_address = models.CharField(max_length=254, verbose_name=_("Địa chỉ nhận"))
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING,
                             verbose_name=_("Trạng thái"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("Số lần thử"))
    next_attempt_at = models.DateTimeField(verbose_name=_("Lần thử tiếp theo"))
    # A claim is a lease: a sender that dies mid-batch leaves rows that others may take again
    # once the lease has run out.
    locked_until = models.DateTimeField(null=True, blank=True)
    # Who holds the lease: every write a sender makes after its claim is fenced by this token, so a
    # sender whose lease ran out and was taken over neither sends the message again nor marks it.
    claim_token = models.CharField(max_length=32, blank=True, default="")
    last_error = models.TextField(blank=True, verbose_name=_("Lỗi gần nhất"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Đã gửi lúc"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Thư điện tử gửi đi")
        verbose_name_plural = _("Thư điện tử gửi đi")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to_address} ({self.state})"


class NotificationPreference(models.Model):
    """E-mail on or off per kind; no row means on (the in-app notification always exists)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    email_enabled = models.BooleanField(default=True, verbose_name=_("Nhận thư điện tử"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")]
        verbose_name = _("Cài đặt nhận thông báo")
        verbose_name_plural = _("Cài đặt nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}={'on' if self.email_enabled else 'off'}"


class ReminderRun(models.Model):
    """One row per local day whose reminders were generated. `finished_at` stays empty when a run
    was interrupted, so the next tick runs that day again (idempotent thanks to dedupe keys)."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)
