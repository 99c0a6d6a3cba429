"""The push of "follow the chair": the server-sent event stream of chidao.meetings.live.

The stream runs as under uvicorn: an async view driven by Django's AsyncClient, its broadcaster
reading the database on its own thread, so these tests commit (transaction=True)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient
from django.urls import reverse

from chidao.meetings import live, services

pytestmark = pytest.mark.django_db(transaction=True)


def _go(*, actor: Any, meeting: Any, item: Any) -> None:
    """The chair moves to an item, starting the meeting first (a scheduled one has no current item)."""
    from chidao.meetings.models import MeetingState

    meeting.refresh_from_db()
    if meeting.state == MeetingState.SCHEDULED:
        services.meeting_start(actor=actor, meeting=meeting, confirm_early=True)
    services.meeting_item_set(actor=actor, meeting=meeting, item=item)


@pytest.fixture(autouse=True)
def _release_live_connection() -> Any:
    yield
    live.release_connection()  # else PostgreSQL refuses to drop the test database


async def _chunks(response: Any) -> AsyncIterator[str]:
    async for chunk in response.streaming_content:
        yield chunk.decode() if isinstance(chunk, bytes) else chunk


async def _next_state(stream: AsyncIterator[str], seen: list[str]) -> dict[str, Any]:
    """The next `state` event, waiting at most 3 s (the watcher reads every ~0.12 s)."""
    async def read() -> dict[str, Any]:
        async for chunk in stream:
            seen.append(chunk)
            if chunk.startswith("event: state"):
                return json.loads(chunk.split("data: ", 1)[1])
        raise AssertionError("the stream ended")
    return await asyncio.wait_for(read(), timeout=3)


async def _open(user: Any, meeting: Any) -> Any:
    client = AsyncClient()
    await client.aforce_login(user)
    return await client.get(reverse("meeting_events", args=[meeting.pk]))


def test_stream_pushes_the_chairs_click(meeting: Any, items: list[Any], leader: Any, head_a: Any) -> None:
    async def scenario() -> None:
        response = await _open(head_a, meeting)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/event-stream")
        stream, seen = _chunks(response), []
        first = await _next_state(stream, seen)
        assert first["item"] is None
        await sync_to_async(_go)(actor=leader, meeting=meeting, item=items[0])
        moved = await _next_state(stream, seen)
        assert moved["item"] == items[0].pk
        assert moved["version"] > first["version"]
        assert moved["title"] == "Báo cáo kết quả thực hiện Nghị quyết 57"
        assert moved["state"] == "in_progress"
        await stream.aclose()  # type: ignore[attr-defined]
    async_to_sync(scenario)()


def test_outsider_and_anonymous_are_refused(meeting: Any, items: list[Any], head_b: Any) -> None:
    async def scenario() -> None:
        assert (await _open(head_b, meeting)).status_code == 404
        anonymous = await AsyncClient().get(reverse("meeting_events", args=[meeting.pk]))
        assert anonymous.status_code == 401
        assert (await _open(head_b, type("M", (), {"pk": 999999})())).status_code == 404
    async_to_sync(scenario)()


def test_confidential_title_never_pushed_to_who_may_not_see_it(
        meeting: Any, items: list[Any], leader: Any, admin: Any, head_a: Any) -> None:
    async def scenario() -> None:
        office, invitee = await _open(admin, meeting), await _open(head_a, meeting)
        office_stream, office_seen = _chunks(office), []
        invitee_stream, invitee_seen = _chunks(invitee), []
        await _next_state(office_stream, office_seen)
        await _next_state(invitee_stream, invitee_seen)
        await sync_to_async(_go)(actor=leader, meeting=meeting, item=items[1])
        hidden = await _next_state(office_stream, office_seen)
        shown = await _next_state(invitee_stream, invitee_seen)
        assert hidden["item"] == shown["item"] == items[1].pk
        assert shown["title"] == "Phương án an ninh mạng"
        assert hidden["title"] == "Nội dung mật"
        assert "an ninh mạng" not in "".join(office_seen)
        await office_stream.aclose()  # type: ignore[attr-defined]
        await invitee_stream.aclose()  # type: ignore[attr-defined]
    async_to_sync(scenario)()


def test_stream_ends_when_the_meeting_closes(meeting: Any, items: list[Any], leader: Any, head_a: Any) -> None:
    async def scenario() -> None:
        stream, seen = _chunks(await _open(head_a, meeting)), []
        await _next_state(stream, seen)
        await sync_to_async(_go)(actor=leader, meeting=meeting, item=items[0])
        await _next_state(stream, seen)
        await sync_to_async(services.meeting_close)(actor=leader, meeting=meeting)
        closed = await _next_state(stream, seen)
        assert closed["state"] == "closed"
        with pytest.raises(AssertionError, match="ended"):
            await _next_state(stream, seen)
    async_to_sync(scenario)()


def test_stream_ends_when_the_session_ends(meeting: Any, head_a: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "HEARTBEAT", 0.2)

    async def scenario() -> None:
        client = AsyncClient()
        await client.aforce_login(head_a)
        response = await client.get(reverse("meeting_events", args=[meeting.pk]))
        stream, seen = _chunks(response), []
        await _next_state(stream, seen)
        await client.alogout()  # the session row is deleted, as at "Đăng xuất"
        with pytest.raises(AssertionError, match="ended"):
            await _next_state(stream, seen)
        assert ": ping\n\n" not in seen  # ended at the first heartbeat, instead of pinging
    async_to_sync(scenario)()


def test_wsgi_refuses_the_stream_so_the_page_polls(meeting: Any, head_a: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(head_a)
    # Under WSGI Django would buffer an endless stream: 204 makes EventSource give up at once.
    assert client.get(reverse("meeting_events", args=[meeting.pk])).status_code == 204
