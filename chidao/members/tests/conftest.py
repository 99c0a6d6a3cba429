"""People of the handbook, built through the services: two cells (one per unit), each with a
secretary and members, all `party_member` accounts with profiles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

PASSWORD = "MatKhau!2025"


def make_member(*, actor: Any, cell: Any, username: str, full_name: str, card: str, citizen_id: str,
                phone: str = "0905123456", role: str = "party_member", unit: Any = None) -> Any:
    from chidao.members.services import member_create
    from chidao.orgs.services import user_create

    user = user_create(actor=None, username=username, password=PASSWORD, role=role, full_name=full_name, unit=unit)
    return member_create(actor=actor, full_name=full_name, date_of_birth=dt.date(1985, 3, 14), sex="male",
                         admitted_on=dt.date(2010, 5, 19), official_on=dt.date(2011, 5, 19), card_number=card,
                         citizen_id=citizen_id, phone=phone, position="Chuyên viên", cell=cell, user=user)


@pytest.fixture
def cell_a(secretariat: Any, unit_a: Any) -> Any:
    from chidao.members.services import cell_create

    return cell_create(actor=secretariat, name="Chi bộ Sở Khoa học và Công nghệ", unit=unit_a)


@pytest.fixture
def cell_b(secretariat: Any, unit_b: Any) -> Any:
    from chidao.members.services import cell_create

    return cell_create(actor=secretariat, name="Chi bộ Phường Hải Châu", unit=unit_b)


@pytest.fixture
def secretary_a(secretariat: Any, cell_a: Any) -> Any:
    from chidao.members.services import cell_secretary_set

    profile = make_member(actor=secretariat, cell=cell_a, username="bithu_a", full_name="Nguyễn Bí Thư A",
                          card="00000001", citizen_id="000000000001")
    cell_secretary_set(actor=secretariat, cell=cell_a, secretary=profile.user)
    cell_a.refresh_from_db()
    return profile.user


@pytest.fixture
def secretary_b(secretariat: Any, cell_b: Any) -> Any:
    from chidao.members.services import cell_secretary_set

    profile = make_member(actor=secretariat, cell=cell_b, username="bithu_b", full_name="Trần Bí Thư B",
                          card="00000002", citizen_id="000000000002")
    cell_secretary_set(actor=secretariat, cell=cell_b, secretary=profile.user)
    cell_b.refresh_from_db()
    return profile.user


@pytest.fixture
def member_a(secretariat: Any, cell_a: Any, secretary_a: Any) -> Any:
    """A party member of cell A (profile), whose secretary is `secretary_a`."""
    return make_member(actor=secretariat, cell=cell_a, username="dangvien_a", full_name="Lê Đảng Viên A",
                       card="00000011", citizen_id="000123456789", phone="0905111222")


@pytest.fixture
def member_a2(secretariat: Any, cell_a: Any, secretary_a: Any) -> Any:
    return make_member(actor=secretariat, cell=cell_a, username="dangvien_a2", full_name="Phạm Đảng Viên A2",
                       card="00000012", citizen_id="000987654321", phone="0905333444")


@pytest.fixture
def member_b(secretariat: Any, cell_b: Any, secretary_b: Any) -> Any:
    return make_member(actor=secretariat, cell=cell_b, username="dangvien_b", full_name="Võ Đảng Viên B",
                       card="00000021", citizen_id="000555666777", phone="0905999888")
