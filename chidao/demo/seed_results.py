"""Demo data for results and resources: the shipped indicator trees with the Đà Nẵng targets,
values through the entry → verification workflow, links to the story's tasks, and the projects of
the seed article with capital plans and disbursements. Everything goes through the services.

Rankings and values are illustrative demo figures, not official results.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from chidao.core.text import normalize_vn
from chidao.directives.models import Task, TaskKind
from chidao.indicators import services as ind
from chidao.indicators.management.commands.load_indicators import SHIPPED, load_files
from chidao.indicators.models import Indicator, NodeKind
from chidao.orgs.models import OrgUnit, Role, User
from chidao.resources import services as res

BILLION = 1_000_000_000

# Published ranks (illustrative): code → {year: (rank, publishing document)}.
RANKS = {
    "SI766": {2024: (11, "Kết quả công bố trên Cổng DVCQG năm 2024"),
              2025: (7, "Kết quả công bố trên Cổng DVCQG năm 2025")},
    "DTI": {2024: (3, "Quyết định 1170/QĐ-BKHCN"), 2025: (4, "Quyết định 2025/QĐ-BKHCN (minh họa)")},
    "PII": {2024: (8, "Quyết định 1380/QĐ-BKHCN"), 2025: (6, "Quyết định 1825/QĐ-BKHCN (minh họa)")},
    "PAR": {2024: (6, "Quyết định 316/QĐ-BNV"), 2025: (5, "Quyết định 455/QĐ-BNV (minh họa)")},
}

# Tasks of the story that move an indicator, found by words of their title.
LINKS = {
    "CT.13": ["truc tuyen"], "SI766.4.2": ["truc tuyen"], "CT.17": ["dat dai"], "CT.27": ["cap quang bien"],
    "CT.22": ["5g"], "CT.25": ["cap dien"], "CT.26": ["tinh toan hieu nang cao"], "CT.28": ["vi mach ban dan"],
    "CT.29": ["tri tue nhan tao"], "CT.16": ["co so du lieu"], "CT.08": ["khoi nghiep"], "CT.34": ["trung tam doi moi"],
    "CT.15": ["so tay dien tu"], "DTI.NT.3.2": ["5g"],
}


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _owner_users(people: Any, indicator: Indicator) -> tuple[User, User] | None:
    if indicator.owner_unit is None:
        return None
    return (people.unit_user(indicator.owner_unit.code, Role.UNIT_OFFICER),
            people.unit_user(indicator.owner_unit.code, Role.UNIT_HEAD))


def seed_results(*, today: dt.date, units: dict[str, OrgUnit], people: Any, secretariat: User) -> dict[str, int]:
    rng = random.Random(57)
    load_files(SHIPPED)
    counts = {"values": 0, "links": 0, "projects": 0}
    leaves = list(Indicator.objects.filter(kind=NodeKind.INDICATOR).select_related("owner_unit", "parent")
                  .prefetch_related("targets"))
    last_month = (today.replace(day=1) - dt.timedelta(days=1))
    for indicator in leaves:
        users = _owner_users(people, indicator)
        if users is None:
            continue
        officer, _head = users
        lo = indicator.min_value if indicator.min_value is not None else Decimal(0)
        hi = indicator.max_value
        target = next((t for t in indicator.targets.all() if t.target_value is not None), None)
        if indicator.periodicity == "month":
            periods = _months(dt.date(2025, 1, 1), last_month)
            start, end = Decimal(rng.randint(55, 80)), Decimal(rng.randint(78, 97))
        else:
            periods = [(y, 12) for y in (2024, 2025) if dt.date(y, 12, 31) < today]
            if target is not None and target.baseline_value is not None:
                start = target.baseline_value
                # Most indicators move towards their target; a few lag so that every light shows.
                pace = Decimal(rng.choice([0.05, 0.15, 0.25, 0.3, 0.35]))
                end = start + (target.target_value - start) * pace
            else:
                start, end = Decimal(rng.randint(50, 70)), Decimal(rng.randint(65, 85))
        if indicator.direction == "lower" and indicator.periodicity == "month":
            start, end = Decimal(rng.randint(3, 8)), Decimal(rng.randint(0, 3))
        n = len(periods)
        for i, (y, m) in enumerate(periods):
            value = start + (end - start) * Decimal(i + 1) / Decimal(max(n, 1))
            value = max(lo, value if hi is None else min(hi, value)).quantize(Decimal("0.01"))
            last = i == n - 1
            # The last period of a few indicators waits for verification, or came back, in the demo.
            pending = last and indicator.code in {"SI766.4.2", "SI766.2.1", "CT.07", "CT.08", "CT.13"}
            returned = last and indicator.code in {"CT.09", "DTI.XHS.2"}
            v = ind.value_enter(actor=officer if (pending or returned) else secretariat, indicator=indicator,
                                year=y, month=m, value=value, source=indicator.data_source or "Báo cáo đơn vị",
                                verify=not (pending or returned))
            if returned:
                ind.value_return(actor=secretariat, value=v,
                                 reason="Số liệu chưa khớp báo cáo thống kê; đề nghị gửi kèm biểu tổng hợp.")
            counts["values"] += 1
    for code, years in RANKS.items():
        index = Indicator.objects.get(code=code)
        for year, (rank, decision) in years.items():
            if dt.date(year, 12, 31) < today:
                ind.value_enter(actor=secretariat, indicator=index, year=year, month=12, rank=rank,
                                decision_code=decision, source="Bảng xếp hạng công bố", verify=True)
                counts["values"] += 1
    tasks = list(Task.objects.exclude(kind=TaskKind.GROUP).only("id", "search_text", "kind"))
    for code, words in LINKS.items():
        indicator = Indicator.objects.filter(code=code).first()
        matched = [t for t in tasks if any(w in t.search_text for w in words)][:3]
        for task in matched if indicator else []:
            ind.indicator_task_link(actor=secretariat, indicator=indicator, task=task)
            counts["links"] += 1
    counts["projects"] = _seed_projects(today=today, units=units, people=people, secretariat=secretariat,
                                        tasks=tasks, rng=rng)
    return counts


PROJECTS: list[dict[str, Any]] = [
    {"code": "DA-HPC", "name": "Dự án đầu tư hạ tầng tính toán hiệu năng cao phục vụ thiết kế vi mạch và trí tuệ "
     "nhân tạo", "owner": "khcn", "group": "B", "source": "city", "total": 200 * BILLION, "years": (2025, 2028),
     "decision": "3215/QĐ-UBND", "status": "approved", "location": "Khu công nghệ cao Đà Nẵng",
     "words": ["tinh toan hieu nang cao"], "indicators": ["CT.26", "CT.28", "CT.29"], "pace": 0.35},
    {"code": "DA-TTDL", "name": "Dự án Trung tâm dữ liệu và nền tảng hạ tầng số dùng chung của thành phố",
     "owner": "dnict", "group": "B", "source": "central", "total": 380 * BILLION, "years": (2025, 2027),
     "decision": "2980/QĐ-UBND", "status": "under_construction", "location": "Phường Hải Châu",
     "words": ["02 du an ha tang so"], "indicators": ["CT.16", "DTI.CQS.3"], "pace": 0.9},
    {"code": "DA-MTD", "name": "Dự án mạng truyền dẫn chuyên dùng và hạ tầng kết nối IoT đô thị thông minh",
     "owner": "dnict", "group": "B", "source": "central", "total": 280 * BILLION, "years": (2025, 2027),
     "decision": "2981/QĐ-UBND", "status": "under_construction", "location": "Toàn thành phố",
     "words": ["02 du an ha tang so"], "indicators": ["CT.33"], "pace": 0.6},
    {"code": "DA-ALC", "name": "Trạm cập bờ cáp quang biển quốc tế ALC (Asia Link Cable) tại Đà Nẵng",
     "owner": "viettel", "group": "A", "source": "enterprise", "total": 500 * BILLION, "years": (2025, 2026),
     "decision": "Chủ trương đầu tư của Tập đoàn Viettel", "status": "under_construction",
     "location": "Phường Sơn Trà", "words": ["cap quang bien"], "indicators": ["CT.27"], "pace": 1.0},
    {"code": "DA-DDAI", "name": "Xây dựng cơ sở dữ liệu đất đai thống nhất của thành phố", "owner": "nnmt",
     "group": "C", "source": "city", "total": 45 * BILLION, "years": (2025, 2026), "decision": "1850/QĐ-UBND",
     "status": "under_construction", "location": "Toàn thành phố", "words": ["dat dai"], "indicators": ["CT.17"],
     "pace": 0.2},
    {"code": "DA-LOMSONG", "name": "Xóa vùng lõm sóng di động tại các thôn vùng núi", "owner": "viettel",
     "group": "C", "source": "socialised", "total": 30 * BILLION, "years": (2025, 2026),
     "decision": "Kế hoạch phối hợp số 12/KH-VT", "status": "under_construction", "location": "Xã Nam Trà My",
     "words": ["5g"], "indicators": ["CT.24"], "pace": 0.8},
    {"code": "DA-DIEN", "name": "Cấp điện lưới quốc gia cho các khu vực chưa có điện", "owner": "pcdanang",
     "group": "B", "source": "enterprise", "total": 60 * BILLION, "years": (2025, 2027),
     "decision": "Quyết định đầu tư của EVNCPC", "status": "approved", "location": "Các xã miền núi",
     "words": ["cap dien"], "indicators": ["CT.25"], "pace": 0.45},
    {"code": "DA-DMST", "name": "Trung tâm đổi mới sáng tạo Đà Nẵng (giai đoạn 1)", "owner": "bqlkcnc",
     "group": "B", "source": "socialised", "total": 120 * BILLION, "years": (2026, 2028),
     "decision": "", "status": "preparing", "location": "Khu công nghệ cao Đà Nẵng", "words": [],
     "indicators": ["CT.34"], "pace": 0.0},
]


def _seed_projects(*, today: dt.date, units: dict[str, OrgUnit], people: Any, secretariat: User,
                   tasks: list[Task], rng: random.Random) -> int:
    elapsed_share = Decimal((today - dt.date(today.year, 1, 1)).days + 1) / Decimal(365)
    created = 0
    for spec in PROJECTS:
        start, end = spec["years"]
        project = res.project_create(
            actor=secretariat, code=spec["code"], name=spec["name"], owner_unit=units[spec["owner"]],
            investment_group=spec["group"], funding_source=spec["source"], total_investment=spec["total"],
            start_year=start, end_year=end, decision_code=spec["decision"],
            decision_date=dt.date(start - 1, 11, 20) if spec["decision"] else None, location=spec["location"],
            status=spec["status"], description="",
            tasks=[t for t in tasks if any(w in normalize_vn(t.search_text) for w in spec["words"])][:3],
            indicators=list(Indicator.objects.filter(code__in=spec["indicators"])),
        )
        created += 1
        years = list(range(start, end + 1))
        per_year = spec["total"] // len(years) // 1_000_000 * 1_000_000
        officer = people.unit_user(spec["owner"], Role.UNIT_OFFICER)
        for year in years:
            if year > today.year + 1:
                continue
            res.capital_plan_set(actor=secretariat, project=project, year=year, amount=per_year,
                                 decision_code=f"Nghị quyết giao kế hoạch vốn năm {year}")
            if year > today.year:
                continue
            # Past years were disbursed almost fully; this year follows the project's pace.
            share = Decimal("0.97") if year < today.year else elapsed_share * Decimal(str(spec["pace"]))
            target_amount = int(per_year * share) // 1_000_000 * 1_000_000
            last_day = min(today, dt.date(year, 12, 31))
            parts = 3 if target_amount else 0
            for k in range(parts):
                day = dt.date(year, 1, 1) + dt.timedelta(days=int((last_day - dt.date(year, 1, 1)).days
                                                                    * (k + 1) / parts))
                amount = target_amount // parts
                if amount <= 0:
                    continue
                res.disbursement_create(actor=officer, project=project, disbursed_on=day, amount=amount,
                                        evidence_ref=f"Chứng từ KBNN số {rng.randint(100, 999)}/{year}",
                                        today=today)
    return created
