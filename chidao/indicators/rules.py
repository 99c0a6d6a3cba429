"""Pure rules of indicators: periods, achievement, traffic lights and roll-ups (no database).

Achievement is the percent of the target reached, respecting the direction:
* higher is better: value ÷ target × 100;
* lower is better: target ÷ value × 100 (a value of 0 meets any non-negative target);
* rank targets ("Top 5"): rank is lower-is-better, so target rank ÷ rank × 100; the target is
  achieved exactly when rank ≤ target rank.
The traffic light compares achievement with two settable thresholds (percent): at or above
`on_track` is on track, at or above `at_risk` is at risk, below is off track.
A roll-up is the weighted mean of the children's achievements, each capped at 100 so that one
indicator far above target cannot hide another far below it; weights are the children's max points
where the index gives points, else their weights, else equal.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
LIGHT_LABELS = {
    ON_TRACK: "Đúng lộ trình",
    AT_RISK: "Có nguy cơ",
    OFF_TRACK: "Chậm, lệch lộ trình",
    NO_DATA: "Chưa có số liệu",
}
LIGHT_BADGES = {ON_TRACK: "success", AT_RISK: "warning", OFF_TRACK: "danger", NO_DATA: "secondary"}

PERIOD_MONTHS = {
    "month": set(range(1, 13)),
    "quarter": {3, 6, 9, 12},
    "half_year": {6, 12},
    "year": {12},
}
ROMAN = {3: "I", 6: "II", 9: "III", 12: "IV"}


def period_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_allowed(periodicity: str, month: int) -> bool:
    """A quarterly indicator takes values only at a quarter's last month, and so on."""
    return month in PERIOD_MONTHS.get(periodicity, set(range(1, 13)))


def period_label(periodicity: str, end: dt.date) -> str:
    if periodicity == "quarter" and end.month in ROMAN:
        return f"Quý {ROMAN[end.month]}/{end.year}"
    if periodicity == "half_year" and end.month in {6, 12}:
        return f"6 tháng {'đầu' if end.month == 6 else 'cuối'} năm {end.year}"
    if periodicity == "year" and end.month == 12:
        return f"Năm {end.year}"
    return f"Tháng {end.month}/{end.year}"


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def achievement_value(*, value: Decimal | None, target: Decimal | None, direction: str) -> Decimal | None:
    """Percent of a value target reached; None when it cannot be computed."""
    if value is None or target is None or direction not in {"higher", "lower"}:
        return None
    if direction == "higher":
        if target <= 0:
            return HUNDRED if value >= target else Decimal(0)
        return _q(max(value, Decimal(0)) / target * HUNDRED)
    if value <= 0:
        return HUNDRED if target >= value else Decimal(0)
    if target <= 0:
        return Decimal(0)
    return _q(target / value * HUNDRED)


def interpolated_target(
    *, baseline_value: Decimal | None, baseline_year: int | None, target_value: Decimal, target_year: int, year: int,
) -> Decimal:
    """The value the path from baseline to a later target expects in `year` (straight line).

    Without a baseline the final target itself is the yardstick."""
    if baseline_value is None or baseline_year is None or target_year <= baseline_year or year >= target_year:
        return target_value
    if year <= baseline_year:
        return baseline_value
    share = Decimal(year - baseline_year) / Decimal(target_year - baseline_year)
    return baseline_value + (target_value - baseline_value) * share


def achievement_rank(*, rank: int | None, target_rank: int | None) -> Decimal | None:
    if not rank or not target_rank:
        return None
    return _q(Decimal(target_rank) / Decimal(rank) * HUNDRED)


def rank_achieved(*, rank: int | None, target_rank: int | None) -> bool:
    return bool(rank) and bool(target_rank) and rank <= target_rank  # type: ignore[operator]


@dataclass(frozen=True)
class Thresholds:
    on_track: Decimal = Decimal(90)
    at_risk: Decimal = Decimal(70)


def traffic_light(achievement: Decimal | None, thresholds: Thresholds = Thresholds()) -> str:
    if achievement is None:
        return NO_DATA
    if achievement >= thresholds.on_track:
        return ON_TRACK
    if achievement >= thresholds.at_risk:
        return AT_RISK
    return OFF_TRACK


@dataclass(frozen=True)
class ChildScore:
    achievement: Decimal | None
    max_points: Decimal | None = None
    weight: Decimal | None = None


def roll_up(children: Sequence[ChildScore]) -> Decimal | None:
    """Weighted mean of the children that have an achievement (capped at 100 each)."""
    scored = [c for c in children if c.achievement is not None]
    if not scored:
        return None
    if all(c.max_points for c in scored):
        weights = [c.max_points for c in scored]
    elif all(c.weight for c in scored):
        weights = [c.weight for c in scored]
    else:
        weights = [Decimal(1)] * len(scored)
    total = sum(weights, Decimal(0))
    if total <= 0:
        return None
    acc = sum((min(c.achievement, HUNDRED) * w for c, w in zip(scored, weights, strict=True)),  # type: ignore[type-var]
              Decimal(0))
    return _q(acc / total)


def points_earned(*, achievement: Decimal | None, max_points: Decimal | None) -> Decimal | None:
    """Points of an index that gives points (Decision 766): max points × capped achievement."""
    if achievement is None or max_points is None:
        return None
    return _q(min(achievement, HUNDRED) * max_points / HUNDRED)


def format_number(value: Decimal | int | None) -> str:
    """An indicator value the Vietnamese way, without useless trailing zeros: 85.5000 → '85,5'."""
    if value is None:
        return "—"
    d = Decimal(value)
    sign = "-" if d < 0 else ""
    d = abs(d).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{d:f}".partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def parse_number(raw: object) -> Decimal | None:
    """A number typed or read from Excel: '85,5', '1.234,5', 85.5 → Decimal; None if not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        try:
            return Decimal(str(raw))
        except ArithmeticError:
            return None
    text = str(raw).strip().replace(" ", "").replace("%", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        result = Decimal(text)
    except ArithmeticError:
        return None
    return result if result.is_finite() else None
