"""FastSelect writes exactly the HTML of Django's own Select (it only renders it faster)."""

from __future__ import annotations

import pytest
from django import forms

from chidao.core.widgets import FastSelect

CHOICES = [("", "Tất cả <đơn vị>"), ("a&b", "A & B"), ("x", 'Xã "Hòa"'), (3, "Ba")]
GROUPED = [("Nhóm 1", [("1", "một"), ("2", "hai")]), ("3", "ba")]


@pytest.mark.parametrize("value", ["", "a&b", None, "missing", 3, "3"])
@pytest.mark.parametrize("attrs", [
    {"class": "form-select"},
    {"class": "x", "disabled": True, "data-off": False, "aria-label": "Đơn vị <chính>"},
])
def test_same_html_as_django_select(value: object, attrs: dict[str, object]) -> None:
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("unit", value, attrs={"id": "id_unit"})
    assert FastSelect(attrs=attrs, choices=CHOICES).render("unit", value, attrs={"id": "id_unit"}) == expected


def test_same_html_with_option_groups() -> None:
    assert FastSelect(choices=GROUPED).render("g", "2") == forms.Select(choices=GROUPED).render("g", "2")


@pytest.mark.django_db
def test_same_html_in_the_task_filter_form() -> None:
    from chidao.directives.forms import TaskFilterForm

    form = TaskFilterForm({"status": "open_overdue", "field": "data"})
    for name, field in form.fields.items():
        if isinstance(field.widget, FastSelect):
            fast = str(form[name])
            field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
            assert fast == str(form[name]), name
