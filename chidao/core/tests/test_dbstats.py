"""SQLite's planner gets statistics after `migrate` and from the worker (chidao/core/dbstats.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from chidao.core.dbstats import database_statistics_refresh

pytestmark = pytest.mark.django_db


def _analyzed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics")
def test_migrate_signal_gives_the_planner_the_task_tables_sizes(make_task: Callable[..., Any]) -> None:
    for n in range(3):
        make_task(title=f"Nhiệm vụ {n}")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert "directives_task" not in _analyzed_tables()
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate still runs
    assert "directives_task" in _analyzed_tables()


def test_refresh_is_a_no_op_on_postgresql() -> None:
    assert database_statistics_refresh() is (connection.vendor == "sqlite")
