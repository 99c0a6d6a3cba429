"""Demo reporting rounds for the Đà Nẵng story, loaded through the real services.

Windows are relative to the day of loading and chosen around the story's own report dates, so
both rounds always show submissions on time, late and missing: the monthly round of the
programme (due 12 days ago, still taking late reports) and last quarter's round (closed).
Then the day's reminders run once, so people (khcn.cv among them) find unread notifications.
"""

from __future__ import annotations

import datetime as dt

from chidao.directives.models import Directive
from chidao.orgs.models import User

from . import rules, services
from .models import RoundKind


def seed_rounds(*, today: dt.date, secretariat: User, programme: Directive) -> int:
    from chidao.notifications.reminders import reminders_catch_up

    quarter_open = today - dt.timedelta(days=120)
    last_quarter = services.round_create(
        actor=secretariat, kind=RoundKind.QUARTER, directive=programme,
        period_label=rules.default_period_label(kind=RoundKind.QUARTER, on=today - dt.timedelta(days=92)),
        opens_on=quarter_open, due_on=today - dt.timedelta(days=75), closes_on=today - dt.timedelta(days=60),
        note="Báo cáo kết quả thực hiện Chương trình hành động quý trước.", today=today,
    )
    services.round_close(actor=secretariat, round=last_quarter)
    month_open = today - dt.timedelta(days=30)
    services.round_create(
        actor=secretariat, kind=RoundKind.MONTH, directive=programme,
        period_label=rules.default_period_label(kind=RoundKind.MONTH, on=month_open),
        opens_on=month_open, due_on=today - dt.timedelta(days=12), closes_on=today + dt.timedelta(days=5),
        note="Các đơn vị báo cáo tiến độ tháng; kỳ còn nhận báo cáo muộn đến ngày đóng kỳ.", today=today,
    )
    reminders_catch_up()
    return 2
