"""Issue 10, finding 7: exchange push goes only to allowed hosts, never follows a redirect, does not
echo what internal hosts answer, and keeps its bearer token encrypted at rest."""

from __future__ import annotations

import http.server
import importlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chidao.exchange.models import PushTarget
from chidao.exchange.services import exchange_push_run, push_target_save
from chidao.exchange.transport import token_decrypt


class _Sink(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[int, str]] = []
    status = 200
    location = ""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).hits.append((self.server.server_address[1], self.headers.get("Authorization", "")))
        self.send_response(type(self).status)
        if type(self).location:
            self.send_header("Location", type(self).location)
        self.end_headers()
        self.wfile.write(b"internal secret page: db01.noi-bo:5432 password=x")

    def log_message(self, *args: object) -> None:
        pass


def _serve() -> http.server.HTTPServer:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def sinks() -> Iterator[tuple[http.server.HTTPServer, http.server.HTTPServer]]:
    _Sink.hits, _Sink.status, _Sink.location = [], 200, ""
    first, second = _serve(), _serve()
    yield first, second
    for server in (first, second):
        server.shutdown()
        server.server_close()


def _save(world: Any, url: str, token: str = "") -> PushTarget:
    return push_target_save(actor=world.secretariat, name="Hệ thống quốc gia", url=url, directive=world.directive,
                            token=token, max_attempts=1)


@pytest.mark.parametrize("url", ["http://quocgia.example/nhan", "ftp://quocgia.example/", "https://", "javascript:x",
                                 "https://user:pw@quocgia.example/"])
def test_only_https_unless_allow_listed(world: Any, settings: Any, url: str) -> None:
    settings.CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError) as exc:
        _save(world, url)
    assert "url" in exc.value.message_dict
    assert not PushTarget.objects.exists()


@pytest.mark.parametrize("url", ["https://127.0.0.1/", "https://10.1.2.3/", "https://192.168.1.1:8443/",
                                 "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://224.0.0.1/",
                                 "https://0.0.0.0/", "https://100.64.0.1/", "https://[::ffff:127.0.0.1]/"])
def test_internal_addresses_are_refused(world: Any, settings: Any, url: str) -> None:
    settings.CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError) as exc:
        _save(world, url)
    assert "mạng nội bộ" in exc.value.message_dict["url"][0]


def test_a_name_resolving_to_a_private_address_is_refused(world: Any, settings: Any, monkeypatch: Any) -> None:
    settings.CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", 443)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 443))])
    with pytest.raises(ValidationError):
        _save(world, "https://quocgia.example/nhan")


def test_dns_rebinding_is_checked_again_at_send_time(world: Any, settings: Any, monkeypatch: Any, sinks: Any) -> None:
    settings.CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = []
    port = sinks[0].server_address[1]
    real = socket.getaddrinfo
    answers = {"quocgia.example": "8.8.8.8"}

    def fake(host: str, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    _save(world, f"https://quocgia.example:{port}/nhan", token="bi-mat")
    answers["quocgia.example"] = "127.0.0.1"  # the name now points inside
    [delivery] = exchange_push_run(sleep=lambda _s: None)
    assert delivery.state == "failed"
    assert "mạng nội bộ" in delivery.attempts.get().error
    assert _Sink.hits == []


def test_redirects_are_not_followed_and_the_answer_is_not_echoed(world: Any, sinks: Any) -> None:
    first, second = sinks
    _Sink.status, _Sink.location = 302, f"http://127.0.0.1:{second.server_address[1]}/steal"
    _save(world, f"http://127.0.0.1:{first.server_address[1]}/nhan", token="bi-mat")
    [delivery] = exchange_push_run(sleep=lambda _s: None)
    assert delivery.state == "failed"
    assert [port for port, _auth in _Sink.hits] == [first.server_address[1]]  # the second never got the token
    error = delivery.attempts.get().error
    assert "chuyển hướng" in error and "secret" not in error and "db01" not in error


def test_connection_errors_do_not_say_what_the_host_answered(world: Any) -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    _save(world, f"http://127.0.0.1:{port}/")
    [delivery] = exchange_push_run(sleep=lambda _s: None)
    error = delivery.attempts.get().error
    assert "Không kết nối được" in error and "Errno" not in error and "refused" not in error.lower()


def test_the_token_is_encrypted_at_rest_and_sent_in_clear(world: Any, sinks: Any) -> None:
    _save(world, f"http://127.0.0.1:{sinks[0].server_address[1]}/nhan", token="bi-mat-quoc-gia")
    stored = PushTarget.objects.values_list("token", flat=True).get()
    assert stored.startswith("fernet:") and "bi-mat-quoc-gia" not in stored
    [delivery] = exchange_push_run(sleep=lambda _s: None)
    assert delivery.state == "delivered"
    assert _Sink.hits[-1][1] == "Bearer bi-mat-quoc-gia"


def test_the_migration_encrypts_tokens_stored_in_plain_text(world: Any, sinks: Any) -> None:
    from django.apps import apps

    target = _save(world, f"http://127.0.0.1:{sinks[0].server_address[1]}/nhan")
    PushTarget.objects.filter(pk=target.pk).update(token="cu-chua-ma-hoa")
    migration = importlib.import_module("chidao.exchange.migrations.0002_encrypt_push_tokens")
    migration.encrypt(apps, None)
    stored = PushTarget.objects.values_list("token", flat=True).get()
    assert stored.startswith("fernet:") and token_decrypt(stored) == "cu-chua-ma-hoa"
    migration.encrypt(apps, None)  # running again changes nothing
    assert PushTarget.objects.values_list("token", flat=True).get() == stored
