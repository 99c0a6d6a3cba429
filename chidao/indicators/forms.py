from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField
from chidao.core.numbers import decimal_error, decimal_round
from chidao.directives.models import Task, TaskKind, TaskState
from chidao.orgs.selectors import assignable_units

from . import rules
from .models import Direction, Indicator, NodeKind, Periodicity, TargetKind

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
MONTHS = [(m, _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]


class VNDecimalField(forms.CharField):
    """A decimal typed the Vietnamese way (comma for decimals): '85,5'."""

    default_error_messages = {"invalid": _("Hãy nhập một số (dùng dấu phẩy cho phần thập phân, ví dụ 85,5).")}

    def __init__(self, *, max_digits: int = 20, decimal_places: int = 4, **kwargs: object) -> None:
        # The column's size: a value the form accepts must be one the database gives back.
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("widget", forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 60:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        parsed = rules.parse_number(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        error = decimal_error(parsed, max_digits=self.max_digits, decimal_places=self.decimal_places)
        if error:
            raise forms.ValidationError(error, code="too_big")
        return decimal_round(parsed, self.decimal_places)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Decimal):
            return rules.format_number(value).replace(".", "")
        return value


def _year_field(label: str = _("Năm")) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year,
                              widget=forms.NumberInput(attrs=TEXT))


class ValueForm(forms.Form):
    # The version of the value being re-entered: a save over a newer edit is refused (core/concurrency.py).
    row_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    year = _year_field(_("Năm"))
    month = forms.TypedChoiceField(label=_("Tháng cuối kỳ"), choices=MONTHS, coerce=int,
                                   widget=forms.Select(attrs=SELECT),
                                   help_text=_("Chỉ số quý: tháng 3, 6, 9, 12; 6 tháng: tháng 6, 12; năm: tháng 12."))
    value = VNDecimalField(label=_("Giá trị"), required=False)
    rank = forms.IntegerField(label=_("Thứ hạng (nếu là xếp hạng công bố)"), required=False, min_value=1,
                              max_value=32767,
                              widget=forms.NumberInput(attrs=TEXT))
    decision_code = forms.CharField(label=_("Văn bản công bố (số, ký hiệu)"), required=False, max_length=120,
                                    widget=forms.TextInput(attrs=TEXT))
    source = forms.CharField(label=_("Nguồn số liệu"), required=False, max_length=500,
                             widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class TargetForm(forms.Form):
    year = _year_field()
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=TargetKind.choices, widget=forms.Select(attrs=SELECT))
    target_value = VNDecimalField(label=_("Giá trị mục tiêu"), required=False)
    target_rank = forms.IntegerField(label=_("Thứ hạng mục tiêu (Top …)"), required=False, min_value=1, max_value=32767,
                                     widget=forms.NumberInput(attrs=TEXT))
    baseline_year = forms.IntegerField(label=_("Năm cơ sở"), required=False, min_value=2000, max_value=2100,
                                       widget=forms.NumberInput(attrs=TEXT))
    baseline_value = VNDecimalField(label=_("Giá trị cơ sở"), required=False)
    baseline_rank = forms.IntegerField(label=_("Thứ hạng cơ sở"), required=False, min_value=1, max_value=32767,
                                       widget=forms.NumberInput(attrs=TEXT))
    label = forms.CharField(label=_("Diễn đạt chỉ tiêu"), required=False, max_length=300,
                            widget=forms.TextInput(attrs={
                                **TEXT, "placeholder": _("Ví dụ: ≥ 80% hồ sơ trực tuyến toàn trình")}))
    is_headline = forms.BooleanField(label=_("Chỉ tiêu trọng tâm (hiện đầu trang kết quả)"), required=False,
                                     widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=40, widget=forms.TextInput(attrs=TEXT))
    name = forms.CharField(label=_("Tên"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label=_("Loại"), choices=NodeKind.choices, initial=NodeKind.INDICATOR,
                             widget=forms.Select(attrs=SELECT))
    parent = ModelChoiceField(label=_("Thuộc"), required=False, widget=forms.Select(attrs=SELECT),
                                    queryset=Indicator.objects.exclude(kind=NodeKind.INDICATOR).order_by("code"),
                                    empty_label=_("— Gốc (bộ chỉ số) —"))
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=40,
                                      widget=forms.TextInput(attrs=TEXT))
    direction = forms.ChoiceField(label=_("Chiều đánh giá"), required=False, widget=forms.Select(attrs=SELECT),
                                  choices=[("", _("— Chưa xác định —")), *Direction.choices])
    max_points = VNDecimalField(label=_("Điểm tối đa"), required=False, max_digits=8, decimal_places=2)
    weight = VNDecimalField(label=_("Trọng số"), required=False, max_digits=8, decimal_places=2)
    periodicity = forms.ChoiceField(label=_("Kỳ đo"), choices=Periodicity.choices, initial=Periodicity.YEAR,
                                    widget=forms.Select(attrs=SELECT))
    min_value = VNDecimalField(label=_("Giá trị nhỏ nhất cho phép"), required=False)
    max_value = VNDecimalField(label=_("Giá trị lớn nhất cho phép"), required=False)
    owner_unit = ModelChoiceField(label=_("Đơn vị phụ trách"), required=False, queryset=assignable_units(),
                                        widget=forms.Select(attrs=SELECT), empty_label=_("— Chưa giao —"))
    data_source = forms.CharField(label=_("Nguồn số liệu"), required=False, max_length=500,
                                  widget=forms.TextInput(attrs=TEXT))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False, max_length=500,
                                  widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class LinkTaskForm(forms.Form):
    task = ModelChoiceField(
        label=_("Nhiệm vụ"), widget=forms.Select(attrs=SELECT),
        queryset=Task.objects.exclude(kind=TaskKind.GROUP).exclude(state=TaskState.CANCELLED)
        .select_related("directive").order_by("directive__code", "code", "id"),
    )


class ImportForm(forms.Form):
    year = _year_field()
    month = forms.TypedChoiceField(label=_("Tháng cuối kỳ"), choices=MONTHS, coerce=int,
                                   widget=forms.Select(attrs=SELECT))
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".xlsx"}))
