"""Test data for the documents and exchange tests, built through the services.

Two units (A: Sở Khoa học và Công nghệ, B: Sở Tài chính) with a head and an officer each, the
committee and its standing office, people of every committee-wide role, and a directive with a
group, overdue, done and recurring tasks and submitted reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chidao.directives import services as directive_services
from chidao.directives.models import Directive, Task, TaskKind
from chidao.orgs import services as org_services
from chidao.orgs.models import OrgUnit, User
from chidao.reporting import services as report_services

TODAY = dt.date(2026, 5, 15)


@dataclass
class World:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    directive: Directive | None = None
    tasks: dict[str, Task] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["people"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_units(world: World) -> None:
    spec = [
        ("bcd", "Ban Chỉ đạo thành phố", "BCĐ 57", "committee", None, []),
        ("vptu", "Văn phòng Thành ủy", "VP Thành ủy", "standing_office", "bcd", ["VPTU"]),
        ("khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", "department", None, ["SKHCN"]),
        ("dnict", "Trung tâm Công nghệ thông tin và Truyền thông", "DNICT", "other", "khcn", []),
        ("taichinh", "Sở Tài chính", "Sở TC", "department", None, ["STC"]),
        ("noivu", "Sở Nội vụ", "Sở NV", "department", None, []),
        ("tuphap", "Sở Tư pháp", "Sở TP", "department", None, []),
        ("xaydung", "Sở Xây dựng", "Sở XD", "department", None, []),
        ("nnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "department", None, []),
        ("vpubnd", "Văn phòng Ủy ban nhân dân thành phố", "VP UBND TP", "department", None, []),
        ("ttpvhcc", "Trung tâm Phục vụ hành chính công thành phố", "Trung tâm PVHCC", "department", "vpubnd", []),
        ("haichau", "Ủy ban nhân dân phường Hải Châu", "UBND phường Hải Châu", "commune", None, []),
        ("viettel", "Viettel Đà Nẵng", "Viettel ĐN", "enterprise", None, []),
        ("vnpt", "VNPT Đà Nẵng", "VNPT ĐN", "enterprise", None, []),
    ]
    for code, name, short, kind, parent, aliases in spec:
        world.units[code] = org_services.unit_create(
            actor=None, code=code, name=name, short_name=short, kind=kind,
            parent=world.units.get(parent or ""), aliases=aliases,
        )


def build_people(world: World) -> None:
    u = world.units
    for username, role, unit in [
        ("admin", "admin", None), ("leader", "leader", u["bcd"]), ("secretariat", "secretariat", u["vptu"]),
        ("member", "member", u["bcd"]), ("head_a", "unit_head", u["khcn"]), ("officer_a", "unit_officer", u["khcn"]),
        ("head_b", "unit_head", u["taichinh"]), ("officer_b", "unit_officer", u["taichinh"]),
    ]:
        world.people[username] = org_services.user_create(
            actor=None, username=username, password="x-Test-Password-57", role=role, unit=unit,
            full_name=username.replace("_", " ").title(),
        )


def build_directive(world: World, *, today: dt.date = TODAY) -> None:
    sec = world.people["secretariat"]
    u = world.units
    d = directive_services.directive_create(
        actor=sec, code="15-CTr/TU", kind="programme", title="Chương trình hành động thực hiện Nghị quyết 57",
        issuer="Thành ủy Đà Nẵng", issued_on=dt.date(2025, 3, 1),
    )
    world.directive = d
    g1 = directive_services.task_create(actor=sec, directive=d, title="Nhóm nhiệm vụ về thể chế", kind=TaskKind.GROUP,
                                        code="I")
    g2 = directive_services.task_create(actor=sec, directive=d, title="Nhóm nhiệm vụ về hạ tầng số",
                                        kind=TaskKind.GROUP, code="II")
    assigned = dt.date(2025, 3, 1)

    def task(key: str, parent: Task, title: str, lead: str, due: dt.date | None, supports: tuple[str, ...] = (),
             recurring: bool = False) -> Task:
        t = directive_services.task_create(
            actor=sec, directive=d, parent=parent, title=title, lead_unit=u[lead],
            support_units=[u[s] for s in supports], kind=TaskKind.RECURRING if recurring else TaskKind.DEADLINE,
            due_on=due, deadline_text="Thường xuyên" if recurring else (due.strftime("%d/%m/%Y") if due else ""),
            expected_output="Quyết định của UBND", code=str(len(world.tasks) + 1), assign=True, assigned_on=assigned,
        )
        world.tasks[key] = t
        return t

    task("a_overdue", g1, "Ban hành quy định sandbox công nghệ số", "khcn", dt.date(2026, 1, 31), ("taichinh",))
    task("a_done", g1, "Sửa đổi quy chế quản lý nhiệm vụ khoa học", "khcn", dt.date(2026, 4, 30))
    task("b_overdue", g2, "Bố trí vốn cho Trung tâm dữ liệu", "taichinh", dt.date(2026, 2, 28), ("khcn",))
    task("b_open", g2, "Thẩm định dự án hạ tầng tính toán", "taichinh", dt.date(2026, 12, 31))
    task("a_recurring", g2, "Theo dõi hạ tầng số", "khcn", None, recurring=True)
    head_a, officer_a = world.people["head_a"], world.people["officer_a"]
    head_b, officer_b = world.people["head_b"], world.people["officer_b"]

    def report(t: Task, officer: User, head: User, *, on: dt.date, progress: int, difficulties: str = "",
               proposals: str = "", claim: bool = False) -> None:
        r = report_services.report_draft_create(
            actor=officer, task=t, progress=progress, results="Đã triển khai", difficulties=difficulties,
            proposals=proposals, claims_completion=claim, output_document="123/QĐ-UBND" if claim else "",
        )
        report_services.report_send_for_approval(actor=officer, report=r)
        r = report_services.report_submit(actor=head, report=r, on=on)
        report_services.report_review(actor=sec, report=r, accept=True)

    report(world.tasks["a_overdue"], officer_a, head_a, on=dt.date(2026, 1, 20), progress=60,
           difficulties="Chưa có hướng dẫn của Bộ về cơ chế thử nghiệm.",
           proposals="Đề nghị Sở Tư pháp sớm cho ý kiến thẩm định.")
    report(world.tasks["a_done"], officer_a, head_a, on=dt.date(2026, 4, 20), progress=100, claim=True)
    report(world.tasks["b_overdue"], officer_b, head_b, on=dt.date(2026, 2, 10), progress=30,
           difficulties="Nguồn vốn năm 2026 chưa được phân bổ.", proposals="Đề nghị bổ sung vốn ngân sách.")


def build_world(*, with_directive: bool = True) -> World:
    world = World()
    build_units(world)
    build_people(world)
    if with_directive:
        build_directive(world)
    return world
