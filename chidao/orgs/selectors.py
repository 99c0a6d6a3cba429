"""Reads of units and people."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import OrgUnit, User


def unit_subtree_ids(*, unit_id: int) -> set[int]:
    """The unit and every unit under it. Units are few (hundreds), so one query and a walk."""
    return units_subtree_ids([unit_id])[unit_id]


def units_subtree_ids(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """`unit_subtree_ids` for many units at once, in the same single query (for scorecards)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in OrgUnit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    result: dict[int, set[int]] = {}
    for unit_id in unit_ids:
        seen: set[int] = set()
        stack = [unit_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(children.get(current, []))
        result[unit_id] = seen
    return result


def user_unit_ids(*, user: User) -> set[int]:
    """Units whose tasks a unit user works on; cached on the user object for the request."""
    cached = getattr(user, "_chidao_unit_ids", None)
    if cached is not None:
        return cached
    ids = unit_subtree_ids(unit_id=user.unit_id) if user.unit_id else set()
    user._chidao_unit_ids = ids  # type: ignore[attr-defined]
    return ids


def unit_list(*, active_only: bool = True) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("kind", "name")


def assignable_units() -> QuerySet[OrgUnit]:
    """Units that may lead or support a task (not the committee itself)."""
    return unit_list().exclude(kind="committee")


def unit_group_list(*, active_only: bool = True) -> QuerySet:
    """Groups with their members, in two queries."""
    from .models import UnitGroup

    qs = UnitGroup.objects.prefetch_related("members").order_by("name")
    return qs.filter(is_active=True) if active_only else qs
