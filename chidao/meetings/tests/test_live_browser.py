"""The live room in Chromium against the ASGI application under uvicorn (as `make serve` runs it):
a follower's screen moves within a second of the chair's click by server-sent events, and still
moves (by polling) when the push channel is cut."""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, expect, sync_playwright

from chidao.meetings import live, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _go(*, actor: Any, meeting: Any, item: Any) -> None:
    """The chair moves to an item, starting the meeting first (a scheduled one has no current item)."""
    from chidao.meetings.models import MeetingState

    meeting.refresh_from_db()
    if meeting.state == MeetingState.SCHEDULED:
        services.meeting_start(actor=actor, meeting=meeting, confirm_early=True)
    services.meeting_item_set(actor=actor, meeting=meeting, item=item)


@pytest.fixture
def asgi_server(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """uvicorn serving chidao.asgi in a thread of this process, on the test database."""
    import uvicorn
    from django.db import connections

    # As chidao/asgi.py does in production: each request's thread closes its connection at the end
    # (else PostgreSQL refuses to drop the test database while they linger).
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)

    from chidao.asgi import application

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    gc.collect()  # the connections of finished requests' contexts, closed when collected


@pytest.fixture(autouse=True)
def _release_live_connection() -> Iterator[None]:
    yield
    live.release_connection()  # else PostgreSQL refuses to drop the test database


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def follower_page(browser: Browser, base_url: str, user: Any, meeting: Any, *,
                  block_push: bool) -> tuple[Page, list[str]]:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    if block_push:
        context.route("**/su-kien*", lambda route: route.abort())
    page = context.new_page()
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if "/trang-thai" in request.url else None)
    page.goto(f"{base_url}/phien-hop/{meeting.pk}/truc-tiep/")
    expect(page.get_by_test_id("current-item")).to_have_text("Phiên họp chưa bắt đầu.")
    return page, polls


def test_follower_moves_within_a_second_by_push(asgi_server: str, browser: Browser, meeting: Any, items: list[Any],
                                                leader: Any, head_a: Any) -> None:
    page, polls = follower_page(browser, asgi_server, head_a, meeting, block_push=False)
    page.wait_for_timeout(500)  # the stream is open
    _go(actor=leader, meeting=meeting, item=items[0])
    expect(page.get_by_test_id("current-item")).to_have_text(items[0].title, timeout=1_000)
    _go(actor=leader, meeting=meeting, item=items[1])
    expect(page.get_by_test_id("current-item")).to_have_text(items[1].title, timeout=1_000)
    assert polls == []  # pushed, not polled


def test_follower_still_moves_by_polling_when_the_push_is_cut(asgi_server: str, browser: Browser, meeting: Any,
                                                             items: list[Any], leader: Any, head_a: Any) -> None:
    page, polls = follower_page(browser, asgi_server, head_a, meeting, block_push=True)
    _go(actor=leader, meeting=meeting, item=items[0])
    expect(page.get_by_test_id("current-item")).to_have_text(items[0].title, timeout=3_000)
    assert polls  # the fallback polled
