"""Round pages, with cross-unit access checks."""

import datetime as dt

import pytest

from chidao.rounds import services
from chidao.rounds.models import ReportingRound, RoundState

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_a(people, directive, make_task, travel):  # type: ignore[no-untyped-def]
    travel(dt.date(2025, 11, 10))
    make_task()
    return services.round_create(actor=people["secretariat"], kind="month", opens_on=dt.date(2025, 11, 1),
                                 due_on=dt.date(2025, 11, 25), directive=directive)


def test_secretariat_opens_a_round_in_the_browser(client, people, directive, make_task, travel) -> None:
    travel(dt.date(2025, 11, 10))
    make_task()
    client.force_login(people["secretariat"])
    assert client.get("/ky-bao-cao/moi/").status_code == 200
    response = client.post("/ky-bao-cao/moi/", {"kind": "month", "directive": directive.pk,
                                                "opens_on": "01/11/2025", "due_on": "25/11/2025"})
    round = ReportingRound.objects.get()
    assert response["Location"] == f"/ky-bao-cao/{round.pk}/"
    assert round.period_label == "Tháng 11/2025" and round.closes_on == dt.date(2025, 12, 5)
    body = client.get(f"/ky-bao-cao/{round.pk}/").content.decode()
    assert "Sở Khoa học và Công nghệ" in body and "Chưa nộp" in body and 'hx-trigger="every 10s"' in body


def test_due_before_open_is_shown_in_vietnamese_and_nothing_created(client, people, directive, make_task) -> None:
    make_task()
    client.force_login(people["secretariat"])
    response = client.post("/ky-bao-cao/moi/", {"kind": "month", "directive": directive.pk,
                                                "opens_on": "25/11/2025", "due_on": "01/11/2025"})
    assert response.status_code == 200
    assert "không được trước ngày mở kỳ" in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_unit_people_may_not_open_or_close(client, people, round_a) -> None:
    for name in ("head_a", "officer_b", "member", "leader"):
        client.force_login(people[name])
        assert client.get("/ky-bao-cao/moi/").status_code == 403
    client.force_login(people["head_a"])
    assert client.post(f"/ky-bao-cao/{round_a.pk}/dong/").status_code == 403
    client.force_login(people["head_b"])
    assert client.post(f"/ky-bao-cao/{round_a.pk}/dong/").status_code == 404
    round_a.refresh_from_db()
    assert round_a.state == RoundState.OPEN


def test_other_unit_never_sees_the_round(client, people, round_a) -> None:
    client.force_login(people["officer_b"])
    assert client.get(f"/ky-bao-cao/{round_a.pk}/").status_code == 404
    assert client.get(f"/ky-bao-cao/{round_a.pk}/bang/").status_code == 404
    assert "Tháng 11/2025" not in client.get("/ky-bao-cao/").content.decode()
    client.force_login(people["officer_a"])
    assert client.get(f"/ky-bao-cao/{round_a.pk}/").status_code == 200
    assert "Tháng 11/2025" in client.get("/ky-bao-cao/").content.decode()


def test_close_by_the_standing_office(client, people, round_a) -> None:
    client.force_login(people["secretariat"])
    client.post(f"/ky-bao-cao/{round_a.pk}/dong/")
    round_a.refresh_from_db()
    assert round_a.state == RoundState.CLOSED


def test_workspace_shows_what_the_unit_owes(client, people, round_a) -> None:
    client.force_login(people["officer_a"])
    body = client.get("/don-vi-cua-toi/").content.decode()
    assert 'data-testid="workspace-rounds"' in body and "còn 1 nhiệm vụ chưa nộp" in body
    client.force_login(people["officer_b"])
    assert 'data-testid="workspace-rounds"' not in client.get("/don-vi-cua-toi/").content.decode()


def test_list_and_detail_queries_stay_constant(client, people, directive, make_task, round_a,
                                               django_assert_max_num_queries) -> None:
    client.force_login(people["secretariat"])
    client.get("/ky-bao-cao/")
    for _ in range(8):
        make_task()
    for i in range(5):
        services.round_create(actor=people["secretariat"], kind="ad_hoc", opens_on=dt.date(2025, 11, 1),
                              due_on=dt.date(2025, 11, 20 + i), directive=directive)
    with django_assert_max_num_queries(12):
        assert client.get("/ky-bao-cao/").status_code == 200
    round = ReportingRound.objects.first()
    with django_assert_max_num_queries(12):
        assert client.get(f"/ky-bao-cao/{round.pk}/").status_code == 200
