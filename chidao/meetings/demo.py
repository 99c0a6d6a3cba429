"""The demo meeting: the committee session of 28/11/2025, loaded through the meeting services.

Chaired by the Party Secretary (a demo account `bithu`), secretary from Văn phòng Thành ủy, with
its agenda, the standing office's live report, documents (one confidential item), opinions, one
closed open vote, attendance and the chair's conclusions. The conclusions' tasks already exist as
the conclusion notice 120-TB/TU of the story, so the meeting is linked to it (no duplicate tasks).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chidao.demo import story
from chidao.directives.models import Directive
from chidao.orgs.models import Role

from . import services
from .models import AgendaItem, InvitationResponse

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from .watermark import _font

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    font = _font()
    c.setFont(font, 14)
    c.drawString(60, 780, title)
    c.setFont(font, 11)
    y = 750
    for line in lines:
        c.drawString(60, y, line[:95])
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def conclusions_text() -> str:
    lines = ["Ban Chỉ đạo ghi nhận, đánh giá cao kết quả triển khai Nghị quyết số 57-NQ/TW từ tháng 9/2025.",
             "Đồng chí Bí thư Thành ủy, Trưởng Ban Chỉ đạo kết luận, giao nhiệm vụ như sau:"]
    for n, spec in enumerate(story.CONCLUSION_TASKS, start=1):
        deadline = spec["deadline_text"]
        tail = "thực hiện thường xuyên" if spec["recurring"] else f"hoàn thành trước {deadline}" \
            if "/" in deadline and deadline.count("/") == 2 else f"hoàn thành trong {deadline}"
        lines.append(f"{n}. {spec['title']}; {tail}.")
    return "\n".join(lines)


def seed_meetings(*, people: Any, units: dict[str, Any], secretariat: Any, leader: Any,
                  directives: dict[str, Directive]) -> None:
    chair = people.create(username="bithu", role=Role.LEADER, unit=units["bcd"], full_name="Lương Nguyễn Minh Triết",
                          email="bithu@danang.example", title="Bí thư Thành ủy, Trưởng Ban Chỉ đạo")
    day = story.MEETING_DATE
    meeting = services.meeting_create(
        actor=secretariat, title="Phiên họp Ban Chỉ đạo Thành phố về phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số ngày 28/11/2025", kind="committee_session",
        starts_at=dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ),
        ends_at=dt.datetime(day.year, day.month, day.day, 11, 30, tzinfo=TZ),
        place="Hội trường Thành ủy, 270 Trưng Nữ Vương, Đà Nẵng", chair=chair, secretary=secretariat,
        monitored_directive=directives[story.PROGRAMME_DIRECTIVE],
    )
    member = people.by_username["thanhvien"]
    heads = {code: people.unit_user(code, Role.UNIT_HEAD) for code in
             ("khcn", "taichinh", "nnmt", "haichau", "viettel", "pcdanang", "vpubnd", "congan")}
    services.meeting_invite(actor=secretariat, meeting=meeting, people=[leader, member])
    services.meeting_invite(actor=secretariat, meeting=meeting, units=[units[c] for c in heads])
    invitations = {i.invitee.username: i for i in meeting.invitations.select_related("invitee")}
    # Answers: the ward sends its officer, the power company is away, everyone else attends.
    delegate = people.unit_user("haichau", Role.UNIT_OFFICER)
    for username, invitation in invitations.items():
        if username == heads["haichau"].username:
            services.invitation_respond(actor=invitation.invitee, invitation=invitation, response="delegate",
                                        delegate=delegate)
        elif username == heads["pcdanang"].username:
            services.invitation_respond(actor=invitation.invitee, invitation=invitation, response="absent",
                                        reason="Trực xử lý sự cố lưới điện do mưa lũ")
        else:
            services.invitation_respond(actor=invitation.invitee, invitation=invitation, response="attend")

    items: list[AgendaItem] = []
    for title, presenter, minutes, confidential, live in [
        ("Báo cáo kết quả thực hiện Nghị quyết 57-NQ/TW và Chương trình hành động 15-CTr/TU",
         "Văn phòng Thành ủy (Cơ quan thường trực)", 30, False, True),
        ("Chương trình phát triển thị trường khoa học và công nghệ thành phố đến năm 2030",
         "Sở Khoa học và Công nghệ", 25, False, False),
        ("Chiến dịch 90 ngày hoàn thiện dữ liệu đất đai", "Sở Nông nghiệp và Môi trường", 20, False, False),
        ("Phương án bảo đảm an ninh mạng cho hạ tầng số dùng chung", "Công an thành phố", 20, True, False),
        ("Kết luận của đồng chí Trưởng Ban Chỉ đạo", "Đồng chí Bí thư Thành ủy", 15, False, False),
    ]:
        items.append(services.agenda_item_add(actor=secretariat, meeting=meeting, title=title, presenter=presenter,
                                              planned_minutes=minutes, is_confidential=confidential,
                                              live_report=live))
    documents = [
        (items[0], "Báo cáo số 245-BC/VPTU của Văn phòng Thành ủy", "bao-cao-245-vptu.pdf",
         ["Kết quả từ tháng 9/2025: 02 nghị quyết HĐND; trạm cập bờ cáp quang biển ALC;",
          "dự án hạ tầng tính toán 200 tỷ đồng; 02 dự án hạ tầng số 660 tỷ đồng."]),
        (items[1], "Dự thảo Chương trình phát triển thị trường KH&CN đến năm 2030", "du-thao-chuong-trinh.pdf",
         ["Mục tiêu: giá trị giao dịch công nghệ tăng 15%/năm; 05 sàn giao dịch công nghệ vệ tinh."]),
        (items[2], "Báo cáo tiến độ chiến dịch 90 ngày", "chien-dich-90-ngay.pdf",
         ["Đã số hóa 68% thửa đất đã cấp giấy chứng nhận; hoàn thành trước 28/02/2026."]),
        (items[3], "Phương án bảo đảm an ninh mạng (MẬT)", "phuong-an-an-ninh-mang.pdf",
         ["Tài liệu mật: chỉ lưu hành trong phiên họp."]),
    ]
    for item, title, name, lines in documents:
        services.document_upload(actor=secretariat, item=item, title=title,
                                 upload=SimpleUploadedFile(name, _pdf(title, lines), content_type="application/pdf"),
                                 is_confidential=item.is_confidential)
    services.opinion_add(actor=heads["taichinh"], item=items[1],
                         text="Đề nghị bổ sung cơ chế bố trí vốn ngân sách cho các sàn giao dịch công nghệ vệ tinh.")
    services.opinion_add(actor=delegate, item=items[2],
                         text="Phường Hải Châu đã hoàn thành 92% khối lượng số hóa; đề nghị hỗ trợ thêm nhân lực.")

    # The session itself.
    present = [i for i in meeting.invitations.select_related("invitee", "delegate")
               if i.response != InvitationResponse.ABSENT]
    for invitation in present:
        services.checkin(actor=invitation.attendee, meeting=meeting)
    services.meeting_start(actor=chair, meeting=meeting, confirm_early=True)
    for item in items:
        services.meeting_item_set(actor=chair, meeting=meeting, item=item)
    speaker = services.speak_request(actor=heads["khcn"], meeting=meeting)
    services.speak_update(actor=chair, request=speaker, action="speak")
    services.speak_update(actor=chair, request=speaker, action="done")
    vote = services.vote_create(actor=chair, item=items[1],
                                question="Thông qua Chương trình phát triển thị trường khoa học và công nghệ "
                                "thành phố đến năm 2030")
    services.vote_open(actor=chair, vote=vote)
    for n, invitation in enumerate(present):
        choice = vote.options[2] if n == 0 else vote.options[0]
        services.ballot_cast(actor=invitation.attendee, vote=vote, choice=choice)
    services.vote_close(actor=chair, vote=vote)
    meeting.refresh_from_db()
    services.conclusions_save(actor=secretariat, meeting=meeting, text=conclusions_text())
    services.meeting_close(actor=chair, meeting=meeting)
    services.meeting_conclusion_link(actor=secretariat, meeting=meeting,
                                     directive=directives[story.CONCLUSION_DIRECTIVE])

    # An upcoming thematic meeting, to try the live room: invitations not yet answered, a secret vote ready.
    soon = timezone.localdate() + dt.timedelta(days=7)
    upcoming = services.meeting_create(
        actor=secretariat, title="Họp chuyên đề về Kế hoạch ứng dụng trí tuệ nhân tạo của thành phố",
        kind="thematic", starts_at=dt.datetime(soon.year, soon.month, soon.day, 14, 0, tzinfo=TZ),
        ends_at=dt.datetime(soon.year, soon.month, soon.day, 16, 30, tzinfo=TZ), place="Phòng họp số 1, Thành ủy",
        online_link="https://hop.danang.example/ai-2026", chair=chair, secretary=secretariat,
        monitored_directive=directives[story.PROGRAMME_DIRECTIVE],
    )
    services.meeting_invite(actor=secretariat, meeting=upcoming, people=[leader, member])
    services.meeting_invite(actor=secretariat, meeting=upcoming, units=[units["khcn"], units["taichinh"],
                                                                         units["haichau"]])
    first = services.agenda_item_add(actor=secretariat, meeting=upcoming, title="Báo cáo theo dõi tiến độ trực tiếp",
                                     presenter="Văn phòng Thành ủy", planned_minutes=15, live_report=True)
    plan = services.agenda_item_add(actor=secretariat, meeting=upcoming,
                                    title="Dự thảo Kế hoạch ứng dụng trí tuệ nhân tạo giai đoạn 2026–2030",
                                    presenter="Sở Khoa học và Công nghệ", planned_minutes=45)
    services.document_upload(actor=secretariat, item=plan, title="Dự thảo Kế hoạch ứng dụng AI",
                             upload=SimpleUploadedFile("du-thao-ke-hoach-ai.pdf", _pdf(
                                 "Dự thảo Kế hoạch ứng dụng AI", ["Mục tiêu: 100% cơ quan dùng trợ lý ảo."]),
                                 content_type="application/pdf"))
    services.vote_create(actor=secretariat, item=plan, question="Thông qua dự thảo Kế hoạch", is_secret=True)
    del first
