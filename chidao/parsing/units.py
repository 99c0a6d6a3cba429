"""Unit names as people type them, matched to the unit list.

"Sở KH&CN", "Sở KHCN", "Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe" and
"Sở Khoa học và Công nghệ thành phố Đà Nẵng" all name the same unit: names are compared by a key
that drops accents, punctuation and case, spells out the usual abbreviations (UBND, VP, KH&CN,
TT&TT, GD&ĐT…) and, failing an exact hit, drops the city qualifier ("thành phố", "TP Đà Nẵng")
and a leading "Sở". Anything else an office writes goes into the unit's alias list, which is
matched the same way. A name that fits no unit, or two, is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from chidao.core.text import normalize_vn

# (pattern on the accent-free lower-case text, spelled-out words). Order matters: the compound
# abbreviations go before their parts.
_ABBREVIATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r) for p, r in [
        (r"\bld\s*-?\s*tb\s*(?:&|va|-)?\s*xh\b", " lao dong thuong binh va xa hoi "),
        (r"\bvh\s*,?\s*-?\s*tt\s*(?:&|va|-)?\s*dl\b", " van hoa the thao va du lich "),
        (r"\bnn\s*(?:&|va|-)?\s*ptnt\b", " nong nghiep va phat trien nong thon "),
        (r"\bnn\s*(?:&|va|-)\s*mt\b", " nong nghiep va moi truong "),
        (r"\bkh\s*(?:&|va|-)?\s*cn\b", " khoa hoc va cong nghe "),
        (r"\bkh\s*(?:&|va|-)?\s*dt\b", " ke hoach va dau tu "),
        (r"\bgd\s*(?:&|va|-)?\s*dt\b", " giao duc va dao tao "),
        (r"\btn\s*(?:&|va|-)?\s*mt\b", " tai nguyen va moi truong "),
        (r"\btt\s*(?:&|va|-)\s*tt\b|\btttt\b", " thong tin va truyen thong "),
        (r"\bgt\s*(?:&|va|-)?\s*vt\b", " giao thong van tai "),
        (r"\bcntt\b", " cong nghe thong tin "),
        (r"\bubmttq\b", " uy ban mat tran to quoc "),
        (r"\bubnd\b", " uy ban nhan dan "),
        (r"\bhdnd\b", " hoi dong nhan dan "),
        (r"\bvp\b", " van phong "),
        (r"\btp\b", " thanh pho "),
        (r"\bbcd\b", " ban chi dao "),
        (r"\bcds\b", " chuyen doi so "),
        (r"\bdmst\b", " doi moi sang tao "),
        (r"\bdhqg\b", " dai hoc quoc gia "),
        (r"\bdh\b", " dai hoc "),
    ]
]
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CITY_SUFFIX = re.compile(r"(?: (?:thanh pho|tinh))?(?: da nang)?$| thanh pho$")
_LEADING = re.compile(r"^(?:so|cac so) ")
# Separators between several units in one cell: semicolons, line breaks, bullets; commas are
# handled apart because some unit names contain one ("Trung tâm Giám sát, điều hành…").
_HARD_SPLIT = re.compile(r"[;\n\r]+")
# Loose keys that name a kind of body, not one unit ("Sở TP" loses "thành phố" and leaves "sở"):
# they never identify a unit on their own.
_GENERIC_LOOSE = {"so", "ban", "van phong", "uy ban nhan dan", "phong", "trung tam", "cong an", "xa", "phuong",
                  "cong ty", "chi cuc", "cuc", "bo", "hoi dong nhan dan", "ban chi dao"}
_BULLET = re.compile(r"^[\s\-+•*.]+|[\s.;,]+$")


@lru_cache(maxsize=65536)
def unit_key(text: str) -> str:
    """The strict comparison key of a unit name (cached: the reader asks for the same runs of words often)."""
    key = normalize_vn(text)
    key = key.replace("&", " & ")
    for pattern, words in _ABBREVIATIONS:
        key = pattern.sub(words, key)
    key = key.replace("&", " va ")
    return " ".join(_NON_WORD.sub(" ", key).split())


def unit_loose_key(key: str) -> str:
    """The strict key without the city qualifier and a leading "Sở", for a second try."""
    loose = key
    for _ in range(2):
        loose = _CITY_SUFFIX.sub("", loose).strip()
    loose = _LEADING.sub("", loose).strip()
    return loose


@dataclass(frozen=True)
class UnitRecord:
    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    code: str = ""
    kind: str = ""

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class UnitMatch:
    text: str
    candidates: tuple[UnitRecord, ...] = field(default_factory=tuple)

    @property
    def unit(self) -> UnitRecord | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def ok(self) -> bool:
        return len(self.candidates) == 1

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def error(self) -> str:
        """The Vietnamese problem with this name, "" when it names exactly one unit."""
        if self.ok:
            return ""
        if self.ambiguous:
            names = "; ".join(u.name for u in self.candidates[:5])
            return f"“{self.text}” khớp với nhiều đơn vị ({names}); hãy ghi rõ tên đơn vị."
        return (
            f"Không tìm thấy đơn vị “{self.text}” trong danh sách đơn vị; hãy sửa tên "
            "hoặc thêm tên gọi khác cho đơn vị (trang Tên gọi khác của đơn vị)."
        )


@dataclass(frozen=True)
class GroupRecord:
    """A unit group ("Các sở, ban, ngành"): a collective lead in a text maps to it by name or alias."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    member_ids: tuple[int, ...] = ()


def group_key(text: str) -> str:
    """A collective name's key: the unit key without "các", "thủ trưởng", "liên quan" and "và"."""
    key = unit_key(text)
    key = re.sub(r"\b(?:cac|thu truong|giam doc|chu tich|lien quan|truc thuoc|va|co lien quan|thanh pho|tinh)\b",
                 " ", key)
    return " ".join(key.split())


class UnitMatcher:
    """An index of the unit list by strict and loose keys; pure (built from UnitRecords)."""

    def __init__(self, units: Iterable[UnitRecord], groups: Iterable[GroupRecord] = ()) -> None:
        self.units = list(units)
        self.groups = list(groups)
        self._cache: dict[str, UnitMatch] = {}
        self._group_keys: dict[str, dict[int, GroupRecord]] = {}
        for group in self.groups:
            for spelling in (group.name, *group.aliases):
                if key := group_key(spelling or ""):
                    self._group_keys.setdefault(key, {})[group.id] = group
        self._strict: dict[str, dict[int, UnitRecord]] = {}
        self._loose: dict[str, dict[int, UnitRecord]] = {}
        for unit in self.units:
            for spelling in (unit.name, unit.short_name, unit.code, *unit.aliases):
                key = unit_key(spelling or "")
                if not key:
                    continue
                self._strict.setdefault(key, {})[unit.id] = unit
                loose = unit_loose_key(key)
                if loose and loose not in _GENERIC_LOOSE:
                    self._loose.setdefault(loose, {})[unit.id] = unit

    def match(self, text: str) -> UnitMatch:
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = self._match(text)
        return cached

    def _match(self, text: str) -> UnitMatch:
        cleaned = _BULLET.sub("", " ".join((text or "").split()))
        key = unit_key(cleaned)
        if not key:
            return UnitMatch(text=cleaned)
        hits = self._strict.get(key)
        if not hits:
            loose = unit_loose_key(key)
            hits = self._loose.get(loose) if loose not in _GENERIC_LOOSE else None
        return UnitMatch(text=cleaned, candidates=tuple(sorted((hits or {}).values(), key=lambda u: u.id)))

    def match_group(self, text: str) -> GroupRecord | None:
        """The one unit group a collective name means, or None (none or several)."""
        hits = self._group_keys.get(group_key(text))
        return next(iter(hits.values())) if hits and len(hits) == 1 else None

    def match_many(self, text: str) -> list[UnitMatch]:
        """Several units in one cell, separated by commas, semicolons, line breaks or "và"."""
        results: list[UnitMatch] = []
        for chunk in _HARD_SPLIT.split(text or ""):
            chunk = _BULLET.sub("", chunk.strip())
            if chunk:
                results.extend(self._split_commas(chunk))
        return results

    def _split_commas(self, chunk: str) -> list[UnitMatch]:
        whole = self.match(chunk)
        if whole.ok:
            return [whole]
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        results: list[UnitMatch] = []
        i = 0
        while i < len(pieces):
            # The longest run of pieces that names one unit wins, so a name with a comma stays whole.
            for j in range(len(pieces), i, -1):
                candidate = self.match(", ".join(pieces[i:j]))
                if candidate.ok or j == i + 1:
                    break
            if not candidate.ok:
                candidate = self._split_and(pieces[i]) or candidate
            results.extend(candidate if isinstance(candidate, list) else [candidate])
            i = j
        return results

    def _split_and(self, piece: str) -> list[UnitMatch] | None:
        parts = [p for p in re.split(r"\s+(?:và|va)\s+", piece) if p.strip()]
        if len(parts) < 2:
            return None
        matches = [self.match(p) for p in parts]
        return matches if all(m.ok for m in matches) else None


def unit_list_split(text: str, matcher: UnitMatcher) -> list[UnitMatch]:
    return matcher.match_many(text)


def unit_matcher_from_db(*, active_only: bool = True) -> UnitMatcher:
    """The matcher over the units in the database (one query)."""
    from chidao.orgs.models import (
        OrgUnit,  # here, so the rest of the module needs no Django
        UnitGroup,
    )

    qs = OrgUnit.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    groups = [
        GroupRecord(id=g.pk, name=g.name,
                    aliases=tuple(line.strip() for line in g.aliases.splitlines() if line.strip()),
                    member_ids=tuple(m.pk for m in g.members.all()))
        for g in UnitGroup.objects.filter(is_active=True).prefetch_related("members")
    ]
    return UnitMatcher(
        (UnitRecord(id=u.pk, name=u.name, short_name=u.short_name, code=u.code, kind=u.kind,
                    aliases=tuple(line.strip() for line in u.aliases.splitlines() if line.strip()))
         for u in qs.only("id", "name", "short_name", "code", "kind", "aliases")),
        groups,
    )


def unit_match(text: str, *, matcher: UnitMatcher | None = None) -> UnitMatch:
    """Match one typed unit name against the unit list (the database's unless `matcher` is given)."""
    return (matcher or unit_matcher_from_db()).match(text)
