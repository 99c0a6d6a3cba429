"""Accent-insensitive Vietnamese normal form used by search."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.text import normalize_vn


@pytest.mark.parametrize(("text", "expected"), [
    ("Đất đai", "dat dai"),
    ("ĐẤT ĐAI", "dat dai"),
    ("  Chuyển   đổi\tsố \n", "chuyen doi so"),
    ("Nghị quyết 57-NQ/TW", "nghi quyet 57-nq/tw"),
    ("Phường Hải Châu", "phuong hai chau"),
    ("Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"),
    ("", ""),
    (None, ""),
])
def test_normalize_vn(text: str | None, expected: str) -> None:
    assert normalize_vn(text) == expected


def test_decomposed_and_composed_input_give_the_same_form() -> None:
    composed = "Đổi mới sáng tạo"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert normalize_vn(decomposed) == normalize_vn(composed) == "doi moi sang tao"


@given(st.text())
def test_normal_form_is_stable_and_accent_free(text: str) -> None:
    once = normalize_vn(text)
    assert normalize_vn(once) == once
    assert "đ" not in once and "Đ" not in once
    assert not any(unicodedata.category(ch) == "Mn" for ch in unicodedata.normalize("NFD", once))
