"""Report discipline per unit — the ONE place scorecards read it from.

DESIGN §4 defines report discipline on reporting rounds: on-time submissions ÷ expected. The
rounds app (`chidao.rounds`) owns rounds and their submissions; scorecards, snapshots and the
ranking page read discipline only through this function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

GRACE_DAYS = 15


def unit_report_discipline(
    *, start: dt.date, end: dt.date, unit_ids: Collection[int] | None = None
) -> dict[int, tuple[int, int]]:
    """lead unit id → (submitted on time, expected) over the reporting rounds due in [start, end]
    (DESIGN §4: report discipline = on-time submissions ÷ expected). Units that owed nothing in
    the period are absent, so the scorecard leaves the component out for them."""
    from chidao.orgs.models import OrgUnit
    from chidao.rounds.selectors import unit_report_discipline as rounds_discipline

    ids = list(unit_ids) if unit_ids is not None else list(OrgUnit.objects.values_list("id", flat=True))
    return {uid: (d.on_time, d.expected) for uid, d in rounds_discipline(ids, start, end).items()}
