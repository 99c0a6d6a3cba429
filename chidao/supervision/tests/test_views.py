"""The supervision pages as people use them, including cross-unit access for every view."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chidao.supervision import services
from chidao.supervision.models import Direction, Recommendation, ScorecardSnapshot, SupervisionSettings
from chidao.supervision.periods import MONTH, period_current

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_warnings_page_and_dashboard_show_reasons_in_words(client: Client, make_task: Any, submit_report: Any,
                                                           leader: Any, head_b: Any) -> None:
    task = make_task(assigned_on=TODAY - 70 * DAY, due_on=TODAY + 30 * DAY)
    submit_report(task, progress=20, on=TODAY)
    login(client, leader)
    page = client.get(reverse("warning_list")).content.decode()
    assert "tiến độ 20% nhưng đã qua 70% thời gian" in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="supervision-block"' in home and "tiến độ 20% nhưng đã qua 70% thời gian" in home
    login(client, head_b)  # another unit never sees unit A's warnings
    assert "tiến độ 20%" not in client.get(reverse("warning_list")).content.decode()
    assert "tiến độ 20%" not in client.get(reverse("home")).content.decode()


def test_warnings_page_queries_do_not_grow_with_data(client: Client, make_task: Any, leader: Any,
                                                     django_assert_max_num_queries: Any) -> None:
    for _i in range(3):
        make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY + 2 * DAY)
    login(client, leader)
    with django_assert_max_num_queries(12):
        client.get(reverse("warning_list"))
    for _i in range(20):
        make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY + 2 * DAY)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("warning_list"))
    assert response.content.decode().count('data-code="due_soon"') == 23


def test_settings_page_refuses_weights_not_adding_up(client: Client, secretariat: Any, head_a: Any,
                                                     leader: Any) -> None:
    url = reverse("supervision_settings")
    assert login(client, head_a).get(url).status_code == 403
    assert login(client, leader).get(url).status_code == 403
    login(client, secretariat)
    data = {name: getattr(SupervisionSettings(), name) for name in services.SETTING_FIELDS}
    data["weight_completion"] = 10
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Tổng các trọng số phải bằng 100% (hiện là 80%)" in response.content.decode()
    assert not SupervisionSettings.objects.exists()
    data["weight_completion"], data["lag_margin"] = 30, 25
    assert client.post(url, data).status_code == 302
    assert SupervisionSettings.objects.get().lag_margin == 25


def test_direction_on_task_reaches_the_unit_workspace_first(client: Client, make_task: Any, leader: Any,
                                                            head_a: Any, head_b: Any) -> None:
    task = make_task()
    login(client, leader)
    assert 'data-testid="give-direction"' in client.get(reverse("task_detail", args=[task.pk])).content.decode()
    response = client.post(reverse("direction_create"), {"task": task.pk, "content": "Báo cáo trước 15/12"})
    assert response.status_code == 302
    direction = Direction.objects.get()
    login(client, head_a)
    workspace = client.get(reverse("workspace")).content.decode()
    assert 'data-testid="workspace-directions"' in workspace and "Báo cáo trước 15/12" in workspace
    assert workspace.index("workspace-directions") < workspace.index("tasks-to-report")
    # Unit B: no block, and acknowledging unit A's direction is 404 and changes nothing.
    login(client, head_b)
    assert "Báo cáo trước 15/12" not in client.get(reverse("workspace")).content.decode()
    assert client.post(reverse("direction_acknowledge", args=[direction.pk])).status_code == 404
    assert client.get(reverse("direction_list")).content.decode().count("Báo cáo trước 15/12") == 0
    direction.refresh_from_db()
    assert direction.acknowledged_at is None
    login(client, head_a)
    client.post(reverse("direction_acknowledge", args=[direction.pk]))
    direction.refresh_from_db()
    assert direction.acknowledged_by == head_a
    assert 'data-testid="workspace-directions"' not in client.get(reverse("workspace")).content.decode()


def test_only_leaders_give_directions_through_the_page(client: Client, make_task: Any, secretariat: Any,
                                                       head_a: Any, unit_a: Any) -> None:
    task = make_task()
    for person in (secretariat, head_a):
        login(client, person)
        assert client.post(reverse("direction_create"), {"unit": unit_a.pk, "content": "x"}).status_code == 403
        assert 'data-testid="give-direction"' not in client.get(
            reverse("task_detail", args=[task.pk])).content.decode()
    assert not Direction.objects.exists()


def test_recommendation_pages_and_cross_unit_access(client: Client, head_a: Any, officer_b: Any, head_b: Any,
                                                    secretariat: Any, django_assert_max_num_queries: Any) -> None:
    login(client, head_a)
    response = client.post(reverse("recommendation_create"), {"content": "Bổ sung kinh phí", "to_unit": "",
                                                               "response_due_on": ""})
    rec = Recommendation.objects.get()
    assert response.url == reverse("recommendation_detail", args=[rec.pk])
    listing = client.get(reverse("recommendation_list")).content.decode()
    assert "Bổ sung kinh phí" in listing and 'data-testid="rec-count-open">1<' in listing
    # Unit B neither sees nor answers it.
    login(client, head_b)
    assert client.get(reverse("recommendation_detail", args=[rec.pk])).status_code == 404
    assert client.post(reverse("recommendation_detail", args=[rec.pk]), {"answer": "x"}).status_code == 404
    assert "Bổ sung kinh phí" not in client.get(reverse("recommendation_list")).content.decode()
    # The standing office answers once; the second answer is refused in Vietnamese.
    login(client, secretariat)
    assert client.post(reverse("recommendation_detail", args=[rec.pk]), {"answer": "Đã xử lý"}).status_code == 302
    second = client.post(reverse("recommendation_detail", args=[rec.pk]), {"answer": "Lần hai"}, follow=True)
    assert "không trả lời lần thứ hai" in second.content.decode()
    rec.refresh_from_db()
    assert rec.answer == "Đã xử lý"
    for i in range(15):
        services.recommendation_raise(actor=officer_b, content=f"Kiến nghị {i}")
    with django_assert_max_num_queries(12):
        client.get(reverse("recommendation_list"))


def test_one_click_recommendation_button_on_report(client: Client, make_task: Any, submit_report: Any,
                                                   head_a: Any, head_b: Any) -> None:
    task = make_task()
    report = submit_report(task, progress=40)
    # The shared fixture drafts no proposals; give the submitted report some, as a unit would have.
    report.proposals = "Đề nghị hỗ trợ"
    report.save(update_fields=["proposals"])
    login(client, head_b)
    assert client.post(reverse("recommendation_from_report", args=[report.pk])).status_code == 404
    login(client, head_a)
    assert 'data-testid="raise-from-report"' in client.get(reverse("report_detail", args=[report.pk])).content.decode()
    client.post(reverse("recommendation_from_report", args=[report.pk]))
    client.post(reverse("recommendation_from_report", args=[report.pk]))
    assert Recommendation.objects.filter(report=report).count() == 1
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="raise-from-report"' not in page and "Xem kiến nghị" in page


def test_ranking_visible_to_all_details_only_to_own_unit(client: Client, make_task: Any, unit_b: Any,
                                                         head_a: Any, head_b: Any, leader: Any,
                                                         django_assert_max_num_queries: Any) -> None:
    make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY - DAY)
    make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY - DAY, lead_unit=unit_b)
    login(client, head_b)
    page = client.get(reverse("ranking") + "?kind=department").content.decode()
    assert "Sở KH&amp;CN" in page and f'data-testid="overdue-link-{head_a.unit_id}"' not in page
    assert client.get(reverse("scorecard_detail", args=[head_a.unit_id])).status_code == 404
    assert client.get(reverse("scorecard_detail", args=[unit_b.pk])).status_code == 200
    login(client, head_a)
    page = client.get(reverse("ranking") + "?kind=department").content.decode()
    assert f'data-testid="overdue-link-{head_a.unit_id}"' in page
    login(client, leader)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("ranking") + "?kind=commune").content.decode()
    assert f"?unit={unit_b.pk}&role=lead&status=open_overdue" in page


def test_freeze_from_the_ranking_page(client: Client, make_task: Any, secretariat: Any, head_a: Any) -> None:
    period = period_current(MONTH, TODAY).previous()
    make_task(assigned_on=period.end - 60 * DAY, due_on=period.end - 10 * DAY)
    login(client, head_a)
    assert client.post(reverse("scorecard_freeze"), {"period": period.key}).status_code == 403
    login(client, secretariat)
    client.post(reverse("scorecard_freeze"), {"period": period.key})
    snapshot = ScorecardSnapshot.objects.get()
    page = client.get(reverse("ranking") + f"?period={period.key}").content.decode()
    assert "Số liệu đã chốt lúc " + timezone.localtime(snapshot.taken_at).strftime("%H:%M %d/%m/%Y") in page


def test_supervision_dashboard_for_leaders_only(client: Client, make_task: Any, leader: Any, member: Any,
                                                head_a: Any) -> None:
    overdue = make_task(assigned_on=TODAY - 90 * DAY, due_on=TODAY - 12 * DAY)
    login(client, leader)
    page = client.get(reverse("supervision_dashboard")).content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in page and 'id="supervision-chart-data"' in page
    assert overdue.title in page and "12 ngày" in page
    assert login(client, member).get(reverse("supervision_dashboard")).status_code == 200
    assert login(client, head_a).get(reverse("supervision_dashboard")).status_code == 404
