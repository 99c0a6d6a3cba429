from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.orgs.models import User

from . import rules
from .models import GuideDismissal

KEYS = {rules.START}


def guide_dismiss(*, actor: User, key: str = rules.START) -> None:
    """Close a guide panel for this person; closing it twice changes nothing."""
    if key not in KEYS:
        raise ValidationError(_("Không có hướng dẫn này."))
    with transaction.atomic():
        _obj, created = GuideDismissal.objects.get_or_create(user=actor, key=key)
        if created:
            audit_record(actor=actor, action="guide.dismiss", target=actor, summary=_("Ẩn hướng dẫn bắt đầu"),
                         after={"key": key})


def guide_restore(*, actor: User, key: str = rules.START) -> None:
    """Show a closed guide panel again."""
    if key not in KEYS:
        raise ValidationError(_("Không có hướng dẫn này."))
    with transaction.atomic():
        deleted, _rows = GuideDismissal.objects.filter(user=actor, key=key).delete()
        if deleted:
            audit_record(actor=actor, action="guide.restore", target=actor, summary=_("Hiện lại hướng dẫn bắt đầu"),
                         after={"key": key})
