"""The figures cache: computed once per state of the data, recomputed after any audited write or
when the day turns, so a cached page is never stale (per concern: test_concerns.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import transaction

from chidao.audit.services import audit_record
from chidao.core.figures import data_version, figures_cached

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"calls": self.calls}


def _write(actor: Any) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="test.write", target=actor, summary="ghi thử")


def test_computed_once_per_state_and_parts(secretariat: Any) -> None:
    compute = Counter()
    assert figures_cached("t", ("a",), compute) == {"calls": 1}
    assert figures_cached("t", ("a",), compute) == {"calls": 1}
    # Other parts (another scope or filter) are another entry.
    assert figures_cached("t", ("b",), compute) == {"calls": 2}
    assert compute.calls == 2


def test_an_audited_write_makes_the_figures_recomputed(secretariat: Any) -> None:
    compute = Counter()
    before = data_version()
    figures_cached("t", (), compute)
    _write(secretariat)
    assert data_version() != before
    assert figures_cached("t", (), compute) == {"calls": 2}


def test_the_day_turning_makes_the_figures_recomputed(secretariat: Any) -> None:
    compute = Counter()
    # 23:59 and 00:01 in Asia/Ho_Chi_Minh (UTC+7) are two days: overdue starts at local midnight.
    with time_machine.travel(dt.datetime(2026, 3, 9, 16, 59, tzinfo=dt.UTC), tick=False):
        figures_cached("t", (), compute)
        figures_cached("t", (), compute)
    with time_machine.travel(dt.datetime(2026, 3, 9, 17, 1, tzinfo=dt.UTC), tick=False):
        figures_cached("t", (), compute)
    assert compute.calls == 2


def test_switched_off_computes_every_time(settings: Any, secretariat: Any) -> None:
    settings.CHIDAO_FIGURES_CACHE = False
    compute = Counter()
    figures_cached("t", (), compute)
    figures_cached("t", (), compute)
    assert compute.calls == 2


def test_figures_computed_in_a_rolled_back_transaction_are_never_served(secretariat: Any) -> None:
    compute = Counter()
    with pytest.raises(RuntimeError), transaction.atomic():
        _write(secretariat)
        figures_cached("t", (), compute)  # sees the write that is about to be undone
        raise RuntimeError
    _write(secretariat)  # committed, and it gets the same sequence number
    assert figures_cached("t", (), compute) == {"calls": 2}
