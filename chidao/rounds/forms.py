from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField, ModelMultipleChoiceField
from chidao.core.viewutils import VNDateField
from chidao.directives.models import Directive, Task, TaskKind, TaskState
from chidao.orgs.selectors import assignable_units

from .models import RoundKind

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class UnitMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return obj.name


class TaskMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return f"{obj.directive.code} · {obj.code + '. ' if obj.code else ''}{obj.title[:120]}"


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=RoundKind.choices, initial=RoundKind.MONTH,
                             widget=forms.Select(attrs=SELECT))
    period_label = forms.CharField(label=_("Tên kỳ"), required=False, max_length=120,
                                   widget=forms.TextInput(attrs={**TEXT, "placeholder": _("Ví dụ: Tháng 11/2025")}),
                                   help_text=_("Để trống để hệ thống tự đặt theo loại kỳ và ngày mở."))
    directive = ModelChoiceField(label=_("Văn bản chỉ đạo"), required=False,
                                       queryset=Directive.objects.order_by("issued_on", "code"),
                                       widget=forms.Select(attrs=SELECT), empty_label=_("— Chọn văn bản —"))
    tasks = TaskMultipleChoiceField(
        label=_("Hoặc chọn từng nhiệm vụ"), required=False,
        queryset=Task.objects.filter(state=TaskState.ASSIGNED).exclude(kind=TaskKind.GROUP)
        .select_related("directive").order_by("directive__code", "position", "id"),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}),
    )
    units = UnitMultipleChoiceField(label=_("Chỉ các đơn vị chủ trì"), required=False, queryset=assignable_units(),
                                    widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
                                    help_text=_("Để trống: mọi đơn vị chủ trì của các nhiệm vụ đã chọn."))
    opens_on = VNDateField(label=_("Ngày mở kỳ"))
    due_on = VNDateField(label=_("Hạn nộp báo cáo"))
    closes_on = VNDateField(label=_("Ngày đóng kỳ (nhận báo cáo muộn đến ngày này)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
