"""Helpers shared by the view, API and browser tests (not a test module itself).

`build_world` makes, through the services, one task of unit_a in every state a unit user could
try to reach: a submitted report with evidence, a draft awaiting the head with evidence, a
returned report, a pending extension, an unassigned draft task; plus one task of unit_b so a
test can show the same URL works for the unit that owns it.

The fixtures at the end are imported by each app's `tests/conftest.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from chidao.audit.models import AuditEvent
from chidao.directives.models import Task
from chidao.reporting.models import Evidence, ExtensionRequest, ProgressReport


def today() -> dt.date:
    return timezone.localdate()


def ddmmyyyy(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def text(response: HttpResponse) -> str:
    return response.content.decode("utf-8")


def snapshot() -> dict[str, Any]:
    """Everything a denied request must leave as it was."""
    return {
        "tasks": list(Task.objects.order_by("pk").values_list(
            "pk", "state", "title", "lead_unit_id", "due_on", "progress", "completed_on", "cancel_reason",
            "assigned_on", "last_reported_on",
        )),
        "reports": list(ProgressReport.objects.order_by("pk").values_list(
            "pk", "state", "progress", "results", "claims_completion", "version", "review_comment",
        )),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "report_id", "sha256")),
        "extensions": list(ExtensionRequest.objects.order_by("pk").values_list(
            "pk", "state", "proposed_due_on", "decision_reason",
        )),
        "audit_events": AuditEvent.objects.count(),
    }


def stored_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def listed_task_ids(response: HttpResponse, testid: str = "task-table") -> set[int]:
    """Ids of the tasks linked inside the table (or block) marked `data-testid=testid`."""
    html = text(response)
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</table>", start)
    return {int(pk) for pk in re.findall(r'href="/nhiem-vu/(\d+)/"', html[start:end])}


def by_testid(response: HttpResponse, testid: str) -> str:
    """The text directly inside the element marked `data-testid=testid` (first match)."""
    match = re.search(rf'data-testid="{re.escape(testid)}"[^>]*>([^<]*)<', text(response))
    assert match, f"no element with data-testid={testid}"
    return match.group(1).strip()


@dataclass
class World:
    task: Task                    # unit_a; a submitted report with evidence awaits review
    submitted: ProgressReport
    submitted_evidence: Evidence
    draft_task: Task              # unit_a; the officer's draft (with evidence) awaits the head
    draft: ProgressReport
    draft_evidence: Evidence
    returned_task: Task           # unit_a; the standing office returned its report
    returned: ProgressReport
    extension_task: Task          # unit_a; the head asked for more time
    extension: ExtensionRequest
    unassigned: Task              # unit_a; still a draft of the standing office
    own_task: Task                # unit_b's own task (the positive control)
    own_report: ProgressReport    # unit_b's submitted report with evidence
    own_evidence: Evidence


def build_world(
    *,
    make_task: Callable[..., Task],
    make_pdf: Callable[..., Any],
    secretariat: Any,
    officer_a: Any,
    head_a: Any,
    officer_b: Any,
    head_b: Any,
    unit_b: Any,
    support_units: list[Any] | None = None,
) -> World:
    from chidao.reporting.services import (
        extension_request_create,
        report_draft_create,
        report_review,
        report_send_for_approval,
        report_submit,
    )

    support = support_units or []
    task = make_task(title="Xây dựng trung tâm dữ liệu thành phố", support_units=support)
    submitted = report_draft_create(actor=officer_a, task=task, progress=40, results="Đã lập đề án",
                                    files=[make_pdf("de-an.pdf", "Đề án trung tâm dữ liệu")])
    report_submit(actor=head_a, report=submitted)

    draft_task = make_task(title="Hoàn thiện cơ sở dữ liệu công chức", support_units=support)
    draft = report_draft_create(actor=officer_a, task=draft_task, progress=70, results="Đang nhập liệu",
                                files=[make_pdf("du-thao.pdf", "Dự thảo báo cáo")])
    report_send_for_approval(actor=officer_a, report=draft)

    returned_task = make_task(title="Ban hành quy chế chia sẻ dữ liệu", support_units=support)
    returned = report_draft_create(actor=officer_a, task=returned_task, progress=100, claims_completion=True,
                                   output_document="15/QĐ-UBND", results="Đã ban hành quy chế")
    report_submit(actor=head_a, report=returned)
    report_review(actor=secretariat, report=returned, accept=False, comment="Thiếu văn bản quy chế kèm theo")

    extension_task = make_task(title="Triển khai nền tảng họp không giấy", support_units=support)
    extension = extension_request_create(actor=head_a, task=extension_task,
                                         proposed_due_on=extension_task.due_on + dt.timedelta(days=45),
                                         reason="Chờ bố trí kinh phí")

    unassigned = make_task(title="Nhiệm vụ chưa giao của Sở", assign=False, support_units=support)

    own_task = make_task(title="Phổ cập kỹ năng số cho người dân phường", lead_unit=unit_b)
    own_report = report_draft_create(actor=officer_b, task=own_task, progress=30, results="Đã mở 3 lớp",
                                     files=[make_pdf("lop-hoc.pdf", "Danh sách lớp")])
    report_submit(actor=head_b, report=own_report)

    for obj in (task, draft_task, returned_task, extension_task, own_task):
        obj.refresh_from_db()
    return World(
        task=task, submitted=submitted, submitted_evidence=submitted.evidence.get(),
        draft_task=draft_task, draft=draft, draft_evidence=draft.evidence.get(),
        returned_task=returned_task, returned=returned,
        extension_task=extension_task, extension=extension,
        unassigned=unassigned,
        own_task=own_task, own_report=own_report, own_evidence=own_report.evidence.get(),
    )


# ---------------------------------------------------------------------------------------------
# Fixtures (imported by the apps' tests/conftest.py)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def client_as(db: None) -> Callable[[Any], Client]:
    """A fresh test client logged in as `user` (several people can act side by side)."""

    def make(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def world(
    make_task: Callable[..., Task], make_pdf: Callable[..., Any], secretariat: Any, officer_a: Any, head_a: Any,
    officer_b: Any, head_b: Any, unit_b: Any, leader: Any, member: Any, admin: Any,
) -> World:
    return build_world(make_task=make_task, make_pdf=make_pdf, secretariat=secretariat, officer_a=officer_a,
                       head_a=head_a, officer_b=officer_b, head_b=head_b, unit_b=unit_b)


def queries_for(client: Client, url: str, *, cold: bool = True) -> int:
    """How many SQL queries one GET of `url` runs (the page must answer 200). `cold`: with the
    figures cache emptied first (core/figures.py), i.e. the most a page of this data can run."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        caches["figures"].clear()

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def grow(
    make_task: Callable[..., Task], make_pdf: Callable[..., Any], submit_report: Callable[..., Any],
    complete_task: Callable[..., Any], unit_people: dict[int, tuple[Any, Any]], secretariat: Any,
    directive: Any, unit_a: Any, unit_b: Any,
) -> Callable[[int], list[Task]]:
    """`grow(n)` adds n more tasks of every kind a list page shows: both units lead (and support),
    under the directive and programmes beneath it; overdue, completed, with submitted reports and
    evidence, with drafts, recurring, with pending extensions."""
    from chidao.directives.services import directive_create
    from chidao.reporting.services import extension_request_create, report_draft_create

    state = {"n": 0, "directive": directive}

    def add(n: int) -> list[Task]:
        created = []
        for _ in range(n):
            i = state["n"]
            state["n"] += 1
            if i % 5 == 0:
                state["directive"] = directive_create(
                    actor=secretariat, code=f"{100 + i}/KH-UBND", kind="plan", parent=directive,
                    title=f"Kế hoạch triển khai số {i}", issued_on=today() - dt.timedelta(days=90),
                )
            lead, other = (unit_a, unit_b) if i % 2 == 0 else (unit_b, unit_a)
            officer, head = unit_people[lead.pk]
            kind = "recurring" if i % 7 == 6 else "deadline"
            params: dict[str, Any] = {
                "directive": state["directive"], "lead_unit": lead, "support_units": [other], "kind": kind,
                "title": f"Nhiệm vụ đo truy vấn số {i}", "field": "data" if i % 2 else "infrastructure",
            }
            if kind == "deadline" and i % 4 == 0:
                params.update(due_on=today() - dt.timedelta(days=3), assigned_on=today() - dt.timedelta(days=40))
            task = make_task(**params)
            if kind == "recurring":
                submit_report(task, progress=20, files=[make_pdf(f"dinh-ky-{i}.pdf", f"Định kỳ {i}")])
            elif i % 4 == 1:
                complete_task(task, on=today() - dt.timedelta(days=1))
            elif i % 4 == 2:
                submit_report(task, progress=60, files=[make_pdf(f"tien-do-{i}.pdf", f"Tiến độ {i}")])
                extension_request_create(actor=head, task=task, proposed_due_on=task.due_on + dt.timedelta(days=30),
                                         reason="Cần thêm thời gian")
            elif i % 4 == 3:
                report_draft_create(actor=officer, task=task, progress=35, results="Đang soạn",
                                    files=[make_pdf(f"du-thao-{i}.pdf", f"Dự thảo {i}")])
            created.append(task)
        return created

    return add


def real_pdf(text: str = "Bien ban") -> bytes:
    """A complete one-page PDF (catalog, page, font, content stream and a correct xref table)
    that any reader opens; `text` must be ASCII (PDF's base-14 fonts)."""
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
