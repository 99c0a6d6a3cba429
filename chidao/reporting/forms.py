from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.viewutils import VNDateField

TEXT = {"class": "form-control"}


class ReportForm(forms.Form):
    # The version the form was drawn from: a save over a newer edit is refused (core/concurrency.py).
    row_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100,
                                  widget=forms.NumberInput(attrs={**TEXT, "min": 0, "max": 100}),
                                  # "%%": Django formats these messages with the limit, so a bare "%" was a 500.
                                  error_messages={"min_value": _("Tiến độ phải từ 0 đến 100 %%."),
                                                  "max_value": _("Tiến độ phải từ 0 đến 100 %%."),
                                                  "required": _("Hãy nhập tiến độ (%).")})
    results = forms.CharField(label=_("Kết quả thực hiện"), required=False,
                              widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    difficulties = forms.CharField(label=_("Khó khăn, vướng mắc"), required=False,
                                   widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    proposals = forms.CharField(label=_("Kiến nghị, đề xuất"), required=False,
                                widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    claims_completion = forms.BooleanField(label=_("Đề nghị công nhận hoàn thành nhiệm vụ"), required=False,
                                           widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    output_document = forms.CharField(label=_("Số, ký hiệu văn bản sản phẩm (nếu có)"), required=False,
                                      max_length=120, widget=forms.TextInput(attrs=TEXT))


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến thẩm định"), required=False,
                              widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ExtensionForm(forms.Form):
    proposed_due_on = VNDateField(label=_("Đề nghị gia hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Ý kiến, lý do"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
