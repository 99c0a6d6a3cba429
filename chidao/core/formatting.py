"""Pure formatting of numbers the Vietnamese way (dot thousands, comma decimals)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def group_thousands(value: int) -> str:
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_vnd(value: int | None) -> str:
    """1234567890 → '1.234.567.890 đ'."""
    if value is None:
        return ""
    return f"{group_thousands(value)} đ"


def format_vnd_short(value: int | None) -> str:
    """Large sums as officials say them: 200000000000 → '200 tỷ đồng'."""
    if value is None:
        return ""
    billion = 1_000_000_000
    million = 1_000_000
    if abs(value) >= billion:
        amount = Decimal(value) / billion
        unit = "tỷ đồng"
    elif abs(value) >= million:
        amount = Decimal(value) / million
        unit = "triệu đồng"
    else:
        return format_vnd(value)
    text = format_decimal(amount, 2).rstrip("0").rstrip(",")
    return f"{text} {unit}"


def format_decimal(value: Decimal | float | int | None, places: int = 2) -> str:
    """Fixed decimals with a comma: 98.6301 → '98,63'."""
    if value is None:
        return ""
    quant = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    text = group_thousands(int(whole))
    return f"{sign}{text},{frac}" if places else f"{sign}{text}"


def format_percent(value: Decimal | None) -> str:
    """A rate with two decimals, '—' when there is nothing to divide by."""
    if value is None:
        return "—"
    return f"{format_decimal(value, 2)}%"


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
