"""What the accounts app keeps: whether this installation is a demo, and personal API access tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Installation(models.Model):
    """One row (id 1): facts about this installation. `seed_demo` marks it a demo."""

    is_demo = models.BooleanField(default=False, verbose_name=_("Bản chạy thử"))
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Thông tin cài đặt")
        verbose_name_plural = _("Thông tin cài đặt")

    def __str__(self) -> str:
        return "demo" if self.is_demo else "production"


class TokenScope(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    WRITE = "write", _("Đọc và ghi")


class AccessToken(models.Model):
    """A personal access token for the REST API. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_tokens")
    name = models.CharField(max_length=100, verbose_name=_("Tên"))
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ,
                             verbose_name=_("Phạm vi"))
    # The first characters of the secret, shown in the list so a person can tell tokens apart.
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(verbose_name=_("Hết hạn"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thu hồi lúc"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Dùng gần nhất"))
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Mã truy cập API")
        verbose_name_plural = _("Mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

