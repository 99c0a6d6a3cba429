"""The conclusion reader, pure: what it proposes and what it flags instead of guessing."""

from __future__ import annotations

import pytest

from chidao.meetings.quality import cases_load, quality_measure, story_matcher
from chidao.meetings.reader import conclusions_read, task_propose


@pytest.fixture(scope="module")
def matcher():  # type: ignore[no-untyped-def]
    return story_matcher()[0]


def test_the_issue_sentence(matcher) -> None:  # type: ignore[no-untyped-def]
    task = task_propose("Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính xây dựng Đề án sàn giao "
                        "dịch công nghệ, hoàn thành trước ngày 31/12/2025.", matcher)
    assert task is not None
    assert task.lead_unit == "Sở Khoa học và Công nghệ"
    assert task.support_units == ["Sở Tài chính"]
    assert task.deadline == "2025-12-31" and task.recurring is False
    assert task.output.startswith("Đề án sàn giao dịch công nghệ")
    assert "31/12/2025" not in task.text  # the deadline clause is not repeated in the task text
    assert task.problems == []


def test_unknown_unit_is_flagged_not_dropped_nor_guessed(matcher) -> None:  # type: ignore[no-untyped-def]
    tasks = conclusions_read("1. Giao Sở Thông tin và Truyền thông chủ trì rà soát hạ tầng, hoàn thành Quý II/2026.",
                             matcher)
    assert len(tasks) == 1
    assert tasks[0].lead_unit is None
    assert tasks[0].lead_unit_as_written == "Sở Thông tin và Truyền thông"
    assert any("Sở Thông tin và Truyền thông" in p for p in tasks[0].problems)
    assert tasks[0].confidence < 0.5


def test_relative_and_recurring_deadlines_give_no_date(matcher) -> None:  # type: ignore[no-untyped-def]
    relative = task_propose("Giao Sở Tư pháp thẩm định hồ sơ trong 30 ngày làm việc kể từ ngày nhận đủ hồ sơ.", matcher)
    assert relative is not None and relative.deadline is None and relative.recurring is False
    assert relative.deadline_as_written.startswith("trong 30 ngày làm việc")
    assert relative.problems
    recurring = task_propose("Giao Văn phòng Thành ủy theo dõi, báo cáo định kỳ hằng tháng.", matcher)
    assert recurring is not None and recurring.recurring is True and recurring.deadline is None


def test_periods_mean_their_last_day(matcher) -> None:  # type: ignore[no-untyped-def]
    cases = {"Quý I/2026": "2026-03-31", "tháng 02/2026": "2026-02-28", "năm 2027": "2027-12-31",
             "6 tháng đầu năm 2026": "2026-06-30"}
    for wording, expected in cases.items():
        task = task_propose(f"Giao Sở Y tế triển khai bệnh án điện tử, hoàn thành {wording}.", matcher)
        assert task is not None and task.deadline == expected, wording


def test_headings_and_appraisals_are_not_tasks(matcher) -> None:  # type: ignore[no-untyped-def]
    text = ("Ban Chỉ đạo ghi nhận, đánh giá cao kết quả triển khai thời gian qua.\n"
            "Đồng chí Trưởng Ban kết luận, giao nhiệm vụ như sau:\n"
            "a) Giao Sở Nội vụ chủ trì sắp xếp công chức chuyên trách, hoàn thành tháng 3/2026.")
    tasks = conclusions_read(text, matcher)
    assert [t.lead_unit for t in tasks] == ["Sở Nội vụ"]


def test_quality_on_the_sentence_set_reaches_the_target() -> None:
    result = quality_measure(cases_load())
    assert result.lead.total >= 40
    assert result.lead.accuracy >= 0.9
    assert result.deadline.accuracy >= 0.9
