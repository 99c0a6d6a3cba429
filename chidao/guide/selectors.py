from __future__ import annotations

from chidao.orgs.models import User

from . import rules
from .models import GuideDismissal


def guide_get(*, user: User, key: str = rules.START) -> dict[str, object]:
    """The person's panel: their role's steps, and whether they closed it."""
    dismissed = GuideDismissal.objects.filter(user=user, key=key).exists()
    return {"key": key, "dismissed": dismissed, "steps": rules.steps_for(user.role)}
