"""The ranking, warnings and dashboard figures are cached per state of the data (chidao/core/figures.py):
a change made through the services shows on the very next page, and the cache never mixes scopes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chidao.reporting.services import extension_decide, extension_request_create
from chidao.supervision import services
from chidao.supervision.models import SupervisionSettings

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def _rank_row(page: str, unit_id: int) -> str:
    return page.split(f'data-testid="rank-row-{unit_id}"')[1].split("</tr>")[0]


def _warning_total(page: str) -> str:
    return re.search(r'data-testid="warning-total">([^<]*)<', page).group(1)  # type: ignore[union-attr]


def test_ranking_shows_an_accepted_completion_at_once(client: Client, make_task: Any, complete_task: Any,
                                                      leader: Any, unit_a: Any) -> None:
    task = make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY - DAY)
    make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY + 30 * DAY)
    client.force_login(leader)
    url = reverse("ranking") + "?kind=department"
    row = _rank_row(client.get(url).content.decode(), unit_a.pk)
    assert f'data-testid="overdue-link-{unit_a.pk}">1</a>' in row and "0/1" in row
    assert _rank_row(client.get(url).content.decode(), unit_a.pk) == row  # served again: the same figures

    complete_task(task, on=TODAY)  # a completion claim, accepted by the standing office (late)
    row = _rank_row(client.get(url).content.decode(), unit_a.pk)
    assert f'data-testid="overdue-link-{unit_a.pk}">0</a>' in row and "1/1" in row
    assert "100,00%" in row  # completion rate


def test_ranking_score_follows_the_weights_saved_on_the_settings_page(
    client: Client, make_task: Any, complete_task: Any, secretariat: Any, unit_a: Any,
) -> None:
    done = make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY - 2 * DAY)
    complete_task(done, on=TODAY - DAY)  # done late: completion 100%, on time 0%
    client.force_login(secretariat)
    url = reverse("ranking") + "?kind=department"
    before = _rank_row(client.get(url).content.decode(), unit_a.pk)
    data = {name: getattr(SupervisionSettings(), name) for name in services.SETTING_FIELDS}
    data.update(weight_completion=60, weight_on_time=0, weight_overdue=0, weight_discipline=10,
                weight_recommendations=10, weight_indicators=10, weight_disbursement=10)
    assert client.post(reverse("supervision_settings"), data).status_code == 302
    after = _rank_row(client.get(url).content.decode(), unit_a.pk)
    # Only completion counts now (the other components have no data): a score of 100.
    assert after != before and "100,00</td>" in after


def test_warnings_follow_a_report_a_deadline_and_the_margins_at_once(
    client: Client, make_task: Any, submit_report: Any, secretariat: Any, leader: Any, head_a: Any,
) -> None:
    lagging = make_task(assigned_on=TODAY - 70 * DAY, due_on=TODAY + 30 * DAY)
    submit_report(lagging, progress=20, on=TODAY)
    soon = make_task(assigned_on=TODAY - 10 * DAY, due_on=TODAY + 5 * DAY)
    submit_report(soon, progress=50, on=TODAY)
    later = make_task(assigned_on=TODAY - 10 * DAY, due_on=TODAY + 12 * DAY)
    submit_report(later, progress=50, on=TODAY)
    client.force_login(leader)
    url = reverse("warning_list")
    page = client.get(url).content.decode()
    assert _warning_total(page) == "2 nhiệm vụ"
    assert f'data-testid="warning-{lagging.pk}"' in page and f'data-testid="warning-{soon.pk}"' in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="dashboard-warning-total">2<' in home

    # A report catching up: the lag warning goes on the next page view.
    submit_report(lagging, progress=70, on=TODAY)
    page = client.get(url).content.decode()
    assert _warning_total(page) == "1 nhiệm vụ" and f'data-testid="warning-{lagging.pk}"' not in page
    assert 'data-testid="dashboard-warning-total">1<' in client.get(reverse("home")).content.decode()

    # The deadline moved by an approved extension: no longer due soon.
    request = extension_request_create(actor=head_a, task=soon, proposed_due_on=TODAY + 60 * DAY,
                                       reason="Chờ kết quả đấu thầu", today=TODAY)
    extension_decide(actor=leader, request=request, approve=True, reason="Đồng ý")
    page = client.get(url).content.decode()
    assert _warning_total(page) == "0 nhiệm vụ" and f'data-testid="warning-{soon.pk}"' not in page
    assert 'data-testid="dashboard-warning-total">0<' in client.get(reverse("home")).content.decode()

    # Wider margins saved on the settings page: 12 days to the deadline is now "due soon".
    data = {name: getattr(SupervisionSettings(), name) for name in services.SETTING_FIELDS}
    data["due_soon_days"] = 14
    client.force_login(secretariat)
    assert client.post(reverse("supervision_settings"), data).status_code == 302
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert _warning_total(page) == "1 nhiệm vụ" and "còn 12 ngày đến hạn, tiến độ mới 50%" in page
    assert 'data-testid="dashboard-warning-total">1<' in client.get(reverse("home")).content.decode()


def test_cached_warnings_never_cross_scopes_or_filters(client: Client, make_task: Any, submit_report: Any,
                                                      leader: Any, head_a: Any, head_b: Any, unit_b: Any) -> None:
    a = make_task(assigned_on=TODAY - 10 * DAY, due_on=TODAY + 3 * DAY)
    b = make_task(assigned_on=TODAY - 10 * DAY, due_on=TODAY + 4 * DAY, lead_unit=unit_b)
    client.force_login(leader)
    url = reverse("warning_list")
    page = client.get(url).content.decode()
    assert f'data-testid="warning-{a.pk}"' in page and f'data-testid="warning-{b.pk}"' in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="dashboard-warning-total">2<' in home
    page = client.get(url + f"?unit={unit_b.pk}").content.decode()
    assert f'data-testid="warning-{a.pk}"' not in page and f'data-testid="warning-{b.pk}"' in page
    for person, mine, other in ((head_a, a, b), (head_b, b, a)):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert f'data-testid="warning-{mine.pk}"' in page and f'data-testid="warning-{other.pk}"' not in page
        home = client.get(reverse("home")).content.decode()
        assert 'data-testid="dashboard-warning-total">1<' in home and other.title not in home


def test_pages_served_again_without_recounting(client: Client, make_task: Any, leader: Any) -> None:
    """Nothing changed between two views: the second reads the figures instead of counting tasks."""
    make_task(assigned_on=TODAY - 10 * DAY, due_on=TODAY + 3 * DAY)
    make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY - DAY)
    client.force_login(leader)
    for url in (reverse("warning_list"), reverse("ranking")):
        client.get(url)
        with CaptureQueriesContext(connection) as again:
            client.get(url)
        task_queries = [q["sql"] for q in again.captured_queries if '"directives_task"' in q["sql"]]
        assert task_queries == [], url


def test_warning_filter_options_are_the_querysets_and_follow_new_units(client: Client, leader: Any,
                                                                      unit_a: Any, directive: Any) -> None:
    from chidao.orgs.services import unit_create
    from chidao.supervision.forms import WarningFilterForm

    for data in (None, {"unit": str(unit_a.pk), "directive": str(directive.pk)}):
        form = WarningFilterForm(data)
        cached = [str(form[name]) for name in ("unit", "directive")]
        for name in ("unit", "directive"):  # the options as Django writes them from the querysets
            form.fields[name].widget.choices = form.fields[name].choices
        assert cached == [str(form[name]) for name in ("unit", "directive")]
        assert "<option" in cached[0] and "<option" in cached[1]
    assert f'<option value="{unit_a.pk}" selected>' in cached[0]

    client.force_login(leader)
    url = reverse("warning_list")
    assert "Phường Hòa Cường" not in client.get(url).content.decode()
    new = unit_create(actor=None, code="phuong-hoa-cuong", name="Phường Hòa Cường", kind="commune")
    page = client.get(url).content.decode()
    assert f'<option value="{new.pk}">Phường Hòa Cường</option>' in page
    assert client.get(url + f"?unit={new.pk}").status_code == 200
