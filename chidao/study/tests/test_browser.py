"""Every library and study page at 390 px in Chromium, without sideways scrolling; a member studies,
answers the quiz and hands in a reflection with the phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from chidao.library.tests.test_browser import browser, no_sideways_scroll, phone  # noqa: F401 - the fixture
from chidao.study import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_fits_a_phone_and_a_member_studies(live_server: Any, browser: Browser,  # noqa: F811
                                                      secretariat: Any, cells: dict, nq57: Any) -> None:
    a = services.assignment_create(
        actor=secretariat, title="Học tập Nghị quyết 57", documents=[nq57], cells=[cells["a"]],
        due_on=timezone.localdate() + dt.timedelta(days=7), today=timezone.localdate(), notify_people=False,
        questions=[services.QuestionDraft(text="NQ 57 do ai ban hành?", choices=["Bộ Chính trị", "Quốc hội"],
                                          correct=[0])])
    page, outside = phone(browser, live_server.url, secretariat)
    for path in ["/thu-vien/", f"/thu-vien/{nq57.pk}/", "/thu-vien/them/", "/thu-vien/moi/", "/thu-vien/da-luu/",
                 "/hoc-tap/", "/hoc-tap/giao/", f"/hoc-tap/{a.pk}/", f"/hoc-tap/{a.pk}/thong-ke/",
                 f"/hoc-tap/{a.pk}/danh-sach/?measure=assigned"]:
        page.goto(f"{live_server.url}{path}")
        no_sideways_scroll(page)
    expect(page.get_by_test_id("total-assigned")).to_have_count(0)  # last page was the list of names
    page.goto(f"{live_server.url}/hoc-tap/{a.pk}/thong-ke/")
    expect(page.get_by_test_id("total-assigned")).to_have_text("3")

    # a member of the cell on the phone (member_create gives no usable password: the office sets one)
    person = cells["a_people"][1]
    person.set_password("MatKhau!2025")
    person.save(update_fields=["password"])
    page, outside = phone(browser, live_server.url, person)
    page.goto(f"{live_server.url}/hoc-tap/{a.pk}/")
    no_sideways_scroll(page)
    page.get_by_test_id("mark-studied").click()
    expect(page.get_by_test_id("my-state")).to_have_text("Đã học đúng hạn")
    page.get_by_label("Bộ Chính trị").check()
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.locator(".alert")).to_contain_text("Đạt: 100%")
    page.get_by_label("Bản thu hoạch").fill("Nhận thức rõ vai trò của chuyển đổi số")
    page.get_by_role("button", name="Nộp thu hoạch").click()
    expect(page.locator(".alert")).to_contain_text("Đã lưu bản thu hoạch")
    no_sideways_scroll(page)
    assert outside == []
