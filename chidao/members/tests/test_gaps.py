"""Issue 13's remaining gaps on the members' side: asking about a library document, creating a
member by hand, a plain member's own cell page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chidao.audit.models import AuditEvent
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


# --- one member by hand ---------------------------------------------------------------------------

GOOD = {"full_name": "Đỗ Văn Mới", "date_of_birth": "14/03/1990", "sex": "male", "admitted_on": "19/05/2015",
        "official_on": "", "card_number": "77700001", "citizen_id": "048090000123", "phone": "0905000111",
        "position": "Chuyên viên", "email": "domoi@example.vn", "send_invite": "on"}


def test_office_creates_a_member_and_the_member_sets_a_password(secretariat: Any, cell_a: Any, client: Any,
                                                                 mailoutbox: Any) -> None:
    from django.contrib.auth import authenticate

    from chidao.members.models import MemberProfile

    client.force_login(secretariat)
    assert 'data-testid="member-create-link"' in client.get(reverse("members:member_list")).content.decode()
    response = client.post(reverse("members:member_create"), {**GOOD, "cell": cell_a.pk}, follow=True)
    profile = MemberProfile.objects.get(card_number="77700001")
    assert profile.cell == cell_a and profile.user.username == "dv77700001" and profile.user.role == "party_member"
    assert not profile.user.has_usable_password()
    assert "Đã gửi thư đặt mật khẩu" in response.content.decode()
    assert AuditEvent.objects.filter(action="member.create").count() == 1
    assert AuditEvent.objects.filter(action="member.password_invite").count() == 1
    # The mail carries the accounts app's one-time link; following it sets the password.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["domoi@example.vn"]
    link = next(line for line in mailoutbox[0].body.splitlines() if "://" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client()
    page = anonymous.get("/" + path, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else "/" + path
    response = anonymous.post(set_url, {"new_password1": "Matkhau-Moi-2026!", "new_password2": "Matkhau-Moi-2026!"})
    assert response.status_code == 302
    assert authenticate(username="dv77700001", password="Matkhau-Moi-2026!") is not None
    # The office may send it again from the profile page.
    response = client.post(reverse("members:member_invite", args=[profile.pk]), follow=True)
    assert "Đã gửi thư đặt mật khẩu" in response.content.decode() and len(mailoutbox) == 2


@pytest.mark.parametrize("bad,message", [
    ({"citizen_id": "12345"}, "12 chữ số"),
    ({"citizen_id": "04809000012a"}, "12 chữ số"),
    ({"card_number": "00000011"}, "đã có trong hệ thống"),
    ({"date_of_birth": "31/02/1990"}, "dd/mm/yyyy"),
    ({"email": "khong-phai-thu"}, "không hợp lệ"),
])
def test_bad_member_refused_nothing_saved(secretariat: Any, member_a: Any, client: Any, bad: dict,
                                          message: str, mailoutbox: Any) -> None:
    from chidao.members.models import MemberProfile

    before = MemberProfile.objects.count()
    client.force_login(secretariat)
    response = client.post(reverse("members:member_create"), {**GOOD, **bad})
    assert response.status_code == 200 and message in response.content.decode()
    assert MemberProfile.objects.count() == before and not mailoutbox


def test_only_the_office_creates_or_invites(member_a: Any, secretary_a: Any, head_a: Any, client: Any) -> None:
    from chidao.members.models import MemberProfile

    before = MemberProfile.objects.count()
    for person in (member_a.user, secretary_a, head_a):
        client.force_login(person)
        assert client.get(reverse("members:member_create")).status_code == 403
        assert client.post(reverse("members:member_create"), GOOD).status_code == 403
        assert client.post(reverse("members:member_invite", args=[member_a.pk])).status_code in (403, 404)
    assert MemberProfile.objects.count() == before


# --- a plain member's own cell --------------------------------------------------------------------


def test_member_opens_own_cell_with_others_masked(secretariat: Any, secretary_a: Any, member_a: Any,
                                                  member_a2: Any, member_b: Any, cell_a: Any, cell_b: Any) -> None:
    from django.utils import timezone

    from chidao.members import services as member_services

    start = timezone.now() - dt.timedelta(days=2)
    member_services.cell_meeting_create(actor=secretary_a, cell=cell_a, title="Sinh hoạt tháng trước",
                                        starts_at=start, ends_at=start + dt.timedelta(hours=2), place="P1",
                                        secretary=member_a2.user)
    url = reverse("members:cell_detail", args=[cell_a.pk])
    assert f'href="{url}"' in login(member_a.user).get(reverse("members:my_page")).content.decode()
    page = login(member_a.user).get(url).content.decode()
    assert "Phạm Đảng Viên A2" in page and "Nguyễn Bí Thư A" in page and "Sinh hoạt tháng trước" in page
    assert "000123456789" in page  # their own citizen ID in full
    assert "000987654321" not in page and "0905333444" not in page  # another member's, masked
    assert reverse("members:profile_detail", args=[member_a2.pk]) not in page
    table = page.split('data-testid="attendance-table"')[1]
    assert "Lê Đảng Viên A" in table and "Phạm Đảng Viên A2" not in table.split("<tfoot>")[0]
    # The secretary still sees everyone's attendance.
    table = login(secretary_a).get(url).content.decode().split('data-testid="attendance-table"')[1]
    assert "Phạm Đảng Viên A2" in table
    # Another cell's page stays closed, and a plain member changes nothing here.
    assert login(member_b.user).get(url).status_code == 404
    assert login(member_a.user).get(reverse("members:cell_detail", args=[cell_b.pk])).status_code == 404
    assert login(member_a.user).get(reverse("members:cell_meeting_create", args=[cell_a.pk])).status_code == 403
    assert login(member_a.user).post(reverse("members:cell_secretary_set", args=[cell_a.pk]),
                                     {"secretary": member_a.user.pk}).status_code == 403
    cell_a.refresh_from_db()
    assert cell_a.secretary == secretary_a
