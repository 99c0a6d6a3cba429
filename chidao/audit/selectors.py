"""Reads of the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from chidao.directives.models import Task
from chidao.orgs.models import Role, User

from .models import AuditEvent


def task_timeline(*, task: Task) -> list[AuditEvent]:
    """Every event of a task (its reports and extensions included), newest first."""
    return list(AuditEvent.objects.filter(task_ref=task.pk).select_related("actor").order_by("-seq"))


def audit_events(*, user: User, action: str = "", actor: str = "") -> QuerySet[AuditEvent]:
    if user.role not in {Role.ADMIN, Role.SECRETARIAT, Role.LEADER}:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.select_related("actor").order_by("-seq")
    if action:
        qs = qs.filter(action__startswith=action[:100].replace("\x00", ""))  # a LIKE pattern: bounded
    if actor:
        qs = qs.filter(actor_name=actor[:300].replace("\x00", ""))
    return qs
