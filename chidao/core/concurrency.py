"""Row locks and edit versions, the two guards against concurrent decisions and stale saves.

Lock order (DESIGN §5): the domain row(s) first — the object decided on, then the task it moves —
and the audit head last (`audit_record` takes it). A decision locks its row with `lock_fresh`
and re-checks the state on the fresh copy inside the same transaction.

Edits carry `row_version`: the form sends the version it was drawn from; a save against a newer
row is refused with `STALE_MESSAGE` and changes nothing; a save writes only the fields it changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _("Nội dung đã được người khác sửa; hãy tải lại trang")


def lock_fresh(obj: models.Model) -> models.Model:
    """Lock `obj`'s row until the transaction ends and reload it in place (what it is now, not
    what the caller read before). Must run inside `transaction.atomic()`."""
    fresh = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    for field in obj._meta.concrete_fields:
        new = getattr(fresh, field.attname)
        # Unlike refresh_from_db, a related object the caller holds stays attached while the key is
        # unchanged, so `lock_fresh(report.task)` refreshes the very task the caller passed in.
        if field.is_relation and getattr(obj, field.attname) != new and field.is_cached(obj):
            field.delete_cached_value(obj)
        setattr(obj, field.attname, new)
    return obj


def version_check(obj: models.Model, expected: int | None) -> None:
    """Refuse a save drawn from an older copy (`expected` None: a caller without a form, e.g. the API)."""
    if expected is not None and int(expected) != obj.row_version:  # type: ignore[attr-defined]
        raise ValidationError(STALE_MESSAGE, code="stale")


def changed_fields(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set `values` on `obj` and name the fields that really changed (only these are saved)."""
    changed = []
    for name, value in values.items():
        field = obj._meta.get_field(name)
        attname = field.attname  # type: ignore[union-attr]
        new = value.pk if isinstance(value, models.Model) else value
        if getattr(obj, attname) != new:
            changed.append(name)
        setattr(obj, name, value)
    return changed


def save_changed(obj: models.Model, fields: Iterable[str], *, extra: Iterable[str] = ()) -> None:
    """Bump the version and write only `fields` (+ `extra`, e.g. `updated_at`)."""
    names = list(dict.fromkeys([*fields, *extra]))
    obj.row_version += 1  # type: ignore[attr-defined]
    obj.save(update_fields=[*names, "row_version"])
