"""After upload the standing office corrects a document's metadata (versioned: a stale edit is refused)
and withdraws it (hidden, never deleted, reason required); a restriction may name cells."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.library import services
from chidao.library.models import LibraryDocument
from chidao.library.selectors import LibraryFilters, document_search

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(document: Any, **over: Any) -> dict:
    data = {"version": document.version, "code": "57-NQ/TW", "title": "Về đột phá phát triển khoa học",
            "kind": "resolution", "issuer": "Bộ Chính trị", "issued_on": "22/12/2024", "field": "Khoa học"}
    data.update(over)
    return data


def test_office_edits_metadata_search_follows_and_it_is_audited(upload_doc: Any, secretariat: Any,
                                                                member: Any) -> None:
    doc = upload_doc("Tên cũ", code="57/NQ", text="Nội dung")
    client = _client(secretariat)
    assert 'data-testid="edit-document"' in client.get(reverse("library_document", args=[doc.pk])).content.decode()
    response = client.post(reverse("library_edit", args=[doc.pk]), _post(doc, title="Về chuyển đổi số quốc gia"))
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.title == "Về chuyển đổi số quốc gia" and doc.code == "57-NQ/TW" and doc.version == 2
    assert doc.issued_on == dt.date(2024, 12, 22) and doc.field == "Khoa học"
    found = [d.pk for d in document_search(user=member, filters=LibraryFilters(q="chuyen doi so quoc gia"))]
    assert found == [doc.pk]
    assert not list(document_search(user=member, filters=LibraryFilters(q="ten cu")))
    event = AuditEvent.objects.get(action="library.document_edit")
    assert "Tên cũ" in str(event.before) and "chuyển đổi số" in str(event.after)


def test_stale_edit_refused(upload_doc: Any, secretariat: Any) -> None:
    doc = upload_doc("Tên gốc", code="1/NQ")
    services.document_edit(actor=secretariat, document=doc, version=1, code="1/NQ", title="Người thứ nhất sửa",
                           kind="resolution", issuer="Bộ Chính trị", issued_on=dt.date(2024, 1, 1))
    stale = LibraryDocument.objects.get(pk=doc.pk)
    response = _client(secretariat).post(reverse("library_edit", args=[doc.pk]),
                                         _post(stale, version=1, title="Người thứ hai sửa"))
    assert response.status_code == 200
    assert "Nội dung đã được người khác sửa; hãy tải lại trang" in response.content.decode()
    stale.refresh_from_db()
    assert stale.title == "Người thứ nhất sửa" and stale.version == 2


@pytest.mark.parametrize("bad,message", [
    ({"title": ""}, "bắt buộc"),
    ({"issued_on": "32/12/2024"}, "dd/mm/yyyy"),
    ({"kind": "virus"}, "Loại văn bản"),
    ({"restricted_roles": ["vua"]}, "vua"),
    ({"version": "abc"}, ""),
])
def test_bad_edit_changes_nothing(upload_doc: Any, secretariat: Any, bad: dict, message: str) -> None:
    doc = upload_doc("Tên gốc", code="2/NQ")
    response = _client(secretariat).post(reverse("library_edit", args=[doc.pk]), _post(doc, **bad))
    assert response.status_code == 200 and message in response.content.decode()
    doc.refresh_from_db()
    assert doc.title == "Tên gốc" and doc.version == 1
    assert not AuditEvent.objects.filter(action="library.document_edit").exists()


def test_only_the_office_edits_or_withdraws(upload_doc: Any, member: Any, head_a: Any) -> None:
    doc = upload_doc("Tên gốc", code="3/NQ")
    for person in (member, head_a):
        client = _client(person)
        assert 'data-testid="edit-document"' not in client.get(reverse("library_document",
                                                                       args=[doc.pk])).content.decode()
        assert client.get(reverse("library_edit", args=[doc.pk])).status_code == 403
        assert client.post(reverse("library_edit", args=[doc.pk]), _post(doc, title="Sửa trộm")).status_code == 403
        assert client.post(reverse("library_withdraw", args=[doc.pk]), {"reason": "x"}).status_code == 403
    doc.refresh_from_db()
    assert doc.title == "Tên gốc" and doc.withdrawn_at is None


def test_withdraw_hides_but_keeps_and_needs_a_reason(upload_doc: Any, secretariat: Any, member: Any) -> None:
    doc = upload_doc("Văn bản sẽ thu hồi", code="4/NQ", text="Nội dung thu hồi")
    client = _client(secretariat)
    client.post(reverse("library_withdraw", args=[doc.pk]), {"reason": ""})
    doc.refresh_from_db()
    assert doc.withdrawn_at is None
    with pytest.raises(ValidationError, match="lý do"):
        services.document_withdraw(actor=secretariat, document=doc, reason="  ")
    response = client.post(reverse("library_withdraw", args=[doc.pk]), {"reason": "Ban hành nhầm"}, follow=True)
    assert "Đã thu hồi văn bản" in response.content.decode()
    assert 'data-testid="document-withdrawn"' in response.content.decode()
    assert LibraryDocument.objects.filter(pk=doc.pk).exists()  # never deleted
    assert AuditEvent.objects.get(action="library.document_withdraw").after["reason"] == "Ban hành nhầm"
    reader = _client(member)
    assert reader.get(reverse("library_document", args=[doc.pk])).status_code == 404
    assert reader.get(reverse("library_file", args=[doc.pk])).status_code == 404
    assert not list(document_search(user=member, filters=LibraryFilters(q="thu hoi")))
    response = client.post(reverse("library_withdraw", args=[doc.pk]), {"reason": "Lần hai"}, follow=True)
    assert "đã được thu hồi trước đó" in response.content.decode()


def test_restriction_to_named_cells(upload_doc: Any, secretariat: Any, member: Any, unit_a: Any) -> None:
    from chidao.members.services import cell_create
    from chidao.members.tests.conftest import make_member

    cell_x = cell_create(actor=secretariat, name="Chi bộ X", unit=unit_a)
    cell_y = cell_create(actor=secretariat, name="Chi bộ Y", unit=unit_a)
    inside = make_member(actor=secretariat, cell=cell_x, username="trong_x", full_name="Người chi bộ X",
                         card="55500001", citizen_id="055500000001")
    outside = make_member(actor=secretariat, cell=cell_y, username="ngoai_x", full_name="Người chi bộ Y",
                          card="55500002", citizen_id="055500000002")
    doc = upload_doc("Tài liệu riêng chi bộ X", code="5/CB")
    response = _client(secretariat).post(reverse("library_edit", args=[doc.pk]),
                                         _post(doc, code="5/CB", restricted_cells=[cell_x.pk]))
    assert response.status_code == 302
    url = reverse("library_document", args=[doc.pk])
    assert _client(inside.user).get(url).status_code == 200
    for person in (outside.user, member):
        assert _client(person).get(url).status_code == 404
        assert not list(document_search(user=person, filters=LibraryFilters(q="5 cb")))
    assert [d.pk for d in document_search(user=inside.user, filters=LibraryFilters(q="5 cb"))] == [doc.pk]


def test_upload_restricted_to_a_cell(secretariat: Any, member: Any, unit_a: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chidao.members.services import cell_create
    from chidao.members.tests.conftest import make_member

    cell = cell_create(actor=secretariat, name="Chi bộ Z", unit=unit_a)
    inside = make_member(actor=secretariat, cell=cell, username="trong_z", full_name="Người chi bộ Z",
                         card="55500003", citizen_id="055500000003")
    response = _client(secretariat).post(reverse("library_upload"), {
        "file": SimpleUploadedFile("z.txt", "Tài liệu chi bộ Z".encode()), "code": "9/CB", "title": "Tài liệu Z",
        "kind": "study", "issuer": "Chi bộ Z", "issued_on": "01/12/2026", "validity": "in_force",
        "restricted_cells": [cell.pk]})
    assert response.status_code == 302
    doc = LibraryDocument.objects.get(code="9/CB")
    assert doc.is_restricted and list(doc.restricted_cells.all()) == [cell]
    url = reverse("library_document", args=[doc.pk])
    assert _client(inside.user).get(url).status_code == 200
    assert _client(member).get(url).status_code == 404
