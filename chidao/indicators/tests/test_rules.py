import datetime as dt
from decimal import Decimal as D

from chidao.indicators import rules


def test_achievement_respects_direction():
    assert rules.achievement_value(value=D(72), target=D(80), direction="higher") == D("90.00")
    # Lower is better: 4 days against a target of 3 days reaches 75% of it.
    assert rules.achievement_value(value=D(4), target=D(3), direction="lower") == D("75.00")
    assert rules.achievement_value(value=D(2), target=D(3), direction="lower") == D("150.00")
    assert rules.achievement_value(value=D(0), target=D(0), direction="lower") == D(100)
    assert rules.achievement_value(value=D(5), target=D(80), direction="") is None
    assert rules.achievement_value(value=None, target=D(80), direction="higher") is None


def test_rank_target_achieved_when_rank_at_or_above_target():
    assert rules.rank_achieved(rank=5, target_rank=5)
    assert rules.rank_achieved(rank=3, target_rank=5)
    assert not rules.rank_achieved(rank=7, target_rank=5)
    assert rules.achievement_rank(rank=10, target_rank=5) == D("50.00")


def test_interpolated_target_follows_the_path_to_a_later_target():
    assert rules.interpolated_target(baseline_value=D(20), baseline_year=2024, target_value=D(30),
                                     target_year=2030, year=2027) == D(25)
    assert rules.interpolated_target(baseline_value=None, baseline_year=None, target_value=D(30),
                                     target_year=2030, year=2027) == D(30)


def test_traffic_light_thresholds_are_settable():
    assert rules.traffic_light(D(95)) == rules.ON_TRACK
    assert rules.traffic_light(D(80)) == rules.AT_RISK
    assert rules.traffic_light(D(50)) == rules.OFF_TRACK
    assert rules.traffic_light(None) == rules.NO_DATA
    strict = rules.Thresholds(on_track=D(100), at_risk=D(95))
    assert rules.traffic_light(D(96), strict) == rules.AT_RISK


def test_roll_up_weights_by_points_and_caps_each_child_at_100():
    children = [rules.ChildScore(achievement=D(150), max_points=D(10)),
                rules.ChildScore(achievement=D(50), max_points=D(30))]
    # (100×10 + 50×30) / 40 = 62,5 — the 150% child cannot hide the lagging one.
    assert rules.roll_up(children) == D("62.50")
    assert rules.roll_up([rules.ChildScore(achievement=D(80)), rules.ChildScore(achievement=None)]) == D("80.00")
    assert rules.roll_up([]) is None
    assert rules.points_earned(achievement=D(90), max_points=D(22)) == D("19.80")


def test_periods_and_numbers_the_vietnamese_way():
    assert rules.period_allowed("quarter", 6) and not rules.period_allowed("quarter", 5)
    assert rules.period_label("quarter", dt.date(2026, 6, 30)) == "Quý II/2026"
    assert rules.period_label("year", dt.date(2026, 12, 31)) == "Năm 2026"
    assert rules.period_end(2028, 2) == dt.date(2028, 2, 29)
    assert rules.format_number(D("1234.5000")) == "1.234,5"
    assert rules.format_number(D("80")) == "80"
    assert rules.parse_number("85,5") == D("85.5")
    assert rules.parse_number("1.234,5") == D("1234.5")
    assert rules.parse_number("tám mươi") is None
    assert rules.parse_number(True) is None
