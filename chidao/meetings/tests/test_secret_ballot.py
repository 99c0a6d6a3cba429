"""Issue 10, finding 1: the admin plays attacker on a secret vote and cannot link a voter to a choice.

The attacker reads everything an administrator can: every page of the meeting after each ballot
(the detail page, the live panel, the minutes .docx), the audit log, and every database row with its
system columns (ids; on PostgreSQL `xmin`, the transaction that wrote the row version) — but not the
ballot key, which lives outside the database (meetings/seal.py).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.meetings import seal, services
from chidao.meetings.models import Ballot, Vote, VoteParticipation, VoteTally

YES, NO, ABSTAIN = "Tán thành", "Không tán thành", "Không biểu quyết"


@pytest.fixture(autouse=True)
def ballot_key_file(settings: Any, tmp_path: Path) -> Path:
    """Each test gets its own key file, so none reads or writes the developer's var/ballot.key."""
    settings.CHIDAO_BALLOT_KEY = ""
    settings.CHIDAO_BALLOT_KEY_FILE = tmp_path / "var" / "ballot.key"
    seal.ballot_key_forget()
    yield settings.CHIDAO_BALLOT_KEY_FILE
    seal.ballot_key_forget()


def _snapshot() -> dict[str, dict[str, dict[str, str]]]:
    """Every row of every meetings table, keyed by id, with its system columns on PostgreSQL."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    system = "xmin::text AS sys_xmin, ctid::text AS sys_ctid, " if connection.vendor == "postgresql" else ""
    for model in apps.get_app_config("meetings").get_models():
        table = model._meta.db_table
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {system}* FROM {table}")  # table names come from the models
            names = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
        tables[table] = {str(row[names.index(pk)]): {n: str(v) for n, v in zip(names, row, strict=True)}
                         for row in rows}
    return tables


def _changes(before: dict[str, dict[str, dict[str, str]]], after: dict[str, dict[str, dict[str, str]]],
             table: str) -> dict[str, set[str]]:
    """Which columns of which row changed (a new row: every column)."""
    out: dict[str, set[str]] = {}
    for key, row in after[table].items():
        old = before[table].get(key)
        changed = set(row) if old is None else {c for c in row if row[c] != old[c]}
        if changed:
            out[key] = changed
    return out


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
    services.meeting_start(actor=leader, meeting=meeting, confirm_early=True)
    services.meeting_item_set(actor=leader, meeting=meeting, item=items[0])
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua phương án", is_secret=True)
    services.vote_open(actor=leader, vote=vote)
    client.force_login(admin)
    seq_before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    tally_ids = {str(pk) for pk in VoteTally.objects.filter(vote=vote).values_list("pk", flat=True)}

    participation_xmin: dict[int, str] = {}
    for person, choice in voters:
        before = _snapshot()
        services.ballot_cast(actor=person, vote=vote, choice=choice)
        after = _snapshot()
        # The watcher diffs every meetings table around the ballot. Outside the participation row
        # (who, never what), only the tally rows move — all of them, the same columns, to values of
        # the same length, with no plaintext count: nothing singles out the chosen option.
        moved = {t: _changes(before, after, t) for t in after}
        tally_changes = moved.pop(VoteTally._meta.db_table)
        assert set(tally_changes) == tally_ids, "every option's row is rewritten by each ballot"
        assert len({frozenset(cols) for cols in tally_changes.values()}) == 1
        assert "sealed" in next(iter(tally_changes.values()))
        rows_after = after[VoteTally._meta.db_table]
        assert {rows_after[k]["count"] for k in tally_ids} == {"0"}
        assert len({len(rows_after[k]["sealed"]) for k in tally_ids}) == 1
        if connection.vendor == "postgresql":
            assert len({rows_after[k]["sys_xmin"] for k in tally_ids}) == 1
        assert set(moved.pop(VoteParticipation._meta.db_table)) == {
            str(pk) for pk in VoteParticipation.objects.filter(vote=vote, invitation__invitee=person)
            .values_list("pk", flat=True)}
        # The vote row itself and the meeting row may move (the live version), never by option.
        for table, rows in moved.items():
            assert table in {Vote._meta.db_table, "meetings_meeting"} or not rows, (table, rows)
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
    assert {f.name for f in VoteTally._meta.concrete_fields} == {"id", "vote", "choice", "count", "sealed"}
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
    # The totals are plaintext after the close, and the sealed values are gone.
    assert dict(VoteTally.objects.filter(vote=vote).values_list("choice", "count")) == {YES: 2, NO: 1, ABSTAIN: 1}
    assert set(VoteTally.objects.filter(vote=vote).values_list("sealed", flat=True)) == {""}


@pytest.mark.django_db
def test_open_vote_still_shows_its_ballots_live(meeting: Any, items: list[Any], leader: Any, head_a: Any,
                                                admin: Any, client: Any) -> None:
    services.checkin(actor=head_a, meeting=meeting)
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua", is_secret=False)
    services.vote_open(actor=leader, vote=vote, confirm_without_quorum=True)
    services.ballot_cast(actor=head_a, vote=vote, choice=YES)
    client.force_login(admin)
    detail = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="vote-count"' in detail
    assert AuditEvent.objects.filter(action="meeting.ballot", after__choice=YES).count() == 1


@pytest.mark.django_db
def test_closing_a_closed_vote_is_refused(meeting: Any, items: list[Any], leader: Any) -> None:
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua", is_secret=True)
    services.vote_open(actor=leader, vote=vote, confirm_without_quorum=True)
    stale = Vote.objects.get(pk=vote.pk)
    services.vote_close(actor=leader, vote=vote)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.vote_close(actor=leader, vote=stale)  # a stale copy still says "open"
    assert AuditEvent.objects.filter(action="meeting.vote_close").count() == 1


def _secret_vote(meeting: Any, items: list[Any], leader: Any, voters: list[Any]) -> Vote:
    for person in voters:
        services.checkin(actor=person, meeting=meeting)
    vote = services.vote_create(actor=leader, item=items[0], question="Thông qua", is_secret=True)
    services.vote_open(actor=leader, vote=vote, confirm_without_quorum=True)
    return vote


@pytest.mark.django_db
def test_the_tally_is_sealed_while_open_and_a_second_ballot_is_refused(
    meeting: Any, items: list[Any], leader: Any, head_a: Any, member: Any, ballot_key_file: Path,
) -> None:
    vote = _secret_vote(meeting, items, leader, [head_a, member])
    services.ballot_cast(actor=head_a, vote=vote, choice=NO)
    sealed_before = dict(VoteTally.objects.filter(vote=vote).values_list("choice", "sealed"))
    with pytest.raises(ValidationError, match="chỉ biểu quyết một lần"):
        services.ballot_cast(actor=head_a, vote=vote, choice=YES)
    # The refused ballot changed nothing: same ciphertexts, one participation.
    assert dict(VoteTally.objects.filter(vote=vote).values_list("choice", "sealed")) == sealed_before
    assert VoteParticipation.objects.filter(vote=vote).count() == 1
    # Without the key the rows say nothing: no plaintext count, one length for every option.
    assert set(VoteTally.objects.filter(vote=vote).values_list("count", flat=True)) == {0}
    assert len({len(v) for v in sealed_before.values()}) == 1
    services.ballot_cast(actor=member, vote=vote, choice=NO)
    services.vote_close(actor=leader, vote=vote)
    assert dict(VoteTally.objects.filter(vote=vote).values_list("choice", "count")) == {YES: 0, NO: 2, ABSTAIN: 0}
    assert stat.S_IMODE(os.stat(ballot_key_file).st_mode) == 0o600


def test_the_key_file_is_created_once_with_mode_600(ballot_key_file: Path) -> None:
    assert not ballot_key_file.exists()
    key = seal.ballot_key()
    assert stat.S_IMODE(os.stat(ballot_key_file).st_mode) == 0o600
    seal.ballot_key_forget()
    assert seal.ballot_key() == key  # reused, not regenerated
    token = seal.seal_count(vote_id=7, choice=YES, count=3)
    assert token != seal.seal_count(vote_id=7, choice=YES, count=3)  # a fresh nonce every time
    assert seal.unseal_count(vote_id=7, choice=YES, token=token) == 3
    with pytest.raises(seal.SealError):
        seal.unseal_count(vote_id=7, choice=NO, token=token)  # bound to its option's row


def test_the_environment_key_wins_over_the_file(settings: Any, ballot_key_file: Path) -> None:
    settings.CHIDAO_BALLOT_KEY = "b" * 40
    token = seal.seal_count(vote_id=1, choice=YES, count=2)
    assert not ballot_key_file.exists()
    settings.CHIDAO_BALLOT_KEY = "c" * 40
    with pytest.raises(seal.SealError):
        seal.unseal_count(vote_id=1, choice=YES, token=token)


@pytest.mark.django_db
def test_a_lost_key_file_gives_a_clear_error_at_the_close_not_a_500(
    meeting: Any, items: list[Any], leader: Any, head_a: Any, client: Any, ballot_key_file: Path,
) -> None:
    vote = _secret_vote(meeting, items, leader, [head_a])
    services.ballot_cast(actor=head_a, vote=vote, choice=YES)
    saved = ballot_key_file.read_bytes()
    ballot_key_file.unlink()
    seal.ballot_key_forget()
    client.force_login(leader)
    response = client.post(reverse("vote_action", args=[meeting.pk, vote.pk, "dong"]), headers={"X-Live": "1"})
    assert response.status_code == 400
    assert "khóa phiếu kín" in response.content.decode() and "vẫn đang mở" in response.content.decode()
    with pytest.raises(ValidationError, match="khóa phiếu kín"):
        services.vote_close(actor=leader, vote=vote)
    vote.refresh_from_db()
    assert vote.state == "open"  # nothing changed: the vote waits for the key
    assert not AuditEvent.objects.filter(action="meeting.vote_close").exists()
    # The operator restores the key from the backup; the close then gives the right totals.
    ballot_key_file.write_bytes(saved)
    services.vote_close(actor=leader, vote=vote)
    assert dict(VoteTally.objects.filter(vote=vote).values_list("choice", "count"))[YES] == 1


@pytest.mark.django_db
def test_an_emptied_key_file_refuses_ballots_and_the_close_without_a_500(
    meeting: Any, items: list[Any], leader: Any, head_a: Any, member: Any, client: Any, ballot_key_file: Path,
) -> None:
    vote = _secret_vote(meeting, items, leader, [head_a, member])
    services.ballot_cast(actor=head_a, vote=vote, choice=YES)
    sealed = dict(VoteTally.objects.filter(vote=vote).values_list("choice", "sealed"))
    ballot_key_file.write_text("")
    seal.ballot_key_forget()
    client.force_login(member)
    response = client.post(reverse("vote_action", args=[meeting.pk, vote.pk, "bo-phieu"]), {"choice": NO},
                           headers={"X-Live": "1"})
    assert response.status_code == 400 and "khóa phiếu kín" in response.content.decode()
    assert not VoteParticipation.objects.filter(vote=vote, invitation__invitee=member).exists()
    assert dict(VoteTally.objects.filter(vote=vote).values_list("choice", "sealed")) == sealed
    client.force_login(leader)
    response = client.post(reverse("vote_action", args=[meeting.pk, vote.pk, "dong"]), headers={"X-Live": "1"})
    assert response.status_code == 400 and "khóa phiếu kín" in response.content.decode()
    vote.refresh_from_db()
    assert vote.state == "open"
