"""Fixtures of the notifications and rounds tests: people of every role in two units, a
directive, tasks and reports — all through the services. Names match the project's root
conftest so the tests read the same; where both exist, these (app-level) ones are used."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "MatKhau!2025"


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reminder_settings(settings: Any) -> None:
    settings.CHIDAO_REMIND_DAYS_BEFORE = 3
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 3
    settings.CHIDAO_ROUND_GRACE_DAYS = 10


def _person(username: str, role: str, full_name: str, unit: Any = None, email: str = "") -> Any:
    from chidao.orgs.services import user_create

    return user_create(actor=None, username=username, password=PASSWORD, role=role, full_name=full_name,
                       unit=unit, email=email or f"{username}@danang.example")


@pytest.fixture
def standing_office(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="vptu", name="Văn phòng Thành ủy", kind="standing_office", short_name="VPTU")


@pytest.fixture
def unit_a(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="so-khcn", name="Sở Khoa học và Công nghệ", kind="department",
                       short_name="Sở KH&CN")


@pytest.fixture
def unit_b(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="phuong-hai-chau", name="Phường Hải Châu", kind="commune")


@pytest.fixture
def admin(db: None) -> Any:
    return _person("quantri", "admin", "Quản trị hệ thống")


@pytest.fixture
def leader(db: None) -> Any:
    return _person("truongban", "leader", "Nguyễn Văn Trưởng")


@pytest.fixture
def secretariat(standing_office: Any) -> Any:
    return _person("thuongtruc", "secretariat", "Lê Thị Thường Trực", standing_office)


@pytest.fixture
def member(db: None) -> Any:
    return _person("thanhvien", "member", "Phạm Văn Thành Viên")


@pytest.fixture
def head_a(unit_a: Any) -> Any:
    return _person("giamdoc_khcn", "unit_head", "Trần Văn Giám Đốc", unit_a)


@pytest.fixture
def officer_a(unit_a: Any) -> Any:
    return _person("chuyenvien_khcn", "unit_officer", "Hoàng Thị Chuyên Viên", unit_a)


@pytest.fixture
def head_b(unit_b: Any) -> Any:
    return _person("chutich_haichau", "unit_head", "Võ Văn Chủ Tịch", unit_b)


@pytest.fixture
def officer_b(unit_b: Any) -> Any:
    return _person("congchuc_haichau", "unit_officer", "Đặng Thị Công Chức", unit_b)


@pytest.fixture
def people(admin: Any, leader: Any, secretariat: Any, member: Any, head_a: Any, officer_a: Any, head_b: Any,
           officer_b: Any) -> dict[str, Any]:
    return {"admin": admin, "leader": leader, "secretariat": secretariat, "member": member, "head_a": head_a,
            "officer_a": officer_a, "head_b": head_b, "officer_b": officer_b}


@pytest.fixture
def directive(secretariat: Any) -> Any:
    from chidao.directives.services import directive_create

    return directive_create(actor=secretariat, code="57-NQ/TW", kind="resolution",
                            title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                            issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22))


@pytest.fixture
def make_task(directive: Any, secretariat: Any, unit_a: Any) -> Callable[..., Any]:
    """A task through task_create, assigned 01/01/2025 to unit_a unless told otherwise."""
    from chidao.directives.services import task_create

    counter = {"n": 0}

    def make(**kw: Any) -> Any:
        counter["n"] += 1
        params: dict[str, Any] = {
            "actor": secretariat, "directive": directive, "title": f"Nhiệm vụ thử nghiệm số {counter['n']}",
            "lead_unit": unit_a, "assign": True, "assigned_on": dt.date(2025, 1, 1),
            "due_on": dt.date(2025, 12, 31), "expected_output": "Báo cáo kết quả",
        }
        params.update(kw)
        return task_create(**params)

    return make


@pytest.fixture
def submit_report(people: dict[str, Any]) -> Callable[..., Any]:
    from chidao.reporting.services import report_draft_create, report_submit

    def submit(task: Any, *, on: dt.date, claim: bool = False) -> Any:
        pair = {people["head_a"].unit_id: ("officer_a", "head_a"), people["head_b"].unit_id: ("officer_b", "head_b")}
        officer, head = (people[k] for k in pair[task.lead_unit_id])
        report = report_draft_create(actor=officer, task=task, progress=100 if claim else 50,
                                     results="Đã triển khai", claims_completion=claim,
                                     output_document="123/QĐ-UBND" if claim else "")
        return report_submit(actor=head, report=report, on=on)

    return submit


@pytest.fixture
def travel() -> Iterator[Callable[..., Any]]:
    """Move the clock to a local date/time in Asia/Ho_Chi_Minh (time-machine, not ticking)."""
    travellers: list[Any] = []

    def go(day: dt.date, hour: int = 9, minute: int = 0) -> Any:
        for t in travellers:
            t.stop()
        travellers.clear()
        t = time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ), tick=False)
        t.start()
        travellers.append(t)
        return t

    yield go
    for t in travellers:
        t.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
