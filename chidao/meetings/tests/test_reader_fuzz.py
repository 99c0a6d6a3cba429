"""No input makes the reader, the document reader or the confirmation form fail (DESIGN §6)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chidao.meetings.quality import story_matcher
from chidao.meetings.reader import conclusions_read
from chidao.parsing.documents import DocumentReadError, document_text

MATCHER = story_matcher()[0]
WORDS = st.sampled_from(["Giao", "Sở", "Y tế", "các", "sở,", "ban,", "ngành", "và", "chủ trì", "trước ngày",
                         "31/12/2025", "Quý", "II/2026", ":", "a)", "-", "\n", "Bộ", "Giám đốc", "UBND", "tỉnh",
                         "Đề nghị", "yêu cầu", "thường xuyên", "|", "số 12/UBND", "ngày", "1.", "cần", "đ"])


@given(st.lists(WORDS, max_size=60).map(" ".join) | st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_the_reader_never_fails(text: str) -> None:
    for task in conclusions_read(text, MATCHER):
        assert task.lead_unit_as_written is not None and 0 <= task.confidence <= 1


@given(st.binary(max_size=3000))
@settings(max_examples=200, deadline=None)
def test_any_file_is_read_or_refused_with_a_message(data: bytes) -> None:
    for name in ("a.txt", "a.docx", "a.pdf"):
        try:
            document_text(data, name)
        except DocumentReadError as exc:
            assert exc.message


@pytest.mark.django_db
@given(st.dictionaries(st.sampled_from(["step", "count", "t0-include", "t0-lead", "t0-due", "t0-title", "t0-unknown",
                                        "t0-support", "t0-recurring", "t0-lead_as_written", "text"]),
                       st.text(max_size=30), max_size=10))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_confirmation_form_never_answers_5xx(client: Any, secretariat: Any, directive: Any,
                                                  data: dict[str, str]) -> None:
    client.force_login(secretariat)
    response = client.post(f"/van-ban/{directive.pk}/them-tu-van-ban/", data)
    assert response.status_code < 500
