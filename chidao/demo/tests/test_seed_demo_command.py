"""`manage.py seed_demo` as `make run` calls it: loads the story once, then leaves data alone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from chidao.directives.models import Directive

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_once_and_gives_the_planner_statistics() -> None:
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "Đã nạp dữ liệu minh họa" in out.getvalue()
    from chidao.orgs.models import User

    # The README's table is a sample; the command prints every account (commune officers included).
    usernames = list(User.objects.filter(is_active=True).values_list("username", flat=True))
    assert len(usernames) > 20
    assert all(f"  {name} " in out.getvalue() for name in usernames)
    assert f"({len(usernames)} tài khoản)" in out.getvalue()
    directives = Directive.objects.count()
    assert directives >= 4
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'directives_task'")
            assert cursor.fetchone()[0] > 0

    again = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=again)
    assert "bỏ qua nạp dữ liệu minh họa" in again.getvalue()
    assert Directive.objects.count() == directives
