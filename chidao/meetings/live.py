""""Follow the chair": the tiny state every participant's screen polls about once a second.

The state is (live_version, current item, meeting state). It is read from Django's cache and
falls back to one primary-key query, kept for `STATE_TTL` seconds. A change (chair moves the
agenda, a vote opens, someone checks in) bumps `Meeting.live_version` in the database and
refreshes the cache of the process that made it; other processes (gunicorn workers with the
per-process default cache) see it when their short entry expires. So 200 followers polling once
a second cost each worker at most a few queries a second, and the delay stays within the poll
interval + STATE_TTL (≈ 1.25 s) — measured by `bench/follow_the_chair.py`.

With a shared cache (CACHES pointing to Redis or Memcached) the refresh is seen at once everywhere.

Since the move to ASGI the page is told instead (server-sent events, `follow_stream` below, the
view `meeting_events`): the delay falls to the watcher's interval (~0.12 s). Polling stays as the
fallback where the push channel is cut (follow.js).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Meeting, MeetingState

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


# --- push: server-sent events ------------------------------------------------------------------
# Each web process runs one broadcaster per meeting that has followers connected to it: a task on
# the process's event loop reading the meeting's indexed row (primary key) every WATCH_INTERVAL
# seconds and handing any change to each follower's queue. So N followers cost one tiny query per
# interval per process, whatever N is, and no thread is held while they wait. Several processes
# need nothing shared: each watches the database itself.

WATCH_INTERVAL = 0.12
HEARTBEAT = 15.0

# One thread for every watcher's reads in this process: one database connection, never the pool
# that sync views use, so thousands of idle followers cannot starve the pages.
_db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chidao-live")


def _read_row(meeting_id: int) -> dict[str, Any] | None:
    try:
        return (Meeting.objects.filter(pk=meeting_id)
                .values("live_version", "current_item_id", "state", "current_item__title",
                        "current_item__is_confidential").first())
    except DatabaseError:
        # The database restarted: drop the broken connection, the next tick reconnects.
        connection.close()
        return None


async def run_db(func: Callable[..., Any], *args: Any) -> Any:
    """Run a short ORM call on the live thread (Django's ORM is synchronous)."""
    return await asyncio.get_running_loop().run_in_executor(_db, func, *args)


class Broadcaster:
    """Watches one meeting in this process and fans each change out to its followers."""

    def __init__(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id
        self.loop = asyncio.get_running_loop()
        self.followers: set[asyncio.Queue[dict[str, Any]]] = set()
        self.row: dict[str, Any] | None = None
        self.task: asyncio.Task[None] | None = None

    async def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        if self.row is None:
            self.row = await run_db(_read_row, self.meeting_id)
        if self.row is not None:
            queue.put_nowait(self.row)
        self.followers.add(queue)
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._watch())
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self.followers.discard(queue)

    async def _watch(self) -> None:
        while self.followers:
            await asyncio.sleep(WATCH_INTERVAL)
            row = await run_db(_read_row, self.meeting_id)
            if row is None or row == self.row:
                continue
            self.row = row
            for queue in list(self.followers):
                queue.put_nowait(row)
        # Nobody left: forget the last row so the next follower reads a fresh one.
        self.row = None
        if _broadcasters.get(self.meeting_id) is self:
            del _broadcasters[self.meeting_id]
        if not _broadcasters:
            await run_db(connections.close_all)  # no meeting followed here: hold no connection


def release_connection() -> None:
    """Close the live thread's database connection (tests, before the test database is dropped)."""
    _db.submit(connections.close_all).result()


_broadcasters: dict[int, Broadcaster] = {}


def broadcaster_for(meeting_id: int) -> Broadcaster:
    hub = _broadcasters.get(meeting_id)
    if hub is None or hub.loop is not asyncio.get_running_loop():
        hub = _broadcasters[meeting_id] = Broadcaster(meeting_id)
    return hub


def event_payload(row: dict[str, Any], *, sees_confidential: bool) -> dict[str, Any]:
    """What one follower is told: a confidential item's title only to those who may see it."""
    title = row["current_item__title"]
    if title is not None and row["current_item__is_confidential"] and not sees_confidential:
        title = str(_("Nội dung mật"))
    return {"version": row["live_version"], "item": row["current_item_id"], "state": row["state"], "title": title}


def sse_event(payload: dict[str, Any]) -> str:
    return f"event: state\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"


async def follow_stream(*, meeting_id: int, sees_confidential: bool, session_key: str | None,
                        session_alive: Callable[[str | None], bool]) -> AsyncIterator[str]:
    """The event stream of one follower: the state at once, then every change, a comment every
    HEARTBEAT seconds (proxies close silent connections); it ends when the meeting is closed or the
    person's session is gone (checked at each heartbeat)."""
    hub = broadcaster_for(meeting_id)
    queue = await hub.subscribe()
    try:
        yield "retry: 3000\n\n"
        while True:
            try:
                row = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT)
            except TimeoutError:
                if not await run_db(session_alive, session_key):
                    return
                yield ": ping\n\n"
                continue
            yield sse_event(event_payload(row, sees_confidential=sees_confidential))
            if row["state"] == MeetingState.CLOSED:
                return
    finally:
        hub.unsubscribe(queue)
