"""Login, health check, dashboard and the rules every page shares (login required, Vietnamese)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chidao.core.tests.helpers import by_testid, listed_task_ids, queries_for, snapshot, text, today
from chidao.urls import urlpatterns

pytestmark = pytest.mark.django_db

PASSWORD = "MatKhau!2025"  # the root conftest's password for every test person

# Pages anyone may open; every other named page needs a signed-in person.
PUBLIC = {"healthz", "login", "logout"}
LIST_PAGES = {"home", "directive_list", "directive_create", "task_list", "task_create", "workspace", "unit_report_list",
              "review_queue",
              "extension_queue", "audit_log"}
# Reporting rounds and notifications (issue 3): the login redirect comes before any lookup, so a
# fixed primary key serves their object pages.
LIST_PAGES |= {"round_list", "round_create", "notification_list", "notification_read_all",
               "notification_preferences", "delivery_list"}
ROUND_NOTIFY_OBJECT_PAGES = {"round_detail", "round_detail_table", "round_close", "notification_open",
                             "delivery_retry"}
OBJECT_PAGES = {"directive_detail", "task_detail", "task_edit", "task_assign", "task_cancel", "report_create",
                "extension_create", "report_detail", "report_revise", "report_review", "evidence_download",
                "extension_decide"} | ROUND_NOTIFY_OBJECT_PAGES
OBJECT_PAGES |= {"directive_leader_set"}  # the directive page's leader-in-charge form


def page_kwargs(world: Any) -> dict[str, dict[str, int]]:
    return {
        "directive_detail": {"pk": world.task.directive_id},
        "task_detail": {"pk": world.task.pk},
        "task_edit": {"pk": world.task.pk},
        "task_assign": {"pk": world.unassigned.pk},
        "task_cancel": {"pk": world.task.pk},
        "report_create": {"task_pk": world.task.pk},
        "extension_create": {"task_pk": world.task.pk},
        "report_detail": {"pk": world.draft.pk},
        "report_revise": {"pk": world.returned.pk},
        "report_review": {"pk": world.submitted.pk},
        "evidence_download": {"pk": world.submitted_evidence.pk},
        "extension_decide": {"pk": world.extension.pk},
        **{name: {"pk": 1} for name in ROUND_NOTIFY_OBJECT_PAGES},
        "directive_leader_set": {"pk": world.task.directive_id},
    }


def named_pages() -> list[str]:
    return [p.name for p in urlpatterns if isinstance(p, URLPattern) and p.name]


def test_every_page_is_covered_here() -> None:
    """A new page must join the login-required test below (or be declared public)."""
    assert all(isinstance(p, URLPattern | URLResolver) for p in urlpatterns)
    assert set(named_pages()) - PUBLIC == LIST_PAGES | OBJECT_PAGES


@pytest.mark.parametrize("name", [n for n in named_pages() if n not in PUBLIC])
def test_pages_redirect_anonymous_people_to_login(name: str, world: Any, client: Client) -> None:
    kwargs = page_kwargs(world)
    assert set(kwargs) == OBJECT_PAGES
    url = reverse(name, kwargs=kwargs.get(name))
    before = snapshot()
    for response in (client.get(url), client.post(url, {"decision": "accept", "reason": "x", "title": "x"})):
        assertRedirects(response, f"/dang-nhap/?next={quote(url)}", fetch_redirect_response=False)
    assert snapshot() == before


def test_api_refuses_anonymous_people(world: Any, client: Client) -> None:
    for url in ("/api/v1/tasks", f"/api/v1/tasks/{world.task.pk}", "/api/v1/dashboard", "/api/v1/directives"):
        assert client.get(url).status_code == 401, url


# ---------------------------------------------------------------------------------------------
# Login, logout, health
# ---------------------------------------------------------------------------------------------


def test_login_page_is_vietnamese(client: Client) -> None:
    page = client.get("/dang-nhap/")
    assert page.status_code == 200
    assertContains(page, '<html lang="vi">')
    assertContains(page, "<title>Đăng nhập · Chỉ Đạo</title>")
    assertContains(page, "Tên đăng nhập")
    assertContains(page, "Mật khẩu")
    assertContains(page, ">Đăng nhập</button>")


def test_login_with_a_wrong_password_says_so_in_vietnamese(client: Client, officer_a: Any) -> None:
    page = client.post("/dang-nhap/", {"username": officer_a.username, "password": "sai-mat-khau"})
    assertContains(page, "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.")
    assert "_auth_user_id" not in client.session


def test_login_then_logout(client: Client, officer_a: Any, make_task: Any) -> None:
    task = make_task()
    response = client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD,
                                           "next": f"/nhiem-vu/{task.pk}/"})
    assertRedirects(response, f"/nhiem-vu/{task.pk}/")
    home = client.get("/")
    assertContains(home, "Hoàng Thị Chuyên Viên")
    assertContains(home, "Chuyên viên đơn vị")
    assertRedirects(client.post("/dang-xuat/"), "/dang-nhap/")
    assertRedirects(client.get("/"), "/dang-nhap/?next=/")


def test_healthz_answers_json(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": connection.vendor}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_error_pages_are_vietnamese(client_as: Any, officer_b: Any, world: Any) -> None:
    c = client_as(officer_b)
    missing = c.get(f"/nhiem-vu/{world.task.pk}/")
    assert missing.status_code == 404
    assertContains(missing, "Không tìm thấy", status_code=404)
    forbidden = c.get("/tham-dinh/")
    assert forbidden.status_code == 403
    assertContains(forbidden, "Không có quyền", status_code=403)


# ---------------------------------------------------------------------------------------------
# Navigation by role
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "shown", "hidden"), [
    ("officer_a", ["/don-vi-cua-toi/"], ["/tham-dinh/", "/gia-han/", "/nhat-ky/"]),
    ("head_b", ["/don-vi-cua-toi/"], ["/tham-dinh/", "/gia-han/", "/nhat-ky/"]),
    ("secretariat", ["/tham-dinh/", "/gia-han/", "/nhat-ky/"], ["/don-vi-cua-toi/"]),
    ("leader", ["/tham-dinh/", "/gia-han/", "/nhat-ky/"], ["/don-vi-cua-toi/"]),
    ("member", ["/van-ban/", "/nhiem-vu/"], ["/tham-dinh/", "/gia-han/", "/nhat-ky/", "/don-vi-cua-toi/"]),
])
def test_navigation_shows_what_the_role_may_open(who: str, shown: list[str], hidden: list[str], request: Any,
                                                 client_as: Any, world: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    html = text(c.get("/"))
    for url in shown:
        assert f'href="{url}"' in html, url
        assert c.get(url).status_code == 200, url
    for url in hidden:
        assert f'href="{url}"' not in html, url


def test_secretariat_sees_how_many_reports_wait(world: Any, client_as: Any, secretariat: Any) -> None:
    # The world has two submitted reports: unit_a's and unit_b's.
    assert by_testid(client_as(secretariat).get("/"), "nav-review-count") == "2"


# ---------------------------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def statuses(make_task: Any, complete_task: Any, submit_report: Any, unit_b: Any) -> dict[str, Any]:
    t = today()
    past = {"assigned_on": t - dt.timedelta(days=60)}
    tasks = {
        "on_time": make_task(title="Nhiệm vụ xong đúng hạn"),
        "late": make_task(title="Nhiệm vụ xong quá hạn", due_on=t - dt.timedelta(days=10), **past),
        "overdue": make_task(title="Nhiệm vụ đang quá hạn", due_on=t - dt.timedelta(days=5), **past),
        "open": make_task(title="Nhiệm vụ đang làm trong hạn"),
        "fresh": make_task(title="Nhiệm vụ chưa triển khai"),
        "recurring": make_task(title="Nhiệm vụ thường xuyên", kind="recurring"),
        "unassigned": make_task(title="Nhiệm vụ chưa giao", assign=False),
    }
    complete_task(tasks["on_time"], on=t - dt.timedelta(days=1))
    complete_task(tasks["late"], on=t - dt.timedelta(days=5))
    submit_report(tasks["open"], progress=30)
    return tasks


@pytest.mark.parametrize("who", ["secretariat", "leader", "member", "admin", "officer_a", "head_a"])
def test_dashboard_counts_and_rates(who: str, request: Any, statuses: dict[str, Any], client_as: Any) -> None:
    page = client_as(request.getfixturevalue(who)).get("/")
    assert by_testid(page, "count-done_on_time") == "1"
    assert by_testid(page, "count-done_late") == "1"
    assert by_testid(page, "count-open_on_time") == "2"  # one reported, one not started
    assert by_testid(page, "count-open_overdue") == "1"
    assert by_testid(page, "count-recurring") == "1"
    assert by_testid(page, "count-cancelled") == "0"
    assertContains(page, "trong đó chưa triển khai: 1")
    # Completed 2 of 3 due; on time 1 of 3 — two decimals with a comma.
    assert by_testid(page, "completion-rate") == "66,67%"
    assert by_testid(page, "on-time-rate") == "33,33%"
    assertContains(page, "2 / 3 nhiệm vụ đến hạn")
    assertContains(page, "Nhiệm vụ đang quá hạn")  # the overdue list
    assertNotContains(page, "Nhiệm vụ chưa giao")


def test_dashboard_cards_link_to_the_filtered_task_list(statuses: dict[str, Any], directive: Any, client_as: Any,
                                                        secretariat: Any) -> None:
    c = client_as(secretariat)
    html = text(c.get("/"))
    expected = {
        "done_on_time": {"on_time"}, "done_late": {"late"}, "open_overdue": {"overdue"},
        "open_on_time": {"open", "fresh"}, "recurring": {"recurring"}, "cancelled": set(),
    }
    for status, names in expected.items():
        href = f"/nhiem-vu/?status={status}&directive={directive.pk}"
        assert f'href="{href}"' in html, href
        assert listed_task_ids(c.get(href)) == {statuses[n].pk for n in names}, status
    assert f'href="/nhiem-vu/?status=open_overdue&directive={directive.pk}">Xem tất cả (1)</a>' in html


def test_dashboard_unit_table(statuses: dict[str, Any], make_task: Any, unit_b: Any, client_as: Any,
                              leader: Any) -> None:
    t = today()
    make_task(lead_unit=unit_b, due_on=t - dt.timedelta(days=1), assigned_on=t - dt.timedelta(days=9))
    html = text(client_as(leader).get("/?directive=all"))
    table = html.split('data-testid="unit-table"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr>")[2:]
    # Sorted by completion rate: Sở KH&CN (66,67%) before Phường Hải Châu (0,00%).
    assert "Sở KH&amp;CN" in rows[0] and "66,67%" in rows[0] and "33,33%" in rows[0]
    assert "Phường Hải Châu" in rows[1] and "0,00%" in rows[1]
    assert by_testid(client_as(leader).get("/?directive=all"), "completion-rate") == "50,00%"


@pytest.mark.parametrize("who", ["officer_b", "head_b"])
def test_dashboard_of_another_unit_counts_only_its_own_tasks(who: str, request: Any, statuses: dict[str, Any],
                                                             make_task: Any, unit_b: Any, client_as: Any) -> None:
    make_task(title="Nhiệm vụ riêng của phường", lead_unit=unit_b)
    page = client_as(request.getfixturevalue(who)).get("/")
    assert by_testid(page, "count-open_on_time") == "1"
    for status in ("done_on_time", "done_late", "open_overdue", "recurring"):
        assert by_testid(page, f"count-{status}") == "0", status
    assert by_testid(page, "completion-rate") == "—"
    for title in ("Nhiệm vụ đang quá hạn", "Sở KH&amp;CN"):
        assertNotContains(page, title)


def test_dashboard_with_nothing_due_shows_a_dash(client_as: Any, member: Any, make_task: Any) -> None:
    make_task()
    page = client_as(member).get("/")
    assert by_testid(page, "completion-rate") == "—"
    assert by_testid(page, "on-time-rate") == "—"


@pytest.mark.parametrize(("who", "url"), [
    ("secretariat", "/"), ("secretariat", "/?directive=all"), ("officer_a", "/"), ("member", "/"),
])
def test_dashboard_query_count_is_constant(who: str, url: str, request: Any, grow: Any, client_as: Any,
                                           django_assert_max_num_queries: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    grow(10)
    small = queries_for(c, url)  # the figures of this state of the data are computed…
    assert queries_for(c, url, cold=False) < small  # …once: the next view reuses them (core/figures.py)
    before = by_testid(c.get(url), "count-open_overdue")
    grow(20)  # new data: computed again, with no more queries than for the small data set
    with django_assert_max_num_queries(small):
        response = c.get(url)
    assert int(by_testid(response, "count-open_overdue")) > int(before)


def test_the_administrator_manages_people_and_units_in_the_admin(client_as: Any, admin: Any, secretariat: Any,
                                                                  unit_a: Any) -> None:
    c = client_as(admin)
    assert c.get("/quan-tri-django/orgs/user/").status_code == 200
    page = c.get(f"/quan-tri-django/orgs/orgunit/{unit_a.pk}/change/")
    assert page.status_code == 200
    assert client_as(secretariat).get("/quan-tri-django/orgs/user/").status_code == 302  # not staff: to login


def test_the_deployment_name_shows_in_the_header_and_title(settings: Any, client: Client) -> None:
    settings.CHIDAO_SITE_NAME = "BCĐ 57 Đà Nẵng"
    html = client.get("/dang-nhap/").content.decode()
    assert "· BCĐ 57 Đà Nẵng</title>" in html
