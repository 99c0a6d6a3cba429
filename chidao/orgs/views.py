"""The standing office's unit groups page (/don-vi/nhom/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chidao.core.viewutils import apply_validation_error

from . import selectors, services
from .forms import UnitGroupForm
from .models import Role, UnitGroup


def _require_manager(request: HttpRequest) -> None:
    if request.user.role not in {Role.ADMIN, Role.SECRETARIAT}:  # type: ignore[union-attr]
        raise PermissionDenied(_("Chỉ Cơ quan thường trực hoặc quản trị mới quản lý nhóm đơn vị."))


@login_required
def unit_group_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UnitGroupForm(request.POST or None)
    del form.fields["extend"]  # a new group has no tasks yet
    if request.method == "POST" and form.is_valid():
        try:
            group = services.unit_group_create(
                actor=request.user, name=form.cleaned_data["name"], aliases=form.cleaned_data["aliases"],
                members=list(form.cleaned_data["members"]))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã tạo nhóm đơn vị %(n)s.") % {"n": group.name})
            return redirect("unit_group_list")
    return render(request, "orgs/unit_group_list.html", {"groups": selectors.unit_group_list(), "form": form})


@login_required
def unit_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    group = UnitGroup.objects.filter(pk=pk).first()
    if group is None:
        raise Http404
    form = UnitGroupForm(request.POST or None, initial={
        "name": group.name, "aliases": group.aliases, "members": list(group.members.all())})
    if request.method == "POST" and form.is_valid():
        from chidao.directives.services import unit_group_tasks_extend

        try:
            added = services.unit_group_update(
                actor=request.user, group=group, name=form.cleaned_data["name"],
                aliases=form.cleaned_data["aliases"], members=list(form.cleaned_data["members"]))
            given = []
            if form.cleaned_data["extend"]:
                for unit in added:
                    given += unit_group_tasks_extend(actor=request.user, unit_group=group, unit=unit)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            message = _("Đã lưu nhóm đơn vị %(n)s.") % {"n": group.name}
            if given:
                message += " " + _("Đã giao thêm %(k)s nhiệm vụ cho đơn vị mới.") % {"k": len(given)}
            messages.success(request, message)
            return redirect("unit_group_list")
    return render(request, "orgs/unit_group_edit.html", {"group": group, "form": form})
