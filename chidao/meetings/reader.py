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

# Words that make a sentence an assignment (accent-free), at the start of a clause or after the
# speaker ("Chủ tịch UBND tỉnh yêu cầu …"); what follows must look like a lead (checked apart), so
# "bàn giao", "được giao" and "theo đề nghị của" are not assignments.
_TRIGGERS = re.compile(
    r"\b(?:(?:nhat tri|dong y|thong nhat|tiep tuc|dong chi chu tich)\s+)?"
    r"(?:(?:(?<=van ban )|(?<!ban ))(?<!tuyen )(?<!ngoai )(?<!duoc )(?<!se )(?<!da duoc )"
    r"giao(?! thong| dich| luu| duc| tiep)(?: cho| nhiem vu cho)?"
    r"|(?<!theo )(?<!cua )(?<!quyen )(?<!duoc )(?:de nghi|yeu cau)(?: cho)?"
    r"|(?<!dong thoi )(?<!tiep tuc )(?<!khan truong )(?<!giao )(?<!duoc giao )(?<=\S )chi dao(?: cho)?"
    r"|phan cong|dong y giao|dong y)\b\s*:?\s*"
)
# Keys too generic to name one unit even when a unit's loose key happens to reduce to them
# ("Sở TP" loses "thành phố" and becomes "sở").
_GENERIC_KEYS = {"so", "ban", "uy ban nhan dan", "cong an", "van phong", "trung tam", "phuong", "xa", "cong ty",
                 "dai hoc", "so ban nganh", "cac so", "thanh pho", "hoi", "vien", "truong"}
# The words that start the action after a unit name: where an unknown unit's name ends.
_VERBS = (
    "chu tri", "phoi hop", "tham muu", "xay dung", "trien khai", "to chuc", "hoan thanh", "nghien cuu",
    "ra soat", "khan truong", "bao cao", "chu dong", "thuc hien", "ban hanh", "day nhanh", "huong dan",
    "lam", "phat dong", "chi dao",
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
# "2. …", "2) …", "2- …" (older notices), "a) …", "- …".
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s?-(?=\s)|\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ][.)]|[-+•*–])\s*",
                        re.IGNORECASE)

# Deadlines, on the accent-free text. Relative deadlines first: they are reported, never dated.
_RELATIVE = re.compile(
    r"\b(?:trong(?: vong| thoi han)?|chậm nhất|cham nhat(?: la)?|sau)\s+(\d{1,3})\s+(?:ngay(?: lam viec)?|tuan|thang)"
    r"(?:\s+(?:ke tu|tinh tu|sau khi)[^,;.]*)?"
)
_RECUR = re.compile(r"\b(thuong xuyen(?:,? lien tuc)?|hang nam|hang quy|hang thang|dinh ky hang (?:nam|quy|thang))\b")
_DL_PATTERNS = [
    r"(?:ngay\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}",
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
    r"(?:hoan thanh|xong|truoc|cham nhat|thoi han|han|trong|den|ket thuc|bao cao|trinh|nam hoc|gui|"
    r"(?<!thang )(?=cuoi (?:nam|thang|quy)))\b[^0-9]{0,25}?(?:\d{1,2}\s*(?:gio|h)\b[^0-9]{0,12})?"
    r"(" + "|".join(_DL_PATTERNS) + r")"
)
_DEADLINE_CLAUSE = re.compile(
    r"[,;(]?\s*(?:va\s+)?(?:hoan thanh|xong|thoi han(?: hoan thanh)?|han|cham nhat)\b[^,;()]*$"
)
_OUTPUT_MARK = re.compile(r"\b(?:san pham(?: dau ra)?|ket qua dau ra)\s*(?:la|:)\s*")
_OUTPUT_GUESS = re.compile(
    r"\b(?:xay dung|ban hanh|trinh|hoan thien|de xuat|lap|du thao|tham muu(?: ubnd thanh pho)?(?: ban hanh)?)\s+"
    r"((?:du thao\s+)?(?:\d{1,2}\s+)?(?:ke hoach|de an|quyet dinh|nghi quyet|bao cao|quy che|quy dinh|chuong trinh|"
    r"chinh sach|phuong an|ho so|huong dan|danh muc|chi thi|cong van|to trinh|du an|bo tieu chi|quy hoach|co che|"
    r"van ban|giai phap)[^,;.()]*)"
)
# "báo cáo (nhanh) (UBND tỉnh) kết quả/tình hình …": the report is the product.
_OUTPUT_REPORT = re.compile(
    r"\bbao cao\s+(?:nhanh\s+)?(?:(?:ubnd|uy ban nhan dan|thu tuong|chu tich)[^,;.()]{0,30}?\s+)?"
    r"((?:ve\s+)?(?:ket qua|tinh hinh)[^,;.()]*)"
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
    lead_group: str | None = None  # a collective lead matched to a unit group
    lead_group_id: int | None = None
    several_leads: bool = False  # one of several leads named together: one task each
    lead_name: str = ""  # the unit's part of lead_unit_as_written, a person's title left out ("Sở Y tế")

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        return data


class _FoldTable(dict):  # type: ignore[type-arg]
    """Code point → its accent-free lower-case letter, filled on first use (str.translate asks for each)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = normalize_vn(ch) if not ch.isspace() else " "
        value = folded[0] if folded else ch.lower()
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    """Accent-free lower case, one character for one (so positions map back to the original)."""
    return text.translate(_FOLD_TABLE)


_UNIT_THEN_ACTION = re.compile(
    r"^\s*[,:]?\s*(?:(?:can cu|theo) chuc nang,? nhiem vu(?: duoc giao)?(?: cua minh)?,?\s*)?(?:cung\s+)?(?:se\s+)?"
    r"(?:(?:can|phai|can phai|co trach nhiem)\s+\S"
    r"|(?:duoc giao|chu tri|tham muu|co trach nhiem|chiu trach nhiem|khan truong|phoi hop|to chuc|trien khai|"
    r"xay dung|hoan thanh|thuc hien|tiep tuc|chu dong|nghien cuu|ra soat|bao cao|cap nhat|tap trung|"
    r"quyet liet|day nhanh|huong dan|tang cuong|kiem tra|theo doi|don doc|tong hop|hoan thien|xem xet|"
    r"nop|bo tri|tam ung|chi dao|dam bao|bao dam|chuan bi|cung cap|lam viec|tham gia|tuyen truyen|so ket|"
    r"tong ket|de xuat|xu ly|giai quyet|day manh|nang cao|bo sung|ban hanh|lap|van dong|trinh)\b)"
)
# A person named by title leads through their unit ("Giám đốc Sở Y tế" → Sở Y tế).
_TITLE = re.compile(
    r"(?:(?:dong chi|ong|ba)\s+)?(?:pho\s+)?(?:giam doc|chu tich|bo truong|thu truong|truong ban|chanh van phong|"
    r"chanh thanh tra|tong giam doc|hieu truong|vien truong|cuc truong|tong cuc truong|bi thu|chu nhiem|"
    r"thu tuong|giam doc dieu hanh|chi cuc truong|truong phong)"
    r"(?:\s*,\s*(?:pho\s+)?(?:thu truong|giam doc|chu tich|truong ban|bo truong|tong giam doc))*\s+"
)
_PERSON_TITLE = re.compile(r"(?:pho\s+)?thu tuong\b")
# The first word of a unit's name (accent-free); in the text it starts with a capital letter.
_UNIT_START = re.compile(
    r"(?:so|bo|ubnd|uy ban|cong an|ban|van phong|trung tam|tong cong ty|tap doan|cong ty|dai hoc|truong|cuc|"
    r"chi cuc|tong cuc|hoi|vien|bo chi huy|bch|bao|dai|kho bac|ngan hang|thanh tra|lien doan|hoi dong|tinh doan|"
    r"thanh doan|dang uy|dang doan|ban can su|huyen uy|thanh uy|tinh uy|quan uy|mat tran|ubmttq|mttq|chi nhanh|"
    r"vien kiem sat|toa an|cang vu|quy|hdnd|vp|bhxh|bao hiem|kiem toan|doan|thong tan xa|hoc vien|benh vien|"
    r"khu|phong|chinh phu|quoc hoi|tong lien doan|lien minh|hiep hoi|vnpt|viettel|evn|mobifone|dien luc|bql|tp|"
    r"ban quan ly|chu dau tu)\b"
)
# A collective lead ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố").
_COLLECTIVE = re.compile(r"(?:(?:ubnd|uy ban nhan dan|chu tich ubnd|chu tich uy ban nhan dan|ban thuong vu|"
                         r"thuong truc|lanh dao|cap uy)\s+)?cac\s+"
                         r"(?!dong chi|ban than|anh chi|noi dung|van ban|nhiem vu|giai phap|chi tieu|chuong trinh|"
                         r"du an|cong trinh|hoat dong|bien phap|quy dinh|ngay|nam|thang|dai bieu|thanh vien|"
                         r"cuoc hop|hoi nghi)"
                         r"|so,\s*ban,\s*nganh\b")
_EXTRA_STOPS = (
    "theo chuc nang", "can cu", "nghiem tuc", "kip thoi", "tang cuong", "quan tam", "tiep thu", "dieu chinh",
    "nhanh chong", "lam ro", "xac dinh", "tiep nhan", "tham dinh", "thong bao", "gui", "cung cap",
    "lien he", "nam bat", "chi dao", "tham gia", "day manh", "tuyen truyen", "hoan tat", "xem xet", "khac phuc",
    "thanh lap", "dieu tra", "thong ke", "khan cap", "sap xep", "co trach nhiem", "can phai", "phai", "nhu sau",
    "thuc thi", "rut kinh nghiem", "tiep tuc", "tich cuc", "uu tien", "thao go", "kien quyet", "nghiem tuc",
    "nang cao", "chiu trach nhiem", "khong", "duy tri", "ho tro", "tiet kiem", "tham muu", "can doi", "lam dau moi",
    "trong", "nham", "ve viec", "ghi nhan", "co y kien", "co van ban", "danh gia", "bieu duong", "thong nhat",
    "nhat tri",
    "ket luan", "yeu cau", "de nghi",
)
_STOP_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(sorted({*_VERBS, *_EXTRA_STOPS}, key=len, reverse=True))
                      + r")(?![a-z0-9])")


# Ordinary words that end a lower-case name, compared with their accents ("cơ quan" is not "có").
_STOP_EXACT = {"có", "là", "cần", "cũng", "phải", "tạm", "sớm", "để", "tại", "được", "đã", "sẽ", "đang", "cùng", "kịp",
               "vừa",
               "khẩn", "nghiêm", "tiếp", "theo", "về", "với", "trong", "đối", "căn", "mở", "hoãn", "dừng", "cấm",
               "chân", "mong", "xin", "trân", "giúp", "ngay", "sẵn", "di"}


def _is_upper(original: str, pos: int) -> bool:
    return pos < len(original) and original[pos].isupper()


# First words that are also ordinary words ("Ban hành", "Bộ hồ sơ", "Khu vực"): a unit only when the next
# word is capitalised ("Ban Quản lý", "Bộ Tài chính").
_AMBIGUOUS_START = {"ban", "bo", "cuc", "vien", "hoi", "dai", "bao", "quy", "khu", "phong", "doan", "truong", "so"}


def _unit_start(original: str, folded: str, pos: int) -> bool:
    m = _UNIT_START.match(folded, pos)
    if m is None:
        return False
    if not (_is_upper(original, pos) or folded.startswith(("ubnd", "bql", "vp", "chu dau tu"), pos)):
        return False
    if m.group(0) in _AMBIGUOUS_START:
        nxt = re.compile(r"\s*").match(folded, m.end()).end()  # type: ignore[union-attr]
        return _is_upper(original, nxt) or folded[nxt:nxt + 1].isdigit()
    return True


# Lower-case words that carry a list of bodies on after a comma ("UBND huyện, thị xã, thành phố").
_LIST_WORDS = re.compile(r"(?:huyen|thi xa|thanh pho|quan|xa|phuong|thi tran|dac khu|nganh|ban|so)\b")
_NEW_HEAD = re.compile(r"(?:ubnd|uy ban|hdnd|ban quan ly|bql|cong an|tp|tinh|tap doan|tong cong ty|chu dau tu|bo)\b")


def _name_end(original: str, folded: str, start: int, *, collective: bool) -> int:
    """Where a lead written at `start` ends: before a lower-case verb, a clause mark, or another lead
    after "và" or a comma; a comma continues the name when a capitalised word that starts no unit follows
    ("Sở Văn hóa, Thể thao và Du lịch") or a list of bodies goes on ("các sở, ban, ngành")."""
    pos = start
    words = 0
    n = len(folded)
    space = re.compile(r"\s*")
    while pos < n:
        pos = space.match(folded, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            break
        ch = folded[pos]
        if ch in ";:()[]." or ch in "“\"":
            break
        if ch in ",–-":
            nxt = re.compile(r"[,–-]\s*").match(folded, pos).end()  # type: ignore[union-attr]
            if ch in "–-" and ch != ",":
                # "Sở Lao động - Thương binh và Xã hội", "Sở Quy hoạch - Kiến trúc", "quận-huyện".
                if _is_upper(original, nxt) or _LIST_WORDS.match(folded, nxt):
                    pos = nxt
                    continue
                break
            if _TITLE.match(folded, nxt) or _NEW_HEAD.match(folded, nxt) or _COLLECTIVE.match(folded, nxt):
                break
            if not _is_upper(original, nxt) and _LIST_WORDS.match(folded, nxt) and not _STOP_RE.match(folded, nxt):
                collective = True
                pos = nxt
                continue
            if collective and not _is_upper(original, nxt):
                if _STOP_RE.match(folded, nxt):
                    break
                pos = nxt
                continue
            if _is_upper(original, nxt) and not _UNIT_START.match(folded, nxt):
                pos = nxt
                continue
            break
        if words and folded.startswith("va ", pos):
            after = pos + 3
            if _TITLE.match(folded, after) or _COLLECTIVE.match(folded, after) or _NEW_HEAD.match(folded, after):
                break
            if _unit_start(original, folded, after) and not collective:
                break
        if folded.startswith("chu dau tu", pos):
            pos += 10
            words += 3
            continue
        if words and folded.startswith(("co lien quan", "lien quan"), pos):
            pos += 12 if folded.startswith("co lien quan", pos) else 9
            words += 1
            continue
        if words and not _is_upper(original, pos):
            stop = _STOP_RE.match(folded, pos)
            # "công trình", "chương trình", "quá trình" are nouns, not "trình" (to submit).
            if stop and not (stop.group(1) == "trinh" and folded[max(0, pos - 7):pos].rstrip().endswith(
                    ("cong", "chuong", "qua", "giao"))):
                break
            word = re.compile(r"[^\s,;:.()]+").match(original, pos)
            if word and word.group(0).lower() in _STOP_EXACT and not (collective and word.group(0) == "quan"):
                break
        token_end = re.compile(r"\S+").match(folded, pos).end()  # type: ignore[union-attr]
        # A word that ends in a comma or a full stop: keep the word, let the loop see the mark.
        while token_end > pos and folded[token_end - 1] in ",;:.)":
            token_end -= 1
        if token_end == pos:
            token_end = pos + 1
        pos = token_end
        words += 1
        if words >= MAX_UNIT_WORDS:
            break
    return pos


@dataclass
class _Lead:
    start: int
    end: int
    written: str
    unit: object | None = None  # UnitRecord
    group: object | None = None  # GroupRecord
    collective: bool = False
    problem: str = ""
    name: str = ""  # the unit's part of what is written, without a person's title


def _lead_at(original: str, folded: str, pos: int, matcher: UnitMatcher) -> _Lead | None:
    """The lead named at `pos` (a unit, a person by title, a collective), or None."""
    pos += len(folded[pos:]) - len(folded[pos:].lstrip(" ,:"))
    start = pos
    title = _TITLE.match(folded, pos)
    person = False
    if title:
        if _PERSON_TITLE.match(folded, pos):
            person = True
        pos = title.end()
        if not _is_upper(original, pos) and not _COLLECTIVE.match(folded, pos) and not _NEW_HEAD.match(folded, pos):
            return None  # "Chủ tịch yêu cầu: …": the speaker, not a lead
    collective = bool(_COLLECTIVE.match(folded, pos))
    if not collective and not person:
        hit = _unit_prefix(folded, pos, matcher, original=original)
        if hit is not None and getattr(hit[1], "kind", "") == "committee":
            # The committee itself appraises and concludes; it never leads a task. A longer name that
            # begins like it ("Ban Chỉ đạo nhà nước các công trình …") is another body.
            if _name_end(original, folded, pos, collective=False) <= hit[0]:
                return None
            hit = None
        if hit is not None:
            end = hit[0]
            return _Lead(start, end, original[start:end].strip(" ,;:."), unit=hit[1],
                         name=original[pos:end].strip(" ,;:."))
        if not _unit_start(original, folded, pos) and not title:
            return None
    end = _name_end(original, folded, pos, collective=collective)
    name = original[pos:end].strip(" ,;:.-")
    written = original[start:end].strip(" ,;:.-")
    if not name or len(name) < 3 or (collective and len(name.split()) < 2):
        return None
    lead = _Lead(start, end, written, collective=collective, name=name)
    if person:
        lead.problem = f"“{written}” là một người, không phải đơn vị; hãy chọn đơn vị chủ trì."
        return lead
    if collective or not matcher.match(name).ok:
        group = matcher.match_group(name)
        if group is not None:
            lead.group = group
            return lead
    match = matcher.match(name)
    if match.ok:
        lead.unit = match.unit
    elif collective:
        lead.problem = (f"“{written}” là nhiều đơn vị; chưa có nhóm đơn vị mang tên này — hãy tạo nhóm đơn vị "
                        "(hoặc thêm tên gọi khác cho nhóm) hoặc chọn đơn vị chủ trì.")
    elif match.ambiguous:
        lead.problem = match.error
    else:
        lead.problem = (f"Không nhận ra đơn vị chủ trì “{written}”; hãy tạo đơn vị mới hoặc gắn với đơn vị có sẵn "
                        "(lưu thành tên gọi khác).")
    return lead


# "Bộ trưởng các Bộ: Quốc phòng, Công an, …", "UBND các tỉnh Thanh Hóa, Nghệ An và Hà Tĩnh": one lead each.
_ENUM_HEAD = re.compile(
    r"(?:(?:ubnd|uy ban nhan dan|chu tich ubnd|chu tich uy ban nhan dan|bo truong|thu truong|giam doc|chu tich|"
    r"tong giam doc|cuc truong)\s+)?cac\s+(bo|so|cuc|tong cuc|tap doan|tong cong ty|tinh|huyen|quan|xa|phuong)"
    r"(?:\s*,\s*(?:thanh pho|thi xa|thi tran|phuong|xa))?\s*:?\s+")
_ENUM_WORD = {"bo": "Bộ", "so": "Sở", "cuc": "Cục", "tong cuc": "Tổng cục", "tap doan": "Tập đoàn",
              "tong cong ty": "Tổng công ty", "tinh": "tỉnh", "huyen": "huyện", "quan": "quận", "xa": "xã",
              "phuong": "phường"}


def _enumeration_at(original: str, folded: str, pos: int) -> list[_Lead]:
    m = _ENUM_HEAD.match(folded, pos)
    if m is None or not _is_upper(original, m.end()):
        return []
    head_words = re.sub(r"\s*các\s*$", "", original[pos:m.start(1)].strip(), flags=re.I)  # "UBND", "Bộ trưởng"
    kind = m.group(1)
    prefix = _ENUM_WORD[kind] if kind in ("bo", "so", "cuc", "tong cuc", "tap doan", "tong cong ty") else \
        " ".join(x for x in (head_words if not _TITLE.fullmatch(_fold(head_words) + " ") else "", _ENUM_WORD[kind])
                 if x)
    end_of_list = len(folded)
    for stop in (";", ".", ":", "("):
        i = folded.find(stop, m.end())
        if i != -1:
            end_of_list = min(end_of_list, i)
    for stop_verb in _STOP_RE.finditer(folded, m.end(), end_of_list):
        if not _is_upper(original, stop_verb.start()):
            end_of_list = stop_verb.start()
            break
    leads: list[_Lead] = []
    cursor = m.end()
    places = kind in ("tinh", "huyen", "quan", "xa", "phuong")
    for piece in re.finditer(r"[^,]+", original[m.end():end_of_list]):
        # Places split at "và" ("Nghệ An và Hà Tĩnh"); bodies keep it ("Nông nghiệp và Môi trường").
        for part in re.split(r"\s+và\s+(?=[A-ZĐÀ-Ỹ])", piece.group(0)) if places else [piece.group(0)]:
            # A name ends at its first lower-case word ("Cần Thơ có kế hoạch"), bodies' own words aside.
            words = part.split()
            if places:
                kept = []
                for word in words:
                    if not word[:1].isupper():
                        break
                    kept.append(word)
                words = kept
            name = " ".join(words).strip(" ,")
            if not name or not name[0].isupper() or len(name.split()) > 8:
                return leads if len(leads) > 1 else []
            start = original.find(name, cursor)
            cursor = start + len(name)
            leads.append(_Lead(start, cursor, f"{prefix} {name}".strip(), name=f"{prefix} {name}".strip(),
                               problem=f"Không nhận ra đơn vị chủ trì “{prefix} {name}”; hãy tạo đơn vị mới hoặc gắn "
                                       "với đơn vị có sẵn (lưu thành tên gọi khác)."))
    return leads if len(leads) > 1 else []


def _leads_at(original: str, folded: str, pos: int, matcher: UnitMatcher) -> list[_Lead]:
    """One or several leads named together ("Sở Y tế, Sở Tài chính và UBND các xã chủ trì …")."""
    leads: list[_Lead] = []
    while len(leads) < 30:
        start = pos + len(folded[pos:]) - len(folded[pos:].lstrip(" ,:"))
        if enumerated := _enumeration_at(original, folded, start):
            for lead in enumerated:
                match = matcher.match(lead.name)
                if match.ok:
                    lead.unit, lead.problem = match.unit, ""
            leads.extend(enumerated)
            lead = enumerated[-1]
        else:
            lead = _lead_at(original, folded, pos, matcher)
        if lead is None:
            break
        if not enumerated:
            leads.append(lead)
        sep = re.compile(r"\s*(?:,\s*(?:va\s+)?|;\s*|\s+va\s+|\s*va\s+)").match(folded, lead.end)
        if sep is None:
            break
        nxt = sep.end()
        if not (_is_upper(original, nxt) or _COLLECTIVE.match(folded, nxt) or _NEW_HEAD.match(folded, nxt)
                or _TITLE.match(folded, nxt)):
            break
        pos = nxt
    return leads


def _trigger(folded: str) -> re.Match[str] | None:
    for m in _TRIGGERS.finditer(folded):
        before = folded[: m.start()]
        # At a clause start, or after a short speaker ("Chủ tịch UBND tỉnh yêu cầu", "Đồng chí … đề nghị").
        if not before.strip() or before.rstrip()[-1:] in ",;:.)" or len(before) < 90:
            return m
    return None


def _is_assignment(original: str, folded: str, matcher: UnitMatcher) -> bool:
    """A sentence that gives work: an assigning word before a lead, or a lead followed by what it must do.
    A heading ("… giao nhiệm vụ như sau:") and the committee's own appraisal are not tasks."""
    return _assignment_leads(original, folded, matcher) is not None


_EXECUTION_CLAUSE = re.compile(r"chiu trach nhiem thi hanh|can cu quyet dinh thi hanh|thi hanh (?:quyet dinh|"
                               r"chi thi|ke hoach) nay")


def _assignment_leads(original: str, folded: str, matcher: UnitMatcher) -> list[_Lead] | None:
    if folded.rstrip().endswith(":") or _EXECUTION_CLAUSE.search(folded):
        return None
    for m in _TRIGGERS.finditer(folded):
        leads = _leads_at(original, folded, m.end(), matcher)
        if not leads and (aside := _ASIDE.match(folded, m.end())):
            leads = _leads_at(original, folded, aside.end(), matcher)  # "đề nghị, sau hội nghị này, các huyện …"
        if leads:
            return leads
    starts = [0]
    if connector := _CONNECTOR.match(folded):
        starts.append(connector.end())
    for start in starts:
        leads = _leads_at(original, folded, start, matcher)
        if leads and _UNIT_THEN_ACTION.match(folded[leads[-1].end:]) and not _CHAIRS.match(folded[leads[-1].end:]):
            return leads
    return None


# Words that open a sentence before its subject ("Theo đó, UBND các xã …", "Thủ tướng nhấn mạnh: Bộ Y tế …").
_CONNECTOR = re.compile(r"(?:theo do|vi vay|do do|dong thoi|ngoai ra|mat khac|ben canh do|cu the|trong do|doi voi|voi|"
                        r"can cu [^,;.]{0,80},|(?:truoc|cham nhat|den) (?:ngay )?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?,|"
                        r"[^:;.]{3,80}(?:nhan manh|luu y|chi thi|ket luan|yeu cau):|"
                        # a time that opens the clause ("Định kỳ từ ngày 1 đến ngày 5 hằng tháng, Phòng X …")
                        r"(?:dinh ky|hang (?:ngay|tuan|thang|quy|nam)|tu ngay|trong (?:thang|quy|nam|tuan)|"
                        r"(?:cuoi |dau )?(?:thang|quy|nam) \d)[^,;:.]{0,60},|"
                        # reported speech ("Trang web Chính phủ dẫn công điện cho hay Bộ GTVT được giao …")
                        r"[^:;.]{3,80}\b(?:cho hay|cho biet|neu ro))\s*,?\s*")


# A short aside between the assigning word and the lead.
_ASIDE = re.compile(r"\s*,?\s*(?:sau|truoc|trong|tu nay|ngay)[^,;.]{0,40},\s*")

# "Chủ tịch UBND tỉnh chủ trì cuộc họp …": who chaired, not who must act.
_CHAIRS = re.compile(r"\s*,?\s*chu tri(?:,? (?:cuoc hop|hoi nghi|buoi|phien|hop))")


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
    end = _name_end(original, folded, start, collective=bool(_COLLECTIVE.match(folded, start)))
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
    marked: bool = False


# A date right after a document's number is that document's date, never a deadline
# ("Văn bản số 123/UBND-KT ngày 12/3/2025").
_REFERENCE_BEFORE = re.compile(
    r"(?:\bso\s*:?\s*\d+[\w/.\-]*|\d+/[a-z0-9/.\-]*[a-z][a-z0-9/.\-]*|\b(?:ngay|ban hanh ngay|ky ngay))"
    r"\s*,?\s*(?:ngay\s*)?$"
)
_NO_YEAR = re.compile(
    r"(?:truoc|cham nhat|han|xong)\s+(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?!\s*/\s*\d)(?!\d)"
)
_OPEN_ENDED = re.compile(r"\b(?:tu )?(?:nam )?(\d{4}) va (?:nhung|cac) nam tiep theo\b")


def _is_reference(folded: str, start: int) -> bool:
    return bool(_REFERENCE_BEFORE.search(folded[max(0, start - 45):start]))


# A period the work belongs to, never its deadline: "năm học 2019 - 2020", "giai đoạn 2021-2025",
# "thời kỳ 2021 – 2030, tầm nhìn đến năm 2050", "nhiệm kỳ 2020-2025".
_PERIOD_BEFORE = re.compile(r"\b(?:tam nhin|giai doan|thoi ky|nam hoc|nien khoa|nhiem ky|chien luoc)\b[^,;.]{0,12}$")


# "trước 14 giờ, ngày 05/12/2017": a date right after a word that only ever marks a deadline is one,
# even when "ngày" stands just before it.
_STRONG_MARK = re.compile(
    r"(?:truoc|cham nhat|thoi han|hoan thanh|xong)\b(?:\s+(?:ngay\s+)?\d|[^0-9]{0,8}\d{1,2}\s*(?:gio|h)\b)"
)


def _is_period(folded: str, start: int) -> bool:
    return bool(_PERIOD_BEFORE.search(folded[max(0, start - 30):start]))


def _deadline(original: str, folded: str, today: dt.date | None, *, year: int | None = None) -> _Deadline:
    if r := _OPEN_ENDED.search(folded):
        return _Deadline(None, True, original[r.start():r.end()], (r.start(), r.end()),
                         f"“{original[r.start():r.end()]}” không có ngày kết thúc: đề xuất là nhiệm vụ thường xuyên; "
                         "hãy kiểm tra.", marked=True)
    # Only a date the text marks as a deadline ("trước", "chậm nhất", "hoàn thành", "thời hạn"…): a bare
    # date is the day of an event, a season ("vụ đông xuân 2013 - 2014") or a plan's year.
    marked = [m for m in _DEADLINE_MARK.finditer(folded)
              if (_STRONG_MARK.match(folded, m.start()) or not _is_reference(folded, m.start(1)))
              and not _is_period(folded, m.start(1))]
    m = marked[-1] if marked else None
    is_marked = m is not None
    if m is not None:
        written = original[m.start(1):m.end(1)]
        try:
            parsed = deadline_parse(written)
        except DeadlineParseError as exc:
            return _Deadline(None, False, written, (m.start(), m.end()), exc.message)
        return _Deadline(parsed.due_on.isoformat() if parsed.due_on else None, parsed.is_recurring, written,
                         (m.start(), m.end()), marked=is_marked)
    if (r := _NO_YEAR.search(folded)) and year:
        # A day and month without a year: the document's year, flagged so the office checks it.
        written = original[r.start():r.end()]
        try:
            due = dt.date(year, int(r[2]), int(r[1]))
        except ValueError:
            due = None
        return _Deadline(due.isoformat() if due else None, False, written, (r.start(), r.end()),
                         f"Thời hạn “{written}” không ghi năm; đã lấy năm {year} của văn bản — hãy kiểm tra.",
                         marked=True)
    if r := _RELATIVE.search(folded):
        written = original[r.start():r.end()]
        return _Deadline(None, False, written, (r.start(), r.end()),
                         f"Thời hạn “{written}” tính từ một ngày chưa xác định; hãy nhập ngày cụ thể.")
    if r := _RECUR.search(folded):
        return _Deadline(None, True, original[r.start():r.end()], None, marked=True)
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
    report, guess = _OUTPUT_REPORT.search(folded), _OUTPUT_GUESS.search(folded)
    if report and (guess is None or report.start() < guess.start()):  # the first product named
        value = original[report.start(1):report.end(1)].strip(" ,;.")
        value = re.split(r"\s+(?:hoàn thành|xong|trước|chậm nhất|trong|gửi|để)\b", value)[0].strip(" ,;.")
        if value:
            return "Báo cáo " + value, True
    if m := _OUTPUT_GUESS.search(folded):
        value = original[m.start(1):m.end(1)].strip(" ,;.")
        value = re.split(r"\s+(?:hoàn thành|xong|trước|chậm nhất|trong|gửi|để)\b", value)[0].strip(" ,;.")
        if value:
            return value[:1].upper() + value[1:], True
    return DEFAULT_OUTPUT, False


def _propose(original: str, folded: str, leads: list[_Lead], matcher: UnitMatcher, *,
             today: dt.date | None, year: int | None, next_sentence: str = "") -> list[ProposedTask]:
    """One proposal per lead named (several leads: one task each, flagged)."""
    lead_end = leads[-1].end if leads else 0
    lead_ids = {getattr(lead.unit, "id", None) for lead in leads}
    supports, unmatched = _supports(original, folded, matcher, None)
    supports = [u for u in supports if u.id not in lead_ids]
    deadline = _deadline(original, folded, today, year=year)
    if deadline.iso is None and not deadline.recurring and next_sentence:
        # "… Thời hạn hoàn thành: trước ngày 30/6/2026." in the next sentence.
        nxt_folded = _fold(next_sentence)
        following = _deadline(next_sentence, nxt_folded, today, year=year)
        if following.marked and (following.iso or following.recurring):
            following.span = None
            deadline = following
    output, found_output = _output(original, folded)
    text = _task_text(original, folded, deadline)
    proposals = []
    for lead in leads or [None]:  # type: ignore[list-item]
        problems: list[str] = []
        confidence = 1.0
        if lead is None:
            problems.append("Không tìm thấy đơn vị chủ trì trong câu; hãy chọn đơn vị.")
            confidence -= 0.6
        elif lead.problem:
            problems.append(lead.problem)
            confidence -= 0.6
        if len(leads) > 1:
            names = ", ".join(x.written for x in leads)
            problems.append(f"Câu giao cho nhiều đơn vị ({names}): đề xuất mỗi đơn vị một nhiệm vụ — hãy kiểm tra.")
            confidence -= 0.2
        if lead is not None and lead.group is not None:
            problems.append(f"Giao cho nhóm đơn vị “{lead.group.name}”: mỗi đơn vị thành viên một nhiệm vụ "  # type: ignore[attr-defined]
                            "con.")
            confidence -= 0.05
        for name in unmatched:
            if not _GROUPS.match(_fold(name)):
                problems.append(f"Không nhận ra đơn vị phối hợp “{name}”.")
                confidence -= 0.1
        if deadline.problem:
            problems.append(deadline.problem)
            confidence -= 0.3
        elif deadline.span is not None and not deadline.marked:
            confidence -= 0.1  # a date in the sentence, not marked as the deadline
        if not found_output:
            confidence -= 0.05
        unit = lead.unit if lead is not None else None
        group = lead.group if lead is not None else None
        proposals.append(ProposedTask(
            text=text,
            lead_unit=unit.name if unit else None,  # type: ignore[attr-defined]
            lead_unit_id=unit.id if unit else None,  # type: ignore[attr-defined]
            lead_unit_as_written=lead.written if lead is not None else "",
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
            lead_group=group.name if group else None,  # type: ignore[attr-defined]
            lead_group_id=group.id if group else None,  # type: ignore[attr-defined]
            several_leads=len(leads) > 1,
            lead_name=(lead.name or lead.written) if lead is not None else "",
        ))
    del lead_end
    return proposals


def task_propose(sentence: str, matcher: UnitMatcher, *, today: dt.date | None = None) -> ProposedTask | None:
    """The task one sentence assigns (the first lead's, when several), or None when it assigns nothing."""
    tasks = sentence_propose(sentence, matcher, today=today)
    return tasks[0] if tasks else None


def sentence_propose(sentence: str, matcher: UnitMatcher, *, today: dt.date | None = None,
                     year: int | None = None, next_sentence: str = "",
                     inherited: list[_Lead] | None = None) -> list[ProposedTask]:
    original = " ".join(sentence.split())
    folded = _fold(original)
    leads = _assignment_leads(original, folded, matcher)
    if leads is None:
        if not inherited or folded.rstrip().endswith(":"):
            return []
        leads = inherited
    return _propose(original, folded, leads, matcher, today=today, year=year, next_sentence=next_sentence)


@dataclass
class _Segment:
    text: str
    item: bool  # began with a number, a letter or a bullet
    row: list[str] | None = None  # a table row pasted as text, its cells


def _segments(text: str) -> list[_Segment]:
    result: list[_Segment] = []
    for raw in (text or "").splitlines():
        if raw.count("|") >= 2 or raw.count("\t") >= 2:
            cells = [c.strip() for c in re.split(r"\s*[|\t]\s*", raw) if c.strip()]
            if len(cells) >= 3:
                result.append(_Segment(" ".join(cells), True, cells))
                continue
        line = " ".join(raw.split())
        if not line:
            continue
        # Sentences; a bullet or "a)" starts an item only after a clause mark, so the dash inside
        # "Sở Lao động - Thương binh và Xã hội" splits nothing.
        parts = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-–•+(]|\d{1,2}[.)]\s|[a-zđ]\)\s)"
                         r"|(?<=[;:])\s+(?=[-–•+]\s|[a-zđ]\)\s|\d{1,2}[.)]\s)", line)
        for part in parts:
            stripped = _NUMBERING.sub("", part).strip()
            stripped = _NUMBERING.sub("", stripped).strip()
            if stripped:
                result.append(_Segment(stripped, stripped != part.strip()))
    return result


def sentences_split(text: str) -> list[str]:
    """Lines, and sentences within a line (". " before a capital letter); numbering removed."""
    return [segment.text for segment in _segments(text)]


def _row_propose(cells: list[str], matcher: UnitMatcher, *, year: int | None) -> list[ProposedTask]:
    """A plan table's row pasted as text: the task is the longest cell, the lead the first unit cell."""
    lead_cell = deadline_cell = None
    unit_cells: list[str] = []
    for cell in cells:
        folded = _fold(cell)
        if deadline_cell is None:
            try:
                deadline_parse(cell)
                deadline_cell = cell
                continue
            except DeadlineParseError:
                pass
        leads = _leads_at(cell, folded, 0, matcher)
        if leads and leads[-1].end >= len(cell.rstrip(" .;,")) - 1:
            if lead_cell is None:
                lead_cell = cell
            else:
                unit_cells.append(cell)
    body = max((c for c in cells if c not in (lead_cell, deadline_cell, *unit_cells)), key=len, default="")
    if lead_cell is None or len(body) < 15:
        return []
    sentence = f"{lead_cell} chủ trì {body}"
    if unit_cells:
        sentence += ", phối hợp với " + ", ".join(unit_cells)
    if deadline_cell:
        sentence += f", thời hạn: {deadline_cell}"
    tasks = sentence_propose(sentence, matcher, year=year)
    for task in tasks:
        task.text = body[:1].upper() + body[1:]
        task.sentence = " | ".join(cells)
    return tasks


def _is_bare_lead(original: str, folded: str, matcher: UnitMatcher) -> bool:
    """A line that only names a lead ("1. Bộ Công an."): the items after it are its tasks."""
    if not folded.rstrip().endswith(".") or len(original) > 120:
        return False
    return bool(_heading_leads(original.rstrip(" ."), folded.rstrip(" ."), matcher))


def _heading_leads(original: str, folded: str, matcher: UnitMatcher) -> list[_Lead]:
    for m in _TRIGGERS.finditer(folded):
        if leads := _leads_at(original, folded, m.end(), matcher):
            return leads
    # "- Sở Y tế:" names the lead and nothing else; "UBND tỉnh có ý kiến như sau:" is the speaker.
    leads = _leads_at(original, folded, 0, matcher)
    return leads if leads and not folded[leads[-1].end:].strip(" :") else []


def _heading_propose(original: str, folded: str, leads: list[_Lead], items: list[str], matcher: UnitMatcher, *,
                     today: dt.date | None, year: int | None) -> list[ProposedTask]:
    """A heading naming one lead: one task per item. Naming several: one task per lead, spanning the
    items; a deadline only when they state one."""
    if len(leads) == 1 and items:
        proposals: list[ProposedTask] = []
        for item in items:
            proposals.extend(_propose(item, _fold(item), leads, matcher, today=today, year=year))
        return proposals
    body = " ".join([original.rstrip(" :"), *items]) if items else original.rstrip(" :")
    proposals = _propose(body, _fold(body), leads, matcher, today=today, year=year)
    stated = [_deadline(item, _fold(item), today, year=year) for item in items]
    deadlines = {(d.iso, d.recurring) for d in stated if d.marked}
    for task in proposals:
        if items:
            task.text = (items[0][:1].upper() + items[0][1:]).rstrip(" ;.") + (
                f" (và {len(items) - 1} nội dung khác)" if len(items) > 1 else "")
        if len(deadlines) > 1:
            task.deadline, task.recurring = None, False
            task.problems.append("Các nội dung dưới tiêu đề có thời hạn khác nhau; hãy tách thành nhiều nhiệm vụ.")
            task.confidence = round(max(task.confidence - 0.3, 0.0), 2)
    return proposals


_DOC_DATE = re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+(\d{4})")
# Any full date in the text ("01/12/2017", "ngày 5 tháng 3 năm 2023", "Quý II/2023"): its year.
_TEXT_YEAR = re.compile(
    r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*|\bthang\s+\d{1,2}\s+nam\s+|\bnam\s+|/)((?:19|20)\d\d)\b"
)


def _text_year(folded: str) -> int | None:
    """The latest year the text itself names, for a day and month written without one (flagged)."""
    years = [int(m[1]) for m in _TEXT_YEAR.finditer(folded)]
    return max(years) if years else None


def conclusions_read(text: str, matcher: UnitMatcher, *, today: dt.date | None = None) -> list[ProposedTask]:
    """Every task the text assigns, in the order written.

    Items under a heading that names the lead ("Đề nghị Sở Y tế:" then "a) …", "- …") take that lead;
    items under a heading that names none ("Giao:", "phân công như sau:") need their own.
    """
    head = _fold((text or "")[:3000])
    year_match = _DOC_DATE.search(head)
    # A day and month without a year take the document's year: from its heading, else the day given.
    year = int(year_match[1]) if year_match else (today.year if today else None)
    if year is None:
        # No heading and no date given (a news report quoting a letter): the latest year the text names.
        year = _text_year(_fold(text or ""))
    segments = _segments(text)
    tasks: list[ProposedTask] = []
    n = 0
    while n < len(segments):
        segment = segments[n]
        n += 1
        if segment.row is not None:
            tasks.extend(_row_propose(segment.row, matcher, year=year))
            continue
        original = " ".join(segment.text.split())
        folded = _fold(original)
        bare_lead = n < len(segments) and segments[n].item and _is_bare_lead(original, folded, matcher)
        if folded.rstrip().endswith(":") or bare_lead:
            if bare_lead:
                original, folded = original.rstrip(" ."), folded.rstrip(" .")
            leads = _heading_leads(original, folded, matcher)
            if not leads:
                continue  # "Giao:", "phân công như sau:": each item names its own lead
            # A heading that names the leads: the items under it are what they must do, one task per lead.
            items: list[str] = []
            while n < len(segments) and segments[n].row is None and len(items) < 40:
                item = " ".join(segments[n].text.split())
                item_folded = _fold(item)
                if item_folded.rstrip().endswith(":") or _assignment_leads(item, item_folded, matcher) or \
                        _is_bare_lead(item, item_folded, matcher):
                    break
                items.append(item)
                n += 1
            tasks.extend(_heading_propose(original, folded, leads, items, matcher, today=today, year=year))
            continue
        nxt = segments[n].text if n < len(segments) and segments[n].row is None else ""
        if nxt and _assignment_leads(" ".join(nxt.split()), _fold(" ".join(nxt.split())), matcher) is not None:
            nxt = ""
        clauses = _own_lead_clauses(original, matcher)
        if clauses is not None:
            for k, clause in enumerate(clauses):
                # A deadline written once for the whole sentence holds for every clause without its own.
                rest = " ".join([*clauses[k + 1:], nxt]).strip()
                tasks.extend(sentence_propose(clause, matcher, today=today, year=year, next_sentence=rest))
            continue
        tasks.extend(sentence_propose(original, matcher, today=today, year=year, next_sentence=nxt))
    return tasks


def _clause_leads(clause: str, matcher: UnitMatcher) -> bool:
    """The clause names its own lead, who acts (not one who only supports: "Sở B phối hợp …")."""
    folded = _fold(clause)
    leads = _assignment_leads(clause, folded, matcher)
    return bool(leads) and not re.match(r"\s*,?\s*(?:cung\s+)?phoi hop", folded[leads[-1].end:])  # type: ignore[index]


def _own_lead_clauses(original: str, matcher: UnitMatcher) -> list[str] | None:
    """A sentence whose ";"-clauses each name their own lead ("Bộ GTVT được giao …; Bộ Công an được giao …"):
    one piece per lead, the clauses without a lead kept with the clause before. None: read it whole."""
    if ";" not in original:
        return None
    parts = [p.strip() for p in original.split(";") if p.strip()]
    own = [_clause_leads(p, matcher) for p in parts]
    if sum(own) < 2 and (sum(own) < 1 or _is_assignment(original, _fold(original), matcher)):
        return None
    pieces: list[str] = []
    for part, has_lead in zip(parts, own, strict=True):
        if has_lead or not pieces:
            pieces.append(part)
        else:
            pieces[-1] += "; " + part
    return pieces
