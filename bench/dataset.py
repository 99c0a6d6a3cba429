"""The benchmark's city-scale data set, built into its own SQLite file.

    python -m bench.dataset --tasks 20000          # build (or reuse) bench/data/bench-20000.sqlite3

What it holds (for the default 20,000 tasks):

* 200 units: the Steering Committee, its standing office (Văn phòng Thành ủy), 60 departments
  (two of them sub-units of the Department of Science and Technology, the "busy" unit), 130 wards
  and communes and 8 enterprises;
* the people the benchmark logs in as (secretariat, leader, the head and an officer of the busy
  unit), created through `orgs.services.user_create` with the real password hasher, and a head and
  an officer for every other unit (bulk, unusable passwords: nobody logs in as them);
* 12 directives: 57-NQ/TW at the root and every other one under it, so that the dashboard, which
  opens on 57-NQ/TW, covers every task;
* TASKS rows of `Task`: task groups of about 40 tasks under the directives, lead units skewed the
  way a city's are (a few departments lead most tasks, each commune a handful), support units on
  about a third of the tasks, due dates spread from early 2025 to 2030 around today so that every
  status of DESIGN §4 appears (done on time, done late, open on time, not started, overdue,
  recurring, cancelled), drafts, completion claims awaiting review and extensions approved,
  rejected and pending;
* 5 progress reports per task on average (exactly 5 × TASKS): accepted, returned (answered by a
  new version or still waiting for one), submitted and awaiting review, open drafts; completion
  claims carry an output document and some an evidence row.

The bulk is written with `bulk_create` in batches inside one transaction, not through the
services: 100,000 tasks and 500,000 reports one service call at a time would take hours. The
derived fields the services keep are therefore computed here the same way: `Task.search_text`
(`normalize_vn`, as `Task.refresh_search_text`), `OrgUnit.name_search` (as `OrgUnit.save`),
`Task.progress` and `last_reported_on` (the last submitted report, as `report_submit`),
`completed_on` (the submission day of the accepted claim, as `report_review`), `original_due_on`
and `due_on` (an approved extension moves `due_on` only, as `extension_decide`), `state`, report
versions and the `previous` link of a revision (as `report_revise`). Audit events are written only
for the people created through the service, not for the bulk.

The file is reused when it exists with the same parameters (see `params`); `--rebuild` (or
`BENCH_REBUILD=1` for `bench.run`) forces a new one. Dates are relative to the day of the build;
a data set reused on a later day has shifted a few tasks from "open on time" to "overdue", which
changes nothing the benchmark measures.

A manifest beside the database (`bench-<TASKS>.json`) records the parameters, the counts and the
fixtures the runner needs (user names, the busy unit, task ids for the detail and submit
scenarios), so that `bench.run` never opens the database itself.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"

# Bump when the generator changes what it builds, so that old files are rebuilt.
GENERATOR_VERSION = 4
DEFAULT_TASKS = 20_000
UNITS = 200
REPORTS_PER_TASK = 5
SEED = 57
PASSWORD = "Bench-ChiDao-2026"
LOGIN_USERS = {
    "secretariat": "bench_secretariat",
    "leader": "bench_leader",
    "unit_head": "bench_head",
    "unit_officer": "bench_officer",
}
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2000


def params(tasks: int) -> dict[str, Any]:
    return {
        "generator": GENERATOR_VERSION,
        "tasks": tasks,
        "units": UNITS,
        "reports_per_task": REPORTS_PER_TASK,
        "seed": SEED,
    }


def db_path(tasks: int) -> Path:
    return DATA_DIR / f"bench-{tasks}.sqlite3"


def manifest_path(tasks: int) -> Path:
    return DATA_DIR / f"bench-{tasks}.json"


def bench_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment of every process that touches a benchmark database: the app's own settings,
    pointed at that file, with DEBUG off (as in production)."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "chidao.settings",
        "DATABASE_URL": f"sqlite:///{db.resolve()}",
        "CHIDAO_DATA_DIR": str(DATA_DIR.resolve()),
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
    })
    env.update(extra)
    return env


def current_manifest(tasks: int) -> dict[str, Any] | None:
    """The manifest of an existing data set built with the same parameters, else None."""
    path, db = manifest_path(tasks), db_path(tasks)
    if not path.exists() or not db.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("params") == params(tasks) else None


def ensure(tasks: int, *, rebuild: bool = False, copy_to: Path | None = None) -> dict[str, Any]:
    """Build the data set in a child process unless a current one exists; return its manifest.
    `copy_to`: also copy the database there. A lock file serialises two runs that would build
    (or copy while another builds) the same file at once."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with (DATA_DIR / f"bench-{tasks}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manifest = _ensure_locked(tasks, rebuild=rebuild)
        if copy_to is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy_to}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(db_path(tasks), copy_to)
        return manifest


def _ensure_locked(tasks: int, *, rebuild: bool) -> dict[str, Any]:
    if not rebuild:
        manifest = current_manifest(tasks)
        if manifest is not None:
            print(f"Data set: reusing {db_path(tasks).relative_to(ROOT)} (built {manifest['built_at']}).")
            return manifest
    print(f"Data set: building {db_path(tasks).relative_to(ROOT)} ({tasks:,} tasks)…", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench.dataset", "--tasks", str(tasks), "--rebuild"],
        cwd=ROOT, env=bench_env(db_path(tasks), BENCH_LOCK_HELD="1"), check=True,
    )
    manifest = current_manifest(tasks)
    if manifest is None:
        raise SystemExit("The data set was not built (no manifest).")
    print(f"Data set: built in {time.perf_counter() - started:.0f} s.")
    return manifest


# --- names ---------------------------------------------------------------------------------------

DEPARTMENTS = [
    ("so-khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", "Sở KHCN"),
    ("so-tc", "Sở Tài chính", "Sở TC", ""),
    ("so-nv", "Sở Nội vụ", "Sở NV", ""),
    ("so-tp", "Sở Tư pháp", "Sở TP", ""),
    ("so-xd", "Sở Xây dựng", "Sở XD", ""),
    ("so-ct", "Sở Công Thương", "Sở CT", ""),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Sở GDĐT"),
    ("so-yt", "Sở Y tế", "Sở YT", ""),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ""),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", ""),
    ("so-dttg", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", ""),
    ("so-ngv", "Sở Ngoại vụ", "Sở NgV", ""),
    ("thanh-tra", "Thanh tra thành phố", "Thanh tra TP", ""),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân thành phố", "VP UBND", ""),
    ("vp-hdnd", "Văn phòng Đoàn ĐBQH và HĐND thành phố", "VP HĐND", ""),
    ("cong-an", "Công an thành phố", "Công an TP", ""),
    ("bchqs", "Bộ Chỉ huy Quân sự thành phố", "BCH Quân sự", ""),
    ("ban-tgdv", "Ban Tuyên giáo và Dân vận Thành ủy", "Ban TG&DV", ""),
    ("ban-tc", "Ban Tổ chức Thành ủy", "Ban Tổ chức", ""),
    ("ban-nc", "Ban Nội chính Thành ủy", "Ban Nội chính", ""),
    ("ubkt", "Ủy ban Kiểm tra Thành ủy", "UBKT", ""),
    ("bql-khcn", "Ban Quản lý Khu công nghệ cao và các khu công nghiệp", "BQL KCNC", ""),
    ("ttpvhcc", "Trung tâm Phục vụ hành chính công thành phố", "TT PVHCC", ""),
    ("dai-ptth", "Đài Phát thanh – Truyền hình thành phố", "Đài PT-TH", ""),
    ("bao-dn", "Báo và Phát thanh, Truyền hình Đà Nẵng", "Báo ĐN", ""),
    ("dhdn", "Đại học Đà Nẵng", "ĐHĐN", ""),
    ("cuc-thue", "Thuế thành phố", "Thuế TP", ""),
    ("kbnn", "Kho bạc Nhà nước khu vực", "KBNN", ""),
    ("bhxh", "Bảo hiểm xã hội thành phố", "BHXH", ""),
    ("nhnn", "Ngân hàng Nhà nước chi nhánh khu vực", "NHNN", ""),
    ("hai-quan", "Chi cục Hải quan khu vực", "Hải quan", ""),
    ("bql-dl", "Ban Quản lý các dự án đầu tư xây dựng dân dụng và công nghiệp", "BQL DA DD&CN", ""),
    ("bql-gt", "Ban Quản lý các dự án đầu tư xây dựng các công trình giao thông", "BQL DA GT", ""),
    ("bql-nn", "Ban Quản lý các dự án đầu tư xây dựng các công trình nông nghiệp", "BQL DA NN", ""),
    ("qdtptcn", "Quỹ Đầu tư phát triển thành phố", "Quỹ ĐTPT", ""),
    ("qptkhcn", "Quỹ Phát triển khoa học và công nghệ thành phố", "Quỹ PT KH&CN", ""),
    ("vien-ncpt", "Viện Nghiên cứu phát triển kinh tế – xã hội", "Viện NCPT", ""),
    ("ldld", "Liên đoàn Lao động thành phố", "LĐLĐ", ""),
    ("doan-tn", "Thành đoàn", "Thành đoàn", ""),
    ("hoi-lhpn", "Hội Liên hiệp Phụ nữ thành phố", "Hội LHPN", ""),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "UBMTTQ", ""),
    ("tt-xttdl", "Trung tâm Xúc tiến đầu tư và du lịch", "TT XTĐT&DL", ""),
    ("tt-khoinghiep", "Trung tâm Hỗ trợ khởi nghiệp đổi mới sáng tạo", "TT Khởi nghiệp", ""),
    ("tt-ytdp", "Trung tâm Kiểm soát bệnh tật thành phố", "CDC", ""),
    ("bv-dn", "Bệnh viện Đà Nẵng", "BV Đà Nẵng", ""),
    ("cd-ngheho", "Trường Cao đẳng Công nghệ thông tin", "CĐ CNTT", ""),
    ("tt-qhdt", "Viện Quy hoạch xây dựng", "Viện QHXD", ""),
    ("vp-dtdt", "Văn phòng Đoàn Đại biểu Quốc hội", "VP ĐĐBQH", ""),
    ("dang-uy-ubnd", "Đảng ủy Ủy ban nhân dân thành phố", "ĐU UBND", ""),
    ("dang-uy-hcd", "Đảng ủy các cơ quan Đảng thành phố", "ĐU CQĐ", ""),
    ("bql-ato", "Ban Quản lý An toàn thực phẩm", "BQL ATTP", ""),
    ("tt-dvtc", "Trung tâm Dịch vụ tài chính công", "TT DVTC", ""),
    ("tt-dkdd", "Văn phòng Đăng ký đất đai", "VP ĐKĐĐ", ""),
    ("tt-ptqd", "Trung tâm Phát triển quỹ đất", "TT PTQĐ", ""),
    ("tt-lttt", "Trung tâm Lưu trữ lịch sử", "TT Lưu trữ", ""),
    ("tt-cntt-yt", "Trung tâm Công nghệ thông tin y tế", "TT CNTT YT", ""),
    ("tt-gdnn", "Trung tâm Giáo dục nghề nghiệp", "TT GDNN", ""),
    ("tt-dk", "Trung tâm Đăng kiểm", "TT Đăng kiểm", ""),
]
# Sub-units of the busy unit: a unit user of Sở KH&CN sees their tasks too (DESIGN §2).
SUB_UNITS = [
    ("dnict", "Trung tâm Công nghệ thông tin và Truyền thông (DNICT)", "DNICT", ""),
    ("ioc", "Trung tâm Giám sát, điều hành đô thị thông minh (IOC)", "IOC", ""),
]
ENTERPRISES = [
    ("viettel-dn", "Viettel Đà Nẵng", "Viettel", ""),
    ("vnpt-dn", "VNPT Đà Nẵng", "VNPT", ""),
    ("pc-dn", "Công ty TNHH MTV Điện lực Đà Nẵng", "PC Đà Nẵng", "Điện lực Đà Nẵng"),
    ("fpt-dn", "FPT Đà Nẵng", "FPT", ""),
    ("mobifone-kv3", "MobiFone khu vực 3", "MobiFone", ""),
    ("dawaco", "Công ty Cổ phần Cấp nước Đà Nẵng", "DAWACO", ""),
    ("cang-dn", "Công ty Cổ phần Cảng Đà Nẵng", "Cảng ĐN", ""),
    ("vnpost-dn", "Bưu điện thành phố Đà Nẵng", "VNPost", ""),
]
COMMUNE_FIRST = ["Hòa", "Tân", "An", "Phước", "Bình", "Điện", "Duy", "Quế", "Thăng", "Tam"]
COMMUNE_SECOND = ["Khánh", "Xuân", "Phú", "Lợi", "Thạnh", "Hải", "Sơn", "Minh", "Trung", "Tiến", "Nam",
                  "Bắc", "Đông"]

VERBS = ["Xây dựng", "Triển khai", "Hoàn thiện", "Nâng cấp", "Ban hành", "Tổ chức thực hiện", "Đánh giá",
         "Số hóa", "Rà soát", "Thí điểm", "Phát triển", "Kết nối", "Vận hành", "Chuẩn hóa"]
OBJECTS = [
    ("nền tảng dữ liệu dùng chung của thành phố", "data"),
    ("hệ thống thông tin giải quyết thủ tục hành chính", "digital_transformation"),
    ("cơ sở dữ liệu đất đai", "data"),
    ("hạ tầng mạng di động 5G", "infrastructure"),
    ("trung tâm dữ liệu thành phố", "infrastructure"),
    ("chính sách thu hút nhân lực chất lượng cao", "human_resources"),
    ("cơ chế thử nghiệm có kiểm soát (sandbox)", "institution"),
    ("nền tảng học liệu số", "human_resources"),
    ("hồ sơ sức khỏe điện tử", "digital_transformation"),
    ("hệ thống camera giám sát giao thông", "infrastructure"),
    ("chương trình ươm tạo doanh nghiệp khởi nghiệp sáng tạo", "innovation"),
    ("sàn giao dịch công nghệ", "science_technology"),
    ("cơ chế đặt hàng nhiệm vụ khoa học và công nghệ", "science_technology"),
    ("Trung tâm giám sát, điều hành đô thị thông minh", "digital_transformation"),
    ("dịch vụ công trực tuyến toàn trình", "digital_transformation"),
    ("chữ ký số cho người dân", "digital_transformation"),
    ("kho dữ liệu dân cư", "data"),
    ("mạng truyền số liệu chuyên dùng", "infrastructure"),
    ("phòng thí nghiệm thiết kế vi mạch", "science_technology"),
    ("hạ tầng điện toán phục vụ trí tuệ nhân tạo", "infrastructure"),
    ("quy chế bảo đảm an toàn thông tin mạng", "cyber_security"),
    ("trung tâm điều hành an ninh mạng (SOC)", "cyber_security"),
    ("quy định về chính sách đặc thù theo Nghị quyết 136/2024/QH15", "institution"),
    ("chương trình phát triển thị trường khoa học và công nghệ", "science_technology"),
    ("đề án Trung tâm tài chính quốc tế", "institution"),
    ("trạm cập bờ cáp quang biển", "infrastructure"),
    ("phủ sóng vùng lõm và cấp điện vùng chưa có điện", "infrastructure"),
    ("chương trình đào tạo kỹ sư vi mạch bán dẫn", "human_resources"),
    ("sổ tay điện tử đảng viên", "digital_transformation"),
    ("phòng họp không giấy", "digital_transformation"),
]
QUALIFIERS = ["giai đoạn 2025–2026", "giai đoạn 2026–2030", "trên địa bàn thành phố", "cho các sở, ngành",
              "tại các xã, phường", "phục vụ chuyển đổi số", "theo Nghị quyết 57-NQ/TW", "năm 2026",
              "theo chiến dịch 90 ngày", "đến năm 2030", "cho doanh nghiệp nhỏ và vừa", ""]
OUTPUTS = ["Quyết định của Ủy ban nhân dân thành phố", "Báo cáo kết quả thực hiện", "Hệ thống đưa vào vận hành",
           "Kế hoạch được phê duyệt", "Nghị quyết của Hội đồng nhân dân thành phố", "Đề án trình Thành ủy",
           "Văn bản hướng dẫn", "Cơ sở dữ liệu được kết nối, chia sẻ", "Công trình hoàn thành, bàn giao"]
RESULTS = [
    "Đã ban hành kế hoạch triển khai và phân công cán bộ phụ trách.",
    "Đã hoàn thành khảo sát hiện trạng, đang xây dựng dự thảo.",
    "Đã tổ chức lấy ý kiến các sở, ngành; đang tổng hợp, tiếp thu.",
    "Đã ký hợp đồng với nhà thầu; đang triển khai lắp đặt thiết bị.",
    "Đã số hóa phần lớn hồ sơ, đang kiểm tra, làm sạch dữ liệu.",
    "Đã trình Ủy ban nhân dân thành phố xem xét, phê duyệt.",
    "Hệ thống đã chạy thử nghiệm tại một số đơn vị, đang hoàn thiện theo góp ý.",
    "Đã tập huấn cho cán bộ, công chức các xã, phường.",
]
DIFFICULTIES = [
    "", "", "Kinh phí được bố trí chậm so với kế hoạch.", "Thiếu nhân lực chuyên trách về công nghệ thông tin.",
    "Dữ liệu của các đơn vị chưa đồng bộ, phải làm sạch lại.", "Thủ tục đấu thầu kéo dài.",
    "Chờ hướng dẫn của bộ, ngành Trung ương.",
]
PROPOSALS = [
    "", "", "", "Đề nghị Sở Tài chính sớm bố trí kinh phí.", "Đề nghị gia hạn thêm để hoàn thiện hồ sơ.",
    "Đề nghị Sở Khoa học và Công nghệ hỗ trợ kỹ thuật.", "Kiến nghị Ban Chỉ đạo chỉ đạo các đơn vị phối hợp.",
]
RETURN_COMMENTS = ["Báo cáo chưa nêu rõ kết quả cụ thể, đề nghị bổ sung số liệu.",
                   "Minh chứng chưa đầy đủ; đề nghị gửi văn bản sản phẩm.",
                   "Tiến độ báo cáo không khớp với kết quả nêu; đề nghị rà soát lại."]


# --- generation ----------------------------------------------------------------------------------

@contextlib.contextmanager
def _explicit_timestamps(*models: Any) -> Iterator[None]:
    """Let bulk_create keep the dates given (a report of last year was created last year):
    auto_now/auto_now_add would stamp every row with the moment of the build."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=TZ)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def build(tasks: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from chidao.core.text import normalize_vn
    from chidao.directives.models import Directive, DirectiveKind, Task, TaskKind, TaskState
    from chidao.directives.selectors import status_counts
    from chidao.orgs.models import OrgUnit, Role, UnitKind, User
    from chidao.orgs.services import user_create
    from chidao.reporting.models import Evidence, ExtensionRequest, ExtensionState, ProgressReport, ReportState

    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    started = time.perf_counter()

    call_command("migrate", interactive=False, verbosity=0)

    with transaction.atomic():
        # --- units (200) ---
        units: list[OrgUnit] = []

        def unit(code: str, name: str, short: str, alias: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
            u = OrgUnit(pk=len(units) + 1, code=code, name=name, short_name=short, aliases=alias, kind=kind,
                        parent=parent)
            u.name_search = normalize_vn(" ".join([u.name, u.short_name, u.aliases]))  # as OrgUnit.save
            units.append(u)
            return u

        committee = unit("bcd57", "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                         "BCĐ 57", "", UnitKind.COMMITTEE, None)
        standing = unit("vp-thanh-uy", "Văn phòng Thành ủy", "VPTU", "", UnitKind.STANDING_OFFICE, committee)
        departments = [unit(*row, UnitKind.DEPARTMENT, None) for row in DEPARTMENTS]
        busy = departments[0]
        subs = [unit(*row, UnitKind.DEPARTMENT, busy) for row in SUB_UNITS]
        assert len(departments) + len(subs) == 60, len(departments) + len(subs)
        n_communes = UNITS - len(units) - len(ENTERPRISES)
        commune_names = [f"{a} {b}" for a in COMMUNE_FIRST for b in COMMUNE_SECOND]
        communes = []
        for i, name in enumerate(commune_names[:n_communes]):
            prefix = "Phường" if i % 3 else "Xã"
            communes.append(unit(f"{'p' if i % 3 else 'x'}-{normalize_vn(name).replace(' ', '-')}",
                                 f"{prefix} {name}", "", "", UnitKind.COMMUNE, None))
        enterprises = [unit(*row, UnitKind.ENTERPRISE, None) for row in ENTERPRISES]
        OrgUnit.objects.bulk_create(units, batch_size=BATCH)
        assert len(units) == UNITS, len(units)

        # --- people ---
        login = {
            "secretariat": user_create(actor=None, username=LOGIN_USERS["secretariat"], password=PASSWORD,
                                       role=Role.SECRETARIAT, full_name="Nguyễn Thị Thư Ký", unit=standing),
            "leader": user_create(actor=None, username=LOGIN_USERS["leader"], password=PASSWORD,
                                  role=Role.LEADER, full_name="Trần Văn Lãnh Đạo", unit=committee),
            "unit_head": user_create(actor=None, username=LOGIN_USERS["unit_head"], password=PASSWORD,
                                     role=Role.UNIT_HEAD, full_name="Lê Văn Giám Đốc", unit=busy),
            "unit_officer": user_create(actor=None, username=LOGIN_USERS["unit_officer"], password=PASSWORD,
                                        role=Role.UNIT_OFFICER, full_name="Phạm Thị Chuyên Viên", unit=busy),
        }
        bulk_users = []
        heads: dict[int, int] = {busy.pk: login["unit_head"].pk}
        officers: dict[int, int] = {busy.pk: login["unit_officer"].pk}
        next_user = User.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
        for u in units:
            if u.kind == UnitKind.COMMITTEE or u.pk == busy.pk:
                continue
            for role, store in ((Role.UNIT_HEAD, heads), (Role.UNIT_OFFICER, officers)):
                user = User(pk=next_user, username=f"{u.code}-{role.replace('_', '-')}"[:150], role=role,
                            unit=u, full_name=f"{role.label} {u.display_name}", password="!bench-no-login")
                bulk_users.append(user)
                store[u.pk] = next_user
                next_user += 1
        reviewers = [login["secretariat"].pk]
        for i in range(2):
            bulk_users.append(User(pk=next_user, username=f"bench-secretariat-{i + 2}", role=Role.SECRETARIAT,
                                   unit=standing, full_name=f"Chuyên viên VPTU {i + 2}", password="!bench-no-login"))
            reviewers.append(next_user)
            next_user += 1
        User.objects.bulk_create(bulk_users, batch_size=BATCH)
        leader_id = login["leader"].pk

        # --- directives: 57-NQ/TW and everything under it ---
        root_issued = today - dt.timedelta(days=700)
        directive_specs = [
            ("57-NQ/TW", DirectiveKind.RESOLUTION, "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới "
             "sáng tạo và chuyển đổi số quốc gia", "Bộ Chính trị", 0, None, 2),
            ("03/NQ-CP", DirectiveKind.RESOLUTION, "Chương trình hành động của Chính phủ thực hiện Nghị quyết "
             "57-NQ/TW", "Chính phủ", 30, 0, 4),
            ("15-CTr/TU", DirectiveKind.PROGRAMME, "Chương trình hành động của Thành ủy thực hiện Nghị quyết "
             "57-NQ/TW", "Thành ủy", 60, 0, 22),
            ("45/KH-UBND", DirectiveKind.PLAN, "Kế hoạch của UBND thành phố triển khai Chương trình 15-CTr/TU",
             "UBND thành phố", 90, 2, 20),
            ("12-KH/BCĐ", DirectiveKind.PLAN, "Kế hoạch chuyển đổi số năm 2025", "Ban Chỉ đạo", 120, 2, 8),
            ("70/KH-UBND", DirectiveKind.PLAN, "Kế hoạch phát triển trí tuệ nhân tạo thành phố", "UBND thành phố",
             200, 3, 8),
            ("88/KH-UBND", DirectiveKind.PLAN, "Kế hoạch xây dựng các cơ sở dữ liệu chuyên ngành", "UBND thành phố",
             240, 3, 8),
            ("05-QĐ/BCĐ", DirectiveKind.DECISION, "Quyết định ban hành quy chế làm việc của Ban Chỉ đạo",
             "Ban Chỉ đạo", 150, 0, 2),
            ("120-TB/TU", DirectiveKind.CONCLUSION, "Thông báo kết luận phiên họp Ban Chỉ đạo quý III",
             "Ban Chỉ đạo", 420, 0, 6),
            ("135-TB/TU", DirectiveKind.CONCLUSION, "Thông báo kết luận phiên họp Ban Chỉ đạo ngày 28/11",
             "Ban Chỉ đạo", 560, 0, 5),
            ("210/UBND-KGVX", DirectiveKind.OFFICIAL_LETTER, "Công văn triển khai chiến dịch 90 ngày làm sạch dữ "
             "liệu đất đai", "UBND thành phố", 480, 3, 9),
            ("31/KH-UBND", DirectiveKind.PLAN, "Kế hoạch phát triển hạ tầng số giai đoạn 2026–2030",
             "UBND thành phố", 380, 3, 6),
        ]
        directives: list[Directive] = []
        weights_by_directive = []
        for i, (code, kind, title, issuer, offset, parent_index, share) in enumerate(directive_specs):
            d = Directive(pk=i + 1, code=code, kind=kind, title=title, issuer=issuer,
                          issued_on=root_issued + dt.timedelta(days=offset),
                          parent=directives[parent_index] if parent_index is not None else None)
            d.search_text = normalize_vn(f"{d.code} {d.title} {d.issuer}")  # as Directive.save
            directives.append(d)
            weights_by_directive.append(share)
        with _explicit_timestamps(Directive):
            for d in directives:
                d.created_at = _at(d.issued_on, rng)
            Directive.objects.bulk_create(directives)

        # --- who leads: a few departments lead most tasks, each commune a handful ---
        lead_pool = [standing, *departments, *subs, *communes, *enterprises]
        lead_weights = []
        for u in lead_pool:
            if u is standing:
                w = 3.0
            elif u.pk == busy.pk:
                w = 5.0
            elif u in subs:
                w = 1.0
            elif u.kind == UnitKind.DEPARTMENT:
                w = 10.0 / (departments.index(u) + 1) ** 0.85
            elif u.kind == UnitKind.COMMUNE:
                w = 0.18
            else:
                w = 0.6
            lead_weights.append(w)
        support_pool = [*departments, *subs, *enterprises, standing]

        # --- plan the tasks: groups of ~40 under the directives ---
        n_groups = max(len(directives), round(tasks / 41))
        group_directives = rng.choices(range(len(directives)), weights=weights_by_directive, k=n_groups)
        for i in range(len(directives)):  # every directive gets at least one group
            group_directives[i] = i
        n_leaves = tasks - n_groups
        leaf_groups = [rng.randrange(n_groups) for _ in range(n_leaves)]
        by_group: dict[int, list[int]] = {}
        for leaf, g in enumerate(leaf_groups):
            by_group.setdefault(g, []).append(leaf)

        task_rows: list[Task] = []
        through_rows: list[Any] = []
        ThroughModel = Task.support_units.through
        leaf_plans: list[dict[str, Any]] = []
        next_task = 1
        position_in_directive: dict[int, int] = {}
        end_2030 = dt.date(2030, 12, 31)
        for g in range(n_groups):
            d = directives[group_directives[g]]
            position_in_directive[d.pk] = position_in_directive.get(d.pk, 0) + 1
            group_no = position_in_directive[d.pk]
            obj, field = rng.choice(OBJECTS)
            group = Task(pk=next_task, directive=d, parent=None, code=str(group_no), position=group_no,
                         title=f"Nhóm nhiệm vụ {group_no}: {rng.choice(VERBS).lower()} {obj}", kind=TaskKind.GROUP,
                         state=TaskState.ASSIGNED, field=field, assigned_on=d.issued_on,
                         created_by_id=login["secretariat"].pk)
            task_rows.append(group)
            next_task += 1
            for j, _leaf in enumerate(by_group.get(g, []), start=1):
                verb = rng.choice(VERBS)
                obj, field = rng.choice(OBJECTS)
                qualifier = rng.choice(QUALIFIERS)
                if qualifier == "tại các xã, phường" and communes:
                    qualifier = f"tại {rng.choice(communes).name}"
                title = f"{verb} {obj} {qualifier}".strip()
                lead = rng.choices(lead_pool, weights=lead_weights)[0]
                assigned_on = min(d.issued_on + dt.timedelta(days=rng.randint(5, 150)), today - dt.timedelta(days=3))
                roll = rng.random()
                kind = TaskKind.RECURRING if roll < 0.05 else TaskKind.DEADLINE
                due_on = None
                if kind == TaskKind.DEADLINE:
                    span = rng.choice([(60, 365), (365, 900), (900, 1800)])
                    due_on = min(assigned_on + dt.timedelta(days=rng.randint(*span)), end_2030)
                plan: dict[str, Any] = {"pk": next_task, "lead": lead.pk, "assigned_on": assigned_on,
                                        "due_on": due_on, "kind": kind, "fate": "open", "reports": 0}
                fate_roll = rng.random()
                if fate_roll < 0.01:
                    plan["fate"] = "draft"
                elif fate_roll < 0.03:
                    plan["fate"] = "cancelled"
                    plan["end"] = _between(rng, assigned_on + dt.timedelta(days=20), today - dt.timedelta(days=1))
                elif kind == TaskKind.RECURRING:
                    plan["fate"] = "open"
                elif due_on < today:
                    u = rng.random()
                    if u < 0.45:
                        plan["fate"] = "done"
                        plan["end"] = _between(rng, max(assigned_on + dt.timedelta(days=14),
                                                        due_on - dt.timedelta(days=120)), due_on)
                    elif u < 0.62:
                        plan["fate"] = "done"
                        plan["end"] = _between(rng, due_on + dt.timedelta(days=1),
                                               min(today - dt.timedelta(days=1), due_on + dt.timedelta(days=200)))
                    elif u < 0.66:
                        plan["fate"] = "claimed"
                        plan["end"] = _between(rng, max(due_on + dt.timedelta(days=1), today - dt.timedelta(days=20)),
                                               today - dt.timedelta(days=1))
                    elif u < 0.70:
                        plan["fate"] = "silent"  # assigned, overdue, never reported
                else:
                    u = rng.random()
                    recent = (today - assigned_on).days < 120
                    if u < 0.08:
                        plan["fate"] = "done"
                        yesterday = today - dt.timedelta(days=1)
                        plan["end"] = _between(rng, min(assigned_on + dt.timedelta(days=14), yesterday), yesterday)
                    elif u < 0.12:
                        plan["fate"] = "claimed"
                        plan["end"] = _between(rng, today - dt.timedelta(days=20), today - dt.timedelta(days=1))
                    elif u < (0.50 if recent else 0.22):
                        plan["fate"] = "silent"  # not started
                if "end" in plan:  # nothing happens in the future, nor before the task was assigned
                    plan["end"] = max(assigned_on, min(plan["end"], today - dt.timedelta(days=1)))
                state = {
                    "draft": TaskState.DRAFT, "cancelled": TaskState.CANCELLED, "done": TaskState.COMPLETED,
                    "claimed": TaskState.COMPLETION_REQUESTED,
                }.get(plan["fate"], TaskState.ASSIGNED)
                original_due_on = due_on
                extension = None
                if kind == TaskKind.DEADLINE and plan["fate"] not in {"draft"}:
                    e = rng.random()
                    if e < 0.06 and (due_on - assigned_on).days > 120:
                        original_due_on = due_on - dt.timedelta(days=rng.randint(30, 90))
                        extension = "approved"
                    elif e < 0.07:
                        extension = "rejected"
                    elif e < 0.09 and plan["fate"] in {"open", "silent"} and due_on > today + dt.timedelta(days=10):
                        extension = "pending"
                plan["extension"] = extension
                plan["original_due_on"] = original_due_on
                plan["state"] = state
                task = Task(
                    pk=next_task, directive=d, parent=group, code=f"{group_no}.{j}", position=j, title=title,
                    kind=kind, state=state, lead_unit_id=lead.pk, expected_output=rng.choice(OUTPUTS), field=field,
                    assigned_on=None if state == TaskState.DRAFT else assigned_on,
                    original_due_on=original_due_on, due_on=due_on,
                    deadline_text="Thường xuyên" if due_on is None else f"Trước ngày {due_on:%d/%m/%Y}",
                    completed_on=plan["end"] if plan["fate"] == "done" else None,
                    cancel_reason="Điều chỉnh theo Kết luận của Ban Chỉ đạo" if state == TaskState.CANCELLED else "",
                    created_by_id=login["secretariat"].pk,
                )
                if rng.random() < 0.35:
                    k = rng.choice([1, 1, 2, 3])
                    chosen = {u.pk for u in rng.sample(support_pool, k)} - {lead.pk}
                    # The busy unit also supports many tasks: its workspace lists them.
                    if rng.random() < 0.08 and lead.pk != busy.pk:
                        chosen.add(busy.pk)
                    through_rows.extend(ThroughModel(task_id=next_task, orgunit_id=uid) for uid in sorted(chosen))
                task_rows.append(task)
                leaf_plans.append(plan)
                next_task += 1

        # --- how many reports each task has: about one a quarter, 5 × TASKS in all ---
        reporting = [p for p in leaf_plans if p["fate"] not in {"draft", "silent"}]
        total_reports = REPORTS_PER_TASK * tasks

        def span_days(p: dict[str, Any]) -> int:
            return max(1, (p.get("end", today) - p["assigned_on"]).days)

        weight_sum = sum(span_days(p) for p in reporting)
        for p in reporting:
            p["reports"] = max(1, round(span_days(p) * total_reports / weight_sum))
        diff = total_reports - sum(p["reports"] for p in reporting)
        while diff != 0:
            p = rng.choice(reporting)
            if diff > 0:
                p["reports"] += 1
                diff -= 1
            elif p["reports"] > 1:
                p["reports"] -= 1
                diff += 1

        # --- reports, written task by task in batches ---
        by_pk = {t.pk: t for t in task_rows}
        next_report = 1
        next_evidence = 1
        report_rows: list[ProgressReport] = []
        evidence_rows: list[Evidence] = []
        extension_rows: list[ExtensionRequest] = []
        placeholder = _placeholder_evidence()

        def flush(force: bool = False) -> None:
            if report_rows and (force or len(report_rows) >= 20_000):
                with _explicit_timestamps(ProgressReport, Evidence):
                    ProgressReport.objects.bulk_create(report_rows, batch_size=BATCH)
                    Evidence.objects.bulk_create(evidence_rows, batch_size=BATCH)
                report_rows.clear()
                evidence_rows.clear()

        # Tasks first (reports point at them), then their support units.
        with _explicit_timestamps(Task):
            for t in task_rows:
                start = t.assigned_on or t.directive.issued_on
                t.created_at = _at(start, rng)
                t.updated_at = t.created_at
            for i in range(0, len(task_rows), 20_000):
                chunk = task_rows[i:i + 20_000]
                for t in chunk:
                    t.refresh_search_text()  # bulk_create bypasses Task.save
                Task.objects.bulk_create(chunk, batch_size=BATCH)
        ThroughModel.objects.bulk_create(through_rows, batch_size=BATCH * 5)

        for p in leaf_plans:
            t = by_pk[p["pk"]]
            k = p["reports"]
            officer, head = officers[t.lead_unit_id], heads[t.lead_unit_id]
            last_submitted: ProgressReport | None = None
            if k:
                end = p.get("end", today - dt.timedelta(days=1))
                first = min(p["assigned_on"] + dt.timedelta(days=7), end)
                days = [first + (end - first) * i / max(1, k - 1) for i in range(k)] if k > 1 else [end]
                final_progress = {
                    "done": 100, "claimed": 100, "cancelled": rng.randint(10, 60),
                }.get(p["fate"], rng.randint(5, 95))
                trailing_draft = p["fate"] == "open" and rng.random() < 0.05
                returned_claim_before = p["fate"] == "done" and k >= 2 and rng.random() < 0.2
                previous: ProgressReport | None = None
                for i in range(k):
                    last = i == k - 1
                    day = days[i]
                    claims = (last and p["fate"] in {"done", "claimed"}) or (returned_claim_before and i == k - 2)
                    progress = 100 if claims else max(0, min(99, round(final_progress * (i + 1) / k)
                                                               + rng.randint(-3, 3)))
                    if last and trailing_draft:
                        state = rng.choice([ReportState.DRAFT, ReportState.PENDING_APPROVAL])
                    elif last and p["fate"] == "done":
                        state = ReportState.ACCEPTED
                    elif last and p["fate"] == "claimed":
                        state = ReportState.SUBMITTED
                    elif last and p["fate"] == "open":
                        state = rng.choices([ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED],
                                            weights=[45, 45, 10])[0]
                    elif last:
                        state = ReportState.ACCEPTED
                    elif claims:
                        state = ReportState.RETURNED
                    else:
                        state = ReportState.RETURNED if rng.random() < 0.12 else ReportState.ACCEPTED
                    submitted = state not in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}
                    submitted_at = _at(day, rng) if submitted else None
                    reviewed = state in {ReportState.ACCEPTED, ReportState.RETURNED}
                    reviewed_at = None
                    if reviewed:
                        reviewed_at = min(submitted_at + dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 5)),
                                          now - dt.timedelta(hours=1))
                    created_at = (submitted_at or _at(day, rng)) - dt.timedelta(hours=rng.randint(2, 72))
                    r = ProgressReport(
                        pk=next_report, task_id=t.pk, unit_id=t.lead_unit_id, version=i + 1,
                        previous=previous if previous is not None and previous.state == ReportState.RETURNED
                        else None,
                        state=state, progress=progress, results=rng.choice(RESULTS),
                        difficulties=rng.choice(DIFFICULTIES), proposals=rng.choice(PROPOSALS),
                        claims_completion=claims,
                        output_document=f"{rng.randint(100, 4999)}/QĐ-UBND" if claims else "",
                        drafted_by_id=officer, submitted_by_id=head if submitted else None,
                        submitted_at=submitted_at, submitted_on=day if submitted else None,
                        reviewed_by_id=rng.choice(reviewers) if reviewed else None, reviewed_at=reviewed_at,
                        review_comment=rng.choice(RETURN_COMMENTS) if state == ReportState.RETURNED else "",
                        created_at=created_at, updated_at=reviewed_at or submitted_at or created_at,
                    )
                    report_rows.append(r)
                    if claims and rng.random() < 0.35:
                        evidence_rows.append(Evidence(
                            pk=next_evidence, report_id=r.pk, original_name=f"Minh-chung-{t.code}.pdf",
                            stored_name=placeholder["stored_name"], content_type="application/pdf",
                            size=placeholder["size"], sha256=placeholder["sha256"], uploaded_by_id=officer,
                            uploaded_at=created_at,
                        ))
                        next_evidence += 1
                    if submitted:
                        last_submitted = r
                    previous = r
                    next_report += 1
            # The task's own fields, as report_submit and report_review leave them.
            if last_submitted is not None:
                t.progress = 100 if p["fate"] == "done" else last_submitted.progress
                t.last_reported_on = last_submitted.submitted_on
                t.updated_at = last_submitted.updated_at
            if p["fate"] == "done":
                t.completed_on = last_submitted.submitted_on
            # Extensions, as extension_request_create and extension_decide leave them.
            ext = p.get("extension")
            if ext == "approved":
                requested_on = _between(rng, p["assigned_on"], p["original_due_on"] - dt.timedelta(days=5))
                extension_rows.append(ExtensionRequest(
                    task_id=t.pk, requested_by_id=head, requested_on=requested_on,
                    current_due_on=p["original_due_on"], proposed_due_on=t.due_on,
                    reason="Cần thêm thời gian hoàn thiện hồ sơ, thủ tục đầu tư.", state=ExtensionState.APPROVED,
                    decided_by_id=leader_id, decided_at=_at(requested_on + dt.timedelta(days=3), rng),
                    decision_reason="Đồng ý gia hạn; đề nghị đơn vị khẩn trương hoàn thành.",
                    created_at=_at(requested_on, rng),
                ))
            elif ext == "rejected":
                requested_on = _between(rng, p["assigned_on"], max(p["assigned_on"], t.due_on - dt.timedelta(days=5)))
                extension_rows.append(ExtensionRequest(
                    task_id=t.pk, requested_by_id=head, requested_on=requested_on, current_due_on=t.due_on,
                    proposed_due_on=t.due_on + dt.timedelta(days=90), reason="Vướng mắc về kinh phí.",
                    state=ExtensionState.REJECTED, decided_by_id=leader_id,
                    decided_at=_at(requested_on + dt.timedelta(days=4), rng),
                    decision_reason="Không đồng ý; đơn vị bố trí nguồn lực hoàn thành đúng hạn.",
                    created_at=_at(requested_on, rng),
                ))
            elif ext == "pending":
                requested_on = today - dt.timedelta(days=rng.randint(1, 10))
                extension_rows.append(ExtensionRequest(
                    task_id=t.pk, requested_by_id=head, requested_on=requested_on, current_due_on=t.due_on,
                    proposed_due_on=t.due_on + dt.timedelta(days=120), reason="Chờ hướng dẫn của bộ, ngành.",
                    created_at=_at(requested_on, rng),
                ))
            flush()
        flush(force=True)

        # Progress, last report and completion are known only now: write them back in bulk.
        with _explicit_timestamps(Task, ExtensionRequest):
            leaves = [by_pk[p["pk"]] for p in leaf_plans]
            Task.objects.bulk_update(leaves, ["progress", "last_reported_on", "completed_on", "updated_at"],
                                     batch_size=BATCH)
            ExtensionRequest.objects.bulk_create(extension_rows, batch_size=BATCH)

    # --- fixtures for the runner ---
    busy_ids = {busy.pk, *(s.pk for s in subs)}
    open_drafts = set(
        ProgressReport.objects.filter(state__in=[ReportState.DRAFT, ReportState.PENDING_APPROVAL])
        .values_list("task_id", flat=True)
    )
    submit_candidates = list(
        Task.objects.filter(lead_unit_id=busy.pk, state=TaskState.ASSIGNED)
        .exclude(kind=TaskKind.GROUP).order_by("id").values_list("id", "progress")
    )
    submit_tasks = [[pk, progress] for pk, progress in submit_candidates if pk not in open_drafts]
    rng_fix = random.Random(SEED + 1)
    rng_fix.shuffle(submit_tasks)
    with_reports = list(
        ProgressReport.objects.values_list("task_id", flat=True).distinct().order_by("task_id")
    )
    detail_tasks = rng_fix.sample(with_reports, min(1000, len(with_reports)))
    second_unit = (
        Task.objects.filter(lead_unit__kind=UnitKind.DEPARTMENT).exclude(lead_unit_id__in=busy_ids)
        .values("lead_unit_id").annotate(n=Count("id")).order_by("-n").values_list("lead_unit_id", flat=True)
        .first()
    )

    audit_events = _audit_timelines(sorted({*detail_tasks, *(pk for pk, _ in submit_tasks)}))

    counts = status_counts(Task.objects.all(), today=today)
    manifest = {
        "params": params(tasks),
        "built_at": timezone.localtime().isoformat(timespec="seconds"),
        "built_for_day": today.isoformat(),
        "build_seconds": round(time.perf_counter() - started, 1),
        "counts": {
            "units": OrgUnit.objects.count(),
            "users": User.objects.count(),
            "directives": Directive.objects.count(),
            "tasks": Task.objects.count(),
            "task_groups": Task.objects.filter(kind=TaskKind.GROUP).count(),
            "leaf_tasks": Task.objects.exclude(kind=TaskKind.GROUP).count(),
            "support_links": ThroughModel.objects.count(),
            "reports": ProgressReport.objects.count(),
            "reports_by_state": dict(
                sorted((s, ProgressReport.objects.filter(state=s).count()) for s in ReportState.values)
            ),
            "evidence": Evidence.objects.count(),
            "extension_requests": ExtensionRequest.objects.count(),
            "audit_events": audit_events,
            "status": counts,
            "busy_unit_lead_tasks": Task.objects.filter(lead_unit_id__in=busy_ids).exclude(kind=TaskKind.GROUP)
            .count(),
            "busy_unit_support_tasks": ThroughModel.objects.filter(orgunit_id__in=busy_ids).count(),
        },
        "fixtures": {
            "password": PASSWORD,
            "users": LOGIN_USERS,
            "busy_unit": {"id": busy.pk, "name": busy.name},
            "second_unit_id": second_unit,
            "root_directive": {"id": directives[0].pk, "code": directives[0].code},
            "plan_directive": {"id": directives[3].pk, "code": directives[3].code},
            "search_terms": ["du lieu dat dai", "chuyen doi so", "vi mach"],
            "detail_task_ids": detail_tasks,
            "submit_tasks": submit_tasks,
        },
    }
    connection.close()
    manifest["db_bytes"] = db_path(tasks).stat().st_size
    manifest_path(tasks).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _audit_timelines(task_ids: list[int]) -> int:
    """The audit events of the given tasks, as the services would have written them, hash-chained
    after the events already there, so that a task's timeline on its page is as long as in real
    use (about 3 events per report). Only these tasks get a timeline: the detail scenario opens
    them, and a timeline is read by `task_ref`, so the other tasks' events would change nothing
    the benchmark measures, at a large cost in build time."""
    from django.db import transaction

    from chidao.audit.chain import event_hash, hashed_fields
    from chidao.audit.models import AuditEvent, AuditHead
    from chidao.audit.services import _jsonable
    from chidao.directives.models import Task
    from chidao.orgs.models import User
    from chidao.reporting.models import ExtensionRequest, ProgressReport, ReportState

    users = dict(User.objects.values_list("pk", "username"))
    raw: list[tuple[dt.datetime, int, dict[str, Any]]] = []
    order = 0

    def add(when: dt.datetime, **event: Any) -> None:
        nonlocal order
        order += 1
        raw.append((when, order, event))

    for i in range(0, len(task_ids), 500):
        chunk = task_ids[i:i + 500]
        tasks = Task.objects.filter(pk__in=chunk).select_related("lead_unit")
        reports: dict[int, list[ProgressReport]] = {}
        for r in ProgressReport.objects.filter(task_id__in=chunk).order_by("version"):
            reports.setdefault(r.task_id, []).append(r)
        extensions: dict[int, list[ExtensionRequest]] = {}
        for e in ExtensionRequest.objects.filter(task_id__in=chunk).order_by("id"):
            extensions.setdefault(e.task_id, []).append(e)
        for t in tasks:
            created = t.created_at
            label = str(t)[:500]
            add(created, actor=t.created_by_id, action="task.create", target=("directives.task", t.pk, label),
                task=t.pk, summary="Tạo nhiệm vụ", before=None,
                after={"title": t.title, "state": "draft", "due_on": t.original_due_on})
            if t.assigned_on:
                add(created + dt.timedelta(minutes=5), actor=t.created_by_id, action="task.assign",
                    target=("directives.task", t.pk, label), task=t.pk,
                    summary=f"Giao nhiệm vụ cho {t.lead_unit}", before={"state": "draft"},
                    after={"state": "assigned", "assigned_on": t.assigned_on})
            for r in reports.get(t.pk, []):
                rlabel = f"Báo cáo lần {r.version} – {t.code or t.pk}"
                target = ("reporting.progressreport", r.pk, rlabel)
                add(r.created_at, actor=r.drafted_by_id, action="report.draft", target=target, task=t.pk,
                    summary=f"Soạn báo cáo tiến độ lần {r.version} ({r.progress}%)", before=None,
                    after={"version": r.version, "progress": r.progress})
                if r.submitted_at:
                    add(r.submitted_at, actor=r.submitted_by_id, action="report.submit", target=target, task=t.pk,
                        summary=(f"Gửi đề nghị hoàn thành (lần {r.version})" if r.claims_completion
                                 else f"Gửi báo cáo tiến độ lần {r.version}: {r.progress}%"),
                        before=None, after={"progress": r.progress})
                if r.reviewed_at:
                    accepted = r.state == ReportState.ACCEPTED
                    if accepted and r.claims_completion:
                        summary = f"Công nhận hoàn thành nhiệm vụ, ngày hoàn thành {r.submitted_on:%d/%m/%Y}"
                    elif accepted:
                        summary = f"Tiếp nhận báo cáo lần {r.version}"
                    else:
                        summary = f"Trả lại báo cáo lần {r.version}: {r.review_comment}"
                    add(r.reviewed_at, actor=r.reviewed_by_id, action="report.accept" if accepted else "report.return",
                        target=target, task=t.pk, summary=summary, before=None,
                        after={"report_state": r.state, "comment": r.review_comment})
            for e in extensions.get(t.pk, []):
                target = ("reporting.extensionrequest", e.pk, f"Gia hạn {t.code or t.pk}")
                add(e.created_at, actor=e.requested_by_id, action="extension.request", target=target, task=t.pk,
                    summary=f"Đề nghị gia hạn từ {e.current_due_on:%d/%m/%Y} đến {e.proposed_due_on:%d/%m/%Y}",
                    before=None, after={"proposed_due_on": e.proposed_due_on, "reason": e.reason})
                if e.decided_at:
                    approved = e.state == "approved"
                    add(e.decided_at, actor=e.decided_by_id,
                        action="extension.approve" if approved else "extension.reject", target=target, task=t.pk,
                        summary=(f"Đồng ý gia hạn đến {e.proposed_due_on:%d/%m/%Y}: {e.decision_reason}" if approved
                                 else f"Không đồng ý gia hạn: {e.decision_reason}"),
                        before={"due_on": e.current_due_on}, after={"state": e.state})
    raw.sort(key=lambda item: (item[0], item[1]))
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq, prev = head.last_seq, head.last_hash
        rows = []
        for when, _order, ev in raw:
            seq += 1
            target_type, target_id, target_label = ev["target"]
            fields = hashed_fields(
                seq=seq, created_at=when, actor_id=ev["actor"], actor_name=users.get(ev["actor"], "system"),
                action=ev["action"], target_type=target_type, target_id=str(target_id),
                target_label=target_label[:500], task_ref=ev["task"], summary=ev["summary"][:500],
                before=_jsonable(ev["before"]), after=_jsonable(ev["after"]),
            )
            digest = event_hash(prev_hash=prev, fields=fields)
            rows.append(AuditEvent(
                seq=seq, created_at=when, actor_id=ev["actor"], actor_name=fields["actor_name"], action=ev["action"],
                target_type=target_type, target_id=fields["target_id"], target_label=fields["target_label"],
                task_ref=ev["task"], summary=fields["summary"], before=fields["before"], after=fields["after"],
                prev_hash=prev, hash=digest,
            ))
            prev = digest
        AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
    return len(rows)


def _placeholder_evidence() -> dict[str, Any]:
    """One small PDF stored the way `core.files.file_store` stores uploads, shared by every
    evidence row of the data set, so that downloading one works."""
    from chidao.core.files import files_dir

    content = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
               b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    sha = hashlib.sha256(content).hexdigest()
    stored_name = f"{sha[:2]}/{sha}.pdf"
    target = files_dir() / stored_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return {"stored_name": stored_name, "size": len(content), "sha256": sha}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=int(os.environ.get("TASKS") or DEFAULT_TASKS))
    parser.add_argument("--rebuild", action="store_true", help="build even if a current data set exists")
    args = parser.parse_args(argv)
    if args.tasks < 1000:
        raise SystemExit("TASKS must be at least 1000.")
    if os.environ.get("BENCH_LOCK_HELD") == "1":  # the parent (ensure) holds the lock
        _build_main(args)
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with (DATA_DIR / f"bench-{args.tasks}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build_main(args)


def _build_main(args: argparse.Namespace) -> None:
    if not args.rebuild and current_manifest(args.tasks) is not None:
        print(f"{db_path(args.tasks)} is current; --rebuild to build it again.")
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    db = db_path(args.tasks)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    manifest_path(args.tasks).unlink(missing_ok=True)
    os.environ.update({k: v for k, v in bench_env(db).items() if k in {
        "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CHIDAO_DATA_DIR", "DEBUG"}})
    import django

    django.setup()
    manifest = build(args.tasks)
    print(json.dumps(manifest["counts"], ensure_ascii=False))


if __name__ == "__main__":
    main()
