"""Content-Security-Policy: the header on every page, and no inline script left for it to block."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from chidao.demo.testing import demo_seeded

pytestmark = pytest.mark.django_db

SKIP = re.compile(r"\.(docx|xlsx|pdf|json|csv|zip)$|/dang-xuat/|/minh-chung/|/tai-lieu|/tep/|/tai-ve|/xuat|/mo/$")


class ScriptFinder(HTMLParser):
    """Inline scripts, inline event handlers, javascript: URLs, and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []
        self._in_inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.problems.append("<script> inline")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def policy_of(response: Any) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_every_page_sends_the_policy_and_has_no_inline_script(db: None) -> None:
    people = demo_seeded()["people"]
    client = Client()
    client.force_login(people["quantri"])
    seen: set[str] = set()
    queue = ["/", "/dang-nhap/", "/api/v1/docs"]
    checked = 0
    while queue and checked < 90:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        policy = policy_of(response)
        assert policy.get("script-src") == "script-src 'self'", url
        assert "'unsafe-inline'" not in policy.get("default-src", ""), url
        assert policy.get("frame-ancestors") == "frame-ancestors 'none'", url
        finder = ScriptFinder()
        finder.feed(response.content.decode())
        assert finder.problems == [], (url, finder.problems)
        for link in finder.links:
            path = link.split("#")[0]
            if path.startswith("/") and not path.startswith("//") and not SKIP.search(path.split("?")[0]) \
                    and path not in seen and "/quan-tri-django/" not in path:
                queue.append(path)
    assert checked >= 40, f"only {checked} pages reached"


def test_api_docs_load_swagger_from_our_own_static_files(client: Client, member: Any) -> None:
    client.force_login(member)
    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in page.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
