from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField
from chidao.core.viewutils import VNDateField
from chidao.orgs.models import OrgUnit, User

from .models import Cell, QuestionKind
from .services import CORRECTABLE_FIELDS

_TEXT = {"class": "form-control"}


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Thông tin cần sửa"), choices=[("", "—"), *CORRECTABLE_FIELDS.items()],
                              widget=forms.Select(attrs={"class": "form-select"}))
    new_value = forms.CharField(label=_("Giá trị đúng"), max_length=255, widget=forms.TextInput(attrs=_TEXT))
    note = forms.CharField(label=_("Lý do, căn cứ"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"),
                                 choices=[("approve", _("Chấp nhận")), ("reject", _("Không chấp nhận"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=QuestionKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    to_cell = forms.ChoiceField(label=_("Gửi tới"), choices=[("0", _("Ban Chỉ đạo (Cơ quan thường trực)")),
                                                              ("1", _("Chi bộ của tôi"))],
                                widget=forms.Select(attrs={"class": "form-select"}))
    subject = forms.CharField(label=_("Tiêu đề"), max_length=255, widget=forms.TextInput(attrs=_TEXT))
    body = forms.CharField(label=_("Nội dung"), max_length=10000, widget=forms.Textarea(attrs={**_TEXT, "rows": 5}))
    document_ref = forms.CharField(label=_("Về văn bản (không bắt buộc)"), required=False, max_length=255,
                                   widget=forms.TextInput(attrs=_TEXT))
    document = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), max_length=10000, widget=forms.Textarea(attrs={**_TEXT, "rows": 4}))


class CellMeetingForm(forms.Form):
    title = forms.CharField(label=_("Nội dung sinh hoạt"), max_length=300, widget=forms.TextInput(attrs=_TEXT))
    monthly = forms.ChoiceField(label=_("Loại"), choices=[("1", _("Sinh hoạt định kỳ hằng tháng")),
                                                         ("0", _("Sinh hoạt chuyên đề"))],
                                widget=forms.Select(attrs={"class": "form-select"}))
    day = VNDateField(label=_("Ngày"))
    start = forms.TimeField(label=_("Bắt đầu"), input_formats=["%H:%M"],
                            widget=forms.TimeInput(attrs={**_TEXT, "placeholder": "14:00"}, format="%H:%M"),
                            error_messages={"invalid": _("Giờ không hợp lệ; hãy nhập dạng 14:00.")})
    end = forms.TimeField(label=_("Kết thúc"), input_formats=["%H:%M"],
                          widget=forms.TimeInput(attrs={**_TEXT, "placeholder": "16:00"}, format="%H:%M"),
                          error_messages={"invalid": _("Giờ không hợp lệ; hãy nhập dạng 16:00.")})
    place = forms.CharField(label=_("Địa điểm"), max_length=255, widget=forms.TextInput(attrs=_TEXT))
    secretary = ModelChoiceField(label=_("Thư ký"), queryset=User.objects.none(),
                                       widget=forms.Select(attrs={"class": "form-select"}),
                                       error_messages={"invalid_choice": _("Hãy chọn một đảng viên của chi bộ.")})

    def __init__(self, *args: object, cell_members: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if cell_members is not None:
            self.fields["secretary"].queryset = cell_members  # type: ignore[attr-defined]


class CellForm(forms.Form):
    name = forms.CharField(label=_("Tên chi bộ"), max_length=255, widget=forms.TextInput(attrs=_TEXT))
    unit = ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.filter(is_active=True).order_by("name"),
                                  widget=forms.Select(attrs={"class": "form-select"}),
                                  error_messages={"invalid_choice": _("Hãy chọn một đơn vị.")})


class SecretaryForm(forms.Form):
    secretary = ModelChoiceField(label=_("Bí thư chi bộ"), queryset=User.objects.none(), required=False,
                                       widget=forms.Select(attrs={"class": "form-select"}),
                                       error_messages={"invalid_choice": _("Hãy chọn một đảng viên của chi bộ.")})

    def __init__(self, *args: object, cell_members: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if cell_members is not None:
            self.fields["secretary"].queryset = cell_members  # type: ignore[attr-defined]


class MemberCellForm(forms.Form):
    cell = ModelChoiceField(label=_("Chi bộ sinh hoạt"),
                                  queryset=Cell.objects.filter(active=True).order_by("name"),
                                  required=False, empty_label=_("— Chuyển sinh hoạt ra khỏi chi bộ —"),
                                  widget=forms.Select(attrs={"class": "form-select"}),
                                  error_messages={"invalid_choice": _("Hãy chọn một chi bộ đang hoạt động.")})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                                                                                  "accept": ".xlsx"}))


class MemberCreateForm(forms.Form):
    """One member by hand: the same fields and the same service checks as a row of the import."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    date_of_birth = VNDateField(label=_("Ngày sinh"))
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("male", _("Nam")), ("female", _("Nữ"))],
                            widget=forms.Select(attrs={"class": "form-select"}))
    admitted_on = VNDateField(label=_("Ngày vào Đảng"))
    official_on = VNDateField(label=_("Ngày chính thức"), required=False)
    card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=20, widget=forms.TextInput(attrs=_TEXT))
    citizen_id = forms.CharField(label=_("Số CCCD (12 chữ số)"), max_length=20,
                                 widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}))
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={**_TEXT, "inputmode": "tel"}))
    position = forms.CharField(label=_("Chức vụ"), required=False, max_length=200, widget=forms.TextInput(attrs=_TEXT))
    cell = ModelChoiceField(label=_("Chi bộ"), required=False, queryset=Cell.objects.none(),
                                  widget=forms.Select(attrs={"class": "form-select"}))
    email = forms.CharField(label=_("Thư điện tử (để gửi đường dẫn đặt mật khẩu)"), required=False, max_length=254,
                            widget=forms.TextInput(attrs={**_TEXT, "inputmode": "email"}))
    send_invite = forms.BooleanField(label=_("Gửi thư để đảng viên tự đặt mật khẩu"), required=False, initial=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cell"].queryset = Cell.objects.filter(active=True).select_related("unit").order_by("name")
