"""Reads of reporting rounds: who owes what, per unit, in a constant number of queries.

The heart is `expected_rows`: one query over the round ↔ task table that brings, for every
expected (round, task) pair, the task's lead unit and the first day a report of that task was
submitted inside the round's window. Everything else (per-unit tables, discipline, the unit's
workspace) is arithmetic on those rows.

For the scorecard of the supervision app: `unit_report_discipline(unit_ids, period_start,
period_end)` and the pure `rules.round_discipline(expected=…, on_time=…)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from chidao.directives.models import Task
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import user_unit_ids
from chidao.reporting.models import ProgressReport

from . import rules
from .models import ReportingRound, RoundState

Through = ReportingRound.tasks.through


@dataclass(frozen=True)
class ExpectedRow:
    round_id: int
    task_id: int
    unit_id: int | None
    due_on: dt.date
    submitted_on: dt.date | None

    @property
    def status(self) -> str:
        return rules.submission_status(submitted_on=self.submitted_on, due_on=self.due_on)


def expected_rows(*, rounds: dict[str, object], unit_ids: Iterable[int] | None = None) -> list[ExpectedRow]:
    """Every expected submission of the rounds matching `rounds` (lookups on ReportingRound), with
    the first submission day inside each round's window. One query."""
    first = (
        ProgressReport.objects.filter(
            task_id=OuterRef("task_id"), submitted_on__isnull=False,
            submitted_on__gte=OuterRef("reportinground__opens_on"),
            submitted_on__lte=OuterRef("reportinground__closes_on"),
        )
        .order_by("submitted_on").values("submitted_on")[:1]
    )
    qs = Through.objects.filter(**{f"reportinground__{key}": value for key, value in rounds.items()})
    if unit_ids is not None:
        qs = qs.filter(task__lead_unit_id__in=list(unit_ids))
    rows = qs.annotate(first=Subquery(first)).values_list(
        "reportinground_id", "task_id", "task__lead_unit_id", "reportinground__due_on", "first"
    ).order_by("reportinground_id", "task_id")
    return [ExpectedRow(round_id=r, task_id=t, unit_id=u, due_on=d, submitted_on=f) for r, t, u, d, f in rows]


def rounds_visible(*, user: User) -> QuerySet[ReportingRound]:
    """All rounds for committee-wide roles; for a unit, the rounds that expect one of its tasks."""
    qs = ReportingRound.objects.all()
    if user.is_committee_wide:
        return qs
    unit_ids = user_unit_ids(user=user)
    if not unit_ids:
        return qs.none()
    return qs.filter(pk__in=Through.objects.filter(task__lead_unit_id__in=unit_ids).values("reportinground_id"))


def round_get(*, user: User, pk: int) -> ReportingRound:
    try:
        return rounds_visible(user=user).select_related("directive", "created_by").get(pk=pk)
    except ReportingRound.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class Counts:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    def add(self, status: str) -> None:
        self.expected += 1
        if status == rules.ON_TIME:
            self.on_time += 1
        elif status == rules.LATE:
            self.late += 1
        else:
            self.missing += 1

    @property
    def discipline(self) -> Decimal | None:
        return rules.round_discipline(expected=self.expected, on_time=self.on_time)


@dataclass
class UnitLine:
    unit: OrgUnit | None
    counts: Counts
    items: list[tuple[Task, str, dt.date | None]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The unit's headline: missing if anything is missing, else late if anything is late."""
        if self.counts.missing:
            return rules.MISSING
        if self.counts.late:
            return rules.LATE
        return rules.ON_TIME


@dataclass
class RoundStatus:
    round: ReportingRound
    state: str
    totals: Counts
    units: list[UnitLine]


def round_status(*, user: User, round: ReportingRound, today: dt.date) -> RoundStatus:
    """Per unit: on time / late / missing, as of now. A unit user sees only their own units'
    lines. Three queries whatever the size of the round."""
    unit_ids = None if user.is_committee_wide else user_unit_ids(user=user)
    rows = expected_rows(rounds={"pk": round.pk}, unit_ids=unit_ids)
    tasks = Task.objects.in_bulk([r.task_id for r in rows])
    units = OrgUnit.objects.in_bulk([r.unit_id for r in rows if r.unit_id])
    lines: dict[int | None, UnitLine] = {}
    totals = Counts()
    for row in rows:
        line = lines.setdefault(row.unit_id, UnitLine(unit=units.get(row.unit_id or 0), counts=Counts()))
        status = row.status
        line.counts.add(status)
        totals.add(status)
        line.items.append((tasks[row.task_id], status, row.submitted_on))
    ordered = sorted(lines.values(), key=lambda ln: (-ln.counts.missing, -ln.counts.late,
                                                      ln.unit.name if ln.unit else ""))
    state = rules.effective_state(state=round.state, opens_on=round.opens_on, closes_on=round.closes_on,
                                  today=today)
    return RoundStatus(round=round, state=state, totals=totals, units=ordered)


@dataclass
class RoundRow:
    round: ReportingRound
    state: str
    counts: Counts


def round_list(*, user: User, today: dt.date, limit: int = 200) -> list[RoundRow]:
    """Rounds the person may see, newest first, with their counts (the person's own units only
    for a unit user). Three queries."""
    rounds = list(rounds_visible(user=user).select_related("directive").order_by("-due_on", "-id")[:limit])
    unit_ids = None if user.is_committee_wide else user_unit_ids(user=user)
    rows = expected_rows(rounds={"pk__in": [r.pk for r in rounds]}, unit_ids=unit_ids) if rounds else []
    counts: dict[int, Counts] = {r.pk: Counts() for r in rounds}
    for row in rows:
        counts[row.round_id].add(row.status)
    return [
        RoundRow(round=r, counts=counts[r.pk],
                 state=rules.effective_state(state=r.state, opens_on=r.opens_on, closes_on=r.closes_on, today=today))
        for r in rounds
    ]


@dataclass
class Obligation:
    round: ReportingRound
    items: list[tuple[Task, str, dt.date | None]]

    @property
    def missing(self) -> int:
        return sum(1 for _, status, _d in self.items if status == rules.MISSING)


def unit_round_obligations(*, user: User, today: dt.date) -> list[Obligation]:
    """What the person's unit owes in the rounds open today: every expected task with its
    status, missing first. Four queries."""
    unit_ids = user_unit_ids(user=user)
    if not unit_ids:
        return []
    rounds = {
        r.pk: r for r in ReportingRound.objects.filter(
            state=RoundState.OPEN, opens_on__lte=today, closes_on__gte=today,
            pk__in=Through.objects.filter(task__lead_unit_id__in=unit_ids).values("reportinground_id"),
        ).order_by("due_on", "id")
    }
    if not rounds:
        return []
    rows = expected_rows(rounds={"pk__in": list(rounds)}, unit_ids=unit_ids)
    tasks = Task.objects.in_bulk([r.task_id for r in rows])
    by_round: dict[int, list[tuple[Task, str, dt.date | None]]] = {pk: [] for pk in rounds}
    for row in rows:
        by_round[row.round_id].append((tasks[row.task_id], row.status, row.submitted_on))
    order = {rules.MISSING: 0, rules.LATE: 1, rules.ON_TIME: 2}
    return [
        Obligation(round=rounds[pk], items=sorted(items, key=lambda i: (order[i[1]], i[0].pk)))
        for pk, items in by_round.items() if items
    ]


@dataclass(frozen=True)
class Discipline:
    expected: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> Decimal | None:
        return rules.round_discipline(expected=self.expected, on_time=self.on_time)


def unit_report_discipline(
    unit_ids: Iterable[int], period_start: dt.date, period_end: dt.date, *, as_of: dt.date | None = None
) -> dict[int, Discipline]:
    """Report discipline per unit over the rounds whose due date falls in [period_start,
    period_end] and has passed by `as_of` (today by default: a round still running is not held
    against anyone). Units with nothing expected are absent. One query."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    ids = list(unit_ids)
    rows = expected_rows(
        rounds={"due_on__gte": period_start, "due_on__lte": period_end, "due_on__lt": as_of}, unit_ids=ids
    )
    counts: dict[int, Counts] = {}
    for row in rows:
        if row.unit_id is not None:
            counts.setdefault(row.unit_id, Counts()).add(row.status)
    return {uid: Discipline(expected=c.expected, on_time=c.on_time, late=c.late, missing=c.missing)
            for uid, c in counts.items()}
