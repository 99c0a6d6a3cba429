"""The personal page with the library and the study app: own bookmarks and notes only, study
assignments listed, queries flat as the data grows; a question about a library document."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.members.models import MemberQuestion

from .test_views import login

pytestmark = pytest.mark.django_db


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _document(secretariat: Any, n: int, **kw: Any) -> Any:
    from chidao.library.services import document_upload

    return document_upload(actor=secretariat, upload=SimpleUploadedFile(f"vb-{n}.docx", _docx(f"Nội dung {n}")),
                           title=f"Văn bản số {n} về chuyển đổi số", kind="resolution", issuer="Bộ Chính trị",
                           issued_on=dt.date(2024, 12, 22), code=f"{n}-NQ/TW", **kw)


def test_personal_page_shows_only_own_bookmarks_and_notes(secretariat: Any, member_a: Any, member_a2: Any) -> None:
    from chidao.library.services import bookmark_toggle, note_save

    doc = _document(secretariat, 57)
    bookmark_toggle(user=member_a.user, document=doc)
    note_save(user=member_a.user, document=doc, body="Ghi chú riêng của đảng viên A")
    note_save(user=member_a2.user, document=doc, body="Ghi chú riêng của đảng viên A2")
    page = login(member_a.user).get(reverse("members:my_page")).content.decode()
    assert "Ghi chú riêng của đảng viên A" in page
    assert "đảng viên A2" not in page  # another member's note never shows
    other = login(member_a2.user).get(reverse("members:my_page")).content.decode()
    assert "Ghi chú riêng của đảng viên A2" in other and "57-NQ/TW" in other
    assert 'data-testid="my-bookmarks"' in other and "Chưa lưu văn bản nào." in other


def test_personal_page_queries_flat_with_library_and_study(secretariat: Any, member_a: Any, cell_a: Any) -> None:
    from chidao.library.services import bookmark_toggle, note_save
    from chidao.study.services import assignment_create

    client = login(member_a.user)
    url = reverse("members:my_page")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    doc = _document(secretariat, 1)
    bookmark_toggle(user=member_a.user, document=doc)
    note_save(user=member_a.user, document=doc, body="ghi chú 1")
    assignment_create(actor=secretariat, title="Học tập Nghị quyết 1", documents=[doc], cells=[cell_a],
                      due_on=dt.date.today() + dt.timedelta(days=30), today=dt.date.today())
    count()
    few = count()
    for n in range(2, 9):
        d = _document(secretariat, n)
        bookmark_toggle(user=member_a.user, document=d)
        note_save(user=member_a.user, document=d, body=f"ghi chú {n}")
        assignment_create(actor=secretariat, title=f"Học tập Nghị quyết {n}", documents=[d], cells=[cell_a],
                          due_on=dt.date.today() + dt.timedelta(days=30 + n), today=dt.date.today())
    many = count()
    assert many == few, (few, many)
    page = client.get(url).content.decode()
    assert "Học tập Nghị quyết 1" in page and 'data-testid="my-study"' in page


def test_question_about_a_library_document(secretariat: Any, member_a: Any, unit_b: Any) -> None:
    doc = _document(secretariat, 57)
    hidden = _document(secretariat, 99, restricted_units=[unit_b])
    client = login(member_a.user)
    form = client.get(reverse("members:question_create") + f"?van_ban={doc.pk}").content.decode()
    assert "57-NQ/TW" in form
    form = client.get(reverse("members:question_create") + f"?van_ban={hidden.pk}").content.decode()
    assert "99-NQ/TW" not in form  # a restricted document is not even named
    client.post(reverse("members:question_create"), {"kind": "question", "to_cell": "0", "subject": "Hỏi",
                                                     "body": "Điều 3 hiểu thế nào?", "document": hidden.pk})
    client.post(reverse("members:question_create"), {"kind": "question", "to_cell": "0", "subject": "Hỏi 2",
                                                     "body": "Điều 3 hiểu thế nào?", "document": doc.pk})
    assert MemberQuestion.objects.get(subject="Hỏi").document is None
    assert MemberQuestion.objects.get(subject="Hỏi 2").document == doc
