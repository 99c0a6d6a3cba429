"""Pure hashing of audit events: the same fields and key always give the same hash.

The hash is HMAC-SHA256 under the audit key (keys.py), over the previous hash and the canonical JSON
of the event. The actor enters as the label frozen at write time (username and full name), never as
the user's id, so renaming, deactivating or even deleting the account never breaks verification.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any


def _default(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def event_hash(*, key: bytes, prev_hash: str, fields: dict[str, Any]) -> str:
    payload = prev_hash + canonical_json(fields)
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def hashed_fields(
    *,
    seq: int,
    created_at: dt.datetime,
    actor_name: str,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    target_label: str,
    task_ref: int | None,
    summary: str,
    before: Any,
    after: Any,
) -> dict[str, Any]:
    # Timestamps are hashed in UTC microseconds so PostgreSQL and SQLite round-trip identically.
    stamp = created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "seq": seq,
        "created_at": stamp,
        "actor_name": actor_name,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": target_label,
        "task_ref": task_ref,
        "summary": summary,
        "before": before,
        "after": after,
    }
