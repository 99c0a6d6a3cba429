"""The personal page ("Trang của tôi"): what one person has to do and read, every section a few
bounded queries. Sections of apps that are not installed (library, study) are left out."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q

from chidao.orgs.models import User

from . import selectors

SECTION_ROWS = 5


@dataclass
class PersonalPage:
    profile: Any
    meetings: list
    unread: list
    unread_total: int
    tasks: list = field(default_factory=list)
    tasks_total: int = 0
    reports: list = field(default_factory=list)
    reports_total: int = 0
    questions: list = field(default_factory=list)
    to_answer: list = field(default_factory=list)
    corrections_to_decide: int = 0
    study: list | None = None
    bookmarks: list | None = None
    notes: list | None = None
    cells_led: list = field(default_factory=list)


def _optional(module: str, name: str) -> Any:
    """A selector of an app that may not be installed in this build (the library, the study app)."""
    app_label = module.split(".")[1]
    if not apps.is_installed(f"chidao.{app_label}"):
        return None
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def personal_page_get(*, user: User, today: dt.date) -> PersonalPage:
    from chidao.notifications.models import Notification

    unread_qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    page = PersonalPage(
        profile=selectors.own_profile(user=user),
        meetings=selectors.upcoming_meetings(user=user, limit=SECTION_ROWS),
        unread=list(unread_qs.only("id", "title", "created_at", "url").order_by("-id")[:SECTION_ROWS]),
        unread_total=unread_qs.count(),
    )
    if user.is_unit_user:
        _unit_work(page, user=user, today=today)
    page.questions = selectors.questions_asked(user=user, today=today, limit=SECTION_ROWS)
    page.to_answer = selectors.questions_to_answer(user=user, today=today, open_only=True, limit=SECTION_ROWS)
    page.corrections_to_decide = selectors.corrections_to_decide(user=user).count()
    if selectors.led_cell_ids(user=user):
        page.cells_led = list(selectors.cells_visible(user=user).filter(secretary=user))
    study = _optional("chidao.study.selectors", "assignments_for_person")
    if study is not None:
        page.study = list(study(user=user, today=today)[:SECTION_ROWS])
    bookmarks = _optional("chidao.library.selectors", "bookmarks_for_person")
    if bookmarks is not None:
        page.bookmarks = list(bookmarks(user=user)[:SECTION_ROWS])
    notes = _optional("chidao.library.selectors", "notes_for_person")
    if notes is not None:
        page.notes = list(notes(user=user)[:SECTION_ROWS])
    return page


def _unit_work(page: PersonalPage, *, user: User, today: dt.date) -> None:
    """A unit user's open lead tasks (nearest deadline first) and reports waiting on the unit."""
    from chidao.directives.models import Task, TaskKind, TaskState
    from chidao.orgs.selectors import user_unit_ids
    from chidao.reporting.models import ProgressReport, ReportState

    unit_ids = user_unit_ids(user=user)
    tasks = (Task.objects.filter(lead_unit_id__in=unit_ids, state=TaskState.ASSIGNED)
             .exclude(kind__in=[TaskKind.GROUP]))
    page.tasks = list(tasks.only("id", "title", "due_on", "kind").order_by("due_on", "id")[:SECTION_ROWS])
    page.tasks_total = tasks.count()
    reports = ProgressReport.objects.filter(
        Q(state__in=[ReportState.DRAFT, ReportState.PENDING_APPROVAL])
        | Q(state=ReportState.RETURNED, next_version__isnull=True, task__state=TaskState.ASSIGNED),
        unit_id__in=unit_ids)
    page.reports = list(reports.select_related("task").only("id", "state", "task__id", "task__title", "updated_at")
                        .order_by("-updated_at", "-id")[:SECTION_ROWS])
    page.reports_total = reports.count()
