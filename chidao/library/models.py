"""The library (thư viện văn bản): Party and State documents and the committee's own, searchable.

The extracted text and `search_text` — the accent-free words of the code, title, issuer, summary and
text (`rules.search_words`) — live in `LibraryDocumentText`, one row per document, so the document
rows that lists and permission checks walk stay narrow. `search_text` is what the full-text indexes
see: an FTS5 table kept in step by the service on SQLite, a stored tsvector with a GIN index on
PostgreSQL (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.orgs.models import OrgUnit


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    CONCLUSION = "conclusion", _("Kết luận")
    REGULATION = "regulation", _("Quy định")
    DECISION = "decision", _("Quyết định")
    PROGRAMME = "programme", _("Chương trình")
    PLAN = "plan", _("Kế hoạch")
    GUIDANCE = "guidance", _("Hướng dẫn")
    LAW = "law", _("Luật")
    STUDY = "study", _("Tài liệu học tập")
    OTHER = "other", _("Khác")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Được thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


class LibraryDocument(models.Model):
    code = models.CharField(max_length=80, blank=True, verbose_name=_("Số, ký hiệu"))
    title = models.TextField(verbose_name=_("Trích yếu"))
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, verbose_name=_("Loại văn bản"))
    issuer = models.CharField(max_length=255, verbose_name=_("Cơ quan ban hành"))
    issued_on = models.DateField(verbose_name=_("Ngày ban hành"))
    field = models.CharField(max_length=120, blank=True, verbose_name=_("Lĩnh vực"))
    summary = models.TextField(blank=True, verbose_name=_("Tóm tắt"))
    validity = models.CharField(max_length=10, choices=Validity.choices, default=Validity.IN_FORCE,
                                verbose_name=_("Hiệu lực"))
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="replaces_documents", verbose_name=_("Được thay thế bởi"))
    directive = models.ForeignKey("directives.Directive", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="library_documents", verbose_name=_("Văn bản chỉ đạo được theo dõi"))
    # Restriction: empty sets = everyone signed in; units include their sub-units (see selectors).
    restricted_units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                              verbose_name=_("Chỉ các đơn vị"))
    restricted_roles = models.CharField(max_length=200, blank=True, verbose_name=_("Chỉ các vai trò"),
                                        help_text=_("Dạng ,role1,role2, — rỗng là mọi vai trò."))
    restricted_cells = models.ManyToManyField("members.Cell", blank=True, related_name="+",
                                              verbose_name=_("Chỉ các chi bộ"))
    is_restricted = models.BooleanField(default=False, editable=False)
    has_unit_restriction = models.BooleanField(default=False, editable=False)
    has_cell_restriction = models.BooleanField(default=False, editable=False)
    # Bumped by every metadata edit: an edit made on an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Withdrawn (thu hồi): hidden from everyone but the standing office; never deleted.
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thu hồi lúc"))
    withdrawn_reason = models.TextField(blank=True, verbose_name=_("Lý do thu hồi"))
    original_name = models.CharField(max_length=255, verbose_name=_("Tên tệp"))
    stored_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    file_ext = models.CharField(max_length=5)
    size = models.PositiveBigIntegerField(verbose_name=_("Dung lượng"))
    sha256 = models.CharField(max_length=64)
    has_text = models.BooleanField(default=False, verbose_name=_("Tìm được theo nội dung"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("Văn bản thư viện")
        verbose_name_plural = _("Văn bản thư viện")
        indexes = [
            models.Index(fields=["-issued_on", "-id"], name="library_doc_issued_idx"),
            models.Index(fields=["-created_at"], name="library_doc_created_idx"),
            models.Index(fields=["kind", "-issued_on"], name="library_doc_kind_idx"),
            # The search page's issuer and field lists: DISTINCT read from these, not from the wide rows.
            models.Index(fields=["issuer"], name="library_doc_issuer_idx"),
            models.Index(fields=["field"], name="library_doc_field_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}".strip()

    @property
    def label(self) -> str:
        return f"{self.get_kind_display()} {self.code}".strip() if self.code else self.title[:120]


class LibraryDocumentText(models.Model):
    document = models.OneToOneField(LibraryDocument, primary_key=True, on_delete=models.CASCADE, related_name="body")
    text = models.TextField(blank=True)
    search_text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.document_id}"


class LinkKind(models.TextChoices):
    REPLACES = "replaces", _("Thay thế")
    IMPLEMENTS = "implements", _("Triển khai thực hiện")
    GUIDES = "guides", _("Hướng dẫn thi hành")
    AMENDS = "amends", _("Sửa đổi, bổ sung")
    RELATED = "related", _("Liên quan")


class DocumentLink(models.Model):
    source = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=12, choices=LinkKind.choices, verbose_name=_("Quan hệ"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="library_link_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="library_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_bookmarks")
    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="library_bookmark_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.document_id}"


class DocumentNote(models.Model):
    """A person's private note on a document: only its author ever reads it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_notes")
    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(verbose_name=_("Ghi chú"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "document"], name="library_note_user_doc_idx")]

    def __str__(self) -> str:
        return f"Ghi chú {self.pk}"
