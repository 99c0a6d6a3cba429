"""The Redis cache (chidao/core/cache.py, CHIDAO_CACHE_URL): shared by every web process, and a Redis
that is down or unreachable costs a logged warning, never a page.

The tests marked `redis` need a real server at CHIDAO_TEST_REDIS_URL (.ci/run starts one on a
loopback port); the fault tests point at a closed port and need nothing.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chidao.core import cache as safe_cache
from chidao.core.cache import SafeRedisCache

BASE_DIR = Path(__file__).resolve().parents[3]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture(autouse=True)
def no_outage_left() -> Iterator[None]:
    safe_cache._outages.clear()
    yield
    safe_cache._outages.clear()


def _redis_caches(url: str) -> dict[str, Any]:
    backend = {"BACKEND": "chidao.core.cache.SafeRedisCache", "LOCATION": url,
               "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}
    return {"default": {**backend, "KEY_PREFIX": "chidao"},
            "figures": {**backend, "KEY_PREFIX": "chidao-figures"}}


def test_an_unreachable_redis_answers_every_call_as_a_miss_and_warns_once(caplog: Any) -> None:
    cache = SafeRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {})
    with caplog.at_level(logging.WARNING, logger="chidao.cache"):
        assert cache.get("k", "mặc định") == "mặc định"
        cache.set("k", 1)
        assert cache.add("k", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("k") is False
        assert cache.delete("k") is False
        cache.delete_many(["a", "b"])
        cache.set_many({"a": 1})
        with pytest.raises(ValueError):
            cache.incr("k")
        cache.clear()
    warnings = [r for r in caplog.records if r.name == "chidao.cache"]
    assert len(warnings) == 1  # rate-limited: one line, not one per call
    assert "unreachable" in warnings[0].getMessage()


def test_after_a_failure_redis_is_not_tried_again_at_once(monkeypatch: Any) -> None:
    cache = SafeRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {})
    assert cache.get("k") is None
    tried = []
    monkeypatch.setattr("redis.Redis.get", lambda *a, **k: tried.append(a))
    assert cache.get("k") is None
    assert tried == []  # within RETRY_AFTER the call does not reach the client


@pytest.mark.django_db
def test_pages_answer_from_the_database_when_redis_is_down(
    settings: Any, client_as: Any, secretariat: Any, make_task: Any, caplog: Any
) -> None:
    settings.CACHES = _redis_caches(f"redis://127.0.0.1:{_closed_port()}/0")
    make_task()
    c = client_as(secretariat)
    with caplog.at_level(logging.WARNING, logger="chidao.cache"):
        for url in ("/", "/xep-hang/", "/canh-bao/"):
            response = c.get(url)
            assert response.status_code == 200, url
    page = c.get("/").content.decode()
    assert re.search(r'data-testid="count-[a-z_]+"[^>]*>1<', page)  # the task, counted from the database
    assert any(r.name == "chidao.cache" for r in caplog.records)


# --- a real Redis ------------------------------------------------------------------------------


def _redis_url() -> str:
    return os.environ["CHIDAO_TEST_REDIS_URL"]


@pytest.mark.redis
@pytest.mark.django_db
def test_figures_computed_by_one_process_are_read_by_another(settings: Any) -> None:
    from django.core.cache import caches

    from chidao.core.figures import figures_cached

    settings.CACHES = _redis_caches(_redis_url())
    caches["figures"].clear()
    calls = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"nhiệm vụ": 20000}

    assert figures_cached("shared", (), compute) == {"nhiệm vụ": 20000}
    # Another process: another client of the same server, nothing shared in memory.
    other = SafeRedisCache(_redis_url(), {"KEY_PREFIX": "chidao-figures"})
    stored = other._cache.get_client().keys("chidao-figures:*")
    assert len(stored) == 1
    assert other._cache.get(stored[0], None) == {"nhiệm vụ": 20000}
    assert figures_cached("shared", (), compute) == {"nhiệm vụ": 20000}
    assert len(calls) == 1
    caches["figures"].clear()


def _free_port() -> int:
    return _closed_port()


def _wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (a redirect to the login page is an answer)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in time")


SETUP = """
import datetime as dt
from django.test import Client
from django.utils import timezone
from chidao.orgs.services import unit_create, user_create
from chidao.directives.services import directive_create, task_create
office = unit_create(actor=None, code="vptu", name="Văn phòng Thành ủy", kind="standing_office")
unit = unit_create(actor=None, code="so-khcn", name="Sở Khoa học và Công nghệ", kind="department")
person = user_create(actor=None, username="thuongtruc", password="mat-khau-thu-1", role="secretariat",
                     full_name="Lê Thị Thường Trực", unit=office)
directive = directive_create(actor=person, code="57-NQ/TW", kind="resolution", title="Về đột phá",
                             issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22))
today = timezone.localdate()
task = task_create(actor=person, directive=directive, title="Nhiệm vụ thử nghiệm", lead_unit=unit, assign=True,
                   expected_output="Báo cáo", due_on=today + dt.timedelta(days=60),
                   assigned_on=today - dt.timedelta(days=30))
client = Client()
client.force_login(person)
print(task.pk, client.cookies["sessionid"].value)
"""


def _count(page: str, code: str) -> int:
    match = re.search(rf'data-testid="count-{code}"[^>]*>([\d.]+)<', page)
    assert match, code
    return int(match.group(1).replace(".", ""))


@pytest.mark.redis
def test_two_web_processes_share_the_cache_and_see_each_others_writes(tmp_path: Path) -> None:
    import redis

    server = redis.Redis.from_url(_redis_url())
    server.flushdb()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'chidao.sqlite3'}",
           "CHIDAO_CACHE_URL": _redis_url(), "CHIDAO_FILES_DIR": str(tmp_path / "files"),
           "CHIDAO_DATA_DIR": str(tmp_path), "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "chidao.settings",
           "ALLOWED_HOSTS": "127.0.0.1", "SECRET_KEY": "two-processes-" * 5}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, cwd=BASE_DIR, check=True, capture_output=True,
                   timeout=300)
    out = subprocess.run([*manage, "shell", "-c", SETUP], env=env, cwd=BASE_DIR, check=True, capture_output=True,
                         text=True, timeout=120).stdout.split()
    task_pk, session = out[-2], out[-1]
    ports = [_free_port(), _free_port()]
    procs = [subprocess.Popen([sys.executable, "-m", "gunicorn", "chidao.wsgi", "-b", f"127.0.0.1:{port}",
                               "--workers", "1", "--timeout", "60"],
                              env=env, cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for port in ports]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        deadline = time.monotonic() + 60
        for base in (a, b):
            _wait_for(f"{base}/dang-nhap/", deadline)
        def get(url: str) -> str:
            request = urllib.request.Request(url)
            request.add_header("Cookie", f"sessionid={session}; csrftoken={csrf.get('token', '')}")
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read().decode()

        csrf: dict[str, str] = {}
        before = get(f"{b}/")  # process B computes the dashboard and stores it in Redis
        assert _count(before, "cancelled") == 0
        keys = server.dbsize()
        assert keys > 0
        get(f"{a}/")  # process A finds B's figures there: nothing new to store
        assert server.dbsize() == keys

        # A write through process A: the task cancelled through the web form.
        detail = get(f"{a}/nhiem-vu/{task_pk}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail)
        assert token
        csrf["token"] = token.group(1)
        request = urllib.request.Request(
            f"{a}/nhiem-vu/{task_pk}/huy/", method="POST",
            data=urllib.parse.urlencode({"reason": "Trùng với nhiệm vụ khác",
                                         "csrfmiddlewaretoken": csrf["token"]}).encode())
        request.add_header("Cookie", f"sessionid={session}; csrftoken={csrf['token']}")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Referer", f"{a}/nhiem-vu/{task_pk}/")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        try:
            urllib.request.build_opener(NoRedirect()).open(request, timeout=30)
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, exc.code
        # …shows at once on the page process B serves.
        assert _count(get(f"{b}/"), "cancelled") == 1
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        server.flushdb()


@pytest.mark.redis
@pytest.mark.django_db
def test_redis_stopped_while_the_site_runs(settings: Any, client_as: Any, secretariat: Any, make_task: Any,
                                           caplog: Any, tmp_path: Path) -> None:
    """A Redis of its own (the shared one stays up for the other tests), stopped between two views."""
    import redis

    port = _free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        settings.CACHES = _redis_caches(url)
        make_task()
        c = client_as(secretariat)
        assert c.get("/").status_code == 200
        assert redis.Redis.from_url(url).dbsize() > 0  # the figures went to Redis
        server.terminate()
        server.wait(timeout=10)
        with caplog.at_level(logging.WARNING, logger="chidao.cache"):
            page = c.get("/")
        assert page.status_code == 200
        assert re.search(r'data-testid="count-[a-z_]+"[^>]*>1<', page.content.decode())  # from the database
        assert any("unreachable" in r.getMessage() for r in caplog.records if r.name == "chidao.cache")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
