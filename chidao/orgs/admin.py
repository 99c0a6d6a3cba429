"""The administrator's screens for people and units (Django admin at /quan-tri-django/)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.audit.services import audit_record

from .models import OrgUnit, User


class AuditedAdmin(admin.ModelAdmin):
    """Edits made in Django's admin go into the audit chain like every service write: the log stays
    complete, and the chain's head moves, so cached figures (core/figures.py) are recomputed."""

    audit_name = ""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # Field names only: a password hash never goes into the log.
            changed = ", ".join(sorted(form.changed_data)) if form is not None else ""
            audit_record(
                actor=request.user, action=f"{self.audit_name}.admin_{'change' if change else 'create'}",
                target=obj, summary=f"Quản trị: {'sửa' if change else 'tạo'} {obj} ({changed})",
            )

    # People and units are deactivated, never deleted (DESIGN §2): a deleted row would leave the
    # audit log and the history pointing at nobody. Delete is replaced by a "deactivate" action.
    actions = ["deactivate"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Ngừng hoạt động các mục đã chọn (không xóa)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            n = 0
            for obj in queryset.select_for_update().filter(is_active=True):
                obj.is_active = False
                obj.save(update_fields=["is_active"])
                audit_record(actor=request.user, action=f"{self.audit_name}.admin_deactivate", target=obj,
                             summary=_("Quản trị: ngừng hoạt động %(o)s") % {"o": obj}, before={"is_active": True},
                             after={"is_active": False})
                n += 1
        self.message_user(request, _("Đã ngừng hoạt động %(n)s mục.") % {"n": n})


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    audit_name = "orgunit"
    list_display = ("name", "short_name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code", "aliases")


@admin.register(User)
class ChidaoUserAdmin(AuditedAdmin, UserAdmin):
    audit_name = "user"
    list_display = ("username", "full_name", "role", "unit", "email", "is_active")
    list_filter = ("role", "is_active", "unit__kind")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Chỉ Đạo", {"fields": ("full_name", "job_title", "role", "unit")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Chỉ Đạo", {"fields": ("full_name", "role", "unit", "email")}),
    )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """An administrator setting someone's password is audited (the form's redirect means it was saved)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = User.objects.get(pk=id)
            with transaction.atomic():
                audit_record(actor=request.user, action="account.password_set_by_admin", target=person,
                             summary=f"Quản trị đặt mật khẩu mới cho {person.username}")
        return response
