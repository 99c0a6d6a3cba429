"""Study of resolutions (học tập, quán triệt): an assignment of library documents to people with a
deadline, an optional multiple-choice quiz, and each person's record (studied, quiz, reflection).

Records are made when the assignment is given (the members of its cells and units at that moment),
each with the person's cell and unit then, so statistics per cell and unit are one GROUP BY.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.library.models import LibraryDocument
from chidao.members.models import Cell
from chidao.orgs.models import OrgUnit


class StudyAssignment(models.Model):
    title = models.CharField(max_length=300, verbose_name=_("Nội dung học tập"))
    description = models.TextField(blank=True, verbose_name=_("Yêu cầu"))
    documents = models.ManyToManyField(LibraryDocument, related_name="study_assignments",
                                       verbose_name=_("Văn bản"))
    due_on = models.DateField(verbose_name=_("Hạn hoàn thành"))
    pass_mark = models.PositiveSmallIntegerField(default=80, verbose_name=_("Điểm đạt (%)"))
    # A cell secretary's assignment belongs to their cell; the standing office's has no cell.
    owner_cell = models.ForeignKey(Cell, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Chi bộ giao"))
    target_units = models.ManyToManyField(OrgUnit, blank=True, related_name="+", verbose_name=_("Đơn vị"))
    target_cells = models.ManyToManyField(Cell, blank=True, related_name="+", verbose_name=_("Chi bộ"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Closed by the assigner: nothing more is studied, answered or reminded; the records stay.
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Kết thúc lúc"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Đợt học tập")
        verbose_name_plural = _("Đợt học tập")
        constraints = [models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="study_pass_mark_range")]

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500, verbose_name=_("Câu hỏi"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=300, verbose_name=_("Phương án"))
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class StudyRecord(models.Model):
    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_records")
    cell = models.ForeignKey(Cell, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    studied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Đã học lúc"))
    studied_late = models.BooleanField(default=False)
    passed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Đạt bài kiểm tra lúc"))
    best_score = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Điểm cao nhất (%)"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("Số lần làm bài"))
    reflection = models.TextField(blank=True, verbose_name=_("Bản thu hoạch"))
    commitment = models.TextField(blank=True, verbose_name=_("Cam kết"))
    reflected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "user"], name="study_record_unique")]
        indexes = [
            models.Index(fields=["assignment", "unit", "cell"], name="study_rec_unit_cell_idx"),
            models.Index(fields=["assignment", "cell"], name="study_rec_cell_idx"),
            models.Index(fields=["user", "assignment"], name="study_rec_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.user_id}"


class QuizAttempt(models.Model):
    record = models.ForeignKey(StudyRecord, on_delete=models.CASCADE, related_name="quiz_attempts")
    score = models.PositiveSmallIntegerField(verbose_name=_("Điểm (%)"))
    passed = models.BooleanField()
    answers = models.JSONField(default=dict)  # question id → chosen choice id
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.score}%"
