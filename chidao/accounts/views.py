"""Accounts pages: the login's second step, "Bảo mật tài khoản", passwords, API tokens, the admin's list."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from chidao.core.viewutils import apply_validation_error, error_text
from chidao.orgs.models import Role, User

from . import selectors, services
from .forms import AuditedPasswordResetForm, CodeForm, TokenCreateForm, bootstrap
from .middleware import PENDING_KEY
from .rules import second_factor_required, second_factor_step

NEXT_KEY = "chidao_login_next"
ENROLL_KEY = "chidao_enroll_device"


def _required(user: User) -> bool:
    return second_factor_required(role=user.role, is_demo=selectors.installation_is_demo(),
                                  enforced=settings.CHIDAO_SECOND_FACTOR_ENFORCED)


class LoginView(auth_views.LoginView):
    """Password first; then, where needed, the code (or setting up the authenticator) before any page."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        step = second_factor_step(role=user.role, is_demo=selectors.installation_is_demo(),
                                  has_device=selectors.user_has_second_factor(user),
                                  enforced=settings.CHIDAO_SECOND_FACTOR_ENFORCED)
        auth_login(self.request, user)
        if not step:
            return HttpResponseRedirect(self.get_success_url())
        self.request.session[PENDING_KEY] = step
        self.request.session[NEXT_KEY] = self.get_success_url()
        return redirect("second_factor_enroll" if step == "enroll" else "second_factor_verify")


def _finish_login(request: HttpRequest, device: Any) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    django_otp.login(request, device)
    target = request.session.pop(NEXT_KEY, "") or reverse("home")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return redirect(target)


@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.session.get(PENDING_KEY) != "verify":
        return redirect("home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.second_factor_check(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if result.recovery_code_used:
                text = _("Bạn vừa dùng một mã khôi phục; còn %(n)d mã. Hãy tạo mã mới tại trang Bảo mật tài khoản "
                         "nếu sắp hết.")
                messages.warning(request, text % {"n": result.recovery_codes_left})
            return _finish_login(request, result.device)
    return render(request, "accounts/verify.html", {"form": form})


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@login_required
def second_factor_enroll(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: QR code and secret, then a code from it; the recovery codes are shown once."""
    pending = request.session.get(PENDING_KEY)
    if pending == "verify":
        return redirect("second_factor_verify")
    device = None
    device_id = request.session.get(ENROLL_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        device = services.totp_enrollment_start(user=request.user)
        request.session[ENROLL_KEY] = device.pk
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("Mã 6 chữ số đang hiện trên ứng dụng xác thực.")
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrollment_confirm(user=request.user, device_id=device.pk,
                                                     code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            request.session.pop(ENROLL_KEY, None)
            device.refresh_from_db()
            next_url = reverse("account_security")
            if pending:
                request.session.pop(PENDING_KEY, None)
                next_url = request.session.pop(NEXT_KEY, "") or reverse("home")
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = reverse("home")
            django_otp.login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url})
    secret = b32encode(device.bin_key).decode()
    return render(request, "accounts/enroll.html", {
        "form": form, "qr_svg": _qr_svg(device.config_url), "secret": " ".join(
            secret[i:i + 4] for i in range(0, len(secret), 4)), "pending": bool(pending),
        "required": _required(request.user),
    })


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    status = selectors.second_factor_status(request.user)
    return render(request, "accounts/security.html", {
        "status": status, "required": _required(request.user),
        "token_count": selectors.access_tokens_of(request.user).filter(revoked_at__isnull=True).count(),
    })


@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("account_security")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": reverse("account_security")})


@login_required
@require_POST
def second_factor_disable(request: HttpRequest) -> HttpResponse:
    try:
        services.second_factor_disable(user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("account_security")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account_security")

    def get_form(self, form_class: Any = None) -> Any:
        return bootstrap(super().get_form(form_class))

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_change_record(user=self.request.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = AuditedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def get_form(self, form_class: Any = None) -> Any:
        return bootstrap(super().get_form(form_class))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def get_form(self, form_class: Any = None) -> Any:
        return bootstrap(super().get_form(form_class))

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_reset_record(user=form.user)
        return response


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            created = {"token": token, "raw": raw}
            form = TokenCreateForm()
    tokens = list(selectors.access_tokens_of(request.user))
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "created": created,
                                                    "now": timezone.now()},
                  status=400 if request.method == "POST" and created is None else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.access_tokens_of(request.user), pk=pk)
    try:
        services.token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("token_list")


def _require_admin(request: HttpRequest) -> None:
    if request.user.role != Role.ADMIN:
        raise PermissionDenied


@login_required
def account_admin(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return render(request, "accounts/account_admin.html", {"rows": selectors.account_rows(actor=request.user)})


@login_required
@require_POST
def account_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    person = get_object_or_404(User, pk=pk)
    services.second_factor_reset(actor=request.user, user=person)
    messages.success(request, _("Đã đặt lại xác thực hai bước của %(name)s.") % {"name": person})
    return redirect("account_admin")


@login_required
@require_POST
def account_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    person = get_object_or_404(User, pk=pk)
    services.lockout_reset(actor=request.user, user=person)
    messages.success(request, _("Đã mở khóa đăng nhập của %(name)s.") % {"name": person})
    return redirect("account_admin")


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Django admin's own login would skip the second factor: it sends people to ours instead."""
    if request.user.is_authenticated:
        raise PermissionDenied
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.GET.get("next") or "/quan-tri-django/")
