"""Statistics for SQLite's query planner.

Without statistics SQLite guesses which index is selective, and on the task table it guesses
badly: a unit's open tasks under the resolution were read through the directive index (every task
of every programme) instead of the lead-unit index, 2–3× slower, and the dashboard's counts took
twice as long (docs/performance.md). `ANALYZE` gives the planner the real sizes. It runs after
every `migrate` (so a new deployment and every upgrade start with statistics) and once a day in
the worker (the tables grow). PostgreSQL keeps its own statistics (autovacuum), so this is a no-op
there.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


def database_statistics_refresh(*, using: str = "default") -> bool:
    """Refresh the planner's statistics; True when something was done (SQLite)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def refresh_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    database_statistics_refresh(using=using)
