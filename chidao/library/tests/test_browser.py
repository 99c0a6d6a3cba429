"""In Chromium at 390 px: a PDF opens in the vendored pdf.js viewer (no network beyond the app),
search, bookmark and private note work without sideways scrolling or any outside request."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .conftest import text_pdf

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


def phone(browser: Browser, base_url: str, user: Any) -> tuple[Page, list[str]]:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page, outside


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_pdf_search_bookmark_and_note_on_a_phone(live_server: Any, browser: Browser, secretariat: Any, member: Any,
                                         upload_doc: Any) -> None:
    from chidao.library import services

    pdf = services.document_upload(
        actor=secretariat, upload=SimpleUploadedFile("nq57.pdf", text_pdf(["Nghi quyet 57", "Dot pha"])),
        title="Nghị quyết về đột phá phát triển khoa học, công nghệ", kind="resolution", issuer="Bộ Chính trị",
        issued_on=dt.date(2024, 12, 22), code="57-NQ/TW")
    upload_doc("Chương trình hành động của Chính phủ", code="03/NQ-CP", text="Thực hiện Nghị quyết 57")
    page, outside = phone(browser, live_server.url, member)

    page.goto(f"{live_server.url}/thu-vien/?q=nghi+quyet+57")
    expect(page.get_by_test_id("library-count")).to_contain_text("2 văn bản")
    no_sideways_scroll(page)

    page.goto(f"{live_server.url}/thu-vien/{pdf.pk}/")
    viewer = page.get_by_test_id("pdf-viewer")
    expect(viewer).to_have_attribute("data-pdf-rendered", "1")
    assert page.locator("[data-pdf-pages] canvas").count() == 1
    no_sideways_scroll(page)
    page.get_by_test_id("bookmark-button").click()
    expect(page.get_by_test_id("bookmark-button")).to_have_text("Bỏ lưu")
    page.get_by_label("Ghi chú riêng").fill("Đọc kỹ phần mục tiêu")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.get_by_test_id("my-note")).to_contain_text("Đọc kỹ phần mục tiêu")
    assert outside == []
