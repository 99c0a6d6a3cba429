"""Pages and endpoints: invitees only, per meeting; confidential documents; the watermark."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chidao.meetings import services
from chidao.meetings.models import DocumentDownload, Invitation, MeetingDocument

pytestmark = pytest.mark.django_db
PASSWORD = "MatKhau!2025"


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def real_pdf(text: str = "Tài liệu họp") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chidao.meetings.demo import _pdf

    return SimpleUploadedFile("tai-lieu.pdf", _pdf(text, ["Nội dung"]), content_type="application/pdf")


@pytest.fixture
def documents(items: list[Any], secretariat: Any) -> tuple[MeetingDocument, MeetingDocument]:
    public = services.document_upload(actor=secretariat, item=items[0], title="Báo cáo", upload=real_pdf("Báo cáo"))
    secret = services.document_upload(actor=secretariat, item=items[1], title="Phương án mật",
                                      upload=real_pdf("Phương án"))
    return public, secret


def test_outsider_sees_nothing_of_the_meeting(meeting: Any, items: list[Any], documents: Any, head_b: Any) -> None:
    client = client_for(head_b)
    for name, args in [("meeting_detail", [meeting.pk]), ("meeting_live", [meeting.pk]),
                       ("meeting_state", [meeting.pk]), ("meeting_live_panel", [meeting.pk]),
                       ("meeting_minutes_docx", [meeting.pk]), ("meeting_document_download", [documents[0].pk]),
                       ("meeting_document_download", [documents[1].pk])]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert meeting.title not in client.get(reverse("meeting_list")).content.decode()
    # Nor can it act: check in, give an opinion, move the agenda.
    assert client.post(reverse("meeting_checkin", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("opinion_add", args=[meeting.pk, items[0].pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("meeting_item_set", args=[meeting.pk]), {"item": items[0].pk}).status_code == 404
    assert DocumentDownload.objects.count() == 0
    assert not Invitation.objects.filter(invitee=head_b).exists()


def test_confidential_documents_are_never_listed_to_the_rest_of_the_office(
    meeting: Any, documents: Any, admin: Any, head_a: Any,
) -> None:
    office = client_for(admin)  # the office sees the meeting, not its confidential papers
    page = office.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Báo cáo" in page and "Phương án mật" not in page
    assert office.get(reverse("meeting_document_download", args=[documents[1].pk])).status_code == 404
    invitee = client_for(head_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Phương án mật" in invitee


def test_confidential_pdf_downloaded_carries_the_viewers_name_and_is_logged(
    meeting: Any, documents: Any, head_a: Any,
) -> None:
    from pypdf import PdfReader

    response = client_for(head_a).get(reverse("meeting_document_download", args=[documents[1].pk]))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert head_a.full_name in text
    log = DocumentDownload.objects.get()
    assert (log.user, log.document, log.watermarked) == (head_a, documents[1], True)
    plain = client_for(head_a).get(reverse("meeting_document_download", args=[documents[0].pk]))
    assert head_a.full_name not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(plain.content)).pages)


def test_delegate_has_the_invitees_rights_for_this_meeting_only(
    meeting: Any, seat: Any, head_a: Any, officer_a: Any, documents: Any, secretariat: Any, leader: Any,
) -> None:
    import datetime as dt

    from django.utils import timezone

    services.invitation_respond(actor=head_a, invitation=seat, response="delegate", delegate=officer_a)
    other = services.meeting_create(actor=secretariat, title="Họp khác", kind="thematic", starts_at=timezone.now(),
                                    ends_at=timezone.now() + dt.timedelta(hours=1), place="P", chair=leader,
                                    secretary=secretariat)
    services.meeting_invite(actor=secretariat, meeting=other, people=[head_a])
    client = client_for(officer_a)
    assert client.get(reverse("meeting_document_download", args=[documents[1].pk])).status_code == 200
    assert client.get(reverse("meeting_detail", args=[other.pk])).status_code == 404


def test_state_endpoint_follows_the_chair(meeting: Any, items: list[Any], leader: Any, head_a: Any) -> None:
    participant = client_for(head_a)
    from chidao.meetings import services

    services.meeting_start(actor=leader, meeting=meeting, confirm_early=True)
    before = participant.get(reverse("meeting_state", args=[meeting.pk])).json()
    response = client_for(leader).post(reverse("meeting_item_set", args=[meeting.pk]), {"item": items[1].pk},
                                       HTTP_X_LIVE="1")
    assert response.status_code == 204
    after = participant.get(reverse("meeting_state", args=[meeting.pk])).json()
    assert after["item"] == items[1].pk and after["version"] > before["version"]
    panel = participant.get(reverse("meeting_live_panel", args=[meeting.pk])).content.decode()
    assert "Phương án an ninh mạng" in panel


def test_participant_cannot_move_the_agenda(meeting: Any, items: list[Any], head_a: Any) -> None:
    response = client_for(head_a).post(reverse("meeting_item_set", args=[meeting.pk]), {"item": items[1].pk})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.current_item_id is None


def test_minutes_and_notice_are_docx(meeting: Any, items: list[Any], secretariat: Any) -> None:
    from docx import Document

    client = client_for(secretariat)
    services.conclusions_save(actor=secretariat, meeting=meeting, text="Giao Sở KH&CN chủ trì hoàn thành Quý I/2026.")
    minutes = client.get(reverse("meeting_minutes_docx", args=[meeting.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(minutes.content)).paragraphs)
    assert "BIÊN BẢN" in text and "Giao Sở KH&CN chủ trì" in text
    notice = client.get(reverse("meeting_notice_docx", args=[meeting.pk]))
    assert "THÔNG BÁO" in "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)


def test_archive_search_without_accents(meeting: Any, secretariat: Any, django_assert_max_num_queries: Any) -> None:
    client = client_for(secretariat)
    assert meeting.title in client.get(reverse("meeting_list"), {"q": "phien hop ban chi dao quy iv"}).content.decode()
    assert meeting.title not in client.get(reverse("meeting_list"), {"q": "dat dai"}).content.decode()
    with django_assert_max_num_queries(8):
        client.get(reverse("meeting_list"))


def test_conclusion_confirm_page_flags_unknown_unit(meeting: Any, secretariat: Any, unit_a: Any) -> None:
    services.conclusions_save(actor=secretariat, meeting=meeting,
                              text="1. Giao Sở KHCN chủ trì xây dựng Đề án, hoàn thành Quý I/2026.\n"
                                   "2. Giao Sở Thông tin và Truyền thông chủ trì rà soát, hoàn thành năm 2026.")
    page = client_for(secretariat).get(reverse("conclusions_confirm", args=[meeting.pk])).content.decode()
    assert page.count('data-testid="proposal"') == 2
    assert "Không nhận ra đơn vị chủ trì “Sở Thông tin và Truyền thông”" in page


def test_a_conclusion_uploaded_as_a_word_file_or_a_scanned_pdf(meeting: Any, secretariat: Any, head_a: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chidao.parsing.tests.test_documents import SENTENCE, pdf_document, word_document

    url = reverse("conclusions_save", args=[meeting.pk])
    assert client_for(head_a).post(url, {"document": SimpleUploadedFile("kl.docx", word_document())}).status_code \
        in (302, 403)
    meeting.refresh_from_db()
    assert meeting.conclusions_text == ""  # a participant cannot write the conclusions
    c = client_for(secretariat)
    scanned = c.post(url, {"document": SimpleUploadedFile("scan.pdf", pdf_document(None))}, follow=True)
    assert "Tệp không có lớp chữ" in scanned.content.decode()
    meeting.refresh_from_db()
    assert meeting.conclusions_text == ""
    c.post(url, {"document": SimpleUploadedFile("kl.docx", word_document()), "propose": "1"})
    meeting.refresh_from_db()
    assert SENTENCE in meeting.conclusions_text
    page = c.get(reverse("conclusions_confirm", args=[meeting.pk])).content.decode()
    assert page.count('data-testid="proposal"') == 1
