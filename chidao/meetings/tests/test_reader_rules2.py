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


def test_each_semicolon_clause_with_its_own_lead_is_a_task(matcher: UnitMatcher) -> None:
    # d041 (a Prime Minister's telegram as reported): two leads, each "được giao", in one sentence
    tasks = read("Trang web Chính phủ dẫn công điện cho hay Bộ GTVT được giao chỉ đạo các doanh nghiệp vận tải tăng "
                 "cường năng lực vận tải, bảo đảm an toàn kỹ thuật phương tiện; tạo thuận lợi tối đa cho nhân dân đi "
                 "lại; Bộ Công an được giao chỉ đạo tuyên truyền biện pháp hạn chế tai nạn mô tô, xe máy.", matcher)
    assert [t.lead_unit_as_written for t in tasks] == ["Bộ GTVT", "Bộ Công an"]
    assert "tạo thuận lợi" in tasks[0].text and "Bộ Công an" not in tasks[0].text


def test_a_clause_opening_with_a_period_of_time_names_its_lead(matcher: UnitMatcher) -> None:
    # d109: "từ ngày 5 đến ngày 10 hằng tháng, Phòng … kiểm tra" — recurring, after another clause
    tasks = read("Định kỳ từ ngày 1 đến ngày 5 hằng tháng, các phòng ban phải cập nhật kết quả giải quyết nguyện vọng "
                 "cử tri; từ ngày 5 đến ngày 10 hằng tháng, Phòng Kế hoạch - Đầu tư kiểm tra, xác nhận giải quyết và "
                 "tổng hợp báo cáo kết quả cho giám đốc sở.", matcher)
    phong = [t for t in tasks if t.lead_unit_as_written == "Phòng Kế hoạch - Đầu tư"]
    assert phong and phong[0].recurring


def test_a_supporting_clause_is_not_a_task_of_its_own(matcher: UnitMatcher) -> None:
    tasks = read("Giao Sở Xây dựng rà soát quy hoạch nút giao thông; Sở Giao thông vận tải phối hợp thực hiện.",
                 matcher)
    assert [t.lead_unit_as_written for t in tasks] == ["Sở Xây dựng"]


def test_a_deadline_written_once_holds_for_every_clause(matcher: UnitMatcher) -> None:
    tasks = read("Sở Y tế chủ trì kiểm tra an toàn thực phẩm; Sở Công Thương chủ trì kiểm tra thị trường, hoàn thành "
                 "trước ngày 30/6/2026.", matcher)
    assert len(tasks) == 2 and all(t.deadline == "2026-06-30" for t in tasks)


def test_a_lead_that_will_act_is_an_assignment_but_is_ends_a_name(matcher: UnitMatcher) -> None:
    # d086
    tasks = read("Ban Tổ chức Trung ương sẽ tham mưu Bộ Chính trị, Ban Bí thư chỉ định bí thư, phó bí thư tỉnh ủy, "
                 "thành ủy khi các địa phương tiến hành sáp nhập.", matcher)
    assert [t.lead_unit_as_written for t in tasks] == ["Ban Tổ chức Trung ương"]
    # d079 (an answer to voters): "X là Chủ đầu tư phần xây dựng" states who invests, assigns nothing
    assert read("Tổng Công ty Becamex IDC là Chủ đầu tư phần xây dựng công trình từ nguồn vốn của đơn vị.",
                matcher) == []


def test_a_period_the_work_belongs_to_is_not_its_deadline(matcher: UnitMatcher) -> None:
    # d099: the plan's period and vision horizon
    tasks = read("Phó Thủ tướng Lê Văn Thành yêu cầu Bộ Tài nguyên và Môi trường tập trung, khẩn trương lập và trình "
                 "Quy hoạch bảo vệ môi trường quốc gia thời kỳ 2021 – 2030, tầm nhìn đến năm 2050 đúng tiến độ đề ra.",
                 matcher)
    assert tasks and tasks[0].deadline is None and not tasks[0].recurring
    # d084: a school year
    tasks = read("Bộ trưởng Bộ Giáo dục và Đào tạo đề nghị Chủ tịch Ủy ban nhân dân các tỉnh, thành phố chỉ đạo điều "
                 "chỉnh khung kế hoạch thời gian năm học 2019-2020.", matcher)
    assert tasks and tasks[0].deadline is None
    # a real deadline in the same sentence still counts
    tasks = read("Giao Sở Kế hoạch và Đầu tư trình kế hoạch giai đoạn 2021-2025 trước ngày 30/6/2021.", matcher)
    assert tasks[0].deadline == "2021-06-30"


def test_a_time_and_a_day_after_truoc_are_the_deadline_even_after_the_word_ngay(matcher: UnitMatcher) -> None:
    # d095: the deadline in the next sentence; the referenced report's date is not it
    tasks = read("Giao các sở, ngành theo chức năng, nhiệm vụ được giao, giải trình những nội dung khác nhau theo Báo "
                 "cáo số 552/BC-HĐND ngày 01/12/2017 (Sao gửi Báo cáo kèm theo). Báo cáo yêu cầu gửi về Văn phòng "
                 "UBND tỉnh trước 14 giờ, ngày 05/12/2017.", matcher, today=dt.date(2017, 12, 4))
    assert tasks[0].deadline == "2017-12-05"
    # a letter's own date is still not a deadline
    tasks = read("Giao Sở Y tế thực hiện theo Văn bản số 12/SYT ngày 01/12/2017 của Sở.", matcher)
    assert tasks[0].deadline is None


def test_the_expected_output_is_the_report_or_product_the_lead_must_make(matcher: UnitMatcher) -> None:
    # d083: "báo cáo nhanh tình hình …" → the report
    tasks = read("Bộ GD&ĐT đề nghị các sở báo cáo nhanh tình hình biến động sĩ số học sinh thời điểm từ đầu năm học "
                 "đến ngày 15/10.", matcher)
    assert tasks[0].output.startswith("Báo cáo tình hình biến động sĩ số học sinh")
    # d099: a plan as the object of "lập và trình", cut before "gửi"/"để"
    tasks = read("Phó Thủ tướng yêu cầu Bộ Tài nguyên và Môi trường khẩn trương lập và trình Quy hoạch bảo vệ môi "
                 "trường quốc gia thời kỳ 2021 – 2030 để Thủ tướng xem xét.", matcher)
    assert tasks[0].output == "Quy hoạch bảo vệ môi trường quốc gia thời kỳ 2021 – 2030"


def test_items_numbered_with_a_dash_are_items(matcher: UnitMatcher) -> None:
    # d105 (Bến Tre, 2008): "1- …", "2- …"
    tasks = read("UBND tỉnh chỉ đạo:\n1- Cho toàn bộ học sinh trong toàn tỉnh nghỉ học kể từ sáng ngày 17-11-2008;\n"
                 "2- Các huyện tổ chức di dời dân khỏi những nơi nguy hiểm đến nơi an toàn, thực hiện di dời xong "
                 "trước 14 giờ ngày 17-11-2008.", matcher, today=dt.date(2008, 11, 16))
    assert [(t.lead_unit_as_written, t.deadline) for t in tasks] == [("Các huyện", "2008-11-17")]
    assert not tasks[0].text.startswith("2")
