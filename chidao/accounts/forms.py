"""Forms of the accounts pages (Vietnamese labels; Django's own password forms, styled)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from chidao.core.viewutils import VNDateField

from .models import TokenScope


def bootstrap(form: forms.Form) -> forms.Form:
    """Give every input Bootstrap's class (Django's auth forms come without one)."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    return form


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"), max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                      "inputmode": "text", "autofocus": True}),
        help_text=_("Mã 6 chữ số trên ứng dụng xác thực, hoặc một mã khôi phục."),
        error_messages={"required": _("Hãy nhập mã xác thực.")},
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Tên (dùng cho việc gì)"), max_length=100,
                           widget=forms.TextInput(attrs={"class": "form-control"}),
                           error_messages={"required": _("Hãy đặt tên cho mã truy cập.")})
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=TokenScope.choices, initial=TokenScope.READ,
                              widget=forms.Select(attrs={"class": "form-select"}),
                              error_messages={"invalid_choice": _("Phạm vi không hợp lệ.")})
    expires_on = VNDateField(label=_("Hết hạn sau ngày"), error_messages={"required": _("Hãy nhập ngày hết hạn.")})


class AuditedPasswordResetForm(PasswordResetForm):
    """Django's reset form; each e-mail sent is audited. The link is a secret, so it goes straight to the
    mail server and is not kept in the notification outbox (whose rows anyone with the database reads)."""

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        from .services import password_reset_request_record

        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                          html_email_template_name)
        password_reset_request_record(user=context["user"])
