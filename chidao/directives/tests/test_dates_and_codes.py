"""Issue 10, finding 10: a directive dated in the future, a task due before its directive, and a
directive code that differs only by case (Vietnamese letters included) are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from chidao.directives import services
from chidao.directives.models import Directive, Task

pytestmark = pytest.mark.django_db


def _create(secretariat: Any, code: str, issued_on: dt.date | None = dt.date(2025, 3, 1)) -> Directive:
    return services.directive_create(actor=secretariat, code=code, kind="plan", title="Kế hoạch", issued_on=issued_on)


def test_a_directive_dated_in_the_future_is_refused(secretariat: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _create(secretariat, "1/KH-BCĐ", tomorrow)
    assert "không được sau ngày hôm nay" in exc.value.message_dict["issued_on"][0]
    assert not Directive.objects.filter(code="1/KH-BCĐ").exists()
    assert _create(secretariat, "2/KH-BCĐ", timezone.localdate()).pk


@pytest.mark.parametrize("again", ["99/kh-bcđ", "99/KH-BCĐ ", " 99/Kh-BcĐ", "99/KH-\u0042\u0043\u0110", "99 /KH-BCĐ"])
def test_codes_are_unique_whatever_the_case_and_spacing(secretariat: Any, again: str) -> None:
    _create(secretariat, "99/KH-BCĐ")
    with pytest.raises(ValidationError) as exc:
        _create(secretariat, again)
    assert "đã có trong hệ thống" in exc.value.message_dict["code"][0]
    assert Directive.objects.count() == 1


def test_different_codes_stay_different(secretariat: Any) -> None:
    _create(secretariat, "99/KH-BCĐ")
    _create(secretariat, "99/KH-BCD")  # Đ and D are different letters
    _create(secretariat, "98/KH-BCĐ")
    assert Directive.objects.count() == 3


def test_the_database_refuses_a_case_duplicate_too(secretariat: Any) -> None:
    _create(secretariat, "7/KH-UBND")
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.create(code="7/kh-ubnd", kind="plan", title="x")


def test_a_task_due_before_its_directive_is_refused(secretariat: Any, unit_a: Any) -> None:
    directive = _create(secretariat, "5/KH-BCĐ", dt.date(2025, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=secretariat, directive=directive, title="Nhiệm vụ", lead_unit=unit_a,
                             due_on=dt.date(2025, 2, 28), assign=False)
    assert "trước ngày ban hành văn bản 5/KH-BCĐ (01/03/2025)" in exc.value.message_dict["due_on"][0]
    assert not Task.objects.exists()
    task = services.task_create(actor=secretariat, directive=directive, title="Nhiệm vụ", lead_unit=unit_a,
                                due_on=dt.date(2025, 3, 1), assign=False)
    assert task.due_on == dt.date(2025, 3, 1)


def test_the_demo_data_stays_valid() -> None:
    from chidao.demo.testing import demo_seeded
    from chidao.directives.rules import directive_code_key

    demo_seeded()
    codes = list(Directive.objects.values_list("code", flat=True))
    assert len({directive_code_key(c) for c in codes}) == len(codes)
    late = [t for t in Task.objects.select_related("directive").exclude(due_on=None)
            if t.directive.issued_on and t.due_on < t.directive.issued_on]
    assert late == []
