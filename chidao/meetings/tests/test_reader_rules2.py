"""Second round of reader rules (issue 12), each on real sentences from the development corpus
(corpus/reader/dev; the file is named). Never from the holdout set."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.meetings.quality import story_matcher
from chidao.meetings.reader import conclusions_read
from chidao.parsing import UnitMatcher


@pytest.fixture(scope="module")
def matcher() -> UnitMatcher:
    return story_matcher()[0]


def read(text: str, matcher: UnitMatcher, today: dt.date | None = None) -> list:  # type: ignore[type-arg]
    return conclusions_read(text, matcher, today=today)


def test_a_day_without_a_year_takes_the_latest_year_the_text_names_when_undated(matcher: UnitMatcher) -> None:
    # d098: a news report without a date; the letter it quotes names 2023
    text = ("Thủ tướng Chính phủ vừa ký Công văn số 123/TTg-NN ngày 10/3/2023 về lấy ý kiến nhân dân. "
            "Theo đó, Thủ tướng yêu cầu các bộ trưởng, thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, "
            "Chủ tịch UBND các tỉnh, thành khẩn trương tổ chức tổng hợp, xây dựng báo cáo kết quả lấy ý kiến "
            "nhân dân gửi Bộ Tài nguyên và Môi trường (đồng thời gửi Ủy ban Kinh tế Quốc hội), chậm nhất trước 20/3.")
    tasks = read(text, matcher)
    assert tasks and all(t.deadline == "2023-03-20" for t in tasks)
    assert any("không ghi năm" in p for p in tasks[0].problems)  # a guess, flagged


def test_a_day_without_a_year_and_no_year_anywhere_stays_empty(matcher: UnitMatcher) -> None:
    tasks = read("Giao Sở Y tế báo cáo kết quả trước 20/3.", matcher)
    assert tasks and tasks[0].deadline is None
