"""A meeting built through the services: chaired by the leader, secretary from the standing office,
head_a invited as a member, head_b not invited (the outsider of the cross-unit tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def meeting(secretariat: Any, leader: Any, head_a: Any, member: Any) -> Any:
    from chidao.meetings import services

    start = timezone.now() + dt.timedelta(days=1)
    m = services.meeting_create(actor=secretariat, title="Phiên họp Ban Chỉ đạo quý IV", kind="committee_session",
                                starts_at=start, ends_at=start + dt.timedelta(hours=3), place="Hội trường Thành ủy",
                                chair=leader, secretary=secretariat)
    services.meeting_invite(actor=secretariat, meeting=m, people=[head_a, member])
    return m


@pytest.fixture
def items(meeting: Any, secretariat: Any) -> list[Any]:
    from chidao.meetings import services

    return [
        services.agenda_item_add(actor=secretariat, meeting=meeting, title="Báo cáo kết quả thực hiện Nghị quyết 57"),
        services.agenda_item_add(actor=secretariat, meeting=meeting, title="Phương án an ninh mạng",
                                 is_confidential=True),
    ]


@pytest.fixture
def seat(meeting: Any, head_a: Any) -> Any:
    return meeting.invitations.get(invitee=head_a)
