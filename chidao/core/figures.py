"""Figures cached per state of the data they read.

The read-heavy pages (dashboard, ranking, warnings, results and resources dashboards) count tens of
thousands of rows to show a few hundred numbers, and those numbers only change when data changes or
the day turns (a task becomes overdue at local midnight). Every write bumps the version of the
concerns it changes in its own transaction (chidao/core/concerns.py), so today's date and the
versions of the concerns a figure reads name one state of what it shows: figures stored under that
name are exact, never stale, and a write to another concern (a meeting, a download) leaves them.

The versions are read *before* the figures are computed: a write that commits in between makes the
stored entry unreachable (its key names the old state), never wrong. A version is a random stamp,
so figures computed inside a transaction that is then rolled back sit under a key no later state
can have.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from chidao.core import concerns
from chidao.core.concerns import request_began, request_ended  # noqa: F401  (connected in apps.py)

T = TypeVar("T")

CACHE_ALIAS = "figures"


def data_version(reads: Iterable[str] = concerns.ALL) -> str:
    """Today's date and the stamps of the concerns `reads`: changes on every write to one of them."""
    versions = concerns.concern_versions()
    stamps = ".".join(versions.get(name, "0") for name in sorted(set(reads)))
    return f"{timezone.localdate().isoformat()}.{stamps}"


def figures_key(name: str, parts: tuple[Any, ...], version: str) -> str:
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:16]
    return f"chidao:{name}:{version}:{digest}"


def figures_cached(
    name: str, parts: tuple[Any, ...], compute: Callable[[], T], *, reads: Iterable[str] = concerns.ALL
) -> T:
    """`compute()`'s result for this state of the data, computed once per state and `parts`.

    `reads` lists the concerns (chidao/core/concerns.py) whose data `compute` reads; a write to any
    other concern keeps the result. Every concern unless told: too many only costs a recompute.

    `parts` must name everything the result depends on besides the data and the day: the scope of
    the person (role, unit), the filters, the period. The result must be picklable and must not be
    mutated by the caller.
    """
    if not getattr(settings, "CHIDAO_FIGURES_CACHE", True):
        return compute()
    key = figures_key(name, parts, data_version(reads))
    cache = caches[CACHE_ALIAS]
    missing = object()
    value = cache.get(key, missing)
    if value is missing:
        value = compute()
        cache.set(key, value)
    return value  # type: ignore[return-value]
