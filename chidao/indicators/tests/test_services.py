import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from chidao.audit.models import AuditEvent
from chidao.indicators import selectors, services
from chidao.indicators.models import Indicator, IndicatorTarget, IndicatorValue, ValueState


def test_target_refused_for_indicator_without_direction(secretariat, index_tree):
    bare = services.indicator_create(actor=secretariat, code="IDX.1.3", name="Chưa rõ chiều",
                                     parent=index_tree["group"])
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=secretariat, indicator=bare, year=2026, target_value=D(80))
    assert "chưa có chiều đánh giá" in " ".join(exc.value.messages)
    assert not IndicatorTarget.objects.filter(indicator=bare).exists()


def test_target_outside_declared_range_refused(secretariat, index_tree):
    with pytest.raises(ValidationError):
        services.target_set(actor=secretariat, indicator=index_tree["pct"], year=2026, target_value=D(130))
    assert not IndicatorTarget.objects.exists()


def test_value_outside_range_refused_and_nothing_written(officer_a, index_tree):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=3, value=D(130),
                             source="Cổng DVCQG")
    assert "vượt quá mức cho phép" in exc.value.message_dict["value"][0]
    assert not IndicatorValue.objects.exists()
    assert AuditEvent.objects.count() == before


def test_value_by_a_unit_that_does_not_own_the_indicator_refused(officer_b, index_tree):
    with pytest.raises(PermissionDenied):
        services.value_enter(actor=officer_b, indicator=index_tree["pct"], year=2026, month=3, value=D(80),
                             source="Tự nhập")
    assert not IndicatorValue.objects.exists()


def test_quarterly_indicator_takes_values_only_at_quarter_end(officer_b, index_tree):
    with pytest.raises(ValidationError) as exc:
        services.value_enter(actor=officer_b, indicator=index_tree["days"], year=2026, month=5, value=D(4),
                             source="Báo cáo")
    assert "month" in exc.value.message_dict
    services.value_enter(actor=officer_b, indicator=index_tree["days"], year=2026, month=6, value=D(4),
                         source="Báo cáo")
    assert IndicatorValue.objects.get().period_end == dt.date(2026, 6, 30)


def test_entered_verified_or_returned_then_reentered(officer_a, secretariat, index_tree, pdf_upload):
    value = services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=3,
                                 value=D("72,5".replace(",", ".")), source="Cổng DVCQG", files=[pdf_upload])
    assert value.state == ValueState.ENTERED and value.evidence.count() == 1
    with pytest.raises(PermissionDenied):
        services.value_verify(actor=officer_a, value=value)
    with pytest.raises(ValidationError):
        services.value_return(actor=secretariat, value=value, reason="  ")
    services.value_return(actor=secretariat, value=value, reason="Thiếu biểu tổng hợp")
    value.refresh_from_db()
    assert value.state == ValueState.RETURNED
    again = services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=3, value=D(73),
                                 source="Cổng DVCQG")
    assert again.pk == value.pk and again.state == ValueState.ENTERED and again.return_reason == ""
    services.value_verify(actor=secretariat, value=again)
    with pytest.raises(ValidationError):
        services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=3, value=D(90),
                             source="Sửa lại")
    again.refresh_from_db()
    assert again.value == D(73) and again.state == ValueState.VERIFIED


def test_published_rank_needs_the_publishing_decision(secretariat, index_tree):
    with pytest.raises(ValidationError) as exc:
        services.value_enter(actor=secretariat, indicator=index_tree["index"], year=2025, month=12, rank=4,
                             source="Bảng xếp hạng")
    assert "decision_code" in exc.value.message_dict
    services.value_enter(actor=secretariat, indicator=index_tree["index"], year=2025, month=12, rank=4,
                         decision_code="1170/QĐ-BKHCN", verify=True)
    assert IndicatorValue.objects.get().state == ValueState.VERIFIED


def test_forest_rolls_up_points_and_lights(secretariat, officer_a, officer_b, index_tree, settings):
    services.target_set(actor=secretariat, indicator=index_tree["pct"], year=2026, target_value=D(80))
    services.target_set(actor=secretariat, indicator=index_tree["days"], year=2026, target_value=D(3))
    services.value_enter(actor=secretariat, indicator=index_tree["pct"], year=2026, month=3, value=D(72),
                         source="x", verify=True)
    services.value_enter(actor=secretariat, indicator=index_tree["days"], year=2026, month=6, value=D(6),
                         source="x", verify=True)
    # An entered, unverified value never counts.
    services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=4, value=D(99), source="x")
    root = selectors.forest_get(year=2026)[0]
    nodes = {n.indicator.code: n for n in root.walk()}
    assert nodes["IDX.1.1"].achievement == D("90.00") and nodes["IDX.1.1"].light == "on_track"
    assert nodes["IDX.1.2"].achievement == D("50.00") and nodes["IDX.1.2"].light == "off_track"
    assert nodes["IDX.1"].rollup == D("70.00") and nodes["IDX.1"].rollup_light == "at_risk"
    assert nodes["IDX.1"].points == D("14.00")
    settings.CHIDAO_INDICATOR_AT_RISK = 75
    assert selectors.forest_get(year=2026)[0].children[0].rollup_light == "off_track"
    assert selectors.unit_indicator_achievement(index_tree["pct"].owner_unit, 2026) == D("90.00")
    assert selectors.unit_indicator_achievement(index_tree["days"].owner_unit, dt.date(2026, 6, 30)) == D("50.00")


def test_shipped_766_tree_has_five_groups_worth_100_points(db):
    call_command("load_indicators", "si766")
    index = Indicator.objects.get(code="SI766")
    groups = {g.name: g.max_points for g in index.children.all()}
    assert list(groups.values()) == [D(18), D(20), D(22), D(22), D(18)]
    assert sum(groups.values()) == 100
    for group in index.children.all():
        assert sum(c.max_points for c in group.children.all()) == group.max_points
    count = Indicator.objects.count()
    call_command("load_indicators", "si766")  # idempotent by code
    assert Indicator.objects.count() == count


def test_load_indicators_dry_run_writes_nothing_and_all_files_load(db):
    call_command("load_indicators", "--shipped", "--dry-run")
    assert not Indicator.objects.exists()
    call_command("load_indicators", "--shipped")
    programme = Indicator.objects.get(code="CT57")
    assert Indicator.objects.filter(parent__parent=programme, kind="indicator").count() == 34
    for code in ("DTI", "PII", "PAR", "SIPAS"):
        assert Indicator.objects.get(code=code).children.exists()
    headlines = IndicatorTarget.objects.filter(is_headline=True, year=2026, kind="rank", target_rank=5)
    assert sorted(t.indicator.code for t in headlines) == ["DTI", "PII", "SI766"]
