from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.viewutils import VNDateField

from .conf import LAYOUT_PARTY, LAYOUT_STATE

LAYOUT_CHOICES = [(LAYOUT_STATE, _("Thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP)")),
                  (LAYOUT_PARTY, _("Thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW)"))]


class ConsolidatedReportForm(forms.Form):
    # Offered only when an installed app resolves rounds (documents.hooks.round_choices); a round
    # sets the report day, the period and the tasks covered.
    round = forms.TypedChoiceField(label=_("Kỳ báo cáo"), required=False, coerce=int, empty_value=None,
                                   widget=forms.Select(attrs={"class": "form-select"}),
                                   help_text=_("Chọn kỳ: báo cáo gồm các nhiệm vụ phải báo cáo trong kỳ, số liệu "
                                               "tính đến hạn nộp của kỳ."))
    as_of = VNDateField(label=_("Số liệu tính đến ngày"), required=False)
    period_from = VNDateField(label=_("Khó khăn, kiến nghị báo cáo từ ngày"), required=False,
                              help_text=_("Để trống: lấy báo cáo gần nhất của mỗi nhiệm vụ."))
    period_label = forms.CharField(label=_("Tên kỳ báo cáo"), required=False, max_length=120,
                                   widget=forms.TextInput(attrs={"class": "form-control",
                                                                 "placeholder": _("ví dụ: quý IV năm 2025")}))
    layout = forms.ChoiceField(label=_("Thể thức"), choices=LAYOUT_CHOICES,
                               widget=forms.Select(attrs={"class": "form-select"}))
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị của Cơ quan thường trực"), required=False,
                                widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}),
                                help_text=_("Mỗi dòng là một đoạn trong báo cáo."))


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp phụ lục nhiệm vụ (.xlsx, hoặc .docx có bảng)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.docx"}))
    assign = forms.BooleanField(label=_("Giao ngay các nhiệm vụ cho đơn vị chủ trì"), required=False, initial=True,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    assigned_on = VNDateField(label=_("Ngày giao"), required=False,
                              help_text=_("Để trống: ngày ban hành văn bản, hoặc hôm nay."))


class AliasesForm(forms.Form):
    aliases = forms.CharField(label=_("Tên gọi khác (mỗi dòng một tên)"), required=False,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}))


class TextImportForm(forms.Form):
    text = forms.CharField(label=_("Dán nội dung văn bản (thông báo kết luận, kế hoạch, công văn)"), required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 10}))
    document = forms.FileField(
        label=_("Hoặc tải lên tệp (.docx, .pdf có lớp chữ, .txt)"), required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx,.pdf,.txt"}),
    )
