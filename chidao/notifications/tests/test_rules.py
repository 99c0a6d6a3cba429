import datetime as dt

from chidao.notifications import rules


def test_retry_delay_grows_then_stays_at_the_longest_wait() -> None:
    assert rules.retry_delay(1) == dt.timedelta(minutes=1)
    assert rules.retry_delay(2) == dt.timedelta(minutes=5)
    assert rules.retry_delay(3) < rules.retry_delay(4) < rules.retry_delay(7)
    assert rules.retry_delay(50) == rules.retry_delay(7)


def test_dedupe_key_names_kind_subject_occurrence_and_person() -> None:
    key = rules.dedupe_key(kind="due_soon", subject="task:12", occurrence="2025-12-31", recipient_id=7)
    assert key == "due_soon:task:12:2025-12-31:u7"
    assert key != rules.dedupe_key(kind="due_soon", subject="task:12", occurrence="2026-03-31", recipient_id=7)


def test_overdue_day_is_the_day_after_the_deadline_and_escalation_m_days_later() -> None:
    dates = rules.reminder_due_dates(day=dt.date(2025, 11, 10), days_before=3, escalate_after=3)
    assert dates == {"due_soon": dt.date(2025, 11, 13), "overdue": dt.date(2025, 11, 9),
                     "escalation": dt.date(2025, 11, 6)}


def test_days_to_run_catches_up_missed_days_but_not_forever() -> None:
    today = dt.date(2025, 11, 10)
    assert rules.days_to_run(today=today, last_finished=today) == []
    assert rules.days_to_run(today=today, last_finished=dt.date(2025, 11, 8)) == [dt.date(2025, 11, 9), today]
    assert len(rules.days_to_run(today=today, last_finished=dt.date(2025, 1, 1))) == 7
    assert rules.days_to_run(today=today, last_finished=None)[-1] == today
