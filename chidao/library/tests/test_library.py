"""The library: upload checked by content, text extracted, accent-insensitive full-text search,
restricted documents invisible to others, private notes, bookmarks, the directive's link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from chidao.library import selectors, services
from chidao.library.models import Bookmark, DocumentNote, LibraryDocument
from chidao.library.selectors import LibraryFilters, document_search
from conftest import elf_bytes, pdf_bytes

from .conftest import text_pdf

pytestmark = pytest.mark.django_db


def _search(user: Any, q: str = "", **kw: Any) -> list[str]:
    return [d.code for d in document_search(user=user, filters=LibraryFilters(q=q, **kw))]


def test_docx_text_is_found_without_accents(upload_doc: Any, member: Any) -> None:
    upload_doc("Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo", code="57-NQ/TW",
               text="Nghị quyết 57 xác định chuyển đổi số là đột phá quan trọng hàng đầu.\nĐà Nẵng triển khai.")
    upload_doc("Về hội nhập quốc tế", code="59-NQ/TW", text="Hội nhập quốc tế trong tình hình mới.")
    assert _search(member, "nghi quyet 57") == ["57-NQ/TW"]
    assert _search(member, "Đà Nẵng") == ["57-NQ/TW"]
    assert _search(member, "da nang") == ["57-NQ/TW"]
    assert _search(member, "dot pha") == ["57-NQ/TW"]
    assert _search(member, "hoi nhap") == ["59-NQ/TW"]
    assert _search(member, "chuyen doi so hoi nhap") == []  # every word must be there
    assert _search(member, "chuyen d") == ["57-NQ/TW"]  # the last word may be a prefix
    assert sorted(_search(member, "")) == ["57-NQ/TW", "59-NQ/TW"]


def test_pdf_text_is_extracted_and_searchable(secretariat: Any, member: Any) -> None:
    upload = SimpleUploadedFile("nq71.pdf", text_pdf(["Nghi quyet 71/NQ-CP", "Chuong trinh hanh dong cua Chinh phu"]))
    doc = services.document_upload(actor=secretariat, upload=upload, title="Chương trình hành động", kind="resolution",
                                   issuer="Chính phủ", issued_on=dt.date(2025, 4, 1), code="71/NQ-CP")
    assert doc.has_text and "hanh dong" in doc.body.search_text
    assert _search(member, "chuong trinh hanh dong chinh phu") == ["71/NQ-CP"]
    assert doc.sha256 and doc.file_ext == "pdf"


def test_pdf_without_text_is_kept_and_marked(secretariat: Any, member: Any, client: Any) -> None:
    upload = SimpleUploadedFile("scan.pdf", pdf_bytes("ảnh quét"))
    doc = services.document_upload(actor=secretariat, upload=upload, title="Bản quét kết luận", kind="conclusion",
                                   issuer="Thành ủy", issued_on=dt.date(2025, 1, 1), code="12-KL/TU")
    assert not doc.has_text
    assert _search(member, "ban quet") == ["12-KL/TU"]  # still found by its title
    assert _search(member, "anh quet") == []
    client.force_login(member)
    page = client.get(reverse("library_document", args=[doc.pk])).content.decode()
    assert "Không tìm được theo nội dung" in page


def test_txt_upload(upload_doc: Any, member: Any) -> None:
    doc = upload_doc("Ghi nhớ", name="ghi-nho.txt", data="Học tập chuyên đề năm 2025".encode())
    assert doc.has_text and doc.file_ext == "txt"
    assert _search(member, "chuyen de") == [doc.code]


@pytest.mark.parametrize("name,data", [
    ("nghi-quyet.pdf", elf_bytes()),
    ("nghi-quyet.docx", b"%PDF-1.4 not a docx"),
    ("ghi-chu.txt", elf_bytes()),
    ("ghi-chu.txt", "Tiếng Việt".encode("utf-16")),
    ("bang.xlsx", b"PK\x03\x04"),
    ("rong.pdf", b""),
])
def test_bad_files_are_refused_and_nothing_saved(upload_doc: Any, name: str, data: bytes) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_doc("Văn bản giả", name=name, data=data)
    assert exc.value.messages and all(m for m in exc.value.messages)
    assert LibraryDocument.objects.count() == 0


def test_oversize_refused(upload_doc: Any, settings: Any) -> None:
    settings.CHIDAO_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="dung lượng"):
        upload_doc("Lớn", name="lon.txt", data=b"a" * 200)
    assert LibraryDocument.objects.count() == 0


def test_only_the_standing_office_uploads(upload_doc: Any, officer_a: Any, member: Any, client: Any) -> None:
    with pytest.raises(PermissionDenied):
        upload_doc("Văn bản", actor=officer_a)
    client.force_login(member)
    assert client.get(reverse("library_upload")).status_code == 403
    assert LibraryDocument.objects.count() == 0


def test_upload_through_the_page(secretariat: Any, client: Any) -> None:
    from .conftest import real_docx

    client.force_login(secretariat)
    response = client.post(reverse("library_upload"), {
        "file": SimpleUploadedFile("kh.docx", real_docx("Kế hoạch chuyển đổi số")), "code": "01/KH-UBND",
        "title": "Kế hoạch chuyển đổi số năm 2026", "kind": "plan", "issuer": "UBND thành phố Đà Nẵng",
        "issued_on": "15/01/2026", "validity": "in_force"})
    doc = LibraryDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("library_document", args=[doc.pk])
    assert doc.issued_on == dt.date(2026, 1, 15)
    bad = client.post(reverse("library_upload"), {
        "file": SimpleUploadedFile("x.pdf", elf_bytes()), "title": "X", "kind": "plan", "issuer": "Y",
        "issued_on": "31/02/2026", "validity": "in_force"})
    assert bad.status_code == 200 and "dd/mm/yyyy" in bad.content.decode()
    assert LibraryDocument.objects.count() == 1


def test_filters(upload_doc: Any, member: Any) -> None:
    upload_doc("A", code="A1", kind="plan", issuer="UBND thành phố", issued_on=dt.date(2025, 3, 1),
               field="Chuyển đổi số")
    upload_doc("B", code="B1", kind="resolution", issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22))
    upload_doc("C", code="C1", kind="resolution", issuer="Bộ Chính trị", issued_on=dt.date(2020, 1, 1))
    assert _search(member, kind="plan") == ["A1"]
    assert _search(member, issuer="Bộ Chính trị") == ["B1", "C1"]
    assert _search(member, year=2024) == ["B1"]
    assert _search(member, field="Chuyển đổi số") == ["A1"]


def test_validity_replaced_needs_the_replacing_document(upload_doc: Any, secretariat: Any, member: Any) -> None:
    new = upload_doc("Mới", code="NEW-1")
    old = upload_doc("Cũ", code="OLD-1", issued_on=dt.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        services.document_validity_set(actor=secretariat, document=old, validity="replaced")
    services.document_validity_set(actor=secretariat, document=old, validity="replaced", replaced_by=new)
    assert _search(member, validity="replaced") == ["OLD-1"]
    assert _search(member, validity="in_force") == ["NEW-1"]
    links = selectors.document_links(user=member, document=old)
    assert [(label, d.code) for label, d in links] == [("Được thay thế bởi", "NEW-1")]
    with pytest.raises(PermissionDenied):
        services.document_validity_set(actor=member, document=new, validity="expired")


def test_links_between_documents(upload_doc: Any, secretariat: Any, member: Any, client: Any) -> None:
    nq57 = upload_doc("NQ 57", code="57-NQ/TW")
    nq71 = upload_doc("NQ 71", code="71/NQ-CP")
    client.force_login(secretariat)
    client.post(reverse("library_link_add", args=[nq71.pk]), {"kind": "implements", "target": "57-nq/tw"})
    client.post(reverse("library_link_add", args=[nq71.pk]), {"kind": "implements", "target": "khong-co"})
    client.force_login(member)
    page = client.get(reverse("library_document", args=[nq57.pk])).content.decode()
    assert "Được triển khai bởi" in page and "71/NQ-CP" in page
    with pytest.raises(ValidationError):
        services.document_link_add(actor=secretariat, source=nq57, target=nq57, kind="related")


# --- restricted documents --------------------------------------------------------------------


def test_restricted_to_a_unit_is_invisible_to_others(upload_doc: Any, unit_a: Any, officer_a: Any, head_a: Any,
                                                    officer_b: Any, secretariat: Any, client: Any) -> None:
    doc = upload_doc("Tài liệu mật của Sở", code="01-TL/SKHCN", text="kế hoạch riêng", restricted_units=[unit_a])
    upload_doc("Công khai", code="02-TL", text="kế hoạch chung")
    assert set(_search(officer_a, "ke hoach")) == {"02-TL", "01-TL/SKHCN"}
    assert _search(officer_b, "ke hoach") == ["02-TL"]
    assert _search(officer_b, "rieng") == []
    assert "01-TL/SKHCN" in _search(secretariat)
    client.force_login(officer_b)
    for name in ("library_document", "library_file", "library_text"):
        assert client.get(reverse(name, args=[doc.pk])).status_code == 404
    assert client.post(reverse("library_bookmark", args=[doc.pk])).status_code == 404
    assert client.post(reverse("library_note_add", args=[doc.pk]), {"body": "x"}).status_code == 404
    assert "01-TL/SKHCN" not in client.get(reverse("library_home")).content.decode()
    assert "01-TL/SKHCN" not in client.get(reverse("library_new")).content.decode()
    client.force_login(head_a)
    assert client.get(reverse("library_document", args=[doc.pk])).status_code == 200


def test_restricted_to_roles(upload_doc: Any, member: Any, leader: Any, officer_a: Any) -> None:
    upload_doc("Chỉ lãnh đạo", code="LD-1", restricted_roles=["leader"])
    assert _search(leader) == ["LD-1"]
    assert _search(member) == [] and _search(officer_a) == []
    with pytest.raises(ValidationError):
        upload_doc("Sai vai trò", code="X", restricted_roles=["khong-co"])


def test_bookmark_removed_when_a_document_becomes_invisible_is_not_listed(upload_doc: Any, officer_b: Any,
                                                                         unit_a: Any) -> None:
    doc = upload_doc("Riêng", code="R1", restricted_units=[unit_a])
    Bookmark.objects.create(user=officer_b, document=doc)  # as if saved before the restriction
    assert list(selectors.bookmarks_for_person(user=officer_b)) == []
    assert selectors.saved_documents_for_person(user=officer_b) == []


# --- bookmarks and private notes -------------------------------------------------------------


def test_bookmarks_and_saved_json(upload_doc: Any, member: Any, client: Any) -> None:
    doc = upload_doc("Lưu", code="L1")
    client.force_login(member)
    client.post(reverse("library_bookmark", args=[doc.pk]))
    data = client.get(reverse("library_saved_json")).json()["documents"]
    assert [d["code"] for d in data] == ["L1"]
    assert data[0]["download_url"] == reverse("library_file", args=[doc.pk])
    assert client.get(data[0]["download_url"]).status_code == 200
    assert client.get(data[0]["text_url"]).content.decode() == "Nội dung văn bản"
    client.post(reverse("library_bookmark", args=[doc.pk]))
    assert client.get(reverse("library_saved_json")).json()["documents"] == []


def test_a_member_never_sees_another_members_notes(upload_doc: Any, member: Any, officer_a: Any, client: Any) -> None:
    doc = upload_doc("Ghi chú", code="G1")
    client.force_login(member)
    client.post(reverse("library_note_add", args=[doc.pk]), {"body": "Ý riêng của thành viên"})
    note = DocumentNote.objects.get()
    assert "Ý riêng của thành viên" in client.get(reverse("library_document", args=[doc.pk])).content.decode()
    client.force_login(officer_a)
    assert "Ý riêng của thành viên" not in client.get(reverse("library_document", args=[doc.pk])).content.decode()
    assert "Ý riêng của thành viên" not in client.get(reverse("library_saved")).content.decode()
    assert client.post(reverse("library_note_delete", args=[note.pk])).status_code == 404
    assert list(selectors.notes_for_person(user=officer_a)) == []
    with pytest.raises(PermissionDenied):
        services.note_save(user=officer_a, document=doc, body="sửa", note=note)
    assert DocumentNote.objects.get().body == "Ý riêng của thành viên"
    client.force_login(member)
    assert client.post(reverse("library_note_delete", args=[note.pk])).status_code == 302
    assert not DocumentNote.objects.exists()


def test_empty_note_refused(upload_doc: Any, member: Any) -> None:
    doc = upload_doc("Ghi chú", code="G2")
    with pytest.raises(ValidationError):
        services.note_save(user=member, document=doc, body="   ")
    assert not DocumentNote.objects.exists()


# --- pages -------------------------------------------------------------------------------------


def test_directive_page_links_its_library_document(upload_doc: Any, directive: Any, member: Any, client: Any) -> None:
    doc = upload_doc("NQ 57", code="57-NQ/TW", directive=directive)
    client.force_login(member)
    page = client.get(reverse("directive_detail", args=[directive.pk])).content.decode()
    assert reverse("library_document", args=[doc.pk]) in page
    page = client.get(reverse("library_document", args=[doc.pk])).content.decode()
    assert reverse("directive_detail", args=[directive.pk]) in page


def test_pdf_page_uses_the_vendored_viewer(secretariat: Any, member: Any, client: Any) -> None:
    doc = services.document_upload(actor=secretariat, upload=SimpleUploadedFile("a.pdf", text_pdf(["Hello"])),
                                   title="PDF", kind="other", issuer="X", issued_on=dt.date(2025, 1, 1))
    client.force_login(member)
    page = client.get(reverse("library_document", args=[doc.pk])).content.decode()
    assert "vendor/pdfjs/pdf.min.mjs" in page and "src=\"http" not in page and "href=\"http" not in page
    response = client.get(reverse("library_file", args=[doc.pk]))
    assert response["Content-Type"] == "application/pdf" and "inline" in response["Content-Disposition"]


@pytest.mark.parametrize("q", ['"', "*", "AND (", "nghi OR", "'; drop table", "a" * 300, "NEAR(x y)", "-", "đ",
                               "\x00", "57:*", "&|!"])
def test_odd_queries_never_fail(upload_doc: Any, member: Any, client: Any, q: str) -> None:
    upload_doc("Văn bản", code="Q1")
    client.force_login(member)
    assert client.get(reverse("library_home"), {"q": q}).status_code == 200


def test_search_page_query_count_does_not_grow(upload_doc: Any, member: Any, client: Any,
                                               django_assert_max_num_queries: Any) -> None:
    for n in range(3):
        upload_doc(f"Văn bản {n}", code=f"N{n}")
    client.force_login(member)
    client.get(reverse("library_home"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("library_home"), {"q": "van ban"})
    searched = len(few.captured_queries)  # read now: the next request resets Django's query log
    for n in range(3, 15):
        upload_doc(f"Văn bản {n}", code=f"N{n}")
    # The uploads changed the data: the header's cached figures are recomputed once, as before the
    # first measure; what is compared is the search itself.
    client.get(reverse("library_home"))
    with django_assert_max_num_queries(searched):
        response = client.get(reverse("library_home"), {"q": "van ban"})
    assert response.content.decode().count('data-testid="library-item"') == 15


def test_search_uses_the_full_text_index(upload_doc: Any, member: Any) -> None:
    upload_doc("Văn bản", code="I1", text="chuyển đổi số")
    sql = str(document_search(user=member, filters=LibraryFilters(q="chuyen doi")).query)
    if connection.vendor == "sqlite":
        assert "MATCH" in sql
    elif connection.vendor == "postgresql":
        assert "to_tsquery" in sql
    assert '"search_text" LIKE' not in sql and "search_text LIKE" not in sql
