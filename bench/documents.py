"""Benchmarks of issue 5 (`consolidated_report`, `import_2000_rows`) and issue 12 (`reader_20_pages`,
`import_docx_2000_rows`).

    python -m bench.documents            (TASKS=20000 by default)

Standalone like bench/reminders_day.py (the HTTP runner `bench.run` measures pages). It builds a
fresh SQLite database in a temporary directory — 200 units, TASKS tasks in groups of 40 under one
directive with every status of DESIGN §4, an accepted report with difficulties and proposals on a
third of them — then measures:

* consolidated_report: `consolidated_report_get` + `consolidated_docx` (the .docx the standing
  office downloads), target ≤ 5 s;
* import_2000_rows: reading a 2,000-row appendix (`plan_preview`: open the .xlsx, match every unit,
  parse every deadline) and committing it through `task_bulk_create` in one transaction, target ≤ 10 s;
* reader_20_pages: the conclusion reader (`conclusions_read`) on a 20-page, ~10,000-word notice, its
  assignments in every shape the reader knows, against the 200 units, target ≤ 2 s;
* import_docx_2000_rows: the same 2,000-row appendix as a Word table (merged cells included),
  previewed and committed, target ≤ 10 s.

Bench data is inserted in bulk (not through the services) so that building it does not dominate.
Each scenario runs RUNS times (default 3); p50 and p95 (= max of 3) are reported in milliseconds.
Prints a line per scenario and writes bench/results/documents.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS_MS = {"consolidated_report": 5_000, "import_2000_rows": 10_000, "reader_20_pages": 2_000,
              "import_docx_2000_rows": 10_000}


def _setup(tasks_n: int) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from chidao.core.text import normalize_vn
    from chidao.directives.models import Directive, Field, Task, TaskKind, TaskState
    from chidao.orgs.models import OrgUnit, User
    from chidao.reporting.models import ProgressReport

    rng = random.Random(57)
    today = dt.date.today()
    units = [OrgUnit(code="bcd", name="Ban Chỉ đạo", kind="committee"),
             OrgUnit(code="vptu", name="Văn phòng Thành ủy", kind="standing_office")]
    units += [OrgUnit(code=f"so{i}", name=f"Sở Chuyên ngành số {i}", short_name=f"Sở CN{i}", kind="department")
              for i in range(60)]
    units += [OrgUnit(code=f"px{i}", name=f"Ủy ban nhân dân phường số {i}", short_name=f"UBND P{i}",
                      kind="commune") for i in range(130)]
    units += [OrgUnit(code=f"dn{i}", name=f"Doanh nghiệp số {i}", kind="enterprise") for i in range(8)]
    for u in units:
        u.name_search = normalize_vn(f"{u.name} {u.short_name}")
    OrgUnit.objects.bulk_create(units)
    units = list(OrgUnit.objects.exclude(kind="committee"))
    secretariat = User.objects.create(username="bench_sec", role="secretariat", unit=units[0])
    directive = Directive.objects.create(code="57-NQ/TW", kind="resolution", title="Nghị quyết 57",
                                         issued_on=dt.date(2024, 12, 22))
    directive.save()
    groups = Task.objects.bulk_create([
        Task(directive=directive, code=str(i + 1), position=i + 1, title=f"Nhóm nhiệm vụ {i + 1}", kind=TaskKind.GROUP,
             state=TaskState.ASSIGNED, search_text="") for i in range(max(1, tasks_n // 40))])
    heavy = units[1:12]  # a few departments lead most tasks
    tasks = []
    for i in range(tasks_n):
        lead = rng.choice(heavy) if rng.random() < 0.6 else rng.choice(units[1:])
        due = today + dt.timedelta(days=rng.randint(-400, 1500))
        kind = TaskKind.RECURRING if rng.random() < 0.05 else TaskKind.DEADLINE
        done = rng.random() < 0.35 and due < today + dt.timedelta(days=200)
        tasks.append(Task(
            directive=directive, parent=groups[i // 40 % len(groups)], code=str(i % 40 + 1), position=i % 40 + 1,
            title=f"Nhiệm vụ số {i + 1} về chuyển đổi số", kind=kind, lead_unit=lead, state=TaskState.COMPLETED
            if done else (TaskState.CANCELLED if rng.random() < 0.02 else TaskState.ASSIGNED),
            due_on=None if kind == TaskKind.RECURRING else due, original_due_on=None if kind == TaskKind.RECURRING
            else due, completed_on=(due + dt.timedelta(days=rng.randint(-60, 30))) if done else None,
            progress=rng.randint(0, 99), field=rng.choice(Field.values), assigned_on=dt.date(2025, 1, 1),
            last_reported_on=today - dt.timedelta(days=rng.randint(1, 90)) if rng.random() < 0.8 else None,
            search_text="", deadline_text=due.strftime("%d/%m/%Y")))
    Task.objects.bulk_create(tasks, batch_size=2000)
    leaves = list(Task.objects.exclude(kind=TaskKind.GROUP).values_list("id", "lead_unit_id"))
    reports = [ProgressReport(task_id=tid, unit_id=uid, state="accepted", progress=50,
                              submitted_on=today - dt.timedelta(days=rng.randint(1, 90)),
                              difficulties=f"Khó khăn loại {rng.randint(1, 300)} về vốn và thủ tục",
                              proposals=f"Kiến nghị loại {rng.randint(1, 300)}")
               for tid, uid in leaves if rng.random() < 0.33]
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    target = Directive.objects.create(code="15-CTr/TU", kind="programme", title="Chương trình", issued_on=None)
    return {"directive": directive, "secretariat": secretariat, "target": target,
            "unit_names": [u.name for u in units[1:]]}


def _appendix(names: list[str], rows: int) -> bytes:
    from chidao.documents.samples import appendix_workbook

    rng = random.Random(2000)
    deadlines = ["31/12/2026", "Tháng 12/2026", "Quý II/2027", "6 tháng đầu năm 2027", "Năm 2028", "2026–2030",
                 "Thường xuyên", "Hằng năm"]
    groups = []
    for g in range(rows // 40):
        picks = [rng.sample(names, 3) for _ in range(40)]  # a lead and two support units, all different
        groups.append((f"NHÓM NHIỆM VỤ {g + 1}", [
            (f"Nhiệm vụ {g * 40 + t + 1}: triển khai giải pháp số", picks[t][0], ", ".join(picks[t][1:]),
             rng.choice(deadlines), "Báo cáo kết quả") for t in range(40)]))
    return appendix_workbook(groups)


def _appendix_docx(names: list[str], rows: int) -> bytes:
    """The appendix as offices send it most often: a Word table under a heading, groups as rows."""
    import io

    import docx

    rng = random.Random(2001)
    deadlines = ["31/12/2026", "Tháng 12/2026", "Quý II/2027", "Năm 2028", "Nhiệm vụ thường xuyên", "Hằng năm"]
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC: DANH MỤC NHIỆM VỤ")
    lines = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]]
    for g in range(rows // 40):
        lines.append([f"{'I' * (g % 3 + 1)}", f"NHÓM NHIỆM VỤ {g + 1}", "", "", "", ""])
        for t in range(40):
            lead, *supports = rng.sample(names, 3)
            lines.append([str(g * 40 + t + 1), f"Nhiệm vụ {g * 40 + t + 1}: triển khai giải pháp số", lead,
                          "\n".join(supports), rng.choice(deadlines), "Báo cáo kết quả"])
    from docx.table import _Cell

    table = document.add_table(rows=len(lines), cols=6)
    for tr, line in zip(table._tbl.tr_lst, lines, strict=True):
        for tc, value in zip(tr.tc_lst, line, strict=True):
            _Cell(tc, table).text = value  # cell by cell through the XML: row.cells is slow to build with
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _notice(names: list[str], words: int = 10_000) -> str:
    """A long conclusion notice: appraisal paragraphs between assignments of every shape."""
    rng = random.Random(20)
    shapes = [
        "Giao {a} chủ trì, phối hợp với {b} xây dựng Đề án phát triển hạ tầng số, hoàn thành trước ngày 30/6/2026.",
        "Nhất trí giao {a} tham mưu UBND thành phố ban hành Kế hoạch chuyển đổi số; thời hạn: Quý III/2026.",
        "{a} chủ trì rà soát thủ tục hành chính theo Văn bản số 123/UBND-KT ngày 12/3/2025, báo cáo trong "
        "tháng 9/2026.",
        "Yêu cầu các sở, ban, ngành khẩn trương cập nhật dữ liệu, hoàn thành chậm nhất ngày 15/10/2026.",
        "Đề nghị {a} và {b} phối hợp triển khai nền tảng dùng chung, thực hiện thường xuyên.",
        "Chủ tịch UBND thành phố yêu cầu Giám đốc {a} chỉ đạo số hóa hồ sơ. Thời hạn hoàn thành: năm 2027.",
    ]
    filler = ("Ban Chỉ đạo ghi nhận, đánh giá cao kết quả triển khai của các cơ quan, đơn vị trong thời gian qua; "
              "tuy nhiên việc thực hiện một số nhiệm vụ còn chậm so với yêu cầu đề ra, cần được khắc phục.")
    parts: list[str] = ["Đà Nẵng, ngày 5 tháng 12 năm 2025", "KẾT LUẬN CỦA ĐỒNG CHÍ TRƯỞNG BAN"]
    count = 0
    n = 0
    while count < words:
        if n % 10 == 0:
            parts.append(f"{n // 10 + 1}. Về nhóm nội dung thứ {n // 10 + 1}, phân công như sau:")
        a, b = rng.sample(names, 2)
        line = (f"{chr(97 + n % 10)}) " + rng.choice(shapes).format(a=a, b=b)) if n % 3 else filler
        parts.append(line)
        count += len(line.split())
        n += 1
    return "\n".join(parts)


def _measure(fn, runs: int) -> dict:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(times)), "p95_ms": round(max(times)), "runs": runs}


def main() -> int:
    tasks_n = int(os.environ.get("TASKS", "20000"))
    runs = int(os.environ.get("RUNS", "3"))
    tmp = tempfile.mkdtemp(prefix="chidao-bench-documents-")
    os.environ["CHIDAO_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import transaction

    from chidao.directives.models import Task
    from chidao.documents.importer import plan_preview
    from chidao.documents.render import consolidated_docx
    from chidao.documents.selectors import consolidated_report_get, default_proposals
    from chidao.documents.services import plan_import_commit
    from chidao.parsing.units import unit_matcher_from_db

    started = time.perf_counter()
    data = _setup(tasks_n)
    print(f"data set: {tasks_n} tasks, 200 units in {time.perf_counter() - started:.1f} s")
    today = dt.date.today()
    size = {}

    def consolidated() -> None:
        report = consolidated_report_get(user=data["secretariat"], directive=data["directive"], as_of=today)
        size["bytes"] = len(consolidated_docx(report, proposals=default_proposals()))
        size["overdue_rows"] = len(report.overdue_rows)

    appendix = _appendix(data["unit_names"], 2000)

    def import_rows() -> None:
        preview = plan_preview(data=appendix, file_name="bench.xlsx", matcher=unit_matcher_from_db())
        assert preview.ok, preview.problems[:3]
        assert len(preview.tasks) == 2000
        with transaction.atomic():
            plan_import_commit(actor=data["secretariat"], directive=data["target"], preview=preview, assign=True,
                               assigned_on=dt.date(2025, 6, 1))
            assert Task.objects.filter(directive=data["target"]).exclude(kind="group").count() == 2000
            transaction.set_rollback(True)  # the next run imports into the same empty programme

    from chidao.meetings.reader import conclusions_read

    notice = _notice(data["unit_names"])
    found = {}

    def reader() -> None:
        found["tasks"] = len(conclusions_read(notice, unit_matcher_from_db()))
        found["words"] = len(notice.split())

    word_appendix = _appendix_docx(data["unit_names"], 2000)

    def import_docx() -> None:
        preview = plan_preview(data=word_appendix, file_name="bench.docx", matcher=unit_matcher_from_db())
        assert preview.ok, preview.problems[:3]
        assert len(preview.tasks) == 2000
        with transaction.atomic():
            plan_import_commit(actor=data["secretariat"], directive=data["target"], preview=preview, assign=True,
                               assigned_on=dt.date(2025, 6, 1))
            transaction.set_rollback(True)

    results = {
        "consolidated_report": {**_measure(consolidated, runs), **size},
        "import_2000_rows": _measure(import_rows, runs),
        "reader_20_pages": {**_measure(reader, runs), **found},
        "import_docx_2000_rows": _measure(import_docx, runs),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    ok = True
    for name, r in results.items():
        r["target_ms"] = TARGETS_MS[name]
        r["ok"] = r["p95_ms"] <= TARGETS_MS[name]
        ok = ok and r["ok"]
        print(f"{name}: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms (target ≤ {TARGETS_MS[name]} ms) "
              f"{'OK' if r['ok'] else 'TOO SLOW'}")
    (out / "documents.json").write_text(json.dumps({"tasks": tasks_n, "results": results}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
