"""Every read of projects and money, permission-scoped, aggregated in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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

from chidao.core.text import search_words
from chidao.directives.models import Task
from chidao.directives.selectors import status_case, tasks_visible
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import unit_subtree_ids, units_subtree_ids, user_unit_ids

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


def projects_scope(*, user: User) -> tuple[object, ...]:
    """What `projects_visible` depends on, as a key for cached figures: everything for committee-wide
    roles, else the person's units (their unit and the units under it)."""
    if user.is_committee_wide:
        return ("all",)
    return ("units", tuple(sorted(user_unit_ids(user=user))))


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
    for word in search_words(filters.q):
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
    """The year's money of the projects the person may see: totals by funding source and by managing
    unit (SQL sums grouped by both at once, rolled up here), the projects that disburse slowest and
    how many trail the calendar. Seven queries whatever the number of projects and units."""
    visible = projects_visible(user=user)
    plans = CapitalPlan.objects.filter(year=year, project__in=visible)
    paid = Disbursement.objects.filter(plan__year=year, project__in=visible)
    dash = ResourcesDashboard(year=year, elapsed=rules.year_elapsed(year=year, today=today), margin=margin(),
                              total=MoneyRow(key="", label="Tổng"))
    sources = {k: MoneyRow(key=k, label=str(lbl)) for k, lbl in FundingSource.choices}
    units: dict[int, MoneyRow] = {}

    def unit_row(pk: int) -> MoneyRow:
        return units.setdefault(pk, MoneyRow(key=str(pk), label=""))

    by_cell = ("project__funding_source", "project__owner_unit")
    for source, unit, s in plans.values_list(*by_cell).annotate(s=Sum("amount")).order_by():
        sources[source].planned += s or 0
        unit_row(unit).planned += s or 0
    for source, unit, s in paid.values_list(*by_cell).annotate(s=Sum("amount")).order_by():
        sources[source].disbursed += s or 0
        unit_row(unit).disbursed += s or 0
    for source, unit, n, invested in (visible.values_list("funding_source", "owner_unit")
                                      .annotate(n=Count("id"), t=Sum("total_investment")).order_by()):
        sources[source].projects += n
        unit_row(unit).projects += n
        dash.total_investment += invested or 0
    dash.by_source = list(sources.values())
    unit_objs = OrgUnit.objects.in_bulk(list(units))
    for pk, row in units.items():
        row.unit = unit_objs.get(pk)
        row.label = row.unit.display_name if row.unit else ""
    dash.by_unit = sorted(units.values(), key=lambda r: (-r.planned, r.label))
    dash.total.planned = sum(r.planned for r in dash.by_source)
    dash.total.disbursed = sum(r.disbursed for r in dash.by_source)
    dash.total.projects = sum(r.projects for r in dash.by_source)
    dash.slowest, dash.warnings = _slowest(plans=plans, paid=paid, dash=dash, limit=slowest, today=today)
    return dash


def _slowest(*, plans: QuerySet[CapitalPlan], paid: QuerySet[Disbursement], dash: ResourcesDashboard, limit: int,
             today: dt.date) -> tuple[list[Project], int]:
    """The `limit` planned projects with the lowest disbursed ÷ planned ratio (then the biggest plan,
    then the name), and how many projects trail the calendar by more than the margin. One row per
    planned project from two grouped queries; the ratio is the same float division
    `with_year_money` makes in SQL, so order and count are those of the project list."""
    disbursed = dict(paid.values_list("project").annotate(s=Sum("amount")).order_by())
    rows = []
    for pk, planned, name in plans.filter(amount__gt=0).values_list("project_id", "amount", "project__name"):
        done = disbursed.get(pk) or 0
        rows.append((float(done) / float(planned), -planned, name, pk, planned, done))
    # Projects behind the calendar: their ratio is below (elapsed − margin) percent.
    threshold = float((dash.elapsed - dash.margin) / 100)
    warnings = sum(1 for r in rows if r[0] < threshold) if threshold > 0 else 0
    rows.sort(key=lambda r: r[:3])
    top = rows[:limit]
    projects = Project.objects.select_related("owner_unit").in_bulk([r[3] for r in top])
    slowest = []
    for ratio, _minus, _name, pk, planned, done in top:
        p = projects[pk]
        p.planned, p.disbursed, p.ratio = planned, done, ratio
        slowest.append(p)
    _decorate(slowest, year=dash.year, today=today)
    return slowest, warnings


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


def units_disbursement_rate(
    unit_ids: Iterable[int], year: int, as_of: dt.date | None = None, *, subtrees: dict[int, set[int]] | None = None
) -> dict[int, Decimal | None]:
    """Per unit: disbursed ÷ planned for the year over the projects the unit (or a unit under it)
    manages, in percent, counting disbursements made by `as_of` (all of them without it); None
    when the unit has no capital plan that year. For the supervision scorecard: three queries
    (plans and disbursements grouped by managing unit, the unit tree unless `subtrees` is given),
    whatever the number of units."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return {}
    planned = dict(
        CapitalPlan.objects.filter(year=year).values("project__owner_unit_id").annotate(s=Sum("amount"))
        .values_list("project__owner_unit_id", "s").order_by()
    )
    paid = Disbursement.objects.filter(plan__year=year)
    if as_of is not None:
        paid = paid.filter(disbursed_on__lte=as_of)
    disbursed = dict(
        paid.values("project__owner_unit_id").annotate(s=Sum("amount"))
        .values_list("project__owner_unit_id", "s").order_by()
    )
    if not planned:
        return dict.fromkeys(unit_ids)
    subtrees = subtrees if subtrees is not None else units_subtree_ids(unit_ids)
    return {
        unit_id: rules.disbursement_rate(
            disbursed=sum(disbursed.get(u) or 0 for u in subtrees[unit_id]),
            planned=sum(planned.get(u) or 0 for u in subtrees[unit_id]),
        )
        for unit_id in unit_ids
    }


def unit_disbursement_rate(unit: OrgUnit, year: int) -> Decimal | None:
    """`units_disbursement_rate` for one unit, over every disbursement of the year's plans."""
    return units_disbursement_rate([unit.pk], year)[unit.pk]
