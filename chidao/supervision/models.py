"""Continuous supervision: settings, directions, recommendations and frozen scorecards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.directives.models import Task
from chidao.orgs.models import OrgUnit
from chidao.reporting.models import ProgressReport

REMINDER_DAYS_MIN, REMINDER_DAYS_MAX = 1, 30


def _days_from_env(name: str) -> int:
    value = int(getattr(settings, name, 3))
    return min(max(value, REMINDER_DAYS_MIN), REMINDER_DAYS_MAX)


def default_remind_days_before() -> int:
    """Until the standing office sets N, the deployment's CHIDAO_REMIND_DAYS_BEFORE (kept in range)."""
    return _days_from_env("CHIDAO_REMIND_DAYS_BEFORE")


def default_escalate_after_days() -> int:
    """Until the standing office sets M, the deployment's CHIDAO_ESCALATE_AFTER_DAYS (kept in range)."""
    return _days_from_env("CHIDAO_ESCALATE_AFTER_DAYS")


class SupervisionSettings(models.Model):
    """The standing office's margins and weights: one row (pk=1), edited through
    `services.supervision_settings_update`. A missing row means the defaults below."""

    # Early warning (DESIGN §4).
    lag_margin = models.PositiveSmallIntegerField(
        default=20, verbose_name=_("Mức chậm so với thời gian (điểm %)"),
        help_text=_("Cảnh báo khi tiến độ thấp hơn tỷ lệ thời gian đã qua quá số điểm phần trăm này."),
    )
    silence_days = models.PositiveSmallIntegerField(
        default=30, verbose_name=_("Số ngày không báo cáo"),
        help_text=_("Cảnh báo khi nhiệm vụ không có báo cáo trong số ngày này."),
    )
    due_soon_days = models.PositiveSmallIntegerField(default=7, verbose_name=_("Sắp đến hạn (số ngày)"))
    due_soon_progress = models.PositiveSmallIntegerField(
        default=80, verbose_name=_("Tiến độ tối thiểu khi sắp đến hạn (%)"),
    )
    # Recommendations.
    recommendation_response_days = models.PositiveSmallIntegerField(
        default=15, verbose_name=_("Thời hạn trả lời kiến nghị mặc định (ngày)"),
    )
    # Scorecard weights (must add up to 100) and grades; the defaults are explained on
    # `rules.ScoreWeights` (tasks 55, working with the committee 20, results 25).
    weight_completion = models.PositiveSmallIntegerField(default=25, verbose_name=_("Trọng số: tỷ lệ hoàn thành"))
    weight_on_time = models.PositiveSmallIntegerField(default=20, verbose_name=_("Trọng số: tỷ lệ đúng hạn"))
    weight_overdue = models.PositiveSmallIntegerField(default=10, verbose_name=_("Trọng số: nhiệm vụ quá hạn"))
    weight_discipline = models.PositiveSmallIntegerField(default=10, verbose_name=_("Trọng số: kỷ luật báo cáo"))
    weight_recommendations = models.PositiveSmallIntegerField(
        default=10, verbose_name=_("Trọng số: trả lời kiến nghị"),
    )
    weight_indicators = models.PositiveSmallIntegerField(default=15, verbose_name=_("Trọng số: kết quả chỉ số"))
    weight_disbursement = models.PositiveSmallIntegerField(default=10, verbose_name=_("Trọng số: giải ngân vốn"))
    overdue_penalty = models.PositiveSmallIntegerField(
        default=10, verbose_name=_("Điểm trừ mỗi nhiệm vụ quá hạn"),
    )
    grade_excellent = models.PositiveSmallIntegerField(default=90, verbose_name=_("Xuất sắc từ (điểm)"))
    grade_good = models.PositiveSmallIntegerField(default=75, verbose_name=_("Tốt từ (điểm)"))
    grade_pass = models.PositiveSmallIntegerField(default=50, verbose_name=_("Đạt từ (điểm)"))
    # Reminders (chidao.notifications.reminders reads them on every day's run).
    remind_days_before = models.PositiveSmallIntegerField(
        default=default_remind_days_before, verbose_name=_("Nhắc trước hạn (số ngày)"),
        help_text=_("Đơn vị chủ trì được nhắc “sắp đến hạn” trước thời hạn nhiệm vụ, kỳ báo cáo số ngày này."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        default=default_escalate_after_days, verbose_name=_("Báo cáo vượt cấp sau khi quá hạn (số ngày)"),
        help_text=_("Sau số ngày quá hạn này, người đứng đầu đơn vị và lãnh đạo phụ trách được báo."),
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("Thiết lập giám sát")
        verbose_name_plural = _("Thiết lập giám sát")

    def __str__(self) -> str:
        return str(_("Thiết lập giám sát"))


class Direction(models.Model):
    """A leader's direction (ý kiến chỉ đạo) to a unit, on one of its tasks or on the unit as a
    whole; the unit acknowledges it once."""

    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="directions",
                             verbose_name=_("Nhiệm vụ"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="directions",
                             verbose_name=_("Đơn vị nhận"))
    content = models.TextField(verbose_name=_("Nội dung chỉ đạo"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("Người chỉ đạo"))
    given_at = models.DateTimeField(verbose_name=_("Thời điểm chỉ đạo"))
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("Người tiếp nhận"))
    acknowledged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thời điểm tiếp nhận"))

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("Ý kiến chỉ đạo")
        verbose_name_plural = _("Ý kiến chỉ đạo")
        indexes = [models.Index(fields=["unit", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Ý kiến chỉ đạo #{self.pk}"


class Recommendation(models.Model):
    """A unit's recommendation (kiến nghị) to the committee (`to_unit` empty) or to another unit,
    answered once by a response deadline."""

    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="recommendations_raised",
                                  verbose_name=_("Đơn vị kiến nghị"))
    to_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="recommendations_received",
                                verbose_name=_("Gửi đơn vị"))
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="recommendations", verbose_name=_("Nhiệm vụ"))
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="recommendations", verbose_name=_("Từ báo cáo"))
    content = models.TextField(verbose_name=_("Nội dung kiến nghị"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_on = models.DateField(verbose_name=_("Ngày kiến nghị"))
    response_due_on = models.DateField(db_index=True, verbose_name=_("Hạn trả lời"))
    answer = models.TextField(blank=True, verbose_name=_("Nội dung trả lời"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày trả lời"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("Kiến nghị")
        verbose_name_plural = _("Kiến nghị")
        constraints = [
            # One click on a report raises its proposals once; a second click is refused.
            models.UniqueConstraint(fields=["report"], condition=models.Q(report__isnull=False),
                                    name="supervision_recommendation_one_per_report"),
        ]
        indexes = [models.Index(fields=["to_unit", "answered_on"]), models.Index(fields=["from_unit", "-raised_on"])]

    def __str__(self) -> str:
        return f"Kiến nghị #{self.pk}"

    @property
    def to_committee(self) -> bool:
        return self.to_unit_id is None


class ScorecardSnapshot(models.Model):
    """Every unit's scorecard for a closed period, frozen so a later edit cannot rewrite history."""

    period_kind = models.CharField(max_length=10, verbose_name=_("Loại kỳ"))
    period_key = models.CharField(max_length=10, unique=True, verbose_name=_("Kỳ"))
    start = models.DateField()
    end = models.DateField()
    taken_at = models.DateTimeField(verbose_name=_("Thời điểm chốt"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    # The weights and thresholds in force when frozen, so the score can be explained later.
    settings = models.JSONField(default=dict)

    class Meta:
        ordering = ["-end"]
        verbose_name = _("Bảng điểm đã chốt")
        verbose_name_plural = _("Bảng điểm đã chốt")

    def __str__(self) -> str:
        return f"Bảng điểm {self.period_key}"


class ScorecardRow(models.Model):
    """One unit's frozen figures; names are copied so a renamed unit keeps its historical name."""

    snapshot = models.ForeignKey(ScorecardSnapshot, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=255)
    unit_kind = models.CharField(max_length=20)
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    open_on_time = models.PositiveIntegerField(default=0)
    open_overdue = models.PositiveIntegerField(default=0)
    discipline_on_time = models.PositiveIntegerField(default=0)
    discipline_expected = models.PositiveIntegerField(default=0)
    rec_answered_on_time = models.PositiveIntegerField(default=0)
    rec_due = models.PositiveIntegerField(default=0)
    completion_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    on_time_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    overdue_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    discipline_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    rec_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    # Results (added later: snapshots frozen before have them empty and show "—").
    indicator_achievement = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    disbursement_rate = models.DecimalField(max_digits=7, decimal_places=2, null=True)  # may exceed 100
    year_elapsed = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    indicators_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    disbursement_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    grade = models.CharField(max_length=12, blank=True)
    rank = models.PositiveIntegerField(null=True)

    class Meta:
        ordering = ["unit_kind", "rank", "unit_name"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "unit"], name="supervision_scorecardrow_unique")]

    def __str__(self) -> str:
        return f"{self.unit_name} – {self.snapshot_id}"
