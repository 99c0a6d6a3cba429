"""Benchmark `reminders_day`: the seconds the worker needs for one day's reminders.

    python -m bench.reminders_day            (TASKS=20000 by default; target ≤ 60 s)

Standalone for now (the HTTP bench package `bench.run` measures pages; this one measures the
worker). It builds a fresh SQLite database in a temporary directory — 40 units with a head and an
officer each, 3 leaders, TASKS assigned tasks whose deadlines are packed into the 60 days around
today (so about one task in twenty hits each reminder: far denser than real life) and a monthly
reporting round over every task, due in N days — then times one tick of the worker for today:
`reminders_run_day` (round closing and reminders, due-soon, overdue, escalation) followed by
sending the whole e-mail outbox to a real SMTP server on loopback (aiosmtpd, from
requirements-dev.txt). It is one run, so p50_ms = p95_ms = its duration. Prints a line and writes
bench/results/reminders_day.json.

Bench data is inserted in bulk (not through the services) so that building it does not dominate.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 60_000


def main() -> int:
    tasks_n = int(os.environ.get("TASKS", "20000"))
    tmp = tempfile.mkdtemp(prefix="chidao-bench-reminders-")
    os.environ["CHIDAO_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from chidao.directives.models import Directive, Task, TaskKind, TaskState
    from chidao.notifications.models import EmailDelivery, Notification
    from chidao.notifications.reminders import reminders_run_day
    from chidao.notifications.services import deliveries_send_due
    from chidao.orgs.models import OrgUnit, Role, User
    from chidao.rounds.models import ReportingRound

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    password = make_password("bench-only")
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"u{i}", name=f"Đơn vị thử nghiệm {i}", kind="department") for i in range(40))
    people = []
    for unit in units:
        for role, suffix in ((Role.UNIT_HEAD, "truong"), (Role.UNIT_OFFICER, "cv")):
            people.append(User(username=f"{unit.code}.{suffix}", role=role, unit=unit, password=password,
                               email=f"{unit.code}.{suffix}@bench.example", full_name=f"{suffix} {unit.name}"))
    people += [User(username=f"lanhdao{i}", role=Role.LEADER, password=password, email=f"lanhdao{i}@bench.example")
               for i in range(3)]
    User.objects.bulk_create(people)
    directive = Directive.objects.create(code="BENCH-57", kind="plan", title="Kế hoạch thử nghiệm hiệu năng")
    tasks = [
        Task(directive=directive, title=f"Nhiệm vụ thử nghiệm số {i}", code=str(i), position=i, kind=TaskKind.DEADLINE,
             state=TaskState.ASSIGNED, lead_unit=units[i % len(units)], assigned_on=today - dt.timedelta(days=200),
             due_on=today + dt.timedelta(days=(i % 60) - 30), original_due_on=today + dt.timedelta(days=(i % 60) - 30))
        for i in range(tasks_n)
    ]
    Task.objects.bulk_create(tasks, batch_size=2000)
    round = ReportingRound.objects.create(
        kind="month", period_label="Tháng thử nghiệm", opens_on=today - dt.timedelta(days=20),
        due_on=today + dt.timedelta(days=settings.CHIDAO_REMIND_DAYS_BEFORE),
        closes_on=today + dt.timedelta(days=20), directive=directive, opened_notified=True)
    round.tasks.add(*Task.objects.values_list("id", flat=True))

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            Sink.count += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        started = time.perf_counter()
        result = reminders_run_day(day=today)
        generated_ms = (time.perf_counter() - started) * 1000
        sent = 0
        while True:
            batch = deliveries_send_due(limit=500)
            sent += batch.sent
            if not (batch.sent or batch.retried or batch.failed):
                break
        elapsed_ms = (time.perf_counter() - started) * 1000
    finally:
        controller.stop()
    out = {
        "scenario": "reminders_day", "tasks": tasks_n, "p50_ms": round_ms(elapsed_ms), "p95_ms": round_ms(elapsed_ms),
        "target_p95_ms": TARGET_MS, "ok": elapsed_ms <= TARGET_MS, "notifications": Notification.objects.count(),
        "generate_ms": round_ms(generated_ms), "send_ms": round_ms(elapsed_ms - generated_ms),
        "by_kind": result.created, "emails_sent": sent, "smtp_received": Sink.count,
        "emails_pending": EmailDelivery.objects.filter(state="pending").count(), "date": today.isoformat(),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "reminders_day.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    print(f"reminders_day  tasks={tasks_n}  p50_ms={out['p50_ms']}  p95_ms={out['p95_ms']}  target≤{TARGET_MS}  "
          f"{'OK' if out['ok'] else 'CHẬM'}  notifications={out['notifications']}  emails={sent}")
    return 0 if out["ok"] else 1


def round_ms(value: float) -> float:
    return float(f"{value:.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
