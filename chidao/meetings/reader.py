"""The conclusion reader: proposes tasks from the chair's conclusions as the secretary wrote them.

Pure (no database): it takes a `chidao.parsing.UnitMatcher` and reuses `deadline_parse`, the
same parsing the spreadsheet import uses. For every sentence that assigns work —

    "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính … hoàn thành trước
     ngày 31/12/2025."

— it proposes the task text, the lead unit, the support units, the deadline (or recurring), the
expected output, a confidence and the problems it saw. It never guesses silently: a lead unit
that fits no unit (or two) is returned as written with `lead_unit = None` and a problem; a
deadline counted from an unknown day ("trong 30 ngày làm việc") gives no date and says so.

How the lead unit is found: after the assigning word ("Giao", "Đề nghị", "Yêu cầu"…) or at the
start of the sentence, the longest run of words that the unit matcher recognises (so "Sở KH&CN
chủ trì" gives "Sở KH&CN"); failing that, the words up to "chủ trì" or the first verb are
reported as the name as written. Support units are the recognised names after "phối hợp (với)".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from chidao.core.text import normalize_vn
from chidao.parsing import DeadlineParseError, UnitMatcher, deadline_parse, unit_key

MAX_UNIT_WORDS = 16

# Words that make a sentence an assignment (accent-free).
# Only at the start of the sentence or of a clause: "Ban Tuyên giáo" is a unit, not "giao".
_TRIGGERS = re.compile(
    r"(?:^|[,;:]\s*)(?:giao(?: cho)?|de nghi|yeu cau|chi dao|phan cong)\s+"
)
# Keys too generic to name one unit even when a unit's loose key happens to reduce to them
# ("Sở TP" loses "thành phố" and becomes "sở").
_GENERIC_KEYS = {"so", "ban", "uy ban nhan dan", "cong an", "van phong", "trung tam", "phuong", "xa", "cong ty",
                 "dai hoc", "so ban nganh", "cac so", "thanh pho", "hoi", "vien", "truong"}
# The words that start the action after a unit name: where an unknown unit's name ends.
_VERBS = (
    "chu tri", "phoi hop", "tham muu", "xay dung", "trien khai", "to chuc", "hoan thanh", "nghien cuu",
    "ra soat", "khan truong", "bao cao", "chu dong", "thuc hien", "ban hanh", "day nhanh", "huong dan",
    "kiem tra", "theo doi", "cap nhat", "don doc", "trinh", "bo tri", "dau tu", "phat trien", "danh gia",
    "lua chon", "quyet liet", "tiep tuc", "co trach nhiem", "chiu trach nhiem", "tong hop", "hoan thien",
    "sua doi", "bo sung", "de xuat", "giai quyet", "xu ly", "phan dau", "uu tien", "tap trung", "lam viec",
    "ky ket", "van hanh", "dam bao", "bao dam", "du thao", "chuan bi", "lap", "mo rong", "nang cap",
)
_VERB_RE = re.compile(r"(?:^|[\s,:;(])(" + "|".join(sorted(_VERBS, key=len, reverse=True)) + r")\b")
_SUPPORT = re.compile(r"\bphoi hop(?: chat che)?(?: voi)?\s+")
_SEPARATORS = re.compile(r"^(?:\s*(?:,|;|\bva\b|\bcung\b|\bvoi\b)\s*)+")
# Groups of units named together; kept as written, never matched to one unit.
_GROUPS = re.compile(
    r"^(?:cac (?:so|ban|nganh|co quan|don vi|dia phuong|phuong|xa|doanh nghiep|thanh vien|to chuc)"
    r"(?:\s*,?\s*(?:so|ban|nganh|co quan|don vi|dia phuong|phuong|xa|doanh nghiep|va|lien quan|"
    r"thanh pho|truc thuoc|chuc nang|hoi|doan the|to chuc|chinh tri xa hoi)\b)*"
    r"|ubnd cac (?:phuong|xa)(?:\s*,?\s*(?:phuong|xa|dac khu|va))*)"
)
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ][.)]|[-+•*–])\s*", re.IGNORECASE)

# Deadlines, on the accent-free text. Relative deadlines first: they are reported, never dated.
_RELATIVE = re.compile(
    r"\b(?:trong(?: vong| thoi han)?|chậm nhất|cham nhat(?: la)?|sau)\s+(\d{1,3})\s+(?:ngay(?: lam viec)?|tuan|thang)"
    r"(?:\s+(?:ke tu|tinh tu|sau khi)[^,;.]*)?"
)
_RECUR = re.compile(r"\b(thuong xuyen(?:,? lien tuc)?|hang nam|hang quy|hang thang|dinh ky hang (?:nam|quy|thang))\b")
_DL_PATTERNS = [
    r"(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}",
    r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}",
    r"quy\s+(?:iv|i{1,3}|[1-4])\s*(?:/|-|\s+nam\s+)\s*\d{4}",
    r"(?:6|sau)\s+thang\s+(?:dau|cuoi)\s+nam\s+\d{4}",
    r"nua\s+(?:dau|cuoi)\s+nam\s+\d{4}",
    r"thang\s+\d{1,2}\s*(?:/|-|\s+nam\s+)\s*\d{4}",
    r"(?:cuoi\s+)?nam\s+\d{4}",
    r"\d{4}\s*-\s*\d{4}",
]
_DEADLINE_ANY = re.compile(r"(" + "|".join(_DL_PATTERNS) + r")")
# A deadline the office marked as one ("hoàn thành trước …", "thời hạn: …"): preferred.
_DEADLINE_MARK = re.compile(
    r"(?:hoan thanh|xong|truoc|cham nhat|thoi han|han|trong|den|ket thuc)\b[^0-9]{0,25}?"
    r"(" + "|".join(_DL_PATTERNS) + r")"
)
_DEADLINE_CLAUSE = re.compile(
    r"[,;(]?\s*(?:va\s+)?(?:hoan thanh|xong|thoi han(?: hoan thanh)?|han|cham nhat)\b[^,;()]*$"
)
_OUTPUT_MARK = re.compile(r"\b(?:san pham(?: dau ra)?|ket qua dau ra)\s*(?:la|:)\s*")
_OUTPUT_GUESS = re.compile(
    r"\b(?:xay dung|ban hanh|trinh|hoan thien|de xuat|lap|du thao|tham muu(?: ubnd thanh pho)?(?: ban hanh)?)\s+"
    r"((?:du thao\s+)?(?:\d{1,2}\s+)?(?:ke hoach|de an|quyet dinh|nghi quyet|bao cao|quy che|quy dinh|chuong trinh|"
    r"chinh sach|phuong an|ho so|huong dan|danh muc|chi thi|cong van|to trinh|du an|bo tieu chi)[^,;.()]*)"
)
DEFAULT_OUTPUT = "Báo cáo kết quả thực hiện"


@dataclass
class ProposedTask:
    text: str
    lead_unit: str | None
    lead_unit_id: int | None
    lead_unit_as_written: str
    support_units: list[str]
    support_unit_ids: list[int]
    support_units_unmatched: list[str]
    deadline: str | None  # ISO date
    recurring: bool
    deadline_as_written: str
    output: str
    confidence: float
    problems: list[str] = field(default_factory=list)
    sentence: str = ""

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        return data


def _fold(text: str) -> str:
    """Accent-free lower case, one character for one (so positions map back to the original)."""
    out = []
    for ch in text:
        folded = normalize_vn(ch) if not ch.isspace() else " "
        out.append(folded[0] if folded else ch.lower())
    return "".join(out)


def sentences_split(text: str) -> list[str]:
    """Lines, and sentences within a line (". " before a capital letter); numbering removed."""
    result: list[str] = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        parts = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-–•+(])|\s+(?=[-–•+]\s)|\s+(?=[a-zđ]\)\s)", line)
        for part in parts:
            part = _NUMBERING.sub("", part).strip()
            part = _NUMBERING.sub("", part).strip()
            if part:
                result.append(part)
    return result


_UNIT_THEN_ACTION = re.compile(
    r"^\s*,?\s*(?:chu tri|tham muu|co trach nhiem|chiu trach nhiem|khan truong|phoi hop|to chuc|trien khai|"
    r"xay dung|hoan thanh|thuc hien|tiep tuc|chu dong|nghien cuu|ra soat|bao cao|cap nhat)\b"
)


def _is_assignment(original: str, folded: str, matcher: UnitMatcher) -> bool:
    """A sentence that gives work: an assigning word, or a unit followed by what it must do.
    A heading ("… giao nhiệm vụ như sau:") and the committee's own appraisal are not tasks."""
    if folded.rstrip().endswith(":"):
        return False
    if _TRIGGERS.search(folded):
        return True
    hit = _unit_prefix(folded, 0, matcher, original=original)
    if hit is None or hit[1].kind == "committee":  # type: ignore[attr-defined]
        return False
    return bool(_UNIT_THEN_ACTION.match(folded[hit[0]:]))


def _word_spans(folded: str, start: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", folded[start:])][:MAX_UNIT_WORDS]


def _unit_prefix(folded: str, start: int, matcher: UnitMatcher, *, original: str) -> tuple[int, object] | None:
    """The longest run of words from `start` that names exactly one unit: (end, record)."""
    words = _word_spans(folded, start)
    for n in range(len(words), 0, -1):
        end = start + words[n - 1][1]
        candidate = original[start:end].strip(" ,;:.()")
        if not candidate:
            continue
        if unit_key(candidate) in _GENERIC_KEYS:
            continue
        match = matcher.match(candidate)
        if match.ok:
            # Extend over trailing punctuation belonging to the name ("Sở KH&CN," → stop at the comma).
            return start + len(original[start:end].rstrip(" ,;:.()")), match.unit
    return None


def _name_as_written(original: str, folded: str, start: int) -> str:
    """An unrecognised unit's name: up to "chủ trì", the first verb, or a punctuation mark."""
    tail = folded[start:]
    stops = [len(tail)]
    if m := _VERB_RE.search(tail):
        stops.append(m.start(1))
    if m := re.search(r"[,:;(]", tail):
        stops.append(m.start())
    end = start + min(stops)
    return original[start:end].strip(" ,;:.()-")


def _supports(original: str, folded: str, matcher: UnitMatcher, lead_id: int | None) -> tuple[list, list[str]]:
    found: list = []
    unmatched: list[str] = []
    for m in _SUPPORT.finditer(folded):
        pos = m.end()
        while pos < len(folded):
            while pos < len(folded) and folded[pos] == " ":
                pos += 1
            if sep := _SEPARATORS.match(folded[pos:]):
                pos += sep.end()
                continue
            if group := _GROUPS.match(folded[pos:]):
                unmatched.append(original[pos:pos + group.end()].strip(" ,;"))
                pos += group.end()
                continue
            # An action verb ends the list ("xây dựng" is not "Sở Xây dựng" without its "Sở").
            verb = _VERB_RE.match(folded, max(pos - 1, 0))
            if verb is not None and verb.start(1) == pos:
                break
            hit = _unit_prefix(folded, pos, matcher, original=original)
            if hit is None:
                # A name that looks like a unit but is unknown is reported; an action verb ends the list.
                rest = folded[pos:]
                if re.match(r"(?:so|ubnd|uy ban|cong an|ban|van phong|trung tam|cong ty|tong cong ty|"
                            r"dai hoc|truong|bo|cuc|chi cuc|hoi|phuong|xa|vien)\b", rest):
                    name = _name_as_written(original, folded, pos)
                    if name:
                        unmatched.append(name)
                        pos += len(name)
                        continue
                break
            end, unit = hit
            if unit.id != lead_id and all(u.id != unit.id for u in found):
                found.append(unit)
            pos = end
    return found, unmatched


@dataclass
class _Deadline:
    iso: str | None
    recurring: bool
    as_written: str
    span: tuple[int, int] | None
    problem: str = ""


def _deadline(original: str, folded: str, today: dt.date | None) -> _Deadline:
    m = _DEADLINE_MARK.search(folded)
    if m is None:
        candidates = list(_DEADLINE_ANY.finditer(folded))
        m = candidates[-1] if candidates else None
        group = 1
    else:
        group = 1
    if m is not None:
        written = original[m.start(group):m.end(group)]
        try:
            parsed = deadline_parse(written)
        except DeadlineParseError as exc:
            return _Deadline(None, False, written, (m.start(), m.end()), exc.message)
        return _Deadline(parsed.due_on.isoformat() if parsed.due_on else None, parsed.is_recurring, written,
                         (m.start(), m.end()))
    if r := _RELATIVE.search(folded):
        written = original[r.start():r.end()]
        return _Deadline(None, False, written, (r.start(), r.end()),
                         f"Thời hạn “{written}” tính từ một ngày chưa xác định; hãy nhập ngày cụ thể.")
    if r := _RECUR.search(folded):
        return _Deadline(None, True, original[r.start():r.end()], None)
    return _Deadline(None, False, "", None, "Câu kết luận không nêu thời hạn; hãy nhập thời hạn hoặc chọn "
                                          "“Thường xuyên”.")


def _task_text(original: str, folded: str, deadline: _Deadline) -> str:
    text = original
    if deadline.span is not None:
        clause = _DEADLINE_CLAUSE.search(folded[: deadline.span[1]] + folded[deadline.span[1]:].split(".")[0])
        if clause and clause.start() > len(text) // 3:
            text = original[: clause.start()]
    text = text.strip(" ,;.")
    return text[:1].upper() + text[1:]


def _output(original: str, folded: str) -> tuple[str, bool]:
    if m := _OUTPUT_MARK.search(folded):
        end = len(folded)
        for stop in (";", ")", ". "):
            i = folded.find(stop, m.end())
            if i != -1:
                end = min(end, i)
        value = original[m.end():end].strip(" ,;.")
        if value:
            return value[:1].upper() + value[1:], True
    if m := _OUTPUT_GUESS.search(folded):
        value = original[m.start(1):m.end(1)].strip(" ,;.")
        value = re.split(r"\s+(?:hoàn thành|xong|trước|chậm nhất|trong)\b", value)[0].strip(" ,;.")
        if value:
            return value[:1].upper() + value[1:], True
    return DEFAULT_OUTPUT, False


def task_propose(sentence: str, matcher: UnitMatcher, *, today: dt.date | None = None) -> ProposedTask | None:
    """The task one sentence assigns, or None when it assigns nothing."""
    original = " ".join(sentence.split())
    folded = _fold(original)
    if not _is_assignment(original, folded, matcher):
        return None
    problems: list[str] = []
    confidence = 1.0

    start = 0
    trigger = _TRIGGERS.search(folded)
    if trigger is not None and trigger.start() < 60:
        start = trigger.end()
    hit = _unit_prefix(folded, start, matcher, original=original)
    if hit is None and trigger is not None and start == 0:
        hit = None
    lead = None
    if hit is not None:
        end, lead = hit
        lead_written = original[start:end].strip(" ,;:.")
        after = folded[end:end + 80]
        # "Giao Sở A và Sở B chủ trì": two leads named; the first is proposed, the office decides.
        if re.match(r"\s*(?:,|va)\s+", after) and "chu tri" in after:
            second_start = end + re.match(r"\s*(?:,|va)\s+", after).end()  # type: ignore[union-attr]
            if _unit_prefix(folded, second_start, matcher, original=original) is not None and \
                    folded.find("chu tri", second_start) < folded.find("phoi hop", second_start) + 1000:
                problems.append("Câu nêu nhiều đơn vị chủ trì; mỗi nhiệm vụ chỉ có một đơn vị chủ trì — hãy chọn.")
                confidence -= 0.4
    else:
        lead_written = _name_as_written(original, folded, start)
        ambiguous = matcher.match(lead_written) if lead_written else None
        if ambiguous is not None and ambiguous.ambiguous:
            problems.append(ambiguous.error)
        elif lead_written:
            problems.append(f"Không nhận ra đơn vị chủ trì “{lead_written}”; hãy chọn đơn vị trong danh sách "
                            "hoặc thêm tên gọi khác cho đơn vị.")
        else:
            problems.append("Không tìm thấy đơn vị chủ trì trong câu; hãy chọn đơn vị.")
        confidence -= 0.6

    supports, unmatched = _supports(original, folded, matcher, lead.id if lead else None)
    for name in unmatched:
        if not _GROUPS.match(_fold(name)):
            problems.append(f"Không nhận ra đơn vị phối hợp “{name}”.")
            confidence -= 0.1

    deadline = _deadline(original, folded, today)
    if deadline.problem:
        problems.append(deadline.problem)
        confidence -= 0.3
    elif deadline.span is not None and not _DEADLINE_MARK.search(folded):
        confidence -= 0.1  # a date in the sentence, not marked as the deadline

    output, found_output = _output(original, folded)
    if not found_output:
        confidence -= 0.05

    return ProposedTask(
        text=_task_text(original, folded, deadline),
        lead_unit=lead.name if lead else None,
        lead_unit_id=lead.id if lead else None,
        lead_unit_as_written=lead_written,
        support_units=[u.name for u in supports],
        support_unit_ids=[u.id for u in supports],
        support_units_unmatched=unmatched,
        deadline=deadline.iso,
        recurring=deadline.recurring,
        deadline_as_written=deadline.as_written,
        output=output,
        confidence=round(max(confidence, 0.0), 2),
        problems=problems,
        sentence=original,
    )


def conclusions_read(text: str, matcher: UnitMatcher, *, today: dt.date | None = None) -> list[ProposedTask]:
    """Every task the conclusions assign, in the order written."""
    tasks = []
    for sentence in sentences_split(text):
        task = task_propose(sentence, matcher, today=today)
        if task is not None:
            tasks.append(task)
    return tasks
