"""Numbers people type: money in whole đồng and bounded decimals, with Vietnamese messages.

Every money form uses `MoneyField`; every decimal stored in a `DecimalField` is checked with
`decimal_error` against the column's digits, so nothing a form accepts can break a page later.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# 10^16 đồng (10 triệu tỷ) is far above any budget and far below a BigIntegerField's limit.
MAX_MONEY = 10**16 - 1
# Groups of three digits separated consistently by dots or spaces (no decimals in đồng).
_GROUPED = re.compile(r"^[0-9]{1,3}(?:([. \u00a0])[0-9]{3})?(?:\1[0-9]{3})*$", re.ASCII)
MONEY_EXAMPLE = "1.500.000"


def parse_money(raw: object) -> int:
    """'1500000', '1.500.000', '1 500 000' (and a trailing 'đ') → 1500000; ValueError otherwise.

    Ambiguous separators ('1.5', '1,5', '1.50.000') are refused rather than guessed: '1.5' typed
    for 1,5 triệu must never become 15 đồng.
    """
    text = str(raw).strip()
    text = re.sub(r"\s*(?:đồng|đ|vnđ|vnd)\s*$", "", text, flags=re.IGNORECASE).strip()
    # A minus sign is read (the service then says a sum must be positive, in its own words).
    sign = -1 if text.startswith("-") else 1
    text = text[1:].strip() if sign < 0 else text
    if not text:
        raise ValueError("empty")
    if text.isdigit() and text.isascii():
        value = int(text)
    elif _GROUPED.match(text):
        value = int(re.sub(r"[^0-9]", "", text))
    else:
        raise ValueError(text)
    if value > MAX_MONEY:
        raise OverflowError(text)
    return sign * value


class MoneyField(forms.CharField):
    """A sum of money in whole đồng, with or without grouping: '200.000.000.000'."""

    default_error_messages = {
        "invalid": gettext_lazy("Nhập số tiền bằng đồng, ví dụ 1.500.000 (chỉ chữ số, nhóm ba chữ số bằng dấu chấm)."),
        "too_big": gettext_lazy("Số tiền quá lớn; hãy kiểm tra số chữ số."),
    }

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric",
                                                           "placeholder": MONEY_EXAMPLE}))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 40:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        try:
            return parse_money(text)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big") from None
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value


def decimal_error(value: Decimal | float | int | None, *, max_digits: int, decimal_places: int) -> str | None:
    """Why `value` cannot be stored in a DecimalField(max_digits, decimal_places), or None if it can.

    Extra decimal places are not an error (the column rounds them); a whole part too long is.
    """
    if value is None:
        return None
    try:
        value = Decimal(str(value)) if not isinstance(value, Decimal) else value
        if not value.is_finite():
            return _("Giá trị không phải là số.")
        limit = Decimal(10) ** (max_digits - decimal_places)
        if abs(value.quantize(Decimal(1).scaleb(-decimal_places))) >= limit:
            return _("Giá trị quá lớn: phần nguyên tối đa %(n)s chữ số.") % {"n": max_digits - decimal_places}
    except InvalidOperation:
        return _("Giá trị quá lớn: phần nguyên tối đa %(n)s chữ số.") % {"n": max_digits - decimal_places}
    return None


def decimal_round(value: Decimal | None, decimal_places: int) -> Decimal | None:
    """The value as its column will hold it (call after `decimal_error` said it fits)."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-decimal_places))


def int_in(raw: object, low: int, high: int, default: int) -> int:
    """A bounded integer from a query or form parameter: anything unreadable gives `default`."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return max(low, min(high, value))
