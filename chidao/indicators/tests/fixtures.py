"""Fixtures of the indicator tests: uploads and index trees built through the services. People and
units (secretariat, head_a, unit_b…) come from the project's root conftest."""

from __future__ import annotations

from typing import Any

import pytest

PASSWORD = "MatKhau!2025"


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
