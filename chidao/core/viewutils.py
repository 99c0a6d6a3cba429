"""Small helpers shared by the thin views."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils import timezone


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def paginate(request: HttpRequest, items, per_page: int = 50) -> Page:  # type: ignore[no-untyped-def]
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def request_today(request: HttpRequest) -> dt.date:
    return timezone.localdate()


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy, with a Vietnamese message when it does not parse."""

    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                    "class": "form-control"})
    default_error_messages = {"invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."}

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def prepare_value(self, value: object) -> object:
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return value
