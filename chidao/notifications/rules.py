"""Pure rules of reminders and e-mail retries (no database)."""

from __future__ import annotations

import datetime as dt

# Backoff after the n-th failed attempt: quick retries for a blip, then hourly, then twice a day.
BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720]
# After this many attempts a delivery is marked failed and waits for the administrator.
MAX_ATTEMPTS = 10


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait before the next attempt after `attempts` failed ones (attempts ≥ 1)."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return dt.timedelta(minutes=BACKOFF_MINUTES[index])


def dedupe_key(*, kind: str, subject: str, occurrence: str, recipient_id: int) -> str:
    """The identity of one notification: the same reminder for the same person about the same
    thing on the same occurrence (a due date, a round) is created once, however often a run
    repeats. A due date moved by an extension is a new occurrence, so it is reminded again."""
    return f"{kind}:{subject}:{occurrence}:u{recipient_id}"[:255]


def reminder_due_dates(*, day: dt.date, days_before: int, escalate_after: int) -> dict[str, dt.date]:
    """The due dates whose tasks get each reminder on `day`.

    A task due on D is in time through D; it is overdue from D + 1 (DESIGN §4: overdue when
    d > due_on), so the overdue notice goes out on D + 1 and the escalation on D + 1 + M.
    """
    return {
        "due_soon": day + dt.timedelta(days=days_before),
        "overdue": day - dt.timedelta(days=1),
        "escalation": day - dt.timedelta(days=1 + escalate_after),
    }


def days_to_run(*, today: dt.date, last_finished: dt.date | None, max_catch_up: int = 7) -> list[dt.date]:
    """The days whose reminders still have to be generated: every day since the last finished
    run, at most `max_catch_up` of them (a worker that was off for a month should not bury people
    under a month of stale reminders), ending with today."""
    start = today - dt.timedelta(days=max_catch_up - 1)
    if last_finished is not None and last_finished + dt.timedelta(days=1) > start:
        start = last_finished + dt.timedelta(days=1)
    days = []
    current = start
    while current <= today:
        days.append(current)
        current += dt.timedelta(days=1)
    return days


def email_subject(title: str) -> str:
    """A single-line Subject: a line break or any control character in a title (Excel cells keep
    them) would make every send of the message fail, so they become spaces and runs collapse."""
    flat = "".join(ch if ch.isprintable() else " " for ch in f"[Chỉ Đạo] {title}")
    return " ".join(flat.split())[:250]
