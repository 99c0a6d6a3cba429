"""Directive and task pages, driven through Django's test client as each named person."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chidao.core.tests.helpers import by_testid, ddmmyyyy, listed_task_ids, queries_for, snapshot, text, today
from chidao.directives.models import Directive, Task, TaskState
from chidao.directives.services import directive_create

pytestmark = pytest.mark.django_db


def task_form_data(directive: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "directive": directive.pk, "code": "", "title": "Xây dựng kho dữ liệu dùng chung", "parent": "",
        "kind": "deadline", "lead_unit": "", "due_on": ddmmyyyy(today() + dt.timedelta(days=90)),
        "deadline_text": "", "expected_output": "Kho dữ liệu vận hành", "field": "data", "weight": "",
        "assign": "on",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------
# Another unit's tasks: never visible, never changeable
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_b", "head_b"])
def test_other_unit_cannot_open_or_change_unit_a_tasks(who: str, request: Any, world: Any, client_as: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    before = snapshot()
    t, draft = world.task, world.unassigned
    edit_data = task_form_data(t.directive, title="Sửa trái phép", lead_unit=t.lead_unit_id,
                               due_on=ddmmyyyy(t.due_on))

    assert c.get(f"/nhiem-vu/{t.pk}/").status_code == 404
    assert c.get(f"/nhiem-vu/{draft.pk}/").status_code == 404
    assert c.get(f"/nhiem-vu/{t.pk}/sua/").status_code in {403, 404}
    assert c.post(f"/nhiem-vu/{t.pk}/sua/", edit_data).status_code in {403, 404}
    assert c.post(f"/nhiem-vu/{draft.pk}/giao/").status_code in {403, 404}
    assert c.post(f"/nhiem-vu/{t.pk}/huy/", {"reason": "Hủy trái phép"}).status_code in {403, 404}
    assert c.get(f"/nhiem-vu/moi/?directive={t.directive_id}").status_code == 403
    assert c.post("/nhiem-vu/moi/", task_form_data(t.directive, lead_unit=t.lead_unit_id)).status_code == 403
    assert c.get("/van-ban/moi/").status_code == 403
    assert c.post("/van-ban/moi/", {"code": "99/KH", "kind": "plan", "title": "Trái phép"}).status_code == 403

    assert snapshot() == before
    # The positive control: the same page opens for the unit's own task.
    own = c.get(f"/nhiem-vu/{world.own_task.pk}/")
    assertContains(own, world.own_task.title)


@pytest.mark.parametrize("who", ["officer_b", "head_b"])
def test_other_unit_lists_never_show_unit_a_tasks(who: str, request: Any, world: Any, client_as: Any,
                                                  unit_a: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    unit_a_ids = {world.task.pk, world.draft_task.pk, world.returned_task.pk, world.extension_task.pk,
                  world.unassigned.pk}

    listing = c.get("/nhiem-vu/")
    assert listed_task_ids(listing) == {world.own_task.pk}
    # Filtering by the other unit or searching for its task finds nothing, not even a count.
    assert listed_task_ids(c.get(f"/nhiem-vu/?unit={unit_a.pk}")) == set()
    searched = c.get("/nhiem-vu/?q=trung tam du lieu")
    assert listed_task_ids(searched) == set()
    assertContains(searched, "0 nhiệm vụ")

    tree = c.get(f"/van-ban/{world.task.directive_id}/")
    assert listed_task_ids(tree, "task-tree") == {world.own_task.pk}
    for title in ("Xây dựng trung tâm dữ liệu thành phố", "Ban hành quy chế chia sẻ dữ liệu"):
        assertNotContains(tree, title)
        assertNotContains(listing, title)
    assert unit_a_ids.isdisjoint(listed_task_ids(tree, "task-tree"))

    # The directive list counts only the unit's own task.
    directives = text(c.get("/van-ban/"))
    assert f'<a href="/nhiem-vu/?directive={world.task.directive_id}">1</a>' in directives


def test_support_unit_sees_the_task_but_cannot_change_it(
    make_task: Any, client_as: Any, head_b: Any, officer_b: Any, unit_b: Any,
) -> None:
    task = make_task(title="Phối hợp xây dựng bản đồ số", support_units=[unit_b])
    before = snapshot()
    for person in (head_b, officer_b):
        c = client_as(person)
        page = c.get(f"/nhiem-vu/{task.pk}/")
        assertContains(page, "Phối hợp xây dựng bản đồ số")
        # Only the lead unit reports or asks for more time.
        assertNotContains(page, 'data-testid="new-report"')
        assertNotContains(page, 'data-testid="request-extension"')
        assert c.post(f"/nhiem-vu/{task.pk}/huy/", {"reason": "x"}).status_code == 403
        assert c.get(f"/nhiem-vu/{task.pk}/sua/").status_code == 403
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# Roles that may read but not manage
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "leader", "head_a", "officer_a"])
def test_only_the_standing_office_creates_tasks(who: str, request: Any, directive: Any, client_as: Any,
                                                unit_a: Any, make_task: Any) -> None:
    task = make_task(assign=False)
    c = client_as(request.getfixturevalue(who))
    before = snapshot()
    assert c.get(f"/nhiem-vu/moi/?directive={directive.pk}").status_code == 403
    assert c.post("/nhiem-vu/moi/", task_form_data(directive, lead_unit=unit_a.pk)).status_code == 403
    assert c.post(f"/nhiem-vu/{task.pk}/giao/").status_code in {403, 404}
    assert c.post("/van-ban/moi/", {"code": "99/KH", "kind": "plan", "title": "Không được"}).status_code == 403
    assert snapshot() == before


def test_member_reads_directives_without_management_buttons(directive: Any, make_task: Any, client_as: Any,
                                                            member: Any) -> None:
    task = make_task(title="Nhiệm vụ thành viên theo dõi")
    c = client_as(member)
    page = c.get(f"/van-ban/{directive.pk}/")
    assertContains(page, "Nhiệm vụ thành viên theo dõi")
    assertNotContains(page, 'data-testid="add-task"')
    detail = c.get(f"/nhiem-vu/{task.pk}/")
    assertContains(detail, "Nhiệm vụ thành viên theo dõi")
    assertNotContains(detail, f'href="/nhiem-vu/{task.pk}/sua/"')
    assertNotContains(c.get("/van-ban/"), 'href="/van-ban/moi/"')


# ---------------------------------------------------------------------------------------------
# Creating and editing tasks through the form
# ---------------------------------------------------------------------------------------------


def test_secretariat_creates_and_assigns_a_task(directive: Any, client_as: Any, secretariat: Any,
                                                unit_a: Any, unit_b: Any) -> None:
    c = client_as(secretariat)
    form = c.get(f"/nhiem-vu/moi/?directive={directive.pk}")
    assertContains(form, "Đơn vị chủ trì")
    due = today() + dt.timedelta(days=90)
    page = c.post("/nhiem-vu/moi/", task_form_data(directive, lead_unit=unit_a.pk, support_units=[unit_b.pk],
                                                   due_on=ddmmyyyy(due)), follow=True)
    task = Task.objects.get(title="Xây dựng kho dữ liệu dùng chung")
    assertRedirects(page, f"/nhiem-vu/{task.pk}/")
    assert (task.state, task.lead_unit, task.due_on, task.assigned_on) == (TaskState.ASSIGNED, unit_a, due, today())
    assert list(task.support_units.all()) == [unit_b]
    assertContains(page, "Đã tạo nhiệm vụ và giao cho Sở Khoa học và Công nghệ.")
    assert by_testid(page, "due-on").startswith(ddmmyyyy(due))
    assertContains(page, "Giao nhiệm vụ cho Sở Khoa học và Công nghệ")  # the timeline


def test_two_lead_units_are_refused_and_nothing_is_created(directive: Any, client_as: Any, secretariat: Any,
                                                           unit_a: Any, unit_b: Any) -> None:
    c = client_as(secretariat)
    before = snapshot()
    response = c.post("/nhiem-vu/moi/", task_form_data(directive, lead_unit=[unit_a.pk, unit_b.pk]))
    assert response.status_code == 200
    assertContains(response, "Mỗi nhiệm vụ chỉ có đúng một đơn vị chủ trì")
    assert snapshot() == before


def test_a_task_needs_a_lead_unit(directive: Any, client_as: Any, secretariat: Any) -> None:
    c = client_as(secretariat)
    before = snapshot()
    response = c.post("/nhiem-vu/moi/", task_form_data(directive, lead_unit=""))
    assertContains(response, "Nhiệm vụ phải có một đơn vị chủ trì.")
    assert snapshot() == before


def test_deadline_before_assignment_gets_a_vietnamese_error(directive: Any, client_as: Any, secretariat: Any,
                                                            unit_a: Any) -> None:
    c = client_as(secretariat)
    before = snapshot()
    yesterday = today() - dt.timedelta(days=1)
    response = c.post("/nhiem-vu/moi/", task_form_data(directive, lead_unit=unit_a.pk, due_on=ddmmyyyy(yesterday)))
    assert response.status_code == 200
    assertContains(
        response,
        f"Thời hạn ({ddmmyyyy(yesterday)}) không được trước ngày giao ({ddmmyyyy(today())}).",
    )
    assert snapshot() == before


def test_a_date_that_does_not_parse_is_refused(directive: Any, client_as: Any, secretariat: Any, unit_a: Any) -> None:
    c = client_as(secretariat)
    before = snapshot()
    response = c.post("/nhiem-vu/moi/", task_form_data(directive, lead_unit=unit_a.pk, due_on="31/02/2026"))
    assertContains(response, "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")
    assert snapshot() == before


def test_task_create_without_a_directive_goes_back_to_the_directive_list(client_as: Any, secretariat: Any) -> None:
    response = client_as(secretariat).get("/nhiem-vu/moi/", follow=True)
    assertRedirects(response, "/van-ban/")
    assertContains(response, "Hãy chọn văn bản chỉ đạo để thêm nhiệm vụ.")


def test_edit_keeps_the_deadline_of_an_assigned_task(make_task: Any, client_as: Any, secretariat: Any) -> None:
    task = make_task(title="Tiêu đề cũ")
    c = client_as(secretariat)
    data = task_form_data(task.directive, title="Tiêu đề mới", lead_unit=task.lead_unit_id,
                          due_on=ddmmyyyy(task.due_on))
    data.pop("assign")
    assertRedirects(c.post(f"/nhiem-vu/{task.pk}/sua/", data), f"/nhiem-vu/{task.pk}/")
    task.refresh_from_db()
    assert task.title == "Tiêu đề mới"

    before = snapshot()
    moved = c.post(f"/nhiem-vu/{task.pk}/sua/", {**data, "due_on": ddmmyyyy(task.due_on + dt.timedelta(days=30))})
    assertContains(moved, "Nhiệm vụ đã giao chỉ được đổi thời hạn qua đề nghị gia hạn được lãnh đạo quyết định.")
    assert snapshot() == before


def test_assign_a_draft_task(make_task: Any, client_as: Any, secretariat: Any, officer_a: Any) -> None:
    task = make_task(assign=False, title="Nhiệm vụ chờ giao")
    assert client_as(officer_a).get(f"/nhiem-vu/{task.pk}/").status_code == 404  # a draft is not the unit's yet
    c = client_as(secretariat)
    assertContains(c.get(f"/nhiem-vu/{task.pk}/"), 'data-testid="assign-task"')
    assertRedirects(c.post(f"/nhiem-vu/{task.pk}/giao/"), f"/nhiem-vu/{task.pk}/")
    task.refresh_from_db()
    assert (task.state, task.assigned_on) == (TaskState.ASSIGNED, today())
    assertContains(client_as(officer_a).get(f"/nhiem-vu/{task.pk}/"), "Nhiệm vụ chờ giao")


def test_cancel_needs_a_reason(make_task: Any, client_as: Any, secretariat: Any) -> None:
    task = make_task()
    c = client_as(secretariat)
    before = snapshot()
    response = c.post(f"/nhiem-vu/{task.pk}/huy/", {"reason": "  "}, follow=True)
    assertContains(response, "Hủy nhiệm vụ phải nêu lý do.")
    assert snapshot() == before

    response = c.post(f"/nhiem-vu/{task.pk}/huy/", {"reason": "Đã lồng ghép vào nhiệm vụ khác"}, follow=True)
    assertContains(response, "Đã hủy / điều chỉnh")
    assertContains(response, "Đã lồng ghép vào nhiệm vụ khác")
    task.refresh_from_db()
    assert task.state == TaskState.CANCELLED


def test_secretariat_creates_a_directive(client_as: Any, secretariat: Any, directive: Any) -> None:
    c = client_as(secretariat)
    response = c.post("/van-ban/moi/", {"code": "13/KH-UBND", "kind": "plan", "title": "Kế hoạch thực hiện",
                                        "issuer": "UBND thành phố", "issued_on": "15/02/2025",
                                        "parent": directive.pk})
    created = Directive.objects.get(code="13/KH-UBND")
    assertRedirects(response, f"/van-ban/{created.pk}/")
    page = c.get(f"/van-ban/{created.pk}/")
    assertContains(page, "15/02/2025")
    assertContains(page, f'<a href="/van-ban/{directive.pk}/">57-NQ/TW</a>', html=True)

    before = snapshot()
    duplicate = c.post("/van-ban/moi/", {"code": "13/kh-ubnd", "kind": "plan", "title": "Trùng"})
    assertContains(duplicate, "Văn bản “13/kh-ubnd” đã có trong hệ thống.")
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# The task list: filters and accent-free search
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def spread(directive: Any, secretariat: Any, make_task: Any, complete_task: Any, unit_a: Any, unit_b: Any
           ) -> dict[str, Any]:
    plan = directive_create(actor=secretariat, code="13/KH-UBND", kind="plan", title="Kế hoạch của thành phố",
                            parent=directive)
    t = today()
    tasks = {
        "land": make_task(directive=plan, title="Hoàn thành số hóa dữ liệu đất đai", field="data",
                          due_on=t + dt.timedelta(days=20), support_units=[unit_b]),
        "cable": make_task(title="Khởi công trạm cập bờ cáp quang biển", lead_unit=unit_b, field="infrastructure",
                           due_on=t + dt.timedelta(days=200)),
        "overdue": make_task(title="Ban hành chính sách đặc thù", field="institution",
                             due_on=t - dt.timedelta(days=5), assigned_on=t - dt.timedelta(days=60)),
        "done": make_task(title="Đưa phần mềm theo dõi tiến độ vào sử dụng", lead_unit=unit_b, field="data",
                          due_on=t + dt.timedelta(days=10)),
        "recurring": make_task(title="Giám sát thường xuyên việc thực hiện", kind="recurring",
                               field="digital_transformation"),
        "draft": make_task(title="Nhiệm vụ dự thảo chưa giao", assign=False, due_on=t + dt.timedelta(days=400)),
        "plan": plan,
    }
    complete_task(tasks["done"], on=t - dt.timedelta(days=2))
    return tasks


def _ids(spread: dict[str, Any], *names: str) -> set[int]:
    return {spread[n].pk for n in names}


@pytest.mark.parametrize(("query", "expected"), [
    ("", ("land", "cable", "overdue", "done", "recurring", "draft")),
    ("directive={plan}", ("land",)),
    ("unit={unit_b}", ("land", "cable", "done")),
    ("unit={unit_b}&role=lead", ("cable", "done")),
    ("unit={unit_b}&role=support", ("land",)),
    ("unit={unit_a}&role=lead", ("land", "overdue", "recurring", "draft")),
    ("status=open_overdue", ("overdue",)),
    ("status=done_on_time", ("done",)),
    ("status=recurring", ("recurring",)),
    ("status=open_on_time", ("land", "cable")),
    ("field=data", ("land", "done")),
    ("field=data&unit={unit_b}&role=lead", ("done",)),
    ("due_from={today}&due_to={in100}", ("land", "done")),
    ("due_to={today}", ("overdue",)),
    ("q=dat dai", ("land",)),
    ("q=ĐẤT   ĐAI", ("land",)),
    ("q=cap quang bien", ("cable",)),
    ("q=so hoa dat", ("land",)),
    ("q=khong co gi", ()),
])
def test_task_list_filters(query: str, expected: tuple[str, ...], spread: dict[str, Any], unit_a: Any, unit_b: Any,
                           client_as: Any, secretariat: Any) -> None:
    url = "/nhiem-vu/?" + query.format(
        plan=spread["plan"].pk, unit_a=unit_a.pk, unit_b=unit_b.pk, today=ddmmyyyy(today()),
        in100=ddmmyyyy(today() + dt.timedelta(days=100)),
    )
    response = client_as(secretariat).get(url)
    assert listed_task_ids(response) == _ids(spread, *expected), url
    assert by_testid(response, "result-count") == f"{len(expected)} nhiệm vụ"


def test_task_list_rows_show_status_deadline_and_unit(spread: dict[str, Any], client_as: Any, secretariat: Any) -> None:
    response = client_as(secretariat).get("/nhiem-vu/?status=open_overdue")
    html = text(response)
    assert "Chưa hoàn thành, quá hạn" in html
    assert ddmmyyyy(spread["overdue"].due_on) in html
    assert "Sở KH&amp;CN" in html  # the lead unit's short name


def test_task_list_bad_date_filter_says_so(spread: dict[str, Any], client_as: Any, secretariat: Any) -> None:
    response = client_as(secretariat).get("/nhiem-vu/?due_from=31/02/2026")
    assert response.status_code == 200
    assertContains(response, "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")


def test_unit_user_does_not_see_drafts_in_the_list(spread: dict[str, Any], client_as: Any, officer_a: Any) -> None:
    assert listed_task_ids(client_as(officer_a).get("/nhiem-vu/")) == _ids(spread, "land", "overdue", "recurring")


def test_directive_detail_shows_the_tree_and_rates(spread: dict[str, Any], directive: Any, client_as: Any,
                                                   leader: Any) -> None:
    page = client_as(leader).get(f"/van-ban/{directive.pk}/")
    # The resolution's own tasks (the plan's task is on the plan's page); drafts only for managers.
    assert listed_task_ids(page, "task-tree") == _ids(spread, "cable", "overdue", "done", "recurring")
    # 1 completed of 2 due (the overdue one); tasks not yet due and recurring ones are outside.
    assertContains(page, "Tỷ lệ hoàn thành: <strong>50,00%</strong>")
    assertContains(page, f'href="/van-ban/{spread["plan"].pk}/"')


# ---------------------------------------------------------------------------------------------
# Query counts stay constant as the lists grow
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretariat", "officer_a"])
def test_task_list_query_count_is_constant(who: str, request: Any, grow: Any, client_as: Any,
                                           django_assert_max_num_queries: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    grow(10)
    small = queries_for(c, "/nhiem-vu/")  # a new state of the data: the filter's options computed
    shown = len(listed_task_ids(c.get("/nhiem-vu/")))
    grow(20)  # and again here
    with django_assert_max_num_queries(small):
        response = c.get("/nhiem-vu/")
    assert len(listed_task_ids(response)) > shown


@pytest.mark.parametrize("who", ["secretariat", "head_b"])
def test_directive_list_query_count_is_constant(who: str, request: Any, grow: Any, client_as: Any,
                                                django_assert_max_num_queries: Any) -> None:
    c = client_as(request.getfixturevalue(who))
    grow(10)
    c.get("/van-ban/")
    small = queries_for(c, "/van-ban/")
    grow(20)
    with django_assert_max_num_queries(small):
        response = c.get("/van-ban/")
    assert text(response).count('href="/van-ban/') >= 7  # the resolution and its six plans


def test_directive_detail_query_count_is_constant(make_task: Any, submit_report: Any, client_as: Any, leader: Any,
                                                  directive: Any, unit_a: Any, unit_b: Any,
                                                  django_assert_max_num_queries: Any) -> None:
    from chidao.directives.services import task_create

    group = task_create(actor=None, directive=directive, title="Nhóm nhiệm vụ hạ tầng", kind="group")

    def add(n: int) -> None:
        for i in range(n):
            task = make_task(parent=group if i % 2 else None, lead_unit=unit_b if i % 3 else unit_a,
                             support_units=[] if i % 3 else [unit_b])
            if i % 2:
                submit_report(task, progress=40)

    c = client_as(leader)
    url = f"/van-ban/{directive.pk}/"
    add(10)
    c.get(url)
    small = queries_for(c, url)
    add(20)
    with django_assert_max_num_queries(small):
        response = c.get(url)
    assert len(listed_task_ids(response, "task-tree")) == 30


@pytest.mark.parametrize("who", ["secretariat", "officer_a"])
def test_directive_counts_match_the_lists_their_links_open(who: str, request: Any, spread: dict[str, Any],
                                                           make_task: Any, directive: Any, client_as: Any) -> None:
    """Every count on the directive pages links to the task list; the list must hold that many."""
    t = today()
    make_task(directive=spread["plan"], title="Nhiệm vụ quá hạn của kế hoạch", due_on=t - dt.timedelta(days=2),
              assigned_on=t - dt.timedelta(days=30))
    c = client_as(request.getfixturevalue(who))
    html = text(c.get("/van-ban/"))
    for d in (directive, spread["plan"]):
        total = int(re.search(rf'<a href="/nhiem-vu/\?directive={d.pk}">(\d+)</a>', html).group(1))
        # The standing office also sees its unassigned drafts in the list; they are not yet counted.
        listed = listed_task_ids(c.get(f"/nhiem-vu/?directive={d.pk}")) - {spread["draft"].pk}
        assert total == len(listed), d.code
        overdue_link = f"/nhiem-vu/?directive={d.pk}&status=open_overdue"
        overdue = int(re.search(rf'href="{re.escape(overdue_link)}">(\d+)</a>', html).group(1))
        assert overdue == len(listed_task_ids(c.get(overdue_link))), d.code

    detail = text(c.get(f"/van-ban/{directive.pk}/"))
    for status, count in re.findall(
        rf'href="/nhiem-vu/\?directive={directive.pk}&status=(\w+)"><span[^>]*>[^<]*</span> (\d+)</a>', detail
    ):
        listed = listed_task_ids(c.get(f"/nhiem-vu/?directive={directive.pk}&status={status}"))
        assert int(count) == len(listed), status


def test_a_search_is_paginated_in_deadline_order_with_its_total(make_task: Any, client_as: Any,
                                                                 secretariat: Any) -> None:
    import datetime as dt

    base = dt.date(2031, 1, 1)
    made = [make_task(title=f"Số hóa dữ liệu hộ tịch đợt {i}", due_on=base + dt.timedelta(days=60 - i))
            for i in range(60)]
    make_task(title="Nâng cấp cáp quang", due_on=base)
    c = client_as(secretariat)
    first, second = c.get("/nhiem-vu/?q=du+lieu+ho+tich"), c.get("/nhiem-vu/?q=du+lieu+ho+tich&page=2")
    assert by_testid(first, "result-count") == "60 nhiệm vụ"
    by_deadline = [t.pk for t in sorted(made, key=lambda t: t.due_on)]
    def in_order(response: Any) -> list[int]:
        return [int(pk) for pk in re.findall(r'class="title"><a href="/nhiem-vu/(\d+)/"', text(response))]

    assert in_order(first) == by_deadline[:50]
    assert in_order(second) == by_deadline[50:]


def test_the_filter_options_follow_a_new_unit_and_a_new_leader(client_as: Any, secretariat: Any) -> None:
    from chidao.orgs.services import unit_create, user_create

    c = client_as(secretariat)
    assert "Trung tâm Dữ liệu" not in text(c.get("/nhiem-vu/"))  # the options are now cached
    unit_create(actor=secretariat, code="ttdl", name="Trung tâm Dữ liệu", kind="department")
    user_create(actor=None, username="phobt", password="MatKhau!2025", role="leader",
                full_name="Trần Văn Phó Ban")
    html = text(c.get("/nhiem-vu/"))
    assert ">Trung tâm Dữ liệu</option>" in html
    assert "Trần Văn Phó Ban" in html
