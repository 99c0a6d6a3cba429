"""Every page at 390 × 844 (a phone) in Debian's Chromium, for one demo account of each role.

The pages are discovered, not listed: each account's navigation links and the links on the pages
they lead to (one level further, one page per URL shape such as /nhiem-vu/N/), so a page another
app adds is checked too. A page fails when it scrolls sideways or when a link, button or field sits
outside the screen without a scrollable box of its own to reach it by.

Screenshots (the first screen) of every page visited go to test-results/390/ (CHIDAO_SCREENSHOTS=0: none).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

from chidao.demo.testing import demo_seeded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTH, HEIGHT = 390, 844
# One per role, a commune as well as a department, and the handbook's accounts when they exist.
ACCOUNTS = ["quantri", "lanhdao", "thuongtruc", "thanhvien", "khcn.truong", "khcn.cv", "haichau.truong",
            "haichau.cv", "dangvien", "bithu.chibo"]
# Downloads, actions reached by GET and pages outside the app (Django's admin keeps its own layout).
SKIP = re.compile(r"(\.docx|\.xlsx|\.json|\.pdf|\.csv)$|/xuat-excel/|/tep-mau|/minh-chung/|/tai-lieu-hop/|"
                  r"/giai-ngan/\d+/tep/|/quan-tri-django/|/dang-xuat/|/api/|/mo/$|/thu-vien/\d+/tep")
MAX_PAGES_PER_ACCOUNT = 60
SHOTS = Path(settings.BASE_DIR) / "test-results" / "390"

# What a phone user cannot reach: the page itself scrolls sideways, or a control lies beyond the
# screen's edge with no scrollable box (overflow-x auto/scroll) around it.
CHECK_JS = """
() => {
  const de = document.documentElement;
  const vw = de.clientWidth;
  const problems = [];
  if (de.scrollWidth > vw) problems.push(`trang rộng ${de.scrollWidth}px > ${vw}px`);
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    if ((r.right > vw + 1 || r.left < -1) && !inScrollBox(el)) {
      const label = (el.innerText || el.value || el.name || el.getAttribute('aria-label') || '').trim().slice(0, 40);
      problems.push(`${el.tagName.toLowerCase()} “${label}” ở ${Math.round(r.left)}–${Math.round(r.right)}px`);
    }
  }
  return problems;
}
"""
LINKS_JS = """
(scope) => Array.from(document.querySelectorAll(scope + ' a[href]'))
  .map(a => a.getAttribute('href'))
  .filter(h => h && h.startsWith('/') && !h.startsWith('//'))
"""


def shape(href: str) -> str:
    """/nhiem-vu/12/ and /nhiem-vu/13/ are one page; so are two filters naming the same fields."""
    parts = urlsplit(href)
    keys = ",".join(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair}))
    return re.sub(r"/\d+(?=/|$|\.)", "/N", parts.path) + ("?" + keys if keys else "")


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def phone_page(browser: Browser, base: str, user: Any) -> Page:
    """A 390 px context signed in with the person's session (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    host = urlsplit(base).hostname
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}])
    return context.new_page()


def visit(page: Page, base: str, path: str) -> list[str] | None:
    """The problems of one page, or None when it is not an HTML page this person may open."""
    response = page.goto(base + path, wait_until="load")
    if response is None or response.status != 200:
        return None
    if "text/html" not in (response.headers.get("content-type") or ""):
        return None
    page.wait_for_timeout(50)  # let charts and htmx settle their size
    return page.evaluate(CHECK_JS)


def detail_paths(demo: dict[str, Any]) -> list[str]:
    """Pages deeper than the links reach, built from the demo data: every meeting and its room, the
    programme, a task of each state, a report of each state."""
    from chidao.directives.models import Task
    from chidao.meetings.models import Meeting
    from chidao.reporting.models import ProgressReport

    paths = [f"/van-ban/{demo['programme'].pk}/"]
    for meeting in Meeting.objects.order_by("id"):
        paths += [f"/phien-hop/{meeting.pk}/", f"/phien-hop/{meeting.pk}/truc-tiep/",
                  f"/phien-hop/{meeting.pk}/bao-cao-truc-tiep/"]
    for state in Task.objects.values_list("state", flat=True).distinct():
        task = Task.objects.filter(state=state).exclude(kind="group").order_by("id").first()
        if task:
            paths.append(f"/nhiem-vu/{task.pk}/")
    for state in ProgressReport.objects.values_list("state", flat=True).distinct():
        paths.append(f"/bao-cao/{ProgressReport.objects.filter(state=state).order_by('id').first().pk}/")
    return paths


def test_every_page_fits_a_phone(browser: Browser, live_server: Any) -> None:
    demo = demo_seeded()
    extra = detail_paths(demo)
    base = live_server.url
    if os.environ.get("CHIDAO_SCREENSHOTS", "1") != "0":
        SHOTS.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    seen_shapes: set[str] = set()
    visited = 0
    accounts = [name for name in ACCOUNTS if name in demo["people"]]
    assert len(accounts) >= 8
    for username in accounts:
        page = phone_page(browser, base, demo["people"][username])
        page.goto(base + "/")
        assert "/dang-nhap/" not in page.url, username
        first = [h for h in page.evaluate(LINKS_JS, "nav") + page.evaluate(LINKS_JS, "main")]
        queue = list(dict.fromkeys(["/", *first, *extra]))
        done: set[str] = set()
        for depth in (1, 2):
            next_level: list[str] = []
            for href in queue:
                path = href.split("#")[0]
                if not path or SKIP.search(urlsplit(path).path):
                    continue
                key = path if path in extra else shape(path)
                if key in done:
                    continue
                # Navigation pages are checked for every account (their content differs by role);
                # the detail pages under them once per URL shape.
                if depth == 2 and key in seen_shapes:
                    continue
                if len(done) >= MAX_PAGES_PER_ACCOUNT:
                    break
                done.add(key)
                seen_shapes.add(key)
                problems = visit(page, base, path)
                if problems is None:
                    continue
                visited += 1
                if os.environ.get("CHIDAO_SCREENSHOTS", "1") != "0":
                    name = re.sub(r"[^a-z0-9]+", "-", f"{username}{path}".lower()).strip("-")[:90]
                    page.screenshot(path=str(SHOTS / f"{name}.png"))  # the first screen, as a phone shows it
                if problems:
                    failures.append(f"{username} {path}: " + "; ".join(problems[:4]))
                if depth == 1:
                    next_level += page.evaluate(LINKS_JS, "main")
            queue = list(dict.fromkeys(next_level))
        page.context.close()
    assert visited > 60, visited
    assert not failures, "Trang không vừa màn hình 390 px:\n" + "\n".join(failures)
