"""A worker for test_sigkill.py, run as its own process on its own data directory (not the test
database): `python killable.py MODE DIR`. It prints "ready" once Django is up, then repeats one
operation — a plan import commit, a report submission, a backup — until the test kills it with
SIGKILL; `check` prints, as JSON, what the test compares after each kill."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

IMPORT_TASKS = 120
PASSWORD = "MatKhau!2025"


def seed() -> None:
    from chidao.directives.services import directive_create, task_create
    from chidao.orgs.services import unit_create, user_create

    office = unit_create(actor=None, code="vptu", name="Văn phòng Thành ủy", kind="standing_office")
    unit = unit_create(actor=None, code="so-khcn", name="Sở Khoa học và Công nghệ", kind="department",
                       short_name="Sở KH&CN")
    secretariat = user_create(actor=None, username="thuongtruc", password=PASSWORD, role="secretariat",
                              full_name="Thường trực", unit=office)
    user_create(actor=None, username="chuyenvien", password=PASSWORD, role="unit_officer", full_name="Chuyên viên",
                unit=unit)
    user_create(actor=None, username="giamdoc", password=PASSWORD, role="unit_head", full_name="Giám đốc", unit=unit)
    directive = directive_create(actor=secretariat, code="15-CTr/TU", kind="programme", title="Chương trình hành động",
                                 issuer="Thành ủy", issued_on=dt.date(2025, 1, 10))
    today = timezone.localdate()
    task_create(actor=secretariat, directive=directive, title="Nhiệm vụ báo cáo liên tục", lead_unit=unit,
                due_on=today + dt.timedelta(days=365), assign=True, assigned_on=today - dt.timedelta(days=10),
                expected_output="Báo cáo")


def _workbook() -> bytes:
    from chidao.documents.samples import appendix_workbook

    rows = [(f"Nhiệm vụ nhập số {i}", "Sở KH&CN", "", "31/12/2029", "Báo cáo") for i in range(IMPORT_TASKS)]
    return appendix_workbook([("NHÓM NHIỆM VỤ NHẬP THỬ", rows)])


def run_import() -> None:
    from chidao.directives.models import Directive
    from chidao.documents.importer import plan_preview
    from chidao.documents.services import plan_import_commit
    from chidao.orgs.models import User
    from chidao.parsing.units import unit_matcher_from_db

    data = _workbook()
    actor = User.objects.get(username="thuongtruc")
    directive = Directive.objects.get()
    print("ready", flush=True)
    while True:
        preview = plan_preview(data=data, file_name="phu-luc.xlsx", matcher=unit_matcher_from_db())
        assert preview.ok, preview.problems
        plan_import_commit(actor=actor, directive=directive, preview=preview)


def run_report() -> None:
    from chidao.directives.models import Task, TaskKind
    from chidao.orgs.models import User
    from chidao.reporting.models import ReportState
    from chidao.reporting.services import report_draft_create, report_submit

    officer, head = User.objects.get(username="chuyenvien"), User.objects.get(username="giamdoc")
    task = Task.objects.get(kind=TaskKind.DEADLINE, title="Nhiệm vụ báo cáo liên tục")
    print("ready", flush=True)
    for n in itertools.count():
        draft = task.reports.filter(state__in=[ReportState.DRAFT, ReportState.PENDING_APPROVAL]).first()
        if draft is None:
            draft = report_draft_create(actor=officer, task=task, progress=n % 90, results=f"Kết quả lần {n}")
        report_submit(actor=head, report=draft)


def run_backup(out_dir: Path) -> None:
    from chidao.core.backup import backup_create

    print("ready", flush=True)
    for n in itertools.count():
        target = out_dir / f"sao-luu-{os.getpid()}-{n}.tar.gz"
        backup_create(target)


def check(out_dir: Path) -> None:
    import tarfile

    from chidao.audit.models import AuditEvent
    from chidao.audit.services import audit_verify
    from chidao.core.backup import _read_manifest, _verify_members
    from chidao.directives.models import Task, TaskKind
    from chidao.reporting.models import ProgressReport, ReportState

    imported = Task.objects.filter(title__startswith="Nhiệm vụ nhập số").count()
    groups = Task.objects.filter(kind=TaskKind.GROUP, title="NHÓM NHIỆM VỤ NHẬP THỬ").count()
    submitted = ProgressReport.objects.filter(state=ReportState.SUBMITTED)
    task = Task.objects.get(title="Nhiệm vụ báo cáo liên tục")
    last = submitted.order_by("-version").first()
    backups = []
    for path in sorted(out_dir.glob("*.tar.gz")):
        try:
            with tarfile.open(path, "r:gz") as tar:
                _verify_members(tar, _read_manifest(tar))
            backups.append("ok")
        except Exception as exc:  # reported to the test, which fails on it
            backups.append(f"{path.name}: {exc}")
    print(json.dumps({
        "audit_intact": audit_verify().intact,
        "imported_tasks": imported, "import_groups": groups,
        "import_events": AuditEvent.objects.filter(action="plan.import").count(),
        "submitted": submitted.count(),
        "submit_events": AuditEvent.objects.filter(action="report.submit").count(),
        "task_progress": task.progress, "last_progress": last.progress if last else 0,
        "backups": backups,
    }))


if __name__ == "__main__":
    mode = sys.argv[1]
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(".")
    {"seed": seed, "import": run_import, "report": run_report}.get(mode, lambda: None)()
    if mode == "backup":
        run_backup(out)
    elif mode == "check":
        check(out)
