"""Who must use a second factor: pure rules, no database."""

from __future__ import annotations

from chidao.orgs.models import Role

# The roles that can change or see everything (DESIGN §2) must sign in with a second factor.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.LEADER})


def second_factor_required(*, role: str, is_demo: bool, enforced: bool = True) -> bool:
    """Required for admin, standing office and leaders, except on a demo installation."""
    return enforced and not is_demo and role in SECOND_FACTOR_ROLES


def second_factor_step(*, role: str, is_demo: bool, has_device: bool, enforced: bool = True) -> str:
    """What the login asks after the password: "verify" (a code), "enroll" (set one up first) or ""."""
    if has_device:
        return "verify"  # whoever enrolled, even where optional or on a demo, is asked for the code
    if second_factor_required(role=role, is_demo=is_demo, enforced=enforced):
        return "enroll"
    return ""
