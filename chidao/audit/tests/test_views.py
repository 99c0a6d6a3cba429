"""The audit log page: who may open it, what it shows, and the integrity check it runs."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from chidao.audit.models import AuditEvent
from chidao.core.tests.helpers import queries_for, snapshot, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer_a", "head_a", "officer_b", "head_b", "member"])
def test_unit_users_and_members_cannot_open_the_audit_log(who: str, request: Any, world: Any,
                                                          client_as: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    before = snapshot()
    assert c.get("/nhat-ky/").status_code == 403
    assert c.get("/nhat-ky/?verify=1").status_code == 403
    assert c.get("/nhat-ky/?action=report&actor=giamdoc_khcn").status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("who", ["secretariat", "leader", "admin"])
def test_audit_log_lists_events_newest_first_with_task_links(who: str, request: Any, world: Any,
                                                             client_as: Any) -> None:
    page = client_as(request.getfixturevalue(who)).get("/nhat-ky/")
    html = text(page)
    assert "Đề nghị gia hạn từ" in html
    assert "Trả lại báo cáo lần 1: Thiếu văn bản quy chế kèm theo" in html
    assert f'href="/nhiem-vu/{world.returned_task.pk}/"' in html
    newest = AuditEvent.objects.order_by("-seq").first()
    assert html.index(f"<td>{newest.seq}</td>") < html.index("<td>1</td>")


def test_audit_log_verify_says_the_chain_is_intact(world: Any, client_as: Any, secretariat: Any) -> None:
    c = client_as(secretariat)
    assertNotContains(c.get("/nhat-ky/"), "Chuỗi nhật ký toàn vẹn")  # verifying runs only when asked
    page = c.get("/nhat-ky/?verify=1")
    assertContains(page, f"Chuỗi nhật ký toàn vẹn: {AuditEvent.objects.count()} sự kiện đã kiểm tra.")
    assertNotContains(page, "bị phá vỡ")


def test_audit_log_verify_finds_a_tampered_row(world: Any, client_as: Any, leader: Any) -> None:
    target = AuditEvent.objects.get(action="report.return")
    # Someone with database access rewrites history behind the application's back.
    AuditEvent.objects.filter(pk=target.pk).update(summary="Tiếp nhận báo cáo lần 1")
    page = client_as(leader).get("/nhat-ky/?verify=1")
    assertContains(page, f"Chuỗi nhật ký bị phá vỡ tại sự kiện số {target.seq}.")
    assertNotContains(page, "Chuỗi nhật ký toàn vẹn")


def test_audit_log_filters_by_action_and_account(world: Any, client_as: Any, secretariat: Any,
                                                  head_a: Any) -> None:
    c = client_as(secretariat)
    by_action = text(c.get("/nhat-ky/?action=extension"))
    assert by_action.count("<code>extension.request</code>") == 1
    assert "<code>report." not in by_action and "<code>task." not in by_action
    by_actor = text(c.get(f"/nhat-ky/?actor={head_a.username}"))
    expected = AuditEvent.objects.filter(actor_name=head_a.username).count()
    assert by_actor.count(f"<td>{head_a.username}</td>") == expected > 0
    assert "<td>chuyenvien_khcn</td>" not in by_actor


def test_anonymous_people_are_sent_to_login(client: Any, db: None) -> None:
    response = client.get("/nhat-ky/?verify=1")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/nhat-ky/")


def test_audit_log_query_count_is_constant(grow: Any, client_as: Any, secretariat: Any,
                                           django_assert_max_num_queries: Any) -> None:
    c = client_as(secretariat)
    grow(3)
    c.get("/nhat-ky/")
    small = queries_for(c, "/nhat-ky/")
    grow(20)
    with django_assert_max_num_queries(small):
        response = c.get("/nhat-ky/")
    html = text(response)
    assert html.count("<code>") == 50  # one page of 50 events…
    assert f"Trang 1/{-(-AuditEvent.objects.count() // 50)}" in html  # …of several
