"""Reporting rounds (kỳ báo cáo).

A round asks a set of tasks to report by its own due date. Its expected submissions are the
(lead unit, task) pairs of the tasks fixed when it was opened (`tasks`). A unit's submission for
a round is not a separate record: it is any ProgressReport of that task submitted (submitted_on
set) inside the round's window [opens_on, closes_on] — on time when submitted_on ≤ due_on, late
after it, missing when there is none. We chose to derive it from the dates rather than to add a
`round` foreign key to ProgressReport (another app's model) or a RoundSubmission table: a unit
reports as it always does and cannot attach a report to the wrong round, and the status is right
without any background job having run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.directives.models import Directive, Task
from chidao.orgs.models import OrgUnit


class RoundKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class RoundState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class ReportingRound(models.Model):
    kind = models.CharField(max_length=10, choices=RoundKind.choices, verbose_name=_("Loại kỳ"))
    period_label = models.CharField(max_length=120, verbose_name=_("Kỳ"))
    opens_on = models.DateField(verbose_name=_("Ngày mở kỳ"))
    due_on = models.DateField(db_index=True, verbose_name=_("Hạn nộp báo cáo"))
    closes_on = models.DateField(verbose_name=_("Ngày đóng kỳ"))
    directive = models.ForeignKey(Directive, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="reporting_rounds", verbose_name=_("Văn bản chỉ đạo"))
    tasks = models.ManyToManyField(Task, related_name="reporting_rounds", verbose_name=_("Nhiệm vụ phải báo cáo"))
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="reporting_rounds",
                                   verbose_name=_("Giới hạn ở các đơn vị"))
    state = models.CharField(max_length=10, choices=RoundState.choices, default=RoundState.OPEN,
                             db_index=True, verbose_name=_("Trạng thái"))
    note = models.TextField(blank=True, verbose_name=_("Ghi chú"))
    opened_notified = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "-id"]
        verbose_name = _("Kỳ báo cáo")
        verbose_name_plural = _("Kỳ báo cáo")

    def __str__(self) -> str:
        return self.period_label
