"""The administrator's screens for people and units (Django admin at /quan-tri-django/)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import OrgUnit, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code", "aliases")


@admin.register(User)
class ChidaoUserAdmin(UserAdmin):
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
