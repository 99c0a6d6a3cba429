"""The project locale overrides Django's stock Vietnamese where it reads badly."""

from __future__ import annotations

from django import forms
from django.utils import translation


class _Form(forms.Form):
    progress = forms.IntegerField(min_value=0, max_value=100)
    day = forms.DateField()


def _errors(data: dict[str, str]) -> dict[str, list[str]]:
    with translation.override("vi"):
        form = _Form(data)
        form.is_valid()
        return {k: [str(m) for m in v] for k, v in form.errors.items()}


def test_whole_number_and_limits_read_naturally() -> None:
    assert _errors({"progress": "abc", "day": "01/02/2026"})["progress"] == ["Hãy nhập một số nguyên."]
    assert _errors({"progress": "150", "day": "01/02/2026"})["progress"] == ["Giá trị không được lớn hơn 100."]
    assert _errors({"progress": "-1", "day": "01/02/2026"})["progress"] == ["Giá trị không được nhỏ hơn 0."]


def test_no_stray_space_before_the_full_stop() -> None:
    errors = _errors({"progress": "150", "day": "ngày mai"})
    for message in [*errors["progress"], *errors["day"]]:
        assert " ." not in message and "tổng thể" not in message
    assert errors["day"] == ["Hãy nhập ngày hợp lệ, theo dạng ngày/tháng/năm (dd/mm/yyyy)."]
