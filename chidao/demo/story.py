"""The Đà Nẵng story: plain demo data for seeding (no Django imports).

Meeting of 28/11/2025 of the city's Steering Committee for Resolution 57-NQ/TW, chaired by the
Party Secretary, standing office Văn phòng Thành ủy; the city's action programme with 6 task
groups and 49 tasks; the 11 tasks of the meeting's conclusion. See DESIGN.md section 7.

How the seeding code reads this module
--------------------------------------
Every task carries a ``scenario`` that says what history to create so that every status of
DESIGN.md section 4 shows on the dashboard whatever day the data is seeded:

``done_on_time``       completion claim (``claim_offset_days``, ``evidence``) accepted; the
                       claim date is on or before the due date.
``done_late``          the same, the claim date after the due date.
``overdue``            due date in the past, not done, progress reported.
``overdue_extended``   an extension (``extension_days``, ``extension_reason``, requested on
                       ``extension_requested_offset_days``, before the original due date) was
                       approved by a leader (``extension_decision_note``); the due date becomes
                       ``offset_days + extension_days``.  Either still overdue after the extension
                       or back in time but not done (see the sign of that sum).
``in_progress``        reports submitted, due date in the future.
``not_started``        assigned, nothing ever reported, due date in the future.
``pending_review``     a completion claim submitted (``claim_offset_days``, ``evidence``), awaiting
                       the standing office's review; due date in the future.
``returned``           the last report was returned by the standing office with
                       ``return_comment``.  When the task has ``claim_offset_days`` the returned
                       report was a completion claim; otherwise it was the ordinary progress
                       report of ``last_report_offset_days``.  Due date in the future.
``extension_pending``  an extension request awaits a leader's decision; due date in the future.
``recurring``          a recurring task (``recurring`` is True): no deadline, periodic reports.
``cancelled``          cancelled by a decision, with ``cancel_reason``.

Dates relative to the seeding day
---------------------------------
All ``*_offset_days`` are whole days relative to the seeding day (negative = past): seed
``due_on = today + offset_days`` and so on.  They are computed here from the nominal wording
(``deadline_text``, as offices write it) against ``REFERENCE_DATE`` (the late-2026 day the story is
told from), so that when today is near ``REFERENCE_DATE`` the due dates fall where the wording
says, between 2025 and 2030.  ``nominal_due_on`` is that parsed date, kept for reference.
Recurring tasks have no deadline: their ``offset_days`` and ``nominal_due_on`` are None.

``assigned_offset_days`` is the issue date of the directive that assigned the task;
``last_report_offset_days`` the date of the last report (absent when nothing was reported).

Decisions worth knowing
-----------------------
* 204-QĐ/TW (Ban Bí thư, 29/11/2024) is the real decision approving the project for digital
  transformation in Party agencies; it predates 57-NQ/TW, so it has no parent.
* The city programme (15-CTr/TU) and the conclusion notice (120-TB/TU) numbers, and every
  document number quoted as evidence, are plausible but fictional.
* Departments, wards, communes and enterprises are top-level units (parent None): they are not
  sub-units of the committee.  Sub-units: the committee's working group and the standing office
  under the committee; DNICT and the IOC under Sở KH&CN; the public-service centre under the
  Office of the People's Committee.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import NotRequired, TypedDict

# The day the story is told from: "today" when the demo data was written (late 2026).
REFERENCE_DATE = date(2026, 11, 30)

DEMO_PASSWORD = "chidao-demo"

UNIT_KINDS = ("committee", "standing_office", "department", "commune", "enterprise", "other")
DIRECTIVE_KINDS = (
    "resolution", "decision", "programme", "plan", "conclusion", "official_letter", "other",
)
TASK_FIELDS = (
    "institution", "infrastructure", "human_resources", "science_technology",
    "digital_transformation", "innovation", "data", "cyber_security", "other",
)
ROLES = ("admin", "leader", "secretariat", "unit_head", "unit_officer", "member")
SCENARIOS = (
    "done_on_time", "done_late", "overdue", "overdue_extended", "in_progress", "not_started",
    "pending_review", "returned", "extension_pending", "recurring", "cancelled",
)
# Deadline wordings that mean "no deadline".
RECURRING_TEXTS = ("Thường xuyên", "Hằng năm", "Hằng quý")

MEETING_DATE = date(2025, 11, 28)
PROGRAMME_DIRECTIVE = "15-CTr/TU"
CONCLUSION_DIRECTIVE = "120-TB/TU"


class UnitSpec(TypedDict):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    aliases: list[str]


class DirectiveSpec(TypedDict):
    code: str
    kind: str
    title: str
    issuer: str
    issued_on: date
    parent: str | None


class TaskSpec(TypedDict):
    code: str
    title: str
    lead: str
    support: list[str]
    field: str
    output: str
    recurring: bool
    deadline_text: str
    nominal_due_on: date | None
    offset_days: int | None
    assigned_offset_days: int
    scenario: str
    progress: int
    last_report_offset_days: NotRequired[int]
    results: NotRequired[str]
    difficulties: NotRequired[str]
    proposals: NotRequired[str]
    claim_offset_days: NotRequired[int]
    evidence: NotRequired[str]
    return_comment: NotRequired[str]
    extension_reason: NotRequired[str]
    extension_days: NotRequired[int]
    extension_requested_offset_days: NotRequired[int]
    extension_decision_note: NotRequired[str]
    cancel_reason: NotRequired[str]


class GroupSpec(TypedDict):
    code: str
    title: str
    tasks: list[TaskSpec]


class UserSpec(TypedDict):
    username: str
    full_name: str
    role: str
    unit: str | None
    email: str
    title: str


# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------


def _unit(
    code: str,
    name: str,
    short_name: str,
    kind: str,
    parent: str | None = None,
    aliases: tuple[str, ...] = (),
) -> UnitSpec:
    return {
        "code": code,
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "parent": parent,
        "aliases": list(aliases),
    }


UNITS: list[UnitSpec] = [
    # The committee and its standing office.
    _unit(
        "bcd",
        "Ban Chỉ đạo Thành phố về phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số",
        "Ban Chỉ đạo 57",
        "committee",
        None,
        ("BCĐ 57", "Ban Chỉ đạo thành phố", "BCĐ NQ57 thành phố", "BCĐ về KHCN, ĐMST và CĐS"),
    ),
    _unit(
        "tgv",
        "Tổ giúp việc Ban Chỉ đạo Thành phố về phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số",
        "Tổ giúp việc BCĐ",
        "other",
        "bcd",
        ("Tổ giúp việc", "Tổ giúp việc BCĐ 57"),
    ),
    _unit(
        "vptu",
        "Văn phòng Thành ủy",
        "VP Thành ủy",
        "standing_office",
        "bcd",
        ("VPTU", "Văn phòng Thành uỷ", "Văn phòng Thành ủy Đà Nẵng", "VP Thành uỷ"),
    ),
    # Departments and bodies of the city.
    _unit(
        "khcn",
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        "department",
        None,
        (
            "Sở KHCN",
            "Sở Khoa học & Công nghệ",
            "Sở KH và CN",
            "SKHCN",
            "Sở Khoa học và Công nghệ thành phố Đà Nẵng",
        ),
    ),
    _unit(
        "dnict",
        "Trung tâm Công nghệ thông tin và Truyền thông Đà Nẵng",
        "DNICT",
        "other",
        "khcn",
        ("Trung tâm CNTT&TT", "Trung tâm CNTT và Truyền thông", "TT CNTT-TT Đà Nẵng"),
    ),
    _unit(
        "ioc",
        "Trung tâm Giám sát, điều hành đô thị thông minh",
        "Trung tâm IOC",
        "other",
        "khcn",
        ("IOC Đà Nẵng", "TT Giám sát điều hành ĐTTM", "Trung tâm điều hành đô thị thông minh"),
    ),
    _unit(
        "vpubnd",
        "Văn phòng Ủy ban nhân dân thành phố",
        "VP UBND TP",
        "department",
        None,
        ("Văn phòng UBND thành phố", "VP UBND thành phố", "Văn phòng Uỷ ban nhân dân thành phố"),
    ),
    _unit(
        "ttpvhcc",
        "Trung tâm Phục vụ hành chính công thành phố",
        "TT PVHCC",
        "department",
        "vpubnd",
        ("Trung tâm PVHCC", "Trung tâm Hành chính công", "TTHCC", "Trung tâm HCC thành phố"),
    ),
    _unit(
        "taichinh",
        "Sở Tài chính",
        "Sở TC",
        "department",
        None,
        ("STC", "Sở Tài chính thành phố", "Sở Tài chính Đà Nẵng"),
    ),
    _unit("noivu", "Sở Nội vụ", "Sở NV", "department", None, ("SNV", "Sở Nội vụ thành phố")),
    _unit(
        "gddt",
        "Sở Giáo dục và Đào tạo",
        "Sở GD&ĐT",
        "department",
        None,
        ("Sở GDĐT", "Sở Giáo dục & Đào tạo", "Sở GD và ĐT"),
    ),
    _unit("yte", "Sở Y tế", "Sở YT", "department", None, ("SYT", "Sở Y tế thành phố")),
    _unit("xaydung", "Sở Xây dựng", "Sở XD", "department", None, ("SXD", "Sở Xây dựng thành phố")),
    _unit(
        "nnmt",
        "Sở Nông nghiệp và Môi trường",
        "Sở NN&MT",
        "department",
        None,
        ("Sở NNMT", "Sở Nông nghiệp & Môi trường", "Sở NN và MT"),
    ),
    _unit(
        "congthuong", "Sở Công Thương", "Sở CT", "department", None, ("SCT", "Sở Công thương TP")
    ),
    _unit(
        "vhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở VHTT&DL",
        "department",
        None,
        ("Sở VHTTDL", "Sở Văn hoá, Thể thao và Du lịch", "Sở VH, TT và DL"),
    ),
    _unit("tuphap", "Sở Tư pháp", "Sở TP", "department", None, ("STP", "Sở Tư pháp thành phố")),
    _unit("ngoaivu", "Sở Ngoại vụ", "Sở NgV", "department", None, ("SNgV", "Sở Ngoại vụ TP")),
    _unit(
        "congan",
        "Công an thành phố Đà Nẵng",
        "CATP",
        "department",
        None,
        ("Công an thành phố", "Công an TP Đà Nẵng", "CA thành phố"),
    ),
    _unit(
        "btgdv",
        "Ban Tuyên giáo và Dân vận Thành ủy",
        "Ban TG&DV Thành ủy",
        "department",
        None,
        ("Ban Tuyên giáo và Dân vận", "Ban TGDV Thành ủy", "Ban Tuyên giáo và Dân vận Thành uỷ"),
    ),
    _unit(
        "btctu",
        "Ban Tổ chức Thành ủy",
        "Ban TC Thành ủy",
        "department",
        None,
        ("BTCTU", "Ban Tổ chức Thành uỷ", "Ban Tổ chức TU"),
    ),
    _unit(
        "bqlkcnc",
        "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
        "BQL KCNC và các KCN",
        "department",
        None,
        ("Ban Quản lý KCNC", "Ban QL Khu CNC và các KCN", "DHPIZA", "BQL Khu công nghệ cao"),
    ),
    # Wards and communes after the merger of 1/7/2025.
    _unit(
        "haichau",
        "Phường Hải Châu",
        "P. Hải Châu",
        "commune",
        None,
        ("UBND phường Hải Châu", "P.Hải Châu", "Hải Châu"),
    ),
    _unit(
        "hoacuong",
        "Phường Hòa Cường",
        "P. Hòa Cường",
        "commune",
        None,
        ("UBND phường Hòa Cường", "Phường Hoà Cường", "Hòa Cường"),
    ),
    _unit(
        "thanhkhe",
        "Phường Thanh Khê",
        "P. Thanh Khê",
        "commune",
        None,
        ("UBND phường Thanh Khê", "P.Thanh Khê", "Thanh Khê"),
    ),
    _unit(
        "sontra",
        "Phường Sơn Trà",
        "P. Sơn Trà",
        "commune",
        None,
        ("UBND phường Sơn Trà", "P.Sơn Trà", "Sơn Trà"),
    ),
    _unit(
        "nguhanhson",
        "Phường Ngũ Hành Sơn",
        "P. Ngũ Hành Sơn",
        "commune",
        None,
        ("UBND phường Ngũ Hành Sơn", "P.Ngũ Hành Sơn", "Ngũ Hành Sơn"),
    ),
    _unit(
        "camle",
        "Phường Cẩm Lệ",
        "P. Cẩm Lệ",
        "commune",
        None,
        ("UBND phường Cẩm Lệ", "P.Cẩm Lệ", "Cẩm Lệ"),
    ),
    _unit(
        "lienchieu",
        "Phường Liên Chiểu",
        "P. Liên Chiểu",
        "commune",
        None,
        ("UBND phường Liên Chiểu", "P.Liên Chiểu", "Liên Chiểu"),
    ),
    _unit(
        "hoakhanh",
        "Phường Hòa Khánh",
        "P. Hòa Khánh",
        "commune",
        None,
        ("UBND phường Hòa Khánh", "Phường Hoà Khánh", "Hòa Khánh"),
    ),
    _unit(
        "hoian",
        "Phường Hội An",
        "P. Hội An",
        "commune",
        None,
        ("UBND phường Hội An", "P.Hội An", "Hội An"),
    ),
    _unit(
        "tamky",
        "Phường Tam Kỳ",
        "P. Tam Kỳ",
        "commune",
        None,
        ("UBND phường Tam Kỳ", "P.Tam Kỳ", "Tam Kỳ"),
    ),
    _unit(
        "hoavang",
        "Xã Hòa Vang",
        "X. Hòa Vang",
        "commune",
        None,
        ("UBND xã Hòa Vang", "Xã Hoà Vang", "Hòa Vang"),
    ),
    _unit(
        "bana",
        "Xã Bà Nà",
        "X. Bà Nà",
        "commune",
        None,
        ("UBND xã Bà Nà", "X.Bà Nà", "Bà Nà"),
    ),
    _unit(
        "hoatien",
        "Xã Hòa Tiến",
        "X. Hòa Tiến",
        "commune",
        None,
        ("UBND xã Hòa Tiến", "Xã Hoà Tiến", "Hòa Tiến"),
    ),
    _unit(
        "namtramy",
        "Xã Nam Trà My",
        "X. Nam Trà My",
        "commune",
        None,
        ("UBND xã Nam Trà My", "X.Nam Trà My", "Nam Trà My"),
    ),
    # Enterprises and other partners.
    _unit(
        "viettel",
        "Viettel Đà Nẵng",
        "Viettel ĐN",
        "enterprise",
        None,
        (
            "Viettel Đà Nẵng - Chi nhánh Tập đoàn Công nghiệp - Viễn thông Quân đội",
            "Chi nhánh Viettel Đà Nẵng",
            "Viettel",
        ),
    ),
    _unit(
        "vnpt",
        "VNPT Đà Nẵng",
        "VNPT ĐN",
        "enterprise",
        None,
        ("Viễn thông Đà Nẵng", "VNPT", "Viễn thông Đà Nẵng - Tập đoàn Bưu chính Viễn thông"),
    ),
    _unit(
        "pcdanang",
        "Công ty TNHH MTV Điện lực Đà Nẵng",
        "PC Đà Nẵng",
        "enterprise",
        None,
        ("Điện lực Đà Nẵng", "Công ty Điện lực Đà Nẵng", "PC ĐN", "Công ty TNHH một thành viên "
         "Điện lực Đà Nẵng"),
    ),
    _unit(
        "pcquangnam",
        "Công ty Điện lực Quảng Nam",
        "PC Quảng Nam",
        "enterprise",
        None,
        ("Điện lực Quảng Nam", "PC QNa", "PC Quảng Nam (EVNCPC)"),
    ),
    _unit(
        "udn",
        "Đại học Đà Nẵng",
        "ĐHĐN",
        "other",
        None,
        ("Đại học ĐN", "UD", "The University of Danang", "ĐH Đà Nẵng"),
    ),
]


# ---------------------------------------------------------------------------------------------
# Directives
# ---------------------------------------------------------------------------------------------

DIRECTIVES: list[DirectiveSpec] = [
    {
        "code": "57-NQ/TW",
        "kind": "resolution",
        "title": "Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số quốc gia",
        "issuer": "Bộ Chính trị",
        "issued_on": date(2024, 12, 22),
        "parent": None,
    },
    {
        "code": "204-QĐ/TW",
        "kind": "decision",
        "title": "Quyết định của Ban Bí thư về việc phê duyệt Đề án Chuyển đổi số trong các "
        "cơ quan đảng",
        "issuer": "Ban Bí thư",
        "issued_on": date(2024, 11, 29),
        "parent": None,
    },
    {
        "code": PROGRAMME_DIRECTIVE,
        "kind": "programme",
        "title": "Chương trình hành động của Ban Chấp hành Đảng bộ thành phố thực hiện Nghị "
        "quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "issuer": "Thành ủy Đà Nẵng",
        "issued_on": date(2025, 9, 12),
        "parent": "57-NQ/TW",
    },
    {
        "code": CONCLUSION_DIRECTIVE,
        "kind": "conclusion",
        "title": "Thông báo kết luận của đồng chí Bí thư Thành ủy, Trưởng Ban Chỉ đạo tại "
        "phiên họp ngày 28/11/2025 của Ban Chỉ đạo Thành phố về phát triển khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số",
        "issuer": "Thành ủy Đà Nẵng",
        "issued_on": date(2025, 11, 29),
        "parent": PROGRAMME_DIRECTIVE,
    },
]


# ---------------------------------------------------------------------------------------------
# Deadline wording
# ---------------------------------------------------------------------------------------------

_QUARTERS = {"I": 3, "II": 6, "III": 9, "IV": 12}
_RE_DAY = re.compile(r"^(?:Trước (?:ngày )?)?(\d{1,2})/(\d{1,2})/(\d{4})$")
_RE_MONTH = re.compile(r"^Tháng (\d{1,2})/(\d{4})$")
_RE_QUARTER = re.compile(r"^Quý (I|II|III|IV)/(\d{4})$")
_RE_HALF = re.compile(r"^6 tháng (đầu|cuối) năm (\d{4})$")
_RE_YEAR = re.compile(r"^Năm (\d{4})$")
_RE_SPAN = re.compile(r"^(\d{4})\s*[–-]\s*(\d{4})$")


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def parse_deadline(text: str) -> date | None:
    """The due date meant by a deadline as offices write it; None for recurring wordings.

    "31/12/2025", "Trước 31/12/2025", "Tháng 12/2025", "Quý II/2026", "6 tháng đầu năm 2026",
    "Năm 2027" and "2025–2030" (the last day of the span) are understood.
    """
    text = " ".join(text.split())
    if text in RECURRING_TEXTS:
        return None
    if m := _RE_DAY.match(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := _RE_MONTH.match(text):
        return _month_end(int(m[2]), int(m[1]))
    if m := _RE_QUARTER.match(text):
        return _month_end(int(m[2]), _QUARTERS[m[1]])
    if m := _RE_HALF.match(text):
        return _month_end(int(m[2]), 6 if m[1] == "đầu" else 12)
    if m := _RE_YEAR.match(text):
        return date(int(m[1]), 12, 31)
    if m := _RE_SPAN.match(text):
        return date(int(m[2]), 12, 31)
    raise ValueError(f"Không hiểu thời hạn: {text!r}")


def _off(day: str) -> int:
    """Days from REFERENCE_DATE to a dd/mm/yyyy day."""
    d, m, y = (int(part) for part in day.split("/"))
    return (date(y, m, d) - REFERENCE_DATE).days


_ISSUED = {spec["code"]: spec["issued_on"] for spec in DIRECTIVES}


def _task(
    *,
    code: str,
    title: str,
    lead: str,
    support: list[str],
    field: str,
    output: str,
    deadline: str,
    scenario: str,
    progress: int,
    directive: str = PROGRAMME_DIRECTIVE,
    last_report: str | None = None,
    claim: str | None = None,
    evidence: str | None = None,
    results: str | None = None,
    difficulties: str | None = None,
    proposals: str | None = None,
    return_comment: str | None = None,
    extension_reason: str | None = None,
    extension_days: int | None = None,
    extension_requested: str | None = None,
    extension_decision_note: str | None = None,
    cancel_reason: str | None = None,
) -> TaskSpec:
    due = parse_deadline(deadline)
    spec: TaskSpec = {
        "code": code,
        "title": title,
        "lead": lead,
        "support": support,
        "field": field,
        "output": output,
        "recurring": deadline in RECURRING_TEXTS,
        "deadline_text": deadline,
        "nominal_due_on": due,
        "offset_days": None if due is None else (due - REFERENCE_DATE).days,
        "assigned_offset_days": (_ISSUED[directive] - REFERENCE_DATE).days,
        "scenario": scenario,
        "progress": progress,
    }
    # A completion claim is the last report unless a later one is named.
    last = last_report or claim
    if last is not None:
        spec["last_report_offset_days"] = _off(last)
    if claim is not None:
        spec["claim_offset_days"] = _off(claim)
    if evidence is not None:
        spec["evidence"] = evidence
    if results is not None:
        spec["results"] = results
    if difficulties is not None:
        spec["difficulties"] = difficulties
    if proposals is not None:
        spec["proposals"] = proposals
    if return_comment is not None:
        spec["return_comment"] = return_comment
    if extension_reason is not None:
        spec["extension_reason"] = extension_reason
    if extension_days is not None:
        spec["extension_days"] = extension_days
    if extension_requested is not None:
        spec["extension_requested_offset_days"] = _off(extension_requested)
    if extension_decision_note is not None:
        spec["extension_decision_note"] = extension_decision_note
    if cancel_reason is not None:
        spec["cancel_reason"] = cancel_reason
    return spec


# ---------------------------------------------------------------------------------------------
# The city's action programme: 6 groups, 49 tasks
# ---------------------------------------------------------------------------------------------

_GROUP_I: list[TaskSpec] = [
    _task(
        code="I.1",
        title="Tổ chức quán triệt, học tập Nghị quyết số 57-NQ/TW và Chương trình hành động của "
        "Thành ủy đến 100% tổ chức cơ sở đảng, cán bộ, đảng viên",
        lead="btgdv",
        support=["vptu", "btctu", "khcn"],
        field="other",
        output="Báo cáo kết quả quán triệt của Ban Tuyên giáo và Dân vận Thành ủy",
        deadline="31/10/2025",
        scenario="done_on_time",
        progress=100,
        claim="24/10/2025",
        evidence="Báo cáo số 112-BC/BTGDVTU ngày 24/10/2025 của Ban Tuyên giáo và Dân vận "
        "Thành ủy",
        results="Tổ chức hội nghị quán triệt trực tiếp kết hợp trực tuyến đến 94 điểm cầu "
        "phường, xã, đặc khu; 100% tổ chức cơ sở đảng hoàn thành quán triệt, 97,8% đảng viên "
        "tham gia.",
        difficulties="Một số chi bộ ở xã miền núi đường truyền yếu, phải tổ chức bổ sung theo "
        "hình thức trực tiếp.",
        proposals="Đề nghị Văn phòng Thành ủy cấp tài khoản Sổ tay đảng viên điện tử cho đảng "
        "viên mới kết nạp để học tập trực tuyến.",
    ),
    _task(
        code="I.2",
        title="Duy trì chuyên trang, chuyên mục tuyên truyền về khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số trên Báo và Phát thanh, Truyền hình Đà Nẵng, Cổng thông tin "
        "điện tử thành phố và mạng xã hội",
        lead="btgdv",
        support=["khcn", "vhttdl"],
        field="other",
        output="Chuyên mục được duy trì định kỳ; báo cáo kết quả hằng quý",
        deadline="Thường xuyên",
        scenario="recurring",
        progress=75,
        last_report="31/10/2026",
        results="Quý III/2026 đăng tải 186 tin, bài, phóng sự; chuyên mục “Đà Nẵng – Chuyển "
        "đổi số” phát sóng tối thứ Năm hằng tuần; trang mạng xã hội của chuyên mục đạt "
        "1,2 triệu lượt tiếp cận.",
        difficulties="Thông tin từ các sở, ngành chủ yếu là tin hoạt động, ít số liệu về kết quả "
        "cụ thể.",
        proposals="Đề nghị các cơ quan chủ trì nhiệm vụ cung cấp số liệu, mô hình hay trước "
        "ngày 25 hằng tháng.",
    ),
    _task(
        code="I.3",
        title="Tham mưu Ban Thường vụ Thành ủy ban hành 05 quy định về quy chế làm việc của Ban "
        "Chỉ đạo, chế độ thông tin, báo cáo, phối hợp và đánh giá kết quả thực hiện Nghị quyết "
        "số 57-NQ/TW",
        lead="vptu",
        support=["btctu", "khcn", "noivu"],
        field="institution",
        output="05 quy định của Ban Thường vụ Thành ủy được ban hành",
        deadline="31/10/2025",
        scenario="done_on_time",
        progress=100,
        claim="17/10/2025",
        evidence="Các Quy định số 08-QĐi/TU đến số 12-QĐi/TU ngày 15/10/2025 của Ban Thường vụ "
        "Thành ủy",
        results="Ban Thường vụ Thành ủy đã ban hành 05 quy định: quy chế làm việc của Ban Chỉ "
        "đạo; chế độ thông tin, báo cáo; phối hợp giữa cơ quan thường trực và cơ quan chủ trì; "
        "đánh giá, xếp loại kết quả thực hiện; quản lý, khai thác Sổ tay điện tử.",
        difficulties="Không có.",
        proposals="Đề nghị các thành viên Ban Chỉ đạo phổ biến các quy định đến cơ quan, đơn vị "
        "phụ trách.",
    ),
    _task(
        code="I.4",
        title="Bổ sung kết quả thực hiện nhiệm vụ khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số vào tiêu chí đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên và "
        "người đứng đầu hằng năm",
        lead="btctu",
        support=["noivu", "vptu"],
        field="institution",
        output="Hướng dẫn của Ban Tổ chức Thành ủy",
        deadline="31/12/2025",
        scenario="done_late",
        progress=100,
        claim="20/01/2026",
        evidence="Hướng dẫn số 05-HD/BTCTU ngày 16/01/2026 của Ban Tổ chức Thành ủy",
        results="Đã ban hành hướng dẫn, áp dụng từ kỳ đánh giá năm 2025; tiêu chí chuyển đổi số "
        "chiếm 10% tổng điểm đánh giá người đứng đầu.",
        difficulties="Phải chờ hướng dẫn khung của Trung ương nên ban hành chậm 20 ngày so với "
        "kế hoạch.",
        proposals="Đề nghị Văn phòng Thành ủy cung cấp dữ liệu kết quả thực hiện nhiệm vụ từ "
        "phần mềm theo dõi tiến độ làm căn cứ chấm điểm.",
    ),
    _task(
        code="I.5",
        title="Phát động và tổ chức phong trào thi đua “Đổi mới sáng tạo, chuyển đổi số” trong "
        "các cơ quan, đơn vị, doanh nghiệp; kịp thời khen thưởng tập thể, cá nhân có sáng kiến, "
        "mô hình hiệu quả",
        lead="noivu",
        support=["btgdv", "khcn"],
        field="innovation",
        output="Kế hoạch thi đua và quyết định khen thưởng hằng năm",
        deadline="Hằng năm",
        scenario="recurring",
        progress=70,
        last_report="15/10/2026",
        results="Năm 2026 có 312 sáng kiến đăng ký; đã xét chọn đợt 1, đề nghị Chủ tịch UBND "
        "thành phố tặng Bằng khen cho 18 tập thể, 35 cá nhân.",
        difficulties="Chưa có cách lượng hóa thống nhất giá trị làm lợi của sáng kiến chuyển đổi "
        "số.",
        proposals="Đề nghị Sở Khoa học và Công nghệ hướng dẫn phương pháp đánh giá hiệu quả sáng "
        "kiến chuyển đổi số.",
    ),
    _task(
        code="I.6",
        title="Thí điểm mô hình “Tổ công nghệ số cộng đồng kiểu mẫu” tại 100% tổ dân phố của "
        "phường Hải Châu, tổng kết để nhân rộng ra các phường, xã",
        lead="haichau",
        support=["khcn", "btgdv"],
        field="digital_transformation",
        output="Báo cáo tổng kết mô hình được Ban Chỉ đạo thông qua",
        deadline="30/06/2026",
        scenario="overdue",
        progress=70,
        last_report="20/10/2026",
        results="Đã thành lập Tổ công nghệ số cộng đồng tại 48/62 tổ dân phố (77,4%); hướng dẫn "
        "9.460 lượt người dân cài đặt VNeID mức 2 và sử dụng dịch vụ công trực tuyến.",
        difficulties="Thành viên tổ phần lớn là người cao tuổi, thiếu thiết bị; chưa có kinh phí "
        "hỗ trợ hoạt động thường xuyên của tổ sau sắp xếp đơn vị hành chính.",
        proposals="Đề nghị Sở Tài chính hướng dẫn nguồn kinh phí hỗ trợ hoạt động của Tổ công "
        "nghệ số cộng đồng.",
    ),
]

_GROUP_II: list[TaskSpec] = [
    _task(
        code="II.1",
        title="Tham mưu UBND thành phố trình HĐND thành phố ban hành Nghị quyết quy định chính "
        "sách hỗ trợ phát triển khoa học, công nghệ, đổi mới sáng tạo và khởi nghiệp sáng tạo "
        "theo cơ chế đặc thù tại Nghị quyết số 136/2024/QH15 của Quốc hội",
        lead="khcn",
        support=["taichinh", "tuphap", "bqlkcnc"],
        field="institution",
        output="Nghị quyết của HĐND thành phố",
        deadline="Quý IV/2025",
        scenario="done_on_time",
        progress=100,
        claim="10/10/2025",
        evidence="Nghị quyết số 58/2025/NQ-HĐND ngày 08/10/2025 của HĐND thành phố",
        results="HĐND thành phố đã thông qua Nghị quyết tại kỳ họp chuyên đề tháng 10/2025 với "
        "07 nhóm chính sách: khoán chi nhiệm vụ khoa học và công nghệ, hỗ trợ doanh nghiệp khởi "
        "nghiệp sáng tạo, ươm tạo và thương mại hóa kết quả nghiên cứu.",
        difficulties="Không có.",
        proposals="Đề nghị UBND thành phố sớm ban hành quy định chi tiết về hồ sơ, thủ tục hỗ "
        "trợ.",
    ),
    _task(
        code="II.2",
        title="Tham mưu HĐND thành phố ban hành Nghị quyết về chính sách thu hút, đãi ngộ chuyên "
        "gia, nhà khoa học và nhân lực chất lượng cao trong lĩnh vực vi mạch bán dẫn, trí tuệ "
        "nhân tạo",
        lead="noivu",
        support=["khcn", "taichinh", "tuphap", "udn"],
        field="human_resources",
        output="Nghị quyết của HĐND thành phố",
        deadline="30/09/2025",
        scenario="done_on_time",
        progress=100,
        claim="26/09/2025",
        evidence="Nghị quyết số 51/2025/NQ-HĐND ngày 25/09/2025 của HĐND thành phố",
        results="Nghị quyết quy định hỗ trợ một lần đến 1,5 tỷ đồng, hỗ trợ nhà ở và thu nhập "
        "hằng tháng cho chuyên gia đầu ngành; có hiệu lực từ ngày 01/10/2025.",
        difficulties="Khái niệm “chuyên gia đầu ngành” cần tiêu chí định lượng để tránh lúng "
        "túng khi xét duyệt.",
        proposals="Giao Sở Nội vụ ban hành bộ tiêu chí xét chọn chuyên gia trong Quý IV/2025.",
    ),
    _task(
        code="II.3",
        title="Phối hợp các bộ, ngành trung ương thành lập, đưa vào hoạt động Cơ quan điều hành "
        "Trung tâm tài chính quốc tế tại Đà Nẵng theo Nghị quyết số 222/2025/QH15 của Quốc hội",
        lead="taichinh",
        support=["tuphap", "vpubnd", "ngoaivu", "noivu"],
        field="institution",
        output="Cơ quan điều hành Trung tâm tài chính quốc tế tại Đà Nẵng đi vào hoạt động",
        deadline="30/09/2026",
        scenario="overdue",
        progress=70,
        last_report="30/10/2026",
        results="Đã hoàn thành đề án tổ chức bộ máy, trình Chính phủ; bố trí trụ sở tạm thời; "
        "tuyển chọn được 14/30 nhân sự chủ chốt.",
        difficulties="Nghị định quy định về cơ quan điều hành, giám sát Trung tâm tài chính quốc "
        "tế chưa được ban hành nên chưa đủ căn cứ phê duyệt biên chế và cơ chế tài chính.",
        proposals="Đề nghị Thường trực Thành ủy làm việc với Bộ Tài chính để sớm trình Chính phủ "
        "ban hành Nghị định trong Quý IV/2026.",
    ),
    _task(
        code="II.4",
        title="Ban hành quy định khoán chi đến sản phẩm cuối cùng đối với nhiệm vụ khoa học và "
        "công nghệ sử dụng ngân sách thành phố, chấp nhận rủi ro, độ trễ trong nghiên cứu",
        lead="taichinh",
        support=["khcn", "tuphap"],
        field="science_technology",
        output="Quyết định của UBND thành phố ban hành quy định khoán chi",
        deadline="05/12/2026",
        scenario="in_progress",
        progress=70,
        last_report="18/11/2026",
        results="Dự thảo đã lấy ý kiến 28 cơ quan, đơn vị và Đại học Đà Nẵng; Sở Tư pháp đã có "
        "báo cáo thẩm định ngày 12/11/2026.",
        difficulties="Còn khác nhau về tỷ lệ tạm ứng và cơ chế thu hồi kinh phí khi nhiệm vụ "
        "không đạt do rủi ro khách quan.",
        proposals="Đề nghị Lãnh đạo UBND thành phố chủ trì cuộc họp thống nhất nội dung trước "
        "ngày 03/12/2026.",
    ),
    _task(
        code="II.5",
        title="Rà soát, hệ thống hóa văn bản quy phạm pháp luật của Đà Nẵng và Quảng Nam (trước "
        "sắp xếp) về khoa học, công nghệ, chuyển đổi số; đề xuất bãi bỏ, thay thế văn bản không "
        "còn phù hợp",
        lead="tuphap",
        support=["khcn", "vpubnd"],
        field="institution",
        output="Quyết định của UBND thành phố công bố danh mục văn bản hết hiệu lực",
        deadline="Quý I/2026",
        scenario="done_late",
        progress=100,
        claim="28/04/2026",
        evidence="Quyết định số 1125/QĐ-UBND ngày 27/04/2026 của UBND thành phố",
        results="Rà soát 146 văn bản; đề xuất bãi bỏ 23, thay thế 11, sửa đổi 9 văn bản; UBND "
        "thành phố đã công bố danh mục.",
        difficulties="Khối lượng văn bản của hai địa phương trước sắp xếp lớn, nhiều văn bản "
        "chồng chéo nên thời gian rà soát kéo dài hơn dự kiến.",
        proposals="Không có.",
    ),
    _task(
        code="II.6",
        title="Tham mưu ban hành chính sách ưu đãi đặc thù về thuê đất, hạ tầng và thủ tục đầu "
        "tư cho dự án vi mạch bán dẫn, trí tuệ nhân tạo tại Khu công nghệ cao Đà Nẵng",
        lead="bqlkcnc",
        support=["taichinh", "nnmt", "khcn", "tuphap"],
        field="institution",
        output="Quyết định của UBND thành phố",
        deadline="Quý II/2026",
        scenario="overdue_extended",
        progress=80,
        last_report="05/11/2026",
        extension_days=90,
        extension_requested="15/06/2026",
        extension_reason="Chờ ý kiến của Bộ Tài chính về cơ chế miễn, giảm tiền thuê đất theo "
        "Nghị quyết số 136/2024/QH15; cần thêm thời gian lấy ý kiến nhà đầu tư.",
        extension_decision_note="Đồng ý gia hạn 90 ngày; yêu cầu không đề nghị gia hạn thêm.",
        results="Đã hoàn thiện dự thảo sau khi có ý kiến của Bộ Tài chính; trình UBND thành phố "
        "tại Tờ trình ngày 28/10/2026.",
        difficulties="Phải bổ sung đánh giá tác động ngân sách theo yêu cầu của Sở Tài chính nên "
        "vẫn chậm so với thời hạn đã gia hạn.",
        proposals="Đề nghị UBND thành phố xem xét, ban hành trong tháng 12/2026.",
    ),
    _task(
        code="II.7",
        title="Xây dựng, trình ban hành quy định thí điểm cơ chế thử nghiệm có kiểm soát "
        "(sandbox) đối với công nghệ mới, mô hình kinh doanh mới (xe tự hành, thiết bị bay không "
        "người lái, thanh toán số) trên địa bàn thành phố",
        lead="khcn",
        support=["tuphap", "congan", "congthuong", "xaydung"],
        field="innovation",
        output="Quyết định của UBND thành phố ban hành quy định thí điểm",
        deadline="Quý II/2026",
        scenario="overdue",
        progress=50,
        last_report="15/09/2026",
        results="Đã xây dựng dự thảo; tổ chức 02 hội thảo lấy ý kiến doanh nghiệp; 05 doanh "
        "nghiệp đăng ký tham gia thử nghiệm.",
        difficulties="Việc cấp phép bay không người lái thuộc thẩm quyền của Bộ Quốc phòng; một "
        "số nội dung vượt thẩm quyền của thành phố.",
        proposals="Đề nghị Ban Chỉ đạo có văn bản xin ý kiến Bộ Quốc phòng, Bộ Khoa học và Công "
        "nghệ; cho phép tách nội dung thanh toán số để ban hành trước.",
    ),
    _task(
        code="II.8",
        title="Xây dựng Quy chế quản lý, vận hành, khai thác Nền tảng tích hợp, chia sẻ dữ liệu "
        "(LGSP) và kho dữ liệu dùng chung của thành phố sau sắp xếp",
        lead="dnict",
        support=["khcn", "congan", "vpubnd"],
        field="data",
        output="Quyết định của UBND thành phố ban hành Quy chế",
        deadline="Quý I/2027",
        scenario="returned",
        progress=100,
        claim="10/11/2026",
        evidence="Dự thảo Quy chế (bản trình ký) kèm Tờ trình số 245/TTr-TTCNTT ngày 09/11/2026",
        results="Hoàn thành dự thảo Quy chế, đã có ý kiến thẩm định của Sở Tư pháp; đề nghị công "
        "nhận hoàn thành nhiệm vụ.",
        difficulties="Không có.",
        proposals="Đề nghị Văn phòng UBND thành phố sớm trình Lãnh đạo UBND thành phố ký ban "
        "hành.",
        return_comment="Sản phẩm đầu ra là Quyết định của UBND thành phố ban hành Quy chế; hồ sơ "
        "mới có dự thảo trình ký, chưa đủ căn cứ công nhận hoàn thành. Đề nghị tiếp tục theo "
        "dõi và báo cáo lại khi Quyết định được ban hành.",
    ),
    _task(
        code="II.9",
        title="Ban hành Quy định bảo đảm an toàn thông tin mạng và bảo vệ dữ liệu cá nhân trong "
        "hoạt động của các cơ quan nhà nước thành phố",
        lead="congan",
        support=["khcn", "dnict", "tuphap"],
        field="cyber_security",
        output="Quyết định của UBND thành phố",
        deadline="Quý II/2027",
        scenario="not_started",
        progress=0,
    ),
]

_GROUP_III: list[TaskSpec] = [
    _task(
        code="III.1",
        title="Phối hợp Viettel đầu tư, đưa vào vận hành Trạm cập bờ cáp quang biển quốc tế ALC "
        "(Asia Link Cable), trạm cập bờ thứ hai của thành phố",
        lead="viettel",
        support=["khcn", "sontra", "nnmt", "xaydung"],
        field="infrastructure",
        output="Trạm cập bờ cáp quang biển đi vào hoạt động",
        deadline="Quý IV/2026",
        scenario="in_progress",
        progress=85,
        last_report="20/11/2026",
        results="Khởi công tháng 10/2025; hoàn thành nhà trạm và 3,2 km tuyến cống bể ngầm; "
        "tuyến cáp biển đã kéo vào bờ, đang đo kiểm, chạy thử kết nối.",
        difficulties="Mưa bão tháng 10–11/2026 làm gián đoạn thi công trên biển khoảng 3 tuần.",
        proposals="Đề nghị Sở Nông nghiệp và Môi trường hoàn tất thủ tục giao khu vực biển trước "
        "ngày 10/12/2026.",
    ),
    _task(
        code="III.2",
        title="Triển khai dự án đầu tư hạ tầng tính toán hiệu năng cao phục vụ thiết kế vi mạch "
        "bán dẫn và trí tuệ nhân tạo (nhóm B, 200 tỷ đồng, ngân sách thành phố, giai đoạn "
        "2025–2028)",
        lead="khcn",
        support=["taichinh", "bqlkcnc", "udn", "dnict"],
        field="infrastructure",
        output="Hạ tầng tính toán hiệu năng cao được đưa vào khai thác",
        deadline="2025–2028",
        scenario="in_progress",
        progress=30,
        last_report="10/11/2026",
        results="Đã phê duyệt chủ trương đầu tư và báo cáo nghiên cứu khả thi; lựa chọn nhà thầu "
        "tư vấn thiết kế; giải ngân 38,5/120 tỷ đồng kế hoạch vốn năm 2026 (32,1%).",
        difficulties="Giá thiết bị GPU biến động mạnh, nguồn cung hạn chế; tỷ lệ giải ngân thấp "
        "so với kế hoạch.",
        proposals="Đề nghị Sở Tài chính cho phép kéo dài thời gian thực hiện kế hoạch vốn năm "
        "2026 chưa giải ngân sang năm 2027.",
    ),
    _task(
        code="III.3",
        title="Phủ sóng di động 5G tại 100% khu công nghiệp, khu công nghệ cao, khu du lịch "
        "trọng điểm và trung tâm các phường, xã",
        lead="vnpt",
        support=["viettel", "khcn", "bqlkcnc"],
        field="infrastructure",
        output="Báo cáo kết quả phủ sóng 5G được Sở Khoa học và Công nghệ xác nhận",
        deadline="Năm 2027",
        scenario="in_progress",
        progress=60,
        last_report="05/11/2026",
        results="Các doanh nghiệp đã lắp đặt 1.140 trạm 5G; phủ sóng 100% khu công nghệ cao, "
        "9/11 khu công nghiệp và 78% trung tâm phường, xã.",
        difficulties="Khó khăn về mặt bằng đặt trạm tại khu dân cư, một số hộ dân chưa đồng "
        "thuận.",
        proposals="Đề nghị UBND các phường, xã hỗ trợ vận động người dân; cho phép lắp đặt trạm "
        "trên trụ sở cơ quan nhà nước.",
    ),
    _task(
        code="III.4",
        title="Cấp điện lưới quốc gia cho các khu vực chưa có điện và cải tạo lưới điện bảo đảm "
        "nguồn cấp cho trạm BTS tại các thôn vùng cao xã Bà Nà, xã Hòa Vang",
        lead="pcdanang",
        support=["congthuong", "bana", "hoavang", "viettel"],
        field="infrastructure",
        output="100% hộ dân và trạm BTS trong khu vực được cấp điện lưới quốc gia",
        deadline="30/06/2026",
        scenario="done_late",
        progress=100,
        claim="14/08/2026",
        evidence="Biên bản nghiệm thu đóng điện ngày 12/08/2026 và xác nhận của Sở Công Thương",
        results="Đóng điện 27 trạm biến áp, 41 km đường dây trung, hạ áp; cấp điện cho 612 hộ "
        "dân và 19 trạm BTS.",
        difficulties="Địa hình hiểm trở, mưa lũ cuối tháng 6/2026 gây sạt lở tuyến đường vận "
        "chuyển vật tư nên hoàn thành chậm 45 ngày.",
        proposals="Đề nghị bố trí kinh phí duy tu tuyến đường công vụ vào mùa mưa.",
    ),
    _task(
        code="III.5",
        title="Triển khai 02 dự án hạ tầng số sử dụng vốn ngân sách trung ương (tổng mức đầu tư "
        "660 tỷ đồng): nâng cấp Trung tâm dữ liệu thành phố và mở rộng mạng truyền số liệu "
        "chuyên dùng đến 94 phường, xã, đặc khu",
        lead="dnict",
        support=["khcn", "taichinh", "xaydung"],
        field="infrastructure",
        output="02 dự án hoàn thành, đưa vào sử dụng",
        deadline="Năm 2028",
        scenario="in_progress",
        progress=25,
        last_report="12/11/2026",
        results="Đã được giao kế hoạch vốn trung hạn; hoàn thành thiết kế cơ sở; đang đấu thầu "
        "gói thiết bị mạng truyền số liệu (142 tỷ đồng).",
        difficulties="Vốn năm 2026 được giao chậm (tháng 7/2026) nên tiến độ đấu thầu lùi một "
        "quý.",
        proposals="Đề nghị Sở Tài chính phối hợp Bộ Tài chính sớm giao kế hoạch vốn năm 2027.",
    ),
    _task(
        code="III.6",
        title="Đầu tư Phòng thí nghiệm dùng chung về thiết kế, kiểm thử vi mạch bán dẫn tại Khu "
        "công nghệ cao, phục vụ doanh nghiệp, viện nghiên cứu và trường đại học",
        lead="bqlkcnc",
        support=["khcn", "udn", "taichinh"],
        field="science_technology",
        output="Phòng thí nghiệm dùng chung đi vào hoạt động",
        deadline="Năm 2028",
        scenario="not_started",
        progress=0,
    ),
    _task(
        code="III.7",
        title="Nâng cấp Trung tâm Giám sát, điều hành đô thị thông minh (IOC); tích hợp hệ thống "
        "camera giám sát an ninh trật tự, giao thông của các phường, xã sau sắp xếp",
        lead="ioc",
        support=["congan", "xaydung", "dnict"],
        field="digital_transformation",
        output="Hệ thống IOC nâng cấp vận hành, kết nối 100% camera của các phường, xã",
        deadline="31/12/2026",
        scenario="extension_pending",
        progress=65,
        last_report="18/11/2026",
        extension_days=180,
        extension_requested="18/11/2026",
        extension_reason="Số camera tại khu vực Quảng Nam cũ lớn hơn khảo sát ban đầu (3.200 so "
        "với 1.800), nhiều camera không tương thích chuẩn kết nối, cần thay thế đầu ghi.",
        results="Đã tích hợp 2.080/3.200 camera (65%); hoàn thành nâng cấp nền tảng phân tích "
        "video bằng trí tuệ nhân tạo nhận dạng vi phạm giao thông.",
        difficulties="Thiết bị camera cũ của nhiều xã không hỗ trợ chuẩn ONVIF; kinh phí thay "
        "thế chưa được bố trí.",
        proposals="Đề nghị Ban Chỉ đạo xem xét gia hạn thêm 180 ngày; Sở Tài chính bố trí kinh "
        "phí thay thế đầu ghi.",
    ),
    _task(
        code="III.8",
        title="Xây dựng cơ sở dữ liệu quy hoạch, hạ tầng kỹ thuật đô thị và bản sao số (digital "
        "twin) khu trung tâm thành phố",
        lead="xaydung",
        support=["khcn", "nnmt", "dnict"],
        field="data",
        output="Cơ sở dữ liệu và nền tảng bản sao số được đưa vào vận hành",
        deadline="Năm 2029",
        scenario="in_progress",
        progress=20,
        last_report="30/10/2026",
        results="Hoàn thành số hóa 100% đồ án quy hoạch phân khu; đang xây dựng mô hình 3D khu "
        "vực Hải Châu, Thanh Khê.",
        difficulties="Dữ liệu hạ tầng ngầm (cấp thoát nước, cáp điện, cáp viễn thông) do nhiều "
        "doanh nghiệp quản lý, chưa được chuẩn hóa.",
        proposals="Đề nghị các doanh nghiệp điện, viễn thông, cấp nước cung cấp dữ liệu hạ tầng "
        "ngầm theo chuẩn chung của thành phố.",
    ),
    _task(
        code="III.9",
        title="Hoàn thành chuyển đổi IPv6 cho 100% hệ thống thông tin, cổng thông tin điện tử "
        "và dịch vụ công trực tuyến của các cơ quan nhà nước thành phố",
        lead="dnict",
        support=["khcn", "vnpt", "viettel"],
        field="infrastructure",
        output="Văn bản xác nhận 100% hệ thống thông tin hỗ trợ IPv6",
        deadline="31/03/2027",
        scenario="pending_review",
        progress=100,
        claim="25/11/2026",
        evidence="Văn bản xác nhận của Trung tâm Internet Việt Nam ngày 20/11/2026 và danh sách "
        "186 hệ thống đã chuyển đổi",
        results="186/186 hệ thống thông tin đã hoạt động song song IPv4/IPv6; tỷ lệ truy cập "
        "qua IPv6 đạt 61%.",
        difficulties="Một số phần mềm chuyên ngành của bộ, ngành triển khai tại địa phương chưa "
        "hỗ trợ IPv6 (ngoài phạm vi quản lý của thành phố).",
        proposals="Đề nghị công nhận hoàn thành nhiệm vụ.",
    ),
    _task(
        code="III.10",
        title="Mở rộng mạng wifi công cộng miễn phí tại khu phố cổ Hội An, các bãi biển và điểm "
        "du lịch trên địa bàn phường Hội An",
        lead="hoian",
        support=["khcn", "vnpt", "vhttdl"],
        field="infrastructure",
        output="Mạng wifi công cộng vận hành tại 100% điểm du lịch trên địa bàn phường",
        deadline="15/12/2026",
        scenario="extension_pending",
        progress=60,
        last_report="20/11/2026",
        extension_days=90,
        extension_requested="20/11/2026",
        extension_reason="Việc lắp đặt thiết bị trong khu phố cổ phải có phương án bảo đảm cảnh "
        "quan di sản; Sở Văn hóa, Thể thao và Du lịch mới có ý kiến thống nhất ngày 10/11/2026.",
        results="Đã lắp đặt 148/250 điểm phát wifi; bình quân 21.000 lượt kết nối mỗi ngày.",
        difficulties="Thi công trong khu phố cổ chỉ được thực hiện ban đêm, ngoài giờ đón khách.",
        proposals="Đề nghị gia hạn thêm 90 ngày để hoàn thành 102 điểm còn lại.",
    ),
]

_GROUP_IV: list[TaskSpec] = [
    _task(
        code="IV.1",
        title="Bồi dưỡng kỹ năng số cơ bản cho 100% cán bộ, công chức, viên chức của thành phố "
        "trên nền tảng học tập trực tuyến mở (MOOCs) và nền tảng “Bình dân học vụ số”",
        lead="noivu",
        support=["khcn", "btctu"],
        field="human_resources",
        output="100% cán bộ, công chức, viên chức hoàn thành khóa bồi dưỡng, có chứng nhận trên "
        "nền tảng",
        deadline="31/12/2026",
        scenario="returned",
        progress=85,
        last_report="05/11/2026",
        results="Đã có 96,4% cán bộ, công chức, viên chức hoàn thành khóa bồi dưỡng kỹ năng số "
        "cơ bản.",
        difficulties="Viên chức ngành giáo dục, y tế đông, thời gian học ngoài giờ hạn chế.",
        proposals="Đề nghị thủ trưởng các cơ quan, đơn vị đôn đốc người chưa hoàn thành.",
        return_comment="Số liệu báo cáo (96,4%) chưa khớp với dữ liệu trích xuất từ nền tảng "
        "MOOCs (88,7%). Đề nghị rà soát, thống nhất số liệu và báo cáo lại kèm danh sách trích "
        "xuất từ nền tảng.",
    ),
    _task(
        code="IV.2",
        title="Tổ chức các lớp “Bình dân học vụ số” cho người dân trên địa bàn phường Hải Châu, "
        "bảo đảm từ 80% người trưởng thành có kỹ năng số cơ bản",
        lead="haichau",
        support=["khcn", "btgdv"],
        field="human_resources",
        output="Báo cáo kết quả phổ cập kỹ năng số; tỷ lệ người trưởng thành có kỹ năng số cơ "
        "bản đạt từ 80%",
        deadline="30/09/2026",
        scenario="done_on_time",
        progress=100,
        claim="21/09/2026",
        evidence="Báo cáo số 198/BC-UBND ngày 21/09/2026 của UBND phường Hải Châu",
        results="Tổ chức 126 lớp với 11.870 lượt học viên; 82,5% người trưởng thành có kỹ năng "
        "số cơ bản (khảo sát tháng 9/2026).",
        difficulties="Người cao tuổi tiếp cận chậm, cần hướng dẫn nhiều lần.",
        proposals="Đề nghị Sở Khoa học và Công nghệ cung cấp thêm học liệu video ngắn.",
    ),
    _task(
        code="IV.3",
        title="Đào tạo 5.000 kỹ sư thiết kế vi mạch bán dẫn và 3.000 nhân lực trí tuệ nhân tạo "
        "giai đoạn 2025–2030 theo cơ chế đặt hàng của thành phố",
        lead="udn",
        support=["gddt", "khcn", "bqlkcnc", "noivu"],
        field="human_resources",
        output="Số kỹ sư, nhân lực được đào tạo, cấp bằng theo đặt hàng",
        deadline="2025–2030",
        scenario="in_progress",
        progress=25,
        last_report="15/08/2026",
        results="Năm học 2025–2026 tuyển sinh 820 sinh viên ngành vi mạch, 610 sinh viên ngành "
        "trí tuệ nhân tạo; đưa vào sử dụng 02 phòng thực hành thiết kế vi mạch.",
        difficulties="Thiếu giảng viên có kinh nghiệm thực tế; chi phí bản quyền phần mềm thiết "
        "kế vi mạch (EDA) lớn.",
        proposals="Đề nghị thành phố hỗ trợ kinh phí bản quyền phần mềm EDA từ nguồn chi khoa "
        "học và công nghệ năm 2027.",
    ),
    _task(
        code="IV.4",
        title="Đưa giáo dục STEM, lập trình và trí tuệ nhân tạo vào hoạt động giáo dục tại 100% "
        "trường trung học cơ sở, trung học phổ thông",
        lead="gddt",
        support=["khcn", "udn"],
        field="human_resources",
        output="100% trường trung học cơ sở, trung học phổ thông tổ chức giáo dục STEM, trí tuệ "
        "nhân tạo theo kế hoạch năm học",
        deadline="Năm 2027",
        scenario="in_progress",
        progress=55,
        last_report="28/10/2026",
        results="Năm học 2026–2027 có 168/241 trường (69,7%) triển khai; tập huấn 1.150 giáo "
        "viên cốt cán.",
        difficulties="Các trường ở khu vực miền núi thiếu thiết bị, phòng học STEM.",
        proposals="Đề nghị bố trí kinh phí mua sắm thiết bị STEM cho 73 trường còn lại trong dự "
        "toán năm 2027.",
    ),
    _task(
        code="IV.5",
        title="Kết nối, thu hút trí thức, chuyên gia người Việt Nam ở nước ngoài tham gia tư "
        "vấn, thực hiện các chương trình khoa học, công nghệ của thành phố; xây dựng mạng lưới "
        "chuyên gia Đà Nẵng toàn cầu",
        lead="ngoaivu",
        support=["noivu", "khcn", "udn"],
        field="human_resources",
        output="Mạng lưới chuyên gia được thành lập, quy chế hoạt động được ban hành",
        deadline="Năm 2030",
        scenario="not_started",
        progress=0,
    ),
    _task(
        code="IV.6",
        title="Bồi dưỡng, cập nhật kiến thức về khoa học, công nghệ, đổi mới sáng tạo, chuyển "
        "đổi số cho cán bộ lãnh đạo, quản lý thuộc diện Ban Thường vụ Thành ủy quản lý",
        lead="btctu",
        support=["khcn", "udn"],
        field="human_resources",
        output="Các lớp bồi dưỡng được tổ chức theo kế hoạch năm",
        deadline="Hằng năm",
        scenario="recurring",
        progress=80,
        last_report="25/10/2026",
        results="Năm 2026 đã tổ chức 03/04 lớp cho 412 cán bộ; chuyên đề ứng dụng trí tuệ nhân "
        "tạo trong lãnh đạo, quản lý do chuyên gia Đại học Đà Nẵng trình bày.",
        difficulties="Cán bộ chủ chốt bận nhiều việc, khó bố trí thời gian học tập trung.",
        proposals="Chuyển một phần nội dung sang học trực tuyến trên Sổ tay điện tử.",
    ),
    _task(
        code="IV.7",
        title="Bố trí đủ công chức chuyên trách công nghệ thông tin, chuyển đổi số tại 100% "
        "phường, xã, đặc khu",
        lead="noivu",
        support=["khcn", "btctu"],
        field="human_resources",
        output="100% phường, xã, đặc khu có công chức chuyên trách chuyển đổi số",
        deadline="Quý I/2026",
        scenario="overdue",
        progress=75,
        last_report="10/08/2026",
        results="71/94 phường, xã, đặc khu (75,5%) đã bố trí công chức chuyên trách.",
        difficulties="Khó tuyển dụng do thu nhập thấp; 23 xã miền núi không có ứng viên đủ tiêu "
        "chuẩn.",
        proposals="Đề nghị áp dụng chính sách thu hút theo Nghị quyết của HĐND thành phố; cho "
        "phép hợp đồng chuyên gia trong thời gian chờ tuyển dụng.",
    ),
]

_GROUP_V: list[TaskSpec] = [
    _task(
        code="V.1",
        title="Xây dựng, hoàn thiện cơ sở dữ liệu đất đai thống nhất của thành phố sau sắp xếp, "
        "kết nối, đồng bộ với Hệ thống thông tin quốc gia về đất đai và Cơ sở dữ liệu quốc gia "
        "về dân cư",
        lead="nnmt",
        support=["khcn", "congan", "dnict", "haichau", "hoian", "tamky"],
        field="data",
        output="Cơ sở dữ liệu đất đai vận hành, kết nối với hệ thống quốc gia",
        deadline="Quý II/2027",
        scenario="in_progress",
        progress=60,
        last_report="16/11/2026",
        results="Sau chiến dịch 90 ngày, 1,28 triệu thửa đất đã được số hóa, làm sạch; đã đồng "
        "bộ 74% dữ liệu lên Hệ thống thông tin quốc gia về đất đai.",
        difficulties="Dữ liệu của các xã khu vực Quảng Nam cũ lưu trên nhiều phần mềm khác nhau, "
        "cấu trúc không đồng nhất.",
        proposals="Đề nghị Bộ Nông nghiệp và Môi trường hỗ trợ công cụ chuyển đổi dữ liệu.",
    ),
    _task(
        code="V.2",
        title="Ban hành Kế hoạch xây dựng các cơ sở dữ liệu chuyên ngành của thành phố (y tế, "
        "giáo dục, xây dựng, giao thông, du lịch, doanh nghiệp) bảo đảm “đúng, đủ, sạch, sống, "
        "thống nhất, dùng chung”",
        lead="khcn",
        support=["dnict", "yte", "gddt", "xaydung", "vhttdl", "taichinh"],
        field="data",
        output="Kế hoạch được UBND thành phố ban hành",
        deadline="31/12/2025",
        scenario="done_on_time",
        progress=100,
        claim="19/12/2025",
        evidence="Kế hoạch số 268/KH-UBND ngày 18/12/2025 của UBND thành phố",
        results="Kế hoạch xác định 27 cơ sở dữ liệu chuyên ngành, lộ trình hoàn thành đến năm "
        "2027 và cơ quan chủ quản của từng cơ sở dữ liệu.",
        difficulties="Không có.",
        proposals="Đề nghị bố trí kinh phí năm 2026 cho 09 cơ sở dữ liệu ưu tiên.",
    ),
    _task(
        code="V.3",
        title="Ban hành Kế hoạch ứng dụng và phát triển trí tuệ nhân tạo của thành phố đến năm "
        "2030",
        lead="khcn",
        support=["dnict", "udn", "bqlkcnc"],
        field="digital_transformation",
        output="Kế hoạch được UBND thành phố ban hành",
        deadline="Quý IV/2025",
        scenario="done_on_time",
        progress=100,
        claim="28/11/2025",
        evidence="Kế hoạch số 251/KH-UBND ngày 27/11/2025 của UBND thành phố",
        results="Kế hoạch đề ra 5 nhóm nhiệm vụ, 32 bài toán trí tuệ nhân tạo ưu tiên trong hành "
        "chính công, y tế, giao thông, du lịch; thí điểm trợ lý ảo cho cán bộ, công chức.",
        difficulties="Không có.",
        proposals="Đề nghị các sở, ngành đăng ký bài toán ứng dụng trước ngày 31/01/2026.",
    ),
    _task(
        code="V.4",
        title="Bảo đảm 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực "
        "tuyến toàn trình; tiếp nhận, giải quyết hồ sơ không phụ thuộc địa giới hành chính "
        "trong phạm vi thành phố",
        lead="ttpvhcc",
        support=["vpubnd", "khcn", "dnict", "congan"],
        field="digital_transformation",
        output="Quyết định công bố danh mục thủ tục hành chính tiếp nhận không phụ thuộc địa "
        "giới hành chính",
        deadline="31/12/2025",
        scenario="done_on_time",
        progress=100,
        claim="15/12/2025",
        evidence="Quyết định số 3489/QĐ-UBND ngày 12/12/2025 của Chủ tịch UBND thành phố",
        results="100% (1.682) thủ tục hành chính được tiếp nhận không phụ thuộc địa giới hành "
        "chính tại 94 điểm phục vụ; 1.024 thủ tục được cung cấp trực tuyến toàn trình.",
        difficulties="Một số thủ tục lĩnh vực đất đai còn yêu cầu hồ sơ giấy theo quy định của "
        "bộ, ngành.",
        proposals="Kiến nghị Bộ Nông nghiệp và Môi trường sửa đổi quy định về thành phần hồ sơ "
        "giấy.",
    ),
    _task(
        code="V.5",
        title="Xây dựng, đưa vào sử dụng Sổ tay điện tử của thành viên Ban Chỉ đạo và phần mềm "
        "theo dõi tiến độ thực hiện nhiệm vụ của Chương trình hành động",
        lead="vptu",
        support=["khcn", "dnict"],
        field="digital_transformation",
        output="Sổ tay điện tử và phần mềm theo dõi tiến độ được đưa vào sử dụng",
        deadline="31/10/2025",
        scenario="done_on_time",
        progress=100,
        claim="30/10/2025",
        evidence="Thông báo số 85-TB/VPTU ngày 30/10/2025 của Văn phòng Thành ủy về việc đưa phần "
        "mềm vào sử dụng",
        results="Cấp 156 tài khoản cho thành viên Ban Chỉ đạo, Tổ giúp việc và đầu mối các cơ "
        "quan, đơn vị; cập nhật đủ 49 nhiệm vụ của Chương trình hành động.",
        difficulties="Một số đầu mối chưa thành thạo, cập nhật còn chậm.",
        proposals="Tổ chức tập huấn định kỳ cho cán bộ đầu mối cập nhật tiến độ.",
    ),
    _task(
        code="V.6",
        title="Triển khai bệnh án điện tử tại 100% bệnh viện công lập và liên thông kết quả cận "
        "lâm sàng giữa các cơ sở khám bệnh, chữa bệnh",
        lead="yte",
        support=["khcn", "dnict", "taichinh"],
        field="digital_transformation",
        output="100% bệnh viện công lập triển khai bệnh án điện tử được Sở Y tế công nhận",
        deadline="30/06/2026",
        scenario="overdue_extended",
        progress=85,
        last_report="10/11/2026",
        extension_days=180,
        extension_requested="10/06/2026",
        extension_reason="05 bệnh viện khu vực Quảng Nam cũ phải thay thế phần mềm quản lý bệnh "
        "viện (HIS) để đáp ứng tiêu chuẩn bệnh án điện tử; thủ tục mua sắm kéo dài.",
        extension_decision_note="Đồng ý gia hạn 180 ngày; Sở Y tế báo cáo tiến độ hằng tháng.",
        results="18/23 bệnh viện công lập đã triển khai bệnh án điện tử; 05 bệnh viện đang chạy "
        "thử hệ thống HIS mới.",
        difficulties="Nhân lực công nghệ thông tin tại các bệnh viện tuyến dưới còn thiếu.",
        proposals="Đề nghị Sở Khoa học và Công nghệ hỗ trợ kiểm tra, đánh giá an toàn thông tin "
        "trước khi công nhận.",
    ),
    _task(
        code="V.7",
        title="Hỗ trợ doanh nghiệp nhỏ và vừa, hộ kinh doanh chuyển đổi số; đưa 100% sản phẩm "
        "OCOP của thành phố lên sàn thương mại điện tử",
        lead="congthuong",
        support=["khcn", "nnmt", "hoavang", "bana"],
        field="digital_transformation",
        output="100% sản phẩm OCOP có gian hàng trên sàn thương mại điện tử",
        deadline="Năm 2028",
        scenario="not_started",
        progress=0,
    ),
    _task(
        code="V.8",
        title="Thường xuyên cập nhật, làm sạch dữ liệu dân cư; đẩy mạnh sử dụng định danh và xác "
        "thực điện tử VNeID trong giải quyết thủ tục hành chính và các dịch vụ thiết yếu",
        lead="congan",
        support=["ttpvhcc", "khcn", "haichau", "tamky"],
        field="data",
        output="Báo cáo kết quả định kỳ hằng tháng",
        deadline="Thường xuyên",
        scenario="recurring",
        progress=85,
        last_report="05/11/2026",
        results="Đã kích hoạt 2,41 triệu tài khoản định danh điện tử mức 2 (94% dân số từ 14 "
        "tuổi); 100% hồ sơ thủ tục hành chính khai thác dữ liệu dân cư thay cho giấy tờ.",
        difficulties="Người dân ở khu vực miền núi chưa có điện thoại thông minh.",
        proposals="Đề nghị các doanh nghiệp viễn thông hỗ trợ thiết bị cho hộ nghèo.",
    ),
    _task(
        code="V.9",
        title="Xây dựng mô hình “Phường số” tại phường Hải Châu: 100% hồ sơ thủ tục hành chính "
        "được số hóa, ký số; 100% cuộc họp của UBND phường không dùng giấy; thanh toán không "
        "dùng tiền mặt tại chợ, điểm dịch vụ công",
        lead="haichau",
        support=["khcn", "dnict", "ttpvhcc"],
        field="digital_transformation",
        output="Mô hình “Phường số” được Ban Chỉ đạo công nhận để nhân rộng",
        deadline="30/06/2027",
        scenario="returned",
        progress=55,
        last_report="12/11/2026",
        results="Đã số hóa 100% hồ sơ thủ tục hành chính phát sinh từ ngày 01/7/2025; 4/6 chợ "
        "triển khai thanh toán bằng mã QR.",
        difficulties="Tiểu thương lớn tuổi còn e ngại thanh toán qua mã QR.",
        proposals="Đề nghị các ngân hàng thương mại hỗ trợ miễn phí giao dịch cho tiểu thương.",
        return_comment="Báo cáo chưa nêu tỷ lệ cuộc họp không giấy và số liệu thanh toán không "
        "dùng tiền mặt theo tiêu chí của mô hình. Đề nghị bổ sung số liệu định lượng cho từng "
        "tiêu chí và báo cáo lại trước ngày 05/12/2026.",
    ),
    _task(
        code="V.10",
        title="Vận hành Trung tâm giám sát an toàn thông tin mạng (SOC) của thành phố; bảo đảm "
        "an toàn thông tin theo mô hình 4 lớp cho 100% hệ thống thông tin; diễn tập thực chiến "
        "hằng năm",
        lead="dnict",
        support=["congan", "khcn"],
        field="cyber_security",
        output="Báo cáo giám sát an toàn thông tin hằng tháng; diễn tập thực chiến hằng năm",
        deadline="Thường xuyên",
        scenario="recurring",
        progress=90,
        last_report="02/11/2026",
        results="Tháng 10/2026 phát hiện, ngăn chặn 1.326 cảnh báo tấn công; 02 sự cố mức trung "
        "bình được xử lý trong ngày; hoàn thành diễn tập thực chiến năm 2026 với 12 đội.",
        difficulties="Thiếu nhân lực an toàn thông tin có chứng chỉ quốc tế.",
        proposals="Đề nghị hỗ trợ kinh phí đào tạo, cấp chứng chỉ cho 10 kỹ sư năm 2027.",
    ),
    _task(
        code="V.11",
        title="Số hóa di sản Đô thị cổ Hội An, Khu đền tháp Mỹ Sơn và các di tích quốc gia đặc "
        "biệt; phát triển hệ sinh thái du lịch thông minh, thuyết minh tự động đa ngôn ngữ",
        lead="vhttdl",
        support=["hoian", "khcn", "dnict"],
        field="digital_transformation",
        output="Cơ sở dữ liệu di sản số và ứng dụng du lịch thông minh vận hành",
        deadline="Năm 2027",
        scenario="in_progress",
        progress=45,
        last_report="20/10/2026",
        results="Số hóa 3D 142/310 di tích; ứng dụng thuyết minh tự động hỗ trợ 6 ngôn ngữ với "
        "215.000 lượt tải.",
        difficulties="Chi phí số hóa 3D lớn; một số di tích đang trùng tu chưa thể quét.",
        proposals="Đề nghị xã hội hóa một phần kinh phí số hóa thông qua doanh nghiệp du lịch.",
    ),
]

_GROUP_VI: list[TaskSpec] = [
    _task(
        code="VI.1",
        title="Ban hành Chương trình phát triển thị trường khoa học và công nghệ thành phố Đà "
        "Nẵng đến năm 2030",
        lead="khcn",
        support=["congthuong", "bqlkcnc", "udn", "taichinh"],
        field="science_technology",
        output="Chương trình được UBND thành phố ban hành",
        deadline="Tháng 11/2025",
        scenario="done_on_time",
        progress=100,
        claim="06/11/2025",
        evidence="Quyết định số 2876/QĐ-UBND ngày 05/11/2025 của UBND thành phố",
        results="Chương trình đặt mục tiêu giá trị giao dịch công nghệ tăng bình quân 15%/năm; "
        "hình thành 02 tổ chức trung gian của thị trường khoa học và công nghệ.",
        difficulties="Không có.",
        proposals="Đề nghị kết nối với Sàn giao dịch công nghệ quốc gia thay vì đầu tư sàn riêng.",
    ),
    _task(
        code="VI.2",
        title="Xây dựng Đề án phát triển Đà Nẵng trở thành trung tâm đổi mới sáng tạo quốc tế, "
        "phấn đấu đến năm 2030 thuộc nhóm 50 thành phố thông minh hàng đầu khu vực",
        lead="khcn",
        support=["bqlkcnc", "ngoaivu", "udn", "taichinh", "vpubnd"],
        field="innovation",
        output="Đề án được Ban Thường vụ Thành ủy thông qua",
        deadline="Quý I/2027",
        scenario="pending_review",
        progress=100,
        claim="23/11/2026",
        evidence="Thông báo số 318-TB/TU ngày 20/11/2026 của Ban Thường vụ Thành ủy thông qua Đề "
        "án",
        results="Ban Thường vụ Thành ủy đã thông qua Đề án tại phiên họp ngày 19/11/2026 với 6 "
        "nhóm giải pháp, 3 giai đoạn triển khai đến năm 2030.",
        difficulties="Không có.",
        proposals="Đề nghị công nhận hoàn thành nhiệm vụ và giao triển khai Đề án từ năm 2027.",
    ),
    _task(
        code="VI.3",
        title="Xúc tiến, thu hút các tập đoàn công nghệ đa quốc gia đầu tư vào lĩnh vực vi mạch "
        "bán dẫn, trí tuệ nhân tạo, trung tâm dữ liệu tại Khu công nghệ cao và các khu công "
        "nghiệp",
        lead="bqlkcnc",
        support=["ngoaivu", "taichinh", "khcn"],
        field="innovation",
        output="Tối thiểu 05 dự án công nghệ cao được cấp giấy chứng nhận đăng ký đầu tư",
        deadline="Năm 2027",
        scenario="in_progress",
        progress=60,
        last_report="25/10/2026",
        results="Đã cấp 03 giấy chứng nhận đăng ký đầu tư (tổng vốn 412 triệu USD), trong đó 01 "
        "dự án đóng gói, kiểm thử vi mạch; đang thẩm định 02 hồ sơ.",
        difficulties="Quỹ đất sạch tại Khu công nghệ cao giai đoạn 2 chưa đáp ứng nhu cầu.",
        proposals="Đề nghị đẩy nhanh giải phóng mặt bằng Khu công nghệ cao giai đoạn 2.",
    ),
    _task(
        code="VI.4",
        title="Ký kết, triển khai các thỏa thuận hợp tác về khoa học, công nghệ, đổi mới sáng "
        "tạo với các địa phương, tổ chức, trường đại học của Hàn Quốc, Nhật Bản, Hoa Kỳ, "
        "Singapore",
        lead="ngoaivu",
        support=["khcn", "udn", "bqlkcnc"],
        field="innovation",
        output="Tối thiểu 10 thỏa thuận hợp tác được ký kết và triển khai",
        deadline="2026–2030",
        scenario="in_progress",
        progress=40,
        last_report="30/09/2026",
        results="Đã ký 04 thỏa thuận với 01 địa phương của Hàn Quốc, 01 quỹ đổi mới sáng tạo "
        "của Singapore và 02 trường đại học Nhật Bản.",
        difficulties="Nguồn lực đối ứng để triển khai các thỏa thuận còn hạn chế.",
        proposals="Đề nghị bố trí kinh phí đối ứng hợp tác quốc tế trong dự toán năm 2027.",
    ),
    _task(
        code="VI.5",
        title="Thành lập Quỹ đầu tư mạo hiểm cho khởi nghiệp sáng tạo của thành phố theo cơ chế "
        "đặc thù tại Nghị quyết số 136/2024/QH15",
        lead="taichinh",
        support=["khcn", "tuphap", "noivu"],
        field="innovation",
        output="Quyết định thành lập và Điều lệ Quỹ được UBND thành phố ban hành",
        deadline="31/12/2026",
        scenario="extension_pending",
        progress=60,
        last_report="24/11/2026",
        extension_days=90,
        extension_requested="24/11/2026",
        extension_reason="Chưa có nghị định hướng dẫn về quỹ đầu tư mạo hiểm có vốn nhà nước; "
        "Bộ Tài chính chưa có ý kiến về mô hình quản lý quỹ.",
        results="Hoàn thành dự thảo Đề án thành lập Quỹ và Điều lệ; 12 nhà đầu tư, quỹ tư nhân "
        "cam kết góp vốn đối ứng.",
        difficulties="Chưa đủ căn cứ pháp lý về cơ chế chấp nhận rủi ro khi quỹ đầu tư không "
        "thành công.",
        proposals="Đề nghị gia hạn 90 ngày và Ban Chỉ đạo có văn bản đề nghị Bộ Tài chính hướng "
        "dẫn.",
    ),
    _task(
        code="VI.6",
        title="Xây dựng Sàn giao dịch công nghệ riêng của thành phố Đà Nẵng",
        lead="khcn",
        support=["congthuong", "dnict"],
        field="science_technology",
        output="Sàn giao dịch công nghệ thành phố đi vào vận hành",
        deadline="Năm 2027",
        scenario="cancelled",
        progress=0,
        cancel_reason="Điều chỉnh theo Thông báo kết luận số 120-TB/TU ngày 29/11/2025: không "
        "đầu tư sàn giao dịch công nghệ riêng để tránh trùng lặp, lãng phí; kết nối, sử dụng "
        "Sàn giao dịch công nghệ quốc gia và lồng ghép vào Chương trình phát triển thị trường "
        "khoa học và công nghệ đến năm 2030 (nhiệm vụ VI.1).",
    ),
]

PROGRAMME_GROUPS: list[GroupSpec] = [
    {
        "code": "I",
        "title": "Nâng cao nhận thức, đột phá đổi mới tư duy, xác định quyết tâm chính trị mạnh "
        "mẽ, quyết liệt lãnh đạo, chỉ đạo, tạo xung lực mới, khí thế mới trong toàn xã hội",
        "tasks": _GROUP_I,
    },
    {
        "code": "II",
        "title": "Khẩn trương, quyết liệt hoàn thiện thể chế, cơ chế, chính sách; xóa bỏ mọi tư "
        "tưởng, quan niệm, rào cản đang cản trở sự phát triển",
        "tasks": _GROUP_II,
    },
    {
        "code": "III",
        "title": "Phát triển hạ tầng số, hạ tầng khoa học, công nghệ và đổi mới sáng tạo",
        "tasks": _GROUP_III,
    },
    {
        "code": "IV",
        "title": "Phát triển, trọng dụng nguồn nhân lực chất lượng cao, nhân tài đáp ứng yêu "
        "cầu phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "tasks": _GROUP_IV,
    },
    {
        "code": "V",
        "title": "Đẩy mạnh chuyển đổi số trong các cơ quan trong hệ thống chính trị; phát triển "
        "kinh tế số, xã hội số và dữ liệu số",
        "tasks": _GROUP_V,
    },
    {
        "code": "VI",
        "title": "Tăng cường hợp tác quốc tế; thúc đẩy mạnh mẽ đổi mới sáng tạo, phát triển "
        "doanh nghiệp công nghệ",
        "tasks": _GROUP_VI,
    },
]


# ---------------------------------------------------------------------------------------------
# The conclusion of the meeting of 28/11/2025 (Thông báo kết luận số 120-TB/TU)
# ---------------------------------------------------------------------------------------------

CONCLUSION_TASKS: list[TaskSpec] = [
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.1",
        title="Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp Công an thành phố, Sở Khoa "
        "học và Công nghệ và UBND các phường, xã tổ chức chiến dịch cao điểm 90 ngày hoàn "
        "thành số hóa, làm sạch dữ liệu đất đai bảo đảm “đúng, đủ, sạch, sống”, kết nối với Cơ "
        "sở dữ liệu quốc gia về dân cư",
        lead="nnmt",
        support=["congan", "khcn", "dnict", "haichau", "hoian", "tamky", "hoavang"],
        field="data",
        output="Báo cáo kết quả chiến dịch; 100% thửa đất đã cấp giấy chứng nhận được số hóa, "
        "làm sạch",
        deadline="28/02/2026",
        scenario="done_late",
        progress=100,
        claim="20/03/2026",
        evidence="Báo cáo số 96/BC-SNNMT ngày 19/03/2026 của Sở Nông nghiệp và Môi trường",
        results="Số hóa, làm sạch 1,28 triệu thửa đất (100% thửa đã cấp giấy chứng nhận); đối "
        "soát, xác thực 1,05 triệu chủ sử dụng đất với Cơ sở dữ liệu quốc gia về dân cư.",
        difficulties="Hồ sơ giấy tại các xã khu vực Quảng Nam cũ nhiều, chất lượng thấp nên "
        "hoàn thành chậm 20 ngày.",
        proposals="Đề nghị duy trì tổ công tác liên ngành để cập nhật biến động đất đai thường "
        "xuyên.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.2",
        title="Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tài chính, Sở Tư pháp hoàn "
        "thiện hồ sơ, tham mưu UBND thành phố trình HĐND thành phố 02 nghị quyết tại kỳ họp "
        "thường lệ cuối năm 2025 (nội dung, mức chi thực hiện nhiệm vụ khoa học và công nghệ; "
        "chính sách hỗ trợ chuyển đổi số cho doanh nghiệp nhỏ và vừa)",
        lead="khcn",
        support=["taichinh", "tuphap", "vpubnd"],
        field="institution",
        output="02 nghị quyết được HĐND thành phố thông qua tại kỳ họp cuối năm 2025",
        deadline="Tháng 12/2025",
        scenario="done_on_time",
        progress=100,
        claim="12/12/2025",
        evidence="Nghị quyết số 84/2025/NQ-HĐND và Nghị quyết số 85/2025/NQ-HĐND ngày "
        "11/12/2025 của HĐND thành phố",
        results="HĐND thành phố đã thông qua 02 nghị quyết tại kỳ họp thường lệ cuối năm 2025.",
        difficulties="Thời gian chuẩn bị hồ sơ ngắn.",
        proposals="Đề nghị UBND thành phố sớm ban hành văn bản hướng dẫn thực hiện.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.3",
        title="Giao Văn phòng UBND thành phố chủ trì, phối hợp Trung tâm Phục vụ hành chính "
        "công, Sở Nội vụ và các sở, ngành, phường, xã triển khai giải pháp để năm 2026 thành "
        "phố thuộc nhóm 05 địa phương dẫn đầu về Bộ chỉ số phục vụ người dân, doanh nghiệp "
        "theo Quyết định số 766/QĐ-TTg của Thủ tướng Chính phủ",
        lead="vpubnd",
        support=["ttpvhcc", "noivu", "khcn", "haichau"],
        field="digital_transformation",
        output="Kết quả xếp hạng Bộ chỉ số năm 2026 của thành phố thuộc Top 5 cả nước",
        deadline="31/12/2026",
        scenario="in_progress",
        progress=80,
        last_report="20/11/2026",
        results="Tháng 10/2026 thành phố xếp thứ 4/34 tỉnh, thành phố; các chỉ số thanh toán "
        "trực tuyến và số hóa hồ sơ đạt điểm tối đa.",
        difficulties="Tỷ lệ hồ sơ trực tuyến toàn trình của một số xã miền núi còn dưới 60%.",
        proposals="Đề nghị các xã miền núi bố trí công chức hỗ trợ người dân nộp hồ sơ trực "
        "tuyến tại bộ phận một cửa.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.4",
        title="Giao Sở Khoa học và Công nghệ chủ trì, phối hợp các sở, ngành triển khai kế "
        "hoạch cải thiện Chỉ số đổi mới sáng tạo cấp địa phương (PII) và Chỉ số chuyển đổi số "
        "cấp tỉnh (DTI), phấn đấu năm 2026 thuộc nhóm 05 địa phương dẫn đầu cả nước",
        lead="khcn",
        support=["dnict", "taichinh", "congthuong", "bqlkcnc", "udn"],
        field="innovation",
        output="Kết quả công bố PII, DTI năm 2026 của thành phố thuộc Top 5 cả nước",
        deadline="31/12/2026",
        scenario="in_progress",
        progress=55,
        last_report="12/10/2026",
        results="Đã ban hành kế hoạch cải thiện chỉ số; tự đánh giá DTI năm 2026 dự kiến xếp "
        "thứ 6–8; PII còn yếu ở trụ cột sản phẩm sáng tạo và số đơn đăng ký sáng chế.",
        difficulties="Số đơn đăng ký sáng chế, giải pháp hữu ích còn thấp; dữ liệu phục vụ đánh "
        "giá từ các bộ, ngành chưa đầy đủ.",
        proposals="Đề nghị Đại học Đà Nẵng và doanh nghiệp Khu công nghệ cao đẩy mạnh đăng ký "
        "sáng chế; Ban Chỉ đạo đôn đốc các sở cung cấp dữ liệu đúng hạn.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.5",
        title="Giao Viettel Đà Nẵng chủ trì, phối hợp VNPT Đà Nẵng, Sở Khoa học và Công nghệ và "
        "UBND các xã liên quan xóa toàn bộ vùng lõm sóng di động tại các thôn chưa có sóng "
        "hoặc sóng yếu",
        lead="viettel",
        support=["vnpt", "khcn", "bana", "hoavang", "namtramy", "pcquangnam"],
        field="infrastructure",
        output="100% thôn, tổ dân phố có sóng di động băng rộng",
        deadline="31/03/2026",
        scenario="overdue_extended",
        progress=88,
        last_report="28/10/2026",
        extension_days=120,
        extension_requested="16/03/2026",
        extension_reason="12 thôn tại xã Nam Trà My chưa có điện lưới để lắp đặt trạm BTS, phải "
        "chờ tiến độ kéo điện của ngành điện.",
        extension_decision_note="Đồng ý gia hạn 120 ngày; giao Sở Công Thương đôn đốc ngành "
        "điện bảo đảm nguồn điện cho trạm BTS.",
        results="Đã xóa 96/108 thôn lõm sóng (88,9%); 12 thôn còn lại tại xã Nam Trà My đang lắp "
        "đặt trạm BTS dùng điện mặt trời.",
        difficulties="Chưa có điện lưới; không vận chuyển được thiết bị bằng đường bộ vào mùa "
        "mưa.",
        proposals="Đề nghị Ban Chỉ đạo chấp thuận giải pháp trạm BTS năng lượng mặt trời và "
        "đánh giá hoàn thành theo từng thôn.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.6",
        title="Giao Sở Công Thương chủ trì, phối hợp Công ty TNHH MTV Điện lực Đà Nẵng, Công ty "
        "Điện lực Quảng Nam rà soát, lập danh mục các khu vực chưa có điện lưới quốc gia, xây "
        "dựng phương án cấp điện, báo cáo Ban Chỉ đạo",
        lead="congthuong",
        support=["pcdanang", "pcquangnam", "bana", "namtramy"],
        field="infrastructure",
        output="Báo cáo danh mục khu vực chưa có điện và phương án cấp điện trình Ban Chỉ đạo",
        deadline="31/01/2026",
        scenario="done_on_time",
        progress=100,
        claim="22/01/2026",
        evidence="Báo cáo số 45/BC-SCT ngày 21/01/2026 của Sở Công Thương",
        results="Xác định 43 thôn với 2.180 hộ chưa có điện lưới hoặc điện không ổn định; đề "
        "xuất phương án kéo lưới cho 31 thôn, điện mặt trời độc lập cho 12 thôn.",
        difficulties="Chi phí kéo lưới điện đến các thôn vùng sâu rất lớn.",
        proposals="Đề nghị lồng ghép nguồn vốn Chương trình mục tiêu quốc gia để cấp điện.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.7",
        title="Giao Văn phòng Thành ủy chủ trì, phối hợp Sở Khoa học và Công nghệ đưa phần mềm "
        "giám sát thường xuyên và phòng họp không giấy vào sử dụng chính thức từ phiên họp Ban "
        "Chỉ đạo tháng 12/2025",
        lead="vptu",
        support=["khcn", "dnict"],
        field="digital_transformation",
        output="Phần mềm giám sát và phòng họp không giấy vận hành chính thức",
        deadline="31/12/2025",
        scenario="done_on_time",
        progress=100,
        claim="26/12/2025",
        evidence="Thông báo số 102-TB/VPTU ngày 26/12/2025 của Văn phòng Thành ủy",
        results="Phiên họp Ban Chỉ đạo ngày 24/12/2025 là phiên họp không giấy đầu tiên; phần "
        "mềm giám sát đã kết nối dữ liệu tiến độ của 49 nhiệm vụ.",
        difficulties="Không có.",
        proposals="Đề nghị nhân rộng phòng họp không giấy cho Ban Thường vụ Thành ủy.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.8",
        title="Giao Trung tâm Phục vụ hành chính công thành phố chủ trì, phối hợp Sở Khoa học "
        "và Công nghệ và UBND các phường, xã bảo đảm 100% kết quả giải quyết thủ tục hành "
        "chính được số hóa, tái sử dụng; người dân không phải nộp lại giấy tờ đã có trong cơ "
        "sở dữ liệu",
        lead="ttpvhcc",
        support=["khcn", "dnict", "haichau", "hoian", "tamky"],
        field="digital_transformation",
        output="Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính đạt 100% trên Hệ thống thông "
        "tin giải quyết thủ tục hành chính",
        deadline="31/12/2026",
        scenario="pending_review",
        progress=100,
        claim="24/11/2026",
        evidence="Báo cáo số 287/BC-TTPVHCC ngày 24/11/2026 kèm số liệu trích xuất từ Hệ thống "
        "thông tin giải quyết thủ tục hành chính",
        results="100% kết quả giải quyết thủ tục hành chính từ ngày 01/01/2026 được số hóa; "
        "1,9 triệu giấy tờ được tái sử dụng.",
        difficulties="Không có.",
        proposals="Đề nghị công nhận hoàn thành nhiệm vụ.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.9",
        title="Giao Sở Tài chính chủ trì tham mưu bố trí tối thiểu 3% tổng chi ngân sách thành "
        "phố năm 2026 cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số, ưu tiên vốn "
        "cho dự án hạ tầng tính toán phục vụ thiết kế vi mạch và trí tuệ nhân tạo",
        lead="taichinh",
        support=["khcn", "vpubnd"],
        field="other",
        output="Dự toán ngân sách năm 2026 được HĐND thành phố thông qua",
        deadline="31/12/2025",
        scenario="done_on_time",
        progress=100,
        claim="11/12/2025",
        evidence="Nghị quyết của HĐND thành phố về dự toán ngân sách năm 2026 thông qua ngày "
        "11/12/2025",
        results="Bố trí 1.385 tỷ đồng (3,2% tổng chi ngân sách), trong đó 120 tỷ đồng cho dự án "
        "hạ tầng tính toán hiệu năng cao.",
        difficulties="Không có.",
        proposals="Đề nghị các đơn vị đẩy nhanh giải ngân ngay từ đầu năm.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.10",
        title="Giao Sở Nội vụ chủ trì, phối hợp Ban Tổ chức Thành ủy tham mưu quy định đánh "
        "giá, xếp loại cán bộ, công chức theo kết quả, sản phẩm (KPI) trên nền tảng số, gắn với "
        "kết quả thực hiện nhiệm vụ chuyển đổi số",
        lead="noivu",
        support=["btctu", "khcn", "dnict"],
        field="institution",
        output="Quyết định của UBND thành phố ban hành quy định đánh giá theo KPI",
        deadline="Quý II/2026",
        scenario="overdue",
        progress=60,
        last_report="25/09/2026",
        results="Đã thí điểm đánh giá theo KPI tại 06 sở và 10 phường; dự thảo quy định đang "
        "lấy ý kiến.",
        difficulties="Chưa có hướng dẫn thống nhất về khung KPI; phần mềm đánh giá chưa liên "
        "thông với phần mềm quản lý văn bản.",
        proposals="Đề nghị Ban Chỉ đạo cho phép ban hành sau khi có hướng dẫn của Bộ Nội vụ.",
    ),
    _task(
        directive=CONCLUSION_DIRECTIVE,
        code="KL.11",
        title="Giao UBND phường Hải Châu hoàn thành rà soát, số hóa hồ sơ địa chính trên địa "
        "bàn phường, làm điểm cho chiến dịch 90 ngày làm sạch dữ liệu đất đai",
        lead="haichau",
        support=["nnmt", "congan"],
        field="data",
        output="100% hồ sơ địa chính của phường được số hóa, đối soát",
        deadline="28/02/2026",
        scenario="done_on_time",
        progress=100,
        claim="24/02/2026",
        evidence="Báo cáo số 41/BC-UBND ngày 24/02/2026 của UBND phường Hải Châu",
        results="Số hóa, đối soát 38.650 hồ sơ địa chính; chỉnh lý 2.140 thửa sai lệch thông "
        "tin chủ sử dụng.",
        difficulties="Nhiều hồ sơ cũ bị rách, mờ, phải khôi phục thủ công.",
        proposals="Đề nghị Sở Nông nghiệp và Môi trường hướng dẫn quy trình cập nhật biến động "
        "sau chiến dịch.",
    ),
]


# ---------------------------------------------------------------------------------------------
# Demo users
# ---------------------------------------------------------------------------------------------

DEMO_USERS: list[UserSpec] = [
    {
        "username": "quantri",
        "full_name": "Lê Minh Tuấn",
        "role": "admin",
        "unit": "vptu",
        "email": "lmtuan@danang.gov.vn",
        "title": "Chuyên viên quản trị hệ thống, Văn phòng Thành ủy",
    },
    {
        "username": "lanhdao",
        "full_name": "Nguyễn Hữu Thắng",
        "role": "leader",
        "unit": "bcd",
        "email": "nhthang@danang.gov.vn",
        "title": "Phó Trưởng Ban Chỉ đạo",
    },
    {
        # A second leader, so the leaders in charge (LEADERS_IN_CHARGE below) differ.
        "username": "lanhdao.ubnd",
        "full_name": "Lê Quang Nam",
        "role": "leader",
        "unit": "bcd",
        "email": "lqnam@danang.gov.vn",
        "title": "Phó Trưởng Ban Chỉ đạo, Phó Chủ tịch UBND thành phố",
    },
    {
        "username": "thuongtruc",
        "full_name": "Trần Thị Thu Hà",
        "role": "secretariat",
        "unit": "vptu",
        "email": "ttthuha@danang.gov.vn",
        "title": "Phó Chánh Văn phòng Thành ủy, Tổ trưởng Tổ giúp việc",
    },
    {
        "username": "thanhvien",
        "full_name": "Hoàng Đức Long",
        "role": "member",
        "unit": "bcd",
        "email": "hdlong@danang.gov.vn",
        "title": "Ủy viên Ban Chỉ đạo",
    },
    {
        "username": "khcn.truong",
        "full_name": "Phạm Quốc Bảo",
        "role": "unit_head",
        "unit": "khcn",
        "email": "pqbao@danang.gov.vn",
        "title": "Giám đốc Sở Khoa học và Công nghệ",
    },
    {
        "username": "khcn.cv",
        "full_name": "Võ Thị Ngọc Ánh",
        "role": "unit_officer",
        "unit": "khcn",
        "email": "vtnanh@danang.gov.vn",
        "title": "Chuyên viên Phòng Chuyển đổi số",
    },
    {
        "username": "haichau.truong",
        "full_name": "Đặng Văn Lợi",
        "role": "unit_head",
        "unit": "haichau",
        "email": "dvloi@danang.gov.vn",
        "title": "Chủ tịch UBND phường Hải Châu",
    },
    {
        "username": "haichau.cv",
        "full_name": "Huỳnh Thị Mỹ Linh",
        "role": "unit_officer",
        "unit": "haichau",
        "email": "htmlinh@danang.gov.vn",
        "title": "Công chức Văn phòng HĐND và UBND phường",
    },
    {
        "username": "taichinh.truong",
        "full_name": "Ngô Thanh Sơn",
        "role": "unit_head",
        "unit": "taichinh",
        "email": "ntson@danang.gov.vn",
        "title": "Giám đốc Sở Tài chính",
    },
    {
        "username": "taichinh.cv",
        "full_name": "Bùi Thị Kim Oanh",
        "role": "unit_officer",
        "unit": "taichinh",
        "email": "btkoanh@danang.gov.vn",
        "title": "Chuyên viên Phòng Tài chính hành chính sự nghiệp",
    },
    {
        "username": "nnmt.truong",
        "full_name": "Phan Văn Hiếu",
        "role": "unit_head",
        "unit": "nnmt",
        "email": "pvhieu@danang.gov.vn",
        "title": "Giám đốc Sở Nông nghiệp và Môi trường",
    },
    {
        "username": "nnmt.cv",
        "full_name": "Trương Thị Hồng Nhung",
        "role": "unit_officer",
        "unit": "nnmt",
        "email": "tthnhung@danang.gov.vn",
        "title": "Chuyên viên Văn phòng Đăng ký đất đai",
    },
    {
        "username": "viettel.truong",
        "full_name": "Lâm Quang Vinh",
        "role": "unit_head",
        "unit": "viettel",
        "email": "lqvinh@danang.gov.vn",
        "title": "Giám đốc Viettel Đà Nẵng",
    },
    {
        "username": "viettel.cv",
        "full_name": "Dương Minh Khoa",
        "role": "unit_officer",
        "unit": "viettel",
        "email": "dmkhoa@danang.gov.vn",
        "title": "Kỹ sư Phòng Kỹ thuật hạ tầng",
    },
    {
        "username": "pcdanang.truong",
        "full_name": "Tôn Thất Nhân",
        "role": "unit_head",
        "unit": "pcdanang",
        "email": "ttnhan@danang.gov.vn",
        "title": "Giám đốc Công ty TNHH MTV Điện lực Đà Nẵng",
    },
    {
        "username": "pcdanang.cv",
        "full_name": "Lê Thị Thanh Tâm",
        "role": "unit_officer",
        "unit": "pcdanang",
        "email": "ltttam@danang.gov.vn",
        "title": "Chuyên viên Phòng Kỹ thuật",
    },
]


# ---------------------------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------------------------

_CODE = re.compile(r"^[a-z][a-z0-9_-]*$")
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]*$")
_PAST = {"done_on_time", "done_late", "overdue", "overdue_extended"}
_FUTURE = {"in_progress", "not_started", "pending_review", "returned", "extension_pending"}
_WITH_CLAIM = {"done_on_time", "done_late", "pending_review"}
_WITHOUT_REPORTS = {"not_started", "cancelled"}
_EXTENSION = {"overdue_extended", "extension_pending"}
_COMMON = ("done_on_time", "in_progress")
_REQUIRED_UNITS = ("bcd", "vptu", "khcn", "haichau", "viettel", "pcdanang", "vnpt", "udn")
_REQUIRED_USERS = (
    "quantri", "lanhdao", "thuongtruc", "khcn.truong", "khcn.cv", "haichau.truong",
    "haichau.cv", "thanhvien",
)
_EARLIEST = date(2025, 1, 1)
_LATEST = date(2030, 12, 31)


# ---------------------------------------------------------------------------------------------
# Leaders in charge (lãnh đạo phụ trách): the programme is followed by the standing Vice Head;
# its infrastructure (III) and digital-government (V) groups, the conclusion's tasks and one
# task of group II (the data policies) by the city government's Vice Chair. Every other task
# inherits; 57-NQ/TW and 204-QĐ/TW have none (central documents, no city tasks of their own).
# ---------------------------------------------------------------------------------------------

DIRECTIVE_LEADERS: dict[str, str] = {PROGRAMME_DIRECTIVE: "lanhdao", CONCLUSION_DIRECTIVE: "lanhdao.ubnd"}
GROUP_LEADERS: dict[str, str] = {"III": "lanhdao.ubnd", "V": "lanhdao.ubnd"}
TASK_LEADERS: dict[str, str] = {"II.3": "lanhdao.ubnd"}


def _fold(text: str) -> str:
    """Accent- and case-insensitive form, as names are matched (đ → d included)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    return " ".join(stripped.split()).lower()


def all_tasks() -> list[TaskSpec]:
    """Programme tasks in order, then the conclusion's."""
    return [task for group in PROGRAMME_GROUPS for task in group["tasks"]] + CONCLUSION_TASKS


def _check_units(problems: list[str]) -> set[str]:
    codes = [unit["code"] for unit in UNITS]
    known = set(codes)
    if len(UNITS) < 34:
        problems.append(f"only {len(UNITS)} units, want at least 34")
    if len(known) != len(codes):
        problems.append("duplicate unit codes")
    for code in _REQUIRED_UNITS:
        if code not in known:
            problems.append(f"unit {code!r} missing")
    by_code = {unit["code"]: unit for unit in UNITS}
    for code, kind in (("bcd", "committee"), ("vptu", "standing_office")):
        if code in by_code and by_code[code]["kind"] != kind:
            problems.append(f"unit {code} must be of kind {kind}")
    owner: dict[str, str] = {}
    for unit in UNITS:
        code = unit["code"]
        if not _CODE.match(code):
            problems.append(f"unit code {code!r} is not an ascii slug")
        if unit["kind"] not in UNIT_KINDS:
            problems.append(f"unit {code}: bad kind {unit['kind']!r}")
        if unit["parent"] is not None and unit["parent"] not in known:
            problems.append(f"unit {code}: unknown parent {unit['parent']!r}")
        seen, parent = {code}, unit["parent"]
        while parent is not None and parent in by_code:
            if parent in seen:
                problems.append(f"unit {code}: cycle in parents")
                break
            seen.add(parent)
            parent = by_code[parent]["parent"]
        for spelling in {unit["name"], unit["short_name"], *unit["aliases"]}:
            key = _fold(spelling)
            if owner.setdefault(key, code) != code:
                problems.append(f"spelling {spelling!r} of {code} also names {owner[key]}")
    return known


def _check_task(task: TaskSpec, units: set[str], problems: list[str]) -> None:
    code, scenario = task["code"], task["scenario"]
    where = f"task {code}"
    if task["lead"] not in units:
        problems.append(f"{where}: unknown lead {task['lead']!r}")
    for unit in task["support"]:
        if unit not in units:
            problems.append(f"{where}: unknown support unit {unit!r}")
    if task["lead"] in task["support"]:
        problems.append(f"{where}: lead unit is also a support unit")
    if len(set(task["support"])) != len(task["support"]):
        problems.append(f"{where}: duplicate support units")
    if task["field"] not in TASK_FIELDS:
        problems.append(f"{where}: bad field {task['field']!r}")
    if scenario not in SCENARIOS:
        problems.append(f"{where}: bad scenario {scenario!r}")
    if not task["title"].strip() or not task["output"].strip():
        problems.append(f"{where}: empty title or output")
    if not 0 <= task["progress"] <= 100:
        problems.append(f"{where}: progress out of range")
    if task["recurring"] != (scenario == "recurring"):
        problems.append(f"{where}: recurring flag disagrees with scenario")

    offset = task["offset_days"]
    due = task["nominal_due_on"]
    if task["recurring"]:
        if offset is not None or due is not None:
            problems.append(f"{where}: a recurring task has no deadline")
    elif offset is None or due is None:
        problems.append(f"{where}: deadline task without a due date")
        return
    else:
        if not _EARLIEST <= due <= _LATEST:
            problems.append(f"{where}: due date {due} outside 2025-2030")
        if scenario in _PAST and offset >= 0:
            problems.append(f"{where}: {scenario} needs a past deadline")
        if scenario in _FUTURE and offset <= 0:
            problems.append(f"{where}: {scenario} needs a future deadline")
    assigned = task["assigned_offset_days"]
    if offset is not None and offset < assigned:
        problems.append(f"{where}: due before it was assigned")

    claim = task.get("claim_offset_days")
    last = task.get("last_report_offset_days")
    has_reports = scenario not in _WITHOUT_REPORTS
    if has_reports:
        for key in ("results", "difficulties", "proposals"):
            if not task.get(key):
                problems.append(f"{where}: {key} missing")
        if last is None:
            problems.append(f"{where}: no last report date")
        elif not assigned <= last < 0:
            problems.append(f"{where}: last report not between assignment and today")
    else:
        for key in ("results", "claim_offset_days", "last_report_offset_days"):
            if key in task:
                problems.append(f"{where}: {scenario} must have no {key}")
        if task["progress"] != 0:
            problems.append(f"{where}: {scenario} must have progress 0")

    if scenario in _WITH_CLAIM:
        if claim is None or not task.get("evidence"):
            problems.append(f"{where}: a completion claim needs a date and evidence")
        elif task["progress"] != 100:
            problems.append(f"{where}: a completion claim reports 100%")
        elif offset is not None:
            if scenario == "done_on_time" and claim > offset:
                problems.append(f"{where}: done_on_time claimed after the deadline")
            if scenario == "done_late" and claim <= offset:
                problems.append(f"{where}: done_late claimed on time")
    elif scenario == "returned":
        if not task.get("return_comment"):
            problems.append(f"{where}: return_comment missing")
        if claim is not None and not task.get("evidence"):
            problems.append(f"{where}: the returned claim needs evidence")
    elif claim is not None:
        problems.append(f"{where}: {scenario} must have no completion claim")
    if scenario != "returned" and "return_comment" in task:
        problems.append(f"{where}: only returned tasks have a return_comment")

    if scenario in _EXTENSION:
        days = task.get("extension_days")
        asked = task.get("extension_requested_offset_days")
        if not task.get("extension_reason") or not days or days <= 0 or asked is None:
            problems.append(f"{where}: extension reason, days and request date needed")
        elif offset is not None and asked >= offset:
            problems.append(f"{where}: extension requested after the due date")
        elif asked >= 0 or asked < assigned:
            problems.append(f"{where}: extension request date out of range")
        if scenario == "overdue_extended" and not task.get("extension_decision_note"):
            problems.append(f"{where}: extension_decision_note missing")
    elif "extension_days" in task or "extension_reason" in task:
        problems.append(f"{where}: {scenario} must have no extension")

    if (scenario == "cancelled") != bool(task.get("cancel_reason")):
        problems.append(f"{where}: cancel_reason goes with the cancelled scenario only")
    if scenario in _WITH_CLAIM and claim is not None and claim >= 0:
        problems.append(f"{where}: completion claimed in the future")


def check_story() -> list[str]:
    """Problems with the story; an empty list when it is consistent."""
    problems: list[str] = []
    units = _check_units(problems)

    directive_codes = {spec["code"] for spec in DIRECTIVES}
    if len(directive_codes) != len(DIRECTIVES):
        problems.append("duplicate directive codes")
    for spec in DIRECTIVES:
        if spec["kind"] not in DIRECTIVE_KINDS:
            problems.append(f"directive {spec['code']}: bad kind {spec['kind']!r}")
        if spec["parent"] is not None and spec["parent"] not in directive_codes:
            problems.append(f"directive {spec['code']}: unknown parent {spec['parent']!r}")
    for code in ("57-NQ/TW", "204-QĐ/TW", PROGRAMME_DIRECTIVE, CONCLUSION_DIRECTIVE):
        if code not in directive_codes:
            problems.append(f"directive {code} missing")

    group_codes = [group["code"] for group in PROGRAMME_GROUPS]
    if group_codes != ["I", "II", "III", "IV", "V", "VI"]:
        problems.append(f"groups must be I..VI, got {group_codes}")
    programme = [task for group in PROGRAMME_GROUPS for task in group["tasks"]]
    if len(programme) != 49:
        problems.append(f"{len(programme)} programme tasks, want 49")
    for group in PROGRAMME_GROUPS:
        for task in group["tasks"]:
            if not task["code"].startswith(group["code"] + "."):
                problems.append(f"task {task['code']} is not numbered in group {group['code']}")
    if not 8 <= len(CONCLUSION_TASKS) <= 12:
        problems.append(f"{len(CONCLUSION_TASKS)} conclusion tasks, want 8-12")
    for task in CONCLUSION_TASKS:
        due = task["nominal_due_on"]
        if due is None or not date(2025, 12, 1) <= due <= date(2026, 12, 31):
            problems.append(f"conclusion task {task['code']}: deadline outside 12/2025-2026")

    tasks = all_tasks()
    codes = [task["code"] for task in tasks]
    if len(set(codes)) != len(codes):
        problems.append("duplicate task codes")
    for task in tasks:
        _check_task(task, units, problems)

    counts = scenario_counts()
    for scenario in SCENARIOS:
        want = 1 if scenario == "cancelled" else 2
        if scenario == "cancelled" and counts.get(scenario, 0) != 1:
            problems.append("exactly one task must be cancelled")
        elif counts.get(scenario, 0) < want:
            problems.append(f"scenario {scenario} used {counts.get(scenario, 0)} times")
    others = max(count for name, count in counts.items() if name not in _COMMON)
    for scenario in _COMMON:
        if counts.get(scenario, 0) < others:
            problems.append(f"{scenario} should be among the most common scenarios")

    leads = [task["lead"] for task in programme]
    if not 7 <= leads.count("khcn") <= 9:
        problems.append(f"khcn leads {leads.count('khcn')} programme tasks, want about 8")
    if leads.count("haichau") < 3:
        problems.append("haichau must lead at least 3 programme tasks")
    recurring = sum(task["recurring"] for task in programme)
    if not 4 <= recurring <= 6:
        problems.append(f"{recurring} recurring programme tasks, want about 5")
    years = {task["nominal_due_on"].year for task in programme if task["nominal_due_on"]}
    missing_years = set(range(2025, 2031)) - years
    if missing_years:
        problems.append(f"no programme deadline in {sorted(missing_years)}")
    if not any("đất đai" in task["title"] for task in programme):
        problems.append("no programme task about đất đai")

    usernames = [user["username"] for user in DEMO_USERS]
    emails = [user["email"] for user in DEMO_USERS]
    if len(set(usernames)) != len(usernames) or len(set(emails)) != len(emails):
        problems.append("duplicate usernames or emails")
    for username in _REQUIRED_USERS:
        if username not in usernames:
            problems.append(f"demo user {username!r} missing")
    for user in DEMO_USERS:
        if not _USERNAME.match(user["username"]):
            problems.append(f"user {user['username']!r}: bad username")
        if user["role"] not in ROLES:
            problems.append(f"user {user['username']}: bad role {user['role']!r}")
        if user["unit"] is not None and user["unit"] not in units:
            problems.append(f"user {user['username']}: unknown unit {user['unit']!r}")
        if user["role"] in {"unit_head", "unit_officer"} and user["unit"] is None:
            problems.append(f"user {user['username']}: a unit user needs a unit")
        if "@" not in user["email"]:
            problems.append(f"user {user['username']}: bad email")
    leaders = {user["username"] for user in DEMO_USERS if user["role"] == "leader"}
    for where, known, chosen in (("directive", directive_codes, DIRECTIVE_LEADERS),
                                 ("group", set(group_codes), GROUP_LEADERS), ("task", set(codes), TASK_LEADERS)):
        for code, username in chosen.items():
            if code not in known:
                problems.append(f"leader in charge of unknown {where} {code!r}")
            if username not in leaders:
                problems.append(f"leader in charge of {where} {code}: {username!r} is not a demo leader")
    return problems


def scenario_counts() -> dict[str, int]:
    """How many tasks (programme and conclusion) play each scenario."""
    counts: dict[str, int] = {}
    for task in all_tasks():
        counts[task["scenario"]] = counts.get(task["scenario"], 0) + 1
    return counts


# Unit groups (nhóm đơn vị, issue 12): a collective lead in a text maps to one of these by name or alias.
UNIT_GROUPS: list[dict[str, object]] = [
    {"name": "Các sở, ban, ngành",
     "aliases": ["Các sở, ban, ngành thành phố", "các sở, ngành", "các sở, ban, ngành liên quan",
                 "Thủ trưởng các sở, ban, ngành", "các cơ quan, đơn vị"],
     "members": ["khcn", "vpubnd", "taichinh", "noivu", "gddt", "yte", "xaydung", "nnmt", "congthuong", "vhttdl",
                 "tuphap", "ngoaivu", "congan", "bqlkcnc"]},
    {"name": "UBND các xã, phường",
     "aliases": ["UBND các phường, xã", "Ủy ban nhân dân các xã, phường", "các xã, phường", "các địa phương",
                 "Chủ tịch UBND các xã, phường"],
     "members": ["haichau", "hoacuong", "thanhkhe", "sontra", "nguhanhson", "camle", "lienchieu", "hoakhanh",
                 "hoian", "tamky", "hoavang", "bana", "hoatien", "namtramy"]},
    {"name": "Các cơ quan Đảng thành phố",
     "aliases": ["các ban Đảng Thành ủy", "các cơ quan tham mưu, giúp việc Thành ủy", "các ban Đảng"],
     "members": ["vptu", "btgdv", "btctu"]},
    {"name": "Doanh nghiệp viễn thông",
     "aliases": ["các doanh nghiệp viễn thông", "các doanh nghiệp viễn thông trên địa bàn", "các nhà mạng"],
     "members": ["viettel", "vnpt"]},
]
