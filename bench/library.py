"""Benchmarks of issue 13 (the handbook): `library_search` and `study_stats`.

    python -m bench.library          (make bench runs it; DOCS=10000 MEMBERS=100000 by default)

1. A fresh SQLite database in a temporary directory, migrated (so the FTS5 table of migration
   library 0002 exists); 190 units; DOCS library documents with a few hundred words of extracted
   text each (5% restricted to one unit), indexed as the upload service does (normalized words in
   `search_text`, one FTS5 row per document); MEMBERS party members in cells of ~50; one study
   assignment over every member (60% studied, 40% passed, some late) and a few smaller ones.
   Bulk inserts, not the services: building it must not dominate.
2. gunicorn serves it as bench.run does (2 sync workers, DEBUG off); sessions written with Django's
   session store (no PBKDF2 per login).
3. Timed GETs one after another, each from opening the connection to the last byte:
   * library_search: /thu-vien/?q=… as a party member, rotating accent-free and accented queries,
     some with filters (kind, year, validity); target p95 ≤ 100 ms;
   * study_stats: /hoc-tap/<id>/thong-ke/?unit=<u> — a unit's statistics of the assignment over all
     members, rotating units, as the standing office; target p95 ≤ 100 ms;
   * study_stats_all (no target): the same page for every unit and cell at once.
4. Prints a line per scenario and writes bench/results/library.json.

Environment: DOCS (10000), MEMBERS (100000), BENCH_N (200), BENCH_WARMUP (20).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = int(os.environ.get("DOCS", "10000"))
MEMBERS = int(os.environ.get("MEMBERS", "100000"))
N = int(os.environ.get("BENCH_N", "200"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "20"))
TARGETS_MS = {"library_search": 100, "study_stats": 100, "study_stats_all": None}

WORDS = ("nghị quyết chỉ thị kết luận kế hoạch chương trình hướng dẫn quy định khoa học công nghệ đổi mới sáng "
         "tạo chuyển đổi số hạ tầng dữ liệu nhân lực chất lượng cao doanh nghiệp đầu tư ngân sách thành phố tỉnh "
         "phường xã đảng viên chi bộ học tập quán triệt triển khai thực hiện nhiệm vụ giải pháp mục tiêu chỉ tiêu "
         "năm đột phá quan trọng hàng đầu trí tuệ nhân tạo vi mạch bán dẫn an ninh mạng dịch vụ công trực tuyến "
         "thủ tục hành chính kinh tế số xã hội số chính quyền số đất đai giáo dục y tế du lịch cảng biển logistics "
         "tài chính quốc tế hội nhập văn hóa môi trường năng lượng giao thông đô thị thông minh").split()
KINDS = ["resolution", "directive", "conclusion", "regulation", "decision", "programme", "plan", "guidance", "study"]
ISSUERS = ["Bộ Chính trị", "Ban Bí thư", "Chính phủ", "Quốc hội", "Thành ủy Đà Nẵng", "HĐND thành phố",
           "UBND thành phố", "Ban Tuyên giáo và Dân vận Thành ủy"]
QUERIES = ["nghi quyet 57", "chuyển đổi số", "dot pha khoa hoc", "ha tang du lieu", "trí tuệ nhân tạo",
           "vi mach ban dan", "dich vu cong truc tuyen", "đất đai", "hoc tap quan triet", "kinh te so"]


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
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from chidao.core.text import normalize_vn
    from chidao.library import rules
    from chidao.library.models import LibraryDocument, LibraryDocumentText
    from chidao.members.models import Cell, MemberProfile
    from chidao.orgs.models import OrgUnit, User
    from chidao.study.models import StudyAssignment, StudyRecord

    call_command("migrate", verbosity=0)
    rng = random.Random(13)
    today = timezone.localdate()
    units = [OrgUnit(code="vptu", name="Văn phòng Thành ủy", kind="standing_office")]
    units += [OrgUnit(code=f"so{i}", name=f"Sở Chuyên ngành số {i}", kind="department") for i in range(60)]
    units += [OrgUnit(code=f"px{i}", name=f"Phường số {i}", kind="commune") for i in range(130)]
    for u in units:
        u.name_search = normalize_vn(u.name)
    OrgUnit.objects.bulk_create(units)
    units = list(OrgUnit.objects.order_by("id"))
    office = units[0]
    secretariat = User.objects.create(username="bench_sec", role="secretariat", unit=office, full_name="Thường trực")
    started = time.perf_counter()
    with transaction.atomic():
        batch: list[LibraryDocument] = []
        words: list[tuple[str, str]] = []
        for i in range(DOCS):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(200, 600)))
            code = f"{i + 1}-{rng.choice(['NQ/TW', 'KH/UBND', 'CT/TU', 'KL/TW', 'QĐ/TW'])}"
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize()
            issuer, field = rng.choice(ISSUERS), rng.choice(["Chuyển đổi số", "Khoa học, công nghệ", "Đất đai",
                                                            "Công tác đảng viên", ""])
            doc = LibraryDocument(
                code=code, title=title, kind=rng.choice(KINDS), issuer=issuer,
                issued_on=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 4000)), field=field,
                validity=rng.choice(["in_force"] * 8 + ["expired", "replaced"]), original_name=f"{i}.txt",
                stored_name=f"00/bench-{i}.txt", content_type="text/plain", file_ext="txt", size=len(text),
                sha256="0" * 64, has_text=True, uploaded_by=secretariat)
            words.append((text, rules.search_words(code, title, issuer, field, text)))
            if i % 20 == 0:  # 5% restricted to one unit
                doc.is_restricted = doc.has_unit_restriction = True
            batch.append(doc)
        LibraryDocument.objects.bulk_create(batch, batch_size=1000)
        ids = list(LibraryDocument.objects.order_by("id").values_list("id", flat=True))
        LibraryDocumentText.objects.bulk_create([
            LibraryDocumentText(document_id=pk, text=t, search_text=w) for pk, (t, w) in zip(ids, words, strict=True)],
            batch_size=1000)
        through = LibraryDocument.restricted_units.through
        docs = list(LibraryDocument.objects.filter(is_restricted=True).values_list("id", flat=True))
        through.objects.bulk_create([through(librarydocument_id=d, orgunit_id=units[1 + d % 60].pk) for d in docs])
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO library_document_fts(rowid, body) SELECT document_id, search_text "
                           "FROM library_librarydocumenttext")
    docs_s = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        cells = Cell.objects.bulk_create([Cell(name=f"Chi bộ {n}", unit=units[1 + n % (len(units) - 1)])
                                          for n in range(max(1, MEMBERS // 50))])
        people = User.objects.bulk_create([
            User(username=f"dv{n:06d}", full_name=f"Đảng viên {n}", role="party_member", password="!bench")
            for n in range(MEMBERS)], batch_size=5000)
        MemberProfile.objects.bulk_create([
            MemberProfile(user=p, full_name=p.full_name, date_of_birth=dt.date(1980, 1, 1), sex="male",
                          admitted_on=dt.date(2005, 1, 1), card_number=f"{n:08d}", citizen_id=f"{n:012d}",
                          cell=cells[n % len(cells)], unit=cells[n % len(cells)].unit)
            for n, p in enumerate(people)], batch_size=5000)
        big = StudyAssignment.objects.create(title="Học tập Nghị quyết 57", due_on=today - dt.timedelta(days=5),
                                             assigned_by=secretariat)
        now = timezone.now()
        records = []
        for n, p in enumerate(people):
            cell = cells[n % len(cells)]
            studied = rng.random() < 0.6
            records.append(StudyRecord(
                assignment=big, user=p, cell=cell, unit_id=cell.unit_id, studied_at=now if studied else None,
                studied_late=studied and rng.random() < 0.2, passed_at=now if studied and rng.random() < 0.7 else None,
                attempts=1 if studied else 0, best_score=80 if studied else None))
        StudyRecord.objects.bulk_create(records, batch_size=5000)
        for k in range(5):  # a few smaller assignments beside it
            small = StudyAssignment.objects.create(title=f"Chuyên đề {k}", due_on=today + dt.timedelta(days=10),
                                                   assigned_by=secretariat)
            StudyRecord.objects.bulk_create([
                StudyRecord(assignment=small, user=p, cell=cells[n % len(cells)], unit_id=cells[n % len(cells)].unit_id)
                for n, p in enumerate(people[k::7])], batch_size=5000)
    members_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    reader = User.objects.create(username="bench_dv", full_name="Đảng viên đọc", role="party_member",
                                 password="!bench", unit=units[5])

    def session_for(user) -> str:  # type: ignore[no-untyped-def]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    busy_units = [u for u, _n in sorted(((c.unit_id, 0) for c in cells[:len(units) - 1]), key=lambda x: x[0])][:40]
    return {"secretariat": session_for(secretariat), "reader": session_for(reader), "assignment": big.pk,
            "units": busy_units, "cookie": settings.SESSION_COOKIE_NAME, "build_docs_s": round(docs_s, 1),
            "build_members_s": round(members_s, 1)}


def _cpu_ms(header: str | None) -> float | None:
    for part in (header or "").split(","):
        key, _, rest = part.strip().partition(";dur=")
        if key == "cpu" and rest:
            return float(rest)
    return None


def _get(port: int, path: str, cookie: str) -> tuple[int, float, float | None]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "vi"})
    resp = conn.getresponse()
    body = resp.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    del body
    return resp.status, elapsed, _cpu_ms(resp.headers.get("Server-Timing"))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 1)


def run(port: int, setup: dict) -> dict:  # type: ignore[type-arg]
    name = setup["cookie"]
    search_paths = []
    for i, q in enumerate(QUERIES * 2):
        extra = [{}, {"kind": "resolution"}, {"year": "2022"}, {"validity": "in_force"}][i % 4]
        search_paths.append("/thu-vien/?" + urllib.parse.urlencode({"q": q, **extra}))
    stats = [f"/hoc-tap/{setup['assignment']}/thong-ke/?unit={u}" for u in setup["units"]]
    plan = {
        "library_search": (f"{name}={setup['reader']}", search_paths),
        "study_stats": (f"{name}={setup['secretariat']}", stats),
        "study_stats_all": (f"{name}={setup['secretariat']}", [f"/hoc-tap/{setup['assignment']}/thong-ke/"]),
    }
    results = {}
    for scenario, (cookie, paths) in plan.items():
        times, cpu = [], []
        for i in range(WARMUP + N):
            path = paths[i % len(paths)]
            status, ms, cpu_ms = _get(port, path, cookie)
            if status != 200:
                raise SystemExit(f"{scenario}: GET {path} answered {status}")
            if i >= WARMUP:
                times.append(ms)
                if cpu_ms is not None:
                    cpu.append(cpu_ms)
        target = TARGETS_MS[scenario]
        p95 = _pct(times, 0.95)
        results[scenario] = {"p50_ms": _pct(times, 0.5), "p95_ms": p95, "max_ms": round(max(times), 1), "n": N,
                             "target_p95_ms": target, "server_cpu_p50_ms": _pct(cpu, 0.5) if cpu else None,
                             "server_cpu_p95_ms": _pct(cpu, 0.95) if cpu else None,
                             "result": None if target is None else ("PASS" if p95 <= target else "OVER")}
    return results


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="chidao-library-") as tmp:
        data_dir = Path(tmp)
        print(f"library: building {DOCS} documents and {MEMBERS} members …", flush=True)
        setup = prepare(data_dir)
        port = _free_port()
        # bench.settings: the project's settings plus the Server-Timing header (the worker's CPU time).
        env = {**os.environ, "CHIDAO_DATA_DIR": str(data_dir), "DEBUG": "false",
               "DJANGO_SETTINGS_MODULE": "bench.settings"}
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT,
                       env=env, check=True)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [str(gunicorn), "chidao.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "2", "--threads", "1",
             "--worker-class", "sync", "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True)
        load_before = os.getloadavg()[0]
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            results = run(port, setup)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
    record = {"docs": DOCS, "members": MEMBERS, "build_docs_s": setup["build_docs_s"],
              "build_members_s": setup["build_members_s"], "load_1min_before": load_before,
              "load_1min_after": os.getloadavg()[0], "results": results}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "library.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for scenario, r in results.items():
        print(f"{scenario:<18} p50 {r['p50_ms']:>7} ms  p95 {r['p95_ms']:>7} ms  target {r['target_p95_ms']}  "
              f"{r['result'] or ''}  (server CPU p50 {r['server_cpu_p50_ms']} ms, p95 {r['server_cpu_p95_ms']} ms)")
    return 0 if all(r["result"] != "OVER" for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
