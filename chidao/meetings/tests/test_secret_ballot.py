"""Issue 10, finding 1: the admin plays attacker on a secret vote and cannot link a voter to a choice.

The attacker reads everything an administrator can: every page of the meeting after each ballot
(the detail page, the live panel, the minutes .docx), the audit log, and every database row with its
system columns (ids; on PostgreSQL `xmin`, the transaction that wrote the row version).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.meetings import services
from chidao.meetings.models import Ballot, Vote, VoteParticipation, VoteTally

YES, NO, ABSTAIN = "Tán thành", "Không tán thành", "Không biểu quyết"


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def _page_texts(client: Any, meeting: Any) -> list[str]:
    pages = [
        client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode(),
        client.get(reverse("meeting_live_panel", args=[meeting.pk])).content.decode(),
        _docx_text(client.get(reverse("meeting_minutes_docx", args=[meeting.pk])).content),
    ]
    return pages


def _xmin(table: str, where: str, params: list[Any]) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text, * FROM {table} WHERE {where}", params)
        return [tuple(str(v) for v in row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_admin_cannot_link_a_secret_voter_to_a_choice(
    meeting: Any, items: list[Any], leader: Any, admin: Any, secretariat: Any, head_a: Any, member: Any,
    head_b: Any, officer_b: Any, client: Any,
) -> None:
    services.meeting_invite(actor=secretariat, meeting=meeting, people=[head_b, officer_b])
    voters = [(head_a, YES), (member, NO), (head_b, YES), (officer_b, ABSTAIN)]
    for person, _choice in voters:
        services.checkin(actor=person, meeting=meeting)
    services.meeting_item_set(actor=leader, meeting=meeting, item=items[0])
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua phương án", is_secret=True)
    services.vote_open(actor=leader, vote=vote)
    client.force_login(admin)
    seq_before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    participation_xmin: dict[int, str] = {}
    for person, choice in voters:
        services.ballot_cast(actor=person, vote=vote, choice=choice)
        # Pages after each ballot: the counts are sealed everywhere, so nothing moves with a ballot.
        for text in _page_texts(client, meeting):
            assert 'data-testid="vote-count"' not in text
            assert "Tán thành: 1" not in text and "Tán thành: 0" not in text
        panel = client.get(reverse("meeting_live_panel", args=[meeting.pk])).content.decode()
        assert 'data-testid="vote-sealed"' in panel
        seat = meeting.invitations.get(invitee=person)
        if connection.vendor == "postgresql":
            rows = _xmin("meetings_voteparticipation", "vote_id = %s AND invitation_id = %s", [vote.pk, seat.pk])
            participation_xmin[person.pk] = rows[0][0]

    # The audit log holds no event written by a ballot of a secret vote.
    assert not AuditEvent.objects.filter(seq__gt=seq_before, action="meeting.ballot").exists()
    assert not AuditEvent.objects.filter(seq__gt=seq_before, actor__in=[p for p, _ in voters]).exists()

    # Rows: no ballot row, no person next to a choice, no timestamp or order on the tally.
    assert Ballot.objects.filter(vote=vote).count() == 0
    assert {f.name for f in VoteTally._meta.concrete_fields} == {"id", "vote", "choice", "count"}
    assert {f.name for f in VoteParticipation._meta.concrete_fields} == {"id", "vote", "invitation"}
    tally_ids = list(VoteTally.objects.filter(vote=vote).order_by("id").values_list("choice", flat=True))
    assert tally_ids == vote.options  # ids follow the options as created, not the ballots

    if connection.vendor == "postgresql":
        # Every row written since the vote opened that shares a voter's transaction and names a
        # choice is a candidate link; the attack works only if that points to one option.
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text, choice FROM meetings_votetally WHERE vote_id = %s", [vote.pk])
            tally_rows = cursor.fetchall()
        xmins = {row[0] for row in tally_rows}
        assert len(xmins) == 1, "every option's row is rewritten by each ballot"
        for person, _choice in voters:
            candidates = {row[1] for row in tally_rows if row[0] == participation_xmin[person.pk]}
            assert len(candidates) in (0, len(vote.options))
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text, summary, after::text FROM audit_auditevent WHERE seq > %s",
                           [seq_before])
            for xmin, summary, after in cursor.fetchall():
                assert xmin not in participation_xmin.values(), (summary, after)

    # The close: one audit event with the participants (sorted by name) and the totals.
    services.vote_close(actor=leader, vote=vote)
    close = AuditEvent.objects.get(action="meeting.vote_close", seq__gt=seq_before)
    assert close.after["counts"] == {YES: 2, NO: 1, ABSTAIN: 1}
    assert close.after["participants"] == sorted(str(p) for p, _ in voters)
    detail = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert detail.count('data-testid="vote-count"') == 3
    assert "Tán thành: 2" in _docx_text(client.get(reverse("meeting_minutes_docx", args=[meeting.pk])).content)


@pytest.mark.django_db
def test_open_vote_still_shows_its_ballots_live(meeting: Any, items: list[Any], leader: Any, head_a: Any,
                                                admin: Any, client: Any) -> None:
    services.checkin(actor=head_a, meeting=meeting)
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua", is_secret=False)
    services.vote_open(actor=leader, vote=vote)
    services.ballot_cast(actor=head_a, vote=vote, choice=YES)
    client.force_login(admin)
    detail = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="vote-count"' in detail
    assert AuditEvent.objects.filter(action="meeting.ballot", after__choice=YES).count() == 1


@pytest.mark.django_db
def test_closing_a_closed_vote_is_refused(meeting: Any, items: list[Any], leader: Any) -> None:
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua", is_secret=True)
    services.vote_open(actor=leader, vote=vote)
    stale = Vote.objects.get(pk=vote.pk)
    services.vote_close(actor=leader, vote=vote)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.vote_close(actor=leader, vote=stale)  # a stale copy still says "open"
    assert AuditEvent.objects.filter(action="meeting.vote_close").count() == 1
