"""The handbook's demo people: a cell in each demo unit, about 300 members with fake profiles
(citizen IDs and card numbers start with 000, which no real one does), the accounts `dangvien`
(a member) and `bithu.chibo` (the secretary of the Department of Science and Technology's cell),
questions answered and open, and the cell's monthly meeting with its attendance. All through the
services, as the office would enter them."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from chidao.orgs.models import OrgUnit, Role

from . import services
from .models import Cell, MemberProfile

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MEMBERS = 300
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Ngọc"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Bảo"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phong", "Quân", "Sơn", "Tâm",
           "Thắng", "Trung", "Tuấn", "Việt", "Vinh"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung",
           "Phương", "Quyên", "Thảo", "Trang", "Yến"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Công chức", "Kỹ sư"]


def _name(rng: random.Random, sex: str) -> str:
    if sex == "female":
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _profile(rng: random.Random, n: int, today: dt.date) -> dict[str, Any]:
    sex = rng.choice(["male", "female"])
    born = dt.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
    admitted = dt.date(min(today.year - 1, born.year + rng.randint(20, 30)), rng.randint(1, 12), rng.randint(1, 28))
    return {"full_name": _name(rng, sex), "date_of_birth": born, "sex": sex, "admitted_on": admitted,
            "official_on": admitted + dt.timedelta(days=365), "card_number": f"000{n:05d}",
            "citizen_id": f"000{n:09d}", "phone": f"0900{n:06d}", "position": rng.choice(POSITIONS)}


def seed_members(*, people: Any, units: dict[str, OrgUnit], secretariat: Any, today: dt.date) -> None:
    rng = random.Random(339)
    cells: dict[str, Cell] = {}
    for code, unit in units.items():
        cells[code] = services.cell_create(actor=secretariat, name=f"Chi bộ {unit.display_name}", unit=unit)
    home = cells["khcn"]
    number = 1
    secretary = people.create(username="bithu.chibo", role=Role.PARTY_MEMBER, unit=None,
                              full_name="Trương Thị Thu Hà", title="Bí thư Chi bộ Sở Khoa học và Công nghệ")
    services.member_create(actor=secretariat, cell=home, user=secretary, unit=home.unit,
                           **{**_profile(rng, number, today), "full_name": secretary.full_name, "sex": "female",
                              "position": "Phó Giám đốc Sở"})
    services.cell_secretary_set(actor=secretariat, cell=home, secretary=secretary)
    number += 1
    member = people.create(username="dangvien", role=Role.PARTY_MEMBER, unit=None, full_name="Đoàn Minh Khoa",
                           title="Chuyên viên Sở Khoa học và Công nghệ")
    member_profile = services.member_create(actor=secretariat, cell=home, user=member, unit=home.unit,
                                            **{**_profile(rng, number, today), "full_name": member.full_name,
                                               "sex": "male"})
    number += 1
    codes = list(cells)
    while number <= MEMBERS:
        # The home cell gets a dozen members so its meeting and statistics mean something.
        code = "khcn" if number <= 14 else codes[number % len(codes)]
        services.member_create(actor=secretariat, cell=cells[code], unit=cells[code].unit,
                               **_profile(rng, number, today))
        number += 1
    _questions(member=member, member_profile=member_profile, secretary=secretary, secretariat=secretariat,
               today=today)
    _meetings(cell=home, secretary=secretary, member=member, today=today)


def _questions(*, member: Any, member_profile: MemberProfile, secretary: Any, secretariat: Any,
               today: dt.date) -> None:
    asked = today - dt.timedelta(days=20)
    q1 = services.question_ask(actor=member, to_cell=True, today=asked, subject="Lịch học tập Nghị quyết 57",
                               body="Chi bộ tổ chức học tập, quán triệt Nghị quyết 57-NQ/TW vào thời gian nào?",
                               document_ref="57-NQ/TW")
    services.question_answer(actor=secretary, question=q1, today=asked + dt.timedelta(days=3),
                             answer="Chi bộ học tập vào buổi sinh hoạt định kỳ tháng này; tài liệu đã có trong "
                                    "thư viện văn bản.")
    q2 = services.question_ask(actor=member, kind="opinion", today=asked,
                               subject="Góp ý về số hóa hồ sơ đảng viên",
                               body="Đề nghị cho phép đảng viên tự cập nhật số điện thoại trên sổ tay điện tử.")
    services.question_answer(actor=secretariat, question=q2, today=asked + dt.timedelta(days=14),
                             answer="Ban Chỉ đạo ghi nhận; đảng viên gửi đề nghị sửa hồ sơ để bí thư chi bộ duyệt.")
    services.question_ask(actor=member, today=today - dt.timedelta(days=2), subject="Đăng ký đề tài khoa học",
                          body="Đảng viên là chuyên viên có được chủ trì đề tài khoa học cấp thành phố không?")
    others = list(MemberProfile.objects.filter(cell=member_profile.cell).exclude(user__in=[member, secretary])
                  .select_related("user")[:3])
    for n, profile in enumerate(others):
        services.question_ask(actor=profile.user, to_cell=n % 2 == 0, today=today - dt.timedelta(days=12 + n),
                              subject=f"Câu hỏi về chuyển đổi số số {n + 1}",
                              body="Đề nghị hướng dẫn cách dùng chữ ký số trong sinh hoạt chi bộ.")


def _meetings(*, cell: Cell, secretary: Any, member: Any, today: dt.date) -> None:
    from chidao.meetings import services as meeting_services

    members = list(MemberProfile.objects.filter(cell=cell).exclude(user=secretary).select_related("user")
                   .order_by("id"))
    minute_taker = next(p.user for p in members if p.user_id != member.pk)
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    start = dt.datetime(last.year, last.month, last.day, 14, 0, tzinfo=TZ)
    link = services.cell_meeting_create(actor=secretary, cell=cell, title=f"Sinh hoạt chi bộ định kỳ tháng "
                                        f"{last.month}/{last.year}", starts_at=start,
                                        ends_at=start + dt.timedelta(hours=2), place="Phòng họp Sở KH&CN",
                                        secretary=minute_taker)
    invitations = {i.invitee_id: i for i in link.meeting.invitations.all()}
    for n, profile in enumerate(members):
        invitation = invitations[profile.user_id]
        if n in (3, 5):
            meeting_services.invitation_respond(actor=profile.user, invitation=invitation, response="absent",
                                                reason="Đi công tác theo quyết định của Sở")
        elif n != 7:
            meeting_services.checkin(actor=profile.user, meeting=link.meeting)
    meeting_services.checkin(actor=secretary, meeting=link.meeting)
    meeting_services.meeting_close(actor=None, meeting=link.meeting)
    upcoming = today + dt.timedelta(days=7)
    start = dt.datetime(upcoming.year, upcoming.month, upcoming.day, 14, 0, tzinfo=TZ)
    services.cell_meeting_create(actor=secretary, cell=cell, title="Sinh hoạt chuyên đề: học tập, quán triệt "
                                 "Nghị quyết 57-NQ/TW", starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                 place="Phòng họp Sở KH&CN", secretary=minute_taker, monthly=False)
