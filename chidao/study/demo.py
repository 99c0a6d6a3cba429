"""The demo's study assignment on Resolution 57, with a quiz, part done by the demo members.

Needs the members' demo (cells and profiles) to have run first; with no member it seeds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from chidao.members.models import Cell, MemberProfile

from . import services
from .models import StudyAssignment, StudyRecord

QUIZ = [
    services.QuestionDraft(text="Nghị quyết 57-NQ/TW do cơ quan nào ban hành?",
                           choices=["Bộ Chính trị", "Quốc hội", "Chính phủ"], correct=[0]),
    services.QuestionDraft(text="Nghị quyết 57 xác định lĩnh vực nào là đột phá quan trọng hàng đầu?",
                           choices=["Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", "Du lịch biển",
                                    "Xây dựng giao thông"], correct=[0]),
    services.QuestionDraft(text="Chương trình hành động của Chính phủ thực hiện Nghị quyết 57 là nghị quyết nào?",
                           choices=["03/NQ-CP", "136/2024/QH15", "339-QĐ/TW"], correct=[0]),
]


def seed_study(*, secretariat: Any, documents: dict[str, Any], today: dt.date | None = None) -> StudyAssignment | None:
    today = today or timezone.localdate()
    cells = list(Cell.objects.filter(active=True))
    if not cells or not MemberProfile.objects.exists():
        return None
    docs = [d for d in (documents.get("57-NQ/TW"), documents.get(next((k for k in documents if k.startswith(
        "Tài liệu học tập")), ""))) if d is not None]
    assignment = services.assignment_create(
        actor=secretariat, title="Học tập, quán triệt Nghị quyết 57-NQ/TW của Bộ Chính trị", documents=docs,
        due_on=today + dt.timedelta(days=14), today=today, cells=cells, pass_mark=70, questions=QUIZ,
        description="Đọc Nghị quyết và tài liệu học tập, làm bài kiểm tra ngắn, viết bản thu hoạch và cam kết.",
        notify_people=False)
    questions = list(assignment.questions.prefetch_related("choices"))
    records = list(StudyRecord.objects.filter(assignment=assignment).select_related("user").order_by("id"))
    for n, record in enumerate(records):
        if n % 5 in (0, 1, 2):  # three in five have studied
            services.record_mark_studied(user=record.user, assignment=assignment, today=today)
        if n % 5 in (0, 1):  # two in five took the quiz: most pass, some fail once first
            if n % 10 == 1:
                services.quiz_submit(user=record.user, assignment=assignment,
                                     answers={q.pk: next(c for c in q.choices.all() if not c.is_correct).pk
                                              for q in questions})
            services.quiz_submit(user=record.user, assignment=assignment,
                                 answers={q.pk: next(c for c in q.choices.all() if c.is_correct).pk for q in questions})
        if n % 5 == 0:
            services.reflection_submit(
                user=record.user, assignment=assignment,
                reflection="Nhận thức rõ khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan "
                           "trọng hàng đầu; bản thân cần chủ động học kỹ năng số.",
                commitment="Sử dụng thành thạo dịch vụ công trực tuyến và hồ sơ điện tử trong công việc.")
    return assignment
