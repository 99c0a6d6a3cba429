"""City-scale data for `make bench` scenarios `results_dashboard` and `resources_dashboard`.

    build_results_dataset(indicators=300, years=5)   # 300 indicators × 5 years of monthly values
    build_resources_dataset(projects=500)            # 500 projects, plans and disbursements

Written with `bulk_create` inside one transaction (18,000 values one service call at a time would
take minutes); the derived field the model keeps (`search_text`) is computed the same way as
`save()`. The owner units are the first units of the database (the bench's own), so call these
after the core bench data set exists. `measure(path, user)` times a page with Django's test client
and returns the p50/p95 in milliseconds, for a runner that has none of its own.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from django.db import transaction

from chidao.core.text import normalize_vn
from chidao.orgs.models import OrgUnit

from . import rules
from .models import Indicator, IndicatorTarget, IndicatorValue, NodeKind, ValueState

PREFIX = "BENCH"


def _units() -> list[OrgUnit]:
    units = list(OrgUnit.objects.exclude(kind="committee").order_by("id")[:60])
    if not units:
        raise RuntimeError("Cần có đơn vị trong cơ sở dữ liệu trước khi dựng dữ liệu chỉ số.")
    return units


def build_results_dataset(*, indicators: int = 300, years: int = 5, today: dt.date | None = None,
                          seed: int = 57) -> dict[str, int]:
    """Six indices of five pillars each; `indicators` leaves spread over them; monthly values."""
    if Indicator.objects.filter(code__startswith=PREFIX).exists():
        return {"indicators": Indicator.objects.filter(code__startswith=PREFIX).count()}
    rng = random.Random(seed)
    today = today or dt.date.today()
    units = _units()
    first_year = today.year - years + 1
    with transaction.atomic():
        def node(**kw: Any) -> Indicator:
            ind = Indicator(**kw)
            ind.search_text = normalize_vn(f"{ind.code} {ind.name}")
            return ind

        roots = Indicator.objects.bulk_create([
            node(code=f"{PREFIX}{i}", name=f"Bộ chỉ số thử tải {i}", kind=NodeKind.INDEX, direction="higher",
                 position=100 + i, max_points=Decimal(100)) for i in range(6)])
        groups = Indicator.objects.bulk_create([
            node(code=f"{r.code}.{g}", name=f"Trụ cột {g} của {r.name}", kind=NodeKind.GROUP, parent=r,
                 direction="higher", position=g, max_points=Decimal(20)) for r in roots for g in range(5)])
        leaves = Indicator.objects.bulk_create([
            node(code=f"{groups[i % len(groups)].code}.{i}", name=f"Chỉ số thử tải số {i}", kind=NodeKind.INDICATOR,
                 parent=groups[i % len(groups)], unit_of_measure="%", direction="lower" if i % 7 == 0 else "higher",
                 min_value=Decimal(0), max_value=Decimal(100), periodicity="month", position=i,
                 owner_unit=units[i % len(units)], max_points=Decimal(4)) for i in range(indicators)])
        IndicatorTarget.objects.bulk_create([
            IndicatorTarget(indicator=leaf, year=y, target_value=Decimal(rng.randint(60, 95)),
                            baseline_value=Decimal(50), baseline_year=first_year - 1)
            for leaf in leaves for y in range(first_year, today.year + 1)])
        IndicatorTarget.objects.bulk_create([
            IndicatorTarget(indicator=r, year=today.year, kind="rank", target_rank=5, is_headline=i < 3,
                            label="Top 5") for i, r in enumerate(roots)])
        values = []
        for leaf in leaves:
            level = rng.randint(40, 70)
            for y in range(first_year, today.year + 1):
                for m in range(1, 13):
                    if dt.date(y, m, 1) > today:
                        break
                    level = min(100, max(0, level + rng.randint(-2, 3)))
                    values.append(IndicatorValue(indicator=leaf, period_end=rules.period_end(y, m),
                                                 value=Decimal(level), source="Thử tải",
                                                 state=ValueState.VERIFIED if rng.random() > 0.02
                                                 else ValueState.ENTERED))
        for r in roots:
            for y in range(first_year, today.year):
                values.append(IndicatorValue(indicator=r, period_end=dt.date(y, 12, 31), rank=rng.randint(1, 20),
                                             decision_code="Thử tải", state=ValueState.VERIFIED))
        IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return {"indicators": len(roots) + len(groups) + len(leaves), "values": len(values)}


def build_resources_dataset(*, projects: int = 500, today: dt.date | None = None, seed: int = 57) -> dict[str, int]:
    from chidao.resources.models import CapitalPlan, Disbursement, FundingSource, Project

    if Project.objects.filter(code__startswith=PREFIX).exists():
        return {"projects": Project.objects.filter(code__startswith=PREFIX).count()}
    rng = random.Random(seed)
    today = today or dt.date.today()
    units = _units()
    sources = FundingSource.values
    with transaction.atomic():
        rows = []
        for i in range(projects):
            p = Project(code=f"{PREFIX}-{i}", name=f"Dự án thử tải số {i}", owner_unit=units[i % len(units)],
                        investment_group=rng.choice(["A", "B", "C", "other"]), funding_source=sources[i % len(sources)],
                        total_investment=rng.randint(5, 500) * 1_000_000_000, start_year=today.year - 2,
                        end_year=today.year + 2, status="under_construction")
            p.search_text = normalize_vn(f"{p.code} {p.name}")
            rows.append(p)
        rows = Project.objects.bulk_create(rows)
        plans = CapitalPlan.objects.bulk_create([
            CapitalPlan(project=p, year=y, amount=p.total_investment // 5)
            for p in rows for y in range(today.year - 2, today.year + 1)])
        paid = []
        for plan in plans:
            last = min(today, dt.date(plan.year, 12, 31))
            share = 0.95 if plan.year < today.year else rng.random()
            for k in range(4):
                span = (last - dt.date(plan.year, 1, 1)).days
                day = dt.date(plan.year, 1, 1) + dt.timedelta(days=int(span * (k + 1) / 4))
                paid.append(Disbursement(project=plan.project, plan=plan, disbursed_on=day,
                                         amount=int(plan.amount * share / 4), evidence_ref="Thử tải"))
        Disbursement.objects.bulk_create(paid, batch_size=2000)
    return {"projects": len(rows), "plans": len(plans), "disbursements": len(paid)}


def measure(path: str, user: Any, *, runs: int = 40) -> dict[str, float]:
    """p50/p95 of one page in milliseconds, signed in as `user`, after two warm-up requests."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    for _ in range(2):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        resp = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert resp.status_code == 200
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1]}
