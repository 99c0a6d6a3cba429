from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.formfields import ModelMultipleChoiceField

from .models import OrgUnit


class UnitGroupForm(forms.Form):
    name = forms.CharField(label=_("Tên nhóm đơn vị"), max_length=255)
    aliases = forms.CharField(label=_("Tên gọi khác (mỗi dòng một tên)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    members = ModelMultipleChoiceField(
        label=_("Đơn vị thành viên"), queryset=OrgUnit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    extend = forms.BooleanField(label=_("Giao cho đơn vị mới thêm các nhiệm vụ còn mở của nhóm"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["members"].queryset = (  # type: ignore[attr-defined]
            OrgUnit.objects.filter(is_active=True).exclude(kind="committee").order_by("kind", "name"))
