"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .chain import _default, event_hash, hashed_fields
from .models import AuditEvent, AuditHead


def _jsonable(value: Any) -> Any:
    # Round-trip through JSON so what is hashed is exactly what the JSONField stores and returns.
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=_default))


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    task_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq = head.last_seq + 1
        actor_id = getattr(actor, "pk", None)
        actor_name = getattr(actor, "username", "") or "system"
        created_at = timezone.now()
        fields = hashed_fields(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_label=str(target)[:500],
            task_ref=task_id,
            summary=summary[:500],
            before=_jsonable(before),
            after=_jsonable(after),
        )
        digest = event_hash(prev_hash=head.last_hash, fields=fields)
        event = AuditEvent.objects.create(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            target_type=fields["target_type"],
            target_id=fields["target_id"],
            target_label=fields["target_label"],
            task_ref=task_id,
            summary=fields["summary"],
            before=fields["before"],
            after=fields["after"],
            prev_hash=head.last_hash,
            hash=digest,
        )
        head.last_seq = seq
        head.last_hash = digest
        head.save(update_fields=["last_seq", "last_hash"])
        return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None
    reason: str

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def audit_verify() -> ChainReport:
    """Recompute every hash in order; stop at the first row that does not match."""
    prev = "0" * 64
    expected_seq = 1
    checked = 0
    rows = AuditEvent.objects.order_by("seq").values().iterator(chunk_size=2000)
    for row in rows:
        if row["seq"] != expected_seq:
            return ChainReport(checked, expected_seq, "missing")
        fields = hashed_fields(
            seq=row["seq"],
            created_at=row["created_at"],
            actor_id=row["actor_id"],
            actor_name=row["actor_name"],
            action=row["action"],
            target_type=row["target_type"],
            target_id=row["target_id"],
            target_label=row["target_label"],
            task_ref=row["task_ref"],
            summary=row["summary"],
            before=row["before"],
            after=row["after"],
        )
        if row["prev_hash"] != prev:
            return ChainReport(checked, row["seq"], "prev_hash")
        if event_hash(prev_hash=prev, fields=fields) != row["hash"]:
            return ChainReport(checked, row["seq"], "hash")
        prev = row["hash"]
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.last_seq != checked:
        return ChainReport(checked, checked + 1, "missing")
    return ChainReport(checked, None, "")
