"""Every read of study, scoped per person: a member sees their own records; a cell secretary
their cell's; a unit head their unit's (and sub-units'); the standing office and leaders all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chidao.members.models import Cell
from chidao.orgs.models import OrgUnit, Role, User
from chidao.orgs.selectors import unit_subtree_ids

from . import rules
from .models import StudyAssignment, StudyRecord

SEE_ALL = {Role.ADMIN, Role.SECRETARIAT, Role.LEADER}
MEASURES = ("assigned", "studied", "passed", "late", "not_studied")


def _led_cell_ids(user: User) -> set[int]:
    cached = getattr(user, "_study_led_cells", None)
    if cached is None:
        cached = set(Cell.objects.filter(secretary=user, active=True).values_list("pk", flat=True))
        user._study_led_cells = cached  # type: ignore[attr-defined]
    return cached


def record_scope(user: User) -> Q | None:
    """Whose records this person may see beyond their own (None = everyone's)."""
    if user.role in SEE_ALL:
        return None
    scope = Q(user=user)
    cells = _led_cell_ids(user)
    if cells:
        scope |= Q(cell_id__in=cells)
    if user.role == Role.UNIT_HEAD and user.unit_id:
        scope |= Q(unit_id__in=unit_subtree_ids(unit_id=user.unit_id))
    return scope


def sees_others(user: User) -> bool:
    return user.role in SEE_ALL or bool(_led_cell_ids(user)) or (user.role == Role.UNIT_HEAD and bool(user.unit_id))


def records_visible(*, user: User) -> QuerySet[StudyRecord]:
    scope = record_scope(user)
    qs = StudyRecord.objects.all()
    return qs if scope is None else qs.filter(scope)


def assignments_visible(*, user: User) -> QuerySet[StudyAssignment]:
    qs = StudyAssignment.objects.all()
    scope = record_scope(user)
    if scope is None:
        return qs
    own_cells = _led_cell_ids(user)
    return qs.filter(Q(owner_cell_id__in=own_cells) | Q(assigned_by=user) |
                     Exists(StudyRecord.objects.filter(scope, assignment=OuterRef("pk"))))


def assignment_get(*, user: User, pk: int) -> StudyAssignment:
    found = assignments_visible(user=user).filter(pk=pk).select_related("owner_cell", "assigned_by").first()
    if found is None:
        raise Http404
    return found


@dataclass
class PersonalStudy:
    assignment: StudyAssignment
    record: StudyRecord
    due_on: dt.date
    state: str
    state_label: str
    has_quiz: bool
    url: str


def assignments_for_person(*, user: User, today: dt.date | None = None) -> list[PersonalStudy]:
    """The person's own study assignments, open ones first (by deadline), then done ones."""
    today = today or timezone.localdate()
    records = (StudyRecord.objects.filter(user=user).select_related("assignment")
               .annotate(n_questions=Count("assignment__questions")).order_by("assignment__due_on", "id"))
    rows = []
    for r in records:
        studied_on = timezone.localtime(r.studied_at).date() if r.studied_at else None
        state = rules.record_state(studied_on=studied_on, due_on=r.assignment.due_on, today=today)
        rows.append(PersonalStudy(assignment=r.assignment, record=r, due_on=r.assignment.due_on, state=state,
                                  state_label=rules.STATE_LABELS[state], has_quiz=r.n_questions > 0,
                                  url=reverse("study_assignment", args=[r.assignment_id])))
    rows.sort(key=lambda row: (row.record.studied_at is not None, row.due_on))
    return rows


def record_for(*, user: User, assignment: StudyAssignment) -> StudyRecord | None:
    return StudyRecord.objects.filter(user=user, assignment=assignment).first()


def _aggregates(*, due_on: dt.date, today: dt.date) -> dict[str, Count]:
    overdue_open = Q(studied_at__isnull=True) if today > due_on else Q(pk__in=[])
    return {
        "assigned": Count("id"),
        "studied": Count("id", filter=Q(studied_at__isnull=False)),
        "passed": Count("id", filter=Q(passed_at__isnull=False)),
        "late": Count("id", filter=Q(studied_late=True) | overdue_open),
    }


def _add(into: dict[str, int], row: dict[str, int]) -> None:
    for key in MEASURES[:4]:
        into[key] = into.get(key, 0) + row[key]


@dataclass
class StatRow:
    kind: str  # "unit" or "cell"
    pk: int | None
    name: str
    counts: dict = field(default_factory=dict)  # type: ignore[type-arg]


@dataclass
class AssignmentStats:
    total: dict  # type: ignore[type-arg]
    units: list[StatRow]
    cells: list[StatRow]
    unit: OrgUnit | None


def assignment_stats(*, user: User, assignment: StudyAssignment, unit: OrgUnit | None = None,
                     today: dt.date | None = None) -> AssignmentStats:
    """Assigned, studied, passed, late — overall, per unit and per cell — within what the person may see
    (and within `unit`'s subtree when given). One grouped query whatever the number of members."""
    today = today or timezone.localdate()
    qs = records_visible(user=user).filter(assignment=assignment)
    if unit is not None:
        qs = qs.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk))
    # One GROUP BY (unit, cell); the unit rows and the total are sums of its rows.
    rows = qs.values("unit_id", "cell_id").annotate(**_aggregates(due_on=assignment.due_on, today=today)).order_by()
    total: dict[str, int] = dict.fromkeys(MEASURES[:4], 0)
    by_unit: dict[int | None, dict[str, int]] = {}
    by_cell: dict[int | None, dict[str, int]] = {}
    for row in rows:
        _add(total, row)
        _add(by_unit.setdefault(row["unit_id"], {}), row)
        _add(by_cell.setdefault(row["cell_id"], {}), row)
    unit_names = dict(OrgUnit.objects.filter(pk__in=[k for k in by_unit if k]).values_list("pk", "name"))
    cell_names = dict(Cell.objects.filter(pk__in=[k for k in by_cell if k]).values_list("pk", "name"))
    units = sorted((StatRow("unit", k, unit_names.get(k, "—") if k else "—", v) for k, v in by_unit.items()),
                   key=lambda r: r.name)
    cells = sorted((StatRow("cell", k, cell_names.get(k, "—") if k else "—", v) for k, v in by_cell.items()),
                   key=lambda r: r.name)
    return AssignmentStats(total=total, units=units, cells=cells, unit=unit)


def record_list(*, user: User, assignment: StudyAssignment, measure: str, cell_id: int | None = None,
                unit_id: int | None = None, today: dt.date | None = None) -> QuerySet[StudyRecord]:
    """The names behind a number of the statistics."""
    today = today or timezone.localdate()
    qs = records_visible(user=user).filter(assignment=assignment)
    if cell_id:
        qs = qs.filter(cell_id=cell_id)
    if unit_id:
        qs = qs.filter(unit_id__in=unit_subtree_ids(unit_id=unit_id))
    if measure == "studied":
        qs = qs.filter(studied_at__isnull=False)
    elif measure == "passed":
        qs = qs.filter(passed_at__isnull=False)
    elif measure == "not_studied":
        qs = qs.filter(studied_at__isnull=True)
    elif measure == "late":
        qs = qs.filter(Q(studied_late=True) | (Q(studied_at__isnull=True) if today > assignment.due_on
                                               else Q(pk__in=[])))
    return qs.select_related("user", "cell", "unit").order_by("user__full_name", "id")


def assignment_list(*, user: User) -> QuerySet[StudyAssignment]:
    return assignments_visible(user=user).annotate(n_people=Count("records")).order_by("-created_at", "-id")
