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
from .keys import audit_key
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


def _actor_labels(actor: Any) -> tuple[str, str]:
    """(username, full name) as they are now: frozen into the event, hashed, never looked up again."""
    if actor is None:
        return "system", ""
    return (getattr(actor, "username", "") or "system")[:150], (getattr(actor, "full_name", "") or "")[:300]


def _target_fields(target: Any) -> tuple[str, str, str]:
    # No target (a failed login for an unknown name): the event is about authentication itself.
    if target is None:
        return "auth", "", ""
    if isinstance(target, tuple):  # (type, id, label) for what is not a model row
        kind, ident, label = target
        return str(kind)[:64], str(ident)[:64], str(label)[:500]
    return target._meta.label_lower, str(target.pk), str(target)[:500]


def _chained_event(entry: AuditEntry, *, key: bytes, seq: int, prev_hash: str, created_at: Any) -> AuditEvent:
    """The unsaved event `entry` becomes at `seq` after `prev_hash`: the one place a hash is made."""
    actor_id = getattr(entry.actor, "pk", None)
    actor_name, actor_label = _actor_labels(entry.actor)
    target_type, target_id, target_label = _target_fields(entry.target)
    fields = hashed_fields(
        seq=seq,
        created_at=created_at,
        actor_name=actor_name,
        actor_label=actor_label,
        action=entry.action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
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
        actor_label=actor_label,
        action=entry.action,
        target_type=fields["target_type"],
        target_id=fields["target_id"],
        target_label=fields["target_label"],
        task_ref=entry.task_id,
        summary=fields["summary"],
        before=fields["before"],
        after=fields["after"],
        prev_hash=prev_hash,
        hash=event_hash(key=key, prev_hash=prev_hash, fields=fields),
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
        key = audit_key()
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        created_at = timezone.now()
        events: list[AuditEvent] = []
        prev_hash, seq = head.last_hash, head.last_seq
        for entry in entries:
            seq += 1
            event = _chained_event(entry, key=key, seq=seq, prev_hash=prev_hash, created_at=created_at)
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
    """Append one event to the chain. Must run inside the caller's transaction, after the domain
    rows it changes are written (locked): the lock order is the domain row first, then the head.

    `target` is a model instance, or a `(type, id, label)` tuple, or None (authentication events).
    """
    entry = AuditEntry(actor=actor, action=action, target=target, summary=summary, before=before, after=after,
                       task_id=task_id)
    return audit_record_many([entry])[0]


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None
    reason: str
    head_hash: str = ""
    head_seq: int = 0
    broken_action: str = ""
    broken_at: Any = None

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def audit_head() -> tuple[int, str]:
    """(last seq, last hash): what an office writes down outside the system to anchor the chain."""
    head = AuditHead.objects.filter(id=1).values_list("last_seq", "last_hash").first()
    return head if head else (0, "0" * 64)


def _fields_of(row: dict[str, Any]) -> dict[str, Any]:
    return hashed_fields(
        seq=row["seq"], created_at=row["created_at"], actor_name=row["actor_name"], actor_label=row["actor_label"],
        action=row["action"], target_type=row["target_type"], target_id=row["target_id"],
        target_label=row["target_label"], task_ref=row["task_ref"], summary=row["summary"], before=row["before"],
        after=row["after"],
    )


def audit_verify() -> ChainReport:
    """Recompute every hash in order; stop at the first row that does not match."""
    key = audit_key()
    head_seq, head_hash = audit_head()
    prev = "0" * 64
    expected_seq = 1
    checked = 0
    rows = AuditEvent.objects.order_by("seq").values().iterator(chunk_size=2000)

    def broken(seq: int, reason: str, row: dict[str, Any] | None = None) -> ChainReport:
        return ChainReport(checked, seq, reason, head_hash, head_seq,
                           row["action"] if row else "", row["created_at"] if row else None)

    for row in rows:
        if row["seq"] != expected_seq:
            return broken(expected_seq, "missing")
        if row["prev_hash"] != prev:
            return broken(row["seq"], "prev_hash", row)
        if event_hash(key=key, prev_hash=prev, fields=_fields_of(row)) != row["hash"]:
            return broken(row["seq"], "hash", row)
        prev = row["hash"]
        expected_seq += 1
        checked += 1
    if head_seq != checked or (checked and head_hash != prev):
        return broken(checked + 1, "missing")
    return ChainReport(checked, None, "", head_hash, head_seq)


def audit_rehash(*, using: str = "default", model: Any = None, head_model: Any = None) -> int:
    """Hash the whole chain again under the current key and scheme (a migration and `audit_rehash`
    use it once, when the scheme or the key changes). Run `verify_audit` before: it launders nothing
    it has not checked, but it cannot tell an old tampering from a legitimate row either."""
    event_model = model or AuditEvent
    head_cls = head_model or AuditHead
    key = audit_key()
    prev, n = "0" * 64, 0
    with transaction.atomic(using=using):
        head, _ = head_cls.objects.using(using).select_for_update().get_or_create(id=1)
        batch = []
        for row in event_model.objects.using(using).order_by("seq").values().iterator(chunk_size=2000):
            row.setdefault("actor_label", "")
            digest = event_hash(key=key, prev_hash=prev, fields=_fields_of(row))
            batch.append(event_model(id=row["id"], prev_hash=prev, hash=digest))
            prev, n = digest, row["seq"]
            if len(batch) >= 1000:
                event_model.objects.using(using).bulk_update(batch, ["prev_hash", "hash"])
                batch = []
        event_model.objects.using(using).bulk_update(batch, ["prev_hash", "hash"])
        head.last_hash, head.last_seq = prev, n
        head.save(update_fields=["last_hash", "last_seq"])
    return n
