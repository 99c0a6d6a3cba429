from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField
from chidao.core.viewutils import VNDateField
from chidao.core.widgets import FastSelect, form_choices_cached
from chidao.directives.models import Directive
from chidao.orgs.models import OrgUnit
from chidao.orgs.selectors import assignable_units

from . import rules
from .models import REMINDER_DAYS_MAX, REMINDER_DAYS_MIN, SupervisionSettings
from .services import SETTING_FIELDS

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return obj.name


class SettingsForm(forms.ModelForm):
    """Only for fields and labels: the page saves through `supervision_settings_update`."""

    class Meta:
        model = SupervisionSettings
        fields = SETTING_FIELDS
        widgets = {name: forms.NumberInput(attrs={**TEXT, "min": 0, "max": 365}) for name in SETTING_FIELDS}
        widgets.update({name: forms.NumberInput(attrs={**TEXT, "min": REMINDER_DAYS_MIN, "max": REMINDER_DAYS_MAX})
                        for name in ("remind_days_before", "escalate_after_days")})
        # Django's Vietnamese for "Enter a whole number." reads oddly ("số tổng thể"); say it plainly.
        error_messages = {name: {"invalid": _("Số ngày phải là số nguyên từ %(lo)s đến %(hi)s.")
                                 % {"lo": REMINDER_DAYS_MIN, "hi": REMINDER_DAYS_MAX}}
                          for name in ("remind_days_before", "escalate_after_days")}


class WarningFilterForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False, queryset=assignable_units(),
                           widget=FastSelect(attrs=SELECT), empty_label=_("Tất cả đơn vị"))
    directive = ModelChoiceField(label=_("Văn bản chỉ đạo"), required=False,
                                       queryset=Directive.objects.order_by("issued_on", "code"),
                                       widget=FastSelect(attrs=SELECT), empty_label=_("Tất cả văn bản"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_choices_cached(self, ("unit", "directive"), "supervision.warning_filter_choices")


class DirectionForm(forms.Form):
    content = forms.CharField(label=_("Nội dung chỉ đạo"), widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class UnitDirectionForm(DirectionForm):
    unit = UnitChoiceField(label=_("Đơn vị nhận"), queryset=assignable_units(), widget=FastSelect(attrs=SELECT),
                           empty_label=_("— Chọn đơn vị —"))


class RecommendationForm(forms.Form):
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    to_unit = UnitChoiceField(label=_("Gửi tới"), required=False, queryset=assignable_units(),
                              widget=FastSelect(attrs=SELECT), empty_label=_("Ban Chỉ đạo (Cơ quan thường trực)"))
    response_due_on = VNDateField(label=_("Hạn trả lời"), required=False,
                                  help_text=_("Để trống: theo số ngày mặc định do Cơ quan thường trực đặt."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={**TEXT, "rows": 4}))


class RecommendationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, widget=FastSelect(attrs=SELECT),
        choices=[("", _("Tất cả"))] + [(s, rules.RECOMMENDATION_LABELS[s]) for s in rules.RECOMMENDATION_STATUSES],
    )
    box = forms.ChoiceField(label=_("Hộp"), required=False, widget=FastSelect(attrs=SELECT), choices=[
        ("", _("Tất cả")), ("received", _("Gửi đến (cần trả lời)")), ("sent", _("Đơn vị đã gửi")),
    ])
    unit = UnitChoiceField(label=_("Đơn vị"), required=False, queryset=assignable_units(),
                           widget=FastSelect(attrs=SELECT), empty_label=_("Tất cả đơn vị"))
