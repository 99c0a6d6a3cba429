from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField, ModelMultipleChoiceField
from chidao.core.viewutils import VNDateField
from chidao.directives.models import Directive
from chidao.members.models import Cell
from chidao.orgs.models import OrgUnit, Role

from .models import DocumentKind, LinkKind, Validity

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
ROLE_CHOICES = [*Role.choices, ("party_member", _("Đảng viên"))]


def _blank(label: str, choices: list) -> list:  # type: ignore[type-arg]
    return [("", label), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200, widget=forms.TextInput(attrs={
        **TEXT, "placeholder": _("Số, ký hiệu, trích yếu hoặc nội dung — gõ có dấu hay không dấu đều được"),
        "type": "search"}))
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=_blank(_("Mọi loại"), DocumentKind.choices),
                             widget=forms.Select(attrs=SELECT))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255,
                             widget=forms.Select(attrs=SELECT))
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=120, widget=forms.Select(attrs=SELECT))
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1900, max_value=2100,
                              widget=forms.NumberInput(attrs={**TEXT, "placeholder": _("Năm")}))
    validity = forms.ChoiceField(label=_("Hiệu lực"), required=False,
                                 choices=_blank(_("Mọi hiệu lực"), Validity.choices), widget=forms.Select(attrs=SELECT))

    def set_facets(self, *, issuers: list[str], fields: list[str]) -> None:
        self.fields["issuer"].widget.choices = _blank(str(_("Mọi cơ quan")), [(i, i) for i in issuers])
        self.fields["field"].widget.choices = _blank(str(_("Mọi lĩnh vực")), [(f, f) for f in fields])


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF, .docx hoặc .txt)"), widget=forms.ClearableFileInput(attrs={
        **TEXT, "accept": ".pdf,.docx,.txt"}))
    code = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=80, widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label=_("Trích yếu"), max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices, widget=forms.Select(attrs=SELECT))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    issued_on = VNDateField(label=_("Ngày ban hành"))
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=120, widget=forms.TextInput(attrs=TEXT))
    summary = forms.CharField(label=_("Tóm tắt"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    validity = forms.ChoiceField(label=_("Hiệu lực"), choices=Validity.choices, widget=forms.Select(attrs=SELECT))
    replaced_by = forms.CharField(label=_("Được thay thế bởi (số, ký hiệu)"), required=False, max_length=80,
                                  widget=forms.TextInput(attrs=TEXT))
    directive = ModelChoiceField(label=_("Văn bản chỉ đạo được theo dõi"), required=False,
                                       queryset=Directive.objects.order_by("code"), widget=forms.Select(attrs=SELECT))
    restricted_units = ModelMultipleChoiceField(
        label=_("Chỉ cho các đơn vị (bỏ trống: mọi người)"), required=False,
        queryset=OrgUnit.objects.filter(is_active=True).order_by("kind", "name"),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}))
    restricted_cells = ModelMultipleChoiceField(
        label=_("Chỉ cho các chi bộ (bỏ trống: không giới hạn theo chi bộ)"), required=False,
        queryset=Cell.objects.filter(active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))
    restricted_roles = forms.MultipleChoiceField(
        label=_("Chỉ cho các vai trò (bỏ trống: mọi vai trò)"), required=False, choices=ROLE_CHOICES,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("Hiệu lực"), choices=Validity.choices, widget=forms.Select(attrs=SELECT))
    replaced_by = forms.CharField(label=_("Được thay thế bởi (số, ký hiệu)"), required=False, max_length=80,
                                  widget=forms.TextInput(attrs=TEXT))


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=LinkKind.choices, widget=forms.Select(attrs=SELECT))
    target = forms.CharField(label=_("Văn bản liên quan (số, ký hiệu)"), max_length=80,
                             widget=forms.TextInput(attrs=TEXT))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Ghi chú riêng"), max_length=5000,
                           widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class EditForm(forms.Form):
    """The metadata and restriction after upload; `version` is the one the editor saw."""

    version = forms.IntegerField(label="", widget=forms.HiddenInput, min_value=1)
    code = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=80, widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label=_("Trích yếu"), max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices, widget=forms.Select(attrs=SELECT))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    issued_on = VNDateField(label=_("Ngày ban hành"))
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=120, widget=forms.TextInput(attrs=TEXT))
    restricted_units = ModelMultipleChoiceField(
        label=_("Chỉ cho các đơn vị"), required=False,
        queryset=OrgUnit.objects.filter(is_active=True).order_by("kind", "name"),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))
    restricted_cells = ModelMultipleChoiceField(
        label=_("Chỉ cho các chi bộ"), required=False, queryset=Cell.objects.filter(active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))
    restricted_roles = forms.MultipleChoiceField(
        label=_("Chỉ cho các vai trò (bỏ trống: mọi vai trò)"), required=False, choices=ROLE_CHOICES,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=2000,
                             widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
