from __future__ import annotations

from django.conf import settings
from django.db import models


class GuideDismissal(models.Model):
    """A person closed a guide panel (`key`, e.g. "start"); kept server-side so it stays closed on
    every device."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_dismissals")
    key = models.CharField(max_length=40)
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="guide_dismissal_once")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
