"""Issue 13's new pages at 390 px wide, in Chromium: nothing wider than the phone."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser

from .conftest import PASSWORD
from .test_browser import browser, phone  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _widths(page: Any, base: str, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        assert page.url.endswith(path), (path, page.url)  # not bounced to the sign-in page
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)


def test_new_pages_fit_a_390px_phone(live_server: Any, browser: Browser, secretariat: Any,  # noqa: F811
                                     member_a: Any, secretary_a: Any, cell_a: Any) -> None:
    from chidao.library.services import document_upload
    from chidao.study.services import assignment_create

    doc = document_upload(actor=secretariat, upload=SimpleUploadedFile("a.txt", "Nghị quyết 57".encode()),
                          title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                          kind="resolution", issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22), code="57-NQ/TW")
    study = assignment_create(actor=secretary_a, title="Học tập Nghị quyết 57", documents=[doc], cells=[cell_a],
                              due_on=timezone.localdate() + dt.timedelta(days=10), today=timezone.localdate())
    context, page = phone(browser, live_server.url, member_a.user)
    _widths(page, live_server.url, [f"/chi-bo/{cell_a.pk}/", f"/thu-vien/{doc.pk}/"])
    context.close()
    context, page = phone(browser, live_server.url, secretary_a)
    _widths(page, live_server.url, [f"/hoc-tap/{study.pk}/"])
    context.close()
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(secretariat.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    _widths(page, live_server.url, ["/dang-vien/them/", f"/thu-vien/{doc.pk}/sua/", f"/thu-vien/{doc.pk}/"])
    context.close()
