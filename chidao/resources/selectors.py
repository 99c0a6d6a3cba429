"""Every read of projects and money, permission-scoped, aggregated in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404

from chidao.core.text import normalize_vn
from chidao.directives.models import Task
from chidao.directives.selectors import status_case, tasks_visible
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import unit_subtree_ids, user_unit_ids

from . import rules
from .models import CapitalPlan, Disbursement, FundingSource, Project


def margin() -> Decimal:
    return Decimal(str(getattr(settings, "CHIDAO_DISBURSEMENT_MARGIN", 15)))


def projects_visible(*, user: User) -> QuerySet[Project]:
    """All projects for committee-wide roles; a unit sees the projects it (or a unit under it) manages."""
    if user.is_committee_wide:
        return Project.objects.all()
    ids = user_unit_ids(user=user)
    return Project.objects.filter(owner_unit_id__in=ids) if ids else Project.objects.none()


def with_year_money(qs: QuerySet[Project], *, year: int) -> QuerySet[Project]:
    """Each project with the year's plan, the year's disbursed sum and their ratio (for sorting)."""
    planned = CapitalPlan.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
    disbursed = (
        Disbursement.objects.filter(project=OuterRef("pk"), plan__year=year)
        .order_by().values("project").annotate(s=Sum("amount")).values("s")
    )
    return qs.annotate(
        planned=Coalesce(Subquery(planned, output_field=BigIntegerField()), Value(0, output_field=BigIntegerField())),
        disbursed=Coalesce(Subquery(disbursed, output_field=BigIntegerField()),
                           Value(0, output_field=BigIntegerField())),
    ).annotate(
        ratio=Case(When(planned__gt=0, then=Cast(F("disbursed"), FloatField()) / Cast(F("planned"), FloatField())),
                   default=None, output_field=FloatField()),
    )


@dataclass
class ProjectFilters:
    year: int
    source: str = ""
    unit: OrgUnit | None = None
    status: str = ""
    q: str = ""
    behind: bool = False


def project_list(*, user: User, filters: ProjectFilters, today: dt.date) -> list[Project]:
    """Projects with the year's money, slowest first (lowest disbursement rate, unplanned last)."""
    qs = projects_visible(user=user).select_related("owner_unit")
    if filters.source:
        qs = qs.filter(funding_source=filters.source)
    if filters.unit is not None:
        qs = qs.filter(owner_unit_id__in=unit_subtree_ids(unit_id=filters.unit.pk))
    if filters.status:
        qs = qs.filter(status=filters.status)
    for word in normalize_vn(filters.q).split():
        qs = qs.filter(search_text__contains=word)
    qs = with_year_money(qs, year=filters.year).order_by(F("ratio").asc(nulls_last=True), "-planned", "name")
    rows = list(qs)
    _decorate(rows, year=filters.year, today=today)
    if filters.behind:
        rows = [p for p in rows if p.warning]
    return rows


def _decorate(rows: list[Project], *, year: int, today: dt.date) -> None:
    elapsed = rules.year_elapsed(year=year, today=today)
    m = margin()
    for p in rows:
        p.rate = rules.disbursement_rate(disbursed=p.disbursed, planned=p.planned)
        p.lag = rules.disbursement_lag(rate=p.rate, elapsed=elapsed)
        p.warning = rules.disbursement_warning(rate=p.rate, elapsed=elapsed, margin=m)


@dataclass
class MoneyRow:
    key: str
    label: str
    planned: int = 0
    disbursed: int = 0
    projects: int = 0
    unit: OrgUnit | None = None

    @property
    def rate(self) -> Decimal | None:
        return rules.disbursement_rate(disbursed=self.disbursed, planned=self.planned)


@dataclass
class ResourcesDashboard:
    year: int
    elapsed: Decimal
    margin: Decimal
    total: MoneyRow
    by_source: list[MoneyRow] = field(default_factory=list)
    by_unit: list[MoneyRow] = field(default_factory=list)
    slowest: list[Project] = field(default_factory=list)
    warnings: int = 0
    total_investment: int = 0

    @property
    def total_warning(self) -> bool:
        return rules.disbursement_warning(rate=self.total.rate, elapsed=self.elapsed, margin=self.margin)


def resources_dashboard(*, user: User, year: int, today: dt.date, slowest: int = 10) -> ResourcesDashboard:
    visible = projects_visible(user=user)
    plans = CapitalPlan.objects.filter(year=year, project__in=visible)
    paid = Disbursement.objects.filter(plan__year=year, project__in=visible)
    dash = ResourcesDashboard(year=year, elapsed=rules.year_elapsed(year=year, today=today), margin=margin(),
                              total=MoneyRow(key="", label="Tổng"))
    sources = {k: MoneyRow(key=k, label=str(lbl)) for k, lbl in FundingSource.choices}
    for row in plans.values("project__funding_source").annotate(s=Sum("amount")).order_by():
        sources[row["project__funding_source"]].planned = row["s"] or 0
    for row in paid.values("project__funding_source").annotate(s=Sum("amount")).order_by():
        sources[row["project__funding_source"]].disbursed = row["s"] or 0
    agg_total = visible.aggregate(s=Sum("total_investment"))
    dash.total_investment = agg_total["s"] or 0
    for row in visible.values("funding_source").annotate(n=Count("id")).order_by():
        sources[row["funding_source"]].projects = row["n"]
    dash.by_source = list(sources.values())
    units: dict[int, MoneyRow] = {}

    def unit_row(pk: int) -> MoneyRow:
        return units.setdefault(pk, MoneyRow(key=str(pk), label=""))

    for row in plans.values("project__owner_unit").annotate(s=Sum("amount")).order_by():
        unit_row(row["project__owner_unit"]).planned = row["s"] or 0
    for row in paid.values("project__owner_unit").annotate(s=Sum("amount")).order_by():
        unit_row(row["project__owner_unit"]).disbursed = row["s"] or 0
    for row in visible.values("owner_unit").annotate(n=Count("id")).order_by():
        unit_row(row["owner_unit"]).projects = row["n"]
    unit_objs = OrgUnit.objects.in_bulk(list(units))
    for pk, row in units.items():
        row.unit = unit_objs.get(pk)
        row.label = row.unit.display_name if row.unit else ""
    dash.by_unit = sorted(units.values(), key=lambda r: (-r.planned, r.label))
    dash.total.planned = sum(r.planned for r in dash.by_source)
    dash.total.disbursed = sum(r.disbursed for r in dash.by_source)
    dash.total.projects = sum(r.projects for r in dash.by_source)
    qs = with_year_money(visible.select_related("owner_unit"), year=year).filter(planned__gt=0)
    dash.slowest = list(qs.order_by(F("ratio").asc(nulls_last=True), "-planned", "name")[:slowest])
    _decorate(dash.slowest, year=year, today=today)
    # Projects behind the calendar: their ratio is below (elapsed − margin) percent.
    threshold = float((dash.elapsed - dash.margin) / 100)
    dash.warnings = qs.filter(ratio__lt=threshold).count() if threshold > 0 else 0
    return dash


def project_get(*, user: User, pk: int) -> Project:
    try:
        return projects_visible(user=user).select_related("owner_unit").get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class PlanRow:
    plan: CapitalPlan
    disbursed: int
    rate: Decimal | None
    elapsed: Decimal
    warning: bool

    @property
    def remaining(self) -> int:
        return self.plan.amount - self.disbursed


def project_plans(*, project: Project, today: dt.date) -> list[PlanRow]:
    m = margin()
    rows = []
    for plan in project.capital_plans.annotate(
        paid=Coalesce(Sum("disbursements__amount"), Value(0, output_field=BigIntegerField()))
    ).order_by("year"):
        rate = rules.disbursement_rate(disbursed=plan.paid, planned=plan.amount)
        elapsed = rules.year_elapsed(year=plan.year, today=today)
        rows.append(PlanRow(plan=plan, disbursed=plan.paid, rate=rate, elapsed=elapsed,
                            warning=rules.disbursement_warning(rate=rate, elapsed=elapsed, margin=m)))
    return rows


def project_disbursements(*, project: Project) -> list[Disbursement]:
    return list(project.disbursements.select_related("created_by").order_by("-disbursed_on", "-id"))


def project_tasks(*, user: User, project: Project, today: dt.date) -> list[Task]:
    return list(tasks_visible(user=user).filter(projects=project).select_related("lead_unit")
                .annotate(status=status_case(today)).order_by("due_on", "id"))


def disbursement_get(*, user: User, pk: int) -> Disbursement:
    try:
        item = Disbursement.objects.select_related("project").get(pk=pk)
    except Disbursement.DoesNotExist as exc:
        raise Http404 from exc
    if not projects_visible(user=user).filter(pk=item.project_id).exists() or not item.stored_name:
        raise Http404
    return item


def unit_disbursement_rate(unit: OrgUnit, year: int) -> Decimal | None:
    """Disbursed ÷ planned for the year over the projects the unit (or a unit under it) manages,
    in percent: for the supervision scorecard. None when the unit has no capital plan that year."""
    ids = unit_subtree_ids(unit_id=unit.pk)
    planned = CapitalPlan.objects.filter(year=year, project__owner_unit_id__in=ids).aggregate(s=Sum("amount"))["s"] or 0
    disbursed = Disbursement.objects.filter(plan__year=year, project__owner_unit_id__in=ids).aggregate(
        s=Sum("amount"))["s"] or 0
    return rules.disbursement_rate(disbursed=disbursed, planned=planned)


