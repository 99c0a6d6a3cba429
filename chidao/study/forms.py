from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelMultipleChoiceField
from chidao.core.viewutils import VNDateField
from chidao.members.models import Cell
from chidao.orgs.models import OrgUnit

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}

QUIZ_HELP = _("Mỗi câu: một dòng câu hỏi, rồi mỗi phương án một dòng — đáp án đúng bắt đầu bằng “*”, "
              "phương án sai bằng “-”; các câu cách nhau một dòng trống. Bỏ trống nếu không kiểm tra.")


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Nội dung học tập"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    documents = forms.CharField(label=_("Văn bản (số, ký hiệu; mỗi dòng một văn bản)"), max_length=2000,
                                widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    description = forms.CharField(label=_("Yêu cầu"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    due_on = VNDateField(label=_("Hạn hoàn thành"))
    cells = ModelMultipleChoiceField(label=_("Chi bộ"), required=False, queryset=Cell.objects.none(),
                                           widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))
    units = ModelMultipleChoiceField(label=_("Đơn vị (mọi đảng viên của đơn vị)"), required=False,
                                           queryset=OrgUnit.objects.none(),
                                           widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))
    people = forms.CharField(label=_("Từng đảng viên (tên đăng nhập hoặc số thẻ; mỗi dòng một người)"),
                             required=False, max_length=20000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    pass_mark = forms.IntegerField(label=_("Điểm đạt bài kiểm tra (%)"), min_value=0, max_value=100, initial=80,
                                   widget=forms.NumberInput(attrs=TEXT))
    quiz = forms.CharField(label=_("Bài kiểm tra trắc nghiệm (không bắt buộc)"), required=False, max_length=20000,
                           help_text=QUIZ_HELP, widget=forms.Textarea(attrs={**TEXT, "rows": 6}))

    def __init__(self, *args: object, office: bool, cells_led: list[Cell], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if office:
            self.fields["cells"].queryset = Cell.objects.filter(active=True).select_related("unit").order_by("name")
            self.fields["units"].queryset = OrgUnit.objects.filter(is_active=True).order_by("kind", "name")
        else:
            self.fields["cells"].queryset = Cell.objects.filter(pk__in=[c.pk for c in cells_led])
            del self.fields["units"]


class ReflectionForm(forms.Form):
    reflection = forms.CharField(label=_("Bản thu hoạch"), max_length=5000,
                                 widget=forms.Textarea(attrs={**TEXT, "rows": 5}))
    commitment = forms.CharField(label=_("Cam kết"), required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    device_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class DueForm(forms.Form):
    due_on = VNDateField(label=_("Hạn hoàn thành mới"))
