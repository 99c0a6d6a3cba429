"""Benchmark scenario `follow_the_chair`: 200 participants follow the chair on this machine.

    python bench/follow_the_chair.py        (make bench runs it after the core benchmark)

1. A fresh SQLite database in a temporary directory, migrated; a meeting with 3 agenda items and
   FOLLOWERS invited members, built through the services; one session per person written with
   Django's session store (logging 200 people in through the form only measures PBKDF2).
2. gunicorn serves it as `make serve` does (ASGI, 2 uvicorn workers).
3. MODE=push (the default, as follow.js does): FOLLOWERS asyncio clients each hold a server-sent
   event stream `/phien-hop/<id>/su-kien`. MODE=poll (the fallback where the push is cut): they
   poll `/phien-hop/<id>/trang-thai` once a second each (random phase) over keep-alive
   connections. MODE=both runs one after the other on the same server.
4. ROUNDS times: the chair POSTs the next agenda item; the time from the start of that POST to the
   moment the last follower receives the new item is recorded.
5. Prints p50/p95/max of that time (target p95 ≤ 500 ms pushed, ≤ 2,000 ms polled) and writes
   bench/results/follow_the_chair.json (the push figures; the poll ones under "fallback").

Environment: FOLLOWERS (200), ROUNDS (20), POLL_INTERVAL (1.0 s), MODE (both), SERVER (asgi; wsgi
serves the former gthread server, for MODE=poll only).
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLLOWERS = int(os.environ.get("FOLLOWERS", "200"))
ROUNDS = int(os.environ.get("ROUNDS", "20"))
POLL_INTERVAL = float(os.environ.get("POLL_INTERVAL", "1.0"))
MODE = os.environ.get("MODE", "both")
SERVER = os.environ.get("SERVER", "asgi")
TARGET_P95_MS = {"push": 500, "poll": 2000}


SERVER_PID = 0


def _worker_threads() -> list[int]:
    """The OS threads of each web worker (children of the gunicorn master), from /proc (Linux)."""
    counts = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == SERVER_PID:
                counts.append(int(fields[17]))
        except (OSError, IndexError, ValueError):
            continue
    return sorted(counts)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(data_dir: Path) -> dict[str, object]:
    os.environ["CHIDAO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
    from django.utils import timezone

    from chidao.meetings import services
    from chidao.orgs.services import unit_create, user_create

    call_command("migrate", verbosity=0)
    office = unit_create(actor=None, code="vptu", name="Văn phòng Thành ủy", kind="standing_office")
    hashed = make_password("bench-password")
    secretary = user_create(actor=None, username="thuky", password="x", role="secretariat", full_name="Thư ký",
                            unit=office, hashed_password=hashed)
    chair = user_create(actor=None, username="chutri", password="x", role="leader", full_name="Chủ trì",
                        hashed_password=hashed)
    members = [user_create(actor=None, username=f"tv{n:03d}", password="x", role="member",
                           full_name=f"Thành viên {n}", hashed_password=hashed) for n in range(FOLLOWERS)]
    start = timezone.now()
    meeting = services.meeting_create(actor=secretary, title="Phiên họp đo tải", kind="committee_session",
                                      starts_at=start, ends_at=start + dt.timedelta(hours=3), place="Hội trường",
                                      chair=chair, secretary=secretary)
    services.meeting_invite(actor=secretary, meeting=meeting, people=members)
    items = [services.agenda_item_add(actor=secretary, meeting=meeting, title=f"Nội dung {n}").pk for n in range(3)]

    def session_for(user) -> str:  # type: ignore[no-untyped-def]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    secret = _get_new_csrf_string()
    return {
        "meeting": meeting.pk, "items": items, "chair": session_for(chair),
        "followers": [session_for(m) for m in members], "csrf_cookie": secret,
        "csrf_token": _mask_cipher_secret(secret), "session_cookie": settings.SESSION_COOKIE_NAME,
    }


class Conn:
    """One keep-alive HTTP/1.1 connection, as a browser tab keeps one."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: str = "") -> tuple[int, bytes]:
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {self.cookie}\r\n"
                        f"Content-Length: {len(body)}\r\n{headers}Connection: keep-alive\r\n\r\n")
                self.writer.write(head.encode() + body)
                await self.writer.drain()
                assert self.reader is not None
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError
                status = int(status_line.split()[1])
                length, close = 0, False
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    if name.lower() == "connection" and "close" in value.lower():
                        close = True
                data = await self.reader.readexactly(length) if length else b""
                if close:
                    self.writer.close()
                    self.writer = None
                return status, data
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.writer = None
                if attempt:
                    raise
        raise ConnectionError


async def run(port: int, setup: dict[str, object], mode: str) -> dict[str, object]:
    meeting, items = setup["meeting"], setup["items"]
    cookie_name = setup["session_cookie"]
    state_path = f"/phien-hop/{meeting}/trang-thai"
    seen: dict[int, float] = {}  # follower → when it saw the current target
    target: dict[str, object] = {"item": None}
    poll_ms: list[float] = []
    stop = asyncio.Event()

    async def follower(n: int, session: str) -> None:
        conn = Conn(port, f"{cookie_name}={session}")
        await asyncio.sleep(random.random() * POLL_INTERVAL)
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status, body = await conn.request("GET", state_path)
            except (ConnectionError, OSError):
                await asyncio.sleep(POLL_INTERVAL)
                continue
            done = time.perf_counter()
            poll_ms.append((done - started) * 1000)
            if status == 200 and json.loads(body)["item"] == target["item"] and n not in seen:
                seen[n] = done
            await asyncio.sleep(max(0.0, POLL_INTERVAL - (done - started)))

    connected: list[float] = []  # how long each stream took to give its first event
    failures: collections.Counter[str] = collections.Counter()

    async def pushed(n: int, session: str) -> None:
        """One EventSource: a GET that never ends, read line by line (the chunk sizes are lines too)."""
        await asyncio.sleep(random.random() * 2)  # tabs are not opened all at once
        while not stop.is_set():
            try:
                started = time.perf_counter()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(f"GET /phien-hop/{meeting}/su-kien HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             f"Cookie: {cookie_name}={session}\r\nAccept: text/event-stream\r\n\r\n".encode())
                await writer.drain()
                status = int((await reader.readline()).split()[1])
                if status != 200:
                    failures[str(status)] += 1
                    writer.close()
                    await asyncio.sleep(1)
                    continue
                first = True
                while line := await reader.readline():
                    if not line.startswith(b"data: "):
                        continue
                    if first:
                        connected.append((time.perf_counter() - started) * 1000)
                        first = False
                    if json.loads(line[6:])["item"] == target["item"] and n not in seen:
                        seen[n] = time.perf_counter()
                writer.close()
            except (ConnectionError, OSError, asyncio.IncompleteReadError) as error:
                failures[type(error).__name__] += 1
                await asyncio.sleep(1)

    runner = pushed if mode == "push" else follower
    tasks = [asyncio.create_task(runner(n, s)) for n, s in enumerate(setup["followers"])]  # type: ignore[arg-type]
    await asyncio.sleep(POLL_INTERVAL * 3)  # every follower polling or connected
    # Followers open the room before the chair starts: wait for every stream (slow on a loaded machine).
    deadline = time.perf_counter() + 120
    while mode == "push" and len(connected) < len(tasks) and time.perf_counter() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)
    threads = _worker_threads()
    chair = Conn(port, f"{cookie_name}={setup['chair']}; csrftoken={setup['csrf_cookie']}")
    rounds: list[float] = []
    for r in range(ROUNDS):
        item = items[r % len(items)]  # type: ignore[index]
        seen.clear()
        target["item"] = item
        body = f"item={item}".encode()
        clicked = time.perf_counter()
        status, _ = await chair.request(
            "POST", f"/phien-hop/{meeting}/chuyen-noi-dung/", body,
            f"Content-Type: application/x-www-form-urlencoded\r\nX-CSRFToken: {setup['csrf_token']}\r\n"
            "X-Live: 1\r\nReferer: http://127.0.0.1/\r\n")
        if status != 204:
            raise SystemExit(f"the chair's POST answered {status}")
        deadline = clicked + 10
        while len(seen) < len(tasks) and time.perf_counter() < deadline:
            await asyncio.sleep(0.02)
        if len(seen) < len(tasks):
            raise SystemExit(f"round {r} ({mode}): only {len(seen)} of {len(tasks)} followers saw the new item "
                             f"in 10 s ({len(connected)} streams connected, {failures} failures)")
        rounds.append((max(seen.values()) - clicked) * 1000)
        await asyncio.sleep(1.0 + random.random())
    stop.set()
    if mode == "push":
        for task in tasks:  # a stream never ends by itself
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "scenario": "follow_the_chair", "mode": mode, "followers": len(tasks), "rounds": ROUNDS,
        "poll_interval_s": POLL_INTERVAL if mode == "poll" else None,
        "last_follower_ms": {"p50": round(statistics.median(rounds), 1), "p95": round(pct(rounds, 0.95), 1),
                             "max": round(max(rounds), 1)},
        "poll_ms": {"p50": round(statistics.median(poll_ms), 1), "p95": round(pct(poll_ms, 0.95), 1),
                    "count": len(poll_ms)} if poll_ms else None,
        "connect_ms": {"p50": round(statistics.median(connected), 1), "p95": round(pct(connected, 0.95), 1),
                       "count": len(connected)} if connected else None,
        "worker_threads": threads, "server": SERVER, "load_1min": round(os.getloadavg()[0], 2),
        "target_p95_ms": TARGET_P95_MS[mode],
        "passed": pct(rounds, 0.95) <= TARGET_P95_MS[mode],
        "cpus": os.cpu_count(),
        "when": dt.datetime.now().isoformat(timespec="seconds"),
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="chidao-follow-") as tmp:
        data_dir = Path(tmp)
        print(f"follow_the_chair: preparing {FOLLOWERS} followers …", flush=True)
        setup = prepare(data_dir)
        port = _free_port()
        env = {**os.environ, "CHIDAO_DATA_DIR": str(data_dir), "DEBUG": "false"}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [str(gunicorn), "chidao.asgi:application", "-k", "uvicorn_worker.UvicornWorker", "-b", f"127.0.0.1:{port}",
             "--workers", "2", "--keep-alive", "5", "--graceful-timeout", "2", "--log-level", "warning"]
            if SERVER == "asgi" else  # SERVER=wsgi: the former gthread server, to compare the polling
            [str(gunicorn), "chidao.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
             "--worker-class", "gthread", "--keep-alive", "5", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True)
        global SERVER_PID
        SERVER_PID = server.pid
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            modes = ["push", "poll"] if MODE == "both" else [MODE]
            results = [asyncio.run(run(port, setup, mode)) for mode in modes]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
    result = dict(results[0])
    if len(results) > 1:
        result["fallback"] = results[1]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "follow_the_chair.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for r in results:
        lf = r["last_follower_ms"]
        extra = (f"stream connect p50 {r['connect_ms']['p50']} ms, p95 {r['connect_ms']['p95']} ms"
                 if r["mode"] == "push" else
                 f"poll p50 {r['poll_ms']['p50']} ms, p95 {r['poll_ms']['p95']} ms over {r['poll_ms']['count']} polls")
        print(f"follow_the_chair [{r['mode']}]  {r['followers']} followers, {r['rounds']} rounds: last follower "
              f"sees the chair's click p50 {lf['p50']} ms, p95 {lf['p95']} ms, max {lf['max']} ms (target p95 ≤ "
              f"{r['target_p95_ms']} ms) — {'OK' if r['passed'] else 'FAILED'}; {extra}")
        print(f"    OS threads per web worker while followers were connected: {r['worker_threads']}")
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
