"""`make loadtest`: Locust against two ASGI instances, the worker and the database on loopback.

    python bench/loadtest.py                       (USERS=300 DURATION=10m by default)
    USERS=60 DURATION=2m python bench/loadtest.py  (a reduced run on a busy machine)

1. A throwaway database: LOADTEST_DATABASE_URL (PostgreSQL, an empty database this run may fill;
   recommended) or else SQLite in a temporary directory. Migrated, the Đà Nẵng demo seeded, a live
   meeting with the demo's leaders, heads and members invited; one session per person written with
   Django's session store.
2. INSTANCES (2) gunicorn instances serving chidao.asgi with WORKERS (2) uvicorn workers each on
   free loopback ports, and one `manage.py run_worker`.
3. Locust headless (bench/locustfile.py) with USERS virtual users spawned at SPAWN_RATE per second
   for DURATION, split over the instances.
4. Prints p50/p95 per request kind, throughput and errors, and writes bench/results/loadtest.json.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("USERS", "300"))
DURATION = os.environ.get("DURATION", "10m")
SPAWN_RATE = os.environ.get("SPAWN_RATE", "10")
INSTANCES = int(os.environ.get("INSTANCES", "2"))
WORKERS = int(os.environ.get("WORKERS", "2"))
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
       b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict[str, str]) -> dict[str, Any]:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
    from django.utils import timezone

    from chidao.directives.models import Task, TaskState
    from chidao.meetings import services as meetings
    from chidao.orgs.models import Role, User

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--if-empty", verbosity=0)

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    active = User.objects.filter(is_active=True).order_by("pk")
    secretariat = active.filter(role=Role.SECRETARIAT).first()
    chair = active.filter(role=Role.LEADER).first()
    if secretariat is None or chair is None:
        raise SystemExit("the demo has no standing office or leader")
    invitees = list(active.filter(role__in=[Role.UNIT_HEAD, Role.MEMBER, Role.LEADER]).exclude(pk=chair.pk))
    start = timezone.now()
    meeting = meetings.meeting_create(actor=secretariat, title="Phiên họp kiểm thử tải", kind="committee_session",
                                      starts_at=start, ends_at=start + dt.timedelta(hours=3), place="Hội trường",
                                      chair=chair, secretary=secretariat)
    meetings.meeting_invite(actor=secretariat, meeting=meeting, people=invitees)
    items = [meetings.agenda_item_add(actor=secretariat, meeting=meeting, title=f"Nội dung {n}").pk for n in range(3)]

    def open_tasks(user: User) -> list[int]:
        tasks = Task.objects.filter(lead_unit=user.unit, state=TaskState.ASSIGNED)
        return list(tasks.values_list("pk", flat=True)[:60])

    people: dict[str, list[dict[str, Any]]] = {
        role: [{"session": session_for(u), "tasks": open_tasks(u) if u.unit_id else []}
               for u in active.filter(role=role)]
        for role in (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SECRETARIAT, Role.LEADER)
    }
    people["follower"] = [{"session": session_for(u)} for u in invitees]
    people["chair"] = [{"session": session_for(chair)}]
    secret = _get_new_csrf_string()
    return {
        "meeting": meeting.pk, "items": items, "people": people, "pdf": base64.b64encode(PDF).decode(),
        "csrf_cookie": secret, "csrf_token": _mask_cipher_secret(secret),
        "session_cookie": settings.SESSION_COOKIE_NAME, "database": settings.DATABASES["default"]["ENGINE"],
        "counts": {role: len(p) for role, p in people.items()},
    }


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def summarise(stats_csv: Path) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kinds[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0),
                "per_s": round(float(row["Requests/s"] or 0), 2),
            }
    return kinds


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="chidao-load-") as tmp:
        data_dir = Path(tmp)
        env = {"CHIDAO_DATA_DIR": str(data_dir), "DEBUG": "false"}
        if url := os.environ.get("LOADTEST_DATABASE_URL"):
            env["DATABASE_URL"] = url
        print(f"loadtest: preparing the data ({'PostgreSQL' if url else 'SQLite: set LOADTEST_DATABASE_URL'}) …",
              flush=True)
        setup = prepare(env)
        ports = [_free_port() for _ in range(INSTANCES)]
        setup["hosts"] = [f"http://127.0.0.1:{p}" for p in ports]
        setup_path = data_dir / "setup.json"
        setup_path.write_text(json.dumps(setup), encoding="utf-8")
        run_env = {**os.environ, **env}
        bin_dir = Path(sys.executable).parent
        servers = [subprocess.Popen(
            [str(bin_dir / "gunicorn"), "chidao.asgi:application", "-k", "uvicorn_worker.UvicornWorker",
             "-b", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--graceful-timeout", "2",
             "--log-level", "warning"], cwd=ROOT, env=run_env, start_new_session=True) for port in ports]
        worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=run_env,
                                  start_new_session=True, stdout=subprocess.DEVNULL)
        prefix = data_dir / "locust"
        try:
            for port in ports:
                _wait_for(port)
            load_before = os.getloadavg()[0]
            started = time.time()
            subprocess.run(
                [str(bin_dir / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                 "-u", str(USERS), "-r", SPAWN_RATE, "-t", DURATION, "--csv", str(prefix), "--only-summary",
                 "--stop-timeout", "5", "--host", setup["hosts"][0]],
                cwd=ROOT, env={**run_env, "LOADTEST_SETUP": str(setup_path)}, check=False)
            elapsed = time.time() - started
            load_after = os.getloadavg()[0]
            kinds = summarise(Path(f"{prefix}_stats.csv"))
        finally:
            for proc in [*servers, worker]:
                os.killpg(proc.pid, signal.SIGTERM)
            for proc in [*servers, worker]:
                proc.wait(timeout=20)
    total = kinds.pop("Aggregated", {})
    result = {
        "scenario": "loadtest", "users": USERS, "duration": DURATION, "instances": INSTANCES, "workers": WORKERS,
        "database": setup["database"], "people": setup["counts"], "elapsed_s": round(elapsed, 1),
        "kinds": kinds, "total": total, "load_before": round(load_before, 2), "load_after": round(load_after, 2),
        "cpus": os.cpu_count(), "when": dt.datetime.now().isoformat(timespec="seconds"),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "loadtest.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nloadtest: {USERS} users, {DURATION}, {INSTANCES} instances × {WORKERS} workers, {setup['database']}")
    print("| request kind | requests | failures | p50 ms | p95 ms | per s |\n|---|---|---|---|---|---|")
    for name, k in sorted(kinds.items()):
        print(f"| {name} | {k['requests']} | {k['failures']} | {k['p50_ms']:.0f} | {k['p95_ms']:.0f} | {k['per_s']} |")
    if total:
        print(f"| **all** | {total['requests']} | {total['failures']} | {total['p50_ms']:.0f} | "
              f"{total['p95_ms']:.0f} | {total['per_s']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
