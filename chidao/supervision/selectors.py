"""Every read of supervision, scoped to what the person may see, in a constant number of queries.

Statuses and warnings are computed as of the day they are read (never stored by a worker), so a
page is right even if no background job ever ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.http import Http404
from django.utils.translation import get_language

from chidao.core import concerns
from chidao.core.figures import figures_cached
from chidao.directives import rules as task_rules
from chidao.directives.models import Directive, Task, TaskKind, TaskState
from chidao.directives.selectors import counted_tasks, directive_ids_q, status_counts, status_filters, tasks_visible
from chidao.indicators.selectors import units_indicator_achievement
from chidao.orgs.models import OrgUnit, Role, User
from chidao.orgs.selectors import units_subtree_ids, user_unit_ids
from chidao.resources import rules as resource_rules
from chidao.resources.selectors import units_disbursement_rate

from . import rules
from .discipline import unit_report_discipline
from .models import Direction, Recommendation, ScorecardRow, ScorecardSnapshot, SupervisionSettings
from .periods import Period, month_ends

# What the supervision figures read: tasks, reports, indicators, disbursements, units, its own
# settings and snapshots; not meetings, documents or notifications.
READS = (concerns.TASKS, concerns.REPORTS, concerns.ROUNDS, concerns.INDICATORS, concerns.RESOURCES,
         concerns.PEOPLE, concerns.SUPERVISION)

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


def supervision_settings_get() -> SupervisionSettings:
    """The standing office's settings; the defaults (unsaved) until someone saves them, so a
    read never writes."""
    return SupervisionSettings.objects.filter(pk=1).first() or SupervisionSettings(pk=1)


def warning_margins(s: SupervisionSettings) -> rules.WarningMargins:
    return rules.WarningMargins(lag_margin=s.lag_margin, silence_days=s.silence_days,
                                due_soon_days=s.due_soon_days, due_soon_progress=s.due_soon_progress)


def score_weights(s: SupervisionSettings) -> rules.ScoreWeights:
    return rules.ScoreWeights(completion=s.weight_completion, on_time=s.weight_on_time, overdue=s.weight_overdue,
                              discipline=s.weight_discipline, recommendations=s.weight_recommendations,
                              indicators=s.weight_indicators, disbursement=s.weight_disbursement)


def grade_thresholds(s: SupervisionSettings) -> rules.GradeThresholds:
    return rules.GradeThresholds(excellent=s.grade_excellent, good=s.grade_good, passing=s.grade_pass)


def can_manage_settings(user: User) -> bool:
    return user.role in {Role.SECRETARIAT, Role.ADMIN}


# ---------------------------------------------------------------------------------------------
# Early warnings
# ---------------------------------------------------------------------------------------------


@dataclass
class TaskWarning:
    task_id: int
    code: str
    title: str
    unit_id: int | None
    unit_name: str
    directive_code: str
    due_on: dt.date | None
    progress: int
    last_reported_on: dt.date | None
    reasons: list[rules.WarningReason]


def _warning_scope(*, user: User) -> QuerySet[Task]:
    """Warnings are about the lead unit's work: a unit sees the tasks it leads."""
    if user.is_committee_wide:
        return Task.objects.all()
    unit_ids = user_unit_ids(user=user)
    return Task.objects.filter(lead_unit_id__in=unit_ids) if unit_ids else Task.objects.none()


class DaysBetween(Func):
    """Whole days from `start` to `end` (dates), evaluated by the database itself: julianday() on
    SQLite (a built-in C function, unlike Django's duration arithmetic), date subtraction on
    PostgreSQL (which yields an integer for dates)."""

    output_field = IntegerField()
    arg_joiner = " - "
    template = "(%(expressions)s)"

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                           arg_joiner=") - julianday(", **extra)


def warning_filters(*, today: dt.date, margins: rules.WarningMargins) -> dict[str, Q]:
    """SQL mirror of `rules.warning_reasons`, one filter per reason, exact (tests compare the two),
    so that counting, ordering and paging happen in the database and the rule only words the
    reasons of the rows on the page."""
    at_work = Q(state=TaskState.ASSIGNED)
    deadline_at_work = at_work & Q(kind=TaskKind.DEADLINE, due_on__gte=today)
    silent_before = today - dt.timedelta(days=margins.silence_days)
    silent = Q(last_reported_on__lt=silent_before) | Q(last_reported_on__isnull=True, assigned_on__lt=silent_before)
    # floor(passed·100 / total) − progress > margin  ⇔  passed·100 ≥ (progress + margin + 1)·total
    # (whole numbers); a task given and due the same day has used all of its time.
    # The elapsed share is at most 100, so only progress below 100 − margin can lag: a cheap test
    # that spares most rows the date arithmetic.
    lag = deadline_at_work & Q(assigned_on__isnull=False, progress__lt=100 - margins.lag_margin) & (
        Q(lag_total__gt=0, lag_lhs__gte=F("lag_rhs"))
        | Q(lag_total__lte=0, progress__lt=100 - margins.lag_margin)
    )
    return {
        rules.LAG: lag,
        rules.SILENT: (deadline_at_work | (at_work & Q(kind=TaskKind.RECURRING))) & silent,
        rules.DUE_SOON: deadline_at_work & Q(due_on__lte=today + dt.timedelta(days=margins.due_soon_days),
                                             progress__lt=margins.due_soon_progress),
    }


def warned_tasks(qs: QuerySet[Task], *, today: dt.date, margins: rules.WarningMargins) -> QuerySet[Task]:
    """The warned tasks of `qs`, each annotated with `warning_count`, most reasons first, then the
    nearest deadline."""
    filters = warning_filters(today=today, margins=margins)
    qs = qs.exclude(kind=TaskKind.GROUP).annotate(
        lag_total=DaysBetween(F("due_on"), F("assigned_on")),
        lag_lhs=DaysBetween(Value(today, output_field=DateField()), F("assigned_on")) * 100,
        lag_rhs=DaysBetween(F("due_on"), F("assigned_on")) * (F("progress") + margins.lag_margin + 1),
    )
    count = sum((Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())
                 for q in filters.values()), Value(0, output_field=IntegerField()))
    # The reasons without date arithmetic first: SQL stops at the first that holds.
    any_reason = filters[rules.SILENT] | filters[rules.DUE_SOON] | filters[rules.LAG]
    return qs.filter(any_reason).annotate(warning_count=count).order_by(
        "-warning_count", F("due_on").asc(nulls_last=True), "id")


WARNING_FIELDS = ("id", "code", "title", "kind", "progress", "assigned_on", "due_on", "last_reported_on",
                  "lead_unit_id", "lead_unit__short_name", "lead_unit__name", "directive__code")


def warning_rows(
    rows: Iterable[tuple[Any, ...]], *, today: dt.date, margins: rules.WarningMargins
) -> list[TaskWarning]:
    """Word the reasons of the rows shown (values_list of WARNING_FIELDS) with the pure rule."""
    result = []
    for (pk, code, title, kind, progress, assigned_on, due_on, last_reported_on, unit_id, short, name,
         directive_code) in rows:
        reasons = rules.warning_reasons(
            progress=progress, assigned_on=assigned_on, due_on=due_on, last_reported_on=last_reported_on,
            today=today, margins=margins, recurring=kind == TaskKind.RECURRING,
        )
        result.append(TaskWarning(pk, code, title, unit_id, short or name or "", directive_code, due_on,
                                  progress, last_reported_on, reasons))
    return result


class WarningPage(Sequence[TaskWarning]):
    """A lazily worded sequence for Django's Paginator: the count and each page's slice are SQL;
    only the rows of the page go through the pure rule.

    With `parts` (everything the query depends on besides the data and the day: the person's
    scope, the filters, the margins), the count, each slice and the head are figures cached per
    state of the data (chidao/core/figures.py): a page of 20,000 tasks counts them once per write.
    """

    def __init__(self, qs: QuerySet[Task] | Callable[[], QuerySet[Task]], *, today: dt.date,
                 margins: rules.WarningMargins, parts: tuple[Any, ...] | None = None) -> None:
        # A callable builds the query only when the figures are not cached: building its dozens of
        # filter expressions costs more than reading the cached figures.
        self._qs, self.today, self.margins, self.parts = qs, today, margins, parts
        self._count: int | None = None

    @property
    def qs(self) -> QuerySet[Task]:
        if callable(self._qs):
            self._qs = self._qs()
        return self._qs

    def _cached(self, name: str, extra: tuple[Any, ...], compute: Any) -> Any:
        if self.parts is None:
            return compute()
        # The reasons are worded in the active language: it is part of the key.
        return figures_cached(f"supervision.warnings.{name}", (*self.parts, get_language(), *extra), compute,
                              reads=READS)

    def count(self) -> int:  # type: ignore[override]
        if self._count is None:
            self._count = self._cached("count", (), lambda: self.qs.count())
        return self._count

    def __len__(self) -> int:
        return self.count()

    def head(self, n: int) -> tuple[list[TaskWarning], int]:
        """The first `n` warnings and the total, in ONE query (a window count over the same scan),
        for the blocks that show a few and link to the rest."""
        def compute() -> tuple[list[TaskWarning], int]:
            rows = list(self.qs.annotate(total=Window(Count("id"))).values_list(*WARNING_FIELDS, "total")[:n])
            total = rows[0][-1] if rows else 0
            return warning_rows((r[:-1] for r in rows), today=self.today, margins=self.margins), total

        return self._cached("head", (n,), compute)

    def __iter__(self) -> Iterator[TaskWarning]:
        return iter(self[:])  # one query for all of them

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._cached("rows", (index.start, index.stop, index.step), lambda: warning_rows(
                self.qs.values_list(*WARNING_FIELDS)[index], today=self.today, margins=self.margins))
        return self[index:index + 1][0]


def warnings_list(
    *, user: User, today: dt.date, unit: OrgUnit | None = None, directive: Directive | None = None,
    margins: rules.WarningMargins | None = None,
) -> WarningPage:
    """Every warned task the person may see (lazily: page it or slice it), most reasons first,
    then the nearest deadline."""
    margins = margins or warning_margins(supervision_settings_get())

    def build() -> QuerySet[Task]:
        qs = _warning_scope(user=user)
        if unit is not None:
            qs = qs.filter(lead_unit=unit)
        if directive is not None:
            qs = qs.filter(directive_ids_q(directive))
        return warned_tasks(qs, today=today, margins=margins)

    parts = (warning_scope_key(user), unit.pk if unit else None, directive.pk if directive else None,
             today.isoformat(), margins)
    return WarningPage(build, today=today, margins=margins, parts=parts)


def warning_scope_key(user: User) -> tuple[Any, ...]:
    """What the warnings a person sees depend on (the figures cache's `parts`): every task for
    committee-wide roles, else the units the person belongs to."""
    if user.is_committee_wide:
        return ("all",)
    return ("units", *sorted(user_unit_ids(user=user)))


def dashboard_block_figures(
    *, user: User, today: dt.date, n: int = 5
) -> tuple[list[TaskWarning], int, dict[str, int]]:
    """What the home dashboard's supervision block shows: the first `n` warnings, their total and
    the recommendation counts, one cache entry per state of the data and scope (one query when
    nothing changed, instead of counting every task)."""
    def compute() -> tuple[list[TaskWarning], int, dict[str, int]]:
        warnings, total = warnings_list(user=user, today=today).head(n)
        return warnings, total, recommendation_counts(user=user, today=today)

    parts = (warning_scope_key(user), user.role, today.isoformat(), get_language(), n)
    return figures_cached("supervision.dashboard_block", parts, compute, reads=READS)


# ---------------------------------------------------------------------------------------------
# Directions
# ---------------------------------------------------------------------------------------------


def directions_visible(*, user: User) -> QuerySet[Direction]:
    qs = Direction.objects.all()
    if user.is_committee_wide:
        return qs
    unit_ids = user_unit_ids(user=user)
    return qs.filter(unit_id__in=unit_ids) if unit_ids else qs.none()


def direction_list(*, user: User, pending_only: bool = False) -> QuerySet[Direction]:
    """Unacknowledged first, newest first."""
    qs = directions_visible(user=user)
    if pending_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return (
        qs.select_related("task", "unit", "given_by", "acknowledged_by")
        .annotate(pending=Case(When(acknowledged_at__isnull=True, then=Value(0)), default=Value(1)))
        .order_by("pending", "-given_at", "-id")
    )


def direction_get(*, user: User, pk: int) -> Direction:
    try:
        return directions_visible(user=user).select_related("task", "unit").get(pk=pk)
    except Direction.DoesNotExist as exc:
        raise Http404 from exc


def task_directions(*, task: Task) -> list[Direction]:
    """Directions on a task; the caller got the task through `task_get`, so may see it."""
    return list(task.directions.select_related("given_by", "acknowledged_by", "unit").order_by("-given_at", "-id"))


def workspace_directions(*, user: User, limit: int = 20) -> list[Direction]:
    """What the unit's workspace shows first: unacknowledged directions to the unit."""
    if not user.is_unit_user:
        return []
    return list(direction_list(user=user, pending_only=True)[:limit])


def can_give_direction(user: User) -> bool:
    return user.role in {Role.LEADER, Role.ADMIN}


def can_acknowledge_direction(user: User, direction: Direction) -> bool:
    return (user.is_unit_user and direction.acknowledged_at is None
            and direction.unit_id in user_unit_ids(user=user))


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------


def recommendation_status_filters(today: dt.date) -> dict[str, Q]:
    """SQL mirror of `rules.recommendation_status` (tests compare the two)."""
    answered = Q(answered_on__isnull=False)
    return {
        rules.ANSWERED_ON_TIME: answered & Q(answered_on__lte=F("response_due_on")),
        rules.ANSWERED_LATE: answered & Q(answered_on__gt=F("response_due_on")),
        rules.OPEN: Q(answered_on__isnull=True, response_due_on__gte=today),
        rules.OVERDUE: Q(answered_on__isnull=True, response_due_on__lt=today),
    }


def recommendation_status_case(today: dt.date) -> Case:
    filters = recommendation_status_filters(today)
    return Case(*[When(filters[s], then=Value(s)) for s in rules.RECOMMENDATION_STATUSES],
                default=Value(rules.OPEN), output_field=CharField())


def recommendations_visible(*, user: User) -> QuerySet[Recommendation]:
    """Committee-wide roles see all; a unit sees what it raised and what is addressed to it."""
    qs = Recommendation.objects.all()
    if user.is_committee_wide:
        return qs
    unit_ids = user_unit_ids(user=user)
    if not unit_ids:
        return qs.none()
    return qs.filter(Q(from_unit_id__in=unit_ids) | Q(to_unit_id__in=unit_ids))


@dataclass
class RecommendationFilters:
    status: str = ""
    box: str = ""  # "sent" (raised by my unit), "received" (addressed to my unit / the committee)
    unit: OrgUnit | None = None


def recommendation_list(*, user: User, today: dt.date, filters: RecommendationFilters) -> QuerySet[Recommendation]:
    qs = _recommendation_filtered(user=user, filters=filters)
    if filters.status in rules.RECOMMENDATION_STATUSES:
        qs = qs.filter(recommendation_status_filters(today)[filters.status])
    return (
        qs.select_related("from_unit", "to_unit", "task", "raised_by", "answered_by")
        .annotate(status=recommendation_status_case(today))
        .order_by("answered_on", "response_due_on", "-id")
    )


def _recommendation_filtered(*, user: User, filters: RecommendationFilters) -> QuerySet[Recommendation]:
    qs = recommendations_visible(user=user)
    if filters.box == "sent" and user.is_unit_user:
        qs = qs.filter(from_unit_id__in=user_unit_ids(user=user))
    elif filters.box == "received":
        if user.is_unit_user:
            qs = qs.filter(to_unit_id__in=user_unit_ids(user=user))
        else:
            qs = qs.filter(to_unit__isnull=True)
    if filters.unit is not None:
        qs = qs.filter(Q(from_unit=filters.unit) | Q(to_unit=filters.unit))
    return qs


def recommendation_counts(
    *, user: User, today: dt.date, filters: RecommendationFilters | None = None
) -> dict[str, int]:
    """Counts per status in one query (the list's filters except the status itself)."""
    qs = _recommendation_filtered(user=user, filters=filters or RecommendationFilters())
    status_q = recommendation_status_filters(today)
    row = qs.aggregate(**{s: Count("id", filter=status_q[s]) for s in rules.RECOMMENDATION_STATUSES})
    counts = {s: row[s] or 0 for s in rules.RECOMMENDATION_STATUSES}
    counts["total"] = sum(counts.values())
    return counts


def recommendation_get(*, user: User, pk: int) -> Recommendation:
    try:
        return (
            recommendations_visible(user=user)
            .select_related("from_unit", "to_unit", "task", "report", "raised_by", "answered_by")
            .get(pk=pk)
        )
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc


def can_answer_recommendation(user: User, recommendation: Recommendation) -> bool:
    """To the committee: the standing office or a leader; to a unit: that unit's head or officer."""
    if recommendation.to_unit_id is None:
        return user.role in {Role.SECRETARIAT, Role.LEADER, Role.ADMIN}
    return user.is_unit_user and recommendation.to_unit_id in user_unit_ids(user=user)


def can_raise_recommendation(user: User) -> bool:
    return user.is_unit_user and user.unit_id is not None


# ---------------------------------------------------------------------------------------------
# Scorecards and ranking
# ---------------------------------------------------------------------------------------------

RANKED_KINDS = ["department", "commune", "enterprise", "other", "standing_office"]


@dataclass
class ScoreLine:
    unit_id: int
    unit_name: str
    unit_kind: str
    inputs: rules.ScoreInputs
    components: dict[str, Decimal | None]
    score: Decimal | None
    grade: str
    rank: int | None = None
    previous_score: Decimal | None = None
    previous_rank: int | None = None

    @property
    def completion_rate(self) -> Decimal | None:
        return self.components.get(rules.COMPLETION)

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.components.get(rules.ON_TIME)

    @property
    def discipline_rate(self) -> Decimal | None:
        return self.components.get(rules.DISCIPLINE)

    @property
    def rec_rate(self) -> Decimal | None:
        return self.components.get(rules.RECOMMENDATIONS)

    @property
    def indicators_score(self) -> Decimal | None:
        return self.components.get(rules.INDICATORS)

    @property
    def disbursement_score(self) -> Decimal | None:
        return self.components.get(rules.DISBURSEMENT)

    @property
    def rank_change(self) -> int | None:
        return rules.rank_change(self.rank, self.previous_rank)

    @property
    def score_change(self) -> Decimal | None:
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score

    @property
    def grade_label(self) -> str:
        return rules.GRADE_LABELS.get(self.grade, "")

    @property
    def grade_badge(self) -> str:
        return rules.GRADE_BADGES.get(self.grade, "secondary")


def task_counts_as_of(as_of: dt.date) -> dict[int, dict[str, int]]:
    """Per lead unit, leaf deadline tasks assigned by `as_of` with their status as of that day
    (DESIGN §4 with today = `as_of`; a completion after `as_of` does not count yet). One query."""
    done = Q(completed_on__lte=as_of)
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    filters = {
        task_rules.DONE_ON_TIME: done & (Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on"))),
        task_rules.DONE_LATE: done & Q(completed_on__gt=F("due_on")),
        task_rules.OPEN_ON_TIME: open_ & (Q(due_on__isnull=True) | Q(due_on__gte=as_of)),
        task_rules.OPEN_OVERDUE: open_ & Q(due_on__lt=as_of),
    }
    rows = (
        Task.objects.filter(kind=TaskKind.DEADLINE, lead_unit__isnull=False, assigned_on__lte=as_of)
        .exclude(state__in=[TaskState.DRAFT, TaskState.CANCELLED])
        .values("lead_unit_id")
        .annotate(**{k: Count("id", filter=q) for k, q in filters.items()})
        .order_by()
    )
    return {row.pop("lead_unit_id"): row for row in rows}


def recommendation_counts_as_of(as_of: dt.date) -> dict[int, tuple[int, int]]:
    """Per addressed unit: (answered on time, due) as of `as_of`, like tasks: due = answered by
    then + still unanswered past the response deadline."""
    answered = Q(answered_on__lte=as_of)
    unanswered_overdue = (Q(answered_on__isnull=True) | Q(answered_on__gt=as_of)) & Q(response_due_on__lt=as_of)
    rows = (
        Recommendation.objects.filter(to_unit__isnull=False, raised_on__lte=as_of)
        .values("to_unit_id")
        .annotate(on_time=Count("id", filter=answered & Q(answered_on__lte=F("response_due_on"))),
                  due=Count("id", filter=answered | unanswered_overdue))
        .order_by()
    )
    return {row["to_unit_id"]: (row["on_time"], row["due"]) for row in rows}


def scorecard_compute(*, period: Period, today: dt.date, s: SupervisionSettings | None = None) -> list[ScoreLine]:
    """Every unit's scorecard for `period` as of its end (or today, for the current period),
    ranked within unit kind. Units that lead no task by then are left out. A constant number of
    queries: the counts of tasks, reports and recommendations grouped by unit, the indicator forest
    evaluated once, the year's capital grouped by managing unit."""
    s = s or supervision_settings_get()
    as_of = min(period.end, today)
    weights, thresholds = score_weights(s), grade_thresholds(s)
    tasks = task_counts_as_of(as_of)
    discipline = unit_report_discipline(start=period.start, end=as_of)
    recs = recommendation_counts_as_of(as_of)
    units = OrgUnit.objects.in_bulk(list(tasks))
    subtrees = units_subtree_ids(list(tasks)) if tasks else {}
    # Indicator values belong to measuring periods: those ending by the end of this period count
    # (a month's value, entered during that month, already counts in the live scorecard).
    achievement = units_indicator_achievement(list(tasks), period.end, subtrees=subtrees)
    disbursement = units_disbursement_rate(list(tasks), as_of.year, as_of, subtrees=subtrees)
    elapsed = resource_rules.year_elapsed(year=as_of.year, today=as_of)
    lines = []
    for unit_id, counts in tasks.items():
        unit = units[unit_id]
        disc_on_time, disc_expected = discipline.get(unit_id, (0, 0))
        rec_on_time, rec_due = recs.get(unit_id, (0, 0))
        inputs = rules.ScoreInputs(
            done_on_time=counts[task_rules.DONE_ON_TIME], done_late=counts[task_rules.DONE_LATE],
            open_on_time=counts[task_rules.OPEN_ON_TIME], open_overdue=counts[task_rules.OPEN_OVERDUE],
            discipline_on_time=disc_on_time, discipline_expected=disc_expected,
            rec_answered_on_time=rec_on_time, rec_due=rec_due,
            indicator_achievement=achievement.get(unit_id), disbursement_rate=disbursement.get(unit_id),
            year_elapsed=elapsed if disbursement.get(unit_id) is not None else None,
        )
        result = rules.score_compute(inputs=inputs, weights=weights, overdue_penalty=s.overdue_penalty)
        lines.append(ScoreLine(unit_id=unit_id, unit_name=unit.display_name, unit_kind=unit.kind, inputs=inputs,
                               components=result.components, score=result.score,
                               grade=rules.grade_for(result.score, thresholds)))
    _rank_within_kind(lines)
    return lines


def _rank_within_kind(lines: list[ScoreLine]) -> None:
    by_kind: dict[str, list[ScoreLine]] = {}
    for line in lines:
        by_kind.setdefault(line.unit_kind, []).append(line)
    for group in by_kind.values():
        ranked = rules.ranks({line.unit_id: line.score for line in group})
        for line in group:
            line.rank = ranked[line.unit_id]
    lines.sort(key=lambda x: (x.unit_kind, x.rank is None, x.rank or 0, x.unit_name))


def line_from_row(row: ScorecardRow) -> ScoreLine:
    inputs = rules.ScoreInputs(
        done_on_time=row.done_on_time, done_late=row.done_late, open_on_time=row.open_on_time,
        open_overdue=row.open_overdue, discipline_on_time=row.discipline_on_time,
        discipline_expected=row.discipline_expected, rec_answered_on_time=row.rec_answered_on_time,
        rec_due=row.rec_due, indicator_achievement=row.indicator_achievement,
        disbursement_rate=row.disbursement_rate, year_elapsed=row.year_elapsed,
    )
    # Snapshots frozen before results joined the scorecard have no such figures: None shows "—".
    components = {
        rules.COMPLETION: row.completion_rate, rules.ON_TIME: row.on_time_rate,
        rules.OVERDUE_COMPONENT: row.overdue_score, rules.DISCIPLINE: row.discipline_rate,
        rules.RECOMMENDATIONS: row.rec_rate, rules.INDICATORS: row.indicators_score,
        rules.DISBURSEMENT: row.disbursement_score,
    }
    return ScoreLine(unit_id=row.unit_id, unit_name=row.unit_name, unit_kind=row.unit_kind, inputs=inputs,
                     components=components, score=row.score, grade=row.grade, rank=row.rank)


def snapshot_get(period: Period) -> ScorecardSnapshot | None:
    return ScorecardSnapshot.objects.filter(period_key=period.key).select_related("taken_by").first()


def scorecard_lines(*, period: Period, today: dt.date) -> tuple[list[ScoreLine], ScorecardSnapshot | None]:
    """A frozen period reads its snapshot (never recomputed); any other period is computed.

    Cached per state of the data (chidao/core/figures.py): the scorecards depend on nothing but the
    data (tasks, rounds, recommendations, indicators, capital, the settings, the snapshots, all
    written through audited services), the period and the day they are computed as of. Callers
    must not mutate the lines."""
    def compute() -> tuple[list[ScoreLine], ScorecardSnapshot | None]:
        # Without the person who froze it: the cache keeps figures, not people's accounts.
        snapshot = ScorecardSnapshot.objects.filter(period_key=period.key).first()
        if snapshot is not None:
            return [line_from_row(r) for r in snapshot.rows.all()], snapshot
        return scorecard_compute(period=period, today=today), None

    return figures_cached("supervision.scorecards", (period.key, min(period.end, today).isoformat()), compute,
                          reads=READS)


def _ranking_lines(
    *, period: Period, today: dt.date
) -> tuple[list[ScoreLine], ScorecardSnapshot | None, bool]:
    """Every unit's line of `period` with its previous period's score and rank, the snapshot of
    `period` and whether the previous period is frozen; one cache entry per state of the data."""
    def compute() -> tuple[list[ScoreLine], ScorecardSnapshot | None, bool]:
        lines, snapshot = scorecard_lines(period=period, today=today)
        previous_lines, previous_snapshot = scorecard_lines(period=period.previous(), today=today)
        prev_by_unit = {line.unit_id: line for line in previous_lines}
        merged = []
        for line in lines:
            before = prev_by_unit.get(line.unit_id)
            # New lines: the cached ones of scorecard_lines are shared and never mutated.
            merged.append(replace(line, previous_score=before.score, previous_rank=before.rank)
                          if before is not None else line)
        return merged, snapshot, previous_snapshot is not None

    return figures_cached("supervision.ranking_lines", (period.key, today.isoformat()), compute, reads=READS)


@dataclass
class Ranking:
    period: Period
    kind: str
    kinds: list[str]
    lines: list[ScoreLine]
    snapshot: ScorecardSnapshot | None
    previous_period: Period
    previous_frozen: bool
    detail_unit_ids: set[int] | None  # None: every unit's details
    closed: bool
    all_lines: list[ScoreLine] = field(default_factory=list)

    def may_see_details(self, unit_id: int) -> bool:
        return self.detail_unit_ids is None or unit_id in self.detail_unit_ids


def scorecard_detail_unit_ids(user: User) -> set[int] | None:
    """Whose scorecard details the person may open: all for committee-wide roles, else own units.
    Everyone sees the ranking itself (names, scores, ranks, grades)."""
    if user.is_committee_wide:
        return None
    return user_unit_ids(user=user)


def ranking_get(*, user: User, period: Period, kind: str, today: dt.date) -> Ranking:
    lines, snapshot, previous_frozen = _ranking_lines(period=period, today=today)
    present = {line.unit_kind for line in lines}
    kinds = [k for k in RANKED_KINDS if k in present] + sorted(present - set(RANKED_KINDS))
    if kind not in kinds:
        kind = kinds[0] if kinds else "department"
    return Ranking(
        period=period, kind=kind, kinds=kinds, lines=[line for line in lines if line.unit_kind == kind],
        snapshot=snapshot, previous_period=period.previous(), previous_frozen=previous_frozen,
        detail_unit_ids=scorecard_detail_unit_ids(user), closed=period.is_closed(today), all_lines=lines,
    )


def scorecard_detail_get(
    *, user: User, unit_pk: int, period: Period, today: dt.date
) -> tuple[OrgUnit, ScoreLine | None, ScorecardSnapshot | None]:
    """One unit's scorecard; 404 for a unit whose details the person may not see."""
    allowed = scorecard_detail_unit_ids(user)
    if allowed is not None and unit_pk not in allowed:
        raise Http404
    unit = OrgUnit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    lines, snapshot = scorecard_lines(period=period, today=today)
    line = next((x for x in lines if x.unit_id == unit_pk), None)
    return unit, line, snapshot


# ---------------------------------------------------------------------------------------------
# The leader's supervision dashboard
# ---------------------------------------------------------------------------------------------


def completion_trend(*, qs: QuerySet[Task], today: dt.date, months: int = 12) -> list[tuple[dt.date, Decimal | None]]:
    """Completion rate at each of the last `months` month ends (this month: today), in ONE query:
    two conditional counts per month over the same rows, instead of twelve recomputations."""
    ends = month_ends(today, months)
    aggregates = {}
    for i, end in enumerate(ends):
        scope = Q(assigned_on__lte=end)
        aggregates[f"done{i}"] = Count("id", filter=scope & Q(completed_on__lte=end))
        aggregates[f"late{i}"] = Count(
            "id", filter=scope & (Q(completed_on__isnull=True) | Q(completed_on__gt=end)) & Q(due_on__lt=end))
    row = (
        counted_tasks(qs).filter(kind=TaskKind.DEADLINE).exclude(state=TaskState.CANCELLED).aggregate(**aggregates)
    )
    return [(end, task_rules.percent(row[f"done{i}"], row[f"done{i}"] + row[f"late{i}"])) for i, end in enumerate(ends)]


@dataclass
class OverdueTask:
    task: Task
    days_overdue: int


@dataclass
class SupervisionDashboard:
    today: dt.date
    counts: dict[str, int]
    rates: task_rules.Rates
    trend: list[tuple[dt.date, Decimal | None]]
    ranking: Ranking
    most_overdue: list[OverdueTask]
    warnings: list[TaskWarning]
    warnings_total: int
    recommendations: list[Recommendation]
    recommendation_counts: dict[str, int]


def supervision_dashboard_get(*, user: User, today: dt.date, period: Period, kind: str) -> SupervisionDashboard:
    qs = tasks_visible(user=user)
    counts = status_counts(qs, today=today)
    overdue = list(
        counted_tasks(qs).filter(status_filters(today)[task_rules.OPEN_OVERDUE])
        .select_related("lead_unit", "directive").order_by("due_on", "id")[:10]
    )
    warnings, warnings_total = warnings_list(user=user, today=today).head(10)
    open_recs = list(
        recommendation_list(user=user, today=today, filters=RecommendationFilters())
        .filter(answered_on__isnull=True).order_by("response_due_on", "id")[:10]
    )
    return SupervisionDashboard(
        today=today, counts=counts, rates=task_rules.rates_from_counts(counts),
        trend=completion_trend(qs=qs, today=today),
        ranking=ranking_get(user=user, period=period, kind=kind, today=today),
        most_overdue=[OverdueTask(t, (today - t.due_on).days) for t in overdue if t.due_on],
        warnings=warnings, warnings_total=warnings_total,
        recommendations=open_recs, recommendation_counts=recommendation_counts(user=user, today=today),
    )
