from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditHead(models.Model):
    """One row holding the newest hash; locking it serialises writers of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.last_seq}:{self.last_hash[:12]}"


class AuditEvent(models.Model):
    """One state change: who, when, what, before and after, chained by a keyed hash.

    `hash` = HMAC-SHA256(audit key, prev_hash + canonical JSON of the other fields), so editing or
    deleting any row breaks every hash after it; `verify_audit` finds the first broken row. The
    actor is hashed as `actor_name` + `actor_label`, frozen at write time; `actor` is only a link.
    """

    seq = models.BigIntegerField(unique=True, verbose_name=_("Số thứ tự"))
    created_at = models.DateTimeField(verbose_name=_("Thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    actor_name = models.CharField(max_length=150, blank=True, verbose_name=_("Tài khoản"))
    actor_label = models.CharField(max_length=300, blank=True, verbose_name=_("Người thực hiện (lúc ghi)"))
    action = models.CharField(max_length=64, db_index=True, verbose_name=_("Hành động"))
    target_type = models.CharField(max_length=64, verbose_name=_("Loại đối tượng"))
    target_id = models.CharField(max_length=64, verbose_name=_("Mã đối tượng"))
    target_label = models.CharField(max_length=500, blank=True, verbose_name=_("Đối tượng"))
    # The task an event belongs to, so a task's timeline is one indexed query.
    task_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=500, blank=True, verbose_name=_("Nội dung"))
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("Sự kiện nhật ký")
        verbose_name_plural = _("Nhật ký")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"
