"""Form fields shared by every app's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# What a BIGINT column (every primary key here) can hold; SQLite raises OverflowError past it.
_ID_MIN, _ID_MAX = -(2**63), 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, but an id no database column can hold ("9223372036854775808") is an invalid
    choice, not a server error: Django checks `__in` lookups without bounding the ids."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if field.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField",
                                         "SmallAutoField", "PositiveIntegerField"}:
            for item in value:
                text = str(item).strip()
                if text.lstrip("-").isdigit() and text.isascii() and not _ID_MIN <= int(text) <= _ID_MAX:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": text[:40]})
        return super()._check_values(value)


def _beyond_any_column(value: Any) -> bool:
    text = str(value).strip()
    return text.lstrip("-").isdigit() and text.isascii() and not _ID_MIN <= int(text) <= _ID_MAX


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, but an id no column can hold is an invalid choice: Django catches ValueError and
    TypeError, not SQLite's OverflowError nor PostgreSQL's out-of-range error."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _beyond_any_column(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
