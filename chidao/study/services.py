"""Every write of study: validation → permission → transaction → audit (→ notifications)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.formatting import format_date
from chidao.library.models import LibraryDocument
from chidao.members.models import Cell, MemberProfile
from chidao.members.services import device_once
from chidao.notifications.models import NotificationKind
from chidao.notifications.services import Draft, notifications_create
from chidao.orgs.models import OrgUnit, Role, User
from chidao.orgs.selectors import units_subtree_ids

from . import rules
from .models import QuizAttempt, QuizChoice, QuizQuestion, StudyAssignment, StudyRecord

OFFICE_ROLES = {Role.ADMIN, Role.SECRETARIAT}
MAX_TEXT = 5000


def is_office(user: User | None) -> bool:
    return user is not None and user.is_active and user.role in OFFICE_ROLES


def cells_led(user: User) -> list[Cell]:
    return list(Cell.objects.filter(secretary=user, active=True))


def can_assign(user: User) -> bool:
    """The standing office, or the secretary of an active cell (for their own cell)."""
    return is_office(user) or Cell.objects.filter(secretary=user, active=True).exists()


def can_manage_assignment(user: User, assignment: StudyAssignment) -> bool:
    if is_office(user):
        return True
    return assignment.owner_cell_id is not None and Cell.objects.filter(
        pk=assignment.owner_cell_id, secretary=user, active=True).exists()


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    choices: Sequence[str]
    correct: Sequence[int]  # indexes into choices


def _question_errors(questions: Sequence[QuestionDraft]) -> list[str]:
    errors = []
    for n, q in enumerate(questions, start=1):
        choices = [c.strip() for c in q.choices if c.strip()]
        if not q.text.strip():
            errors.append(_("Câu %(n)s chưa có nội dung câu hỏi.") % {"n": n})
        if len(choices) < 2:
            errors.append(_("Câu %(n)s cần ít nhất hai phương án trả lời.") % {"n": n})
        if not [i for i in q.correct if 0 <= i < len(q.choices) and q.choices[i].strip()]:
            errors.append(_("Câu %(n)s chưa có đáp án đúng.") % {"n": n})
    return errors


def _targets(*, units: Sequence[OrgUnit], cells: Sequence[Cell], people: Sequence[User]) -> dict[int, tuple[int | None,
                                                                                                           int | None]]:
    """Who must study: person id → (cell id, unit id). Units include their sub-units' cells and members."""
    unit_ids: set[int] = set()
    for ids in units_subtree_ids([u.pk for u in units]).values():
        unit_ids |= ids
    profiles = MemberProfile.objects.none()
    if unit_ids:
        profiles = profiles | MemberProfile.objects.filter(cell__unit_id__in=unit_ids)
        profiles = profiles | MemberProfile.objects.filter(cell__isnull=True, unit_id__in=unit_ids)
    if cells:
        profiles = profiles | MemberProfile.objects.filter(cell__in=cells)
    found: dict[int, tuple[int | None, int | None]] = {}
    rows = profiles.filter(user__is_active=True).values_list("user_id", "cell_id", "cell__unit_id", "unit_id")
    for user_id, cell_id, cell_unit_id, unit_id in rows:
        found[user_id] = (cell_id, cell_unit_id or unit_id)
    if people:
        extra = {p.pk: p for p in people if p.is_active and p.pk not in found}
        prof = {pr.user_id: pr for pr in MemberProfile.objects.filter(user_id__in=extra).select_related("cell")}
        for pk, person in extra.items():
            pr = prof.get(pk)
            cell_id = pr.cell_id if pr else None
            unit_id = (pr.cell.unit_id if pr and pr.cell else (pr.unit_id if pr else None)) or person.unit_id
            found[pk] = (cell_id, unit_id)
    return found


def assignment_create(
    *,
    actor: User,
    title: str,
    documents: Sequence[LibraryDocument],
    due_on: dt.date | None,
    today: dt.date,
    units: Sequence[OrgUnit] = (),
    cells: Sequence[Cell] = (),
    people: Sequence[User] = (),
    description: str = "",
    pass_mark: int = 80,
    questions: Sequence[QuestionDraft] = (),
    notify_people: bool = True,
) -> StudyAssignment:
    """Give documents to study to the members of cells and units and to named people, by a deadline."""
    office = is_office(actor)
    led = {c.pk for c in cells_led(actor)}
    if not office and not led:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc bí thư chi bộ mới được giao học tập."))
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors.setdefault("title", []).append(_("Cần nhập nội dung học tập."))
    if not documents:
        errors.setdefault("documents", []).append(_("Cần chọn ít nhất một văn bản để học tập."))
    if due_on is None:
        errors.setdefault("due_on", []).append(_("Cần nhập hạn hoàn thành."))
    elif due_on < today:
        errors.setdefault("due_on", []).append(_("Hạn hoàn thành %(d)s đã qua; hãy chọn một ngày từ hôm nay trở đi.")
                                               % {"d": format_date(due_on)})
    if not 0 <= pass_mark <= 100:
        errors.setdefault("pass_mark", []).append(_("Điểm đạt phải từ 0 đến 100 (%)."))
    if not office:
        if units:
            errors.setdefault("units", []).append(_("Bí thư chi bộ chỉ giao học tập cho chi bộ của mình."))
        if any(c.pk not in led for c in cells):
            errors.setdefault("cells", []).append(_("Bí thư chi bộ chỉ giao học tập cho chi bộ của mình."))
        if people:
            own = set(MemberProfile.objects.filter(user__in=people, cell_id__in=led).values_list("user_id", flat=True))
            if any(p.pk not in own for p in people):
                errors.setdefault("people", []).append(_("Chỉ giao được cho đảng viên của chi bộ mình."))
    question_errors = _question_errors(questions)
    if question_errors:
        errors.setdefault("questions", []).extend(question_errors)
    if not errors:
        targets = _targets(units=units, cells=cells, people=people)
        if not targets:
            errors.setdefault("cells", []).append(_("Không có đảng viên nào thuộc đối tượng đã chọn."))
    if errors:
        raise ValidationError(errors)
    owner_cell = None
    if not office:
        owner_cell = next((c for c in cells if c.pk in led), None) or Cell.objects.get(pk=min(led))
    with transaction.atomic():
        assignment = StudyAssignment.objects.create(title=title.strip()[:300], description=description.strip(),
                                                    due_on=due_on, pass_mark=pass_mark, owner_cell=owner_cell,
                                                    assigned_by=actor)
        assignment.documents.set(documents)
        assignment.target_units.set(units)
        assignment.target_cells.set(cells)
        for position, q in enumerate(questions):
            question = QuizQuestion.objects.create(assignment=assignment, text=q.text.strip()[:500], position=position)
            QuizChoice.objects.bulk_create([
                QuizChoice(question=question, text=text.strip()[:300], is_correct=i in q.correct)
                for i, text in enumerate(q.choices) if text.strip()])
        StudyRecord.objects.bulk_create(
            [StudyRecord(assignment=assignment, user_id=uid, cell_id=cell_id, unit_id=unit_id)
             for uid, (cell_id, unit_id) in targets.items()], batch_size=2000)
        audit_record(actor=actor, action="study.assign", target=assignment,
                     summary=_("Giao học tập: %(t)s (%(n)s người)") % {"t": assignment.title[:150], "n": len(targets)},
                     after={"documents": [d.pk for d in documents], "due_on": due_on, "people": len(targets),
                            "units": [u.pk for u in units], "cells": [c.pk for c in cells],
                            "questions": len(questions)})
        if notify_people:
            people_by_id = User.objects.in_bulk(list(targets))
            url = reverse("study_assignment", args=[assignment.pk])
            notifications_create([Draft(
                recipient=u, kind=NotificationKind.TASK_ASSIGNED, subject=f"study:{assignment.pk}", occurrence="",
                title=_("Học tập, quán triệt: %(t)s") % {"t": assignment.title[:200]},
                body=_("Hạn hoàn thành: %(d)s.") % {"d": format_date(due_on)}, url=url,
            ) for u in people_by_id.values() if u.is_active])
    return assignment


def _require_open(assignment: StudyAssignment) -> None:
    if assignment.closed_at is not None:
        raise ValidationError(_("Đợt học tập này đã kết thúc; không nhận thêm kết quả."))


def _own_record(*, user: User, assignment: StudyAssignment) -> StudyRecord:
    record = StudyRecord.objects.filter(assignment=assignment, user=user).first()
    if record is None:
        raise PermissionDenied(_("Bạn không có trong danh sách học tập này."))
    _require_open(assignment)
    return record


def _require_manager(actor: User, assignment: StudyAssignment) -> None:
    if not can_manage_assignment(actor, assignment):
        raise PermissionDenied(_("Chỉ người giao đợt học tập này mới được thay đổi nó."))


def assignment_due_set(*, actor: User, assignment: StudyAssignment, due_on: dt.date | None,
                       today: dt.date) -> StudyAssignment:
    """Move the deadline (never into the past) of an open assignment."""
    _require_manager(actor, assignment)
    _require_open(assignment)
    if due_on is None:
        raise ValidationError({"due_on": _("Cần nhập hạn hoàn thành.")})
    if due_on < today:
        raise ValidationError({"due_on": _("Hạn hoàn thành %(d)s đã qua; hãy chọn một ngày từ hôm nay trở đi.")
                                         % {"d": format_date(due_on)}})
    if due_on == assignment.due_on:
        return assignment
    before = assignment.due_on
    with transaction.atomic():
        assignment.due_on = due_on
        assignment.save(update_fields=["due_on"])
        audit_record(actor=actor, action="study.due_set", target=assignment,
                     before={"due_on": before}, after={"due_on": due_on},
                     summary=_("Đổi hạn học tập %(t)s: %(a)s → %(b)s")
                     % {"t": assignment.title[:150], "a": format_date(before), "b": format_date(due_on)})
    return assignment


def assignment_close(*, actor: User, assignment: StudyAssignment) -> StudyAssignment:
    """End an assignment: members can no longer mark, answer or reflect; reminders stop."""
    _require_manager(actor, assignment)
    with transaction.atomic():
        locked = StudyAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.closed_at is not None:
            raise ValidationError(_("Đợt học tập này đã kết thúc trước đó."))
        locked.closed_at, locked.closed_by = timezone.now(), actor
        locked.save(update_fields=["closed_at", "closed_by"])
        audit_record(actor=actor, action="study.close", target=locked,
                     summary=_("Kết thúc đợt học tập: %(t)s") % {"t": locked.title[:150]})
    assignment.closed_at, assignment.closed_by = locked.closed_at, actor
    return assignment


def record_mark_studied(*, user: User, assignment: StudyAssignment, today: dt.date) -> StudyRecord:
    record = _own_record(user=user, assignment=assignment)
    if record.studied_at is not None:
        return record  # marked already: the first date stands
    with transaction.atomic():
        record.studied_at = timezone.now()
        record.studied_late = today > assignment.due_on
        record.save(update_fields=["studied_at", "studied_late"])
        audit_record(actor=user, action="study.studied", target=record,
                     summary=_("Xác nhận đã học: %(t)s") % {"t": assignment.title[:150]},
                     after={"late": record.studied_late})
    return record


def quiz_submit(*, user: User, assignment: StudyAssignment, answers: dict[int, int]) -> QuizAttempt:
    """One attempt: every question answered with one of its own choices; the score and pass are kept."""
    record = _own_record(user=user, assignment=assignment)
    questions = list(assignment.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError(_("Đợt học tập này không có bài kiểm tra."))
    missing = [n for n, q in enumerate(questions, start=1) if q.pk not in answers]
    if missing:
        raise ValidationError(_("Chưa trả lời câu: %(n)s.") % {"n": ", ".join(map(str, missing))})
    correct = 0
    for q in questions:
        choices = {c.pk: c for c in q.choices.all()}
        chosen = choices.get(answers[q.pk])
        if chosen is None:
            raise ValidationError(_("Phương án trả lời không hợp lệ."))
        correct += chosen.is_correct
    score = rules.quiz_score(correct=correct, total=len(questions))
    passed = score >= assignment.pass_mark
    with transaction.atomic():
        record = StudyRecord.objects.select_for_update().get(pk=record.pk)
        attempt = QuizAttempt.objects.create(record=record, score=score, passed=passed,
                                             answers={str(k): v for k, v in answers.items()})
        record.attempts += 1
        record.best_score = max(record.best_score or 0, score)
        if passed and record.passed_at is None:
            record.passed_at = timezone.now()
        record.save(update_fields=["attempts", "best_score", "passed_at"])
        audit_record(actor=user, action="study.quiz", target=record, after={"score": score, "passed": passed},
                     summary=_("Làm bài kiểm tra: %(s)s%%") % {"s": score})
    return attempt


def reflection_submit(*, user: User, assignment: StudyAssignment, reflection: str, commitment: str,
                      device_key: str = "") -> tuple[StudyRecord, bool]:
    """The reflection and commitment; an offline draft sent twice (same device key) is stored once."""
    record = _own_record(user=user, assignment=assignment)
    reflection, commitment = (reflection or "").strip(), (commitment or "").strip()
    errors: dict[str, str] = {}
    if not reflection:
        errors["reflection"] = _("Cần viết bản thu hoạch.")
    elif len(reflection) > MAX_TEXT:
        errors["reflection"] = _("Bản thu hoạch dài quá %(n)s ký tự.") % {"n": MAX_TEXT}
    if len(commitment) > MAX_TEXT:
        errors["commitment"] = _("Cam kết dài quá %(n)s ký tự.") % {"n": MAX_TEXT}
    if errors:
        raise ValidationError(errors)

    def write() -> StudyRecord:
        record.reflection, record.commitment, record.reflected_at = reflection, commitment, timezone.now()
        record.save(update_fields=["reflection", "commitment", "reflected_at"])
        audit_record(actor=user, action="study.reflection", target=record,
                     summary=_("Nộp bản thu hoạch: %(t)s") % {"t": assignment.title[:150]})
        return record

    with transaction.atomic():
        _done, created = device_once(user=user, key=device_key, kind="study_reflection", create=write)
    record.refresh_from_db()
    return record, created


# --- reminders ----------------------------------------------------------------------------------


def study_reminder_drafts(*, day: dt.date, days_before: int) -> list[Draft]:
    """Before the deadline and on the first day overdue, to everyone who has not marked it studied.
    Same day run twice → same dedupe keys → nothing created twice."""
    soon, overdue = day + dt.timedelta(days=days_before), day - dt.timedelta(days=1)
    drafts: list[Draft] = []
    assignments = {a.pk: a for a in StudyAssignment.objects.filter(due_on__in=[soon, overdue],
                                                                          closed_at__isnull=True)}
    if not assignments:
        return drafts
    records = (StudyRecord.objects.filter(assignment_id__in=assignments, studied_at__isnull=True,
                                          user__is_active=True).select_related("user"))
    for record in records.iterator(chunk_size=2000):
        a = assignments[record.assignment_id]
        url = reverse("study_assignment", args=[a.pk])
        if a.due_on == soon:
            drafts.append(Draft(recipient=record.user, kind=NotificationKind.DUE_SOON, subject=f"study:{a.pk}",
                                occurrence=a.due_on.isoformat(), url=url,
                                title=_("Còn %(n)s ngày đến hạn học tập: %(t)s") % {"n": days_before,
                                                                                   "t": a.title[:150]},
                                body=_("Hạn hoàn thành: %(d)s.") % {"d": format_date(a.due_on)}))
        else:
            drafts.append(Draft(recipient=record.user, kind=NotificationKind.OVERDUE, subject=f"study:{a.pk}",
                                occurrence=a.due_on.isoformat(), url=url,
                                title=_("Quá hạn học tập: %(t)s") % {"t": a.title[:150]},
                                body=_("Hạn %(d)s đã qua; đề nghị đồng chí hoàn thành việc học tập.")
                                % {"d": format_date(a.due_on)}))
    return drafts


def study_reminders_day(*, day: dt.date, days_before: int) -> int:
    return notifications_create(study_reminder_drafts(day=day, days_before=days_before))


def people_by_usernames(names: Iterable[str]) -> tuple[list[User], list[str]]:
    wanted = [n.strip() for n in names if n.strip()]
    found = {u.username.lower(): u for u in User.objects.filter(username__in=wanted)}
    for u in User.objects.filter(member_profile__card_number__in=wanted).select_related("member_profile"):
        found[u.member_profile.card_number.lower()] = u
    missing = [n for n in wanted if n.lower() not in found]
    return list({u.pk: u for u in found.values()}.values()), missing
