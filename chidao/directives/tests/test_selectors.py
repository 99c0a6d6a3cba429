"""Reads of tasks: who sees what, search, the dashboard and the number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from chidao.directives import rules
from chidao.directives.models import Task, TaskKind
from chidao.directives.selectors import (
    TaskFilters,
    dashboard_get,
    directive_list,
    task_get,
    task_list,
    task_tree,
    tasks_visible,
)
from chidao.directives.services import directive_create, task_cancel, task_create
from chidao.orgs.models import User
from chidao.orgs.services import unit_create

D = dt.date
TODAY = D(2025, 11, 15)
SEP1 = D(2025, 9, 1)


def fresh(user: User) -> User:
    """The person as a new request would load them (no cached unit ids)."""
    return User.objects.get(pk=user.pk)


def titles(qs: Any) -> set[str]:
    return {t.title for t in qs}


class TestVisibility:
    @pytest.fixture
    def tasks(self, make_task: Callable[..., Task], unit_a: Any, unit_b: Any) -> dict[str, Task]:
        return {
            "a_only": make_task(title="Việc riêng của Sở", lead_unit=unit_a),
            "a_with_b": make_task(title="Sở chủ trì, phường phối hợp", lead_unit=unit_a, support_units=[unit_b]),
            "b_leads": make_task(title="Phường chủ trì", lead_unit=unit_b),
            "b_draft": make_task(title="Dự thảo giao phường", lead_unit=unit_b, assign=False),
        }

    def test_unit_b_never_sees_unit_a_tasks_but_sees_those_it_supports(
        self, tasks: dict[str, Task], officer_b: Any, head_b: Any
    ) -> None:
        for person in (officer_b, head_b):
            assert titles(tasks_visible(user=fresh(person))) == {"Sở chủ trì, phường phối hợp", "Phường chủ trì"}

    def test_unit_a_sees_its_own(self, tasks: dict[str, Task], officer_a: Any) -> None:
        assert titles(tasks_visible(user=fresh(officer_a))) == {"Việc riêng của Sở", "Sở chủ trì, phường phối hợp"}

    @pytest.mark.parametrize("who", ["admin", "leader", "secretariat", "member"])
    def test_committee_roles_see_every_unit(
        self, request: pytest.FixtureRequest, tasks: dict[str, Task], who: str
    ) -> None:
        visible = titles(task_list(user=request.getfixturevalue(who), filters=TaskFilters(), today=TODAY))
        assert {"Việc riêng của Sở", "Sở chủ trì, phường phối hợp", "Phường chủ trì"} <= visible

    def test_only_the_standing_office_sees_drafts_in_lists(
        self, tasks: dict[str, Task], secretariat: Any, leader: Any, member: Any, head_b: Any
    ) -> None:
        assert "Dự thảo giao phường" in titles(task_list(user=secretariat, filters=TaskFilters(), today=TODAY))
        for person in (leader, member, head_b):
            assert "Dự thảo giao phường" not in titles(task_list(user=person, filters=TaskFilters(), today=TODAY))

    def test_task_get_is_404_for_another_units_task(self, tasks: dict[str, Task], officer_b: Any) -> None:
        with pytest.raises(Http404):
            task_get(user=fresh(officer_b), pk=tasks["a_only"].pk)
        assert task_get(user=fresh(officer_b), pk=tasks["a_with_b"].pk) == tasks["a_with_b"]

    def test_task_get_is_404_for_a_draft_even_of_the_own_unit(self, tasks: dict[str, Task], head_b: Any) -> None:
        with pytest.raises(Http404):
            task_get(user=fresh(head_b), pk=tasks["b_draft"].pk)

    def test_a_unit_head_sees_the_tasks_of_units_under_it(
        self, make_task: Callable[..., Task], unit_a: Any, head_a: Any, officer_b: Any
    ) -> None:
        centre = unit_create(actor=None, code="tt-dmst", name="Trung tâm Đổi mới sáng tạo", kind="other",
                             parent=unit_a)
        make_task(title="Việc của trung tâm", lead_unit=centre)
        assert "Việc của trung tâm" in titles(tasks_visible(user=fresh(head_a)))
        assert "Việc của trung tâm" not in titles(tasks_visible(user=fresh(officer_b)))

    def test_filter_by_unit_and_role(self, tasks: dict[str, Task], secretariat: Any, unit_b: Any) -> None:
        def listed(role: str) -> set[str]:
            return titles(task_list(user=secretariat, filters=TaskFilters(unit=unit_b, role=role), today=TODAY))

        assert listed("lead") == {"Phường chủ trì", "Dự thảo giao phường"}
        assert listed("support") == {"Sở chủ trì, phường phối hợp"}
        assert listed("") == {"Phường chủ trì", "Dự thảo giao phường", "Sở chủ trì, phường phối hợp"}


class TestSearch:
    @pytest.fixture
    def tasks(self, make_task: Callable[..., Task]) -> None:
        make_task(title="Chiến dịch 90 ngày làm sạch dữ liệu đất đai", code="3.2")
        make_task(title="Phát triển hạ tầng số", expected_output="Trạm cập bờ cáp quang biển ALC")
        make_task(title="Đào tạo nhân lực bán dẫn")

    @pytest.mark.parametrize("q", ["dat dai", "DAT DAI", "Đất Đai", "dữ liệu đất", "  du   lieu  ", "chien dich 90"])
    def test_accent_insensitive_search_finds_dat_dai(self, tasks: None, secretariat: Any, q: str) -> None:
        found = titles(task_list(user=secretariat, filters=TaskFilters(q=q), today=TODAY))
        assert found == {"Chiến dịch 90 ngày làm sạch dữ liệu đất đai"}

    def test_search_reads_the_expected_output(self, tasks: None, secretariat: Any) -> None:
        found = titles(task_list(user=secretariat, filters=TaskFilters(q="cap quang"), today=TODAY))
        assert found == {"Phát triển hạ tầng số"}

    def test_every_word_must_match(self, tasks: None, secretariat: Any) -> None:
        assert not task_list(user=secretariat, filters=TaskFilters(q="dat dai ban dan"), today=TODAY).exists()

    def test_search_never_leaks_another_units_task(self, tasks: None, officer_b: Any) -> None:
        assert not task_list(user=fresh(officer_b), filters=TaskFilters(q="dat dai"), today=TODAY).exists()

    def test_edited_title_is_searchable(self, make_task: Callable[..., Task], secretariat: Any) -> None:
        from chidao.directives.services import task_update

        task = make_task(title="Việc cũ")
        task_update(actor=secretariat, task=task, title="Số hóa hồ sơ hộ tịch", lead_unit=task.lead_unit,
                    support_units=[], kind=task.kind, due_on=task.due_on, expected_output="", field="data")
        found = titles(task_list(user=secretariat, filters=TaskFilters(q="ho tich"), today=TODAY))
        assert found == {"Số hóa hồ sơ hộ tịch"}


@pytest.fixture
def scoreboard(
    make_task: Callable[..., Task], complete_task: Callable[..., Task], submit_report: Callable[..., Any],
    secretariat: Any, unit_a: Any, unit_b: Any,
) -> Any:
    """As of TODAY: unit A 2 on time + 1 overdue; unit B 1 on time + 1 late; unit C nothing due."""
    unit_c = unit_create(actor=None, code="viettel-dn", name="Viettel Đà Nẵng", kind="enterprise")
    for n in range(2):
        complete_task(make_task(title=f"A xong {n}", lead_unit=unit_a, assigned_on=SEP1, due_on=D(2025, 12, 31)),
                      on=D(2025, 11, 1))
    make_task(title="A quá hạn", lead_unit=unit_a, assigned_on=SEP1, due_on=D(2025, 10, 31))
    complete_task(make_task(title="B xong", lead_unit=unit_b, assigned_on=SEP1, due_on=D(2025, 10, 31)),
                  on=D(2025, 10, 30))
    complete_task(make_task(title="B xong muộn", lead_unit=unit_b, assigned_on=SEP1, due_on=D(2025, 10, 31)),
                  on=D(2025, 11, 3))
    make_task(title="C trong hạn", lead_unit=unit_c, assigned_on=SEP1, due_on=D(2026, 12, 31))
    make_task(title="C thường xuyên", lead_unit=unit_c, kind=TaskKind.RECURRING, assigned_on=SEP1)
    cancelled = make_task(title="A đã hủy", lead_unit=unit_a, assigned_on=SEP1, due_on=D(2025, 9, 30))
    task_cancel(actor=secretariat, task=cancelled, reason="Điều chỉnh")
    make_task(title="A dự thảo", lead_unit=unit_a, assign=False, due_on=D(2025, 9, 30))
    make_task(title="A quá hạn có phường", lead_unit=unit_a, support_units=[unit_b], assigned_on=SEP1,
              due_on=D(2025, 11, 10))
    return unit_c


class TestDashboard:
    def test_counts_and_rates(self, scoreboard: Any, secretariat: Any) -> None:
        board = dashboard_get(user=secretariat, today=TODAY)
        assert board.counts == {
            rules.DONE_ON_TIME: 3, rules.DONE_LATE: 1, rules.OPEN_ON_TIME: 0, rules.NOT_STARTED: 1,
            rules.OPEN_OVERDUE: 2, rules.RECURRING: 1, rules.CANCELLED: 1,
        }
        assert board.rates.completion_rate == Decimal("66.67")  # 4 of 6 due
        assert board.rates.on_time_rate == Decimal("50.00")  # 3 of 6
        assert board.overdue_total == 2
        assert [t.title for t in board.overdue] == ["A quá hạn", "A quá hạn có phường"]  # oldest first

    def test_unit_rows_sorted_by_completion_rate(self, scoreboard: Any, secretariat: Any, unit_a: Any,
                                                 unit_b: Any) -> None:
        rows = dashboard_get(user=secretariat, today=TODAY).units
        assert [r.unit for r in rows] == [unit_b, unit_a, scoreboard]
        b, a, c = rows
        assert (b.completion_rate, b.on_time_rate) == (Decimal("100.00"), Decimal("50.00"))
        assert (a.completion_rate, a.on_time_rate) == (Decimal("50.00"), Decimal("50.00"))  # 2 of 4
        assert a.counts[rules.OPEN_OVERDUE] == 2
        assert a.counts[rules.CANCELLED] == 1
        assert c.completion_rate is None  # nothing due yet: shown last, not as 0%

    def test_a_later_day_changes_the_picture(self, scoreboard: Any, secretariat: Any) -> None:
        board = dashboard_get(user=secretariat, today=D(2027, 1, 1))
        assert board.counts[rules.OPEN_OVERDUE] == 3  # unit C's task is now overdue too
        assert board.rates.completion_rate == Decimal("57.14")  # 4 of 7

    def test_a_unit_sees_only_its_own_and_supported_tasks(self, scoreboard: Any, officer_b: Any,
                                                          unit_a: Any, unit_b: Any) -> None:
        board = dashboard_get(user=fresh(officer_b), today=TODAY)
        assert board.counts[rules.DONE_ON_TIME] == 1
        assert board.counts[rules.DONE_LATE] == 1
        assert board.counts[rules.OPEN_OVERDUE] == 1  # the one unit B supports
        assert [t.title for t in board.overdue] == ["A quá hạn có phường"]
        assert {r.unit for r in board.units} == {unit_a, unit_b}

    def test_directive_filter_includes_programmes_under_it(self, scoreboard: Any, secretariat: Any,
                                                           directive: Any, unit_b: Any) -> None:
        programme = directive_create(actor=secretariat, code="05-CTr/TU", kind="programme",
                                     title="Chương trình hành động", parent=directive)
        other = directive_create(actor=secretariat, code="59-NQ/TW", kind="resolution", title="Hội nhập quốc tế")
        task_create(actor=secretariat, directive=programme, title="Việc của chương trình", lead_unit=unit_b,
                    due_on=D(2025, 10, 1), assign=True, assigned_on=SEP1)
        task_create(actor=secretariat, directive=other, title="Việc của NQ 59", lead_unit=unit_b,
                    due_on=D(2025, 10, 1), assign=True, assigned_on=SEP1)
        assert dashboard_get(user=secretariat, today=TODAY, directive=directive).counts[rules.OPEN_OVERDUE] == 3
        assert dashboard_get(user=secretariat, today=TODAY, directive=other).counts[rules.OPEN_OVERDUE] == 1
        rows = {d.code: counts for d, counts, _ in directive_list(user=secretariat, today=TODAY)}
        assert rows["05-CTr/TU"][rules.OPEN_OVERDUE] == 1
        assert rows["59-NQ/TW"][rules.OPEN_OVERDUE] == 1


class TestQueryCounts:
    def measure(self, fn: Callable[[], Any]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def list_rows(self, user: User) -> None:
        for row in task_list(user=user, filters=TaskFilters(q="nhiem vu"), today=TODAY):
            # What a list page shows of each row.
            assert row.lead_unit.name and row.directive.code and row.status

    def test_dashboard_and_list_do_not_grow_with_the_number_of_tasks(
        self, make_task: Callable[..., Task], complete_task: Callable[..., Task], secretariat: Any,
        officer_a: Any, unit_b: Any, directive: Any, django_assert_max_num_queries: Any,
    ) -> None:
        def add(n: int, start: int) -> None:
            for i in range(start, start + n):
                lead = unit_b if i % 3 == 0 else None
                task = make_task(title=f"Nhiệm vụ {i}", **({"lead_unit": lead} if lead else {}),
                                 support_units=[] if lead else [unit_b],
                                 assigned_on=SEP1, due_on=D(2025, 10, 1) + dt.timedelta(days=i))
                if i % 4 == 0:
                    complete_task(task, on=D(2025, 10, 20))

        add(3, 0)
        small = {
            "dashboard": self.measure(lambda: dashboard_get(user=secretariat, today=TODAY, directive=directive)),
            "unit dashboard": self.measure(lambda: dashboard_get(user=fresh(officer_a), today=TODAY)),
            "list": self.measure(lambda: self.list_rows(secretariat)),
            "unit list": self.measure(lambda: self.list_rows(fresh(officer_a))),
        }
        add(30, 3)
        assert Task.objects.count() == 33
        with django_assert_max_num_queries(6):
            board = dashboard_get(user=secretariat, today=TODAY, directive=directive)
        assert sum(board.counts.values()) == 33
        with django_assert_max_num_queries(6):
            dashboard_get(user=fresh(officer_a), today=TODAY)
        with django_assert_max_num_queries(3):
            self.list_rows(secretariat)
        with django_assert_max_num_queries(3):
            self.list_rows(fresh(officer_a))
        large = {
            "dashboard": self.measure(lambda: dashboard_get(user=secretariat, today=TODAY, directive=directive)),
            "unit dashboard": self.measure(lambda: dashboard_get(user=fresh(officer_a), today=TODAY)),
            "list": self.measure(lambda: self.list_rows(secretariat)),
            "unit list": self.measure(lambda: self.list_rows(fresh(officer_a))),
        }
        assert large == small


class TestTree:
    def test_group_progress_is_the_average_of_its_live_children(
        self, secretariat: Any, directive: Any, unit_a: Any, unit_b: Any, submit_report: Callable[..., Any],
        make_task: Callable[..., Task], head_b: Any,
    ) -> None:
        group = task_create(actor=secretariat, directive=directive, title="Nhóm 1. Thể chế", kind=TaskKind.GROUP)
        first = make_task(title="1.1", parent=group, lead_unit=unit_a, assigned_on=SEP1, due_on=D(2025, 12, 31))
        second = make_task(title="1.2", parent=group, lead_unit=unit_b, assigned_on=SEP1, due_on=D(2025, 12, 31))
        dropped = make_task(title="1.3", parent=group, lead_unit=unit_a, assigned_on=SEP1, due_on=D(2025, 12, 31))
        submit_report(first, on=D(2025, 10, 1), progress=80)
        submit_report(second, on=D(2025, 10, 1), progress=40)
        task_cancel(actor=secretariat, task=dropped, reason="Gộp vào 1.1")

        [node] = task_tree(user=secretariat, directive=directive, today=TODAY)
        assert node.task == group
        assert node.progress == 60  # the cancelled child does not pull it down
        assert [(c.task.title, c.status) for c in node.children] == [
            ("1.1", rules.OPEN_ON_TIME), ("1.2", rules.OPEN_ON_TIME), ("1.3", rules.CANCELLED)]

        # Unit B sees the group (for its shape) and only its own task in it.
        [node] = task_tree(user=fresh(head_b), directive=directive, today=TODAY)
        assert node.task == group
        assert [c.task.title for c in node.children] == ["1.2"]
