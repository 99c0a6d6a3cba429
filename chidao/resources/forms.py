from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField, ModelMultipleChoiceField
from chidao.core.numbers import MoneyField
from chidao.core.viewutils import VNDateField
from chidao.directives.models import Task, TaskKind, TaskState
from chidao.indicators.models import Indicator
from chidao.orgs.selectors import assignable_units

from .models import FundingSource, InvestmentGroup, ProjectStatus

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


# One money field for every money form (chidao.core.numbers): "1.5" is refused, never 15 đồng.
VNDField = MoneyField


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Mã dự án"), required=False, max_length=40, widget=forms.TextInput(attrs=TEXT))
    name = forms.CharField(label=_("Tên dự án"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    owner_unit = ModelChoiceField(label=_("Chủ đầu tư / đơn vị quản lý"), queryset=assignable_units(),
                                        widget=forms.Select(attrs=SELECT))
    investment_group = forms.ChoiceField(label=_("Nhóm dự án"), choices=InvestmentGroup.choices,
                                         widget=forms.Select(attrs=SELECT))
    funding_source = forms.ChoiceField(label=_("Nguồn vốn"), choices=FundingSource.choices,
                                       widget=forms.Select(attrs=SELECT))
    total_investment = VNDField(label=_("Tổng mức đầu tư (đồng)"))
    decision_code = forms.CharField(label=_("Quyết định phê duyệt (số, ký hiệu)"), required=False, max_length=120,
                                    widget=forms.TextInput(attrs=TEXT))
    decision_date = VNDateField(label=_("Ngày phê duyệt"), required=False)
    start_year = forms.IntegerField(label=_("Năm bắt đầu"), min_value=2000, max_value=2100,
                                    widget=forms.NumberInput(attrs=TEXT))
    end_year = forms.IntegerField(label=_("Năm kết thúc"), min_value=2000, max_value=2100,
                                  widget=forms.NumberInput(attrs=TEXT))
    location = forms.CharField(label=_("Địa điểm"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProjectStatus.choices, widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    tasks = ModelMultipleChoiceField(
        label=_("Nhiệm vụ liên quan"), required=False, widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
        queryset=Task.objects.exclude(kind=TaskKind.GROUP).exclude(state=TaskState.CANCELLED)
        .order_by("directive_id", "code"),
    )
    indicators = ModelMultipleChoiceField(
        label=_("Chỉ số liên quan"), required=False, widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
        queryset=Indicator.objects.order_by("code"),
    )


class CapitalPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year,
                              widget=forms.NumberInput(attrs=TEXT))
    amount = VNDField(label=_("Kế hoạch vốn (đồng)"))
    decision_code = forms.CharField(label=_("Quyết định giao vốn"), required=False, max_length=120,
                                    widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.TextInput(attrs=TEXT))


class DisbursementForm(forms.Form):
    disbursed_on = VNDateField(label=_("Ngày giải ngân"))
    amount = VNDField(label=_("Số tiền giải ngân (đồng)"))
    evidence_ref = forms.CharField(label=_("Chứng từ (số, ngày)"), required=False, max_length=200,
                                   widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.TextInput(attrs=TEXT))


class ProjectFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={**TEXT, "class": "form-control form-control-sm"}))
    source = forms.ChoiceField(required=False, choices=[("", _("Mọi nguồn vốn")), *FundingSource.choices],
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    unit = ModelChoiceField(required=False, queryset=assignable_units(), empty_label=_("Mọi đơn vị"),
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    status = forms.ChoiceField(required=False, choices=[("", _("Mọi tình trạng")), *ProjectStatus.choices],
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    q = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                                    "placeholder": _("Tìm dự án…"), "type": "search"}))
    behind = forms.BooleanField(required=False, label=_("Chỉ dự án chậm giải ngân"),
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
