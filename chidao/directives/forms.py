from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelChoiceField, ModelMultipleChoiceField
from chidao.core.viewutils import VNDateField
from chidao.core.widgets import FastSelect, form_choices_cached
from chidao.orgs.models import Role, UnitGroup, User
from chidao.orgs.selectors import assignable_units

from . import rules
from .models import Directive, DirectiveKind, Field, Task, TaskKind

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return obj.name


LEADER_REFUSED = _("Lãnh đạo phụ trách phải là một lãnh đạo Ban Chỉ đạo đang hoạt động; hãy chọn trong danh sách.")


class LeaderChoiceField(ModelChoiceField):
    """A committee leader (role `leader`); anything else posted is refused with LEADER_REFUSED
    (the service refuses it again, for callers other than the pages)."""

    def __init__(self, *, current: int | None = None, **kwargs: object) -> None:
        kwargs.setdefault("queryset", leader_choices(current))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Select(attrs=SELECT))
        kwargs.setdefault("error_messages", {"invalid_choice": LEADER_REFUSED})
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return f"{obj} – {obj.job_title}" if obj.job_title else str(obj)


def leader_choices(current: int | None = None):  # type: ignore[no-untyped-def]
    """Active leaders, and the one already chosen even if no longer active (so saving the page
    unchanged keeps them)."""
    active = Q(is_active=True) | Q(pk=current) if current else Q(is_active=True)
    return User.objects.filter(active, role=Role.LEADER).order_by("full_name", "username")


class TaskForm(forms.Form):
    # The version the form was drawn from: a save over a newer edit is refused (core/concurrency.py).
    row_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    code = forms.CharField(label=_("Số thứ tự"), required=False, max_length=40,
                           widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    parent = ModelChoiceField(label=_("Thuộc nhóm nhiệm vụ"), required=False, queryset=Task.objects.none(),
                                    widget=forms.Select(attrs=SELECT), empty_label=_("— Không thuộc nhóm —"))
    kind = forms.ChoiceField(label=_("Loại nhiệm vụ"), choices=TaskKind.choices, initial=TaskKind.DEADLINE,
                             widget=forms.Select(attrs=SELECT))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False, queryset=assignable_units(),
                                widget=forms.Select(attrs=SELECT), empty_label=_("— Chọn đơn vị chủ trì —"))
    unit_group = ModelChoiceField(
        label=_("Hoặc giao cho nhóm đơn vị"), required=False, queryset=UnitGroup.objects.none(),
        widget=forms.Select(attrs=SELECT), empty_label=_("— Không —"),
        help_text=_("Mỗi đơn vị thành viên nhận một nhiệm vụ con, có báo cáo và thời hạn riêng."),
    )
    support_units = ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, queryset=assignable_units(),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}),
        help_text=_("Giữ Ctrl (hoặc chạm trên điện thoại) để chọn nhiều đơn vị."),
    )
    leader_in_charge = LeaderChoiceField(
        label=_("Lãnh đạo phụ trách"), empty_label=_("— Theo nhóm nhiệm vụ / văn bản —"),
        help_text=_("Để trống: theo lãnh đạo phụ trách của nhóm nhiệm vụ, nếu không có thì của văn bản."),
    )
    due_on = VNDateField(label=_("Thời hạn hoàn thành"), required=False)
    deadline_text = forms.CharField(label=_("Thời hạn (ghi theo văn bản)"), required=False, max_length=120,
                                    widget=forms.TextInput(attrs={**TEXT, "placeholder": _("Ví dụ: Quý II/2026")}))
    expected_output = forms.CharField(label=_("Sản phẩm đầu ra"), required=False,
                                      widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.OTHER,
                              widget=forms.Select(attrs=SELECT))
    weight = forms.IntegerField(label=_("Trọng số (%)"), required=False, min_value=0, max_value=100,
                                widget=forms.NumberInput(attrs=TEXT))
    assign = forms.BooleanField(label=_("Giao ngay cho đơn vị chủ trì"), required=False, initial=True,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args: object, directive: Directive | None = None, current_leader: int | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["leader_in_charge"].queryset = leader_choices(current_leader)
        groups = UnitGroup.objects.filter(is_active=True).order_by("name")
        self.fields["unit_group"].queryset = groups  # type: ignore[attr-defined]
        if directive is not None:
            self.fields["parent"].queryset = Task.objects.filter(directive=directive, kind=TaskKind.GROUP)

    def clean(self) -> dict:
        data = super().clean()
        # A browser sends one value per <select>; more than one lead means a forged or scripted
        # request, which the rule "exactly one lead unit" refuses just the same.
        if self.data and hasattr(self.data, "getlist") and len([v for v in self.data.getlist("lead_unit") if v]) > 1:
            self.add_error("lead_unit", _("Mỗi nhiệm vụ chỉ có đúng một đơn vị chủ trì."))
        if data.get("unit_group") and data.get("lead_unit"):
            self.add_error("unit_group", _("Chọn một đơn vị chủ trì hoặc một nhóm đơn vị, không chọn cả hai."))
        return data


class DirectiveForm(forms.Form):
    code = forms.CharField(label=_("Số, ký hiệu"), max_length=60, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DirectiveKind.choices, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255,
                             widget=forms.TextInput(attrs=TEXT))
    issued_on = VNDateField(label=_("Ngày ban hành"), required=False)
    parent = ModelChoiceField(label=_("Văn bản cấp trên"), required=False, queryset=Directive.objects.all(),
                                    widget=forms.Select(attrs=SELECT), empty_label=_("— Không có —"))
    leader_in_charge = LeaderChoiceField(
        label=_("Lãnh đạo phụ trách"), empty_label=_("— Chưa phân công —"),
        help_text=_("Mặc định cho mọi nhiệm vụ của văn bản; nhận báo cáo vượt cấp khi nhiệm vụ quá hạn."),
    )


class DirectiveLeaderForm(forms.Form):
    """The directive page's own small form: change the leader in charge after creation."""

    leader_in_charge = LeaderChoiceField(
        label=_("Lãnh đạo phụ trách"), empty_label=_("— Chưa phân công —"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "style": "max-width: 26rem"}),
    )

    def __init__(self, *args: object, current_leader: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["leader_in_charge"].queryset = leader_choices(current_leader)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy / điều chỉnh"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


STATUS_CHOICES = [("", _("Mọi tình trạng")), *[(s, rules.STATUS_LABELS[s]) for s in rules.STATUS_ORDER]]
ROLE_CHOICES = [("", _("Chủ trì hoặc phối hợp")), ("lead", _("Chủ trì")), ("support", _("Phối hợp"))]
SEARCH_ATTRS = {**TEXT, "placeholder": _("Tìm (không cần dấu)…"), "type": "search"}


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False,
                        widget=forms.TextInput(attrs=SEARCH_ATTRS))
    directive = ModelChoiceField(label=_("Văn bản"), required=False,
                                       queryset=Directive.objects.order_by("issued_on", "code"),
                                       widget=FastSelect(attrs=SELECT), empty_label=_("Tất cả văn bản"))
    unit = UnitChoiceField(label=_("Đơn vị"), required=False, queryset=assignable_units(),
                           widget=FastSelect(attrs=SELECT), empty_label=_("Tất cả đơn vị"))
    role = forms.ChoiceField(label=_("Vai trò đơn vị"), required=False,
                             choices=ROLE_CHOICES,
                             widget=FastSelect(attrs=SELECT))
    status = forms.ChoiceField(label=_("Tình trạng"), required=False,
                               choices=STATUS_CHOICES,
                               widget=FastSelect(attrs=SELECT))
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=[("", _("Mọi lĩnh vực")), *Field.choices],
                              widget=FastSelect(attrs=SELECT))
    due_from = VNDateField(label=_("Hạn từ ngày"), required=False)
    due_to = VNDateField(label=_("Đến ngày"), required=False)
    leader = LeaderChoiceField(label=_("Lãnh đạo phụ trách"), empty_label=_("Mọi lãnh đạo"),
                               widget=FastSelect(attrs=SELECT))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_choices_cached(self, ("directive", "unit", "leader"), "directives.task_filter_choices")
