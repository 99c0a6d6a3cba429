"""Indicators in the consolidated report, the indicators spreadsheet and the exchange file (on
the demo story)."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from chidao.core.formatting import format_percent
from chidao.demo.testing import consolidated_text, demo_seeded, sheet
from chidao.exchange import services as exchange
from chidao.indicators import selectors
from chidao.indicators.models import IndicatorValue, ValueState

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(files_dir):  # type: ignore[no-untyped-def]
    return demo_seeded()


def test_report_has_the_indicator_results_section(demo) -> None:  # type: ignore[no-untyped-def]
    text = consolidated_text(user=demo["people"]["thuongtruc"], directive=demo["programme"], as_of=demo["today"])
    assert "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in text
    dash = selectors.results_dashboard(year=demo["today"].year)
    assert dash.headlines
    first_headline = text.index("Chỉ tiêu trọng tâm:")
    assert "Top 5" in text[first_headline:first_headline + 400]
    assert first_headline < text.index("STT | Bộ chỉ số")  # the Top-5 targets before the indices
    root = dash.indices[0]
    assert f"{root.indicator.name} |" in text and format_percent(root.overall) in text
    assert any(word in text for word in ("Đúng lộ trình", "Có nguy cơ", "Chậm, lệch lộ trình"))


def test_indicators_spreadsheet_has_targets_values_and_achievement(demo, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(demo["people"]["thuongtruc"])
    assert 'data-testid="indicators-xlsx"' in client.get(reverse("indicator_dashboard")).content.decode()
    response = client.get(reverse("extra_xlsx", args=["chi-so"]), {"year": demo["today"].year})
    ws, h = sheet(response.content)
    headers = [c.value for c in ws[h]]
    assert headers[:2] == ["Mã", "Chỉ số, chỉ tiêu"] and "Mức đạt" in headers and "Giá trị mới nhất" in headers
    rows = list(ws.iter_rows(min_row=h + 1, values_only=True))
    with_value = [r for r in rows if r[8] is not None]
    assert with_value and all(isinstance(r[8], float | int) for r in with_value)
    assert all(isinstance(r[9], dt.datetime) for r in with_value)
    assert any(isinstance(r[11], float) for r in rows)
    assert ws.cell(h + 1, 12).number_format == "0.00%" and ws.cell(h + 1, 10).number_format == "DD/MM/YYYY"


def test_unit_users_may_not_download_the_indicators_spreadsheet(demo, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(demo["people"]["khcn.truong"])
    assert 'indicators-xlsx' not in client.get(reverse("indicator_dashboard")).content.decode()
    assert client.get(reverse("extra_xlsx", args=["chi-so"])).status_code == 403


def test_exchange_carries_verified_indicator_values_and_reimport_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    programme = demo["programme"]
    data = exchange.exchange_export(directive=programme)
    values = data["indicator_values"]
    expected = IndicatorValue.objects.filter(indicator__tasks__directive=programme,
                                             state=ValueState.VERIFIED).distinct().count()
    assert expected > 0 and len(values) == expected
    assert {"indicator", "period_end", "value"} <= set(values[0])
    assert values[0]["indicator"] and dt.date.fromisoformat(values[0]["period_end"])
    raw = exchange.exchange_dumps(data)
    json.loads(raw)
    boss = demo["people"]["thuongtruc"]
    assert exchange.exchange_import(actor=boss, raw=raw, commit=False).changes == 0
    count = IndicatorValue.objects.count()
    exchange.exchange_import(actor=boss, raw=raw)
    assert exchange.exchange_import(actor=boss, raw=raw, commit=False).changes == 0
    assert IndicatorValue.objects.count() == count
