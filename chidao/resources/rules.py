"""Pure rules of capital and disbursement (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def disbursement_rate(*, disbursed: int, planned: int) -> Decimal | None:
    """Disbursed ÷ planned for the year, in percent with two decimals; None without a plan."""
    if not planned or planned <= 0:
        return None
    return (Decimal(disbursed) * 100 / Decimal(planned)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def year_elapsed(*, year: int, today: dt.date) -> Decimal:
    """The share of the year that has passed as of `today`, in percent (100 for past years)."""
    if year < today.year:
        return Decimal(100)
    if year > today.year:
        return Decimal(0)
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    passed = (today - dt.date(year, 1, 1)).days + 1
    return (Decimal(passed) * 100 / Decimal(days)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def disbursement_lag(*, rate: Decimal | None, elapsed: Decimal) -> Decimal | None:
    """How many percentage points disbursement trails the calendar (positive = behind)."""
    if rate is None:
        return None
    return elapsed - rate


def disbursement_warning(*, rate: Decimal | None, elapsed: Decimal, margin: Decimal) -> bool:
    """Warn when the year's rate trails the share of the year passed by more than the margin."""
    lag = disbursement_lag(rate=rate, elapsed=elapsed)
    return lag is not None and lag > margin
