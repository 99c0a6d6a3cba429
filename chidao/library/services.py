"""Every write to the library: validation → permission → transaction (index kept in step) → audit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.files import StoredFile, file_store, files_dir
from chidao.orgs.models import OrgUnit, Role, User

from . import rules
from .extract import extract_text
from .models import (
    Bookmark,
    DocumentKind,
    DocumentLink,
    DocumentNote,
    LibraryDocument,
    LibraryDocumentText,
    LinkKind,
    Validity,
)

MANAGERS = {Role.ADMIN, Role.SECRETARIAT}
LIBRARY_EXTS = {"pdf", "docx", "txt"}
FTS_TABLE = "library_document_fts"
MAX_NOTE_CHARS = 5000


def can_manage(user: User | None) -> bool:
    """The standing office (and the administrator) keeps the library."""
    return user is not None and user.is_active and user.role in MANAGERS


def _require_manager(actor: User | None) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được cập nhật thư viện văn bản."))


def _store_txt(upload: UploadedFile) -> StoredFile:
    """A .txt is accepted only when its bytes are UTF-8 text (not a renamed binary)."""
    name = Path(upload.name or "").name
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if filetype.guess(data[:8192]) is not None or b"\x00" in data:
        raise ValidationError(_("Nội dung tệp “%(name)s” không đúng với phần mở rộng .txt (tệp có thể bị đổi tên "
                                "hoặc hỏng).") % {"name": name})
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Tệp “%(name)s” không phải văn bản UTF-8.") % {"name": name}) from exc
    sha = hashlib.sha256(data).hexdigest()
    stored_name = f"{sha[:2]}/{sha}.txt"
    target = files_dir() / stored_name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".txt.part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return StoredFile(original_name=name[:255], stored_name=stored_name, content_type="text/plain; charset=utf-8",
                      size=len(data), sha256=sha)


def _store(upload: UploadedFile) -> tuple[StoredFile, str, bytes]:
    name = Path(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in LIBRARY_EXTS:
        raise ValidationError(_("Thư viện nhận tệp PDF, Word (.docx) hoặc văn bản (.txt); tệp “%(name)s” không "
                                "thuộc các loại này.") % {"name": name})
    if upload.size is not None and upload.size > settings.CHIDAO_MAX_UPLOAD_BYTES:
        raise ValidationError(_("Tệp “%(name)s” vượt quá dung lượng cho phép (%(limit)s MB).")
                              % {"name": name, "limit": settings.CHIDAO_MAX_UPLOAD_BYTES // (1024 * 1024)})
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    stored = _store_txt(upload) if ext == "txt" else file_store(upload)
    upload.seek(0)
    return stored, ext, upload.read()


def _index(document: LibraryDocument, search_text: str) -> None:
    """Keep SQLite's FTS5 row in step (PostgreSQL's generated tsvector follows the column itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.pk])
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (%s, %s)", [document.pk, search_text])


def _clean_meta(*, code: str, title: str, kind: str, issuer: str, issued_on: dt.date | None,
                validity: str, replaced_by: LibraryDocument | None, roles: Iterable[str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Cần nhập trích yếu văn bản.")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Loại văn bản không hợp lệ.")
    if not issuer.strip():
        errors["issuer"] = _("Cần nhập cơ quan ban hành.")
    if issued_on is None:
        errors["issued_on"] = _("Cần nhập ngày ban hành.")
    if validity not in Validity.values:
        errors["validity"] = _("Hiệu lực không hợp lệ.")
    elif validity == Validity.REPLACED and replaced_by is None:
        errors["replaced_by"] = _("Văn bản “được thay thế” phải chỉ rõ văn bản thay thế.")
    elif validity != Validity.REPLACED and replaced_by is not None:
        errors["replaced_by"] = _("Chỉ văn bản “được thay thế” mới có văn bản thay thế.")
    bad_roles = [r for r in roles if r not in {*Role.values, "party_member"}]
    if bad_roles:
        errors["restricted_roles"] = _("Vai trò không hợp lệ: %(r)s.") % {"r": ", ".join(bad_roles)}
    if len(code) > 80:
        errors["code"] = _("Số, ký hiệu quá dài (tối đa 80 ký tự).")
    return errors


def document_upload(
    *,
    actor: User | None,
    upload: UploadedFile,
    title: str,
    kind: str,
    issuer: str,
    issued_on: dt.date | None,
    code: str = "",
    field: str = "",
    summary: str = "",
    validity: str = Validity.IN_FORCE,
    replaced_by: LibraryDocument | None = None,
    directive: object | None = None,
    restricted_units: Iterable[OrgUnit] = (),
    restricted_roles: Iterable[str] = (),
    restricted_cells: Iterable[Any] = (),
    system: bool = False,
) -> LibraryDocument:
    """Add a document: the file is checked by content and stored outside the web root, its text
    extracted and indexed. A file without text is kept and marked not findable by content.
    `system=True` is for the demo loader (no person acting)."""
    if not system:
        _require_manager(actor)
    units, roles, cells = list(restricted_units), list(restricted_roles), list(restricted_cells)
    errors = _clean_meta(code=code, title=title, kind=kind, issuer=issuer, issued_on=issued_on, validity=validity,
                         replaced_by=replaced_by, roles=roles)
    if errors:
        raise ValidationError(errors)
    stored, ext, data = _store(upload)
    text = extract_text(data, ext)
    document = LibraryDocument(
        code=code.strip(), title=title.strip(), kind=kind, issuer=issuer.strip(), issued_on=issued_on,
        field=field.strip()[:120], summary=summary.strip(), validity=validity, replaced_by=replaced_by,
        directive=directive, restricted_roles=rules.roles_field(roles),
        is_restricted=bool(units or roles or cells), has_unit_restriction=bool(units),
        has_cell_restriction=bool(cells),
        original_name=stored.original_name, stored_name=stored.stored_name, content_type=stored.content_type,
        file_ext=ext, size=stored.size, sha256=stored.sha256, has_text=bool(text.strip()), uploaded_by=actor,
    )
    search_text = rules.search_words(document.code, document.title, document.issuer, document.field,
                                     document.summary, text)
    with transaction.atomic():
        document.save()
        LibraryDocumentText.objects.create(document=document, text=text, search_text=search_text)
        if units:
            document.restricted_units.set(units)
        if cells:
            document.restricted_cells.set(cells)
        _index(document, search_text)
        audit_record(actor=actor, action="library.document_upload", target=document,
                     summary=_("Thêm văn bản vào thư viện: %(t)s") % {"t": str(document)[:200]},
                     after={"code": document.code, "kind": kind, "sha256": stored.sha256, "has_text": document.has_text,
                            "restricted_units": [u.code for u in units], "restricted_roles": roles,
                            "restricted_cells": [c.pk for c in cells]})
    return document


def document_validity_set(*, actor: User | None, document: LibraryDocument, validity: str,
                          replaced_by: LibraryDocument | None = None) -> LibraryDocument:
    _require_manager(actor)
    if replaced_by is not None and replaced_by.pk == document.pk:
        raise ValidationError({"replaced_by": _("Văn bản không thể được thay thế bởi chính nó.")})
    errors = _clean_meta(code=document.code, title=document.title, kind=document.kind, issuer=document.issuer,
                         issued_on=document.issued_on, validity=validity, replaced_by=replaced_by, roles=[])
    if errors:
        raise ValidationError(errors)
    before = {"validity": document.validity, "replaced_by": document.replaced_by_id}
    with transaction.atomic():
        document.validity, document.replaced_by = validity, replaced_by
        document.save(update_fields=["validity", "replaced_by"])
        if replaced_by is not None:
            DocumentLink.objects.get_or_create(source=replaced_by, target=document, kind=LinkKind.REPLACES)
        audit_record(actor=actor, action="library.document_validity", target=document, before=before,
                     after={"validity": validity, "replaced_by": replaced_by.pk if replaced_by else None},
                     summary=_("Cập nhật hiệu lực văn bản %(t)s") % {"t": str(document)[:200]})
    return document


STALE = _("Nội dung đã được người khác sửa; hãy tải lại trang")


def document_edit(
    *,
    actor: User | None,
    document: LibraryDocument,
    version: int,
    code: str,
    title: str,
    kind: str,
    issuer: str,
    issued_on: dt.date | None,
    field: str = "",
    restricted_units: Iterable[OrgUnit] = (),
    restricted_roles: Iterable[str] = (),
    restricted_cells: Iterable[Any] = (),
) -> LibraryDocument:
    """Correct a document's metadata and restriction after upload. `version` is the one the editor
    saw: an edit made on an older version is refused, so nobody overwrites another's change unseen."""
    _require_manager(actor)
    units, roles, cells = list(restricted_units), list(restricted_roles), list(restricted_cells)
    errors = _clean_meta(code=code, title=title, kind=kind, issuer=issuer, issued_on=issued_on,
                         validity=document.validity, replaced_by=document.replaced_by, roles=roles)
    if errors:
        raise ValidationError(errors)
    fields = {"code": code.strip(), "title": title.strip(), "kind": kind, "issuer": issuer.strip(),
              "issued_on": issued_on, "field": field.strip()[:120], "restricted_roles": rules.roles_field(roles),
              "is_restricted": bool(units or roles or cells), "has_unit_restriction": bool(units),
              "has_cell_restriction": bool(cells)}
    before = {k: getattr(document, k) for k in ("code", "title", "kind", "issuer", "issued_on", "field",
                                                 "restricted_roles")}
    before["restricted_units"] = sorted(document.restricted_units.values_list("code", flat=True))
    before["restricted_cells"] = sorted(document.restricted_cells.values_list("pk", flat=True))
    with transaction.atomic():
        # The version check and the write are one UPDATE: two editors cannot both pass it.
        changed = LibraryDocument.objects.filter(pk=document.pk, version=version).update(
            version=version + 1, **fields)
        if not changed:
            raise ValidationError(STALE)
        for key, value in fields.items():
            setattr(document, key, value)
        document.version = version + 1
        document.restricted_units.set(units)
        document.restricted_cells.set(cells)
        body = LibraryDocumentText.objects.select_for_update().get(document=document)
        body.search_text = rules.search_words(document.code, document.title, document.issuer, document.field,
                                              document.summary, body.text)
        body.save(update_fields=["search_text"])
        _index(document, body.search_text)
        audit_record(actor=actor, action="library.document_edit", target=document, before=before,
                     after={**{k: fields[k] for k in before if k in fields},
                            "restricted_units": sorted(u.code for u in units),
                            "restricted_cells": sorted(c.pk for c in cells)},
                     summary=_("Sửa thông tin văn bản %(t)s") % {"t": str(document)[:200]})
    return document


def document_withdraw(*, actor: User | None, document: LibraryDocument, reason: str) -> LibraryDocument:
    """Hide a document from everyone but the standing office; it is never deleted."""
    _require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do thu hồi văn bản.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Lý do dài quá 2000 ký tự.")})
    from django.utils import timezone

    with transaction.atomic():
        changed = LibraryDocument.objects.filter(pk=document.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_reason=reason, version=models.F("version") + 1)
        if not changed:
            raise ValidationError(_("Văn bản này đã được thu hồi trước đó."))
        document.refresh_from_db()
        audit_record(actor=actor, action="library.document_withdraw", target=document, after={"reason": reason},
                     summary=_("Thu hồi văn bản %(t)s") % {"t": str(document)[:200]})
    return document


def document_link_add(*, actor: User | None, source: LibraryDocument, target: LibraryDocument, kind: str,
                      system: bool = False) -> DocumentLink:
    """`source` <kind> `target`: "71/NQ-CP implements 57-NQ/TW"."""
    if not system:
        _require_manager(actor)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Quan hệ giữa hai văn bản không hợp lệ.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("Không thể liên kết văn bản với chính nó.")})
    if DocumentLink.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": _("Liên kết này đã có.")})
    with transaction.atomic():
        link = DocumentLink.objects.create(source=source, target=target, kind=kind)
        audit_record(actor=actor, action="library.link_add", target=source,
                     after={"target": target.pk, "kind": kind},
                     summary=_("Liên kết văn bản %(s)s – %(t)s") % {"s": str(source)[:90], "t": str(target)[:90]})
    return link


def bookmark_toggle(*, user: User, document: LibraryDocument) -> bool:
    """Save or unsave a document for this person; True when it is now saved. The caller has
    already fetched `document` through the selector that checks the person may see it. Not audited,
    like notes: a person's reading list is theirs alone, and the log is read by others."""
    with transaction.atomic():
        deleted, _kinds = Bookmark.objects.filter(user=user, document=document).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Bookmark.objects.create(user=user, document=document)
        except IntegrityError:  # a double click raced us: it is saved either way
            pass
    return True


def note_save(*, user: User, document: LibraryDocument, body: str, note: DocumentNote | None = None) -> DocumentNote:
    """A private note: no audit event (its content must not leak into a log others read)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Ghi chú trống.")})
    if len(body) > MAX_NOTE_CHARS:
        raise ValidationError({"body": _("Ghi chú dài quá %(n)s ký tự.") % {"n": MAX_NOTE_CHARS}})
    if note is not None:
        if note.user_id != user.pk or note.document_id != document.pk:
            raise PermissionDenied(_("Đây không phải ghi chú của bạn."))
        note.body = body
        note.save(update_fields=["body", "updated_at"])
        return note
    return DocumentNote.objects.create(user=user, document=document, body=body)


def note_delete(*, user: User, note: DocumentNote) -> None:
    if note.user_id != user.pk:
        raise PermissionDenied(_("Đây không phải ghi chú của bạn."))
    note.delete()
