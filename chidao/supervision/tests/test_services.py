"""Services and selectors of supervision, with data built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chidao.audit.models import AuditEvent
from chidao.directives.models import Task
from chidao.supervision import rules, selectors, services
from chidao.supervision.models import Direction, Recommendation, ScorecardSnapshot, SupervisionSettings
from chidao.supervision.periods import MONTH, Period, period_current

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)

# --- settings -------------------------------------------------------------------------------------


def test_weights_not_adding_up_to_100_are_refused_and_nothing_changes(secretariat: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.supervision_settings_update(actor=secretariat, weight_completion=50)
    assert "Tổng các trọng số phải bằng 100% (hiện là 120%)" in exc.value.message_dict["weight_completion"][0]
    assert not SupervisionSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="supervision.settings_update").exists()


def test_settings_update_is_audited(secretariat: Any) -> None:
    services.supervision_settings_update(actor=secretariat, lag_margin=15, weight_completion=40, weight_on_time=15)
    s = selectors.supervision_settings_get()
    assert (s.lag_margin, s.weight_completion, s.weight_on_time) == (15, 40, 15)
    event = AuditEvent.objects.get(action="supervision.settings_update")
    assert event.before["lag_margin"] == 20 and event.after["lag_margin"] == 15


def test_only_the_standing_office_changes_settings(leader: Any, head_a: Any) -> None:
    for person in (leader, head_a):
        with pytest.raises(PermissionDenied):
            services.supervision_settings_update(actor=person, lag_margin=10)


# --- warnings -------------------------------------------------------------------------------------


def test_warnings_sql_prefilter_agrees_with_the_pure_rule(make_task: Any, submit_report: Any, leader: Any,
                                                           unit_b: Any) -> None:
    """Tasks on both sides of every margin: the page lists exactly the tasks the rule warns about."""
    make_task(assigned_on=TODAY - 70 * DAY, due_on=TODAY + 30 * DAY)  # 70% elapsed, never reported
    lagging = make_task(assigned_on=TODAY - 70 * DAY, due_on=TODAY + 30 * DAY)
    submit_report(lagging, progress=20, on=TODAY)
    fine = make_task(assigned_on=TODAY - 50 * DAY, due_on=TODAY + 50 * DAY)
    submit_report(fine, progress=40, on=TODAY)  # 50% elapsed, 10 points behind
    soon = make_task(assigned_on=TODAY - 20 * DAY, due_on=TODAY + 3 * DAY, lead_unit=unit_b)
    submit_report(soon, progress=95, on=TODAY)  # due soon but nearly done: no warning
    soon_low = make_task(assigned_on=TODAY - 5 * DAY, due_on=TODAY + 3 * DAY)
    submit_report(soon_low, progress=60, on=TODAY)
    make_task(assigned_on=TODAY - 90 * DAY, due_on=TODAY - DAY)  # overdue: no early warning
    make_task(kind="recurring", assigned_on=TODAY - 40 * DAY)  # silent recurring task
    make_task(assign=False, due_on=TODAY + 5 * DAY)  # draft: never warned

    got = {w.task_id: [r.code for r in w.reasons] for w in selectors.warnings_list(user=leader, today=TODAY)}
    expected = {}
    for t in Task.objects.exclude(kind="group").filter(state="assigned"):
        rs = rules.warning_reasons(progress=t.progress, assigned_on=t.assigned_on, due_on=t.due_on,
                                   last_reported_on=t.last_reported_on, today=TODAY, margins=rules.WarningMargins(),
                                   recurring=t.kind == "recurring")
        if rs:
            expected[t.pk] = [r.code for r in rs]
    assert got == expected
    assert got[lagging.pk] == [rules.LAG]
    assert got[soon_low.pk] == [rules.DUE_SOON]
    assert fine.pk not in got and soon.pk not in got
    assert len(got) == 4


def test_a_unit_sees_only_warnings_of_the_tasks_it_leads(make_task: Any, unit_b: Any, head_a: Any,
                                                         head_b: Any) -> None:
    a = make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY + 2 * DAY)
    b = make_task(assigned_on=TODAY - 60 * DAY, due_on=TODAY + 2 * DAY, lead_unit=unit_b)
    assert [w.task_id for w in selectors.warnings_list(user=head_a, today=TODAY)] == [a.pk]
    assert [w.task_id for w in selectors.warnings_list(user=head_b, today=TODAY)] == [b.pk]


def test_margins_come_from_the_settings(make_task: Any, submit_report: Any, secretariat: Any, leader: Any) -> None:
    task = make_task(assigned_on=TODAY - 50 * DAY, due_on=TODAY + 50 * DAY)
    submit_report(task, progress=35, on=TODAY)  # 15 points behind
    assert list(selectors.warnings_list(user=leader, today=TODAY)) == []
    services.supervision_settings_update(actor=secretariat, lag_margin=10)
    [warning] = selectors.warnings_list(user=leader, today=TODAY)
    assert warning.reasons[0].text == "tiến độ 35% nhưng đã qua 50% thời gian"


# --- directions -----------------------------------------------------------------------------------


def test_leader_gives_direction_on_a_task_to_its_lead_unit(make_task: Any, leader: Any, head_a: Any,
                                                           head_b: Any) -> None:
    task = make_task()
    direction = services.direction_give(actor=leader, task=task, content="Khẩn trương hoàn thành")
    assert direction.unit_id == task.lead_unit_id
    assert AuditEvent.objects.filter(action="direction.give", task_ref=task.pk).exists()
    assert selectors.workspace_directions(user=head_a) == [direction]
    assert selectors.workspace_directions(user=head_b) == []


def test_only_leaders_give_directions_and_content_is_required(make_task: Any, secretariat: Any, head_a: Any,
                                                              leader: Any, unit_a: Any) -> None:
    for person in (secretariat, head_a):
        with pytest.raises(PermissionDenied):
            services.direction_give(actor=person, unit=unit_a, content="x")
    with pytest.raises(ValidationError) as exc:
        services.direction_give(actor=leader, unit=unit_a, content="  ")
    assert "content" in exc.value.message_dict
    assert not Direction.objects.exists()


def test_acknowledge_once_by_the_addressed_unit(leader: Any, unit_a: Any, officer_a: Any, head_b: Any) -> None:
    direction = services.direction_give(actor=leader, unit=unit_a, content="Rà soát thủ tục")
    with pytest.raises(PermissionDenied):
        services.direction_acknowledge(actor=head_b, direction=direction)
    services.direction_acknowledge(actor=officer_a, direction=direction)
    direction.refresh_from_db()
    assert direction.acknowledged_by == officer_a and direction.acknowledged_at is not None
    with pytest.raises(ValidationError, match="đã được tiếp nhận"):
        services.direction_acknowledge(actor=officer_a, direction=direction)
    assert selectors.workspace_directions(user=officer_a) == []


# --- recommendations ------------------------------------------------------------------------------


def test_recommendation_to_committee_answered_once(head_a: Any, secretariat: Any, head_b: Any) -> None:
    rec = services.recommendation_raise(actor=head_a, content="Bổ sung kinh phí", response_due_on=TODAY + 10 * DAY)
    assert rec.to_committee and rec.from_unit == head_a.unit
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=head_b, recommendation=rec, answer="Tôi trả lời")
    services.recommendation_answer(actor=secretariat, recommendation=rec, answer="Đã báo cáo Thường trực")
    with pytest.raises(ValidationError) as exc:
        services.recommendation_answer(actor=secretariat, recommendation=Recommendation.objects.get(pk=rec.pk),
                                       answer="Trả lời lần hai")
    assert "không trả lời lần thứ hai" in exc.value.messages[0]
    rec.refresh_from_db()
    assert rec.answer == "Đã báo cáo Thường trực"
    assert AuditEvent.objects.filter(action="recommendation.answer").count() == 1


def test_recommendation_to_another_unit_is_answered_by_that_unit(officer_a: Any, unit_b: Any, officer_b: Any,
                                                                 secretariat: Any) -> None:
    rec = services.recommendation_raise(actor=officer_a, content="Hướng dẫn cơ chế khoán chi", to_unit=unit_b)
    assert rec.response_due_on == TODAY + 15 * DAY  # the standing office's default
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=secretariat, recommendation=rec, answer="x")
    services.recommendation_answer(actor=officer_b, recommendation=rec, answer="Đã hướng dẫn", on=TODAY)
    assert selectors.recommendation_counts(user=officer_b, today=TODAY)[rules.ANSWERED_ON_TIME] == 1


def test_recommendation_bad_input_changes_nothing(head_a: Any, unit_a: Any, leader: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.recommendation_raise(actor=head_a, content="", to_unit=unit_a, response_due_on=TODAY - DAY)
    assert set(exc.value.message_dict) == {"content", "to_unit", "response_due_on"}
    with pytest.raises(PermissionDenied):
        services.recommendation_raise(actor=leader, content="x")
    assert not Recommendation.objects.exists()


def test_one_click_from_a_submitted_report(make_task: Any, unit_people: Any, head_a: Any, head_b: Any) -> None:
    from chidao.reporting.services import report_draft_create, report_submit

    task = make_task()
    officer, head = unit_people[task.lead_unit_id]
    report = report_draft_create(actor=officer, task=task, progress=30, proposals="Đề nghị bổ sung biên chế")
    with pytest.raises(ValidationError, match="chưa gửi"):
        services.recommendation_from_report(actor=head_a, report=report)
    report_submit(actor=head, report=report)
    with pytest.raises(PermissionDenied):
        services.recommendation_from_report(actor=head_b, report=report)
    rec = services.recommendation_from_report(actor=head_a, report=report)
    assert (rec.content, rec.task_id, rec.report_id, rec.to_unit_id) == ("Đề nghị bổ sung biên chế", task.pk,
                                                                          report.pk, None)
    with pytest.raises(ValidationError, match="đã được gửi"):
        services.recommendation_from_report(actor=head_a, report=report)
    assert Recommendation.objects.count() == 1


def test_recommendation_status_sql_agrees_with_rule(head_a: Any, secretariat: Any) -> None:
    open_ = services.recommendation_raise(actor=head_a, content="a", today=TODAY - 2 * DAY,
                                          response_due_on=TODAY)
    overdue = services.recommendation_raise(actor=head_a, content="b", today=TODAY - 20 * DAY,
                                            response_due_on=TODAY - DAY)
    on_time = services.recommendation_raise(actor=head_a, content="c", today=TODAY - 20 * DAY,
                                            response_due_on=TODAY - 5 * DAY)
    services.recommendation_answer(actor=secretariat, recommendation=on_time, answer="ok", on=TODAY - 5 * DAY)
    late = services.recommendation_raise(actor=head_a, content="d", today=TODAY - 20 * DAY,
                                         response_due_on=TODAY - 10 * DAY)
    services.recommendation_answer(actor=secretariat, recommendation=late, answer="ok", on=TODAY - 9 * DAY)
    rows = {r.pk: r.status for r in selectors.recommendation_list(user=secretariat, today=TODAY,
                                                                  filters=selectors.RecommendationFilters())}
    assert rows == {open_.pk: rules.OPEN, overdue.pk: rules.OVERDUE, on_time.pk: rules.ANSWERED_ON_TIME,
                    late.pk: rules.ANSWERED_LATE}
    assert selectors.recommendation_counts(user=secretariat, today=TODAY) == {
        rules.OPEN: 1, rules.OVERDUE: 1, rules.ANSWERED_ON_TIME: 1, rules.ANSWERED_LATE: 1, "total": 4}


# --- scorecards -----------------------------------------------------------------------------------


def _last_month() -> Period:
    return period_current(MONTH, TODAY).previous()


def test_scorecard_counts_as_of_the_period_end(make_task: Any, complete_task: Any, unit_b: Any) -> None:
    period = _last_month()
    end = period.end
    done = make_task(assigned_on=end - 90 * DAY, due_on=end - 10 * DAY)
    complete_task(done, on=end - 20 * DAY)  # done on time before the end
    after = make_task(assigned_on=end - 90 * DAY, due_on=end - 5 * DAY)
    complete_task(after, on=min(end + 3 * DAY, TODAY))  # completed only after the period: overdue then
    make_task(assigned_on=end + DAY, due_on=end + 2 * DAY) if end + DAY <= TODAY else None  # not yet assigned
    make_task(assigned_on=end - 90 * DAY, due_on=end - 30 * DAY, lead_unit=unit_b)  # unit_b: overdue

    lines = {line.unit_name: line for line in selectors.scorecard_compute(period=period, today=TODAY)}
    a, b = lines["Sở KH&CN"], lines["Phường Hải Châu"]
    assert (a.inputs.done_on_time, a.inputs.done_late, a.inputs.open_overdue) == (1, 0, 1)
    assert a.completion_rate == Decimal("50.00") and a.on_time_rate == Decimal("50.00")
    assert (b.inputs.due, b.inputs.open_overdue, b.completion_rate) == (1, 1, Decimal("0.00"))
    # Units of different kinds are ranked apart: each is first of its kind.
    assert a.rank == 1 and b.rank == 1


def test_freeze_keeps_history_when_data_changes_later(make_task: Any, complete_task: Any, secretariat: Any,
                                                      leader: Any) -> None:
    period = _last_month()
    task = make_task(assigned_on=period.end - 60 * DAY, due_on=period.end - 10 * DAY)
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        services.scorecard_freeze(actor=secretariat, period=period_current(MONTH, TODAY))
    with pytest.raises(PermissionDenied):
        services.scorecard_freeze(actor=leader, period=period)
    snapshot, _lines = services.scorecard_freeze(actor=secretariat, period=period)
    assert snapshot is not None and snapshot.taken_at is not None
    frozen_score = snapshot.rows.get().score
    assert snapshot.rows.get().open_overdue == 1

    # A later edit of history (a back-dated completion, new weights) does not rewrite the snapshot.
    complete_task(task, on=period.end - 12 * DAY)
    services.supervision_settings_update(actor=secretariat, weight_completion=100, weight_on_time=0,
                                         weight_overdue=0, weight_discipline=0, weight_recommendations=0)
    ranking = selectors.ranking_get(user=leader, period=period, kind="", today=TODAY)
    assert ranking.snapshot == snapshot
    assert ranking.lines[0].score == frozen_score and ranking.lines[0].inputs.open_overdue == 1
    live = selectors.scorecard_compute(period=period, today=TODAY)
    assert live[0].score == Decimal("100.00") != frozen_score
    with pytest.raises(ValidationError, match="đã được chốt"):
        services.scorecard_freeze(actor=secretariat, period=period)
    assert ScorecardSnapshot.objects.count() == 1


def test_dry_run_writes_nothing(make_task: Any) -> None:
    period = _last_month()
    make_task(assigned_on=period.end - 60 * DAY, due_on=period.end - 10 * DAY)
    snapshot, lines = services.scorecard_freeze(actor=None, period=period, dry_run=True)
    assert snapshot is None and len(lines) == 1
    assert not ScorecardSnapshot.objects.exists()


def test_ranking_shows_change_against_previous_period(make_task: Any, complete_task: Any, unit_b: Any,
                                                      leader: Any, secretariat: Any) -> None:
    period = _last_month()
    before = period.previous()
    # Before: unit_a has an overdue task, unit_b none → compare departments with departments only.
    from chidao.orgs.services import unit_create

    other = unit_create(actor=None, code="so-tc", name="Sở Tài chính", kind="department")
    slow = make_task(assigned_on=before.end - 60 * DAY, due_on=before.end - 5 * DAY)
    fast = make_task(assigned_on=before.end - 60 * DAY, due_on=before.end - 5 * DAY, lead_unit=other)
    services.supervision_settings_update(actor=secretariat, weight_completion=100, weight_on_time=0,
                                         weight_overdue=0, weight_discipline=0, weight_recommendations=0)
    # other completes before the previous period ends; unit_a only in the last period (late).
    from chidao.orgs.services import user_create
    from chidao.reporting.services import report_draft_create, report_review, report_submit

    head = user_create(actor=None, username="gd_tc", password="x-12345678", role="unit_head", unit=other)
    report = report_draft_create(actor=head, task=fast, progress=100, claims_completion=True,
                                 output_document="1/QĐ")
    report_submit(actor=head, report=report, on=before.end - 10 * DAY)
    report_review(actor=secretariat, report=report, accept=True)
    complete_task(slow, on=period.start + DAY)

    ranking = selectors.ranking_get(user=leader, period=period, kind="department", today=TODAY)
    by_name = {line.unit_name: line for line in ranking.lines}
    assert by_name["Sở KH&CN"].previous_rank == 2 and by_name["Sở KH&CN"].rank == 1
    assert by_name["Sở KH&CN"].rank_change == 1
    assert by_name["Sở KH&CN"].score_change == Decimal("100.00")


def test_a_direction_reaches_the_addressed_unit_as_a_notification(make_task: Any, leader: Any, head_a: Any,
                                                                   officer_a: Any, head_b: Any) -> None:
    from chidao.notifications.models import Notification

    task = make_task()
    services.direction_give(actor=leader, task=task, content="Đẩy nhanh tiến độ, báo cáo trước 15/12.")
    notified = set(Notification.objects.filter(kind="direction_given", url__contains=f"/nhiem-vu/{task.pk}/")
                   .values_list("recipient_id", flat=True))
    assert {head_a.pk, officer_a.pk} <= notified
    assert head_b.pk not in notified
