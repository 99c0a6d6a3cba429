"""Run the benchmark: `make bench` (20,000 tasks) or `make bench TASKS=100000`.

1. Builds the data set (`bench.dataset`) unless a current one exists, then copies it so that every
   run starts from the same rows (the submit scenario writes).
2. Migrates the copy (a no-op unless a newer migration exists), collects the static files, and
   serves it with gunicorn (`chidao.wsgi`) on 127.0.0.1 on a free port: 2 sync workers, 1 thread
   each, DEBUG off, the project's own settings (SQLite in WAL mode) plus one middleware that
   reports the worker's CPU time per request in a Server-Timing header (`bench.settings`).
3. Logs in through the real login form as the secretariat, the officer and the head of the busy
   unit, with the standard library's http.client (no extra package): cookies and CSRF token as a
   browser would send them.
4. For each scenario: a few warm-up requests, then N timed requests one after another (one client
   at a time), each timed from opening the connection to the last byte of the response.
   The timed request of `report_submit` is the POST alone; the GET of the form that gives it its
   CSRF token is not timed, nor is the redirect after it.
5. Prints a table with p50/p95 against the targets and writes `bench/results/latest.json`
   (and `bench/results/tasks-<TASKS>.json`). The targets judge the wall time over HTTP; the
   server's CPU time per request is recorded beside it because it leaves out the time a request
   waits for a CPU while other programs keep the machine busy (it still grows somewhat: cores
   and caches are shared). The 1-minute load average before and after the run is recorded too.

Environment: TASKS (default 20000), BENCH_N requests per scenario (200), BENCH_WARMUP (20),
BENCH_SCENARIOS (comma-separated subset), BENCH_REBUILD=1 (rebuild the data set).

Adding a scenario (later issues): append a `Scenario` to `scenarios()` with its name, its p95
target in milliseconds (None for a scenario measured for comparison only), who it runs as and a
function that returns the request for the i-th iteration. Nothing else changes; the JSON gains a
key under "scenarios" with the same name.
"""

from __future__ import annotations

import datetime as dt
import http.client
import importlib.metadata
import json
import os
import platform
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench import dataset

ROOT = dataset.ROOT
RESULTS_DIR = ROOT / "bench" / "results"
HOST = "127.0.0.1"
WORKERS = 2
THREADS = 1


# --- a small HTTP client with cookies ------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    elapsed_ms: float

    def server_timing(self, name: str) -> float | None:
        """A duration of the Server-Timing header (bench.settings.ServerTiming), in ms."""
        for part in (self.headers.get("Server-Timing") or "").split(","):
            key, _, rest = part.strip().partition(";dur=")
            if key == name and rest:
                return float(rest)
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One person's browser: a cookie jar and one request at a time, each on a new connection
    (gunicorn's sync workers close the connection after every response)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                extra_headers: dict[str, str] | None = None) -> Response:
        headers = {"Accept": "text/html", "Accept-Language": "vi", "User-Agent": "chidao-bench",
                   **(extra_headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        elapsed = (time.perf_counter() - started) * 1000
        conn.close()
        for raw in resp.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Response(resp.status, resp.headers, data, elapsed)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form)


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise SystemExit("No CSRF token in the page.")
    return match.group(1)


def login(port: int, username: str, password: str) -> Client:
    client = Client(port)
    page = client.get("/dang-nhap/")
    if page.status != 200:
        raise SystemExit(f"GET /dang-nhap/ answered {page.status}.")
    resp = client.post("/dang-nhap/", {
        "username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page.text), "next": "/",
    })
    if resp.status != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"Login as {username} failed (HTTP {resp.status}).")
    return client


# --- scenarios -----------------------------------------------------------------------------------

@dataclass
class Request:
    method: str
    path: str
    form: dict[str, str] | None = None
    expect: int = 200
    headers: dict[str, str] | None = None


@dataclass
class Scenario:
    name: str
    target_p95_ms: float | None
    who: str  # a key of the logged-in clients
    make: Callable[[Client, int], Request]  # may do untimed preparation (a GET for the CSRF token)
    note: str = ""


@dataclass
class Result:
    scenario: Scenario
    times_ms: list[float] = field(default_factory=list)
    server_cpu_ms: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)


def scenarios(manifest: dict[str, Any]) -> list[Scenario]:
    fx = manifest["fixtures"]
    busy = fx["busy_unit"]["id"]
    second = fx["second_unit_id"]
    root, plan = fx["root_directive"]["id"], fx["plan_directive"]["id"]
    terms = fx["search_terms"]
    list_variants = [
        f"/nhiem-vu/?status=open_overdue&unit={busy}",
        f"/nhiem-vu/?q={urllib.parse.quote_plus(terms[0])}&directive={plan}",
        f"/nhiem-vu/?status=open_on_time&unit={second}&directive={root}",
        f"/nhiem-vu/?q={urllib.parse.quote_plus(terms[1])}&directive={root}&status=open_overdue",
        f"/nhiem-vu/?q={urllib.parse.quote_plus(terms[2])}&unit={busy}",
    ]
    detail_ids = fx["detail_task_ids"]
    submit_tasks = fx["submit_tasks"]
    if not submit_tasks:
        raise SystemExit("The data set has no task for the submit scenario.")

    def submit(client: Client, i: int) -> Request:
        task_id, progress = submit_tasks[i % len(submit_tasks)]
        form_path = f"/nhiem-vu/{task_id}/bao-cao/moi/"
        page = client.get(form_path)  # untimed: the form gives the CSRF token
        if page.status != 200:
            raise SystemExit(f"GET {form_path} answered {page.status}.")
        return Request("POST", form_path, {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "progress": str(min(99, progress + 1 + i // len(submit_tasks))),
            "results": "Đã hoàn thành khảo sát, đang xây dựng dự thảo kế hoạch triển khai (báo cáo đo hiệu năng).",
            "difficulties": "Kinh phí được bố trí chậm.",
            "proposals": "Đề nghị Sở Tài chính sớm bố trí kinh phí.",
            "output_document": "",
            "action": "submit",
        }, expect=302)

    def cold(path: str) -> Callable[[Client, int], Request]:
        return lambda c, i: Request("GET", path, headers={"X-Bench-Cold": "1"})

    return [
        # Issue 11: the four most-read pages ≤ 30 ms cached and ≤ 60 ms cold (their `*_cold` below).
        Scenario("dashboard", 30, "secretariat", lambda c, i: Request("GET", "/"),
                 "GET / as the secretariat: 57-NQ/TW and every directive under it, i.e. every task"),
        Scenario("task_list", 50, "secretariat", lambda c, i: Request("GET", list_variants[i % len(list_variants)]),
                 "GET /nhiem-vu/ with filters (unit + status; search + directive; …), rotating"),
        Scenario("workspace", 30, "unit_officer", lambda c, i: Request("GET", "/don-vi-cua-toi/"),
                 "GET /don-vi-cua-toi/ as an officer of the busiest unit"),
        Scenario("task_detail", 40, "secretariat",
                 lambda c, i: Request("GET", f"/nhiem-vu/{detail_ids[i % len(detail_ids)]}/"),
                 "GET /nhiem-vu/<id>/ of random tasks with reports, as the secretariat"),
        Scenario("report_submit", 80, "unit_head", submit,
                 "POST /nhiem-vu/<id>/bao-cao/moi/ action=submit as the unit head (302), distinct tasks"),
        # Supervision: computed as of today on every read, never by a worker.
        Scenario("ranking", 30, "secretariat", lambda c, i: Request("GET", "/xep-hang/"),
                 "GET /xep-hang/ as the secretariat: this month's scorecards of every unit (live), "
                 "compared with last month's (frozen)"),
        Scenario("warnings", 30, "secretariat", lambda c, i: Request("GET", "/canh-bao/"),
                 "GET /canh-bao/ as the secretariat: early warnings of every task, first page"),
        # Results and resources: 300 indicators × 5 years of monthly values, 500 projects.
        Scenario("results_dashboard", 60, "secretariat", lambda c, i: Request("GET", "/chi-so/"),
                 "GET /chi-so/ as the secretariat: Top-5 targets first, then every index rolled up"),
        Scenario("resources_dashboard", 60, "secretariat", lambda c, i: Request("GET", "/nguon-luc/"),
                 "GET /nguon-luc/ as the secretariat: planned and disbursed by source and unit"),
        # The same pages when their figures are not cached (bench.settings.ServerTiming empties the
        # figures cache on `X-Bench-Cold`): what the first view after a change costs. Issue 11 gives
        # the four most-read ones a target (≤ 60 ms); the results and resources ones are for comparison.
        *[Scenario(f"{name}_cold", target, who, cold(path), f"{path} with the figures cache emptied first")
          for name, target, who, path in [
              ("dashboard", 60, "secretariat", "/"), ("workspace", 60, "unit_officer", "/don-vi-cua-toi/"),
              ("ranking", 60, "secretariat", "/xep-hang/"), ("warnings", 60, "secretariat", "/canh-bao/"),
              ("results_dashboard", None, "secretariat", "/chi-so/"),
              ("resources_dashboard", None, "secretariat", "/nguon-luc/"),
          ]],
        # For the comparison with Redmine's overdue list (no target of its own).
        Scenario("overdue_all", None, "secretariat", lambda c, i: Request("GET", "/nhiem-vu/?status=open_overdue"),
                 "GET /nhiem-vu/?status=open_overdue: every overdue task, first page (comparison)"),
    ]


def measure(scenario: Scenario, client: Client, *, n: int, warmup: int, offset: int = 0) -> Result:
    result = Result(scenario)
    for i in range(offset, offset + warmup + n):
        req = scenario.make(client, i)
        resp = client.request(req.method, req.path, req.form, req.headers)
        if resp.status != req.expect:
            hint = resp.headers.get("Location", "") or resp.text[:300]
            raise SystemExit(f"{scenario.name}: {req.method} {req.path} answered {resp.status}, "
                             f"expected {req.expect}: {hint}")
        if i >= offset + warmup:
            result.times_ms.append(resp.elapsed_ms)
            result.bytes.append(len(resp.body))
            cpu = resp.server_timing("cpu")
            if cpu is not None:
                result.server_cpu_ms.append(cpu)
    return result


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary(result: Result) -> dict[str, Any]:
    t = result.times_ms
    target = result.scenario.target_p95_ms
    p95 = percentile(t, 0.95)
    return {
        "p50_ms": round(percentile(t, 0.50), 1),
        "p95_ms": round(p95, 1),
        "n": len(t),
        "p99_ms": round(percentile(t, 0.99), 1),
        "mean_ms": round(sum(t) / len(t), 1),
        "min_ms": round(min(t), 1),
        "max_ms": round(max(t), 1),
        "target_p95_ms": target,
        "result": None if target is None else ("PASS" if p95 <= target else "OVER"),
        "mean_bytes": round(sum(result.bytes) / len(result.bytes)),
        # CPU time the worker spent in Django on each request: what the page costs without the
        # waiting for a CPU that the wall times above include when the machine is busy.
        "server_cpu_p50_ms": round(percentile(result.server_cpu_ms, 0.50), 1) if result.server_cpu_ms else None,
        "server_cpu_p95_ms": round(percentile(result.server_cpu_ms, 0.95), 1) if result.server_cpu_ms else None,
        "what": result.scenario.note,
    }


# --- the server ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_copy_path(tasks: int) -> Path:
    # Named by process so that two runs at once (two people, or CI beside a developer) never share it.
    return dataset.db_path(tasks).with_name(f"bench-{tasks}.run-{os.getpid()}.sqlite3")


def prepare_run_copy(target: Path) -> Path:
    """Migrate this run's copy of the data set and collect the static files."""
    env = dataset.bench_env(target)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    # The results and resources issue's city scale: 300 indicators × 5 years of monthly values and
    # 500 projects with capital plans and disbursements (built once per run copy, in bulk).
    subprocess.run([*manage, "shell", "--no-imports", "-c",
                    "from chidao.indicators.benchdata import build_results_dataset, build_resources_dataset\n"
                    "from chidao.indicators.models import Indicator\n"
                    "if not Indicator.objects.exists():\n"
                    "    build_results_dataset(indicators=300, years=5)\n"
                    "    build_resources_dataset(projects=500)\n"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    # The standing office freezes each closed month; the ranking scenario compares with it.
    today = dt.datetime.now(dataset.TZ).date()  # the app's day (Asia/Ho_Chi_Minh), not the machine's
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    subprocess.run([*manage, "freeze_scorecards", "--period", last_month], cwd=ROOT, env=env, check=False,
                   stdout=subprocess.DEVNULL)
    return target


def remove_run_copy(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "gunicorn", "chidao.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--worker-class", "sync", "--timeout", "120", "--log-level", "warning",
    ]
    env = dataset.bench_env(db, DJANGO_SETTINGS_MODULE="bench.settings")  # + the Server-Timing header
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); see {log}.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log}.")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the record ----------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "os": platform.platform()}


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.strip()
        return out + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return ""


def dataset_record(manifest: dict[str, Any], db: Path, db_bytes: int) -> dict[str, Any]:
    import django

    c = manifest["counts"]
    return {
        "tasks_param": manifest["params"]["tasks"],
        "units": c["units"],
        "tasks": c["tasks"],
        "task_groups": c["task_groups"],
        "leaf_tasks": c["leaf_tasks"],
        "reports": c["reports"],
        "reports_by_state": c["reports_by_state"],
        "users": c["users"],
        "directives": c["directives"],
        "support_links": c["support_links"],
        "evidence": c["evidence"],
        "extension_requests": c["extension_requests"],
        "audit_events": c.get("audit_events", 0),
        "status": c["status"],
        "busy_unit": {"name": manifest["fixtures"]["busy_unit"]["name"], "lead_tasks": c["busy_unit_lead_tasks"],
                      "support_tasks": c["busy_unit_support_tasks"]},
        "built_at": manifest["built_at"],
        "build_seconds": manifest["build_seconds"],
        # The size of the served copy after `migrate` (the indexes of newer migrations included).
        "database": {"vendor": "sqlite", "version": sqlite3.sqlite_version, "file_bytes": db_bytes,
                     "file_mb": round(db_bytes / 1024 / 1024, 1), "source": str(dataset.db_path(
                         manifest["params"]["tasks"]).relative_to(ROOT)), "journal_mode": "wal"},
        "python": platform.python_version(),
        "django": django.__version__,
        "gunicorn": importlib.metadata.version("gunicorn"),
        "machine": machine(),
        "date": dt.date.today().isoformat(),
    }


def print_table(title: str, rows: dict[str, dict[str, Any]]) -> None:
    print()
    print(title)
    header = (f"{'scenario':<26}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'target p95':>13}  "
              f"{'result':<13}{'server CPU p50/p95 ms':>22}")
    print(header)
    print("-" * len(header))
    for name, r in rows.items():
        target = f"≤ {r['target_p95_ms']:g} ms" if r["target_p95_ms"] is not None else "—"
        cpu = (f"{r['server_cpu_p50_ms']:.1f} / {r['server_cpu_p95_ms']:.1f}"
               if r["server_cpu_p50_ms"] is not None else "—")
        print(f"{name:<26}{r['n']:>6}{r['p50_ms']:>10.1f}{r['p95_ms']:>10.1f}{r['p99_ms']:>10.1f}{target:>13}  "
              f"{r['result'] or '(comparison)':<13}{cpu:>22}")
    print()


def main() -> None:
    tasks = int(os.environ.get("TASKS") or dataset.DEFAULT_TASKS)
    n = int(os.environ.get("BENCH_N") or 200)
    warmup = int(os.environ.get("BENCH_WARMUP") or 20)
    only = {s.strip() for s in (os.environ.get("BENCH_SCENARIOS") or "").split(",") if s.strip()}
    db = run_copy_path(tasks)
    manifest = dataset.ensure(tasks, rebuild=os.environ.get("BENCH_REBUILD") == "1", copy_to=db)
    selected = [s for s in scenarios(manifest) if not only or s.name in only]
    if only and len(selected) != len(only):
        known = ", ".join(s.name for s in scenarios(manifest))
        raise SystemExit(f"Unknown scenario in BENCH_SCENARIOS; known: {known}.")

    port = free_port()
    log = dataset.DATA_DIR / f"gunicorn-{tasks}-{os.getpid()}.log"
    try:
        prepare_run_copy(db)
        started_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        load_before = os.getloadavg()
        print(f"Serving {db.relative_to(ROOT)} with gunicorn on {HOST}:{port} "
              f"({WORKERS} workers × {THREADS} thread)…", flush=True)
        proc = start_server(db, port, log)
        try:
            users = manifest["fixtures"]["users"]
            password = manifest["fixtures"]["password"]
            clients = {role: login(port, users[role], password) for role in {s.who for s in selected}}
            rows: dict[str, dict[str, Any]] = {}
            for scenario in selected:
                print(f"  {scenario.name}: {warmup} warm-up + {n} timed requests…", flush=True)
                result = measure(scenario, clients[scenario.who], n=n, warmup=warmup)
                rows[scenario.name] = summary(result)
        finally:
            stop_server(proc)
        load_after = os.getloadavg()
        db_bytes = db.stat().st_size
    finally:
        remove_run_copy(db)
        if log.exists() and log.stat().st_size == 0:
            log.unlink()

    record = {
        "scenarios": rows,
        "dataset": dataset_record(manifest, db, db_bytes),
        "run": {
            "started_at": started_at,
            "requests_per_scenario": n,
            "warmup_per_scenario": warmup,
            "server": f"gunicorn chidao.wsgi, {WORKERS} sync workers × {THREADS} thread, 127.0.0.1, DEBUG off, "
                      "settings bench.settings (chidao.settings + a Server-Timing middleware)",
            "client": "one client at a time, Python http.client, new connection per request, logged in",
            "timing": "connect → last byte of the response; report_submit times the POST alone (302)",
            "percentiles": "linear interpolation between closest ranks",
            "git": git_commit(),
            # Other work on the machine skews every figure: the 1-minute load average before and
            # after the run says whether the machine was quiet (near 0) or shared.
            "load_average_1m": {"before": round(load_before[0], 2), "after": round(load_after[0], 2)},
        },
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, ensure_ascii=False, indent=2)
    (RESULTS_DIR / "latest.json").write_text(text + "\n", encoding="utf-8")
    (RESULTS_DIR / f"tasks-{tasks}.json").write_text(text + "\n", encoding="utf-8")
    d = record["dataset"]
    print_table(
        f"Chỉ Đạo benchmark — {d['tasks']:,} tasks ({d['leaf_tasks']:,} leaf), {d['reports']:,} reports, "
        f"{d['units']} units · SQLite {d['database']['file_mb']} MB · {d['machine']['nproc']} CPU · "
        f"gunicorn {WORKERS}×{THREADS} · one client",
        rows,
    )
    print(f"Written {RESULTS_DIR.relative_to(ROOT)}/latest.json and tasks-{tasks}.json")
    busy = max(load_before[0], load_after[0])
    if busy > 1.0:
        print(f"Warning: the machine was busy (1-minute load average up to {busy:.1f} on "
              f"{os.cpu_count()} CPUs); the figures include waiting for the CPU. Run again on a quiet machine.")


if __name__ == "__main__":
    main()
