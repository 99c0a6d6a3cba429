"""The results dashboard is rendered once per state of the data (chidao.core.figures): a change made
through the services shows at once, the cached page is the page computed afresh, and the figures
are the ones the rules give (latest verified value of a period by the year's end, the year's target
else the nearest later one)."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse

from chidao.indicators import selectors, services

from .fixtures import PASSWORD

URL = reverse("indicator_dashboard") + "?year=2026"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page(client, url: str = URL) -> str:
    resp = client.get(url)
    assert resp.status_code == 200
    return resp.content.decode()


def counts(html: str) -> dict[str, int]:
    """The traffic-light counts under the headline targets, as the reader sees them."""
    block = html[html.index('data-testid="light-counts"'):html.index('data-testid="index-table"')]
    return {code: int(n) for code, n in re.findall(r'data-light="(\w+)">[^<]*</span> <strong>(\d+)</strong>', block)}


def group_row(html: str) -> str:
    """The index table's row of the group “Nhóm 1”."""
    start = html.index(">Nhóm 1</a>")
    return html[start:html.index("</tr>", start)]


def fresh(client, url: str = URL) -> str:
    with override_settings(CHIDAO_FIGURES_CACHE=False):
        return page(client, url)


def body(html: str) -> str:
    """The part of the page that is cached (everything below the header)."""
    return html[html.index('<h2 class="h5">'):html.index("</main>") if "</main>" in html else None]


@pytest.fixture
def pct_target(secretariat, index_tree):
    return services.target_set(actor=secretariat, indicator=index_tree["pct"], year=2026, target_value=D(80))


def test_verified_value_shows_at_once(secretariat, officer_a, member, index_tree, pct_target, client):
    login(client, member)
    value = services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=6, value=D(40),
                                 source="Sở KH&CN")
    before = page(client)
    assert counts(before) == {"on_track": 0, "at_risk": 0, "off_track": 0, "no_data": 2}  # not verified yet
    assert body(page(client)) == body(before)  # served again from the cache
    services.value_verify(actor=secretariat, value=value)
    after = page(client)
    assert counts(after) == {"on_track": 0, "at_risk": 0, "off_track": 1, "no_data": 1}
    assert "50,00%" in group_row(after)  # 40 of a target of 80
    assert body(after) == body(fresh(client))


def test_target_change_shows_at_once(secretariat, member, index_tree, pct_target, client):
    services.value_enter(actor=secretariat, indicator=index_tree["pct"], year=2026, month=6, value=D(40),
                         source="x", verify=True)
    login(client, member)
    assert counts(page(client))["off_track"] == 1
    services.target_set(actor=secretariat, indicator=index_tree["pct"], year=2026, target_value=D(40))
    after = page(client)
    assert counts(after) == {"on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 1}
    assert "100,00%" in group_row(after)
    assert body(after) == body(fresh(client))


def test_headline_target_shows_at_once_and_only_in_its_year(secretariat, member, index_tree, client):
    login(client, member)
    assert "Top 5 năm 2026" not in page(client)
    services.target_set(actor=secretariat, indicator=index_tree["index"], year=2026, kind="rank", target_rank=5,
                        label="Top 5 năm 2026", is_headline=True)
    services.value_enter(actor=secretariat, indicator=index_tree["index"], year=2025, month=12, rank=7,
                         decision_code="1170/QĐ-BKHCN", verify=True)
    html = page(client)
    assert "Top 5 năm 2026" in html and 'data-testid="headline-rank">7<' in html
    # Another year is another entry, not this one: no headline of 2026 in 2025.
    assert "Chưa có chỉ tiêu trọng tâm cho năm này." in page(client, reverse("indicator_dashboard") + "?year=2025")
    services.value_enter(actor=secretariat, indicator=index_tree["index"], year=2026, month=12, rank=4,
                         decision_code="2000/QĐ-BKHCN", verify=True)
    html = page(client)
    assert 'data-testid="headline-rank">4<' in html and "Đạt chỉ tiêu" in html


def test_latest_verified_value_and_target_picked_as_the_rules_say(secretariat, officer_a, index_tree):
    pct = index_tree["pct"]
    services.target_set(actor=secretariat, indicator=pct, year=2025, target_value=D(10))
    services.target_set(actor=secretariat, indicator=pct, year=2028, target_value=D(90), baseline_value=D(30),
                        baseline_year=2024)
    services.target_set(actor=secretariat, indicator=pct, year=2030, target_value=D(99))
    for month, value in ((3, D(50)), (9, D(60))):
        services.value_enter(actor=secretariat, indicator=pct, year=2026, month=month, value=value, source="x",
                             verify=True)
    services.value_enter(actor=officer_a, indicator=pct, year=2026, month=12, value=D(95), source="x")  # unverified
    services.value_enter(actor=secretariat, indicator=pct, year=2027, month=1, value=D(70), source="x", verify=True)

    def node(year: int) -> selectors.NodeView:
        return next(n for r in selectors.forest_get(year=year) for n in r.walk() if n.indicator.pk == pct.pk)

    n = node(2026)
    assert (n.value, n.value_period.isoformat()) == (D(60), "2026-09-30")  # not the unverified, not 2027's
    assert n.target.year == 2028 and n.yardstick == D(60)  # the nearest later target, on its way from 30 to 90
    assert n.achievement == D(100)
    assert node(2025).target.year == 2025 and node(2025).value is None
    assert node(2029).target.year == 2030 and node(2029).value == D(70)
    assert node(2031).target is None
    owned = {x.indicator.pk: x for x in selectors.owned_indicator_nodes(n.value_period)}
    assert owned[pct.pk].value == D(60) and owned[pct.pk].target.year == 2028
