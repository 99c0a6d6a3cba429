import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chidao.indicators.tests.fixtures import PASSWORD
from chidao.resources import rules, selectors, services
from chidao.resources.models import CapitalPlan, Disbursement, Project

BILLION = 1_000_000_000
TODAY = dt.date(2026, 7, 2)  # 183 of 365 days: 50,14% of 2026 has passed


@pytest.fixture
def hpc(secretariat, unit_a):
    project = services.project_create(
        actor=secretariat, name="Hạ tầng tính toán hiệu năng cao cho thiết kế chip và AI", owner_unit=unit_a,
        investment_group="B", funding_source="city", total_investment=200 * BILLION, start_year=2025,
        end_year=2028, decision_code="3215/QĐ-UBND", status="approved",
    )
    services.capital_plan_set(actor=secretariat, project=project, year=2026, amount=50 * BILLION)
    return project


@pytest.fixture
def ward_project(secretariat, unit_b):
    project = services.project_create(
        actor=secretariat, name="Hạ tầng số phường", owner_unit=unit_b, investment_group="C",
        funding_source="central", total_investment=20 * BILLION, start_year=2026, end_year=2026,
    )
    services.capital_plan_set(actor=secretariat, project=project, year=2026, amount=20 * BILLION)
    return project


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_rules_rate_elapsed_and_warning():
    assert rules.disbursement_rate(disbursed=1, planned=3) == D("33.33")
    assert rules.disbursement_rate(disbursed=5, planned=0) is None
    assert rules.year_elapsed(year=2025, today=TODAY) == D(100)
    assert rules.year_elapsed(year=2027, today=TODAY) == D(0)
    assert rules.year_elapsed(year=2026, today=TODAY) == D("50.14")
    assert rules.disbursement_warning(rate=D(30), elapsed=D("50.14"), margin=D(15))
    assert not rules.disbursement_warning(rate=D(40), elapsed=D("50.14"), margin=D(15))
    assert not rules.disbursement_warning(rate=None, elapsed=D(100), margin=D(15))


def test_disbursement_beyond_plan_refused_until_plan_raised(secretariat, officer_a, hpc):
    services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2026, 3, 1), amount=40 * BILLION,
                                 evidence_ref="KBNN 123", today=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2026, 6, 1),
                                     amount=15 * BILLION, evidence_ref="KBNN 124", today=TODAY)
    assert "vượt kế hoạch vốn năm 2026" in exc.value.message_dict["amount"][0]
    assert "10.000.000.000 đ" in exc.value.message_dict["amount"][0]
    assert Disbursement.objects.count() == 1
    services.capital_plan_set(actor=secretariat, project=hpc, year=2026, amount=60 * BILLION)
    services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2026, 6, 1), amount=15 * BILLION,
                                 evidence_ref="KBNN 124", today=TODAY)
    assert Disbursement.objects.count() == 2
    with pytest.raises(ValidationError):  # a plan cannot drop below what was already disbursed
        services.capital_plan_set(actor=secretariat, project=hpc, year=2026, amount=50 * BILLION)


@pytest.mark.parametrize("amount", [0, -5_000_000])
def test_negative_or_zero_amount_refused(officer_a, hpc, amount):
    with pytest.raises(ValidationError) as exc:
        services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2026, 3, 1), amount=amount,
                                     evidence_ref="x", today=TODAY)
    assert "amount" in exc.value.message_dict
    assert not Disbursement.objects.exists()


def test_other_refusals(secretariat, officer_a, officer_b, hpc):
    with pytest.raises(ValidationError):  # no plan for 2025 yet
        services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2025, 3, 1), amount=BILLION,
                                     evidence_ref="x", today=TODAY)
    with pytest.raises(ValidationError):  # evidence is required
        services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2026, 3, 1), amount=BILLION,
                                     today=TODAY)
    with pytest.raises(PermissionDenied):  # unit B does not manage the project
        services.disbursement_create(actor=officer_b, project=hpc, disbursed_on=dt.date(2026, 3, 1), amount=BILLION,
                                     evidence_ref="x", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.capital_plan_set(actor=officer_a, project=hpc, year=2027, amount=BILLION)
    with pytest.raises(ValidationError):  # plans may not exceed the total investment
        services.capital_plan_set(actor=secretariat, project=hpc, year=2027, amount=160 * BILLION)
    with pytest.raises(ValidationError):  # outside the project period
        services.capital_plan_set(actor=secretariat, project=hpc, year=2030, amount=BILLION)
    with pytest.raises(ValidationError) as exc:
        services.project_create(actor=secretariat, name="Dự án lỗi", owner_unit=hpc.owner_unit, investment_group="B",
                                funding_source="city", total_investment=-1, start_year=2028, end_year=2025)
    assert {"total_investment", "end_year"} <= set(exc.value.message_dict)
    assert Disbursement.objects.count() == 0 and CapitalPlan.objects.count() == 1 and Project.objects.count() == 1


def test_dashboard_totals_slowest_first_and_unit_rate(secretariat, officer_a, officer_b, leader, hpc, ward_project):
    services.disbursement_create(actor=officer_a, project=hpc, disbursed_on=dt.date(2026, 3, 1), amount=10 * BILLION,
                                 evidence_ref="x", today=TODAY)
    services.disbursement_create(actor=officer_b, project=ward_project, disbursed_on=dt.date(2026, 5, 1),
                                 amount=12 * BILLION, evidence_ref="x", today=TODAY)
    dash = selectors.resources_dashboard(user=leader, year=2026, today=TODAY)
    assert dash.total.planned == 70 * BILLION and dash.total.disbursed == 22 * BILLION
    by_source = {r.key: r for r in dash.by_source}
    assert by_source["city"].rate == D("20.00") and by_source["central"].rate == D("60.00")
    assert [p.pk for p in dash.slowest] == [hpc.pk, ward_project.pk]
    assert dash.slowest[0].warning and not dash.slowest[1].warning and dash.warnings == 1
    assert selectors.unit_disbursement_rate(hpc.owner_unit, 2026) == D("20.00")
    assert selectors.unit_disbursement_rate(hpc.owner_unit, 2027) is None
    # A unit sees only its own projects' money.
    own = selectors.resources_dashboard(user=officer_b, year=2026, today=TODAY)
    assert own.total.planned == 20 * BILLION


def test_pages_cross_unit_and_money_format(secretariat, officer_a, head_b, member, hpc, client):
    login(client, member)
    page = client.get(reverse("resource_dashboard") + "?year=2026").content.decode()
    assert "50 tỷ đồng" in page
    assert "200 tỷ đồng" in client.get(reverse("project_detail", args=[hpc.pk])).content.decode()
    assert client.get(reverse("disbursement_create", args=[hpc.pk])).status_code == 403
    client.logout()
    login(client, head_b)
    assert client.get(reverse("project_detail", args=[hpc.pk])).status_code == 404
    resp = client.post(reverse("disbursement_create", args=[hpc.pk]),
                       {"disbursed_on": "01/03/2026", "amount": "1.000.000.000", "evidence_ref": "x"})
    assert resp.status_code == 404 and not Disbursement.objects.exists()
    assert "Hạ tầng tính toán" not in client.get(reverse("project_list")).content.decode()
    client.logout()
    login(client, officer_a)
    resp = client.post(reverse("disbursement_create", args=[hpc.pk]),
                       {"disbursed_on": "01/03/2026", "amount": "-5", "evidence_ref": "x"})
    assert "phải lớn hơn 0" in resp.content.decode() and not Disbursement.objects.exists()
    resp = client.post(reverse("disbursement_create", args=[hpc.pk]),
                       {"disbursed_on": "01/03/2026", "amount": "1.500.000.000", "evidence_ref": "KBNN 9"})
    assert resp.status_code == 302 and Disbursement.objects.get().amount == 1_500_000_000
    detail = client.get(reverse("project_detail", args=[hpc.pk])).content.decode()
    assert "1.500.000.000 đ" in detail
    assert client.post(reverse("capital_plan_set", args=[hpc.pk]), {"year": 2026, "amount": "1"}).status_code == 403


def test_project_list_queries_constant(secretariat, leader, unit_a, client, django_assert_max_num_queries):
    login(client, leader)

    def make(n):
        for i in range(n):
            p = services.project_create(actor=secretariat, name=f"Dự án {i}", owner_unit=unit_a, investment_group="C",
                                        funding_source="city", total_investment=BILLION, start_year=2026,
                                        end_year=2026)
            services.capital_plan_set(actor=secretariat, project=p, year=2026, amount=BILLION)

    make(2)
    with django_assert_max_num_queries(10):
        client.get(reverse("project_list") + "?year=2026")
    with django_assert_max_num_queries(14):
        client.get(reverse("resource_dashboard") + "?year=2026")
    make(20)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("project_list") + "?year=2026").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("resource_dashboard") + "?year=2026").status_code == 200
