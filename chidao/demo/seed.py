"""Load the Đà Nẵng story (chidao.demo.story) through the real services.

Every task gets the history its scenario asks for, dated relative to today, so the dashboard
shows every status whatever day the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from chidao.accounts.services import installation_mark_demo
from chidao.directives import services as directive_services
from chidao.directives.models import Directive, Task, TaskKind
from chidao.orgs import services as org_services
from chidao.orgs.models import OrgUnit, Role, User
from chidao.reporting import services as report_services
from chidao.reporting.models import ProgressReport
from chidao.rounds.demo import seed_rounds

from . import story

# Fictional people get addresses under a reserved domain (RFC 2606), so no mail ever leaves.
DEMO_MAIL_DOMAIN = "danang.example"


@dataclass
class SeedResult:
    units: int = 0
    users: list[User] = field(default_factory=list)
    directives: int = 0
    tasks: int = 0
    reports: int = 0


def _mail(address: str) -> str:
    local = address.split("@", 1)[0]
    return f"{local}@{DEMO_MAIL_DOMAIN}"


class _People:
    """The demo accounts, plus a head and an officer for every unit that leads a task."""

    def __init__(self, units: dict[str, OrgUnit], result: SeedResult) -> None:
        self.units = units
        self.result = result
        self.hashed = make_password(story.DEMO_PASSWORD)
        self.by_username: dict[str, User] = {}

    def create(self, *, username: str, role: str, unit: OrgUnit | None, full_name: str, email: str = "",
               title: str = "") -> User:
        user = org_services.user_create(
            actor=None, username=username, password=story.DEMO_PASSWORD, role=role, unit=unit,
            full_name=full_name, email=email, job_title=title, hashed_password=self.hashed,
        )
        self.by_username[username] = user
        self.result.users.append(user)
        return user

    def unit_user(self, unit_code: str, role: str) -> User:
        suffix = "truong" if role == Role.UNIT_HEAD else "cv"
        username = f"{unit_code}.{suffix}"
        if username not in self.by_username:
            unit = self.units[unit_code]
            label = "Lãnh đạo" if role == Role.UNIT_HEAD else "Chuyên viên"
            self.create(username=username, role=role, unit=unit, full_name=f"{label} {unit.display_name}",
                        email=f"{username}@{DEMO_MAIL_DOMAIN}",
                        title="Lãnh đạo đơn vị" if role == Role.UNIT_HEAD else "Chuyên viên")
        return self.by_username[username]


def _day(today: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else today + dt.timedelta(days=offset)


def seed_demo(*, today: dt.date | None = None) -> SeedResult:
    today = today or timezone.localdate()
    result = SeedResult()
    with transaction.atomic():
        # A demo installation: a banner on every page, and the second factor waived (chidao/accounts).
        installation_mark_demo()
        units: dict[str, OrgUnit] = {}
        pending = list(story.UNITS)
        while pending:  # parents first
            for spec in list(pending):
                if spec["parent"] is None or spec["parent"] in units:
                    units[spec["code"]] = org_services.unit_create(
                        actor=None, code=spec["code"], name=spec["name"], kind=spec["kind"],
                        short_name=spec["short_name"], parent=units.get(spec["parent"] or ""),
                        aliases=spec["aliases"],
                    )
                    pending.remove(spec)
        result.units = len(units)
        for group_spec in story.UNIT_GROUPS:
            org_services.unit_group_create(
                actor=None, name=str(group_spec["name"]), aliases=list(group_spec["aliases"]),  # type: ignore[call-overload]
                members=[units[code] for code in group_spec["members"]],  # type: ignore[attr-defined]
            )

        people = _People(units, result)
        for spec in story.DEMO_USERS:
            people.create(username=spec["username"], role=spec["role"],
                          unit=units.get(spec["unit"] or ""), full_name=spec["full_name"],
                          email=_mail(spec["email"]), title=spec["title"])
        secretariat = people.by_username["thuongtruc"]
        leader = people.by_username["lanhdao"]

        directives: dict[str, Directive] = {}
        for spec in sorted(story.DIRECTIVES, key=lambda d: d["parent"] is not None):
            directives[spec["code"]] = directive_services.directive_create(
                actor=secretariat, code=spec["code"], kind=spec["kind"], title=spec["title"],
                issuer=spec["issuer"], issued_on=spec["issued_on"], parent=directives.get(spec["parent"] or ""),
                leader_in_charge=people.by_username.get(story.DIRECTIVE_LEADERS.get(spec["code"], "")),
            )
        result.directives = len(directives)

        programme = directives[story.PROGRAMME_DIRECTIVE]
        for group_spec in story.PROGRAMME_GROUPS:
            group = directive_services.task_create(
                actor=secretariat, directive=programme, title=group_spec["title"], kind=TaskKind.GROUP,
                code=group_spec["code"],
                leader_in_charge=people.by_username.get(story.GROUP_LEADERS.get(group_spec["code"], "")),
            )
            for spec in group_spec["tasks"]:
                _seed_task(spec, directive=programme, parent=group, units=units, people=people,
                           secretariat=secretariat, leader=leader, today=today, result=result)
        conclusion = directives[story.CONCLUSION_DIRECTIVE]
        for spec in story.CONCLUSION_TASKS:
            _seed_task(spec, directive=conclusion, parent=None, units=units, people=people,
                       secretariat=secretariat, leader=leader, today=today, result=result)
        result.reports = ProgressReport.objects.count()
        seed_rounds(today=today, secretariat=secretariat, programme=programme)
        _seed_escalations(today=today)
        from .seed_results import seed_results  # results and resources (issue 4)

        seed_results(today=today, units=units, people=people, secretariat=secretariat)
        from chidao.supervision.demo import seed_supervision  # directions, recommendations, scorecards

        seed_supervision(people=people, units=units, leader=leader, secretariat=secretariat, today=today)
        from chidao.meetings.demo import seed_meetings  # the meeting of 28/11/2025, linked to 120-TB/TU

        seed_meetings(people=people, units=units, secretariat=secretariat, leader=leader, directives=directives)
        from chidao.members.demo import seed_members  # cells, 300 members, dangvien, bithu.chibo (issue 13)

        seed_members(people=people, units=units, secretariat=secretariat, today=today)
        from chidao.library.demo import seed_library  # the Resolution 57 set in the library (issue 13)

        library_docs = seed_library(secretariat=secretariat, directives=directives, restricted_unit=units["khcn"])
        from chidao.study.demo import seed_study  # after seed_members: it assigns their cells

        seed_study(secretariat=secretariat, documents=library_docs, today=today)
    return result


def _seed_escalations(*, today: dt.date) -> None:
    """The worker's runs of the days the story's overdue tasks were escalated (M days after they
    became overdue), so each leader in charge finds the escalations of their own tasks — and
    only those: lanhdao.ubnd those of II.3 and the conclusion, lanhdao the programme's others."""
    from chidao.directives.models import TaskState
    from chidao.notifications.reminders import escalate_after_days, reminders_run_day

    late = dt.timedelta(days=1 + escalate_after_days())
    dues = Task.objects.filter(kind=TaskKind.DEADLINE, state=TaskState.ASSIGNED, due_on__lt=today - late)
    for day in sorted({due + late for due in dues.values_list("due_on", flat=True)}):
        reminders_run_day(day=day)


def _seed_task(
    spec: story.TaskSpec, *, directive: Directive, parent: Task | None, units: dict[str, OrgUnit],
    people: _People, secretariat: User, leader: User, today: dt.date, result: SeedResult,
) -> Task:
    recurring = spec["recurring"]
    due = None if recurring else _day(today, spec["offset_days"])
    assigned = _day(today, spec["assigned_offset_days"]) or today
    if due is not None and assigned > due:
        assigned = due - dt.timedelta(days=60)
    task = directive_services.task_create(
        actor=secretariat, directive=directive, parent=parent, code=spec["code"], title=spec["title"],
        lead_unit=units[spec["lead"]], support_units=[units[c] for c in spec["support"]],
        kind=TaskKind.RECURRING if recurring else TaskKind.DEADLINE, due_on=due,
        deadline_text=spec["deadline_text"], expected_output=spec["output"], field=spec["field"],
        assign=True, assigned_on=assigned,
        leader_in_charge=people.by_username.get(story.TASK_LEADERS.get(spec["code"], "")),
    )
    result.tasks += 1
    scenario = spec["scenario"]
    if scenario in {"not_started"}:
        return task
    if scenario == "cancelled":
        directive_services.task_cancel(actor=secretariat, task=task, reason=spec.get("cancel_reason", ""))
        return task
    head = people.unit_user(spec["lead"], Role.UNIT_HEAD)
    officer = people.unit_user(spec["lead"], Role.UNIT_OFFICER)

    def submit(*, progress: int, on: dt.date, claim: bool = False) -> ProgressReport:
        report = report_services.report_draft_create(
            actor=officer, task=task, progress=progress, results=spec.get("results", ""),
            difficulties=spec.get("difficulties", ""), proposals=spec.get("proposals", ""),
            claims_completion=claim, output_document=spec.get("evidence", "")[:120] if claim else "",
        )
        report_services.report_send_for_approval(actor=officer, report=report)
        return report_services.report_submit(actor=head, report=report, on=min(on, today))

    last_report = _day(today, spec.get("last_report_offset_days"))
    claim_on = _day(today, spec.get("claim_offset_days"))

    if scenario in {"overdue_extended", "extension_pending"}:
        requested = _day(today, spec.get("extension_requested_offset_days")) or today
        requested = min(requested, task.due_on or today, today)
        request = report_services.extension_request_create(
            actor=head, task=task, proposed_due_on=(task.due_on or today)
            + dt.timedelta(days=spec.get("extension_days", 90)),
            reason=spec.get("extension_reason", "Cần thêm thời gian hoàn thiện."), today=requested,
        )
        if scenario == "overdue_extended":
            report_services.extension_decide(
                actor=leader, request=request, approve=True,
                reason=spec.get("extension_decision_note", "Đồng ý gia hạn một lần, không gia hạn thêm."),
            )

    claim_scenario = scenario in {"done_on_time", "done_late", "pending_review"}
    # A progress report before the claim, or the last report of an unfinished task.
    if last_report is not None and (not claim_scenario or (claim_on is not None and last_report < claim_on)):
        progress = 60 if claim_scenario else spec["progress"]
        if scenario == "returned" and claim_on is None:
            report = submit(progress=progress, on=last_report)
            report_services.report_review(actor=secretariat, report=report, accept=False,
                                          comment=spec.get("return_comment", "Đề nghị bổ sung minh chứng."))
            return task
        report = submit(progress=min(progress, 99) if scenario != "recurring" else progress, on=last_report)
        report_services.report_review(actor=secretariat, report=report, accept=True)

    if claim_on is not None:
        report = submit(progress=100, on=claim_on, claim=True)
        if scenario in {"done_on_time", "done_late"}:
            report_services.report_review(actor=secretariat, report=report, accept=True)
        elif scenario == "returned":
            report_services.report_review(actor=secretariat, report=report, accept=False,
                                          comment=spec.get("return_comment", "Đề nghị bổ sung minh chứng."))
    return task
