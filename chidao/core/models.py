"""The platform layer's one table: a version per concern of the data (chidao/core/concerns.py)."""

from __future__ import annotations

from django.db import models


class ConcernVersion(models.Model):
    """The state of one concern (tasks, reports, people…): a fresh random stamp on every write to it.

    Random rather than a counter: a write rolled back after figures were cached under its stamp
    leaves a number the next write would reuse, never a stamp."""

    name = models.CharField(max_length=32, primary_key=True)
    stamp = models.CharField(max_length=32)

    class Meta:
        verbose_name = "phiên bản dữ liệu"
        verbose_name_plural = "phiên bản dữ liệu"

    def __str__(self) -> str:
        return f"{self.name}@{self.stamp}"
