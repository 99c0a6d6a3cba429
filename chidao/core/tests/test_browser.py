"""Steps 3–5 of the story in Debian's Chromium: the standing office assigns a task, the unit
reports completion with a PDF, its head approves, the standing office accepts, the dashboard moves.

Runs against pytest-django's live server; skipped when /usr/bin/chromium is missing unless
CHIDAO_REQUIRE_BROWSER=1 (see the root conftest).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# ORM calls the fixtures and the live server make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, expect, sync_playwright

from chidao.core.tests.helpers import ddmmyyyy, real_pdf, today
from chidao.directives.models import Task, TaskState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "MatKhau!2025"  # the root conftest's password for every test person
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 15_000


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def log_in(browser: Browser, base_url: str, user: Any) -> Page:
    """A new browser context (its own cookies) signed in through the login form."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator(".navbar")).to_contain_text(user.full_name)
    return page


def nav(page: Page, label: str, menu: str | None = None) -> None:
    """Click a menu entry, opening its dropdown first when it sits in one."""
    if menu:
        page.locator("#mainnav .dropdown-toggle", has_text=menu).click()
    page.locator("#mainnav").get_by_role("link", name=label).click()


def stat(page: Page, testid: str) -> str:
    return page.get_by_test_id(testid).inner_text().strip()


def test_assign_report_approve_accept_in_chromium(
    browser: Browser, live_server: Any, tmp_path: Path, make_task: Any, directive: Any, secretariat: Any,
    officer_a: Any, head_a: Any, unit_a: Any,
) -> None:
    base = live_server.url
    t = today()
    # Already overdue, so the completion rate has a denominator before the new task is done.
    make_task(title="Nhiệm vụ cũ đã quá hạn", due_on=t - dt.timedelta(days=3), assigned_on=t - dt.timedelta(days=40))
    title = "Vận hành phần mềm theo dõi tiến độ công việc"
    due = t + dt.timedelta(days=45)
    pdf_path = tmp_path / "bien-ban-van-hanh.pdf"
    pdf_path.write_bytes(real_pdf("Bien ban dua phan mem vao van hanh"))

    # --- Step 3: the standing office signs in, opens the directive and assigns a task ------------
    office = log_in(browser, base, secretariat)
    before_done = int(stat(office, "count-done_on_time"))
    assert stat(office, "completion-rate") == "0,00%"
    nav(office, "Văn bản chỉ đạo", menu="Nhiệm vụ")
    office.get_by_role("link", name="57-NQ/TW").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("57-NQ/TW")
    office.get_by_test_id("add-task").click()
    office.get_by_label("Nội dung nhiệm vụ").fill(title)
    office.get_by_label("Đơn vị chủ trì", exact=True).select_option(label="Sở Khoa học và Công nghệ")
    office.get_by_label("Thời hạn hoàn thành").fill(ddmmyyyy(due))
    office.get_by_label("Sản phẩm đầu ra").fill("Phần mềm được đưa vào sử dụng")
    expect(office.get_by_label("Giao ngay cho đơn vị chủ trì")).to_be_checked()
    office.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(office.get_by_role("alert")).to_contain_text("Đã tạo nhiệm vụ và giao cho Sở Khoa học và Công nghệ")
    expect(office.get_by_test_id("task-title")).to_have_text(title)
    expect(office.get_by_test_id("due-on")).to_contain_text(ddmmyyyy(due))
    task = Task.objects.get(title=title)
    assert (task.state, task.lead_unit_id, task.assigned_on) == (TaskState.ASSIGNED, unit_a.pk, t)

    # --- Step 4: the officer reports completion with a PDF; the head approves and submits --------
    officer = log_in(browser, base, officer_a)
    nav(officer, "Đơn vị của tôi")
    officer.get_by_test_id("tasks-to-report").get_by_role("link", name=title).click()
    expect(officer.get_by_test_id("task-title")).to_have_text(title)
    officer.get_by_test_id("new-report").click()
    officer.get_by_label("Tiến độ (%)").fill("100")
    officer.get_by_label("Kết quả thực hiện").fill("Phần mềm đã vận hành tại 100% đơn vị")
    officer.get_by_label("Đề nghị công nhận hoàn thành nhiệm vụ").check()
    officer.locator("#id_files").set_input_files(str(pdf_path))
    officer.get_by_test_id("send-to-head").click()
    expect(officer.get_by_role("alert")).to_contain_text("Đã trình lãnh đạo đơn vị duyệt báo cáo.")
    expect(officer.get_by_role("link", name="bien-ban-van-hanh.pdf")).to_be_visible()

    head = log_in(browser, base, head_a)
    nav(head, "Đơn vị của tôi")
    head.get_by_test_id("draft-link").filter(has_text=title).click()
    expect(head.get_by_text("Báo cáo đang chờ anh/chị duyệt.")).to_be_visible()
    head.get_by_test_id("approve-submit").click()
    expect(head.get_by_role("alert")).to_contain_text("Đã duyệt và gửi báo cáo đến Cơ quan thường trực.")
    expect(head.get_by_test_id("report-state")).to_have_text("Đã gửi, chờ thẩm định")

    # --- Step 5: the standing office accepts; the dashboard counts it ----------------------------
    office.reload()
    expect(office.get_by_test_id("nav-review-count")).to_have_text("1")
    nav(office, "Thẩm định báo cáo", menu="Nhiệm vụ")
    item = office.get_by_test_id("review-item").filter(has_text=title)
    expect(item).to_contain_text("Đề nghị hoàn thành")
    expect(item.get_by_role("link", name="bien-ban-van-hanh.pdf")).to_be_visible()
    item.get_by_test_id("accept").click()
    expect(office.get_by_role("alert")).to_contain_text("Đã công nhận hoàn thành nhiệm vụ.")
    expect(office.get_by_text("Không có báo cáo nào chờ thẩm định.")).to_be_visible()

    nav(office, "Tổng quan")
    assert int(stat(office, "count-done_on_time")) == before_done + 1
    assert stat(office, "completion-rate") == "50,00%"  # 1 completed of 2 due
    task.refresh_from_db()
    assert (task.state, task.completed_on) == (TaskState.COMPLETED, t)

    officer.goto(f"{base}/nhiem-vu/{task.pk}/")
    expect(officer.get_by_text("Hoàn thành đúng hạn").first).to_be_visible()
    expect(officer.get_by_test_id("completed-on")).to_have_text(ddmmyyyy(t))


@pytest.mark.parametrize("path", ["/", "/nhiem-vu/", "/don-vi-cua-toi/", "/nhiem-vu/{pk}/"])
def test_pages_fit_a_phone(path: str, browser: Browser, live_server: Any, make_task: Any, submit_report: Any,
                           officer_a: Any) -> None:
    task = make_task(title="Hoàn thành số hóa dữ liệu đất đai phục vụ chuyển đổi số toàn thành phố")
    submit_report(task, progress=40, results="Đã số hóa 40% hồ sơ")
    page = log_in(browser, live_server.url, officer_a)
    # The project's own stylesheet is loaded (the red navbar), so the layout below is the real one.
    assert page.locator(".navbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(164, 22, 26)"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + path.format(pk=task.pk))
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    expect(page.locator("#mainnav")).to_be_hidden()
    toggler.click()
    expect(page.locator("#mainnav").get_by_role("link", name="Đơn vị của tôi")).to_be_visible()
    overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"{path}: page is {overflow[0]}px wide on a {overflow[1]}px phone"
