from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField, ModelMultipleChoiceField
from chidao.core.viewutils import VNDateField
from chidao.directives.models import Directive, DirectiveKind
from chidao.orgs.models import OrgUnit, Role, User

from .models import InvitationResponse, MeetingKind

INPUT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class VNDateTimeField(forms.DateTimeField):
    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hh:mm", "class": "form-control"})
    default_error_messages = {"invalid": _("Thời gian không hợp lệ; hãy nhập theo dạng dd/mm/yyyy hh:mm.")}

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M"])
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def prepare_value(self, value: object) -> object:
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        return value


class PersonChoice(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        unit = f" — {obj.unit.display_name}" if obj.unit_id else ""
        return f"{obj.full_name or obj.username}{unit}"


class PeopleChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        unit = f" — {obj.unit.display_name}" if obj.unit_id else ""
        return f"{obj.full_name or obj.username}{unit}"


def _people():  # type: ignore[no-untyped-def]
    return User.objects.filter(is_active=True).select_related("unit").order_by("full_name", "username")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên họp"), max_length=300, widget=forms.TextInput(attrs=INPUT))
    kind = forms.ChoiceField(label=_("Loại phiên họp"), choices=MeetingKind.choices, widget=forms.Select(attrs=SELECT))
    starts_at = VNDateTimeField(label=_("Bắt đầu"))
    ends_at = VNDateTimeField(label=_("Kết thúc"))
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255, widget=forms.TextInput(attrs=INPUT))
    online_link = forms.URLField(label=_("Đường dẫn họp trực tuyến"), required=False, assume_scheme="https",
                                 widget=forms.URLInput(attrs=INPUT),
                                 error_messages={"invalid": _("Đường dẫn không hợp lệ.")})
    chair = PersonChoice(label=_("Chủ trì"), queryset=User.objects.none(), widget=forms.Select(attrs=SELECT))
    secretary = PersonChoice(label=_("Thư ký"), queryset=User.objects.none(), widget=forms.Select(attrs=SELECT))
    quorum_percent = forms.IntegerField(label=_("Ngưỡng túc số (%)"), initial=50, min_value=1, max_value=99,
                                        widget=forms.NumberInput(attrs=INPUT))
    monitored_directive = ModelChoiceField(label=_("Văn bản theo dõi (báo cáo trực tiếp)"), required=False,
                                                 queryset=Directive.objects.none(), widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chair"].queryset = _people().filter(role__in=[Role.LEADER, Role.ADMIN, Role.MEMBER,  # type: ignore[attr-defined]
                                                                      Role.UNIT_HEAD])
        self.fields["secretary"].queryset = _people().filter(role__in=[Role.SECRETARIAT, Role.ADMIN])  # type: ignore[attr-defined]
        self.fields["monitored_directive"].queryset = Directive.objects.order_by("code")  # type: ignore[attr-defined]


class MeetingEditForm(MeetingForm):
    reason = forms.CharField(label=_("Lý do thay đổi (gửi kèm thông báo)"), required=False, max_length=500,
                             widget=forms.TextInput(attrs=INPUT))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy (gửi tới người được mời)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={**INPUT, "rows": 3}))


class InviteForm(forms.Form):
    people = PeopleChoice(label=_("Người được mời"), queryset=User.objects.none(), required=False,
                          widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}))
    units = ModelMultipleChoiceField(label=_("Đơn vị được mời (lãnh đạo đơn vị nhận giấy mời)"),
                                           queryset=OrgUnit.objects.none(), required=False,
                                           widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}))
    is_member = forms.BooleanField(label=_("Thành viên (tính túc số, được biểu quyết)"), required=False, initial=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["people"].queryset = _people()  # type: ignore[attr-defined]
        self.fields["units"].queryset = OrgUnit.objects.filter(is_active=True).exclude(kind="committee")  # type: ignore[attr-defined]


class RespondForm(forms.Form):
    response = forms.ChoiceField(label=_("Trả lời"), widget=forms.RadioSelect, choices=[
        (InvitationResponse.ATTEND, _("Tham dự")), (InvitationResponse.ABSENT, _("Vắng mặt")),
        (InvitationResponse.DELEGATE, _("Cử người dự thay"))])
    reason = forms.CharField(label=_("Lý do vắng"), required=False, widget=forms.TextInput(attrs=INPUT))
    delegate = PersonChoice(label=_("Người dự thay"), queryset=User.objects.none(), required=False,
                            widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["delegate"].queryset = _people()  # type: ignore[attr-defined]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=500, widget=forms.TextInput(attrs=INPUT))
    presenter = forms.CharField(label=_("Người trình bày"), required=False, max_length=255,
                                widget=forms.TextInput(attrs=INPUT))
    planned_minutes = forms.IntegerField(label=_("Thời lượng (phút)"), initial=15, min_value=1, max_value=600,
                                         widget=forms.NumberInput(attrs=INPUT))
    is_confidential = forms.BooleanField(label=_("Nội dung mật"), required=False)
    live_report = forms.BooleanField(label=_("Báo cáo theo dõi trực tiếp của Cơ quan thường trực"), required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), required=False, max_length=300,
                            widget=forms.TextInput(attrs=INPUT))
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs=INPUT))
    is_confidential = forms.BooleanField(label=_("Tài liệu mật"), required=False)


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến góp ý"), widget=forms.Textarea(attrs={**INPUT, "rows": 3}))


class VoteForm(forms.Form):
    question = forms.CharField(label=_("Nội dung biểu quyết"), max_length=500, widget=forms.TextInput(attrs=INPUT))
    is_secret = forms.BooleanField(label=_("Biểu quyết kín"), required=False)
    options = forms.CharField(label=_("Phương án (mỗi dòng một phương án; để trống: Tán thành / Không tán thành / "
                                      "Không biểu quyết)"), required=False,
                              widget=forms.Textarea(attrs={**INPUT, "rows": 3}))


class ConclusionsForm(forms.Form):
    text = forms.CharField(label=_("Kết luận của chủ trì"), required=False,
                           widget=forms.Textarea(attrs={**INPUT, "rows": 12}))
    document = forms.FileField(
        label=_("Hoặc tải lên văn bản (.docx, .pdf có lớp chữ, .txt)"), required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx,.pdf,.txt"}),
    )


class ConfirmHeaderForm(forms.Form):
    code = forms.CharField(label=_("Số, ký hiệu thông báo kết luận"), max_length=60,
                           widget=forms.TextInput(attrs=INPUT))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={**INPUT, "rows": 2}))
    issued_on = VNDateField(label=_("Ngày ban hành"))
    parent = ModelChoiceField(label=_("Văn bản cấp trên"), required=False, queryset=Directive.objects.none(),
                                    widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["parent"].queryset = Directive.objects.exclude(kind=DirectiveKind.CONCLUSION).order_by("code")  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    directive = ModelChoiceField(label=_("Thông báo kết luận đã ban hành"), queryset=Directive.objects.none(),
                                       widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["directive"].queryset = Directive.objects.filter(kind=DirectiveKind.CONCLUSION).order_by("code")  # type: ignore[attr-defined]
