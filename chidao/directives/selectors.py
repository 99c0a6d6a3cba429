"""Every read of directives and tasks, scoped to what the person may see, without N+1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from chidao.core.text import search_words
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import user_unit_ids

from . import rules
from .models import Directive, Task, TaskKind, TaskState
from .tally import tally_counts_by_lead_unit


def status_filters(today: dt.date) -> dict[str, Q]:
    """DESIGN §4 status rules as query filters: the one SQL mirror of `rules.task_status`.

    Statuses are mutually exclusive; the ordered Case below and `rules.task_status` give the same
    answer for every task (tests check both against each other).
    """
    live = ~Q(state=TaskState.CANCELLED)
    deadline_task = live & Q(kind=TaskKind.DEADLINE)
    done = deadline_task & Q(completed_on__isnull=False)
    done_on_time = done & (Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on")))
    done_late = done & Q(due_on__isnull=False, completed_on__gt=F("due_on"))
    open_ = deadline_task & Q(completed_on__isnull=True)
    overdue = open_ & Q(due_on__lt=today)
    in_time = open_ & (Q(due_on__isnull=True) | Q(due_on__gte=today))
    return {
        rules.DONE_ON_TIME: done_on_time,
        rules.DONE_LATE: done_late,
        rules.OPEN_ON_TIME: in_time & Q(last_reported_on__isnull=False),
        rules.NOT_STARTED: in_time & Q(last_reported_on__isnull=True),
        rules.OPEN_OVERDUE: overdue,
        rules.RECURRING: live & Q(kind=TaskKind.RECURRING),
        rules.CANCELLED: Q(state=TaskState.CANCELLED),
    }


def status_case(today: dt.date) -> Case:
    filters = status_filters(today)
    return Case(
        *[When(filters[s], then=Value(s)) for s in rules.STATUS_ORDER],
        default=Value(rules.NOT_STARTED),
        output_field=CharField(),
    )


def tasks_visible(*, user: User) -> QuerySet[Task]:
    """Tasks the person may see: all for committee-wide roles; for a unit, where the unit (or a
    unit under it) leads or supports."""
    qs = Task.objects.all()
    if user.is_committee_wide:
        return qs
    unit_ids = user_unit_ids(user=user)
    if not unit_ids:
        return qs.none()
    return qs.filter(Q(lead_unit_id__in=unit_ids) | Q(pk__in=supported_task_ids(unit_ids))).exclude(
        state=TaskState.DRAFT
    )


def visibility_key(*, user: User) -> tuple[object, ...]:
    """What `tasks_visible` depends on besides the data: a key for cached figures of the person's
    tasks (committee-wide roles all share one; a unit user's scope is the unit's subtree)."""
    if user.is_committee_wide:
        return ("all",)
    return ("unit", user.unit_id)


def supported_task_ids(unit_ids: set[int] | list[int]) -> QuerySet:
    """Ids of the tasks the units support, as a subquery.

    `pk IN (subquery)` rather than a correlated EXISTS: the database reads the support links of
    these units once (an index lookup), instead of probing the links once for every task it
    scans, which made unit-filtered pages grow with the size of the whole task table.
    """
    return Task.support_units.through.objects.filter(orgunit_id__in=unit_ids).values("task_id")


@dataclass
class UnitTasks:
    """A unit's tasks as the workspace, the unit's .docx and the scorecards count them."""

    lead: QuerySet[Task]
    support: QuerySet[Task]

    def totals(self) -> tuple[int, int]:
        """(led, supported), cancelled tasks left out as everywhere else (DESIGN §4)."""
        return (self.lead.exclude(state=TaskState.CANCELLED).count(),
                self.support.exclude(state=TaskState.CANCELLED).count())


def unit_tasks(*, unit_ids: set[int] | list[int], scope: QuerySet[Task] | None = None) -> UnitTasks:
    """The counted tasks (leaves, not drafts) that the units lead, and those they only support: a task
    one of them leads is never in the support list, even when it also names them as support."""
    base = counted_tasks(scope if scope is not None else Task.objects.all())
    return UnitTasks(
        lead=base.filter(lead_unit_id__in=unit_ids),
        support=base.filter(pk__in=supported_task_ids(unit_ids)).exclude(lead_unit_id__in=unit_ids),
    )


def counted_tasks(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Leaf tasks that count (DESIGN §4): not groups, not drafts."""
    return qs.exclude(kind=TaskKind.GROUP).exclude(state=TaskState.DRAFT)


def status_counts(qs: QuerySet[Task], *, today: dt.date) -> dict[str, int]:
    filters = status_filters(today)
    row = counted_tasks(qs).aggregate(
        **{status: Count("id", filter=filters[status]) for status in rules.STATUS_ORDER}
    )
    return {status: row[status] or 0 for status in rules.STATUS_ORDER}


@dataclass
class UnitRow:
    unit: OrgUnit
    counts: dict[str, int]
    rates: rules.Rates

    @property
    def completion_rate(self) -> Decimal | None:
        return self.rates.completion_rate

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.rates.on_time_rate


@dataclass
class Dashboard:
    today: dt.date
    directive: Directive | None
    counts: dict[str, int]
    rates: rules.Rates
    overdue: list[Task]
    units: list[UnitRow] = field(default_factory=list)
    overdue_total: int = 0
    # What the figures cover, said beside them: "Toàn Ban Chỉ đạo" or the unit's own tasks.
    scope_label: str = ""

    @property
    def open_on_time_total(self) -> int:
        return self.counts[rules.OPEN_ON_TIME] + self.counts[rules.NOT_STARTED]

    @property
    def cards(self) -> list[tuple[str, str, int]]:
        """The six statuses of DESIGN §4 (open on time includes not started)."""
        order = [rules.DONE_ON_TIME, rules.DONE_LATE, rules.OPEN_ON_TIME, rules.OPEN_OVERDUE,
                 rules.RECURRING, rules.CANCELLED]
        return [
            (s, rules.STATUS_LABELS[s], self.open_on_time_total if s == rules.OPEN_ON_TIME else self.counts[s])
            for s in order
        ]


def status_counts_by_lead_unit(qs: QuerySet[Task], *, today: dt.date) -> dict[int | None, dict[str, int]]:
    """Status counts per lead unit in one grouped query (key None: tasks without a lead unit).
    Their sum over the units is `status_counts` of the same tasks."""
    filters = status_filters(today)
    grouped = (
        counted_tasks(qs)
        .values("lead_unit_id")
        .annotate(**{status: Count("id", filter=filters[status]) for status in rules.STATUS_ORDER})
        .order_by()
    )
    return {row["lead_unit_id"]: {s: row[s] for s in rules.STATUS_ORDER} for row in grouped}


def unit_rows(qs: QuerySet[Task], *, today: dt.date) -> list[UnitRow]:
    """Counts per lead unit in one grouped query, sorted by completion rate (highest first)."""
    return _unit_rows_from(status_counts_by_lead_unit(qs, today=today))


def _unit_rows_from(by_unit: dict[int | None, dict[str, int]]) -> list[UnitRow]:
    by_unit = {unit_id: counts for unit_id, counts in by_unit.items() if unit_id}
    units = OrgUnit.objects.in_bulk(list(by_unit))
    rows = []
    for unit_id, counts in by_unit.items():
        rows.append(UnitRow(unit=units[unit_id], counts=counts, rates=rules.rates_from_counts(counts)))

    def sort_key(r: UnitRow) -> tuple[int, Decimal, Decimal, int, str]:
        rate = r.completion_rate
        return (
            0 if rate is not None else 1,
            -(rate or Decimal(0)),
            -(r.on_time_rate or Decimal(0)),
            r.counts[rules.OPEN_OVERDUE],
            r.unit.name,
        )

    rows.sort(key=sort_key)
    return rows


def dashboard_scope_label(*, user: User, committee_wide: bool = False) -> str:
    from django.utils.translation import gettext as _

    if committee_wide or user.is_committee_wide or user.unit is None:
        return _("Toàn Ban Chỉ đạo")
    return _("Nhiệm vụ của %(unit)s (chủ trì / phối hợp)") % {"unit": user.unit.display_name}


def dashboard_get(
    *, user: User, today: dt.date, directive: Directive | None = None, overdue_limit: int = 10,
    committee_wide: bool = False,
) -> Dashboard:
    """The dashboard's figures over the person's tasks, or with `committee_wide` over every task of
    the committee (counts only: a unit sees the whole committee's figures beside its own)."""
    qs = Task.objects.all() if committee_wide else tasks_visible(user=user)
    if directive is not None:
        qs = qs.filter(directive_ids_q(directive))
    if (committee_wide or user.is_committee_wide) and today == timezone.localdate():
        # Every task counts: the counts kept by the writers (tally.py), a few hundred rows.
        directive_ids = directive_descendant_ids(directive) if directive is not None else None
        by_unit = tally_counts_by_lead_unit(directive_ids=directive_ids, today=today)
    else:
        # One pass over the tasks gives both the unit table and, summed, the totals.
        by_unit = status_counts_by_lead_unit(qs, today=today)
    counts = {s: sum(unit_counts[s] for unit_counts in by_unit.values()) for s in rules.STATUS_ORDER}
    overdue_qs = Task.objects.none() if committee_wide and not user.is_committee_wide else (
        counted_tasks(qs)
        .filter(status_filters(today)[rules.OPEN_OVERDUE])
        .select_related("lead_unit", "directive")
        .order_by("due_on", "id")
    )
    return Dashboard(
        today=today,
        directive=directive,
        counts=counts,
        rates=rules.rates_from_counts(counts),
        overdue=list(overdue_qs[:overdue_limit]),
        overdue_total=counts[rules.OPEN_OVERDUE],
        units=[] if committee_wide and not user.is_committee_wide else _unit_rows_from(by_unit),
        scope_label=dashboard_scope_label(user=user, committee_wide=committee_wide),
    )


def directive_ids_q(directive: Directive) -> Q:
    """A directive's own tasks and those of the directives under it (programme under resolution)."""
    ids = directive_descendant_ids(directive)
    return Q(directive_id__in=ids)


def directive_descendant_ids(directive: Directive) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Directive.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    result, stack = [], [directive.pk]
    while stack:
        current = stack.pop()
        if current in result:
            continue
        result.append(current)
        stack.extend(children.get(current, []))
    return result


@dataclass
class TaskFilters:
    directive: Directive | None = None
    unit: OrgUnit | None = None
    status: str = ""
    field: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""
    role: str = ""  # "lead" or "support" when filtering by unit
    state: str = ""
    leader: User | None = None  # the leader in charge, as resolved (task, else group, else directive)


def task_list(*, user: User, filters: TaskFilters, today: dt.date) -> QuerySet[Task]:
    """Leaf tasks the person may see, filtered; each row carries its status."""
    qs = tasks_visible(user=user).exclude(kind=TaskKind.GROUP)
    if not user.can_manage_tasks:
        qs = qs.exclude(state=TaskState.DRAFT)
    if filters.directive is not None:
        qs = qs.filter(directive_ids_q(filters.directive))
    if filters.unit is not None:
        supports = supported_task_ids([filters.unit.pk])
        if filters.role == "lead":
            qs = qs.filter(lead_unit=filters.unit)
        elif filters.role == "support":
            qs = qs.filter(pk__in=supports)
        else:
            qs = qs.filter(Q(lead_unit=filters.unit) | Q(pk__in=supports))
    if filters.status:
        all_filters = status_filters(today)
        status_q = all_filters.get(filters.status)
        if filters.status == rules.OPEN_ON_TIME:
            # "Open on time" includes the not-started tasks (DESIGN §4); not_started narrows it.
            # Filtered on the status expression (the same statuses: tests compare it with the
            # filters), not on the OR of the two filters: SQLite answers that OR by reading every
            # open task through the open-tasks index even when a unit narrows the list to a few
            # hundred (unit list at 100,000 tasks: 154 ms a query → 35 ms).
            qs = qs.exclude(state=TaskState.DRAFT).alias(list_status=status_case(today)).filter(
                list_status__in=[rules.OPEN_ON_TIME, rules.NOT_STARTED]
            )
            status_q = None
        if status_q is not None:
            qs = qs.exclude(state=TaskState.DRAFT).filter(status_q)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.leader is not None:
        qs = qs.filter(leader_in_charge_q(filters.leader))
    if filters.due_from:
        qs = qs.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due_on__lte=filters.due_to)
    if filters.q:
        for word in search_words(filters.q):
            qs = qs.filter(search_text__contains=word)
    return (
        qs.select_related("lead_unit", "directive")
        .annotate(status=status_case(today))
        .order_by("due_on", "directive_id", "position", "id")
    )


def tasks_by_ids(*, ids: list[int], today: dt.date) -> list[Task]:
    """The rows of a task list page picked by id (already permission-checked), in the ids' order,
    with the same related objects and status as `task_list`'s rows."""
    rows = Task.objects.filter(pk__in=ids).select_related("lead_unit", "directive").annotate(
        status=status_case(today))
    by_id = {t.pk: t for t in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def task_get(*, user: User, pk: int) -> Task:
    """One task the person may see, or 404 (never revealing that it exists)."""
    qs = tasks_visible(user=user).select_related("lead_unit", "directive", "parent", "created_by", *LEADER_RELATED)
    try:
        task = qs.get(pk=pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    if task.state == TaskState.DRAFT and not user.can_manage_tasks and not user.is_committee_wide:
        raise Http404
    return task


def task_status_of(task: Task, *, today: dt.date) -> str:
    return rules.task_status(
        recurring=task.kind == TaskKind.RECURRING,
        cancelled=task.state == TaskState.CANCELLED,
        completed_on=task.completed_on,
        due_on=task.due_on,
        has_reports=task.last_reported_on is not None,
        today=today,
    )


@dataclass
class TreeNode:
    task: Task
    status: str
    progress: int
    children: list[TreeNode]


def task_tree(*, user: User, directive: Directive, today: dt.date) -> list[TreeNode]:
    """A directive's tasks as a tree (groups with their children), in one query."""
    tasks = list(
        tasks_visible(user=user)
        .filter(directive=directive)
        .select_related("lead_unit")
        .order_by("position", "id")
    )
    if not user.can_manage_tasks:
        tasks = [t for t in tasks if t.state != TaskState.DRAFT]
    if not user.is_committee_wide:
        # A unit sees the groups that hold its tasks, so the tree keeps its shape.
        visible_parent_ids = {t.parent_id for t in tasks if t.parent_id}
        groups = Task.objects.filter(pk__in=visible_parent_ids, kind=TaskKind.GROUP)
        tasks = list(groups) + [t for t in tasks if not t.is_group]
    by_parent: dict[int | None, list[Task]] = {}
    for t in tasks:
        by_parent.setdefault(t.parent_id, []).append(t)
    ids = {t.pk for t in tasks}

    def build(parent_id: int | None) -> list[TreeNode]:
        nodes = []
        for t in sorted(by_parent.get(parent_id, []), key=lambda x: (x.position, x.pk)):
            children = build(t.pk)
            if t.is_group:
                progress = rules.group_progress([(c.progress, c.task.weight) for c in children
                                                 if c.status != rules.CANCELLED])
                status = ""
            else:
                progress = 100 if t.completed_on else t.progress
                status = task_status_of(t, today=today)
            nodes.append(TreeNode(task=t, status=status, progress=progress, children=children))
        return nodes

    roots = [t for t in tasks if t.parent_id is None or t.parent_id not in ids]
    by_parent[None] = roots
    return build(None)


def directive_list(*, user: User, today: dt.date) -> list[tuple[Directive, dict[str, int], rules.Rates]]:
    """Directives with counts of the tasks the person may see, in two queries.

    A directive's counts include the directives under it (as the dashboard and the task list
    filtered by that directive do), so each count matches the list its link opens.
    """
    directives = list(Directive.objects.select_related("parent").order_by("issued_on", "code"))
    filters = status_filters(today)
    grouped = (
        counted_tasks(tasks_visible(user=user))
        .values("directive_id")
        .annotate(**{s: Count("id", filter=filters[s]) for s in rules.STATUS_ORDER})
        .order_by()
    )
    by_directive = {row["directive_id"]: {s: row[s] for s in rules.STATUS_ORDER} for row in grouped}
    children: dict[int | None, list[int]] = {}
    for d in directives:
        children.setdefault(d.parent_id, []).append(d.pk)
    result = []
    for d in directives:
        counts = dict.fromkeys(rules.STATUS_ORDER, 0)
        seen: set[int] = set()
        stack = [d.pk]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for s, n in by_directive.get(current, {}).items():
                counts[s] += n
            stack.extend(children.get(current, []))
        result.append((d, counts, rules.rates_from_counts(counts)))
    return result


def directive_get(*, pk: int) -> Directive:
    try:
        return Directive.objects.select_related("parent", "leader_in_charge").get(pk=pk)
    except Directive.DoesNotExist as exc:
        raise Http404 from exc


# ---------------------------------------------------------------------------------------------
# Leader in charge (lãnh đạo phụ trách)
# ---------------------------------------------------------------------------------------------

# What `task_leader_in_charge` reads, for select_related on the querysets that show it.
LEADER_RELATED = ("leader_in_charge", "parent__leader_in_charge", "directive__leader_in_charge")


def task_leader_in_charge(task: Task) -> tuple[User | None, str]:
    """The task's leader in charge and where it comes from (rules.LEADER_OWN / _FROM_GROUP /
    _FROM_DIRECTIVE, '' when none): select_related(*LEADER_RELATED) avoids the extra queries."""
    group = task.parent if task.parent_id else None
    source = rules.leader_in_charge_source(
        task_leader_id=task.leader_in_charge_id,
        group_leader_id=group.leader_in_charge_id if group is not None else None,
        directive_leader_id=task.directive.leader_in_charge_id,
    )
    if source == rules.LEADER_OWN:
        return task.leader_in_charge, source
    if source == rules.LEADER_FROM_GROUP:
        assert group is not None
        return group.leader_in_charge, source
    if source == rules.LEADER_FROM_DIRECTIVE:
        return task.directive.leader_in_charge, source
    return None, ""


def leader_in_charge_q(leader: User) -> Q:
    """Tasks whose resolved leader in charge is `leader` (the same precedence as
    rules.leader_in_charge_source, as a filter)."""
    return (
        Q(leader_in_charge=leader)
        | Q(leader_in_charge__isnull=True, parent__leader_in_charge=leader)
        | Q(leader_in_charge__isnull=True, parent__leader_in_charge__isnull=True,
            directive__leader_in_charge=leader)
    )
