"""Task counts per (directive, lead unit, status), kept current by the writer.

The dashboard's status counts grouped every counted task on every cold view (≈ 30 ms of SQL at
20,000 tasks). The tally holds the same counts, a few hundred rows: every Task save or delete
recomputes the counts of its (directive, lead unit) pair — old and new — inside the writing
transaction (signals connected in apps.py; `task_bulk_create` calls `tally_refresh` itself), so a
rolled-back write leaves the tally as it was. A status depends on today's date (open → overdue at
local midnight): the tally names the day it was built for, and the first read of another day (or
the worker's daily tick) rebuilds it whole. `manage.py check_aggregates` recomputes and compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from chidao.core import concerns

from . import rules
from .models import TallyState, Task, TaskTally

Pair = tuple[int, int | None]  # (directive id, lead unit id)


def _computed(pairs: Iterable[Pair] | None, today: dt.date) -> list[TaskTally]:
    """The tally rows of `pairs` (every pair: None) computed from the tasks, as of `today`."""
    from .selectors import counted_tasks, status_case

    qs = counted_tasks(Task.objects.all())
    if pairs is not None:
        pairs = list(pairs)
        if not pairs:
            return []
        match = Q()
        for directive_id, unit_id in pairs:
            match |= Q(directive_id=directive_id, lead_unit_id=unit_id) if unit_id is not None else Q(
                directive_id=directive_id, lead_unit__isnull=True)
        qs = qs.filter(match)
    grouped = (qs.annotate(status_now=status_case(today)).values("directive_id", "lead_unit_id", "status_now")
               .annotate(n=Count("id")).order_by())
    return [TaskTally(directive_id=row["directive_id"], lead_unit_id=row["lead_unit_id"], status=row["status_now"],
                      n=row["n"]) for row in grouped]


def _built_for() -> dt.date | None:
    return TallyState.objects.filter(pk=1).values_list("as_of", flat=True).first()


def tally_rebuild(*, today: dt.date | None = None) -> int:
    """Recompute the whole tally as of `today`; the number of rows."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # One rebuild or refresh at a time; the counts do not change, so the figures keep their version.
        concerns.concern_lock(concerns.TASKS)
        rows = _computed(None, today)
        TaskTally.objects.all().delete()
        TaskTally.objects.bulk_create(rows, batch_size=500)
        TallyState.objects.update_or_create(pk=1, defaults={"as_of": today})
    return len(rows)


def tally_rebuild_if_stale() -> bool:
    """Rebuild when the tally names another day than today (the worker's tick, after midnight)."""
    if _built_for() == timezone.localdate():
        return False
    tally_rebuild()
    return True


def tally_refresh(pairs: Iterable[Pair]) -> None:
    """Recompute the rows of `pairs` from their tasks. Call inside the writing transaction."""
    pairs = {(d, u) for d, u in pairs if d is not None}
    if not pairs:
        return
    today = timezone.localdate()
    with transaction.atomic():
        # Bumping the tasks concern locks its row until the commit: two writers refresh in turn,
        # the second reading what the first committed (no lost update on PostgreSQL).
        concerns.concern_bump(concerns.TASKS)
        if _built_for() != today:
            return  # the next read rebuilds everything as of its day, this change included
        for directive_id, unit_id in pairs:
            TaskTally.objects.filter(directive_id=directive_id, lead_unit_id=unit_id).delete()
        TaskTally.objects.bulk_create(_computed(pairs, today))


def tally_counts_by_lead_unit(*, directive_ids: list[int] | None, today: dt.date) -> dict[int | None, dict[str, int]]:
    """`selectors.status_counts_by_lead_unit` of every counted task (of `directive_ids`), from the tally."""
    if _built_for() != today:
        tally_rebuild(today=today)
    qs = TaskTally.objects.all()
    if directive_ids is not None:
        qs = qs.filter(directive_id__in=directive_ids)
    result: dict[int | None, dict[str, int]] = {}
    for row in qs.values("lead_unit_id", "status").annotate(total=Sum("n")).order_by():
        counts = result.setdefault(row["lead_unit_id"], dict.fromkeys(rules.STATUS_ORDER, 0))
        counts[row["status"]] += row["total"]
    return result


def tally_differences(*, today: dt.date | None = None) -> list[str]:
    """What the stored tally says that a recount does not (empty: exact)."""
    today = today or timezone.localdate()
    built = _built_for()
    problems = [] if built == today else [f"tally built for {built}, not {today}"]

    def keyed(rows: Iterable[TaskTally]) -> dict[tuple[int, int | None, str], int]:
        out: dict[tuple[int, int | None, str], int] = {}
        for r in rows:
            key = (r.directive_id, r.lead_unit_id, r.status)
            out[key] = out.get(key, 0) + r.n
        return out

    stored, fresh = keyed(TaskTally.objects.all()), keyed(_computed(None, today))
    for key in sorted(set(stored) | set(fresh), key=repr):
        if stored.get(key, 0) != fresh.get(key, 0):
            problems.append(f"directive {key[0]}, unit {key[1]}, {key[2]}: stored {stored.get(key, 0)}, "
                            f"counted {fresh.get(key, 0)}")
    return problems


# --- kept by every Task save and delete ------------------------------------------------------------

def _remember_pair(sender: type, instance: Task, raw: bool = False, **kwargs: object) -> None:
    old = None
    if instance.pk is not None and not raw:
        old = Task.objects.filter(pk=instance.pk).values_list("directive_id", "lead_unit_id").first()
    instance._tally_old_pair = old  # type: ignore[attr-defined]  # read by _refresh_after_save


def _refresh_after_save(sender: type, instance: Task, raw: bool = False, **kwargs: object) -> None:
    if raw:
        return
    pairs = {(instance.directive_id, instance.lead_unit_id)}
    old = getattr(instance, "_tally_old_pair", None)
    if old is not None:
        pairs.add(old)
    tally_refresh(pairs)


def _refresh_after_delete(sender: type, instance: Task, **kwargs: object) -> None:
    tally_refresh({(instance.directive_id, instance.lead_unit_id)})
