"""The paperless meeting room: meetings, invitations, agenda, documents, opinions, speaking, votes.

Secret votes keep no ballot rows at all, only a sealed count per option (`VoteTally`): see `Vote`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.text import normalize_vn
from chidao.directives.models import Directive
from chidao.orgs.models import OrgUnit


class MeetingKind(models.TextChoices):
    COMMITTEE_SESSION = "committee_session", _("Phiên họp Ban Chỉ đạo")
    THEMATIC = "thematic", _("Họp chuyên đề")
    UNIT = "unit", _("Họp đơn vị")


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã lên lịch")
    IN_PROGRESS = "in_progress", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


class Meeting(models.Model):
    title = models.CharField(max_length=300, verbose_name=_("Tên phiên họp"))
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.COMMITTEE_SESSION,
                            verbose_name=_("Loại phiên họp"))
    starts_at = models.DateTimeField(verbose_name=_("Bắt đầu"))
    ends_at = models.DateTimeField(verbose_name=_("Kết thúc"))
    place = models.CharField(max_length=255, blank=True, verbose_name=_("Địa điểm"))
    online_link = models.URLField(blank=True, verbose_name=_("Đường dẫn họp trực tuyến"))
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("Chủ trì"))
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Thư ký"))
    # Quorum: checked-in members ÷ invited members must exceed this share (in percent).
    quorum_percent = models.PositiveSmallIntegerField(default=50, verbose_name=_("Ngưỡng túc số (%)"))
    state = models.CharField(max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED,
                             db_index=True, verbose_name=_("Trạng thái"))
    current_item = models.ForeignKey("AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("Nội dung đang họp"))
    # Bumped on every change a participant's screen shows (item, attendance, speakers, votes);
    # the followers' poll compares it with what they have.
    live_version = models.PositiveIntegerField(default=1)
    # The agenda's ordering token: a reorder names the version it saw, so two people moving items
    # at once get a clear message instead of a shuffled agenda.
    agenda_version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Bắt đầu lúc"))
    cancel_reason = models.TextField(blank=True, verbose_name=_("Lý do hủy"))
    conclusions_text = models.TextField(blank=True, verbose_name=_("Kết luận của chủ trì"))
    conclusion_directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings",
        verbose_name=_("Thông báo kết luận"),
    )
    # The directive whose monitoring figures the standing office's live report shows.
    monitored_directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("Văn bản theo dõi trong báo cáo"),
    )
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("Phiên họp")
        verbose_name_plural = _("Phiên họp")

    def __str__(self) -> str:
        return self.title

    def refresh_search_text(self, agenda_titles: list[str] | None = None) -> None:
        parts = [self.title, self.place, self.conclusions_text, *(agenda_titles or [])]
        self.search_text = normalize_vn(" ".join(parts))


class InvitationResponse(models.TextChoices):
    PENDING = "pending", _("Chưa trả lời")
    ATTEND = "attend", _("Tham dự")
    ABSENT = "absent", _("Vắng mặt")
    DELEGATE = "delegate", _("Cử người dự thay")


class Invitation(models.Model):
    """One seat at the meeting: an invited person (for a unit when `unit` is set). A delegate sits
    in the seat with the invitee's rights for this meeting only; the seat votes once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_invitations",
                                verbose_name=_("Người được mời"))
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Mời đơn vị"))
    # Members count towards the quorum; guests (experts, reporters from units) do not.
    is_member = models.BooleanField(default=True, verbose_name=_("Thành viên (tính túc số)"))
    response = models.CharField(max_length=10, choices=InvitationResponse.choices,
                                default=InvitationResponse.PENDING, verbose_name=_("Trả lời"))
    reason = models.TextField(blank=True, verbose_name=_("Lý do vắng"))
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="meeting_delegations", verbose_name=_("Người dự thay"))
    responded_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Điểm danh lúc"))
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "invitee"], name="invitation_once_per_person")]
        # Delegates are rare: a partial index the planner trusts (the plain one is all NULLs to SQLite's stats).
        indexes = [models.Index(fields=["delegate"], condition=models.Q(delegate__isnull=False),
                                name="invitation_delegate_set_idx")]

    def __str__(self) -> str:
        return str(self.invitee)

    @property
    def attendee(self):  # type: ignore[no-untyped-def]
        """Who sits in the seat: the delegate when one was sent, else the invitee."""
        return self.delegate if self.response == InvitationResponse.DELEGATE and self.delegate_id else self.invitee


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=500, verbose_name=_("Nội dung"))
    presenter = models.CharField(max_length=255, blank=True, verbose_name=_("Người trình bày"))
    planned_minutes = models.PositiveSmallIntegerField(default=15, verbose_name=_("Thời lượng (phút)"))
    is_confidential = models.BooleanField(default=False, verbose_name=_("Nội dung mật"))
    # The standing office's live monitoring report: the dashboard figures of this directive,
    # computed when the item is shown or downloaded (never a stale copy).
    live_report = models.BooleanField(default=False, verbose_name=_("Báo cáo theo dõi trực tiếp"))

    class Meta:
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300, verbose_name=_("Tên tài liệu"))
    is_confidential = models.BooleanField(default=False, verbose_name=_("Tài liệu mật"))
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def confidential(self) -> bool:
        return self.is_confidential or self.item.is_confidential


class DocumentDownload(models.Model):
    """Every download of a meeting document, who and when (the confidential ones watermarked)."""

    document = models.ForeignKey(MeetingDocument, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField(auto_now_add=True)
    watermarked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-downloaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.user_id}"


class Opinion(models.Model):
    """A written opinion (góp ý) on an agenda item, sent before or during the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(verbose_name=_("Ý kiến góp ý"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SpeakState(models.TextChoices):
    WAITING = "waiting", _("Chờ phát biểu")
    SPEAKING = "speaking", _("Đang phát biểu")
    DONE = "done", _("Đã phát biểu")
    WITHDRAWN = "withdrawn", _("Đã rút")


class SpeakRequest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speak_requests")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=10, choices=SpeakState.choices, default=SpeakState.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.user_id}#{self.position}"


class VoteState(models.TextChoices):
    DRAFT = "draft", _("Chưa mở")
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã kết thúc")


class Vote(models.Model):
    """A vote on an agenda item. Each seat (invitation) takes part once (`VoteParticipation`).

    Open vote: one `Ballot` per seat, with the voter. Secret vote: no ballot row is written at
    all, only the chosen option's sealed count + 1, written by one UPDATE that rewrites every
    option's row with fresh ciphertext (+0 on the others), so neither the values nor the
    transaction shared with the participation row tell which option moved (services.ballot_cast).
    A ballot row — even with a random UUID key and no timestamp — would sit in insertion order on
    disk (SQLite's rowid, PostgreSQL's heap order) beside the participation's increasing id, and
    could be re-linked to its voter.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(max_length=500, verbose_name=_("Nội dung biểu quyết"))
    is_secret = models.BooleanField(default=False, verbose_name=_("Biểu quyết kín"))
    options = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=VoteState.choices, default=VoteState.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Attendance when the vote opened without a quorum (the chair went on): "2/5", for the minutes.
    opened_without_quorum = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.question


class VoteParticipation(models.Model):
    """That a seat voted — never what it chose (for a secret vote)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "invitation"], name="vote_once_per_seat")]

    def __str__(self) -> str:
        return f"{self.vote_id}"


class Ballot(models.Model):
    """An open vote's ballot: who chose what (shown to the meeting)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "invitation"], name="ballot_once_per_seat")]

    def __str__(self) -> str:
        return self.choice


class VoteTally(models.Model):
    """One option's count. While a secret vote is open `count` stays 0 and the count lives in
    `sealed` (AES-GCM under a key outside the database, meetings/seal.py), re-encrypted with a fresh
    nonce on every option at every ballot; the close writes the plaintext totals and clears it."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)
    sealed = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "choice"], name="tally_once_per_choice")]

    def __str__(self) -> str:
        return f"{self.choice}: {self.count}"
