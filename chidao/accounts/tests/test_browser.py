"""In Debian's Chromium under the Content-Security-Policy: key pages work and log no violation; the
demo's one-step login; a leader's login with the second factor on a real installation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, expect, sync_playwright

from chidao.accounts.services import installation_mark_demo
from chidao.demo import story
from chidao.demo.testing import demo_seeded

from .conftest import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


def watched_page(browser: Browser) -> tuple[Page, list[str]]:
    """A page whose CSP violations and script errors are collected."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and (
        "Content Security Policy" in m.text or "Refused" in m.text) else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_key_pages_work_under_the_policy(settings: Any, live_server: Any, browser: Browser) -> None:
    settings.CHIDAO_SECOND_FACTOR_ENFORCED = True
    demo_seeded()  # marks the installation as a demo: one-step login even for the admin
    from chidao.directives.models import Task
    from chidao.indicators.models import IndicatorValue
    from chidao.meetings.models import Meeting

    page, problems = watched_page(browser)
    base = live_server.url
    log_in(page, base, "quantri", story.DEMO_PASSWORD)
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_test_id("demo-banner")).to_be_visible()

    # Dashboard: the directive picker submits itself (a static script, no inline handler).
    picker = page.locator("select[name=directive]")
    if picker.count():
        value = picker.locator("option").nth(1).get_attribute("value")
        picker.select_option(value)
        page.wait_for_url(f"**/?directive={value}*")

    task = Task.objects.filter(children__isnull=True).order_by("pk").first()
    page.goto(f"{base}/nhiem-vu/{task.pk}/")
    expect(page.locator("h1")).to_be_visible()

    value = IndicatorValue.objects.filter(state="verified").order_by("pk").first()
    page.goto(f"{base}/chi-so/{value.indicator_id}/")
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('trend'))")

    page.goto(f"{base}/nguon-luc/")
    page.wait_for_load_state("networkidle")

    meeting = Meeting.objects.order_by("pk").first()
    page.goto(f"{base}/phien-hop/{meeting.pk}/truc-tiep/")
    page.wait_for_timeout(2500)  # two polls of the follower's state

    page.goto(f"{base}/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()

    assert problems == []


def test_leader_logs_in_with_the_second_factor_on_a_real_installation(
        settings: Any, live_server: Any, browser: Browser, leader: Any) -> None:
    settings.CHIDAO_SECOND_FACTOR_ENFORCED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    installation_mark_demo(is_demo=False)
    page, problems = watched_page(browser)
    base = live_server.url
    log_in(page, base, leader.username, "MatKhau!2025")
    expect(page).to_have_url(f"{base}/tai-khoan/bao-mat/hai-buoc/")
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    page.get_by_label("Mã xác thực").fill(code_for(device))
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10, timeout=15_000)
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page.locator(".navbar")).to_contain_text(leader.full_name)
    assert page.get_by_test_id("demo-banner").count() == 0
    assert problems == []


def test_idle_follower_screen_ends_on_the_login_page(live_server: Any, browser: Browser) -> None:
    import time

    import time_machine

    demo_seeded()
    from chidao.meetings.models import Meeting

    page, problems = watched_page(browser)
    base = live_server.url
    log_in(page, base, "thanhvien", story.DEMO_PASSWORD)
    meeting = Meeting.objects.order_by("pk").first()
    page.goto(f"{base}/phien-hop/{meeting.pk}/truc-tiep/")
    page.wait_for_timeout(1500)
    assert "/truc-tiep/" in page.url  # polling alone does not end a fresh session
    with time_machine.travel(time.time() + 31 * 60, tick=True):
        page.wait_for_url("**/dang-nhap/**", timeout=10_000)
        expect(page.get_by_test_id("idle-logout")).to_contain_text("không hoạt động quá 30 phút")
    assert problems == []
