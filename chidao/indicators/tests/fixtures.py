"""People of each role in two units, built through the services (same names as the root conftest's
fixtures, so these give way to them where both exist)."""

from __future__ import annotations

from typing import Any

import pytest

PASSWORD = "MatKhau!2025"


@pytest.fixture(autouse=True)
def _fast_hasher_and_files(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CHIDAO_FILES_DIR = tmp_path / "files"


def _unit(code: str, name: str, kind: str) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code=code, name=name, kind=kind)


def _person(username: str, role: str, full_name: str, unit: Any = None) -> Any:
    from chidao.orgs.services import user_create

    return user_create(actor=None, username=username, password=PASSWORD, role=role, full_name=full_name, unit=unit)


@pytest.fixture
def standing_office(db: None) -> Any:
    return _unit("vptu", "Văn phòng Thành ủy", "standing_office")


@pytest.fixture
def unit_a(db: None) -> Any:
    return _unit("so-khcn", "Sở Khoa học và Công nghệ", "department")


@pytest.fixture
def unit_b(db: None) -> Any:
    return _unit("phuong-hai-chau", "Phường Hải Châu", "commune")


@pytest.fixture
def secretariat(standing_office: Any) -> Any:
    return _person("thuongtruc", "secretariat", "Lê Thị Thường Trực", standing_office)


@pytest.fixture
def leader(db: None) -> Any:
    return _person("truongban", "leader", "Nguyễn Văn Trưởng")


@pytest.fixture
def member(db: None) -> Any:
    return _person("thanhvien", "member", "Phạm Văn Thành Viên")


@pytest.fixture
def head_a(unit_a: Any) -> Any:
    return _person("giamdoc_khcn", "unit_head", "Trần Văn Giám Đốc", unit_a)


@pytest.fixture
def officer_a(unit_a: Any) -> Any:
    return _person("chuyenvien_khcn", "unit_officer", "Hoàng Thị Chuyên Viên", unit_a)


@pytest.fixture
def head_b(unit_b: Any) -> Any:
    return _person("chutich_haichau", "unit_head", "Võ Văn Chủ Tịch", unit_b)


@pytest.fixture
def officer_b(unit_b: Any) -> Any:
    return _person("congchuc_haichau", "unit_officer", "Đặng Thị Công Chức", unit_b)


@pytest.fixture
def pdf_upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
                              content_type="application/pdf")


@pytest.fixture
def index_tree(secretariat: Any, unit_a: Any, unit_b: Any) -> dict[str, Any]:
    """A small index: one group with a percentage indicator owned by unit A (higher is better,
    0–100, 10 points) and a lower-is-better one owned by unit B (10 points)."""
    from chidao.indicators import services

    index = services.indicator_create(actor=secretariat, code="IDX", name="Bộ chỉ số thử", kind="index",
                                      direction="higher", max_points=20)
    group = services.indicator_create(actor=secretariat, code="IDX.1", name="Nhóm 1", kind="group", parent=index,
                                      direction="higher", max_points=20)
    pct = services.indicator_create(actor=secretariat, code="IDX.1.1", name="Tỷ lệ hồ sơ trực tuyến toàn trình",
                                    parent=group, unit_of_measure="%", direction="higher", min_value=0,
                                    max_value=100, max_points=10, periodicity="month", owner_unit=unit_a)
    days = services.indicator_create(actor=secretariat, code="IDX.1.2", name="Thời gian giải quyết bình quân",
                                     parent=group, unit_of_measure="ngày", direction="lower", min_value=0,
                                     max_points=10, periodicity="quarter", owner_unit=unit_b)
    return {"index": index, "group": group, "pct": pct, "days": days}
