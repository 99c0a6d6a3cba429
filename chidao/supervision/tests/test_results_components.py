"""Indicator achievement and disbursement as weighted scorecard components: the pure rule, the
batch selectors behind the ranking, the pages, the snapshot and the weights."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chidao.indicators import services as indicator_services
from chidao.indicators.selectors import unit_indicator_achievement, units_indicator_achievement
from chidao.resources import rules as resource_rules
from chidao.resources import services as resource_services
from chidao.resources.selectors import unit_disbursement_rate, units_disbursement_rate
from chidao.supervision import rules, selectors, services
from chidao.supervision.models import ScorecardSnapshot, SupervisionSettings
from chidao.supervision.periods import MONTH, period_current

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)
D = Decimal
RESULTS_ONLY = {"weight_completion": 0, "weight_on_time": 0, "weight_overdue": 0, "weight_discipline": 0,
                "weight_recommendations": 0, "weight_indicators": 60, "weight_disbursement": 40}


# --- the pure rule ---------------------------------------------------------------------------------


def test_default_weights_add_up_to_100_with_the_results() -> None:
    weights = rules.ScoreWeights()
    assert rules.weights_errors(weights) is None
    assert (weights.indicators, weights.disbursement) == (15, 10)
    model = SupervisionSettings()
    assert sum(getattr(model, f) for f in services.WEIGHT_FIELDS) == 100


def test_results_full_data_enter_the_score_with_their_weights() -> None:
    inputs = rules.ScoreInputs(done_on_time=8, done_late=2, discipline_on_time=10, discipline_expected=10,
                               indicator_achievement=D("70"), disbursement_rate=D("40"), year_elapsed=D("50"))
    result = rules.score_compute(inputs=inputs, weights=rules.ScoreWeights(25, 20, 10, 10, 10, 15, 10),
                                 overdue_penalty=10)
    assert result.components[rules.INDICATORS] == D("70.00")
    # 40% disbursed when half the year has passed: 80% of the pace expected.
    assert result.components[rules.DISBURSEMENT] == D("80.00")
    # recommendations have no data: (25·100 + 20·80 + 10·100 + 10·100 + 15·70 + 10·80) / 90
    assert result.score == D("88.33")


def test_unit_without_indicators_or_capital_plan_is_scored_on_the_rest() -> None:
    inputs = rules.ScoreInputs(done_on_time=1, done_late=1)
    with_results = rules.score_compute(inputs=inputs, weights=rules.ScoreWeights(30, 20, 0, 0, 0, 30, 20),
                                       overdue_penalty=10)
    assert with_results.components[rules.INDICATORS] is None
    assert with_results.components[rules.DISBURSEMENT] is None
    # completion 100, on time 50 → (30·100 + 20·50) / 50: no penalty for what the unit never had.
    assert with_results.score == D("80.00")
    only_money = rules.score_compute(inputs=rules.ScoreInputs(disbursement_rate=D("30"), year_elapsed=D("100")),
                                     weights=rules.ScoreWeights(), overdue_penalty=10)
    assert only_money.score == D("30.00")


def test_disbursement_component_against_the_calendar() -> None:
    assert rules.disbursement_component(rate=D("30"), elapsed=D("25")) == D("100.00")  # ahead: capped
    assert rules.disbursement_component(rate=D("10"), elapsed=D("40")) == D("25.00")
    assert rules.disbursement_component(rate=D("95"), elapsed=D("100")) == D("95.00")  # December: the year's plan
    assert rules.disbursement_component(rate=None, elapsed=D("50")) is None
    assert rules.indicators_component(D("120")) == D("100.00")


def test_weights_sum_refused_when_only_new_weights_are_off(secretariat: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.supervision_settings_update(actor=secretariat, weight_indicators=25)
    assert "Tổng các trọng số phải bằng 100% (hiện là 110%)" in exc.value.message_dict["weight_completion"][0]
    with pytest.raises(ValidationError):
        services.supervision_settings_update(actor=secretariat, weight_disbursement=0)
    assert not SupervisionSettings.objects.exists()
    services.supervision_settings_update(actor=secretariat, weight_indicators=20, weight_disbursement=5)
    assert selectors.score_weights(selectors.supervision_settings_get()).indicators == 20


def test_migration_keeps_a_saved_row_at_100(secretariat: Any) -> None:
    """A row still on the old defaults takes the new defaults; a customised row keeps its five
    weights and the new components start at 0."""
    migration = importlib.import_module("chidao.supervision.migrations.0002_scorecard_results")
    services.supervision_settings_update(actor=secretariat, weight_completion=30, weight_on_time=25,
                                         weight_overdue=15, weight_discipline=15, weight_recommendations=15,
                                         weight_indicators=0, weight_disbursement=0)
    migration.weights_forward(django_apps, None)
    row = SupervisionSettings.objects.get()
    assert {f: getattr(row, f) for f in services.WEIGHT_FIELDS} == migration.NEW_DEFAULTS
    # The state right after the columns are added to a customised row: its own five weights (100)
    # plus the columns' defaults (no service can write this state, so it is set directly).
    SupervisionSettings.objects.update(weight_completion=40, weight_on_time=20, weight_overdue=15,
                                       weight_discipline=15, weight_recommendations=10,
                                       weight_indicators=15, weight_disbursement=10)
    migration.weights_forward(django_apps, None)
    row.refresh_from_db()
    assert (row.weight_completion, row.weight_recommendations, row.weight_indicators,
            row.weight_disbursement) == (40, 10, 0, 0)
    assert rules.weights_errors(selectors.score_weights(row)) is None
    services.supervision_settings_update(actor=secretariat, weight_completion=30, weight_indicators=10)
    migration.weights_backward(django_apps, None)
    row.refresh_from_db()
    assert sum(getattr(row, f) for f in services.WEIGHT_FIELDS[:5]) == 100 and row.weight_completion == 40


# --- building results through the services -----------------------------------------------------------


def indicator_for(secretariat: Any, unit: Any, *, code: str, target: int, value: int, on: dt.date) -> Any:
    """A monthly higher-is-better indicator owned by `unit`, its target for the year and a
    verified value for the month of `on`: achievement value ÷ target."""
    from chidao.indicators.models import Indicator

    index = Indicator.objects.filter(code="BO").first() or indicator_services.indicator_create(
        actor=secretariat, code="BO", name="Bộ chỉ số thử", kind="index", direction="higher")
    indicator = indicator_services.indicator_create(
        actor=secretariat, code=code, name=f"Chỉ số {code}", parent=index, unit_of_measure="%",
        direction="higher", periodicity="month", owner_unit=unit)
    indicator_services.target_set(actor=secretariat, indicator=indicator, year=on.year, target_value=D(target))
    indicator_services.value_enter(actor=secretariat, indicator=indicator, year=on.year, month=on.month,
                                   value=D(value), source="Báo cáo tháng", verify=True)
    return indicator


def project_for(secretariat: Any, unit: Any, *, planned: int, disbursed: int, on: dt.date) -> Any:
    project = resource_services.project_create(
        actor=secretariat, name=f"Dự án của {unit.name}", owner_unit=unit, investment_group="B",
        funding_source="city", total_investment=max(planned, 1_000_000) * 3, start_year=on.year - 1,
        end_year=on.year + 1)
    resource_services.capital_plan_set(actor=secretariat, project=project, year=on.year, amount=planned)
    if disbursed:
        resource_services.disbursement_create(actor=secretariat, project=project, disbursed_on=on,
                                              amount=disbursed, evidence_ref="UNC 01", today=TODAY)
    return project


@pytest.fixture
def unit_c(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="so-tc", name="Sở Tài chính", kind="department")


def test_batch_selectors_agree_with_the_single_unit_ones(secretariat: Any, unit_a: Any, unit_c: Any,
                                                         unit_b: Any) -> None:
    last_month = period_current(MONTH, TODAY).previous()
    indicator_for(secretariat, unit_a, code="A1", target=80, value=72, on=last_month.end)  # 90%
    indicator_for(secretariat, unit_a, code="A2", target=50, value=60, on=last_month.end)  # 120% → 100
    indicator_for(secretariat, unit_c, code="C1", target=100, value=50, on=last_month.end)  # 50%
    project_for(secretariat, unit_a, planned=1_000_000_000, disbursed=250_000_000, on=last_month.end)
    ids = [unit_a.pk, unit_c.pk, unit_b.pk]
    got = units_indicator_achievement(ids, last_month.end)
    assert got == {unit_a.pk: D("95.00"), unit_c.pk: D("50.00"), unit_b.pk: None}
    assert all(unit_indicator_achievement(u, last_month.end) == got[u.pk] for u in (unit_a, unit_c, unit_b))
    # A value measured after the day asked about does not count yet.
    assert units_indicator_achievement(ids, last_month.start - DAY) == dict.fromkeys(ids)
    money = units_disbursement_rate(ids, last_month.end.year, last_month.end)
    assert money == {unit_a.pk: D("25.00"), unit_c.pk: None, unit_b.pk: None}
    assert unit_disbursement_rate(unit_a, last_month.end.year) == D("25.00")
    assert units_disbursement_rate(ids, last_month.end.year, last_month.end - DAY)[unit_a.pk] == D("0.00")


def test_ranking_reflects_indicators_and_disbursement(secretariat: Any, leader: Any, unit_a: Any, unit_c: Any,
                                                      make_task: Any) -> None:
    period = period_current(MONTH, TODAY)
    measured = period.previous().end
    for unit in (unit_a, unit_c):
        make_task(lead_unit=unit)
    indicator_for(secretariat, unit_a, code="A1", target=80, value=72, on=measured)  # 90%
    indicator_for(secretariat, unit_c, code="C1", target=100, value=50, on=measured)  # 50%
    project_for(secretariat, unit_a, planned=1_000_000_000, disbursed=400_000_000, on=TODAY)
    project_for(secretariat, unit_c, planned=0, disbursed=0, on=TODAY)  # a plan of 0: nothing to disburse
    services.supervision_settings_update(actor=secretariat, **RESULTS_ONLY)

    ranking = selectors.ranking_get(user=leader, period=period, kind="department", today=TODAY)
    lines = {line.unit_id: line for line in ranking.lines}
    a, c = lines[unit_a.pk], lines[unit_c.pk]
    elapsed = resource_rules.year_elapsed(year=TODAY.year, today=TODAY)
    pace = rules.disbursement_component(rate=D("40.00"), elapsed=elapsed)
    assert a.indicators_score == D("90.00") and a.inputs.disbursement_rate == D("40.00")
    assert a.disbursement_score == pace and a.inputs.year_elapsed == elapsed
    assert a.score == ((60 * D("90") + 40 * pace) / 100).quantize(D("0.01"))
    # Sở Tài chính has no capital to disburse: scored on its indicators alone, not punished.
    assert c.indicators_score == D("50.00") and c.disbursement_score is None and c.score == D("50.00")
    assert (a.rank, c.rank) == (1, 2)


def test_ranking_and_scorecard_pages_show_results_with_drill_down(client: Client, secretariat: Any, leader: Any,
                                                                  head_a: Any, head_b: Any, unit_a: Any,
                                                                  unit_b: Any, make_task: Any) -> None:
    period = period_current(MONTH, TODAY)
    make_task()
    make_task(lead_unit=unit_b)
    indicator_for(secretariat, unit_a, code="A1", target=80, value=72, on=period.previous().end)
    project_for(secretariat, unit_a, planned=1_000_000_000, disbursed=400_000_000, on=TODAY)
    client.force_login(leader)
    page = client.get(reverse("ranking") + "?kind=department").content.decode()
    assert "Kết quả chỉ số" in page and "Giải ngân vốn" in page
    indicators_url = reverse("indicator_unit", args=[unit_a.pk]) + f"?den={period.end:%Y-%m-%d}"
    projects_url = reverse("project_list") + f"?unit={unit_a.pk}&year={period.end.year}"
    assert indicators_url in page, page[page.find("ranking-table"):][:3000]
    assert projects_url in page and "90,00%" in page and "40,00%" in page
    detail = client.get(reverse("scorecard_detail", args=[unit_a.pk])).content.decode()
    assert 'data-testid="row-indicators"' in detail and indicators_url in detail and projects_url in detail
    assert "15%" in detail and "10%" in detail  # the default weights of the two components
    # The drill-downs open and explain the numbers.
    listing = client.get(indicators_url).content.decode()
    assert "Chỉ số A1" in listing and "90,00%" in listing
    assert "Dự án của Sở" in client.get(projects_url).content.decode()
    # Another unit sees the ranking but not unit A's details or drill-down links.
    client.force_login(head_b)
    page = client.get(reverse("ranking") + "?kind=department").content.decode()
    assert "Sở KH&amp;CN" in page and indicators_url not in page and projects_url not in page
    assert client.get(reverse("scorecard_detail", args=[unit_a.pk])).status_code == 404
    # …nor its projects (the list is scoped to what the person may see).
    assert "Dự án của Sở" not in client.get(projects_url).content.decode()


def test_unit_indicator_list_shows_verified_values_only(client: Client, secretariat: Any, officer_a: Any,
                                                        head_b: Any, unit_a: Any) -> None:
    last = period_current(MONTH, TODAY).previous()
    indicator = indicator_for(secretariat, unit_a, code="A1", target=80, value=72, on=last.end)
    before = last.previous()
    indicator_services.value_enter(actor=officer_a, indicator=indicator, year=before.year, month=before.number,
                                   value=D(10), source="chưa xác minh")
    url = reverse("indicator_unit", args=[unit_a.pk])
    # Verified values are public (as on the results dashboard): another unit reads the same list.
    client.force_login(head_b)
    page = client.get(url + f"?den={last.end:%Y-%m-%d}").content.decode()
    assert "Chỉ số A1" in page and "90,00%" in page
    assert "Số liệu đã xác minh đến " + last.end.strftime("%d/%m/%Y") in page
    assert client.get(url + f"?den={before.end:%Y-%m-%d}").content.decode().count("90,00%") == 0
    assert client.get(reverse("indicator_unit", args=[999_999])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_ranking_page_queries_stay_constant_as_units_grow(client: Client, secretariat: Any, leader: Any,
                                                          make_task: Any, django_assert_max_num_queries: Any) -> None:
    from chidao.orgs.services import unit_create

    period = period_current(MONTH, TODAY)

    def add_units(start: int, count: int) -> None:
        for i in range(start, start + count):
            unit = unit_create(actor=None, code=f"so-{i}", name=f"Sở thử {i}", kind="department")
            make_task(lead_unit=unit, assigned_on=TODAY - 60 * DAY, due_on=TODAY - DAY)
            indicator_for(secretariat, unit, code=f"I{i}", target=100, value=50 + i, on=period.previous().end)
            project_for(secretariat, unit, planned=100_000_000, disbursed=10_000_000 * (i + 1), on=TODAY)

    client.force_login(leader)
    url = reverse("ranking") + "?kind=department"
    # A first view caches what no unit changes (the installation's flag), so both measures below
    # recompute exactly the same figures.
    client.get(url)
    add_units(0, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_units(2, 6)
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('data-testid="indicators-link-') == 8


def test_snapshot_freezes_results_and_old_snapshots_show_a_dash(client: Client, secretariat: Any, leader: Any,
                                                                unit_a: Any, make_task: Any) -> None:
    period = period_current(MONTH, TODAY).previous()
    make_task(assigned_on=period.end - 60 * DAY, due_on=period.end - 10 * DAY)
    indicator = indicator_for(secretariat, unit_a, code="A1", target=80, value=72, on=period.end)
    project = project_for(secretariat, unit_a, planned=1_000_000_000, disbursed=300_000_000,
                          on=period.end - 5 * DAY)
    snapshot, _lines = services.scorecard_freeze(actor=secretariat, period=period, today=TODAY)
    assert snapshot is not None
    row = snapshot.rows.get()
    assert (row.indicator_achievement, row.indicators_score, row.disbursement_rate) == (
        D("90.00"), D("90.00"), D("30.00"))
    assert row.year_elapsed == resource_rules.year_elapsed(year=period.end.year, today=period.end)
    assert row.disbursement_score == rules.disbursement_component(rate=D("30"), elapsed=row.year_elapsed)
    assert snapshot.settings["weight_indicators"] == 15 and snapshot.settings["weight_disbursement"] == 10
    frozen = row.score

    # Later data (a better value for the same month is impossible once verified, so a new target;
    # a disbursement back-dated into the period) does not rewrite the frozen figures.
    indicator_services.target_set(actor=secretariat, indicator=indicator, year=period.end.year,
                                  target_value=D(72))
    resource_services.disbursement_create(actor=secretariat, project=project, disbursed_on=period.end - 3 * DAY,
                                          amount=500_000_000, evidence_ref="UNC 02", today=TODAY)
    live = {line.unit_id: line for line in selectors.scorecard_compute(period=period, today=TODAY)}[unit_a.pk]
    assert live.indicators_score == D("100.00") and live.inputs.disbursement_rate == D("80.00")
    ranking = selectors.ranking_get(user=leader, period=period, kind="department", today=TODAY)
    assert ranking.lines[0].indicators_score == D("90.00") and ranking.lines[0].score == frozen

    # A snapshot frozen before results joined the scorecard: empty columns, weights unknown → "—".
    ScorecardSnapshot.objects.filter(pk=snapshot.pk).update(settings={
        k: v for k, v in snapshot.settings.items() if k not in {"weight_indicators", "weight_disbursement"}})
    snapshot.rows.update(indicator_achievement=None, disbursement_rate=None, year_elapsed=None,
                         indicators_score=None, disbursement_score=None)
    # Such a snapshot was written by older code before this server started, not by a service now:
    # the figures cached above (per state of the audit chain) never saw it.
    caches["figures"].clear()
    client.force_login(leader)
    page = client.get(reverse("ranking") + f"?period={period.key}&kind=department").content.decode()
    assert page.count(f'data-testid="indicators-link-{unit_a.pk}"') == 1
    cell = page.split(f'data-testid="indicators-link-{unit_a.pk}"')[1].split("</a>")[0]
    assert cell.endswith("—")
    detail = client.get(reverse("scorecard_detail", args=[unit_a.pk]) + f"?period={period.key}").content.decode()
    row_html = detail.split('data-testid="row-disbursement"')[1].split("</tr>")[0]
    assert "—" in row_html and "%" not in row_html.split("</td>")[-2]
