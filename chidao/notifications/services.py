"""Every write of notifications, e-mail deliveries and preferences.

`notify(...)` is the one entry point other apps call (task assigned, report returned, extension
decided, completion accepted, round opened, a direction given). It is idempotent per dedupe key,
runs inside the caller's transaction and writes the e-mail outbox row in the same transaction, so
a notification is never created without its e-mail or the other way round. The e-mail itself is
sent later by `deliveries_send_due` (the worker), which marks a row sent only after the SMTP
server accepted it and retries failures with backoff.

Reading a notification and the automatic creation of reminders are not audited one by one (the
audit log records decisions; a day's reminder run is audited as one event with its counts).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.orgs.models import Role, User

from . import rules
from .models import DeliveryState, EmailDelivery, Notification, NotificationKind, NotificationPreference

logger = logging.getLogger(__name__)

# How long a sender holds the rows it claimed; a sender that died is overtaken after this.
CLAIM_LEASE = dt.timedelta(minutes=5)
CHUNK = 500


@dataclass(frozen=True)
class Draft:
    """One notification to create: who, what, and its identity."""

    recipient: User
    kind: str
    subject: str
    occurrence: str
    title: str
    body: str = ""
    url: str = ""

    @property
    def key(self) -> str:
        return rules.dedupe_key(kind=self.kind, subject=self.subject, occurrence=self.occurrence,
                                recipient_id=self.recipient.pk)


def address_problem(address: str) -> str:
    """The Vietnamese reason an address cannot receive mail, or '' when it parses."""
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError:
        return _("Địa chỉ e-mail “%(a)s” không hợp lệ nên không gửi được thư; "
                 "hãy sửa địa chỉ trong hồ sơ người dùng.") % {"a": address}
    return ""


def _email_disabled(user_ids: set[int]) -> set[tuple[int, str]]:
    if not user_ids:
        return set()
    return set(
        NotificationPreference.objects.filter(user_id__in=user_ids, email_enabled=False)
        .values_list("user_id", "kind")
    )


def notifications_create(drafts: Sequence[Draft], *, now: dt.datetime | None = None) -> int:
    """Create the notifications of `drafts` that do not exist yet, with their e-mail rows.

    Returns how many were created. Works in chunks, each in its own transaction (or inside the
    caller's), so an interrupted run keeps what it committed and a repeated run creates only the
    rest: never twice, never lost.
    """
    now = now or timezone.now()
    created = 0
    for start in range(0, len(drafts), CHUNK):
        created += _create_chunk(drafts[start:start + CHUNK], now=now)
    return created


def _create_chunk(drafts: Sequence[Draft], *, now: dt.datetime) -> int:
    unique: dict[str, Draft] = {}
    for draft in drafts:
        unique.setdefault(draft.key, draft)
    with transaction.atomic():
        existing = set(Notification.objects.filter(dedupe_key__in=list(unique)).values_list("dedupe_key", flat=True))
        new = [d for k, d in unique.items() if k not in existing]
        if not new:
            return 0
        rows = [
            Notification(recipient=d.recipient, kind=d.kind, title=d.title[:300], body=d.body, url=d.url[:300],
                         dedupe_key=d.key)
            for d in new
        ]
        try:
            with transaction.atomic():
                Notification.objects.bulk_create(rows)
        except IntegrityError:
            # Another process created some of the same keys meanwhile: fall back to one by one.
            rows = []
            for d in new:
                obj, made = Notification.objects.get_or_create(
                    dedupe_key=d.key,
                    defaults={"recipient": d.recipient, "kind": d.kind, "title": d.title[:300], "body": d.body,
                              "url": d.url[:300]},
                )
                if made:
                    rows.append(obj)
        disabled = _email_disabled({row.recipient_id for row in rows})
        deliveries = []
        for row in rows:
            address = (row.recipient.email or "").strip()
            if not address or (row.recipient_id, row.kind) in disabled:
                continue
            problem = address_problem(address)
            deliveries.append(EmailDelivery(
                notification=row, to_address=address[:254], next_attempt_at=now,
                state=DeliveryState.FAILED if problem else DeliveryState.PENDING, last_error=problem,
            ))
        EmailDelivery.objects.bulk_create(deliveries)
        if any(d.state == DeliveryState.PENDING for d in deliveries):
            transaction.on_commit(_enqueue_send)
    return len(rows)


def _enqueue_send() -> None:
    """Ask the worker to send soon instead of at its next minute tick. Best effort: if the
    queue is unavailable the tick sends the outbox anyway."""
    try:
        from .tasks import send_email_task

        send_email_task.enqueue()
    except Exception:  # the outbox row is already committed; the tick will pick it up
        logger.warning("Không đưa được việc gửi thư vào hàng đợi; lượt chạy định kỳ sẽ gửi.", exc_info=True)


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    title: str,
    body: str = "",
    url: str = "",
    occurrence: str = "",
) -> int:
    """Notify people in-app (and by e-mail unless they turned that kind off).

    `subject` names the object ("task:12", "direction:7"); `occurrence` tells repeated events
    about the same object apart (a due date, a decision id). Same kind + subject + occurrence +
    person = the same notification, created once. Call it inside your service's transaction.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    seen: set[int] = set()
    drafts = []
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        drafts.append(Draft(recipient=user, kind=kind, subject=subject, occurrence=occurrence, title=title,
                            body=body, url=url))
    return notifications_create(drafts)


# Public alias for other apps (directions of the supervision app).
notification_create = notify


# ---------------------------------------------------------------------------------------------
# Recipients
# ---------------------------------------------------------------------------------------------

UNIT_ROLES = [Role.UNIT_HEAD, Role.UNIT_OFFICER]


def unit_people(unit_ids: Iterable[int], *, roles: Sequence[str] = tuple(UNIT_ROLES)) -> dict[int, list[User]]:
    """Active people of each unit (the unit itself, not its parents), in one query."""
    ids = {u for u in unit_ids if u}
    result: dict[int, list[User]] = {u: [] for u in ids}
    if not ids:
        return result
    for user in User.objects.filter(unit_id__in=ids, role__in=list(roles), is_active=True).order_by("id"):
        result[user.unit_id].append(user)
    return result


def leaders() -> list[User]:
    """Every active leader of the committee: the escalation's recipients for a task that has no
    leader in charge (lãnh đạo phụ trách) on itself, its group or its directive."""
    return list(User.objects.filter(role=Role.LEADER, is_active=True).order_by("id"))


# ---------------------------------------------------------------------------------------------
# Reading, preferences
# ---------------------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("Đây không phải thông báo của anh/chị."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_set(*, actor: User, email_enabled: dict[str, bool]) -> None:
    """Turn e-mail on or off per kind for the person themself."""
    unknown = [k for k in email_enabled if k not in NotificationKind.values]
    if unknown:
        raise ValidationError(_("Loại thông báo không hợp lệ: %(k)s") % {"k": ", ".join(unknown)})
    with transaction.atomic():
        before = dict(NotificationPreference.objects.filter(user=actor).values_list("kind", "email_enabled"))
        for kind, enabled in email_enabled.items():
            NotificationPreference.objects.update_or_create(user=actor, kind=kind,
                                                            defaults={"email_enabled": enabled})
        audit_record(actor=actor, action="notification.preferences", target=actor,
                     summary=_("Đổi cài đặt nhận thư thông báo"), before=before, after=email_enabled)


def delivery_retry(*, actor: User, delivery: EmailDelivery) -> EmailDelivery:
    """The administrator sends a failed or waiting e-mail again now (after fixing the address
    or the mail server). The attempt count restarts."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới gửi lại thư."))
    if delivery.state == DeliveryState.SENT:
        raise ValidationError(_("Thư này đã gửi được, không gửi lại."))
    address = delivery.notification.recipient.email.strip()
    with transaction.atomic():
        before = {"state": delivery.state, "attempts": delivery.attempts, "to": delivery.to_address}
        delivery.to_address = address or delivery.to_address
        delivery.state = DeliveryState.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.locked_until = None
        delivery.claim_token = ""  # a sender still holding an old claim can no longer mark or send it
        delivery.last_error = address_problem(delivery.to_address)
        if delivery.last_error:
            delivery.state = DeliveryState.FAILED
        delivery.save()
        audit_record(actor=actor, action="email.retry", target=delivery.notification,
                     summary=_("Gửi lại thư đến %(a)s") % {"a": delivery.to_address}, before=before,
                     after={"state": delivery.state, "to": delivery.to_address})
        if delivery.state == DeliveryState.PENDING:
            transaction.on_commit(_enqueue_send)
    return delivery


# ---------------------------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(*, now: dt.datetime, limit: int) -> tuple[str, list[EmailDelivery]]:
    """Take up to `limit` due rows for this sender, under a fresh claim token. On PostgreSQL rows
    locked by another sender are skipped; on SQLite the IMMEDIATE transaction serialises senders.
    The attempt is counted at claim time, so a sender that crashes mid-send still counts it."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        qs = (
            EmailDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .order_by("next_attempt_at", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        if not ids:
            return token, []
        EmailDelivery.objects.filter(id__in=ids).update(locked_until=now + CLAIM_LEASE, attempts=F("attempts") + 1,
                                                        claim_token=token)
    return token, list(EmailDelivery.objects.filter(id__in=ids).select_related("notification").order_by("id"))


def _still_ours(delivery: EmailDelivery, token: str, now: dt.datetime) -> bool:
    """Renew the lease just before sending, only if the claim still holds (nobody re-claimed the
    row after our lease ran out, nobody retried or cancelled it): else this sender must not send."""
    return bool(EmailDelivery.objects.filter(pk=delivery.pk, claim_token=token, state=DeliveryState.PENDING)
                .update(locked_until=now + CLAIM_LEASE))


def _message(delivery: EmailDelivery, conn: object) -> EmailMessage:
    note = delivery.notification
    site = getattr(settings, "CHIDAO_SITE_URL", "").rstrip("/")
    lines = [note.title, ""]
    if note.body:
        lines += [note.body, ""]
    if note.url:
        lines += [_("Xem chi tiết: %(u)s") % {"u": f"{site}{note.url}"}, ""]
    lines += ["--", _("Hệ thống Chỉ Đạo – thư gửi tự động, xin không trả lời."),
              _("Tắt thư theo từng loại thông báo tại: %(u)s") % {"u": f"{site}/thong-bao/cai-dat/"}]
    domain = (settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1] or "chidao").strip(">")
    return EmailMessage(
        subject=rules.email_subject(note.title),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_address],
        connection=conn,  # type: ignore[arg-type]
        # A stable Message-ID lets a mail server or client drop the rare copy sent twice when a
        # sender died between the server's acceptance and our "sent" mark.
        headers={"Message-ID": f"<chidao-delivery-{delivery.pk}@{domain}>"},
    )


def _retry_later(delivery: EmailDelivery, *, error: str, now: dt.datetime, result: SendResult,
                 token: str) -> None:
    final = delivery.attempts >= rules.MAX_ATTEMPTS
    EmailDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING, claim_token=token).update(
        state=DeliveryState.FAILED if final else DeliveryState.PENDING,
        next_attempt_at=now + rules.retry_delay(delivery.attempts),
        locked_until=None,
        last_error=error[:2000],
    )
    if final:
        result.failed += 1
    else:
        result.retried += 1
    result.errors.append(error)


def deliveries_send_due(*, now: dt.datetime | None = None, limit: int = 200) -> SendResult:
    """Send the e-mails that are due, through the SMTP settings (EMAIL_HOST, …).

    One bad address fails only its own row (with a Vietnamese reason the administrator sees);
    a refused or unreachable server leaves every claimed row pending with the error and a later
    `next_attempt_at`; nothing is dropped.
    """
    now = now or timezone.now()
    token, batch = _claim(now=now, limit=limit)
    return _send_batch(token, batch, now=now)


def _send_batch(token: str, batch: list[EmailDelivery], *, now: dt.datetime) -> SendResult:
    """Send what one claim took; every row is re-checked against the claim before its message goes."""
    result = SendResult()
    if not batch:
        return result
    conn = get_connection(fail_silently=False)
    try:
        conn.open()
    except Exception as exc:
        error = _("Không kết nối được máy chủ thư %(h)s:%(p)s – %(e)s") % {
            "h": settings.EMAIL_HOST, "p": settings.EMAIL_PORT, "e": exc}
        for delivery in batch:
            _retry_later(delivery, error=error, now=now, result=result, token=token)
        return result
    try:
        for delivery in batch:
            if not _still_ours(delivery, token, now):
                continue  # the lease ran out and another sender has it now
            problem = address_problem(delivery.to_address)
            if problem:
                EmailDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(
                    state=DeliveryState.FAILED, last_error=problem, locked_until=None)
                result.failed += 1
                result.errors.append(problem)
                continue
            try:
                accepted = _message(delivery, conn).send()
            except Exception as exc:
                _retry_later(delivery, error=_("Máy chủ thư từ chối hoặc lỗi: %(e)s") % {"e": exc}, now=now,
                             result=result, token=token)
                continue
            if not accepted:
                _retry_later(delivery, error=_("Máy chủ thư không nhận thư."), now=now, result=result, token=token)
                continue
            EmailDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(
                state=DeliveryState.SENT, sent_at=timezone.now(), locked_until=None, last_error="")
            result.sent += 1
    finally:
        try:
            conn.close()
        except Exception:  # closing a broken connection must not lose the marks above
            logger.debug("closing SMTP connection failed", exc_info=True)
    return result
