"""Every page of the handbook's people: who may open it, what they see, what it costs."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.members import services
from chidao.members.models import MemberProfile, MemberQuestion

from .conftest import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- party_member sees the handbook only ----------------------------------------------------------


def test_party_member_home_is_the_personal_page(member_a: Any) -> None:
    client = login(member_a.user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("members:my_page")
    page = client.get(reverse("members:my_page"))
    assert page.status_code == 200
    assert "Trang của tôi" in page.content.decode()
    assert "Tổng quan" not in page.content.decode()  # the dashboard's menu is not offered


@pytest.mark.parametrize("url_name, args", [
    ("task_list", []), ("directive_list", []), ("workspace", []), ("review_queue", []), ("round_list", []),
    ("audit_log", []), ("warning_list", []), ("recommendation_list", []), ("indicator_dashboard", []),
    ("resource_dashboard", []), ("unit_report_list", []), ("extension_queue", []),
    ("ranking", []), ("supervision_dashboard", []), ("direction_list", []), ("exchange_home", []),
])
def test_party_member_refused_outside_the_handbook(member_a: Any, url_name: str, args: list[Any]) -> None:
    response = login(member_a.user).get(reverse(url_name, args=args))
    assert response.status_code == 403
    assert "không dành cho tài khoản đảng viên" in response.content.decode()


def test_party_member_refused_task_detail_and_api(member_a: Any, make_task: Any) -> None:
    task = make_task()
    client = login(member_a.user)
    assert client.get(reverse("task_detail", args=[task.pk])).status_code == 403
    assert client.get(reverse("meeting_create")).status_code == 403  # the meeting room's own check
    assert client.get("/api/v1/tasks").status_code in {401, 403, 404}


def test_party_member_opens_the_handbook(member_a: Any) -> None:
    client = login(member_a.user)
    for name in ("members:my_page", "members:my_profile", "members:question_list", "members:question_create",
                 "meeting_list", "notification_list"):
        assert client.get(reverse(name)).status_code == 200, name


# --- profiles -------------------------------------------------------------------------------------


def test_own_profile_shows_everything_and_requests_a_correction(member_a: Any, secretary_a: Any) -> None:
    client = login(member_a.user)
    page = client.get(reverse("members:my_profile")).content.decode()
    assert "000123456789" in page and "0905111222" in page
    response = client.post(reverse("members:my_profile"), {"field": "citizen_id", "new_value": "12AB"})
    assert "chỉ gồm chữ số" in response.content.decode()
    assert not member_a.corrections.exists()
    response = client.post(reverse("members:my_profile"), {"field": "position", "new_value": "Phó phòng",
                                                           "note": "Bổ nhiệm 01/2026"})
    assert response.status_code == 302
    correction = member_a.corrections.get()
    listing = login(secretary_a).get(reverse("members:correction_list")).content.decode()
    assert "Phó phòng" in listing
    response = login(secretary_a).post(reverse("members:correction_decide", args=[correction.pk]),
                                       {"decision": "approve", "reason": "Theo quyết định bổ nhiệm"})
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.position == "Phó phòng"


def test_correction_decide_cross_cell_is_404(member_a: Any, secretary_b: Any, member_b: Any) -> None:
    correction = services.correction_request(actor=member_a.user, profile=member_a, field="position",
                                             new_value="Trưởng phòng")
    for outsider in (secretary_b, member_b.user):
        response = login(outsider).post(reverse("members:correction_decide", args=[correction.pk]),
                                        {"decision": "approve", "reason": "x"})
        assert response.status_code == 404
        assert "Trưởng phòng" not in login(outsider).get(reverse("members:correction_list")).content.decode()
    member_a.refresh_from_db()
    assert member_a.position == "Chuyên viên"


def test_profile_page_masks_and_audits(member_a: Any, secretary_a: Any, secretariat: Any, member_a2: Any,
                                       secretary_b: Any, head_a: Any) -> None:
    url = reverse("members:profile_detail", args=[member_a.pk])
    page = login(secretary_a).get(url).content.decode()
    assert "000123456789" in page
    page = login(secretariat).get(url).content.decode()
    assert "000123456789" not in page and "•••••••••789" in page and "0905111222" not in page
    assert AuditEvent.objects.filter(action="member.profile_view", actor_id=secretariat.pk).count() == 1
    for outsider in (member_a2.user, secretary_b, head_a):
        assert login(outsider).get(url).status_code in {403, 404}


def test_cell_page_for_its_secretary_and_members(member_a: Any, member_b: Any, secretary_a: Any,
                                                 secretary_b: Any, secretariat: Any) -> None:
    url = reverse("members:cell_detail", args=[member_a.cell_id])
    page = login(secretary_a).get(url).content.decode()
    assert "000123456789" in page and "Lê Đảng Viên A" in page
    assert login(secretary_b).get(url).status_code == 404
    assert login(member_b.user).get(url).status_code == 404
    # Issue 13: a plain member opens their own cell; others' fields stay masked (test_gaps.py).
    assert login(member_a.user).get(url).status_code == 200
    office = login(secretariat).get(url).content.decode()
    assert "Lê Đảng Viên A" in office and "000123456789" not in office
    listing = login(secretary_b).get(reverse("members:cell_list")).content.decode()
    assert "Chi bộ Phường Hải Châu" in listing and "Chi bộ Sở Khoa học" not in listing


def test_member_register_for_office_only(member_a: Any, secretariat: Any, head_a: Any, secretary_a: Any) -> None:
    assert "Lê Đảng Viên A" in login(secretariat).get(reverse("members:member_list") + "?q=Viên A").content.decode()
    for user in (head_a, secretary_a):
        assert login(user).get(reverse("members:member_list")).status_code == 403


# --- cell meetings --------------------------------------------------------------------------------


def test_cell_meeting_form(secretary_a: Any, member_a: Any, member_a2: Any, secretary_b: Any) -> None:
    url = reverse("members:cell_meeting_create", args=[member_a.cell_id])
    assert login(secretary_b).get(url).status_code == 404
    client = login(secretary_a)
    data = {"title": "Sinh hoạt chi bộ tháng 3", "monthly": "1", "day": "20/03/2030", "start": "14:00",
            "end": "13:00", "place": "Phòng họp", "secretary": member_a2.user_id}
    response = client.post(url, data)
    assert "Thời gian kết thúc phải sau" in response.content.decode()
    data["end"] = "16:00"
    response = client.post(url, data)
    assert response.status_code == 302
    page = login(member_a.user).get(reverse("members:my_page")).content.decode()
    assert "Sinh hoạt chi bộ tháng 3" in page


# --- questions ------------------------------------------------------------------------------------


def test_question_pages_cross_access(member_a: Any, member_a2: Any, secretary_a: Any, secretary_b: Any) -> None:
    client = login(member_a.user)
    response = client.post(reverse("members:question_create"), {"kind": "question", "to_cell": "1",
                                                                 "subject": "Hỏi về sinh hoạt", "body": "Nội dung"})
    assert response.status_code == 302
    question = MemberQuestion.objects.get()
    url = reverse("members:question_detail", args=[question.pk])
    for outsider in (member_a2.user, secretary_b):
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).post(url, {"answer": "x"}).status_code == 404
    assert client.post(url, {"answer": "tự trả lời"}).status_code == 403
    response = login(secretary_a).post(url, {"answer": "Thứ Sáu tuần này."})
    assert response.status_code == 302
    assert "Thứ Sáu tuần này." in client.get(url).content.decode()


def test_question_form_bad_input(member_a: Any) -> None:
    response = login(member_a.user).post(reverse("members:question_create"), {"kind": "x", "to_cell": "9"})
    assert response.status_code == 200 and not MemberQuestion.objects.exists()


# --- offline sync ---------------------------------------------------------------------------------


def test_offline_sync_stores_once(member_a: Any) -> None:
    client = login(member_a.user)
    body = {"key": "2f1c3a8e-1111-4222-8333-944455556666", "kind": "question",
            "payload": {"subject": "Viết khi mất mạng", "body": "Gửi một lần", "to_cell": "0"}}
    first = client.post(reverse("members:offline_sync"), json.dumps(body), content_type="application/json")
    second = client.post(reverse("members:offline_sync"), json.dumps(body), content_type="application/json")
    assert first.status_code == 201 and first.json()["duplicate"] is False
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert "đã được nhận" in second.json()["message"]
    assert MemberQuestion.objects.filter(subject="Viết khi mất mạng").count() == 1


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]", b'{"key": "k", "kind": "question"}',
                                 b'{"key": "k", "kind": "virus", "payload": {}}',
                                 b'{"key": "", "kind": "question", "payload": {}}',
                                 b'{"key": "k k", "kind": "question", "payload": {"subject": "a", "body": "b"}}',
                                 b'{"key": "k", "kind": "question", "payload": {"subject": "", "body": ""}}',
                                 b'{"key": "k", "kind": "report_draft", "payload": {"task": "x"}}',
                                 b'\xff\xfe'])
def test_offline_sync_bad_input_is_a_clear_400(member_a: Any, raw: bytes) -> None:
    response = login(member_a.user).post(reverse("members:offline_sync"), raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not MemberQuestion.objects.exists()


def test_offline_report_draft_needs_the_lead_unit(officer_a: Any, officer_b: Any, make_task: Any) -> None:
    task = make_task()
    body = {"key": "r-1", "kind": "report_draft", "payload": {"task": str(task.pk), "progress": "40",
                                                              "results": "Đã khảo sát"}}
    response = login(officer_b).post(reverse("members:offline_sync"), json.dumps(body),
                                     content_type="application/json")
    assert response.status_code in {400, 403}
    body["key"] = "r-2"
    client = login(officer_a)
    assert client.post(reverse("members:offline_sync"), json.dumps(body),
                       content_type="application/json").status_code == 201
    assert client.post(reverse("members:offline_sync"), json.dumps(body),
                       content_type="application/json").json()["duplicate"] is True
    assert task.reports.count() == 1


# --- the PWA --------------------------------------------------------------------------------------


def test_service_worker_served_from_root(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "CHIDAO_SHELL" in response.content.decode()


def test_manifest(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == reverse("members:my_page") and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}


# --- the personal page ----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_personal_page_queries_do_not_grow(secretariat: Any, member_a: Any, secretary_a: Any, cell_a: Any) -> None:
    client = login(member_a.user)
    url = reverse("members:my_page")
    _queries(client, url)
    few = _queries(client, url)
    for n in range(8):
        services.question_ask(actor=member_a.user, subject=f"Hỏi {n}", body="…", to_cell=True)
        start = dt.datetime(2030, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=n)
        services.cell_meeting_create(actor=secretary_a, cell=cell_a, title=f"Sinh hoạt {n}", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=1), place="P1",
                                     secretary=make_member(actor=secretariat, cell=cell_a, username=f"u{n}",
                                                           full_name=f"Người {n}", card=f"9{n:07d}",
                                                           citizen_id=f"{n:012d}").user)
    many = _queries(client, url)
    assert many == few, (few, many)
    assert many <= 20


def test_personal_page_of_a_unit_user(officer_a: Any, make_task: Any) -> None:
    make_task()
    page = login(officer_a).get(reverse("members:my_page")).content.decode()
    assert 'data-testid="my-tasks"' in page and 'data-testid="my-reports"' in page


# --- import ---------------------------------------------------------------------------------------


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ đảng viên",
                  "Số CCCD", "Điện thoại", "Chức vụ", "Đơn vị", "Chi bộ"])
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _upload(client: Client, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("members:member_import"), {"file": SimpleUploadedFile("dang-vien.xlsx", data)})


def test_import_is_all_or_nothing(secretariat: Any, cell_a: Any) -> None:
    client = login(secretariat)
    bad = _xlsx([
        ["Nguyễn Văn Một", "01/02/1980", "Nam", "03/02/2005", "03/02/2006", "70000001", "048080001111", "", "",
         "", cell_a.name],
        ["Trần Thị Hai", "12/13/1981", "Nữ", "03/02/2005", "", "70000002", "04808000", "", "", "", "Chi bộ ma"],
        ["Lê Văn Ba", "01/02/1982", "Nam", "03/02/2005", "", "70000001", "048080003333", "", "", "", ""],
    ])
    page = _upload(client, bad).content.decode()
    assert "Dòng 3, cột B (Ngày sinh)" in page and "12 chữ số" in page and "Chi bộ ma" in page
    assert "trùng với dòng 2" in page and "Xác nhận nhập" not in page
    assert not MemberProfile.objects.exists()
    good = _xlsx([
        ["Nguyễn Văn Một", "01/02/1980", "Nam", "03/02/2005", "03/02/2006", "70000001", 48080001111, "0905000111",
         "Chuyên viên", "", cell_a.name],
        ["Trần Thị Hai", dt.datetime(1981, 12, 1), "Nữ", "03/02/2005", "", "70000002", "048080002222", "", "", "",
         ""],
    ])
    page = _upload(client, good).content.decode()
    assert "Xác nhận nhập 2 đảng viên" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("members:member_import_confirm"), {"token": token})
    assert response.status_code == 302
    assert MemberProfile.objects.count() == 2
    one = MemberProfile.objects.get(card_number="70000001")
    assert one.citizen_id == "048080001111" and one.cell == cell_a  # Excel's lost leading zero restored


def test_import_refuses_other_files_and_people(secretariat: Any, head_a: Any) -> None:
    page = _upload(login(secretariat), b"%PDF-1.4 not a sheet").content.decode()
    assert "không phải bảng tính" in page
    assert login(head_a).get(reverse("members:member_import")).status_code == 403


def test_offline_sync_refuses_nul(member_a: Any) -> None:
    body = {"key": "nul-1", "kind": "question", "payload": {"subject": "a\x00b", "body": "x"}}
    response = login(member_a.user).post(reverse("members:offline_sync"), json.dumps(body),
                                         content_type="application/json")
    assert response.status_code == 400 and not MemberQuestion.objects.exists()


def test_office_creates_a_cell_and_names_its_secretary(secretariat: Any, unit_a: Any, member_a: Any,
                                                       secretary_b: Any, head_a: Any) -> None:
    from chidao.members.models import Cell

    client = login(secretariat)
    before = Cell.objects.count()
    response = client.post(reverse("members:cell_list"), {"name": "   ", "unit": unit_a.pk})
    assert response.status_code == 200 and Cell.objects.count() == before
    response = client.post(reverse("members:cell_list"), {"name": "Chi bộ Phòng Tin học", "unit": unit_a.pk})
    assert response.status_code == 302
    cell = Cell.objects.get(name="Chi bộ Phòng Tin học")
    url = reverse("members:cell_secretary_set", args=[member_a.cell_id])
    assert login(head_a).post(url, {"secretary": member_a.user_id}).status_code == 403
    assert login(secretary_b).post(reverse("members:cell_list"), {"name": "X", "unit": unit_a.pk}).status_code == 403
    client.post(url, {"secretary": secretary_b.pk})  # not a member of that cell: refused
    assert Cell.objects.get(pk=member_a.cell_id).secretary_id != secretary_b.pk
    client.post(url, {"secretary": member_a.user_id})
    assert Cell.objects.get(pk=member_a.cell_id).secretary_id == member_a.user_id
    assert cell.unit == unit_a


def test_dashboard_offers_the_personal_page_on_a_phone(officer_a: Any) -> None:
    page = login(officer_a).get("/").content.decode()
    assert 'data-testid="phone-my-page"' in page and 'class="btn btn-danger w-100 mb-3 d-sm-none"' in page


def test_second_cell_refused_in_the_page(secretariat: Any, member_a: Any, cell_b: Any, secretary_a: Any) -> None:
    url = reverse("members:member_cell_set", args=[member_a.pk])
    assert login(secretary_a).post(url, {"cell": cell_b.pk}).status_code == 403
    client = login(secretariat)
    response = client.post(url, {"cell": cell_b.pk}, follow=True)
    assert "chỉ sinh hoạt ở một chi bộ" in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.cell_id != cell_b.pk
    client.post(url, {"cell": ""})
    client.post(url, {"cell": cell_b.pk})
    member_a.refresh_from_db()
    assert member_a.cell_id == cell_b.pk


@pytest.mark.parametrize("page", ["members:member_list", "members:cell_detail", "members:correction_list",
                                  "members:question_list", "members:cell_list"])
def test_list_pages_queries_do_not_grow(page: str, secretariat: Any, cell_a: Any, secretary_a: Any) -> None:
    from chidao.members.models import Cell

    client = login(secretariat)
    url = reverse(page, args=[cell_a.pk]) if page == "members:cell_detail" else reverse(page)

    def grow(start: int) -> None:
        for n in range(start, start + 6):
            profile = make_member(actor=secretariat, cell=cell_a, username=f"g{n}", full_name=f"Người {n}",
                                  card=f"8{n:07d}", citizen_id=f"1{n:011d}")
            services.correction_request(actor=profile.user, profile=profile, field="position", new_value="Tổ trưởng")
            services.question_ask(actor=profile.user, subject=f"Hỏi {n}", body="…")
            services.cell_create(actor=secretariat, name=f"Chi bộ thêm {n}", unit=cell_a.unit)

    grow(0)
    _queries(client, url)
    few = _queries(client, url)
    grow(10)
    _queries(client, url)  # the header's counts are cached per data version: refilled once after a change
    many = _queries(client, url)
    assert many == few, (page, few, many)
    assert Cell.objects.count() > 10


def test_party_member_keeps_their_own_account_pages() -> None:
    """Signing in with a second factor, changing a password, the start guide: never refused by the
    party-member guard, whichever of these pages this build has."""
    from django.urls import get_resolver

    from chidao.members.middleware import ALLOWED_NAMES, OWN_ACCOUNT_PREFIXES

    names = {n for n in get_resolver().reverse_dict if isinstance(n, str)}
    own = {n for n in names if n.startswith(OWN_ACCOUNT_PREFIXES) or n in {"account_security", "logout", "login"}}
    assert {"logout", "login"} <= own
    for name in own:
        assert name in ALLOWED_NAMES or name.startswith(OWN_ACCOUNT_PREFIXES), name
    assert "second_factor_verify" in ALLOWED_NAMES and "password_change" in ALLOWED_NAMES
