"""`seed_demo` marks the installation as a demo; other data is never taken for one."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from chidao.accounts.models import Installation
from chidao.accounts.selectors import installation_is_demo

pytestmark = pytest.mark.django_db


def test_seed_demo_marks_the_installation_and_an_older_demo_is_marked_once(db: None) -> None:
    assert not installation_is_demo()
    call_command("seed_demo", stdout=io.StringIO())
    assert installation_is_demo()
    # A demo loaded before the flag existed: `make run` (seed_demo --if-empty) marks it.
    Installation.objects.all().delete()
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    assert Installation.objects.get().is_demo
    # Once marked real, it stays real.
    from chidao.accounts.services import installation_mark_demo

    installation_mark_demo(is_demo=False)
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    assert not installation_is_demo()


def test_other_data_is_not_taken_for_a_demo(directive: Any) -> None:
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    assert not Installation.objects.exists() and not installation_is_demo()
