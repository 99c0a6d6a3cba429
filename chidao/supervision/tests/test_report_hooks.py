"""The scorecard ranking, early warnings and open recommendations in the consolidated report, and
the scorecard ranking spreadsheet (on the demo story)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from chidao.demo.testing import consolidated_text, demo_seeded, sheet
from chidao.supervision import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(files_dir):  # type: ignore[no-untyped-def]
    return demo_seeded()


def test_report_ranks_units_by_scorecard_and_lists_warnings_and_recommendations(demo) -> None:  # type: ignore[no-untyped-def]
    boss = demo["people"]["thuongtruc"]
    text = consolidated_text(user=boss, directive=demo["programme"], as_of=demo["today"])
    assert "XẾP HẠNG CÁC ĐƠN VỊ THEO THẺ ĐIỂM QUÝ" in text
    assert "Hạng | Đơn vị | Tỷ lệ hoàn thành | Tỷ lệ đúng hạn | Quá hạn | Điểm | Xếp loại" in text
    assert "Sở, ban, ngành" in text  # ranked within unit kind
    assert re.search(r"\n1 \| Sở [^|]+ \| [\d,%—]+ \| [\d,%—]+ \| \d+ \| \d+,\d\d \| (Xuất sắc|Tốt|Đạt|Chưa đạt)", text)
    warned = selectors.warnings_list(user=boss, today=demo["today"], directive=demo["programme"]).count()
    assert warned > 0
    assert "CẢNH BÁO SỚM NGUY CƠ CHẬM TIẾN ĐỘ" in text
    assert f"Có {warned} nhiệm vụ có nguy cơ chậm tiến độ" in text
    assert "KIẾN NGHỊ CỦA CÁC ĐƠN VỊ CHƯA ĐƯỢC TRẢ LỜI" in text
    assert re.search(r"Có \d+ kiến nghị của các đơn vị chưa được trả lời", text)


def test_ranking_export_is_the_scorecard_with_typed_cells(demo, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(demo["people"]["lanhdao"])
    response = client.get(reverse("ranking_xlsx"), {"directive": demo["programme"].pk})  # the old URL still works
    assert response.status_code == 200
    ws, h = sheet(response.content)
    headers = [c.value for c in ws[h]]
    assert headers[:5] == ["Loại đơn vị", "Hạng trong loại", "Đơn vị", "Điểm", "Xếp loại"]
    rows = [r for r in ws.iter_rows(min_row=h + 1, values_only=True)]
    assert rows and any(isinstance(r[3], float) for r in rows) and any(isinstance(r[1], int) for r in rows)
    ranked = [r for r in rows if r[0] == "Sở, ban, ngành" and r[1] is not None]
    assert [r[1] for r in ranked] == sorted(r[1] for r in ranked)  # in rank order
    assert ws.cell(h + 1, 6).number_format == "0.00%" and ws.cell(h + 1, 4).number_format == "#,##0.00"
    assert "Kỳ đánh giá: Quý" in ws.cell(2, 1).value


def test_unit_users_may_not_download_every_units_scorecard(demo, client) -> None:  # type: ignore[no-untyped-def]
    # The ranking spreadsheet holds every unit's details: committee-wide roles only (DESIGN §2).
    for username in ("khcn.truong", "haichau.cv"):
        client.force_login(demo["people"][username])
        assert client.get(reverse("ranking_xlsx")).status_code == 403
        assert client.get(reverse("extra_xlsx", args=["xep-hang-diem"])).status_code == 403


def test_report_period_is_the_quarter_of_the_report_day() -> None:
    from chidao.supervision.report_hooks import report_period

    assert report_period(dt.date(2026, 5, 15)).key == "2026-Q2"
