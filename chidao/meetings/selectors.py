"""Reads of the meeting room, each scoped to what the person may see.

Who sees a meeting: the standing office (secretariat, admin), its chair and secretary, every
invitee and every delegate sent in an invitee's place — nobody else (404). Confidential (mật)
documents and items: the chair, the secretary, the meeting's creator, invitees and delegates only;
the rest of the office does not see them listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chidao.core.text import search_words
from chidao.orgs.models import Role, User

from . import rules
from .models import (
    AgendaItem,
    Ballot,
    Invitation,
    InvitationResponse,
    Meeting,
    MeetingDocument,
    Opinion,
    SpeakRequest,
    SpeakState,
    Vote,
    VoteParticipation,
    VoteState,
)

MANAGER_ROLES = {Role.SECRETARIAT, Role.ADMIN}


@dataclass
class Access:
    meeting: Meeting
    is_manager: bool  # the standing office
    is_chair: bool
    is_secretary: bool
    seat: Invitation | None  # the invitation the person sits in (own or as delegate)
    is_delegate: bool

    @property
    def is_participant(self) -> bool:
        return self.seat is not None or self.is_chair or self.is_secretary

    user_id: int | None = None

    @property
    def sees_confidential(self) -> bool:
        return self.is_participant or self.meeting.created_by_id == self.user_id

    @property
    def runs_meeting(self) -> bool:
        """Moves the agenda, opens and closes votes, manages the speakers' list."""
        return self.is_chair or self.is_secretary

    @property
    def edits(self) -> bool:
        """Builds the agenda, invites, uploads documents, writes the conclusions."""
        return self.is_manager or self.is_secretary


def seat_of(*, user: User, meeting_id: int) -> Invitation | None:
    """The person's seat: their own invitation unless they delegated it, else the one they hold as delegate."""
    seats = list(
        Invitation.objects.filter(Q(invitee=user) | Q(delegate=user, response=InvitationResponse.DELEGATE),
                                  meeting_id=meeting_id)
    )
    for seat in seats:
        if seat.delegate_id == user.pk and seat.response == InvitationResponse.DELEGATE:
            return seat
    for seat in seats:
        if seat.invitee_id == user.pk:
            return seat
    return None


def meeting_access(*, user: User, meeting: Meeting) -> Access:
    """The person's rights in this meeting; 404 when they may not see it at all."""
    seat = seat_of(user=user, meeting_id=meeting.pk)
    access = Access(
        meeting=meeting,
        is_manager=user.role in MANAGER_ROLES,
        is_chair=meeting.chair_id == user.pk,
        is_secretary=meeting.secretary_id == user.pk,
        seat=seat,
        is_delegate=bool(seat and seat.delegate_id == user.pk and seat.invitee_id != user.pk),
        user_id=user.pk,
    )
    if not (access.is_manager or access.is_participant):
        raise Http404
    return access


def meetings_visible(*, user: User) -> QuerySet[Meeting]:
    qs = Meeting.objects.all()
    if user.role in MANAGER_ROLES:
        return qs
    return qs.filter(
        Q(chair=user) | Q(secretary=user) | Q(invitations__invitee=user)
        | Q(invitations__delegate=user, invitations__response=InvitationResponse.DELEGATE)
    ).distinct()


def meeting_get(*, user: User, pk: int) -> tuple[Meeting, Access]:
    meeting = Meeting.objects.select_related("chair", "secretary", "current_item", "conclusion_directive",
                                             "monitored_directive").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting, meeting_access(user=user, meeting=meeting)


def meeting_list(*, user: User, q: str = "") -> QuerySet[Meeting]:
    """The archive, searchable without accents ("ket luan dat dai" finds "kết luận đất đai")."""
    qs = meetings_visible(user=user).select_related("chair")
    for word in search_words(q):
        qs = qs.filter(search_text__contains=word)
    return qs.annotate(n_items=Count("items", distinct=True)).order_by("-starts_at", "-id")


def invitations_pending(*, user: User) -> QuerySet[Invitation]:
    return (Invitation.objects.filter(invitee=user, response=InvitationResponse.PENDING,
                                      meeting__state__in=["scheduled", "in_progress"])
            .select_related("meeting").order_by("meeting__starts_at"))


def invitation_list(*, meeting: Meeting) -> list[Invitation]:
    return list(meeting.invitations.select_related("invitee", "invitee__unit", "unit", "delegate").order_by("id"))


def quorum_get(*, meeting: Meeting) -> rules.Quorum:
    row = meeting.invitations.filter(is_member=True).aggregate(
        members=Count("id"), present=Count("id", filter=Q(checked_in_at__isnull=False)))
    return rules.Quorum(present=row["present"], members=row["members"], threshold_percent=meeting.quorum_percent)


CONFIDENTIAL_PLACEHOLDER = _("Nội dung mật")


def agenda_get(*, access: Access) -> list[AgendaItem]:
    """The agenda with its documents and opinions. For whoever may not see confidential content
    (the rest of the standing office, admin included), a confidential item keeps its place but shows
    only "Nội dung mật": no title, presenter, documents or opinions (`item.masked`)."""
    documents = MeetingDocument.objects.select_related("item").order_by("id")
    opinions = Opinion.objects.select_related("author", "author__unit").order_by("id")
    if not access.sees_confidential:
        documents = documents.filter(is_confidential=False, item__is_confidential=False)
        opinions = opinions.filter(item__is_confidential=False)
    items = list(
        access.meeting.items.prefetch_related(
            Prefetch("documents", queryset=documents), Prefetch("opinions", queryset=opinions),
        ).order_by("position", "id")
    )
    for item in items:
        item.masked = item.is_confidential and not access.sees_confidential  # type: ignore[attr-defined]
        if item.masked:  # type: ignore[attr-defined]
            item.title, item.presenter = str(CONFIDENTIAL_PLACEHOLDER), ""
    return items


def document_get(*, user: User, pk: int) -> tuple[MeetingDocument, Access]:
    document = MeetingDocument.objects.select_related("item", "item__meeting").filter(pk=pk).first()
    if document is None:
        raise Http404
    access = meeting_access(user=user, meeting=document.item.meeting)
    if document.confidential and not access.sees_confidential:
        raise Http404  # never even confirmed to exist
    return document, access


def item_get(*, access: Access, pk: int) -> AgendaItem:
    item = access.meeting.items.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def speakers_get(*, meeting: Meeting) -> list[SpeakRequest]:
    return list(meeting.speak_requests.filter(state__in=[SpeakState.WAITING, SpeakState.SPEAKING])
                .select_related("user", "user__unit").order_by("position", "id"))


@dataclass
class VoteResult:
    vote: Vote
    counts: list[tuple[str, int]]
    voted: int
    seats: int
    ballots: list[Ballot]
    has_voted: bool
    # A secret vote's counts stay sealed until it closes: watching them move after each ballot
    # would tell who chose what (the participation count moves at the same moment).
    sealed: bool = False

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def votes_get(*, meeting: Meeting, seat: Invitation | None, sees_confidential: bool = True) -> list[VoteResult]:
    votes = list(meeting.votes.select_related("item").prefetch_related("tallies").order_by("id"))
    for vote in votes:
        if vote.item.is_confidential and not sees_confidential:
            vote.question = str(CONFIDENTIAL_PLACEHOLDER)  # a vote on a confidential item says what it is about
    if not votes:
        return []
    seats = meeting.invitations.filter(is_member=True).count()
    voted = dict(Vote.objects.filter(meeting=meeting).annotate(n=Count("participations")).values_list("id", "n"))
    mine: set[int] = set()
    if seat is not None:
        mine = set(VoteParticipation.objects.filter(invitation=seat, vote__meeting=meeting)
                   .values_list("vote_id", flat=True))
    ballots: dict[int, list[Ballot]] = {}
    for ballot in Ballot.objects.filter(vote__meeting=meeting).select_related("voter").order_by("voter__full_name"):
        ballots.setdefault(ballot.vote_id, []).append(ballot)
    results = []
    for vote in votes:
        sealed = vote.is_secret and vote.state != VoteState.CLOSED
        tallies = {} if sealed else {t.choice: t.count for t in vote.tallies.all()}
        results.append(VoteResult(
            vote=vote, counts=[(option, tallies.get(option, 0)) for option in vote.options],
            voted=voted.get(vote.pk, 0), seats=seats,
            ballots=[] if vote.is_secret else ballots.get(vote.pk, []), has_voted=vote.pk in mine,
            sealed=sealed,
        ))
    return results


def open_vote(*, meeting: Meeting) -> Vote | None:
    return meeting.votes.filter(state=VoteState.OPEN).first()
