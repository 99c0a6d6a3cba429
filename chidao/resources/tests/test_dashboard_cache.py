"""The resources dashboard is rendered once per state of the data and per scope of the person
(chidao.core.figures): a disbursement recorded or a plan raised through the services shows at once,
a unit never gets the committee's (or another unit's) cached figures, and the cached page is the
page computed afresh."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from chidao.indicators.tests.fixtures import PASSWORD
from chidao.resources import services

BILLION = 1_000_000_000


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def year() -> int:
    return timezone.localdate().year


def url() -> str:
    return reverse("resource_dashboard") + f"?year={year()}"


def page(client) -> str:
    resp = client.get(url())
    assert resp.status_code == 200
    return resp.content.decode()


def figure(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1)


def body(html: str) -> str:
    """The cached part of the page (below its header, up to the chart's data)."""
    return html[html.index('data-testid="money-cards"'):html.index('id="source-data"')]


def fresh(client) -> str:
    with override_settings(CHIDAO_FIGURES_CACHE=False):
        return page(client)


@pytest.fixture
def projects(secretariat, unit_a, unit_b):
    def make(name, unit, source, plan):
        p = services.project_create(actor=secretariat, name=name, owner_unit=unit, investment_group="B",
                                    funding_source=source, total_investment=200 * BILLION, start_year=year() - 1,
                                    end_year=year() + 1)
        services.capital_plan_set(actor=secretariat, project=p, year=year(), amount=plan)
        return p

    return {"a": make("Trung tâm dữ liệu thành phố", unit_a, "city", 50 * BILLION),
            "b": make("Hạ tầng số phường", unit_b, "central", 20 * BILLION)}


def pay(actor, project, amount):
    services.disbursement_create(actor=actor, project=project, disbursed_on=dt.date(year(), 1, 15), amount=amount,
                                 evidence_ref="KBNN", today=timezone.localdate())


def test_disbursement_and_plan_show_at_once(secretariat, leader, officer_a, projects, client):
    login(client, leader)
    before = page(client)
    assert figure(before, "total-planned") == "70 tỷ đồng" and figure(before, "total-disbursed") == "0 đ"
    assert body(page(client)) == body(before)  # served again from the cache
    pay(officer_a, projects["a"], 10 * BILLION)
    after = page(client)
    assert figure(after, "total-disbursed") == "10 tỷ đồng"
    assert figure(after, "total-rate") == "14,29%"  # 10 of 70
    assert body(after) == body(fresh(client))
    services.capital_plan_set(actor=secretariat, project=projects["a"], year=year(), amount=80 * BILLION)
    raised = page(client)
    assert figure(raised, "total-planned") == "100 tỷ đồng" and figure(raised, "total-rate") == "10,00%"
    row = re.search(r'<tr data-source="city">.*?</tr>', raised, re.S).group(0)
    assert "80 tỷ đồng" in row and "12,50%" in row
    assert body(raised) == body(fresh(client))


def test_units_never_get_each_others_cached_figures(leader, officer_a, officer_b, head_b, projects, client):
    pay(officer_b, projects["b"], 5 * BILLION)
    login(client, leader)  # the committee's view is cached first
    assert figure(page(client), "total-planned") == "70 tỷ đồng"
    client.logout()
    login(client, officer_a)
    own = page(client)
    assert figure(own, "total-planned") == "50 tỷ đồng" and figure(own, "total-disbursed") == "0 đ"
    assert "Hạ tầng số phường" not in own
    client.logout()
    login(client, head_b)
    other = page(client)
    assert figure(other, "total-planned") == "20 tỷ đồng" and figure(other, "total-disbursed") == "5 tỷ đồng"
    assert "Trung tâm dữ liệu thành phố" not in other
    pay(officer_b, projects["b"], 5 * BILLION)
    assert figure(page(client), "total-disbursed") == "10 tỷ đồng"


def test_slowest_and_warning_count_follow_disbursements(leader, officer_a, officer_b, projects, client):
    """With nothing disbursed both projects trail the calendar (once more than the 15-point margin of
    the year has passed); fully disbursing one takes it off the count and to the end of the list."""
    today = timezone.localdate()
    if today.timetuple().tm_yday < 70:  # under ~19 % of the year passed: no project can be behind yet
        pytest.skip("too early in the year for a disbursement to trail the calendar")
    login(client, leader)
    html = page(client)
    assert figure(html, "warning-count") == "2"
    slowest = re.search(r'data-testid="slowest".*?</tbody>', html, re.S).group(0)
    assert slowest.index("Trung tâm dữ liệu") < slowest.index("Hạ tầng số phường")  # same rate: bigger plan first
    pay(officer_b, projects["b"], 20 * BILLION)  # the ward's plan fully disbursed
    html = page(client)
    assert figure(html, "warning-count") == "1"
    slowest = re.search(r'data-testid="slowest".*?</tbody>', html, re.S).group(0)
    assert slowest.index("Trung tâm dữ liệu") < slowest.index("Hạ tầng số phường") and "100,00%" in slowest
