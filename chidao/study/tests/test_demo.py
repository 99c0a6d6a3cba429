from __future__ import annotations

from typing import Any

import pytest

from chidao.library.demo import seed_library
from chidao.library.selectors import LibraryFilters, document_search
from chidao.study import selectors
from chidao.study.demo import seed_study

pytestmark = pytest.mark.django_db


def test_demo_library_and_study(secretariat: Any, cells: dict, unit_a: Any, officer_b: Any, member: Any) -> None:
    docs = seed_library(secretariat=secretariat, restricted_unit=unit_a)
    assert docs["57-NQ/TW"].has_text
    found = [d.code for d in document_search(user=member, filters=LibraryFilters(q="nghi quyet 57 dot pha"))]
    assert "57-NQ/TW" in found
    assert "01-KH/NB" not in [d.code for d in document_search(user=officer_b, filters=LibraryFilters())]
    assignment = seed_study(secretariat=secretariat, documents=docs)
    assert assignment is not None and assignment.questions.count() == 3
    total = selectors.assignment_stats(user=secretariat, assignment=assignment).total
    assert total["assigned"] == 6 and 0 < total["studied"] < 6 and 0 < total["passed"] <= total["studied"]


def test_demo_study_needs_members(secretariat: Any) -> None:
    assert seed_study(secretariat=secretariat, documents={}) is None
