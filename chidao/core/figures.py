"""Figures cached per state of the data.

The read-heavy pages (dashboard, ranking, warnings, results and resources dashboards) count tens of
thousands of rows to show a few hundred numbers, and those numbers only change when data changes or
the day turns (a task becomes overdue at local midnight). Every write goes through a service that
appends to the audit chain in the same transaction (DESIGN §5), so the chain's sequence number and
today's date name one state of the data: figures stored under that name are exact, never stale.

The version is read *before* the figures are computed: a write that commits in between makes the
stored entry unreachable (its key names the old state), never wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

T = TypeVar("T")

CACHE_ALIAS = "figures"


def data_version() -> str:
    """Today's date and the audit chain's sequence number: changes on every audited write."""
    from chidao.audit.models import AuditHead

    seq = AuditHead.objects.filter(pk=1).values_list("last_seq", flat=True).first() or 0
    return f"{timezone.localdate().isoformat()}.{seq}"


def figures_key(name: str, parts: tuple[Any, ...], version: str) -> str:
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:16]
    return f"chidao:{name}:{version}:{digest}"


def figures_cached(name: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()`'s result for this state of the data, computed once per state and `parts`.

    `parts` must name everything the result depends on besides the data and the day: the scope of
    the person (role, unit), the filters, the period. The result must be picklable and must not be
    mutated by the caller.
    """
    if not getattr(settings, "CHIDAO_FIGURES_CACHE", True):
        return compute()
    key = figures_key(name, parts, data_version())
    cache = caches[CACHE_ALIAS]
    missing = object()
    value = cache.get(key, missing)
    if value is missing:
        value = compute()
        cache.set(key, value)
    return value  # type: ignore[return-value]
