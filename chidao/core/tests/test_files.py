"""Uploaded evidence: size limit, type by content (not by name), content-addressed storage."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.core.files import file_path, file_store, file_validate

Upload = Callable[..., SimpleUploadedFile]


def test_pdf_and_docx_are_recognised_by_content(make_pdf: Upload, make_docx: Upload) -> None:
    assert file_validate(make_pdf()) == "pdf"
    assert file_validate(make_docx()) == "docx"
    assert file_validate(make_pdf(name="BÁO CÁO.PDF")) == "pdf"


@pytest.mark.parametrize("windows", [False, True], ids=["elf", "mz"])
def test_executable_renamed_pdf_is_refused(make_exe_pdf: Upload, windows: bool) -> None:
    with pytest.raises(ValidationError) as exc:
        file_validate(make_exe_pdf(windows=windows))
    assert exc.value.messages == [
        "Nội dung tệp “minh-chung.pdf” không đúng với phần mở rộng .pdf (tệp có thể bị đổi tên hoặc hỏng)."
    ]


def test_a_document_renamed_to_another_type_is_refused(make_pdf: Upload, make_docx: Upload) -> None:
    with pytest.raises(ValidationError):
        file_validate(make_docx(name="ke-hoach.pdf"))
    with pytest.raises(ValidationError):
        file_validate(make_pdf(name="bao-cao.docx"))


@pytest.mark.parametrize("name", ["setup.exe", "bao-cao", "script.sh", "trang.html"])
def test_types_outside_the_list_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        file_validate(SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"))
    assert "không thuộc loại được chấp nhận" in exc.value.messages[0]


def test_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        file_validate(SimpleUploadedFile("rong.pdf", b""))
    assert "rỗng" in exc.value.messages[0]


def test_size_limit(make_pdf: Upload, settings: Any) -> None:
    upload = make_pdf()
    settings.CHIDAO_MAX_UPLOAD_BYTES = upload.size
    assert file_validate(upload) == "pdf"  # exactly at the limit is fine
    settings.CHIDAO_MAX_UPLOAD_BYTES = upload.size - 1
    with pytest.raises(ValidationError) as exc:
        file_validate(make_pdf())
    assert "vượt quá dung lượng" in exc.value.messages[0]


def test_store_keeps_the_bytes_under_their_sha256(make_pdf: Upload, files_dir: Path) -> None:
    upload = make_pdf(name="Báo cáo quý III.pdf")
    content = upload.read()
    upload.seek(0)
    stored = file_store(upload)
    digest = hashlib.sha256(content).hexdigest()
    assert stored.sha256 == digest
    assert stored.stored_name == f"{digest[:2]}/{digest}.pdf"
    assert stored.original_name == "Báo cáo quý III.pdf"
    assert stored.size == len(content)
    assert stored.content_type == "application/pdf"
    assert (files_dir / stored.stored_name).read_bytes() == content


def test_identical_files_are_stored_once(make_pdf: Upload, files_dir: Path) -> None:
    first = file_store(make_pdf(name="a.pdf"))
    second = file_store(make_pdf(name="b.pdf"))
    other = file_store(make_pdf(name="c.pdf", text="nội dung khác"))
    assert first.stored_name == second.stored_name != other.stored_name
    assert len([p for p in files_dir.rglob("*") if p.is_file()]) == 2


def test_store_refuses_what_validate_refuses(make_exe_pdf: Upload, files_dir: Path) -> None:
    with pytest.raises(ValidationError):
        file_store(make_exe_pdf())
    assert not any(p.is_file() for p in files_dir.rglob("*"))


def test_file_path_stays_inside_the_files_directory(make_pdf: Upload, files_dir: Path) -> None:
    stored = file_store(make_pdf())
    assert file_path(stored.stored_name) == (files_dir / stored.stored_name).resolve()
    for escape in ("../../etc/passwd", "/etc/passwd", "ab/../../secret"):
        with pytest.raises(ValidationError):
            file_path(escape)
