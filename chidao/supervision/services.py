"""Every write of supervision: validation → permission → transaction → audit."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.formatting import format_date
from chidao.directives.models import Task, TaskKind, TaskState
from chidao.notifications.events import direction_given_notify
from chidao.orgs.models import OrgUnit, User
from chidao.orgs.selectors import user_unit_ids
from chidao.reporting.models import ProgressReport, ReportState

from . import rules, selectors
from .models import (
    REMINDER_DAYS_MAX,
    REMINDER_DAYS_MIN,
    Direction,
    Recommendation,
    ScorecardRow,
    ScorecardSnapshot,
    SupervisionSettings,
)
from .periods import Period

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------

SETTING_FIELDS = [
    "lag_margin", "silence_days", "due_soon_days", "due_soon_progress", "recommendation_response_days",
    "weight_completion", "weight_on_time", "weight_overdue", "weight_discipline", "weight_recommendations",
    "weight_indicators", "weight_disbursement", "overdue_penalty", "grade_excellent", "grade_good", "grade_pass",
    "remind_days_before", "escalate_after_days",
]
# In the order of `rules.ScoreWeights`.
WEIGHT_FIELDS = ["weight_completion", "weight_on_time", "weight_overdue", "weight_discipline",
                 "weight_recommendations", "weight_indicators", "weight_disbursement"]


def _settings_values(s: SupervisionSettings) -> dict[str, int]:
    return {name: getattr(s, name) for name in SETTING_FIELDS}


def supervision_settings_update(*, actor: User, **values: int) -> SupervisionSettings:
    """The standing office sets margins, weights and grade thresholds. Weights must add up to
    100 and thresholds decrease (Xuất sắc > Tốt > Đạt); otherwise nothing changes."""
    if not selectors.can_manage_settings(actor):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được thay đổi thiết lập giám sát."))
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(_("Thiết lập không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    current = selectors.supervision_settings_get()
    merged = {**_settings_values(current), **values}
    errors: dict[str, str] = {}
    for name in ("lag_margin", "due_soon_progress"):
        if not 0 <= merged[name] <= 100:
            errors[name] = _("Giá trị phải từ 0 đến 100.")
    for name in ("silence_days", "recommendation_response_days"):
        if not 1 <= merged[name] <= 365:
            errors[name] = _("Số ngày phải từ 1 đến 365.")
    if not 0 <= merged["due_soon_days"] <= 60:
        errors["due_soon_days"] = _("Số ngày phải từ 0 đến 60.")
    for name in ("remind_days_before", "escalate_after_days"):
        value = merged[name]
        if not (isinstance(value, int) and REMINDER_DAYS_MIN <= value <= REMINDER_DAYS_MAX):
            errors[name] = _("Số ngày phải là số nguyên từ %(lo)s đến %(hi)s.") % {
                "lo": REMINDER_DAYS_MIN, "hi": REMINDER_DAYS_MAX}
    if not 0 <= merged["overdue_penalty"] <= 100:
        errors["overdue_penalty"] = _("Điểm trừ phải từ 0 đến 100.")
    weights = rules.ScoreWeights(*(merged[f] for f in WEIGHT_FIELDS))
    weight_error = rules.weights_errors(weights)
    if weight_error:
        errors["weight_completion"] = weight_error
    threshold_error = rules.thresholds_errors(
        rules.GradeThresholds(merged["grade_excellent"], merged["grade_good"], merged["grade_pass"]))
    if threshold_error:
        errors["grade_excellent"] = threshold_error
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = _settings_values(current)
        obj, _created = SupervisionSettings.objects.select_for_update().get_or_create(pk=1)
        for name, value in merged.items():
            setattr(obj, name, value)
        obj.updated_at = timezone.now()
        obj.updated_by = actor
        obj.save()
        audit_record(actor=actor, action="supervision.settings_update", target=obj,
                     summary=_("Cập nhật thiết lập giám sát (cảnh báo, trọng số, xếp loại, nhắc việc)"),
                     before=before, after=_settings_values(obj))
    return obj


# ---------------------------------------------------------------------------------------------
# Directions
# ---------------------------------------------------------------------------------------------


def direction_give(*, actor: User, content: str, task: Task | None = None, unit: OrgUnit | None = None) -> Direction:
    """A leader gives a direction on a task (addressed to its lead unit) or to a unit."""
    if not selectors.can_give_direction(actor):
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo mới được cho ý kiến chỉ đạo."))
    errors: dict[str, str] = {}
    if not content.strip():
        errors["content"] = _("Ý kiến chỉ đạo phải có nội dung.")
    if (task is None) == (unit is None):
        errors["unit"] = _("Chọn một nhiệm vụ hoặc một đơn vị nhận ý kiến chỉ đạo.")
    elif task is not None:
        if task.kind == TaskKind.GROUP or task.lead_unit_id is None:
            errors["task"] = _("Ý kiến chỉ đạo gửi tới nhiệm vụ có đơn vị chủ trì, không gửi tới nhóm nhiệm vụ.")
        elif task.state in {TaskState.DRAFT, TaskState.CANCELLED}:
            errors["task"] = _("Nhiệm vụ chưa giao hoặc đã hủy, không nhận ý kiến chỉ đạo.")
    elif unit is not None and unit.kind == "committee":
        errors["unit"] = _("Ý kiến chỉ đạo gửi tới một đơn vị, không gửi tới Ban Chỉ đạo.")
    if errors:
        raise ValidationError(errors)
    addressed = task.lead_unit if task is not None else unit
    assert addressed is not None
    with transaction.atomic():
        direction = Direction.objects.create(task=task, unit=addressed, content=content.strip(), given_by=actor,
                                             given_at=timezone.now())
        audit_record(
            actor=actor, action="direction.give", target=direction, task_id=task.pk if task else None,
            summary=_("Ý kiến chỉ đạo gửi %(u)s: %(c)s") % {"u": addressed.display_name,
                                                            "c": direction.content[:200]},
            after={"unit": addressed.code, "task": task.pk if task else None, "content": direction.content},
        )
        direction_given_notify(direction=direction)
    return direction


def direction_acknowledge(*, actor: User, direction: Direction) -> Direction:
    """The addressed unit's head or officer acknowledges once."""
    if not (actor.is_unit_user and direction.unit_id in user_unit_ids(user=actor)):
        raise PermissionDenied(_("Chỉ đơn vị nhận ý kiến chỉ đạo mới xác nhận đã tiếp nhận."))
    with transaction.atomic():
        locked = Direction.objects.select_for_update().get(pk=direction.pk)
        if locked.acknowledged_at is not None:
            raise ValidationError(_("Ý kiến chỉ đạo này đã được tiếp nhận lúc %(t)s.")
                                  % {"t": timezone.localtime(locked.acknowledged_at).strftime("%H:%M %d/%m/%Y")})
        locked.acknowledged_by = actor
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(actor=actor, action="direction.acknowledge", target=locked, task_id=locked.task_id,
                     summary=_("Đơn vị %(u)s tiếp nhận ý kiến chỉ đạo") % {"u": locked.unit.display_name},
                     after={"acknowledged_at": locked.acknowledged_at})
    direction.acknowledged_by, direction.acknowledged_at = locked.acknowledged_by, locked.acknowledged_at
    return direction


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------


def _rec_snapshot(rec: Recommendation) -> dict[str, object]:
    return {
        "from_unit": rec.from_unit.code, "to_unit": rec.to_unit.code if rec.to_unit else None,
        "task": rec.task_id, "report": rec.report_id, "content": rec.content,
        "raised_on": rec.raised_on, "response_due_on": rec.response_due_on,
    }


def recommendation_raise(
    *,
    actor: User,
    content: str,
    to_unit: OrgUnit | None = None,
    response_due_on: dt.date | None = None,
    task: Task | None = None,
    report: ProgressReport | None = None,
    today: dt.date | None = None,
) -> Recommendation:
    """A unit raises a recommendation to the committee (`to_unit` None) or to another unit, with
    a response deadline (default: the standing office's number of days from today)."""
    if not selectors.can_raise_recommendation(actor):
        raise PermissionDenied(_("Chỉ lãnh đạo, chuyên viên của đơn vị mới gửi kiến nghị."))
    today = today or timezone.localdate()
    s = selectors.supervision_settings_get()
    response_due_on = response_due_on or today + dt.timedelta(days=s.recommendation_response_days)
    errors: dict[str, str] = {}
    if not content.strip():
        errors["content"] = _("Kiến nghị phải có nội dung.")
    if response_due_on < today:
        errors["response_due_on"] = _("Hạn trả lời (%(d)s) không được trước ngày kiến nghị.") % {
            "d": format_date(response_due_on)}
    if to_unit is not None and to_unit.pk == actor.unit_id:
        errors["to_unit"] = _("Không gửi kiến nghị cho chính đơn vị mình.")
    if to_unit is not None and to_unit.kind == "committee":
        to_unit = None  # addressed to the committee itself
    if task is not None and task.lead_unit_id not in user_unit_ids(user=actor) and not task.support_units.filter(
            pk__in=user_unit_ids(user=actor)).exists():
        errors["task"] = _("Kiến nghị chỉ gắn với nhiệm vụ đơn vị mình chủ trì hoặc phối hợp.")
    if errors:
        raise ValidationError(errors)
    from_unit = report.unit if report is not None else actor.unit
    try:
        with transaction.atomic():
            rec = Recommendation.objects.create(
                from_unit=from_unit, to_unit=to_unit, task=task, report=report, content=content.strip(),
                raised_by=actor, raised_on=today, response_due_on=response_due_on,
            )
            audit_record(actor=actor, action="recommendation.raise", target=rec, task_id=task.pk if task else None,
                         summary=_("Kiến nghị gửi %(to)s, hạn trả lời %(d)s") % {
                             "to": to_unit.display_name if to_unit else _("Ban Chỉ đạo"),
                             "d": format_date(response_due_on)},
                         after=_rec_snapshot(rec))
    except IntegrityError as exc:
        raise ValidationError(_("Kiến nghị từ báo cáo này đã được gửi.")) from exc
    return rec


def recommendation_from_report(*, actor: User, report: ProgressReport, today: dt.date | None = None) -> Recommendation:
    """One click on a submitted report: its proposals become a recommendation to the committee."""
    if not (actor.is_unit_user and report.unit_id in user_unit_ids(user=actor)):
        raise PermissionDenied(_("Chỉ đơn vị báo cáo mới gửi kiến nghị từ báo cáo này."))
    if report.state in {ReportState.DRAFT, ReportState.PENDING_APPROVAL}:
        raise ValidationError(_("Báo cáo chưa gửi; hãy gửi báo cáo trước khi chuyển kiến nghị."))
    if not report.proposals.strip():
        raise ValidationError(_("Báo cáo không có kiến nghị, đề xuất để gửi."))
    if Recommendation.objects.filter(report=report).exists():
        raise ValidationError(_("Kiến nghị từ báo cáo này đã được gửi."))
    return recommendation_raise(actor=actor, content=report.proposals, task=report.task, report=report, today=today)


def recommendation_answer(
    *, actor: User, recommendation: Recommendation, answer: str, on: dt.date | None = None
) -> Recommendation:
    """Answered once, by whoever it is addressed to; a second answer is refused."""
    if not selectors.can_answer_recommendation(actor, recommendation):
        raise PermissionDenied(_("Anh/chị không phải nơi nhận kiến nghị này nên không trả lời được."))
    if not answer.strip():
        raise ValidationError({"answer": _("Trả lời kiến nghị phải có nội dung.")})
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.answered_on is not None:
            raise ValidationError(_("Kiến nghị này đã được trả lời ngày %(d)s; không trả lời lần thứ hai.")
                                  % {"d": format_date(locked.answered_on)})
        if on < locked.raised_on:
            raise ValidationError({"answer": _("Ngày trả lời không được trước ngày kiến nghị.")})
        locked.answer = answer.strip()
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.answered_on = on
        locked.save(update_fields=["answer", "answered_by", "answered_at", "answered_on"])
        status = rules.recommendation_status(response_due_on=locked.response_due_on, answered_on=on, today=on)
        audit_record(actor=actor, action="recommendation.answer", target=locked, task_id=locked.task_id,
                     summary=_("Trả lời kiến nghị (%(s)s)") % {"s": rules.RECOMMENDATION_LABELS[status].lower()},
                     after={"answer": locked.answer, "answered_on": on, "status": status})
    for name in ("answer", "answered_by", "answered_at", "answered_on"):
        setattr(recommendation, name, getattr(locked, name))
    return recommendation


# ---------------------------------------------------------------------------------------------
# Scorecard snapshots
# ---------------------------------------------------------------------------------------------


def scorecard_freeze(
    *, actor: User | None, period: Period, today: dt.date | None = None, dry_run: bool = False
) -> tuple[ScorecardSnapshot | None, list[selectors.ScoreLine]]:
    """Freeze every unit's scorecard of a closed period, with `taken_at`. A period still running
    or already frozen is refused (history is never rewritten). `dry_run` computes, writes nothing."""
    if actor is not None and not selectors.can_manage_settings(actor):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được chốt bảng điểm."))
    today = today or timezone.localdate()
    if not period.is_closed(today):
        raise ValidationError(_("%(p)s chưa kết thúc; chỉ chốt bảng điểm của kỳ đã kết thúc.") % {"p": period.label})
    existing = selectors.snapshot_get(period)
    if existing is not None:
        raise ValidationError(_("Bảng điểm %(p)s đã được chốt lúc %(t)s; không chốt lại.") % {
            "p": period.label, "t": timezone.localtime(existing.taken_at).strftime("%H:%M %d/%m/%Y")})
    s = selectors.supervision_settings_get()
    lines = selectors.scorecard_compute(period=period, today=today, s=s)
    if dry_run:
        return None, lines
    with transaction.atomic():
        snapshot = ScorecardSnapshot.objects.create(
            period_kind=period.kind, period_key=period.key, start=period.start, end=period.end,
            taken_at=timezone.now(), taken_by=actor,
            settings={name: getattr(s, name) for name in SETTING_FIELDS},
        )
        ScorecardRow.objects.bulk_create([
            ScorecardRow(
                snapshot=snapshot, unit_id=line.unit_id, unit_name=line.unit_name, unit_kind=line.unit_kind,
                done_on_time=line.inputs.done_on_time, done_late=line.inputs.done_late,
                open_on_time=line.inputs.open_on_time, open_overdue=line.inputs.open_overdue,
                discipline_on_time=line.inputs.discipline_on_time,
                discipline_expected=line.inputs.discipline_expected,
                rec_answered_on_time=line.inputs.rec_answered_on_time, rec_due=line.inputs.rec_due,
                completion_rate=line.components[rules.COMPLETION], on_time_rate=line.components[rules.ON_TIME],
                overdue_score=line.components[rules.OVERDUE_COMPONENT],
                discipline_rate=line.components[rules.DISCIPLINE], rec_rate=line.components[rules.RECOMMENDATIONS],
                indicator_achievement=line.inputs.indicator_achievement,
                disbursement_rate=line.inputs.disbursement_rate, year_elapsed=line.inputs.year_elapsed,
                indicators_score=line.components[rules.INDICATORS],
                disbursement_score=line.components[rules.DISBURSEMENT],
                score=line.score, grade=line.grade, rank=line.rank,
            )
            for line in lines
        ])
        audit_record(actor=actor, action="scorecard.freeze", target=snapshot,
                     summary=_("Chốt bảng điểm %(p)s (%(n)s đơn vị)") % {"p": period.label, "n": len(lines)},
                     after={"period": period.key, "units": len(lines)})
    return snapshot, lines
