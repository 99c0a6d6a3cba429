"""In Chromium: upload a Word conclusion on the directive's page → proposals (an unknown lead in red)
→ choose "tạo đơn vị mới" → confirm → the tasks are on the directive's page. At 390 px wide."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, expect, sync_playwright

from chidao.directives.models import Task
from chidao.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "MatKhau!2025"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def test_upload_propose_confirm(live_server: Any, browser: Browser, secretariat: Any, directive: Any,
                                unit_a: Any, tmp_path: Path) -> None:
    import docx

    due = dt.date.today() + dt.timedelta(days=200)
    document = docx.Document()
    document.add_paragraph("Đồng chí Trưởng Ban kết luận, phân công như sau:")
    document.add_paragraph(f"a) Sở Khoa học và Công nghệ chủ trì xây dựng Đề án sàn giao dịch công nghệ, hoàn thành "
                           f"trước ngày {due:%d/%m/%Y}.")
    document.add_paragraph(f"b) Đề nghị Bộ Công Thương hướng dẫn cơ chế thí điểm, hoàn thành trước ngày "
                           f"{due:%d/%m/%Y}.")
    path = tmp_path / "ket-luan.docx"
    document.save(path)

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(secretariat.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/van-ban/{directive.pk}/")
    page.get_by_test_id("tasks-from-document").click()
    page.get_by_label("Hoặc tải lên tệp").set_input_files(str(path))
    page.get_by_role("button", name="Đọc văn bản và đề xuất nhiệm vụ").click()

    proposals = page.get_by_test_id("proposal")
    expect(proposals).to_have_count(2)
    expect(proposals.nth(1).get_by_test_id("problem").first).to_contain_text("Bộ Công Thương")
    assert "rgb(220, 53, 69)" in proposals.nth(1).get_by_test_id("problem").first.evaluate(
        "e => getComputedStyle(e).color")  # red
    proposals.nth(1).get_by_label("Tạo đơn vị mới").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling at 390 px
    page.get_by_role("button", name="Xác nhận và giao nhiệm vụ").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã thêm và giao 2 nhiệm vụ")
    assert Task.objects.filter(directive=directive, lead_unit=unit_a, state="assigned").count() == 1
    assert Task.objects.filter(directive=directive, lead_unit__name="Bộ Công Thương").count() == 1
    assert OrgUnit.objects.filter(name="Bộ Công Thương").exists()
