"""The directive's page "Thêm nhiệm vụ từ văn bản": read, propose, confirm; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.directives.models import Task, TaskKind
from chidao.orgs.models import OrgUnit
from chidao.orgs.services import unit_group_create
from chidao.parsing.tests.test_documents import pdf_document, word_document

FAR = dt.date.today() + dt.timedelta(days=300)
TEXT = (f"Giao Sở Khoa học và Công nghệ chủ trì xây dựng Đề án sàn giao dịch công nghệ, hoàn thành trước ngày "
        f"{FAR:%d/%m/%Y}.\nĐề nghị Bộ Công Thương hướng dẫn cơ chế, hoàn thành trước ngày {FAR:%d/%m/%Y}.\n"
        f"Yêu cầu các sở, ban, ngành rà soát thủ tục hành chính, hoàn thành trước ngày {FAR:%d/%m/%Y}.")


def url(directive: Any) -> str:
    return f"/van-ban/{directive.pk}/them-tu-van-ban/"


def post_rows(rows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"step": "confirm", "count": len(rows)}
    for n, row in enumerate(rows):
        data.update({f"t{n}-{k}": v for k, v in row.items()})
    data.update(extra)
    return data


def test_only_the_standing_office_adds_tasks_from_a_document(client_as: Any, directive: Any, head_a: Any,
                                                             officer_b: Any, member: Any) -> None:
    for person in (head_a, officer_b, member):
        assert client_as(person).get(url(directive)).status_code == 403
        assert client_as(person).post(url(directive), {"text": TEXT}).status_code == 403
    assert Task.objects.count() == 0


def test_read_proposes_flags_and_confirm_creates_units_groups_and_tasks(
        client_as: Any, secretariat: Any, directive: Any, unit_a: Any, unit_b: Any) -> None:
    group = unit_group_create(actor=secretariat, name="Các sở, ban, ngành", members=[unit_a, unit_b])
    c = client_as(secretariat)
    page = c.post(url(directive), {"step": "read", "text": TEXT})
    html = page.content.decode()
    assert page.status_code == 200 and html.count('data-testid="proposal"') == 3
    assert "Bộ Công Thương" in html and 'data-testid="unknown-lead"' in html  # unknown lead, in red
    assert f'value="g{group.pk}" selected' in html  # the collective lead is the group
    due = f"{FAR:%d/%m/%Y}"
    rows = [
        {"include": "on", "title": "Xây dựng Đề án", "lead": str(unit_a.pk), "due": due},
        {"include": "on", "title": "Hướng dẫn cơ chế", "lead": "", "due": due, "unknown": "create",
         "lead_as_written": "Bộ Công Thương"},
        {"include": "on", "title": "Rà soát thủ tục hành chính", "lead": f"g{group.pk}", "due": due},
    ]
    done = c.post(url(directive), post_rows(rows))
    assert done.status_code == 302
    ministry = OrgUnit.objects.get(name="Bộ Công Thương")
    assert Task.objects.filter(lead_unit=ministry, state="assigned").count() == 1
    parent = Task.objects.get(unit_group=group)
    assert parent.kind == TaskKind.GROUP and parent.children.count() == 2
    # The same group assignment confirmed twice is refused, and nothing else is written.
    before = Task.objects.count()
    again = c.post(url(directive), post_rows(rows[2:]))
    assert "không giao lại" in again.content.decode() and Task.objects.count() == before


def test_an_unknown_lead_mapped_to_a_unit_is_saved_as_its_other_name(client_as: Any, secretariat: Any,
                                                                    directive: Any, unit_a: Any) -> None:
    rows = [{"include": "on", "title": "Hướng dẫn", "lead": str(unit_a.pk), "unknown": "alias",
             "lead_as_written": "Sở KH-CN thành phố", "due": f"{FAR:%d/%m/%Y}"}]
    assert client_as(secretariat).post(url(directive), post_rows(rows)).status_code == 302
    unit_a.refresh_from_db()
    assert "Sở KH-CN thành phố" in unit_a.aliases.splitlines()


def test_bad_documents_and_texts_that_assign_nothing(client_as: Any, secretariat: Any, directive: Any) -> None:
    c = client_as(secretariat)
    scanned = c.post(url(directive), {"step": "read", "document": SimpleUploadedFile("scan.pdf", pdf_document(None))})
    assert "Tệp không có lớp chữ" in scanned.content.decode()
    broken = c.post(url(directive), {"step": "read", "document": SimpleUploadedFile("a.docx", b"PK\x03\x04xx")})
    assert "bị hỏng" in broken.content.decode()
    big = SimpleUploadedFile("lon.pdf", b"%PDF" + b"0" * (50 * 1024 * 1024))
    assert "quá lớn" in c.post(url(directive), {"step": "read", "document": big}).content.decode()
    nothing = c.post(url(directive), {"step": "read", "text": "Ban Chỉ đạo ghi nhận kết quả thời gian qua."})
    assert 'data-testid="no-proposals"' in nothing.content.decode()
    missing = c.post(url(directive), post_rows([{"include": "on", "title": "Không đơn vị", "due": "31/12/2030"}]))
    assert "chưa có đơn vị chủ trì" in missing.content.decode()
    assert Task.objects.count() == 0 and OrgUnit.objects.filter(kind="other").count() == 0


def test_a_word_file_is_read(client_as: Any, secretariat: Any, directive: Any) -> None:
    page = client_as(secretariat).post(
        url(directive), {"step": "read", "document": SimpleUploadedFile("kl.docx", word_document(table=True))})
    assert page.content.decode().count('data-testid="proposal"') == 2
