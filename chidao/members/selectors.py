"""Reads of the handbook's people, each scoped to what the person may see.

Who sees a profile: the member, the secretary of the member's cell, the organisation office
(secretariat, admin) and the committee's leaders; nobody else (404). The citizen ID and phone are
shown whole only to the member and to their cell's secretary, masked for everyone else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.orgs.models import Role, User

from . import rules
from .models import Cell, CellMeeting, CorrectionState, MemberProfile, MemberQuestion, ProfileCorrection
from .services import OFFICE_ROLES, can_answer, can_decide_correction, is_office

PROFILE_READERS = OFFICE_ROLES | {Role.LEADER}


@dataclass
class ProfileCard:
    profile: MemberProfile
    sees_private: bool

    @property
    def citizen_id(self) -> str:
        return self.profile.citizen_id if self.sees_private else rules.mask(self.profile.citizen_id)

    @property
    def phone(self) -> str:
        return self.profile.phone if self.sees_private else rules.mask(self.profile.phone)


def sees_private(*, user: User, profile: MemberProfile, cell: Cell | None = None) -> bool:
    if profile.user_id == user.pk:
        return True
    cell = cell if cell is not None else profile.cell
    return cell is not None and cell.secretary_id == user.pk and cell.active


def profile_get(*, user: User, pk: int) -> ProfileCard:
    profile = MemberProfile.objects.select_related("cell", "cell__unit", "unit", "user").filter(pk=pk).first()
    if profile is None:
        raise Http404
    own_or_secretary = sees_private(user=user, profile=profile)
    if not (own_or_secretary or user.role in PROFILE_READERS):
        raise Http404
    return ProfileCard(profile=profile, sees_private=own_or_secretary)


def own_profile(*, user: User) -> MemberProfile | None:
    return MemberProfile.objects.select_related("cell", "cell__unit", "cell__secretary", "unit").filter(
        user=user).first()


def cells_visible(*, user: User) -> QuerySet[Cell]:
    qs = Cell.objects.filter(active=True).select_related("unit", "secretary").annotate(n_members=Count("members"))
    if user.role in PROFILE_READERS:
        return qs.order_by("unit__name", "name")
    return qs.filter(secretary=user).order_by("name")


def cell_get(*, user: User, pk: int) -> Cell:
    cell = Cell.objects.select_related("unit", "secretary").filter(pk=pk).first()
    if cell is None:
        raise Http404
    if not (cell_sees_all(user=user, cell=cell)
            or MemberProfile.objects.filter(user=user, cell_id=cell.pk).exists()):  # a member of the cell
        raise Http404
    return cell


def cell_sees_all(*, user: User, cell: Cell) -> bool:
    """The office, leaders and the cell's secretary; a plain member of the cell sees less (issue 13)."""
    return user.role in PROFILE_READERS or cell.secretary_id == user.pk


def cell_members(*, user: User, cell: Cell) -> list[ProfileCard]:
    private = cell.secretary_id == user.pk and cell.active
    rows = cell.members.select_related("unit").order_by("full_name", "id")
    return [ProfileCard(profile=p, sees_private=private or p.user_id == user.pk) for p in rows]


def member_search(*, user: User, q: str = "") -> QuerySet[MemberProfile]:
    """The office's register of members (masked fields stay masked in the list)."""
    if user.role not in PROFILE_READERS:
        return MemberProfile.objects.none()
    qs = MemberProfile.objects.select_related("cell", "unit")
    q = q.strip()
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(card_number__icontains=q))
    return qs.order_by("full_name", "id")


# --- corrections --------------------------------------------------------------------------------


def corrections_to_decide(*, user: User) -> QuerySet[ProfileCorrection]:
    qs = ProfileCorrection.objects.filter(state=CorrectionState.PENDING).select_related(
        "profile", "profile__cell", "requested_by").exclude(profile__user=user)
    if is_office(user):
        return qs.order_by("requested_at", "id")
    led = led_cell_ids(user=user)
    if not led:
        return ProfileCorrection.objects.none()
    return qs.filter(profile__cell_id__in=led).order_by("requested_at", "id")


def correction_get(*, user: User, pk: int) -> ProfileCorrection:
    correction = ProfileCorrection.objects.select_related("profile", "profile__cell").filter(pk=pk).first()
    if correction is None or not can_decide_correction(user, correction):
        raise Http404
    return correction


def own_corrections(*, user: User) -> list[ProfileCorrection]:
    return list(ProfileCorrection.objects.filter(profile__user=user).order_by("-requested_at", "-id")[:20])


# --- meetings and attendance --------------------------------------------------------------------


def upcoming_meetings(*, user: User, now: dt.datetime | None = None, limit: int = 10) -> list:
    """The person's next meetings (cell meetings and any other they are invited to), soonest first.

    Own invitations and seats held as a delegate are read apart: an OR of the two columns cannot
    use either index and scans every invitation (200,000 in the bench)."""
    from chidao.meetings.models import Invitation

    now = now or timezone.now()
    base = (Invitation.objects.filter(meeting__ends_at__gte=now).exclude(meeting__state="closed")
            .select_related("meeting").only("id", "response", "meeting__id", "meeting__title", "meeting__starts_at",
                                            "meeting__place", "meeting__state")
            .order_by("meeting__starts_at"))
    rows = list(base.filter(invitee=user)[:limit])
    # Seats held as a delegate are rare: their ids first (the delegate index), the join only if any.
    delegated = list(Invitation.objects.filter(delegate=user, response="delegate").order_by()
                     .values_list("id", flat=True)[:200])
    if delegated:
        rows += list(base.filter(pk__in=delegated)[:limit])
    return sorted(rows, key=lambda i: i.meeting.starts_at)[:limit]


@dataclass
class MemberAttendance:
    user_id: int
    name: str
    counts: Counter = field(default_factory=Counter)

    @property
    def held(self) -> int:
        return self.counts[rules.PRESENT] + self.counts[rules.ABSENT_EXCUSED] + self.counts[rules.ABSENT]

    @property
    def rate(self) -> str:
        if not self.held:
            return "—"
        return f"{self.counts[rules.PRESENT] * 100 / self.held:.2f}".replace(".", ",") + "%"


@dataclass
class CellAttendance:
    cell: Cell
    year: int
    meetings: int
    members: list[MemberAttendance]
    totals: Counter

    @property
    def rate(self) -> str:
        held = self.totals[rules.PRESENT] + self.totals[rules.ABSENT_EXCUSED] + self.totals[rules.ABSENT]
        if not held:
            return "—"
        return f"{self.totals[rules.PRESENT] * 100 / held:.2f}".replace(".", ",") + "%"


def cell_attendance(*, cell: Cell, year: int, now: dt.datetime | None = None) -> CellAttendance:
    """Present / absent with reason / absent per member of the cell's meetings in `year`, in two queries."""
    from chidao.meetings.models import Invitation

    now = now or timezone.now()
    rows = (Invitation.objects.filter(meeting__cell_link__cell=cell, meeting__starts_at__year=year)
            .values_list("invitee_id", "invitee__full_name", "invitee__username", "checked_in_at", "response",
                         "reason", "meeting__ends_at", "meeting__state"))
    by_user: dict[int, MemberAttendance] = {}
    totals: Counter = Counter()
    for user_id, full_name, username, checked_in_at, response, reason, ends_at, state in rows:
        status = rules.attendance_of(checked_in=checked_in_at is not None, response=response, reason=reason or "",
                                     meeting_ended=state == "closed" or ends_at < now)
        entry = by_user.setdefault(user_id, MemberAttendance(user_id=user_id, name=full_name or username))
        entry.counts[status] += 1
        totals[status] += 1
    meetings = CellMeeting.objects.filter(cell=cell, meeting__starts_at__year=year).count()
    return CellAttendance(cell=cell, year=year, meetings=meetings,
                          members=sorted(by_user.values(), key=lambda m: m.name), totals=totals)


def cell_meetings(*, cell: Cell, limit: int = 20) -> list[CellMeeting]:
    return list(CellMeeting.objects.filter(cell=cell).select_related("meeting")
                .order_by("-meeting__starts_at")[:limit])


# --- questions ----------------------------------------------------------------------------------


@dataclass
class QuestionRow:
    question: MemberQuestion
    status: str

    @property
    def label(self) -> str:
        return rules.QUESTION_LABELS[self.status]

    @property
    def badge(self) -> str:
        return rules.QUESTION_BADGES[self.status]


def _rows(qs: QuerySet[MemberQuestion], today: dt.date) -> list[QuestionRow]:
    return [QuestionRow(question=q, status=rules.question_status(due_on=q.due_on, answered_on=q.answered_on,
                                                                  today=today)) for q in qs]


def questions_asked(*, user: User, today: dt.date, limit: int = 50) -> list[QuestionRow]:
    return _rows(MemberQuestion.objects.filter(author=user).select_related("cell")[:limit], today)


def led_cell_ids(*, user: User) -> list[int]:
    """The active cells the person is the secretary of (one indexed query; usually none)."""
    cached = getattr(user, "_chidao_led_cells", None)
    if cached is None:
        cached = list(Cell.objects.filter(secretary=user, active=True).values_list("id", flat=True))
        user._chidao_led_cells = cached  # type: ignore[attr-defined]
    return cached


def questions_to_answer_qs(*, user: User) -> QuerySet[MemberQuestion]:
    """Questions sent to a cell the person leads, and, for the office, those sent to the committee."""
    led = led_cell_ids(user=user)
    office = is_office(user)
    if not led and not office:
        return MemberQuestion.objects.none()
    scope = Q(cell_id__in=led)
    if office:
        scope |= Q(cell__isnull=True)
    return MemberQuestion.objects.filter(scope).exclude(author=user).select_related("cell", "author")


def questions_to_answer(*, user: User, today: dt.date, open_only: bool = False, limit: int = 100) -> list[QuestionRow]:
    qs = questions_to_answer_qs(user=user)
    if open_only:
        qs = qs.filter(answered_on__isnull=True)
    return _rows(qs.order_by("answered_on", "due_on", "id")[:limit], today)


def question_counts(*, user: User, today: dt.date) -> dict[str, int]:
    """On time / late / open / overdue of the questions the person answers, in one query."""
    qs = questions_to_answer_qs(user=user)
    row = qs.aggregate(
        on_time=Count("id", filter=Q(answered_on__isnull=False, answered_on__lte=F("due_on"))),
        late=Count("id", filter=Q(answered_on__isnull=False, answered_on__gt=F("due_on"))),
        open=Count("id", filter=Q(answered_on__isnull=True, due_on__gte=today)),
        overdue=Count("id", filter=Q(answered_on__isnull=True, due_on__lt=today)),
    )
    return row


def question_get(*, user: User, pk: int) -> tuple[MemberQuestion, bool]:
    """The question and whether the person may answer it; its author and its answerers see it, else 404."""
    question = MemberQuestion.objects.select_related("cell", "author", "answered_by").filter(pk=pk).first()
    if question is None:
        raise Http404
    answerer = can_answer(user, question)
    if question.author_id != user.pk and not answerer and user.role not in PROFILE_READERS:
        raise Http404
    return question, answerer
