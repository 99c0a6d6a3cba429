"""Uploaded files: size limit, type checked by content, content-addressed storage outside the web root."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Extension → the content types the file's bytes may show. Office's own formats are zip or OLE
# containers, and filetype recognises the Office ones by their inner parts.
ALLOWED: dict[str, set[str]] = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "doc": {"doc"},
    "xls": {"xls", "doc"},
    "odt": {"odt"},
    "ods": {"ods"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "zip": {"zip"},
}
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "zip": "application/zip",
}


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def files_dir() -> Path:
    path = Path(settings.CHIDAO_FILES_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, round(size / 1024))} KB"


# The part every genuine Office Open XML file of a kind contains. filetype only looks at the
# first entries of the zip, and some writers (LibreOffice among them) order entries differently,
# so a zip is opened and checked for the part itself.
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


def _ooxml_kind(upload: UploadedFile) -> str | None:
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    for kind, part in OOXML_PARTS.items():
        if part in names:
            return kind
    return "zip"


def file_validate(upload: UploadedFile) -> str:
    """Return the extension of an acceptable upload, or raise with a Vietnamese message."""
    name = Path(upload.name or "").name
    limit = settings.CHIDAO_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(limit)s).")
            % {"name": name, "limit": _human_size(limit)}
        )
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            _("Tệp “%(name)s” không thuộc loại được chấp nhận (PDF, Word, Excel, PowerPoint, "
              "ảnh JPG/PNG, ZIP).") % {"name": name}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    detected = kind.extension if kind else None
    if detected in {"zip", "docx", "xlsx", "pptx"}:
        detected = _ooxml_kind(upload)
    if detected in OOXML_PARTS:
        # A zip bomb is refused from the zip directory, before anything ever inflates it.
        from chidao.core.office import OfficeFileError, docx_check

        try:
            docx_check(upload)
        except OfficeFileError as exc:
            raise ValidationError(_("Tệp “%(name)s”: %(why)s") % {"name": name, "why": exc.message}) from exc
        finally:
            upload.seek(0)
    if detected not in ALLOWED[ext]:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng với phần mở rộng .%(ext)s (tệp có thể bị đổi tên "
              "hoặc hỏng).") % {"name": name, "ext": ext}
        )
    return ext


def file_store(upload: UploadedFile) -> StoredFile:
    """Validate, then write the bytes under their SHA-256 (identical files are stored once)."""
    ext = file_validate(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    stored_name = f"{sha[:2]}/{sha}.{ext}"
    target = files_dir() / stored_name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        with tmp.open("wb") as fh:
            upload.seek(0)
            for chunk in upload.chunks():
                fh.write(chunk)
        tmp.replace(target)
    return StoredFile(
        original_name=Path(upload.name or "tep").name[:255],
        stored_name=stored_name,
        content_type=MIME[ext],
        size=upload.size or 0,
        sha256=sha,
    )


def file_path(stored_name: str) -> Path:
    path = (files_dir() / stored_name).resolve()
    if files_dir().resolve() not in path.parents:
        raise ValidationError(_("Đường dẫn tệp không hợp lệ."))
    return path
