"""The PWA in Chromium's offline mode: a saved document opens without a connection; a question
written without a connection is kept on the device and sent exactly once when it returns."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from .conftest import PASSWORD

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


def phone(browser: Browser, base_url: str, user: Any) -> tuple[BrowserContext, Page]:
    # bypass_csp: Playwright evaluates its wait predicates as strings, which the CSP forbids.
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", bypass_csp=True,
                                  viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("personal-page")).to_be_visible()  # a member's first screen
    # The worker takes control of the page (clients.claim) once it is active.
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    return context, page


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_saved_document_opens_offline(live_server: Any, browser: Browser, secretariat: Any, member_a: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chidao.library.services import bookmark_toggle, document_upload

    doc = document_upload(actor=secretariat, upload=SimpleUploadedFile("nq57.docx", _docx("Đột phá khoa học")),
                          title="Về đột phá phát triển khoa học, công nghệ", kind="resolution",
                          issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22), code="57-NQ/TW")
    other = document_upload(actor=secretariat, upload=SimpleUploadedFile("khac.docx", _docx("Khác")),
                            title="Văn bản không lưu", kind="resolution", issuer="Bộ Chính trị",
                            issued_on=dt.date(2024, 12, 22), code="1-NQ/TW")
    bookmark_toggle(user=member_a.user, document=doc)
    context, page = phone(browser, live_server.url, member_a.user)
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'sync-saved'})")
    page.wait_for_function("document.documentElement.dataset.savedSynced === '1'")
    context.set_offline(True)
    page.goto(f"{live_server.url}/thu-vien/{doc.pk}/")
    expect(page.locator("body")).to_contain_text("Về đột phá phát triển khoa học, công nghệ")
    text = page.evaluate(f"fetch('/thu-vien/{doc.pk}/noi-dung/').then(r => r.text())")
    assert "Đột phá khoa học" in text
    page.goto(f"{live_server.url}/thu-vien/{other.pk}/")  # never saved: the offline page, not an error
    expect(page.locator("body")).to_contain_text("Không có kết nối mạng")
    expect(page.get_by_test_id("offline-saved-list")).to_contain_text("57-NQ/TW")
    context.close()


def test_question_written_offline_is_sent_once(live_server: Any, browser: Browser, member_a: Any) -> None:
    from chidao.members.models import DeviceSubmission, MemberQuestion

    context, page = phone(browser, live_server.url, member_a.user)
    page.goto(f"{live_server.url}/hoi-dap/moi/")
    context.set_offline(True)
    page.wait_for_function("navigator.onLine === false")
    page.get_by_label("Tiêu đề").fill("Viết trên xe buýt")
    page.get_by_label("Nội dung").fill("Chi bộ có học Nghị quyết 57 tháng này không?")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_test_id("offline-toast").first).to_contain_text("giữ trên máy")
    assert page.evaluate("window.chidaoOutbox.all().then(d => d.length)") == 1
    assert not MemberQuestion.objects.exists()
    context.set_offline(False)  # the 'online' event sends the outbox
    for _ in range(100):  # the device empties its outbox once the server has answered
        if page.evaluate("window.chidaoOutbox.all().then(d => d.length)") == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.chidaoOutbox.all().then(d => d.length)") == 0
    assert MemberQuestion.objects.filter(subject="Viết trên xe buýt").count() == 1
    page.evaluate("window.chidaoOutboxFlush()")  # flushing again sends nothing
    assert MemberQuestion.objects.filter(subject="Viết trên xe buýt").count() == 1
    key = DeviceSubmission.objects.get().key
    # The same draft again (an answer lost on the way, another tab): stored once, told so.
    answer = page.evaluate("""key => fetch('/cua-toi/dong-bo/', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json',
                  'X-CSRFToken': JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']},
        body: JSON.stringify({key: key, kind: 'question', payload: {subject: 'Viết trên xe buýt', body: 'x'}})})
        .then(r => r.json())""", key)
    assert answer["duplicate"] is True
    assert MemberQuestion.objects.filter(subject="Viết trên xe buýt").count() == 1
    context.close()


def test_pages_fit_a_390px_phone(live_server: Any, browser: Browser, secretariat: Any, member_a: Any,
                                 member_a2: Any, secretary_a: Any) -> None:
    from chidao.members import services

    question = services.question_ask(actor=member_a.user, subject="Một câu hỏi khá dài " * 4, body="Nội dung " * 40,
                                     to_cell=True)
    services.correction_request(actor=member_a.user, profile=member_a, field="position", new_value="Phó phòng")
    context, page = phone(browser, live_server.url, secretary_a)
    for path in ["/cua-toi/", "/cua-toi/ho-so/", f"/chi-bo/{member_a.cell_id}/", "/chi-bo/", "/hoi-dap/",
                 "/hoi-dap/moi/", f"/hoi-dap/{question.pk}/", "/de-nghi-sua-ho-so/",
                 f"/chi-bo/{member_a.cell_id}/sinh-hoat/moi/", f"/dang-vien/{member_a.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    context.close()


def test_report_written_offline_arrives_as_one_draft(live_server: Any, browser: Browser, officer_a: Any,
                                                     make_task: Any) -> None:
    task = make_task(title="Số hóa hồ sơ đất đai")
    # bypass_csp: Playwright evaluates its wait predicates as strings, which the CSP forbids.
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", bypass_csp=True,
                                  viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(officer_a.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/bao-cao/moi/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.get_by_label("Tiến độ (%)").fill("35")
    page.get_by_label("Kết quả thực hiện").fill("Đã số hóa 35% hồ sơ (soạn khi mất mạng)")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_test_id("offline-toast").first).to_contain_text("giữ trên máy")
    assert not task.reports.exists()
    context.set_offline(False)
    for _ in range(100):
        if page.evaluate("window.chidaoOutbox.all().then(d => d.length)") == 0:
            break
        page.wait_for_timeout(100)
    assert task.reports.count() == 1
    report = task.reports.get()
    assert report.progress == 35 and report.state == "draft" and "mất mạng" in report.results
    context.close()


def test_signing_out_removes_saved_pages_and_drafts_go_only_with_their_writer(
        live_server: Any, browser: Browser, secretariat: Any, member_a: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chidao.library.services import bookmark_toggle, document_upload
    from chidao.members.models import MemberQuestion

    doc = document_upload(actor=secretariat, upload=SimpleUploadedFile("nq57.docx", _docx("Đột phá")),
                          title="Văn bản riêng đã lưu", kind="resolution", issuer="Bộ Chính trị",
                          issued_on=dt.date(2024, 12, 22), code="57-NQ/TW")
    bookmark_toggle(user=member_a.user, document=doc)
    context, page = phone(browser, live_server.url, member_a.user)
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'sync-saved'})")
    page.wait_for_function("document.documentElement.dataset.savedSynced === '1'")
    # A draft another person left on this phone is not sent with this person's session.
    page.evaluate("""window.chidaoOutbox.put({key: 'k-other', kind: 'question', user: '999999',
                                              payload: {subject: 'Của người khác', body: 'x'}})""")
    page.evaluate("window.chidaoOutboxFlush()")
    assert page.evaluate("window.chidaoOutbox.all().then(d => d.length)") == 1
    assert not MemberQuestion.objects.exists()
    assert page.evaluate("caches.has('chidao-saved')") is True
    page.locator("[data-logout]").evaluate(
        "f => f.dispatchEvent(new Event('submit', {bubbles: true, cancelable: true}))")
    for _ in range(50):
        if page.evaluate("caches.has('chidao-saved')") is False:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("caches.has('chidao-saved')") is False
    context.close()
