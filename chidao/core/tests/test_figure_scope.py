"""Every figure says what it covers; a unit sees the committee's figures beside its own, and the
workspace, the unit's .docx and the dashboard count a unit's tasks the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from chidao.demo.testing import docx_text
from chidao.orgs.services import unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_task: Any, complete_task: Any, unit_a: Any, unit_b: Any, head_b: Any) -> dict[str, Any]:
    t = timezone.localdate()
    past = {"due_on": t - dt.timedelta(days=5), "assigned_on": t - dt.timedelta(days=60)}
    sub = unit_create(actor=None, code="khcn-ttdl", name="Trung tâm Dữ liệu thuộc Sở KH&CN", kind="other",
                      short_name="TTDL", parent=unit_a)
    t1 = make_task(title="T1 cơ sở dữ liệu khoa học", **past)
    complete_task(t1, on=t - dt.timedelta(days=10))
    make_task(title="T2 nền tảng số dùng chung", support_units=[sub], **past)
    t3 = make_task(title="T3 trung tâm dữ liệu", lead_unit=sub, support_units=[unit_a])
    t4 = make_task(title="T4 hạ tầng cáp quang phường", lead_unit=unit_b, support_units=[unit_a], **past)
    make_task(title="T5 chuyển đổi số phường", lead_unit=unit_b, **past)
    t6 = make_task(title="T6 dịch vụ công trực tuyến phường", lead_unit=unit_b, **past)
    complete_task(t6, on=t - dt.timedelta(days=8))
    return {"t3": t3, "t4": t4, "sub": sub}


def test_unit_dashboard_names_its_scope_and_shows_the_committee_beside(client, head_a, scene) -> None:
    client.force_login(head_a)
    body = client.get("/?directive=all").content.decode()
    assert "Số liệu: Nhiệm vụ của Sở KH&amp;CN (chủ trì / phối hợp)" in body
    # Own: T1 done, T2 and T4 overdue (T3 not yet due) → 1/3; the committee: T1, T6 of T1, T2, T4, T5, T6 → 2/5.
    assert 'data-testid="completion-rate">33,33%' in body
    assert 'data-testid="committee-completion-rate">40,00%' in body
    assert "Tỷ lệ hoàn thành – Toàn Ban Chỉ đạo" in body
    # A unit sees no other unit's task among the committee figures: only counts.
    assert "T5 chuyển đổi số phường" not in body


def test_committee_roles_see_the_committee_label_only(client, secretariat, scene) -> None:
    client.force_login(secretariat)
    body = client.get("/?directive=all").content.decode()
    assert "Số liệu: Toàn Ban Chỉ đạo" in body
    assert 'data-testid="completion-rate">40,00%' in body
    assert "committee-completion-rate" not in body


def test_workspace_and_unit_docx_count_the_same_and_never_list_a_led_task_as_support(
    client, head_a, unit_a, scene
) -> None:
    client.force_login(head_a)
    body = client.get("/don-vi-cua-toi/").content.decode()
    # Led by the unit or its sub-unit: T1, T2, T3; only supported: T4 (T3 names Sở KH&CN as support
    # but its own centre leads it).
    assert "Nhiệm vụ của Sở KH&amp;CN: chủ trì 3, phối hợp 1" in body
    assert "Nhiệm vụ đơn vị phối hợp (1)" in body
    support = body.split("Nhiệm vụ đơn vị phối hợp", 1)[1]
    assert "T4 hạ tầng cáp quang phường" in support and "T3 trung tâm dữ liệu" not in support
    text = docx_text(client.get(f"/don-vi/{unit_a.pk}/bao-cao.docx").content)
    assert "Chủ trì 3 nhiệm vụ, phối hợp 1 nhiệm vụ." in text
