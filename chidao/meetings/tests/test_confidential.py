"""Issue 10, finding 6: a confidential agenda item is hidden from whoever does not take part, even
the rest of the standing office and the admin; every confidential download carries the reader's
name and the time, whatever its type, or is refused."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.meetings import services

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Phương án an ninh mạng"
SECRET_OPINION = "Đề nghị bổ sung kịch bản ứng cứu sự cố cho trung tâm dữ liệu"


@pytest.fixture
def client_as() -> Any:
    from django.test import Client

    def make(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def outsider(secretariat: Any) -> Any:
    """Standing-office staff who neither created, runs nor is invited to the meeting."""
    from chidao.orgs.services import user_create

    return user_create(actor=None, username="thuongtruc_khac", password="MatKhau!2025", role="secretariat",
                       full_name="Nguyễn Văn Văn Phòng", unit=secretariat.unit)


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return " ".join(zf.read(n).decode("utf-8", "ignore") for n in zf.namelist() if n.startswith("word/"))


def _readable(client: Any, meeting: Any) -> str:
    pages = [
        client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode(),
        client.get(reverse("meeting_live_panel", args=[meeting.pk])).content.decode(),
        client.get("/nhat-ky/").content.decode(),
        _docx_text(client.get(reverse("meeting_minutes_docx", args=[meeting.pk])).content),
    ]
    return "\n".join(pages)


def test_a_confidential_item_is_hidden_from_the_office_and_the_admin(
    meeting: Any, items: list[Any], head_a: Any, leader: Any, admin: Any, outsider: Any, client_as: Any,
) -> None:
    services.checkin(actor=head_a, meeting=meeting)
    services.opinion_add(actor=head_a, item=items[1], text=SECRET_OPINION)
    services.meeting_start(actor=leader, meeting=meeting, confirm_early=True)
    services.meeting_item_set(actor=leader, meeting=meeting, item=items[1])
    services.vote_create(actor=leader, item=items[1], question="Thông qua phương án an ninh mạng")
    for person in (admin, outsider):
        text = _readable(client_as(person), meeting)
        assert SECRET_TITLE not in text and SECRET_OPINION not in text, person
        assert "an ninh mạng" not in text
        assert "Nội dung mật" in text
        found = client_as(person).get(reverse("meeting_list"), {"q": "an ninh mang"}).content.decode()
        assert meeting.title not in found
    # A participant reads it all.
    own = client_as(head_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert SECRET_TITLE in own and SECRET_OPINION in own
    minutes = _docx_text(client_as(head_a).get(reverse("meeting_minutes_docx", args=[meeting.pk])).content)
    assert SECRET_TITLE in minutes


def _real_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Phương án bảo đảm an ninh mạng cho trung tâm dữ liệu thành phố")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Hạng mục", "Kinh phí"])
    wb.active.append(["Trung tâm điều hành an ninh mạng", 12000000000])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 500), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("so-do.txt", "sơ đồ mạng")
    return out.getvalue()


def _upload(items: list[Any], secretariat: Any, name: str, content: bytes, ctype: str) -> Any:
    return services.document_upload(actor=secretariat, item=items[1], title=name,
                                    upload=SimpleUploadedFile(name, content, content_type=ctype), is_confidential=True)


def test_confidential_docx_xlsx_and_images_are_stamped_with_the_reader(
    meeting: Any, items: list[Any], secretariat: Any, head_a: Any, client_as: Any,
) -> None:
    from openpyxl import load_workbook
    from PIL import Image

    client = client_as(head_a)
    name = head_a.full_name

    docx = _upload(items, secretariat, "phuong-an.docx", _real_docx(),
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    got = client.get(reverse("meeting_document_download", args=[docx.pk])).content
    assert f"MẬT – {name}" in _docx_text(got)
    from docx import Document

    document = Document(io.BytesIO(got))
    assert name in document.sections[0].header.paragraphs[-1].text and name in document.paragraphs[0].text

    xlsx = _upload(items, secretariat, "du-toan.xlsx", _xlsx_bytes(),
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(client.get(reverse("meeting_document_download", args=[xlsx.pk])).content))
    ws = wb.active
    assert name in ws.oddHeader.center.text and name in ws.oddFooter.center.text
    assert name in ws["A1"].comment.text
    assert ws["A2"].value == "Trung tâm điều hành an ninh mạng"  # the content itself untouched

    png = _upload(items, secretariat, "so-do.png", _png_bytes(), "image/png")
    stamped = Image.open(io.BytesIO(client.get(reverse("meeting_document_download", args=[png.pk])).content))
    assert stamped.size == (800, 500)
    reds = sum(1 for px in stamped.convert("RGB").get_flattened_data() if px[0] > 120 and px[1] < 90 and px[2] < 90)
    assert reds > 200  # the name is drawn on the picture


def test_a_confidential_file_that_cannot_be_stamped_is_not_served(
    meeting: Any, items: list[Any], secretariat: Any, head_a: Any, client_as: Any,
) -> None:
    from chidao.meetings.models import DocumentDownload

    archive = _upload(items, secretariat, "so-do.zip", _zip_bytes(), "application/zip")
    response = client_as(head_a).get(reverse("meeting_document_download", args=[archive.pk]), follow=True)
    assert "không đóng dấu người xem được" in response.content.decode()
    assert response.redirect_chain and not DocumentDownload.objects.filter(document=archive).exists()
