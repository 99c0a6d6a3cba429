import datetime as dt

import pytest

from chidao.parsing import DeadlineParseError, deadline_parse
from chidao.parsing.deadlines import CONTINUOUS, MONTHLY, QUARTERLY, RECURRING, YEARLY

D = dt.date


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("31/12/2025", D(2025, 12, 31)),
        ("31-12-2025", D(2025, 12, 31)),
        ("31.12.2025", D(2025, 12, 31)),
        ("5/3/26", D(2026, 3, 5)),
        ("Trước ngày 30/6/2026", D(2026, 6, 30)),
        ("Chậm nhất ngày 15/01/2026", D(2026, 1, 15)),
        ("ngày 5 tháng 3 năm 2026", D(2026, 3, 5)),
        ("Tháng 12/2025", D(2025, 12, 31)),
        ("Tháng 2/2028", D(2028, 2, 29)),
        ("tháng 2 năm 2026", D(2026, 2, 28)),
        ("12/2025", D(2025, 12, 31)),
        ("Quý I/2026", D(2026, 3, 31)),
        ("Quý II/2026", D(2026, 6, 30)),
        ("Quý III/2026", D(2026, 9, 30)),
        ("Quý IV/2026", D(2026, 12, 31)),
        ("quy 2 nam 2026", D(2026, 6, 30)),
        ("Quý II năm 2026", D(2026, 6, 30)),
        ("6 tháng đầu năm 2026", D(2026, 6, 30)),
        ("6 tháng cuối năm 2026", D(2026, 12, 31)),
        ("Sáu tháng đầu năm 2026", D(2026, 6, 30)),
        ("Năm 2026", D(2026, 12, 31)),
        ("2026", D(2026, 12, 31)),
        ("Trong năm 2026", D(2026, 12, 31)),
        ("Cuối năm 2026", D(2026, 12, 31)),
        ("Đến năm 2030", D(2030, 12, 31)),
        ("2025–2030", D(2030, 12, 31)),
        ("2025 - 2030", D(2030, 12, 31)),
        ("Giai đoạn 2025-2030", D(2030, 12, 31)),
        ("  Quý  II/2026. ", D(2026, 6, 30)),
    ],
)
def test_deadline_forms_map_to_the_end_of_the_period(text: str, due: dt.date) -> None:
    parsed = deadline_parse(text)
    assert parsed.due_on == due
    assert parsed.kind == "deadline"
    assert parsed.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [("Thường xuyên", CONTINUOUS), ("thuong xuyen", CONTINUOUS), ("Hằng năm", YEARLY), ("Hàng năm", YEARLY),
     ("Hằng quý", QUARTERLY), ("Hằng tháng", MONTHLY), ("Định kỳ", CONTINUOUS)],
)
def test_recurring_wordings_have_no_deadline(text: str, recurrence: str) -> None:
    parsed = deadline_parse(text)
    assert parsed.kind == RECURRING and parsed.is_recurring
    assert parsed.due_on is None
    assert parsed.recurrence == recurrence
    assert parsed.text == text


def test_a_cell_date_is_taken_as_is() -> None:
    assert deadline_parse(dt.datetime(2026, 3, 31, 0, 0)).due_on == D(2026, 3, 31)
    assert deadline_parse(D(2026, 3, 31)).text == "31/03/2026"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Chưa có thời hạn"),
        ("Sớm", "Không hiểu thời hạn “Sớm”"),
        ("31/02/2026", "không có trong lịch"),
        ("Tháng 13/2026", "Tháng 13"),
        ("2030–2025", "kết thúc trước khi bắt đầu"),
        ("Năm 1890", "Năm 1890"),
        ("Quý V/2026", "Không hiểu"),
    ],
)
def test_wordings_that_do_not_parse_say_why_in_vietnamese(text: str, fragment: str) -> None:
    with pytest.raises(DeadlineParseError) as exc:
        deadline_parse(text)
    assert fragment in exc.value.message
