"""Figures cached per state of the data.

The read-heavy pages (dashboard, ranking, warnings, results and resources dashboards) count tens of
thousands of rows to show a few hundred numbers, and those numbers only change when data changes or
the day turns (a task becomes overdue at local midnight). Every write goes through a service that
appends to the audit chain in the same transaction (DESIGN §5), so the chain's sequence number and
today's date name one state of the data: figures stored under that name are exact, never stale.

The version is read *before* the figures are computed: a write that commits in between makes the
stored entry unreachable (its key names the old state), never wrong. The key holds the head's hash,
so figures computed inside a transaction that is then rolled back sit under a key no later state
can have.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

T = TypeVar("T")

CACHE_ALIAS = "figures"


# Within one request the chain's head is read once (a page asks for several cached figures: the
# header's counts, the page's, its blocks'). Only inside a request: a worker or a command, which live
# long, always read it. A write made in this process (audit_record) forgets it at once; a write
# by another process during the request is seen by the next request, as if it had come a moment
# later.
_request = threading.local()


def request_began(**kwargs: Any) -> None:
    _request.active, _request.head = True, None


def request_ended(**kwargs: Any) -> None:
    _request.active, _request.head = False, None


def data_version_forget() -> None:
    _request.head = None


def data_version() -> str:
    """Today's date and the audit chain's head (number and hash): changes on every audited write."""
    from chidao.audit.models import AuditHead

    head = getattr(_request, "head", None) if getattr(_request, "active", False) else None
    if head is None:
        # The hash, not only the number: a write rolled back after figures were computed inside
        # its transaction leaves a number the next write reuses, never its hash.
        row = AuditHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
        head = f"{row[0]}-{row[1][:16]}" if row else "0"
        if getattr(_request, "active", False):
            _request.head = head
    return f"{timezone.localdate().isoformat()}.{head}"


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
