"""The whole meeting in Chromium with two browser contexts: the chair moves the agenda and opens a
vote, the participant's screen follows without reloading, checks in and votes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, expect, sync_playwright

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


def log_in(browser: Browser, base_url: str, user: Any) -> Page:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".navbar")).to_contain_text(user.full_name)
    return page


def test_participant_follows_the_chair(live_server: Any, browser: Browser, meeting: Any, items: list[Any],
                                       leader: Any, head_a: Any) -> None:
    chair = log_in(browser, live_server.url, leader)
    participant = log_in(browser, live_server.url, head_a)

    # The participant answers the invitation from the meeting's page.
    participant.goto(f"{live_server.url}/phien-hop/")
    participant.get_by_role("link", name=meeting.title).first.click()
    participant.get_by_label("Tham dự").check()
    participant.get_by_role("button", name="Gửi trả lời").click()
    expect(participant.get_by_test_id("count-attend")).to_have_text("1")

    participant.get_by_test_id("enter-room").click()
    chair.goto(f"{live_server.url}/phien-hop/{meeting.pk}/truc-tiep/")
    expect(participant.get_by_test_id("current-item")).to_have_text("Phiên họp chưa bắt đầu.")
    participant.evaluate("window.__notReloaded = true")

    # Check-in: the chair's screen shows the attendance without reloading.
    participant.get_by_role("button", name="Điểm danh").click()
    expect(chair.get_by_test_id("attendance")).to_have_text("1/2", timeout=5_000)

    # The chair starts the session: a day early, so the room asks first.
    chair.get_by_test_id("start-meeting").click()
    expect(chair.get_by_test_id("confirm-message")).to_contain_text("Chưa đến giờ họp")
    chair.get_by_test_id("confirm").click()
    expect(participant.get_by_test_id("current-item")).to_have_text(
        "Phiên họp đã bắt đầu; chủ trì chưa chọn nội dung.", timeout=5_000)

    # The chair moves through the agenda; the participant's screen follows.
    chair.get_by_test_id("goto-1").click()
    expect(participant.get_by_test_id("current-item")).to_have_text(items[0].title, timeout=5_000)
    chair.get_by_test_id("goto-2").click()
    expect(participant.get_by_test_id("current-item")).to_have_text(items[1].title, timeout=5_000)
    assert participant.evaluate("window.__notReloaded") is True

    # A request to speak reaches the chair's ordered list.
    participant.get_by_role("button", name="Đăng ký phát biểu").click()
    expect(chair.get_by_test_id("speakers")).to_contain_text(head_a.full_name, timeout=5_000)

    # A vote: created on the meeting page, opened from the room, cast by the participant, closed.
    chair.goto(f"{live_server.url}/phien-hop/{meeting.pk}/")
    chair.locator(f"#muc-{items[1].pk} summary", has_text="Tạo biểu quyết").click()
    chair.locator(f"#muc-{items[1].pk} input[name=question]").fill("Thông qua phương án")
    chair.locator(f"#muc-{items[1].pk}").get_by_role("button", name="Tạo biểu quyết").click()
    chair.goto(f"{live_server.url}/phien-hop/{meeting.pk}/truc-tiep/")
    chair.get_by_role("button", name="Mở biểu quyết").click()
    # 1 of 2 members checked in: not more than half, so the chair is warned and goes on.
    expect(chair.get_by_test_id("confirm-message")).to_contain_text("Chưa đủ túc số: 1/2 thành viên có mặt")
    chair.get_by_test_id("confirm").click()
    participant.get_by_role("button", name="Tán thành", exact=True).click(timeout=5_000)
    expect(participant.get_by_text("Bạn đã biểu quyết.")).to_be_visible()
    chair.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(participant.get_by_test_id("vote-state")).to_have_text("Đã kết thúc", timeout=5_000)
    expect(participant.get_by_test_id("vote-count").first).to_have_text("1")
    assert participant.evaluate("window.__notReloaded") is True
    assert re.search(r"/truc-tiep/$", participant.url)
