"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from chidao.core.concerns import concern_bump, concerns_of_action

from .chain import _default, event_hash, hashed_fields
from .models import AuditEvent, AuditHead


def _jsonable(value: Any) -> Any:
    # Round-trip through JSON so what is hashed is exactly what the JSONField stores and returns.
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=_default))


@dataclass(frozen=True)
class AuditEntry:
    """One event to append with `audit_record_many`; the same arguments as `audit_record`."""

    actor: Any
    action: str
    target: Any
    summary: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    task_id: int | None = None


def _chained_event(entry: AuditEntry, *, seq: int, prev_hash: str, created_at: Any) -> AuditEvent:
    """The unsaved event `entry` becomes at `seq` after `prev_hash`: the one place a hash is made."""
    actor_id = getattr(entry.actor, "pk", None)
    actor_name = getattr(entry.actor, "username", "") or "system"
    fields = hashed_fields(
        seq=seq,
        created_at=created_at,
        actor_id=actor_id,
        actor_name=actor_name,
        action=entry.action,
        target_type=entry.target._meta.label_lower,
        target_id=str(entry.target.pk),
        target_label=str(entry.target)[:500],
        task_ref=entry.task_id,
        summary=entry.summary[:500],
        before=_jsonable(entry.before),
        after=_jsonable(entry.after),
    )
    return AuditEvent(
        seq=seq,
        created_at=created_at,
        actor_id=actor_id,
        actor_name=actor_name,
        action=entry.action,
        target_type=fields["target_type"],
        target_id=fields["target_id"],
        target_label=fields["target_label"],
        task_ref=entry.task_id,
        summary=fields["summary"],
        before=fields["before"],
        after=fields["after"],
        prev_hash=prev_hash,
        hash=event_hash(prev_hash=prev_hash, fields=fields),
    )


def audit_record_many(entries: Sequence[AuditEntry]) -> list[AuditEvent]:
    """Append `entries` to the chain in order, in one insert. Must run inside the caller's transaction.

    The head is locked once and every hash is computed in memory, each from the one before, exactly
    as one `audit_record` per entry would: a bulk import writes thousands of events without
    thousands of lock/read/update round trips, and `audit_verify` cannot tell the difference.
    """
    if not entries:
        return []
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        created_at = timezone.now()
        events: list[AuditEvent] = []
        prev_hash, seq = head.last_hash, head.last_seq
        for entry in entries:
            seq += 1
            event = _chained_event(entry, seq=seq, prev_hash=prev_hash, created_at=created_at)
            prev_hash = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=500)
        head.last_seq = seq
        head.last_hash = prev_hash
        head.save(update_fields=["last_seq", "last_hash"])
        # The concerns these writes change get new versions in this same transaction: the figures
        # that read them are recomputed, the others stay cached (chidao/core/concerns.py).
        concern_bump(*{name for entry in entries for name in concerns_of_action(entry.action)})
        return events


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
    entry = AuditEntry(actor=actor, action=action, target=target, summary=summary, before=before, after=after,
                       task_id=task_id)
    return audit_record_many([entry])[0]


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
