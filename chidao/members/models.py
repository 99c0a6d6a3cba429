"""The handbook's people (DESIGN §8): cells (chi bộ), member profiles after Regulation 339-QĐ/TW,
correction requests, the two-way channel of questions and the device submissions that make an
offline draft arrive exactly once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.orgs.models import OrgUnit


class Cell(models.Model):
    name = models.CharField(max_length=255, verbose_name=_("Tên chi bộ"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cells", verbose_name=_("Đơn vị"))
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cells_led",
        verbose_name=_("Bí thư chi bộ"),
    )
    active = models.BooleanField(default=True, verbose_name=_("Đang hoạt động"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Chi bộ")
        verbose_name_plural = _("Chi bộ")

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MemberProfile(models.Model):
    """A Party member's summary profile; `cell` is a foreign key, so a member is in at most one cell."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member_profile",
                                verbose_name=_("Tài khoản"))
    full_name = models.CharField(max_length=150, verbose_name=_("Họ và tên"))
    date_of_birth = models.DateField(verbose_name=_("Ngày sinh"))
    sex = models.CharField(max_length=10, choices=Sex.choices, verbose_name=_("Giới tính"))
    admitted_on = models.DateField(verbose_name=_("Ngày vào Đảng"))
    official_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày chính thức"))
    card_number = models.CharField(max_length=20, unique=True, verbose_name=_("Số thẻ đảng viên"))
    cell = models.ForeignKey(Cell, null=True, blank=True, on_delete=models.PROTECT, related_name="members",
                             verbose_name=_("Chi bộ"))
    citizen_id = models.CharField(max_length=12, verbose_name=_("Số CCCD"))
    phone = models.CharField(max_length=20, blank=True, verbose_name=_("Điện thoại"))
    position = models.CharField(max_length=150, blank=True, verbose_name=_("Chức vụ"))
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Đơn vị công tác"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("Hồ sơ đảng viên")
        verbose_name_plural = _("Hồ sơ đảng viên")

    def __str__(self) -> str:
        return self.full_name


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    APPROVED = "approved", _("Đã chấp nhận")
    REJECTED = "rejected", _("Không chấp nhận")


class ProfileCorrection(models.Model):
    """A member's request to correct one field of their profile, decided with a reason."""

    profile = models.ForeignKey(MemberProfile, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=30, verbose_name=_("Thông tin cần sửa"))
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, verbose_name=_("Giá trị đề nghị"))
    note = models.TextField(blank=True, verbose_name=_("Lý do đề nghị"))
    state = models.CharField(max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING,
                             db_index=True, verbose_name=_("Trạng thái"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, verbose_name=_("Lý do quyết định"))

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("Đề nghị sửa hồ sơ")
        verbose_name_plural = _("Đề nghị sửa hồ sơ")

    def __str__(self) -> str:
        return f"{self.profile_id}:{self.field}"


class CellMeeting(models.Model):
    """Marks a meetings-app meeting as a cell's activity (monthly or thematic) without touching that app."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="cell_link")
    cell = models.ForeignKey(Cell, on_delete=models.PROTECT, related_name="meetings")
    monthly = models.BooleanField(default=True, verbose_name=_("Sinh hoạt định kỳ hằng tháng"))

    class Meta:
        verbose_name = _("Sinh hoạt chi bộ")
        verbose_name_plural = _("Sinh hoạt chi bộ")

    def __str__(self) -> str:
        return f"{self.cell_id}:{self.meeting_id}"


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("Câu hỏi")
    OPINION = "opinion", _("Góp ý")


class MemberQuestion(models.Model):
    """A question or opinion to the committee (`cell` empty) or to the member's cell, answered by `due_on`."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member_questions")
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.QUESTION,
                            verbose_name=_("Loại"))
    cell = models.ForeignKey(Cell, null=True, blank=True, on_delete=models.PROTECT, related_name="questions",
                             verbose_name=_("Gửi chi bộ"))
    subject = models.CharField(max_length=255, verbose_name=_("Tiêu đề"))
    body = models.TextField(verbose_name=_("Nội dung"))
    # The library document it is about, or a number and symbol typed by the member.
    document = models.ForeignKey("library.LibraryDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="member_questions", verbose_name=_("Văn bản trong thư viện"))
    document_ref = models.CharField(max_length=255, blank=True, verbose_name=_("Về văn bản"))
    due_on = models.DateField(verbose_name=_("Hạn trả lời"))
    answer = models.TextField(blank=True, verbose_name=_("Trả lời"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày trả lời"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "-created_at"], name="members_question_author_idx"),
                   models.Index(fields=["cell", "answered_on", "due_on"], name="members_question_cell_idx")]
        verbose_name = _("Câu hỏi, góp ý của đảng viên")
        verbose_name_plural = _("Câu hỏi, góp ý của đảng viên")

    def __str__(self) -> str:
        return self.subject


class DeviceSubmission(models.Model):
    """One row per draft a device sent: the key is made on the device, so a resend is recognised."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
