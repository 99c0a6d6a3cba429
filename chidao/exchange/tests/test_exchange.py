import http.server
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.directives.models import Directive, Task
from chidao.directives.selectors import task_status_of
from chidao.documents.tests.world import TODAY
from chidao.exchange.models import PushTarget
from chidao.exchange.services import (
    exchange_dumps,
    exchange_export,
    exchange_import,
    exchange_push_run,
    push_target_save,
)
from chidao.reporting.models import ExtensionRequest, ProgressReport


def _snapshot(directive: Directive) -> list[tuple]:
    rows = []
    for t in Task.objects.filter(directive=directive).select_related("lead_unit", "parent").order_by("position", "id"):
        rows.append((t.code, t.title, t.kind, t.state, t.lead_unit.code if t.lead_unit else None,
                     tuple(sorted(t.support_units.values_list("code", flat=True))), t.due_on, t.deadline_text,
                     t.completed_on, t.progress, t.parent.title if t.parent else None,
                     task_status_of(t, today=TODAY) if t.kind != "group" else ""))
    return rows


def test_the_export_is_versioned_and_names_units_by_code(world) -> None:  # type: ignore[no-untyped-def]
    data = exchange_export(directive=world.directive, today=TODAY)
    assert data["format"] == "chidao.exchange" and data["version"] == 1
    assert data["directive"]["code"] == "15-CTr/TU"
    overdue = next(t for t in data["tasks"] if t["title"].startswith("Ban hành quy định sandbox"))
    assert overdue["lead_unit"] == "khcn" and overdue["support_units"] == ["taichinh"]
    assert overdue["status"] == "open_overdue" and overdue["due_on"] == "2026-01-31"
    group = next(t for t in data["tasks"] if t["id"] == overdue["parent"])
    assert group["kind"] == "group"
    assert {u["code"] for u in data["units"]} == {"khcn", "taichinh"}
    assert any(r["difficulties"].startswith("Chưa có hướng dẫn") for r in data["progress_reports"])


def test_round_trip_into_an_empty_database_gives_the_same_tasks(world) -> None:  # type: ignore[no-untyped-def]
    directive = world.directive
    before = _snapshot(directive)
    raw = exchange_dumps(exchange_export(directive=directive, today=TODAY))
    # Empty the task data (units stay: the receiving system has its own unit list).
    ProgressReport.evidence.rel.related_model.objects.all().delete()
    ProgressReport.objects.filter(next_version__isnull=False).update(previous=None)
    ProgressReport.objects.all().delete()
    ExtensionRequest.objects.all().delete()
    Task.support_units.through.objects.all().delete()
    Task.objects.filter(parent__isnull=False).delete()
    Task.objects.all().delete()
    Directive.objects.all().delete()
    plan = exchange_import(actor=world.secretariat, raw=raw)
    assert len(plan.create) == 7 and not plan.directive_exists
    imported = Directive.objects.get(code="15-CTr/TU")
    assert _snapshot(imported) == before


def test_importing_the_same_file_twice_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    raw = exchange_dumps(exchange_export(directive=world.directive, today=TODAY))
    first = exchange_import(actor=world.secretariat, raw=raw)
    assert first.changes == 0 and first.unchanged == 7  # our own file: matched by our identifiers
    other = json.loads(raw)
    other["source"]["site"] = "quocgia"
    for t in other["tasks"]:
        t["id"] = "QG-" + t["id"].split(":")[1]
        t["parent"] = "QG-" + t["parent"].split(":")[1] if t["parent"] else None
    other["directive"]["code"] = "57-KH/QG"
    raw2 = json.dumps(other).encode()
    assert len(exchange_import(actor=world.secretariat, raw=raw2).create) == 7
    count, events = Task.objects.count(), AuditEvent.objects.count()
    again = exchange_import(actor=world.secretariat, raw=raw2)
    assert again.changes == 0 and again.unchanged == 7
    assert Task.objects.count() == count and AuditEvent.objects.count() == events
    other["tasks"][2]["progress"] = 95
    changed = exchange_import(actor=world.secretariat, raw=json.dumps(other).encode())
    assert changed.update == [other["tasks"][2]["id"]]


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(version=2), "phiên bản 2; hệ thống này đọc phiên bản 1"),
        (lambda d: d.update(format="other"), "không phải tệp trao đổi dữ liệu"),
        (lambda d: d["tasks"][1].update(parent="khong-co"), "tham chiếu tới nhiệm vụ “khong-co” không có trong tệp"),
        (lambda d: d["tasks"][1].update(lead_unit="xyz"), "đơn vị “xyz” không có trong danh sách units"),
        (lambda d: d["units"].append({"code": "ngoaivu", "name": "Sở Ngoại vụ"}),
         "không tìm thấy đơn vị “Sở Ngoại vụ”"),
        (lambda d: d["tasks"][1].update(due_on="31/12/2026"), "không đúng dạng YYYY-MM-DD"),
    ],
)
def test_a_bad_file_is_refused_whole_with_the_place_named(world, mutate, fragment) -> None:  # type: ignore[no-untyped-def]
    data = exchange_export(directive=world.directive, today=TODAY)
    data["directive"]["code"] = "99-KH/X"
    mutate(data)
    count = Task.objects.count()
    with pytest.raises(ValidationError) as exc:
        exchange_import(actor=world.secretariat, raw=json.dumps(data).encode())
    assert any(fragment in m for m in exc.value.messages), exc.value.messages
    assert Task.objects.count() == count and not Directive.objects.filter(code="99-KH/X").exists()


def test_not_json_is_refused() -> None:
    with pytest.raises(ValidationError, match="không phải JSON"):
        exchange_import(actor=None, raw=b"\x00not json")


class _Receiver(http.server.BaseHTTPRequestHandler):
    statuses: list[int] = []
    bodies: list[bytes] = []
    auth: list[str] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).bodies.append(body)
        type(self).auth.append(self.headers.get("Authorization", ""))
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    _Receiver.statuses, _Receiver.bodies, _Receiver.auth = [], [], []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_push_retries_until_delivered_and_logs_every_attempt(world, receiver) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{receiver.server_address[1]}/nhan"
    target = push_target_save(actor=world.secretariat, name="Hệ thống quốc gia", url=url, directive=world.directive,
                              token="bi-mat", max_attempts=3)
    _Receiver.statuses = [503, 500]
    sleeps: list[float] = []
    [delivery] = exchange_push_run(sleep=sleeps.append)
    assert delivery.state == "delivered"
    assert [(a.number, a.status_code) for a in delivery.attempts.all()] == [(1, 503), (2, 500), (3, 200)]
    assert sleeps == [2.0, 4.0]
    assert json.loads(_Receiver.bodies[-1])["directive"]["code"] == "15-CTr/TU"
    assert _Receiver.auth[-1] == "Bearer bi-mat"
    # Not due again until its period has passed.
    assert exchange_push_run(sleep=sleeps.append) == []
    assert len(exchange_push_run(force=True, sleep=sleeps.append)) == 1
    del target


def test_push_gives_up_after_the_attempts_and_says_so(world) -> None:  # type: ignore[no-untyped-def]
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    push_target_save(actor=world.secretariat, name="Tỉnh bạn", url=f"http://127.0.0.1:{port}/",
                     directive=world.directive, max_attempts=2)
    [delivery] = exchange_push_run(sleep=lambda _s: None)
    assert delivery.state == "failed" and delivery.attempts.count() == 2
    assert "Không kết nối được" in delivery.attempts.first().error


def test_commands_export_and_import(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.json"
    call_command("export_exchange", "--directive", "15-CTr/TU", "--out", str(out))
    assert json.loads(out.read_text("utf-8"))["version"] == 1
    call_command("import_exchange", str(out))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "chidao.exchange", "version": 9}), "utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="phiên bản 9"):
        call_command("import_exchange", str(bad))


def test_exchange_page_is_for_the_office_only(world, client) -> None:  # type: ignore[no-untyped-def]
    for person in (world.head_a, world.officer_b, world.leader):
        client.force_login(person)
        assert client.get(reverse("exchange_home")).status_code == 403
        assert client.get(reverse("exchange_export", args=[world.directive.pk])).status_code == 403
        assert client.post(reverse("exchange_home"), {"action": "target", "name": "x", "url": "http://127.0.0.1:1/",
                                                       "directive": world.directive.pk, "interval_minutes": 60,
                                                       "max_attempts": 1}).status_code == 403
    assert not PushTarget.objects.exists()
    client.force_login(world.secretariat)
    assert client.get(reverse("exchange_home")).status_code == 200
    response = client.get(reverse("exchange_export", args=[world.directive.pk]))
    assert json.loads(response.content)["format"] == "chidao.exchange"
