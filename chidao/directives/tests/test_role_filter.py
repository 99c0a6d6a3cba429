"""The task filter "Vai trò đơn vị" works without a unit for a unit's people, and says so otherwise;
a filter that matches nothing shows an empty state that says what to do."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(make_task, unit_a, unit_b):  # type: ignore[no-untyped-def]
    return {
        "led": make_task(title="Sở chủ trì số hóa hồ sơ"),
        "supported": make_task(title="Phường chủ trì, sở phối hợp", lead_unit=unit_b, support_units=[unit_a]),
    }


def test_role_lead_applies_to_the_viewers_own_unit(client, officer_a, tasks) -> None:
    client.force_login(officer_a)
    body = client.get("/nhiem-vu/?role=lead").content.decode()
    assert "Sở chủ trì số hóa hồ sơ" in body and "Phường chủ trì, sở phối hợp" not in body
    assert "áp dụng cho đơn vị của anh/chị: Sở KH&amp;CN" in body
    body = client.get("/nhiem-vu/?role=support").content.decode()
    assert "Phường chủ trì, sở phối hợp" in body and "Sở chủ trì số hóa hồ sơ" not in body


def test_role_without_unit_is_explained_to_the_office(client, secretariat, tasks) -> None:
    client.force_login(secretariat)
    body = client.get("/nhiem-vu/?role=lead").content.decode()
    assert "chỉ có tác dụng khi chọn một đơn vị" in body
    assert "Sở chủ trì số hóa hồ sơ" in body and "Phường chủ trì, sở phối hợp" in body


def test_a_filter_matching_nothing_is_an_empty_state_not_an_error(client, secretariat, tasks, unit_b) -> None:
    client.force_login(secretariat)
    response = client.get(f"/nhiem-vu/?unit={unit_b.pk}&role=lead&status=done_on_time&q=khongcogi")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Không có nhiệm vụ nào khớp điều kiện lọc." in body and "bỏ lọc để xem tất cả" in body
    assert client.get("/nhiem-vu/?role=xyz&due_from=31/02/2026&unit=999999").status_code == 200
