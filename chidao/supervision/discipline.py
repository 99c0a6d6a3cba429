"""Report discipline per unit — the ONE place scorecards read it from.

DESIGN §4 defines report discipline on reporting rounds (on-time submissions ÷ expected). Rounds
are built in another app (`chidao.rounds`); until it lands, discipline is computed here from
progress reports. When rounds are merged, replace the body of `unit_report_discipline` with a
call to the rounds app's function of the same name: scorecards, snapshots and the ranking page
read nothing else.

Interim definition (from progress reports): a task *needed a report* in the period when it is a
leaf deadline or recurring task its unit leads, assigned at least `GRACE_DAYS` before the period
end (a task given on the last days had no chance to report), not a draft or cancelled, and not
completed before the period started. It was *reported on time* when a report on it was submitted
(whatever the review said) between the period start and the period end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q

from chidao.directives.models import Task, TaskKind, TaskState
from chidao.reporting.models import ProgressReport

GRACE_DAYS = 15


def unit_report_discipline(
    *, start: dt.date, end: dt.date, unit_ids: Collection[int] | None = None
) -> dict[int, tuple[int, int]]:
    """lead unit id → (reported on time, expected) for the period [start, end], one query."""
    reported = ProgressReport.objects.filter(
        task_id=OuterRef("pk"), submitted_on__gte=start, submitted_on__lte=end
    )
    qs = (
        Task.objects.filter(
            lead_unit__isnull=False,
            kind__in=[TaskKind.DEADLINE, TaskKind.RECURRING],
            assigned_on__lte=end - dt.timedelta(days=GRACE_DAYS),
        )
        .exclude(state__in=[TaskState.DRAFT, TaskState.CANCELLED])
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=start))
    )
    if unit_ids is not None:
        qs = qs.filter(lead_unit_id__in=list(unit_ids))
    rows = (
        qs.values("lead_unit_id")
        .annotate(expected=Count("id"), on_time=Count("id", filter=Q(Exists(reported))))
        .order_by()
    )
    return {row["lead_unit_id"]: (row["on_time"], row["expected"]) for row in rows}
