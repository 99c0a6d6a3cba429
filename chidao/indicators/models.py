"""Indicator trees (index → pillars/groups → indicators), yearly targets and measured values.

One tree model serves every index: a node's `kind` says whether it is the index itself, a group
(pillar) or a measured indicator. Indices and groups may carry values too (a published score and
rank), which is how published rankings are entered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.text import normalize_vn
from chidao.directives.models import Task
from chidao.orgs.models import OrgUnit


class NodeKind(models.TextChoices):
    INDEX = "index", _("Bộ chỉ số")
    GROUP = "group", _("Nhóm / trụ cột")
    INDICATOR = "indicator", _("Chỉ số")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Periodicity(models.TextChoices):
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Hằng năm")


class Indicator(models.Model):
    code = models.CharField(max_length=40, unique=True, verbose_name=_("Mã"))
    name = models.CharField(max_length=500, verbose_name=_("Tên"))
    kind = models.CharField(max_length=10, choices=NodeKind.choices, default=NodeKind.INDICATOR,
                            verbose_name=_("Loại"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("Thuộc nhóm / bộ chỉ số"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("Thứ tự"))
    unit_of_measure = models.CharField(max_length=40, blank=True, verbose_name=_("Đơn vị tính"))
    # Blank only while a node is being set up; a target needs a direction (services refuse it).
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True,
                                 verbose_name=_("Chiều đánh giá"))
    max_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                     verbose_name=_("Điểm tối đa"))
    weight = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                 verbose_name=_("Trọng số"))
    periodicity = models.CharField(max_length=10, choices=Periodicity.choices, default=Periodicity.YEAR,
                                   verbose_name=_("Kỳ đo"))
    min_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True,
                                    verbose_name=_("Giá trị nhỏ nhất"))
    max_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True,
                                    verbose_name=_("Giá trị lớn nhất"))
    owner_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="owned_indicators", verbose_name=_("Đơn vị phụ trách"))
    data_source = models.CharField(max_length=500, blank=True, verbose_name=_("Nguồn số liệu"))
    legal_basis = models.CharField(max_length=500, blank=True, verbose_name=_("Căn cứ pháp lý"))
    description = models.TextField(blank=True, verbose_name=_("Ghi chú"))
    tasks = models.ManyToManyField(Task, through="IndicatorTaskLink", blank=True, related_name="indicators",
                                   verbose_name=_("Nhiệm vụ liên quan"))
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("Chỉ số")
        verbose_name_plural = _("Chỉ số")
        indexes = [models.Index(fields=["parent", "position"]), models.Index(fields=["owner_unit"])]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = normalize_vn(f"{self.code} {self.name}")
        super().save(*args, **kwargs)


class TargetKind(models.TextChoices):
    VALUE = "value", _("Giá trị")
    RANK = "rank", _("Thứ hạng")


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("Chỉ số"))
    year = models.PositiveSmallIntegerField(verbose_name=_("Năm"))
    kind = models.CharField(max_length=10, choices=TargetKind.choices, default=TargetKind.VALUE,
                            verbose_name=_("Loại chỉ tiêu"))
    target_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True,
                                       verbose_name=_("Giá trị mục tiêu"))
    target_rank = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Thứ hạng mục tiêu"))
    baseline_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True,
                                         verbose_name=_("Giá trị cơ sở"))
    baseline_rank = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Thứ hạng cơ sở"))
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Năm cơ sở"))
    label = models.CharField(max_length=300, blank=True, verbose_name=_("Diễn đạt chỉ tiêu"))
    # The committee's headline targets (the three Top-5 targets of 2026) lead the results dashboard.
    is_headline = models.BooleanField(default=False, verbose_name=_("Chỉ tiêu trọng tâm"))

    class Meta:
        ordering = ["indicator_id", "year"]
        verbose_name = _("Chỉ tiêu theo năm")
        verbose_name_plural = _("Chỉ tiêu theo năm")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique_year")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"


class ValueState(models.TextChoices):
    ENTERED = "entered", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    RETURNED = "returned", _("Bị trả lại")


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("Chỉ số"))
    # The last day of the period the value measures (month, quarter, half-year or year end).
    period_end = models.DateField(verbose_name=_("Kỳ"))
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True, verbose_name=_("Giá trị"))
    rank = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Thứ hạng"))
    decision_code = models.CharField(max_length=120, blank=True, verbose_name=_("Văn bản công bố"))
    source = models.CharField(max_length=500, blank=True, verbose_name=_("Nguồn số liệu"))
    note = models.TextField(blank=True, verbose_name=_("Ghi chú"))
    state = models.CharField(max_length=10, choices=ValueState.choices, default=ValueState.ENTERED,
                             db_index=True, verbose_name=_("Trạng thái"))
    return_reason = models.TextField(blank=True, verbose_name=_("Lý do trả lại"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every edit; a form drawn from an older version is refused (core/concurrency.py).
    row_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["indicator_id", "period_end"]
        verbose_name = _("Số liệu chỉ số")
        verbose_name_plural = _("Số liệu chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="indicator_value_unique_period"),
        ]
        indexes = [
            models.Index(fields=["state", "period_end"]),
            # Each indicator's latest verified value and latest verified rank (the dashboards and the
            # scorecard): one seek each. Partial, because ranks are rare: walking back an index on
            # (indicator, state, period_end) to a ranked row read every monthly value.
            models.Index(fields=["indicator", "period_end"], name="indicator_value_latest",
                         condition=models.Q(state="verified", value__isnull=False)),
            models.Index(fields=["indicator", "period_end"], name="indicator_rank_latest",
                         condition=models.Q(state="verified", rank__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_end:%d/%m/%Y}"


class IndicatorEvidence(models.Model):
    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="evidence",
                              verbose_name=_("Số liệu"))
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
        verbose_name = _("Minh chứng số liệu")
        verbose_name_plural = _("Minh chứng số liệu")

    def __str__(self) -> str:
        return self.original_name


class IndicatorTaskLink(models.Model):
    """Which tasks move which indicator (the Task model itself stays untouched)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="task_links")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicator_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["indicator", "task"], name="indicator_task_unique")]

    def __str__(self) -> str:
        return f"{self.indicator_id}↔{self.task_id}"
