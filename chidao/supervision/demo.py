"""Supervision part of the Đà Nẵng demo, loaded through the services after the tasks and reports.

What a newcomer sees: an unacknowledged direction waiting on Sở KH&CN's workspace (and two already
acknowledged), recommendations in every state (open, overdue, answered on time, answered late, one
addressed to another unit), the frozen scorecard of last month and the live one of this month.
Sở KH&CN's own reports with proposals are left un-raised so its head can try the one-click button.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chidao.directives.models import Task, TaskState
from chidao.orgs.models import OrgUnit, Role, User
from chidao.reporting.models import ProgressReport, ReportState

from . import services
from .periods import MONTH, period_current


def _task(unit: str, *states: str) -> Task | None:
    return (Task.objects.filter(lead_unit__code=unit, state__in=states or [TaskState.ASSIGNED])
            .exclude(kind="group").order_by("due_on", "id").first())


def seed_supervision(*, people: Any, units: dict[str, OrgUnit], leader: User, secretariat: User,
                     today: dt.date) -> dict[str, int]:
    days = dt.timedelta
    counts = {"directions": 0, "recommendations": 0, "snapshots": 0}

    # Directions (ý kiến chỉ đạo).
    khcn_task = _task("khcn")
    if khcn_task is not None:
        services.direction_give(
            actor=leader, task=khcn_task,
            content="Đề nghị Sở KH&CN tập trung hoàn thành trước thời hạn, báo cáo kết quả tại phiên họp "
                    "thường kỳ tới của Ban Chỉ đạo; chủ động phối hợp với các đơn vị liên quan.",
        )
        counts["directions"] += 1
    taichinh_task = _task("taichinh")
    if taichinh_task is not None:
        direction = services.direction_give(
            actor=leader, task=taichinh_task,
            content="Sở Tài chính ưu tiên bố trí vốn, tháo gỡ vướng mắc thủ tục để giải ngân đúng kế hoạch.",
        )
        services.direction_acknowledge(actor=people.unit_user("taichinh", Role.UNIT_HEAD), direction=direction)
        counts["directions"] += 1
    direction = services.direction_give(
        actor=leader, unit=units["haichau"],
        content="UBND phường Hải Châu rà soát toàn bộ thủ tục hành chính đủ điều kiện cung cấp trực tuyến "
                "toàn trình, báo cáo trước ngày 15 hằng tháng.",
    )
    services.direction_acknowledge(actor=people.unit_user("haichau", Role.UNIT_OFFICER), direction=direction)
    counts["directions"] += 1

    # Recommendations (kiến nghị) in every state.
    haichau_head = people.unit_user("haichau", Role.UNIT_HEAD)
    report = (ProgressReport.objects.filter(unit=units["haichau"], state=ReportState.ACCEPTED)
              .exclude(proposals="").order_by("id").first())
    if report is not None:
        rec = services.recommendation_from_report(actor=haichau_head, report=report, today=today - days(20))
        services.recommendation_answer(
            actor=secretariat, recommendation=rec, on=today - days(12),
            answer="Cơ quan thường trực đã tổng hợp, báo cáo Thường trực Ban Chỉ đạo; Sở KH&CN hỗ trợ phường "
                   "kết nối dữ liệu dân cư trong tháng tới.",
        )
        counts["recommendations"] += 1
    taichinh_head = people.unit_user("taichinh", Role.UNIT_HEAD)
    services.recommendation_raise(
        actor=taichinh_head, today=today - days(45), response_due_on=today - days(25),
        content="Đề nghị Ban Chỉ đạo cho chủ trương bổ sung 35 tỷ đồng kinh phí sự nghiệp KH&CN năm 2026 "
                "cho các nhiệm vụ chuyển đổi số cấp xã.",
    )  # overdue: nobody answered
    late = services.recommendation_raise(
        actor=people.unit_user("viettel", Role.UNIT_HEAD), today=today - days(60), response_due_on=today - days(45),
        content="Đề nghị thành phố chỉ đạo các phường cấp phép nhanh vị trí trạm BTS tại khu dân cư mới.",
    )
    services.recommendation_answer(
        actor=secretariat, recommendation=late, on=today - days(38),
        answer="Ban Chỉ đạo giao Sở Xây dựng hướng dẫn, các phường giải quyết trong 10 ngày làm việc.",
    )
    services.recommendation_raise(
        actor=haichau_head, today=today - days(3), response_due_on=today + days(12),
        content="Đề nghị Ban Chỉ đạo tổ chức tập huấn kỹ năng số cho cán bộ một cửa của các phường sau sắp xếp.",
    )  # open, in time
    khcn_officer = people.unit_user("khcn", Role.UNIT_OFFICER)
    services.recommendation_raise(
        actor=khcn_officer, to_unit=units["taichinh"], today=today - days(5), response_due_on=today + days(10),
        content="Đề nghị Sở Tài chính hướng dẫn cơ chế khoán chi đến sản phẩm cuối cùng cho nhiệm vụ KH&CN.",
    )  # to another unit
    counts["recommendations"] += 4

    # Scorecards: last month frozen, this month computed live on the ranking page.
    last_month = period_current(MONTH, today).previous()
    services.scorecard_freeze(actor=secretariat, period=last_month, today=today)
    counts["snapshots"] += 1
    return counts
