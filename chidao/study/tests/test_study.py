"""Study: giving, studying, quiz, reflection, statistics with names, reminders, and who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chidao.notifications.models import Notification
from chidao.study import rules, selectors, services
from chidao.study.models import QuizAttempt, StudyAssignment, StudyRecord

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
QUIZ = [services.QuestionDraft(text="NQ 57 do ai ban hành?", choices=["Bộ Chính trị", "Quốc hội"], correct=[0]),
        services.QuestionDraft(text="Đột phá quan trọng hàng đầu?", choices=["Khoa học, công nghệ", "Du lịch"],
                               correct=[0])]


def _names(html: str) -> list[str]:
    return sorted(x.split("</div>")[0] for x in html.split('<div class="fw-semibold">')[1:])


def _assign(actor: Any, docs: list[Any], **kw: Any) -> StudyAssignment:
    kw.setdefault("due_on", TODAY + dt.timedelta(days=10))
    return services.assignment_create(actor=actor, title="Học tập Nghị quyết 57", documents=docs, today=TODAY, **kw)


def test_office_assigns_a_unit_and_a_cell(secretariat: Any, cells: dict, nq57: Any, unit_a: Any) -> None:
    a = _assign(secretariat, [nq57], units=[unit_a], questions=QUIZ)
    assert set(a.records.values_list("user_id", flat=True)) == {u.pk for u in cells["a_people"]}
    assert a.questions.count() == 2
    assert Notification.objects.filter(recipient=cells["a_people"][1], url=reverse("study_assignment",
                                                                                  args=[a.pk])).exists()
    b = _assign(secretariat, [nq57], cells=[cells["b"]])
    assert b.records.count() == 3


@pytest.mark.parametrize("bad,message", [
    ({"due_on": TODAY - dt.timedelta(days=1)}, "đã qua"),
    ({"questions": [services.QuestionDraft(text="Câu?", choices=["A", "B"], correct=[])]}, "chưa có đáp án đúng"),
    ({"questions": [services.QuestionDraft(text="Câu?", choices=["A"], correct=[0])]}, "hai phương án"),
    ({"pass_mark": 101}, "0 đến 100"),
    ({"cells": []}, "Không có đảng viên"),
])
def test_bad_assignments_refused_nothing_saved(secretariat: Any, cells: dict, nq57: Any, bad: dict,
                                               message: str) -> None:
    kw = {"cells": [cells["a"]], **bad}
    with pytest.raises(ValidationError) as exc:
        _assign(secretariat, [nq57], **kw)
    assert message in " ".join(exc.value.messages)
    assert not StudyAssignment.objects.exists() and not StudyRecord.objects.exists()


def test_no_document_refused(secretariat: Any, cells: dict) -> None:
    with pytest.raises(ValidationError, match="văn bản"):
        _assign(secretariat, [], cells=[cells["a"]])


def test_cell_secretary_assigns_only_their_cell(cells: dict, nq57: Any, unit_b: Any) -> None:
    secretary = cells["a_people"][0]
    a = _assign(secretary, [nq57], cells=[cells["a"]])
    assert a.owner_cell == cells["a"] and a.records.count() == 3
    for kw in ({"cells": [cells["b"]]}, {"units": [unit_b]}, {"people": [cells["b_people"][1]]}):
        with pytest.raises(ValidationError, match="chi bộ"):
            _assign(secretary, [nq57], **kw)
    with pytest.raises(PermissionDenied):
        _assign(cells["a_people"][1], [nq57], cells=[cells["a"]])


def test_member_studies_takes_quiz_and_reflects(secretariat: Any, cells: dict, nq57: Any, client: Any) -> None:
    a = _assign(secretariat, [nq57], cells=[cells["a"]], questions=QUIZ, pass_mark=100)
    person = cells["a_people"][1]
    client.force_login(person)
    page = client.get(reverse("study_assignment", args=[a.pk])).content.decode()
    assert "57-NQ/TW" in page and "Chưa học, còn hạn" in page
    client.post(reverse("study_mark", args=[a.pk]))
    q1, q2 = a.questions.all()
    right = {f"q{q.pk}": q.choices.get(is_correct=True).pk for q in (q1, q2)}
    wrong = {**right, f"q{q2.pk}": q2.choices.get(is_correct=False).pk}
    client.post(reverse("study_quiz", args=[a.pk]), wrong)
    client.post(reverse("study_quiz", args=[a.pk]), {f"q{q1.pk}": right[f"q{q1.pk}"]})  # one left unanswered
    client.post(reverse("study_quiz", args=[a.pk]), {**right, f"q{q1.pk}": q2.choices.first().pk})  # foreign choice
    client.post(reverse("study_quiz", args=[a.pk]), right)
    record = StudyRecord.objects.get(assignment=a, user=person)
    assert record.studied_at and not record.studied_late
    assert record.attempts == 2 and record.best_score == 100 and record.passed_at
    assert [x.score for x in QuizAttempt.objects.filter(record=record).order_by("id")] == [50, 100]
    client.post(reverse("study_reflection", args=[a.pk]),
                {"reflection": "Nhận thức rõ vai trò của KHCN", "commitment": "Số hóa hồ sơ", "device_key": "k-1"})
    again = client.post(reverse("study_reflection", args=[a.pk]),
                        {"reflection": "Bản gửi lại", "commitment": "", "device_key": "k-1"}, follow=True)
    assert "không lưu lại lần nữa" in again.content.decode()
    record.refresh_from_db()
    assert record.reflection == "Nhận thức rõ vai trò của KHCN"
    empty = client.post(reverse("study_reflection", args=[a.pk]), {"reflection": " ", "commitment": ""}, follow=True)
    assert "thu hoạch" in empty.content.decode()
    mine = selectors.assignments_for_person(user=person)
    assert [(r.assignment.pk, r.state) for r in mine] == [(a.pk, "done_on_time")]


def test_studied_after_deadline_is_late(secretariat: Any, cells: dict, nq57: Any) -> None:
    a = _assign(secretariat, [nq57], cells=[cells["a"]])
    person = cells["a_people"][1]
    record = services.record_mark_studied(user=person, assignment=a, today=a.due_on + dt.timedelta(days=1))
    assert record.studied_late
    stats = selectors.assignment_stats(user=cells["a_people"][0], assignment=a, today=a.due_on + dt.timedelta(days=2))
    # 1 studied late + 2 never studied after the deadline
    assert stats.total == {"assigned": 3, "studied": 1, "passed": 0, "late": 3}
    assert rules.record_state(studied_on=None, due_on=a.due_on, today=a.due_on) == "open"


def test_stats_and_names_scoped(secretariat: Any, cells: dict, nq57: Any, unit_a: Any, unit_b: Any, client: Any,
                                leader: Any, head_a: Any, officer_b: Any) -> None:
    a = _assign(secretariat, [nq57], units=[unit_a, unit_b])
    for person in cells["a_people"][:2]:
        services.record_mark_studied(user=person, assignment=a, today=TODAY)
    stats = selectors.assignment_stats(user=secretariat, assignment=a, today=TODAY)
    assert stats.total == {"assigned": 6, "studied": 2, "passed": 0, "late": 0}
    assert {r.name: r.counts["studied"] for r in stats.cells} == {cells["a"].name: 2, cells["b"].name: 0}
    client.force_login(leader)
    page = client.get(reverse("study_people", args=[a.pk]), {"measure": "studied", "cell": cells["a"].pk})
    assert _names(page.content.decode()) == sorted(p.full_name for p in cells["a_people"][:2])
    # the secretary of cell B sees only cell B's people, whatever the query asks
    sec_b = cells["b_people"][0]
    client.force_login(sec_b)
    page = client.get(reverse("study_people", args=[a.pk]), {"measure": "assigned"}).content.decode()
    assert all(p.full_name in page for p in cells["b_people"])
    assert not any(p.full_name in page for p in cells["a_people"])
    page = client.get(reverse("study_people", args=[a.pk]), {"measure": "studied", "cell": cells["a"].pk}).content
    assert cells["a_people"][0].full_name not in page.decode()
    stats_b = client.get(reverse("study_stats", args=[a.pk])).content.decode()
    assert cells["a"].name not in stats_b and cells["b"].name in stats_b
    # a unit head sees their unit's
    assert selectors.assignment_stats(user=head_a, assignment=a, today=TODAY).total["assigned"] == 3
    # an ordinary member sees no statistics, and their own record only
    client.force_login(cells["a_people"][1])
    assert client.get(reverse("study_stats", args=[a.pk])).status_code == 403
    assert client.get(reverse("study_people", args=[a.pk])).status_code == 403
    # someone outside the assignment cannot open it at all
    client.force_login(officer_b)
    assert client.get(reverse("study_assignment", args=[a.pk])).status_code == 404
    assert client.post(reverse("study_mark", args=[a.pk])).status_code == 404


def test_member_cannot_act_on_someone_elses_record(secretariat: Any, cells: dict, nq57: Any, client: Any) -> None:
    a = _assign(secretariat, [nq57], cells=[cells["a"]])
    sec_b = cells["b_people"][0]  # a secretary who sees the assignment's list but is not in it
    client.force_login(sec_b)
    assert client.post(reverse("study_mark", args=[a.pk])).status_code in (403, 404)
    assert not StudyRecord.objects.filter(studied_at__isnull=False).exists()


def test_reminders_before_and_after_the_deadline_once(secretariat: Any, cells: dict, nq57: Any) -> None:
    a = _assign(secretariat, [nq57], cells=[cells["a"]], notify_people=False)
    services.record_mark_studied(user=cells["a_people"][1], assignment=a, today=TODAY)
    before = a.due_on - dt.timedelta(days=3)
    assert services.study_reminders_day(day=before, days_before=3) == 2
    assert services.study_reminders_day(day=before, days_before=3) == 0  # idempotent
    after = a.due_on + dt.timedelta(days=1)
    assert services.study_reminders_day(day=after, days_before=3) == 2
    assert services.study_reminders_day(day=after, days_before=3) == 0
    assert not Notification.objects.filter(recipient=cells["a_people"][1]).exists()


def test_worker_day_includes_study_reminders(secretariat: Any, cells: dict, nq57: Any) -> None:
    from chidao.notifications.reminders import remind_days_before, reminders_run_day

    a = _assign(secretariat, [nq57], cells=[cells["a"]], notify_people=False)
    result = reminders_run_day(day=a.due_on - dt.timedelta(days=remind_days_before()))
    assert result.created["study"] == 3


def test_create_page(secretariat: Any, cells: dict, nq57: Any, client: Any) -> None:
    client.force_login(secretariat)
    assert client.get(reverse("study_create"), {"document": nq57.pk}).status_code == 200
    data = {"title": "Học tập NQ 57", "documents": "57-NQ/TW", "due_on": (TODAY + dt.timedelta(days=5)).strftime(
        "%d/%m/%Y"), "cells": [cells["a"].pk], "pass_mark": 80,
        "quiz": "NQ 57 do ai ban hành?\n* Bộ Chính trị\n- Quốc hội\n\nCâu hai?\n- A\n- B"}
    bad = client.post(reverse("study_create"), data).content.decode()
    assert "Câu 2 chưa có đáp án đúng" in bad and not StudyAssignment.objects.exists()
    past = client.post(reverse("study_create"), {**data, "quiz": "", "due_on": "01/01/2020"}).content.decode()
    assert "đã qua" in past and not StudyAssignment.objects.exists()
    unknown = client.post(reverse("study_create"), {**data, "quiz": "", "documents": "99-NQ/TW"}).content.decode()
    assert "99-NQ/TW" in unknown and not StudyAssignment.objects.exists()
    ok = client.post(reverse("study_create"), {**data, "quiz": data["quiz"].replace("- A", "* A")})
    a = StudyAssignment.objects.get()
    assert ok.status_code == 302 and a.questions.count() == 2 and a.records.count() == 3
    client.force_login(cells["a_people"][1])
    assert client.get(reverse("study_create")).status_code == 403


def test_parse_quiz() -> None:
    assert rules.parse_quiz("Câu 1?\n* Đúng\n- Sai\n\n\nCâu 2\ntiếp?\n- x\n* y") == [
        ("Câu 1?", ["Đúng", "Sai"], [0]), ("Câu 2 tiếp?", ["x", "y"], [1])]
    assert rules.quiz_score(correct=2, total=3) == 66


def test_home_pages(secretariat: Any, cells: dict, nq57: Any, client: Any) -> None:
    a = _assign(secretariat, [nq57], cells=[cells["a"]])
    client.force_login(cells["a_people"][1])
    page = client.get(reverse("study_home")).content.decode()
    assert a.title in page and reverse("study_stats", args=[a.pk]) not in page
    client.force_login(secretariat)
    assert reverse("study_stats", args=[a.pk]) in client.get(reverse("study_home")).content.decode()


def test_stats_query_count_is_flat(secretariat: Any, cells: dict, nq57: Any, unit_a: Any, unit_b: Any,
                                   client: Any, django_assert_max_num_queries: Any) -> None:
    a = _assign(secretariat, [nq57], units=[unit_a, unit_b])
    client.force_login(secretariat)
    with django_assert_max_num_queries(14):
        client.get(reverse("study_stats", args=[a.pk]))
    with django_assert_max_num_queries(14):
        client.get(reverse("study_people", args=[a.pk]))
