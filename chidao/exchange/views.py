"""The exchange page: export a directive's file, import one (preview, then confirm), the push
targets and their delivery log."""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chidao.core.viewutils import apply_validation_error, error_text
from chidao.directives.models import Directive

from . import services
from .models import PushDelivery, PushTarget
from .services import MAX_INTERVAL_MINUTES
from .transport import MAX_TOKEN_LENGTH


def _require_manager(request: HttpRequest) -> None:
    if not request.user.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được trao đổi dữ liệu."))


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp trao đổi (.json)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".json"}))


class TargetForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên nơi nhận"), max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    url = forms.CharField(label=gettext_lazy("Địa chỉ nhận (URL)"), max_length=500,
                          widget=forms.TextInput(attrs={"class": "form-control"}))
    directive = forms.ModelChoiceField(label=gettext_lazy("Văn bản chỉ đạo"), queryset=Directive.objects.all(),
                                       widget=forms.Select(attrs={"class": "form-select"}))
    token = forms.CharField(label=gettext_lazy("Mã xác thực (nếu có)"), required=False, max_length=MAX_TOKEN_LENGTH,
                            widget=forms.PasswordInput(attrs={"class": "form-control"}))
    interval_minutes = forms.IntegerField(label=gettext_lazy("Chu kỳ gửi (phút)"), initial=1440, min_value=5,
                                          max_value=MAX_INTERVAL_MINUTES,
                                          widget=forms.NumberInput(attrs={"class": "form-control"}))
    max_attempts = forms.IntegerField(label=gettext_lazy("Số lần thử"), initial=3, min_value=1, max_value=10,
                                      widget=forms.NumberInput(attrs={"class": "form-control"}))


def _import_path(token: str) -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path / f"exchange-{token}.json"


@login_required
def exchange_home(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    import_form = ImportForm()
    target_form = TargetForm()
    plan = None
    token = ""
    if request.method == "POST" and request.POST.get("action") == "preview":
        import_form = ImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            raw = import_form.cleaned_data["file"].read()
            try:
                plan = services.exchange_import(actor=request.user, raw=raw, commit=False)
            except ValidationError as exc:
                for message in exc.messages[:30]:
                    import_form.add_error("file", message)
            else:
                token = secrets.token_urlsafe(16)
                _import_path(token).write_bytes(raw)
                request.session[f"exchange_import_{token}"] = True
    elif request.method == "POST" and request.POST.get("action") == "target":
        target_form = TargetForm(request.POST)
        if target_form.is_valid():
            try:
                services.push_target_save(actor=request.user, **target_form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(target_form, exc)
            else:
                messages.success(request, _("Đã lưu nơi nhận dữ liệu."))
                return redirect("exchange_home")
    return render(request, "exchange/exchange_home.html", {
        "directives": Directive.objects.order_by("issued_on", "code"),
        "import_form": import_form, "target_form": target_form, "plan": plan, "token": token,
        "targets": PushTarget.objects.select_related("directive"),
        "deliveries": PushDelivery.objects.select_related("target").prefetch_related("attempts")[:30],
    })


@login_required
@require_POST
def exchange_import_confirm(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    token = request.POST.get("token", "")
    path = _import_path(token) if token.replace("-", "").replace("_", "").isalnum() else None
    if not token or not request.session.get(f"exchange_import_{token}") or path is None or not path.is_file():
        messages.error(request, _("Phiên nhập đã hết hạn; hãy tải tệp lên lại."))
        return redirect("exchange_home")
    try:
        plan = services.exchange_import(actor=request.user, raw=path.read_bytes(), commit=True)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("exchange_home")
    path.unlink(missing_ok=True)
    request.session.pop(f"exchange_import_{token}", None)
    messages.success(request, _("Đã nhập %(code)s: tạo %(c)s, cập nhật %(u)s, giữ nguyên %(n)s nhiệm vụ.") % {
        "code": plan.directive_code, "c": len(plan.create), "u": len(plan.update), "n": plan.unchanged})
    return redirect("exchange_home")


@login_required
def exchange_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    directive = get_object_or_404(Directive, pk=pk)
    body = services.exchange_dumps(services.exchange_export(directive=directive))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = directive.code.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="trao-doi-{name}.json"'
    return response


@login_required
@require_POST
def exchange_push_now(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    target = get_object_or_404(PushTarget, pk=pk)
    delivery = services.push_deliver(target=target, sleep=lambda _s: None)
    if delivery.state == "delivered":
        messages.success(request, _("Đã gửi tới %(n)s.") % {"n": target.name})
    else:
        messages.error(request, _("Gửi tới %(n)s không thành công sau %(k)s lần thử.") % {
            "n": target.name, "k": delivery.attempts.count()})
    return redirect("exchange_home")
