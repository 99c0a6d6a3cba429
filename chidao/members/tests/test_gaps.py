"""Issue 13's remaining gaps on the members' side: asking about a library document, creating a
member by hand, a plain member's own cell page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.library import services as library_services

from .test_views import login

pytestmark = pytest.mark.django_db


def _document(secretariat: Any) -> Any:
    upload = SimpleUploadedFile("nq57.txt", "Nghị quyết 57 về chuyển đổi số".encode())
    return library_services.document_upload(actor=secretariat, upload=upload, title="Về đột phá khoa học",
                                            kind="resolution", issuer="Bộ Chính trị",
                                            issued_on=dt.date(2024, 12, 22), code="57-NQ/TW")


def test_document_page_links_to_asking_about_it(secretariat: Any, member_a: Any, member: Any) -> None:
    document = _document(secretariat)
    url = reverse("library_document", args=[document.pk])
    ask = f'{reverse("members:question_create")}?van_ban={document.pk}'
    page = login(member_a.user).get(url).content.decode()
    assert "Hỏi về văn bản này" in page and ask in page
    # The form it opens is filled with the document.
    form = login(member_a.user).get(ask).content.decode()
    assert "57-NQ/TW" in form
    # Someone without a member profile may not ask, so sees no link.
    client = login(member)
    assert "Hỏi về văn bản này" not in client.get(url).content.decode()
    assert client.get(ask).status_code == 403
