"""Numbers, money, percentages and dates the Vietnamese way (DESIGN §6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chidao.core.formatting import format_date, format_decimal, format_percent, format_vnd, format_vnd_short


@pytest.mark.parametrize(("value", "expected"), [
    (1234567890, "1.234.567.890 đ"),
    (0, "0 đ"),
    (999, "999 đ"),
    (1000, "1.000 đ"),
    (-2500000, "-2.500.000 đ"),
    (None, ""),
])
def test_format_vnd(value: int | None, expected: str) -> None:
    assert format_vnd(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (200_000_000_000, "200 tỷ đồng"),
    (660_000_000_000, "660 tỷ đồng"),
    (1_500_000_000, "1,5 tỷ đồng"),
    (1_250_000_000, "1,25 tỷ đồng"),
    (1_000_000_000_000, "1.000 tỷ đồng"),
    (350_000_000, "350 triệu đồng"),
    (2_500_000, "2,5 triệu đồng"),
    (500_000, "500.000 đ"),
    (None, ""),
])
def test_format_vnd_short(value: int | None, expected: str) -> None:
    assert format_vnd_short(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("98.63"), "98,63%"),
    (Decimal("86.44"), "86,44%"),
    (Decimal("100"), "100,00%"),
    (Decimal("0"), "0,00%"),
    (Decimal("66.665"), "66,67%"),
    (None, "—"),
])
def test_format_percent(value: Decimal | None, expected: str) -> None:
    assert format_percent(value) == expected


@pytest.mark.parametrize(("value", "places", "expected"), [
    (Decimal("1234.5"), 2, "1.234,50"),
    (98.6301, 2, "98,63"),
    (Decimal("-0.5"), 0, "-1"),
    (12345, 0, "12.345"),
])
def test_format_decimal(value: Decimal | float | int, places: int, expected: str) -> None:
    assert format_decimal(value, places) == expected


def test_format_date_is_day_month_year() -> None:
    assert format_date(dt.date(2025, 11, 28)) == "28/11/2025"
    assert format_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert format_date(None) == ""
