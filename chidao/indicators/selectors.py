"""Every read of indicators, with achievement computed in Python over a few set-based queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from chidao.directives.models import Task, TaskKind
from chidao.directives.selectors import status_case, tasks_visible
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import units_subtree_ids, user_unit_ids

from . import rules
from .models import Indicator, IndicatorEvidence, IndicatorTarget, IndicatorValue, NodeKind, TargetKind, ValueState
from .services import can_enter, can_manage


def thresholds() -> rules.Thresholds:
    return rules.Thresholds(
        on_track=Decimal(str(getattr(settings, "CHIDAO_INDICATOR_ON_TRACK", 90))),
        at_risk=Decimal(str(getattr(settings, "CHIDAO_INDICATOR_AT_RISK", 70))),
    )


def indicator_get(*, pk: int) -> Indicator:
    try:
        return Indicator.objects.select_related("parent", "owner_unit").get(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


def index_list() -> QuerySet[Indicator]:
    return Indicator.objects.filter(parent__isnull=True).order_by("position", "code")


@dataclass
class NodeView:
    indicator: Indicator
    depth: int = 0
    target: IndicatorTarget | None = None
    yardstick: Decimal | None = None  # the value target for the year (interpolated on the way to a later one)
    value: Decimal | None = None
    value_period: dt.date | None = None
    rank: int | None = None
    rank_period: dt.date | None = None
    achievement: Decimal | None = None
    rollup: Decimal | None = None
    points: Decimal | None = None
    light: str = rules.NO_DATA
    rollup_light: str = rules.NO_DATA
    children: list[NodeView] = field(default_factory=list)

    @property
    def overall(self) -> Decimal | None:
        """What the node's traffic light shows: its own achievement, else its children's roll-up."""
        return self.achievement if self.achievement is not None else self.rollup

    @property
    def overall_light(self) -> str:
        return self.light if self.achievement is not None else self.rollup_light

    @property
    def rank_achieved(self) -> bool:
        return bool(self.target and self.target.kind == TargetKind.RANK
                    and rules.rank_achieved(rank=self.rank, target_rank=self.target.target_rank))

    def walk(self) -> list[NodeView]:
        rows = [self]
        for child in self.children:
            rows.extend(child.walk())
        return rows


def _latest(field_name: str, end: dt.date) -> Subquery:
    """The indicator's latest verified value (or rank) of a period ending by `end`, for `annotate`:
    a correlated subquery that walks the (indicator, state, period_end) index backwards and stops at
    the first row, so the whole forest costs one query of a few milliseconds however many years of
    monthly values there are (a MAX per indicator then a second fetch scanned every value)."""
    return (IndicatorValue.objects
            .filter(indicator=OuterRef("pk"), state=ValueState.VERIFIED, period_end__lte=end,
                    **{f"{field_name}__isnull": False})
            .order_by("-period_end"))


def _with_latest(qs: QuerySet[Indicator], end: dt.date) -> QuerySet[Indicator]:
    """Indicators with their latest verified value and rank up to `end` (and the periods of each)."""
    value, rank = _latest("value", end), _latest("rank", end)
    return qs.annotate(
        latest_value=Subquery(value.values("value")[:1]), latest_value_period=Subquery(value.values("period_end")[:1]),
        latest_rank=Subquery(rank.values("rank")[:1]), latest_rank_period=Subquery(rank.values("period_end")[:1]),
    )


def _targets_for(year: int, qs: QuerySet[IndicatorTarget] | None = None) -> dict[int, IndicatorTarget]:
    """Each indicator's target for `year`: the year's own, else the nearest later one (the path to
    2030), else none. Picked in the database: one row per indicator instead of every year's."""
    first = (IndicatorTarget.objects.filter(indicator=OuterRef("indicator"), year__gte=year)
             .order_by("year").values("year")[:1])
    qs = qs if qs is not None else IndicatorTarget.objects.all()
    return {t.indicator_id: t for t in qs.filter(year__gte=year, year=Subquery(first)).order_by()}


def _node(ind: Indicator, target: IndicatorTarget | None) -> NodeView:
    return NodeView(indicator=ind, target=target,
                    value=ind.latest_value, value_period=ind.latest_value_period,
                    rank=ind.latest_rank, rank_period=ind.latest_rank_period)


def _evaluate(node: NodeView, year: int, th: rules.Thresholds) -> None:
    ind, target = node.indicator, node.target
    if target is not None and target.kind == TargetKind.RANK:
        node.achievement = rules.achievement_rank(rank=node.rank, target_rank=target.target_rank)
    elif target is not None and target.target_value is not None:
        node.yardstick = rules.interpolated_target(
            baseline_value=target.baseline_value, baseline_year=target.baseline_year,
            target_value=target.target_value, target_year=target.year, year=year,
        )
        node.achievement = rules.achievement_value(value=node.value, target=node.yardstick, direction=ind.direction)
    elif target is None and ind.max_points is not None and ind.max_value and ind.direction == "higher":
        # A scored indicator of a points-based index (Decision 766, PAR Index) is measured against
        # its declared maximum when the city has set no target of its own.
        node.yardstick = ind.max_value
        node.achievement = rules.achievement_value(value=node.value, target=ind.max_value, direction=ind.direction)
    node.light = rules.traffic_light(node.achievement, th)
    if node.children:
        for child in node.children:
            _evaluate(child, year, th)
        node.rollup = rules.roll_up([
            rules.ChildScore(achievement=c.overall, max_points=c.indicator.max_points, weight=c.indicator.weight)
            for c in node.children
        ])
        node.rollup_light = rules.traffic_light(node.rollup, th)
        child_points = [c.points for c in node.children if c.points is not None]
        node.points = sum(child_points, Decimal(0)) if child_points else None
    else:
        node.points = rules.points_earned(achievement=node.achievement, max_points=ind.max_points)


def forest_get(*, year: int, root_ids: list[int] | None = None, owner_units: bool = True) -> list[NodeView]:
    """Every tree (or the chosen ones) evaluated for a year, in two queries. `owner_units=False`
    leaves each indicator's owner unit unloaded, for callers that never show it (building a few
    hundred units the results dashboard does not print was a third of its cost)."""
    qs = Indicator.objects.select_related("owner_unit") if owner_units else Indicator.objects.all()
    rows = list(_with_latest(qs, dt.date(year, 12, 31)).order_by("position", "code"))
    targets = _targets_for(year)
    views = {ind.pk: _node(ind, targets.get(ind.pk)) for ind in rows}
    roots: list[NodeView] = []
    for ind in rows:
        view = views[ind.pk]
        if ind.parent_id is None:
            roots.append(view)
        elif ind.parent_id in views:
            views[ind.parent_id].children.append(view)
    if root_ids is not None:
        roots = [r for r in roots if r.indicator.pk in root_ids]
    th = thresholds()

    def set_depth(node: NodeView, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
        _evaluate(root, year, th)
    return roots


@dataclass
class ResultsDashboard:
    year: int
    headlines: list[NodeView]
    indices: list[NodeView]
    counts: dict[str, int]


def results_dashboard(*, year: int) -> ResultsDashboard:
    """Headline targets of the year first (the three Top-5 targets of 2026), then each index."""
    roots = forest_get(year=year, owner_units=False)
    all_nodes = [n for r in roots for n in r.walk()]
    headlines = [n for n in all_nodes if n.target is not None and n.target.is_headline and n.target.year == year]
    counts = {k: 0 for k in rules.LIGHT_LABELS}
    for n in all_nodes:
        if n.indicator.kind == NodeKind.INDICATOR:
            counts[n.light] += 1
    return ResultsDashboard(year=year, headlines=headlines, indices=roots, counts=counts)


def _visible_value_states(user: User, indicator: Indicator) -> set[str]:
    """Everyone reads verified values; values still in the workflow only the owner unit and the
    committee-wide roles see."""
    if user.is_committee_wide or can_enter(user, indicator):
        return set(ValueState.values)
    return {ValueState.VERIFIED}


def indicator_values(*, user: User, indicator: Indicator) -> list[IndicatorValue]:
    return list(
        indicator.values.filter(state__in=_visible_value_states(user, indicator))
        .select_related("entered_by", "verified_by").prefetch_related("evidence").order_by("-period_end")
    )


def indicator_tasks(*, user: User, indicator: Indicator, today: dt.date) -> list[Task]:
    """Tasks linked to the indicator that the person may see, each with its status."""
    return list(
        tasks_visible(user=user).filter(indicator_links__indicator=indicator).exclude(kind=TaskKind.GROUP)
        .select_related("lead_unit", "directive").annotate(status=status_case(today)).order_by("due_on", "id")
    )


def chart_data(*, indicator: Indicator, values: list[IndicatorValue]) -> dict[str, object]:
    """Verified values in time order, and the targets, for the trend chart."""
    verified = sorted((v for v in values if v.state == ValueState.VERIFIED), key=lambda v: v.period_end)
    targets = {t.year: t for t in indicator.targets.all()}
    labels, data, ranks, target_line = [], [], [], []
    for v in verified:
        labels.append(rules.period_label(indicator.periodicity, v.period_end))
        data.append(float(v.value) if v.value is not None else None)
        ranks.append(v.rank)
        t = targets.get(v.period_end.year)
        target_line.append(float(t.target_value) if t and t.target_value is not None else None)
    return {"labels": labels, "values": data, "ranks": ranks, "targets": target_line,
            "unit": indicator.unit_of_measure, "lower_is_better": indicator.direction == "lower"}


def verification_queue() -> QuerySet[IndicatorValue]:
    return (
        IndicatorValue.objects.filter(state=ValueState.ENTERED)
        .select_related("indicator", "indicator__owner_unit", "entered_by")
        .prefetch_related("evidence").order_by("entered_at", "id")
    )


def value_get(*, user: User, pk: int) -> IndicatorValue:
    try:
        value = IndicatorValue.objects.select_related("indicator").get(pk=pk)
    except IndicatorValue.DoesNotExist as exc:
        raise Http404 from exc
    if value.state not in _visible_value_states(user, value.indicator):
        raise Http404
    return value


def evidence_get(*, user: User, pk: int) -> IndicatorEvidence:
    try:
        evidence = IndicatorEvidence.objects.select_related("value__indicator").get(pk=pk)
    except IndicatorEvidence.DoesNotExist as exc:
        raise Http404 from exc
    value_get(user=user, pk=evidence.value_id)
    return evidence


def unit_owned_indicators(*, user: User) -> QuerySet[Indicator]:
    """Indicators the person may enter values for (all for the standing office)."""
    qs = Indicator.objects.select_related("owner_unit", "parent")
    if can_manage(user):
        return qs.order_by("code")
    if not user.is_unit_user:
        return qs.none()
    return qs.filter(owner_unit_id__in=user_unit_ids(user=user)).order_by("code")


def returned_values(*, user: User) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(
        state=ValueState.RETURNED, indicator__in=unit_owned_indicators(user=user)
    ).select_related("indicator").order_by("-entered_at")


def task_indicators(*, task: Task) -> list[Indicator]:
    return list(Indicator.objects.filter(task_links__task=task).select_related("owner_unit").order_by("code"))


def owned_indicator_nodes(period_end: dt.date) -> list[NodeView]:
    """Every indicator that has an owner unit, evaluated on its own (its target, its latest
    verified value or rank of a period ending by `period_end`) with the same rules as the forest;
    no query beyond the first when no indicator has an owner."""
    rows = list(_with_latest(Indicator.objects.filter(owner_unit__isnull=False), period_end)
                .order_by("position", "code"))
    if not rows:
        return []
    targets = _targets_for(period_end.year, IndicatorTarget.objects.filter(indicator__owner_unit__isnull=False))
    th = thresholds()
    nodes = []
    for ind in rows:
        node = _node(ind, targets.get(ind.pk))
        _evaluate(node, period_end.year, th)  # childless here: its own achievement only
        nodes.append(node)
    return nodes


def units_indicator_achievement(
    unit_ids: Iterable[int], period_end: dt.date, *, subtrees: dict[int, set[int]] | None = None
) -> dict[int, Decimal | None]:
    """Per unit: the mean achievement (each capped at 100) of the indicators the unit (or a unit
    under it) owns, for the year of `period_end` with the values of periods ending by then; None
    when none of its indicators has data. For the supervision scorecard: at most five queries
    whatever the number of units (`subtrees` from `units_subtree_ids` saves one)."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return {}
    by_owner: dict[int, list[rules.ChildScore]] = defaultdict(list)
    for node in owned_indicator_nodes(period_end):
        if node.achievement is not None:
            by_owner[node.indicator.owner_unit_id].append(rules.ChildScore(achievement=node.achievement))
    if not by_owner:
        return dict.fromkeys(unit_ids)
    subtrees = subtrees if subtrees is not None else units_subtree_ids(unit_ids)
    return {
        unit_id: rules.roll_up([score for owner in subtrees[unit_id] for score in by_owner.get(owner, [])])
        for unit_id in unit_ids
    }


@dataclass
class UnitIndicators:
    unit: OrgUnit
    period_end: dt.date
    nodes: list[NodeView]
    achievement: Decimal | None


def unit_indicators_get(*, unit_pk: int, period_end: dt.date) -> UnitIndicators:
    """The indicators a unit (or a unit under it) owns, evaluated as of `period_end`: what the
    scorecard's "Kết quả chỉ số" is made of. Verified values only, as on the public dashboard."""
    unit = OrgUnit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    owners = units_subtree_ids([unit.pk])[unit.pk]
    nodes = [n for n in owned_indicator_nodes(period_end) if n.indicator.owner_unit_id in owners]
    achievement = rules.roll_up([rules.ChildScore(achievement=n.achievement) for n in nodes
                                 if n.achievement is not None])
    return UnitIndicators(unit=unit, period_end=period_end, nodes=nodes, achievement=achievement)


def unit_indicator_achievement(unit: OrgUnit, period: int | dt.date) -> Decimal | None:
    """`units_indicator_achievement` for one unit; a year stands for its last day."""
    end = period if isinstance(period, dt.date) else dt.date(int(period), 12, 31)
    return units_indicator_achievement([unit.pk], end)[unit.pk]
