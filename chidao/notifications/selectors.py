"""Reads of notifications and e-mail deliveries, each scoped to the person."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from chidao.orgs.models import Role, User

from .models import DeliveryState, EmailDelivery, Notification, NotificationKind, NotificationPreference
from .services import address_problem


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    """The header badge: one indexed count."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get(*, user: User, pk: int) -> Notification:
    """Only the recipient may open a notification; anyone else gets 404."""
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


def preferences_for(*, user: User) -> list[tuple[str, str, bool]]:
    """(kind, label, e-mail on) for every kind."""
    off = set(NotificationPreference.objects.filter(user=user, email_enabled=False).values_list("kind", flat=True))
    return [(kind, label, kind not in off) for kind, label in NotificationKind.choices]


def own_email_problem(*, user: User) -> str:
    """Why the person's own address cannot receive mail ('' when it can)."""
    return address_problem((user.email or "").strip())


def deliveries_for_admin(*, user: User, state: str | None = None) -> QuerySet[EmailDelivery]:
    """The outbox as the administrator sees it: failed and waiting first."""
    if user.role != Role.ADMIN:
        return EmailDelivery.objects.none()
    qs = EmailDelivery.objects.select_related("notification", "notification__recipient")
    if state in DeliveryState.values:
        qs = qs.filter(state=state)
    else:
        qs = qs.exclude(state=DeliveryState.SENT)
    return qs.order_by("state", "-id")


def delivery_counts(*, user: User) -> dict[str, int]:
    if user.role != Role.ADMIN:
        return {}
    from django.db.models import Count

    return dict(EmailDelivery.objects.values_list("state").annotate(n=Count("id")).order_by())


def delivery_get(*, user: User, pk: int) -> EmailDelivery:
    if user.role != Role.ADMIN:
        raise Http404
    try:
        return EmailDelivery.objects.select_related("notification", "notification__recipient").get(pk=pk)
    except EmailDelivery.DoesNotExist as exc:
        raise Http404 from exc


def mail_transport() -> dict[str, str]:
    """How e-mail leaves this installation, for the outbox page: SMTP, a local folder or the console."""
    from django.conf import settings

    backend = settings.EMAIL_BACKEND
    if backend.endswith("smtp.EmailBackend"):
        return {"kind": "smtp", "where": f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"}
    if backend.endswith("filebased.EmailBackend"):
        return {"kind": "file", "where": str(settings.EMAIL_FILE_PATH)}
    if backend.endswith("console.EmailBackend"):
        return {"kind": "console", "where": ""}
    return {"kind": "other", "where": backend}
