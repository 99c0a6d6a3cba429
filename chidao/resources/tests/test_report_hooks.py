"""Resources in the consolidated report and the projects spreadsheet (on the demo story)."""

import pytest
from django.urls import reverse

from chidao.core.formatting import format_vnd
from chidao.demo.testing import consolidated_text, demo_seeded, sheet
from chidao.resources import selectors
from chidao.resources.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(files_dir):  # type: ignore[no-untyped-def]
    return demo_seeded()


def test_report_has_the_resources_section(demo) -> None:  # type: ignore[no-untyped-def]
    boss = demo["people"]["thuongtruc"]
    text = consolidated_text(user=boss, directive=demo["programme"], as_of=demo["today"])
    assert "NGUỒN LỰC THỰC HIỆN" in text
    dash = selectors.resources_dashboard(user=boss, year=demo["today"].year, today=demo["today"])
    assert dash.total.planned > 0
    assert f"kế hoạch vốn {format_vnd(dash.total.planned)}, đã giải ngân {format_vnd(dash.total.disbursed)}" in text
    assert f"Tổng cộng | {dash.total.projects} | {format_vnd(dash.total.planned)}" in text
    slowest = dash.slowest[0]
    assert f"- {slowest.name} ({slowest.owner_unit.display_name})" in text
    if dash.warnings:
        assert "điểm phần trăm so với tiến độ thời gian" in text


def test_projects_spreadsheet_has_money_as_typed_integers(demo, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(demo["people"]["lanhdao"])
    assert 'data-testid="projects-xlsx"' in client.get(reverse("resource_dashboard")).content.decode()
    ws, h = sheet(client.get(reverse("extra_xlsx", args=["du-an"]), {"year": demo["today"].year}).content)
    headers = [c.value for c in ws[h]]
    assert "Tổng mức đầu tư (đồng)" in headers and "Kế hoạch vốn năm (đồng)" in headers
    rows = list(ws.iter_rows(min_row=h + 1, values_only=True))
    assert len(rows) == Project.objects.count()
    big = next(r for r in rows if r[6] == 200_000_000_000)  # the computing-infrastructure project
    assert isinstance(big[6], int) and isinstance(big[10], int)
    for col in (7, 11, 12, 14):
        assert ws.cell(h + 1, col).number_format == "#,##0"
    assert ws.cell(h + 1, 13).number_format == "0.00%"
    assert sum(r[10] for r in rows) == selectors.resources_dashboard(
        user=demo["people"]["lanhdao"], year=demo["today"].year, today=demo["today"]).total.planned


def test_unit_users_may_not_download_the_projects_spreadsheet(demo, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(demo["people"]["taichinh.cv"])
    assert 'projects-xlsx' not in client.get(reverse("resource_dashboard")).content.decode()
    assert client.get(reverse("extra_xlsx", args=["du-an"])).status_code == 403
