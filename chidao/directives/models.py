from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from chidao.core.text import normalize_vn
from chidao.orgs.models import OrgUnit


class DirectiveKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    DECISION = "decision", _("Quyết định")
    PROGRAMME = "programme", _("Chương trình")
    PLAN = "plan", _("Kế hoạch")
    CONCLUSION = "conclusion", _("Kết luận")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    OTHER = "other", _("Khác")


class Directive(models.Model):
    code = models.CharField(max_length=60, unique=True, verbose_name=_("Số, ký hiệu"))
    kind = models.CharField(max_length=20, choices=DirectiveKind.choices, verbose_name=_("Loại văn bản"))
    title = models.TextField(verbose_name=_("Trích yếu"))
    issuer = models.CharField(max_length=255, blank=True, verbose_name=_("Cơ quan ban hành"))
    issued_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày ban hành"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("Văn bản cấp trên"),
    )
    # The committee leader who follows this directive's tasks (lãnh đạo phụ trách): the default
    # for every task under it; escalations of its overdue tasks go to this person.
    leader_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="directives_in_charge",
        limit_choices_to={"role": "leader"}, verbose_name=_("Lãnh đạo phụ trách"),
    )
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "code"]
        # Case-insensitive uniqueness in the database too (the service also folds Unicode and spaces).
        constraints = [models.UniqueConstraint(Lower("code"), name="directive_code_ci_unique")]
        verbose_name = _("Văn bản chỉ đạo")
        verbose_name_plural = _("Văn bản chỉ đạo")

    def __str__(self) -> str:
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = normalize_vn(f"{self.code} {self.title} {self.issuer}")
        super().save(*args, **kwargs)


class TaskKind(models.TextChoices):
    DEADLINE = "deadline", _("Có thời hạn")
    RECURRING = "recurring", _("Thường xuyên")
    GROUP = "group", _("Nhóm nhiệm vụ")


class TaskState(models.TextChoices):
    """The workflow position; the reported status (DESIGN §4) is derived from it and the dates."""

    DRAFT = "draft", _("Dự thảo")
    ASSIGNED = "assigned", _("Đã giao")
    COMPLETION_REQUESTED = "completion_requested", _("Đề nghị hoàn thành")
    COMPLETED = "completed", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Field(models.TextChoices):
    INSTITUTION = "institution", _("Thể chế, chính sách")
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng")
    HUMAN_RESOURCES = "human_resources", _("Nguồn nhân lực")
    SCIENCE_TECHNOLOGY = "science_technology", _("Khoa học, công nghệ")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("Chuyển đổi số")
    INNOVATION = "innovation", _("Đổi mới sáng tạo")
    DATA = "data", _("Dữ liệu")
    CYBER_SECURITY = "cyber_security", _("An toàn, an ninh mạng")
    OTHER = "other", _("Khác")


class Task(models.Model):
    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("Văn bản chỉ đạo")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("Nhóm nhiệm vụ"),
    )
    code = models.CharField(max_length=40, blank=True, verbose_name=_("Số thứ tự"))
    position = models.PositiveIntegerField(default=0)
    title = models.TextField(verbose_name=_("Nội dung nhiệm vụ"))
    kind = models.CharField(max_length=12, choices=TaskKind.choices, default=TaskKind.DEADLINE,
                            verbose_name=_("Loại nhiệm vụ"))
    state = models.CharField(max_length=24, choices=TaskState.choices, default=TaskState.DRAFT,
                             db_index=True, verbose_name=_("Trạng thái xử lý"))
    lead_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks",
        verbose_name=_("Đơn vị chủ trì"),
    )
    support_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="supported_tasks", verbose_name=_("Đơn vị phối hợp")
    )
    # Overrides the group's and the directive's leader in charge; empty means "inherit"
    # (selectors.task_leader_in_charge resolves it).
    leader_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks_in_charge",
        limit_choices_to={"role": "leader"}, verbose_name=_("Lãnh đạo phụ trách"),
    )
    # Set on the parent of a task given to a unit group (one child per member, DESIGN §4).
    unit_group = models.ForeignKey(
        "orgs.UnitGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks",
        verbose_name=_("Nhóm đơn vị"),
    )
    expected_output = models.TextField(blank=True, verbose_name=_("Sản phẩm đầu ra"))
    field = models.CharField(max_length=30, choices=Field.choices, default=Field.OTHER,
                             verbose_name=_("Lĩnh vực"))
    assigned_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày giao"))
    original_due_on = models.DateField(null=True, blank=True, verbose_name=_("Thời hạn ban đầu"))
    due_on = models.DateField(null=True, blank=True, db_index=True, verbose_name=_("Thời hạn"))
    deadline_text = models.CharField(max_length=120, blank=True, verbose_name=_("Thời hạn (nguyên văn)"))
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày hoàn thành"))
    cancel_reason = models.TextField(blank=True, verbose_name=_("Lý do hủy"))
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("Tiến độ (%)"))
    weight = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Trọng số"))
    last_reported_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày báo cáo gần nhất"))
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every edit; a form drawn from an older version is refused (core/concurrency.py).
    row_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["directive_id", "position", "id"]
        verbose_name = _("Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        indexes = [
            # A unit's open tasks in deadline order (the workspace), counted from the index alone.
            models.Index(fields=["lead_unit", "kind", "state", "due_on"], name="task_unit_open_due_idx"),
            models.Index(fields=["directive", "parent", "position"]),
            models.Index(fields=["kind", "state", "due_on"]),
            # Every column the status counts read (selectors.status_filters): the dashboard counts a
            # directive's tasks from this index alone, without reading the wide task rows.
            models.Index(
                fields=["directive", "kind", "state", "lead_unit", "due_on", "completed_on", "last_reported_on"],
                name="task_status_cover_idx",
            ),
            # Open tasks in deadline order: the overdue list reads its first rows straight from here.
            models.Index(fields=["kind", "completed_on", "due_on"], name="task_open_due_idx"),
        ]

    def __str__(self) -> str:
        label = f"{self.code}. " if self.code else ""
        return f"{label}{self.title[:120]}"

    @property
    def is_group(self) -> bool:
        return self.kind == TaskKind.GROUP

    def refresh_search_text(self) -> None:
        self.search_text = normalize_vn(f"{self.code} {self.title} {self.expected_output}")

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)


class TaskTally(models.Model):
    """How many counted tasks of one directive, led by one unit, are in one status as of `TallyState.as_of`.

    Kept by the writer in the same transaction (directives/tally.py, on every Task save and delete)
    so the dashboard's counts read a few hundred rows instead of every task; rebuilt whole when the
    day turns (an open task becomes overdue at local midnight). `manage.py check_aggregates` recomputes
    and compares."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    lead_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["directive", "lead_unit"], name="tasktally_pair_idx")]

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.lead_unit_id}/{self.status}: {self.n}"


class TallyState(models.Model):
    """The day the whole tally was last rebuilt for (one row): another day means it must be rebuilt."""

    as_of = models.DateField()

    def __str__(self) -> str:
        return self.as_of.isoformat()
