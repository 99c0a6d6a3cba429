"""Authentication backend: Django's, loading the person's unit with them.

Nearly every page shows or checks the signed-in person's unit (the header, the workspace, every
permission on a unit's task); loading it with the person saves a query on each of them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        from chidao.orgs.models import User

        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
