""""Follow the chair": the tiny state every participant's screen polls about once a second.

The state is (live_version, current item, meeting state). It is read from Django's cache and
falls back to one primary-key query, kept for `STATE_TTL` seconds. A change (chair moves the
agenda, a vote opens, someone checks in) bumps `Meeting.live_version` in the database and
refreshes the cache of the process that made it; other processes (gunicorn workers with the
per-process default cache) see it when their short entry expires. So 200 followers polling once
a second cost each worker at most a few queries a second, and the delay stays within the poll
interval + STATE_TTL (≈ 1.25 s) — measured by `bench/follow_the_chair.py`.

With a shared cache (CACHES pointing to Redis or Memcached) the refresh is seen at once everywhere.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .models import Meeting

STATE_TTL = 0.25
ACCESS_TTL = 60


def _key(meeting_id: int) -> str:
    return f"chidao:meeting-live:{meeting_id}"


def access_key(meeting_id: int, user_id: int) -> str:
    return f"chidao:meeting-access:{meeting_id}:{user_id}"


def live_state(meeting_id: int) -> dict[str, Any] | None:
    state = cache.get(_key(meeting_id))
    if state is None:
        row = Meeting.objects.filter(pk=meeting_id).values("live_version", "current_item_id", "state").first()
        if row is None:
            return None
        state = {"version": row["live_version"], "item": row["current_item_id"], "state": row["state"]}
        cache.set(_key(meeting_id), state, STATE_TTL)
    return state


def live_bump(meeting: Meeting) -> None:
    """Record a change the participants' screens must show. Call inside the service's transaction."""
    Meeting.objects.filter(pk=meeting.pk).update(live_version=F("live_version") + 1)
    cache.delete(_key(meeting.pk))
    # Again after the commit, in case a poll cached the old row in between.
    transaction.on_commit(lambda: cache.delete(_key(meeting.pk)))


def access_forget(meeting_id: int, user_id: int) -> None:
    cache.delete(access_key(meeting_id, user_id))
