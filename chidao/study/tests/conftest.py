from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chidao.library.tests.conftest import upload_doc  # noqa: F401


@pytest.fixture
def cells(secretariat: Any, unit_a: Any, unit_b: Any) -> dict[str, Any]:
    """Two cells (one per unit), each with a secretary and two more members, built through the services."""
    from chidao.members.services import cell_create, member_create

    made: dict[str, Any] = {}
    n = 0
    for key, unit in (("a", unit_a), ("b", unit_b)):
        cell = cell_create(actor=secretariat, name=f"Chi bộ {unit.name}", unit=unit)
        people = []
        for i in range(3):
            n += 1
            profile = member_create(actor=secretariat, full_name=f"Đảng viên {key.upper()}{i}",
                                    date_of_birth=dt.date(1985, 1, 1), sex="male", admitted_on=dt.date(2010, 1, 1),
                                    card_number=f"9{n:07d}", citizen_id=f"{n:012d}", cell=cell)
            people.append(profile.user)
        from chidao.members.services import cell_secretary_set

        cell_secretary_set(actor=secretariat, cell=cell, secretary=people[0])
        made[key] = cell
        made[f"{key}_people"] = people
    return made


@pytest.fixture
def nq57(upload_doc: Any) -> Any:  # noqa: F811
    return upload_doc("Về đột phá phát triển khoa học, công nghệ", code="57-NQ/TW", text="Nghị quyết 57")
