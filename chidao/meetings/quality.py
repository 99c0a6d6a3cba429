"""Measuring the conclusion reader against texts with known answers (pure, no database).

Two measures live here:

- the real-document corpus (corpus/reader/{dev,holdout}/*.json, labelled by hand, see
  corpus/reader/README.md): `corpus_load`, `corpus_check`, `corpus_measure` — what
  `python manage.py reader_quality` reports;
- the older set of sentences written here (`python manage.py reader_quality --sentences [FILE.json]`):
  `cases_load`, `quality_measure`, described below.

Each case: {"text", "lead" (a unit code of the demo story, or null), "deadline" (ISO or null),
"recurring"}. Lead unit and deadline are scored separately:

- precision: of the values the reader proposed (not null), the share that are right;
- recall: of the values the case expects (not null), the share the reader proposed right;
- accuracy: cases where the proposal equals the expectation, null included (a reader that says
  "unknown" where the answer is unknown is right).

A deadline's value is its ISO date, or "recurring" for a recurring task.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chidao.core.text import normalize_vn
from chidao.parsing import GroupRecord, UnitMatcher, UnitRecord

from .reader import DEFAULT_OUTPUT, ProposedTask, conclusions_read, task_propose

DEFAULT_CASES = Path(__file__).resolve().parent / "tests" / "data" / "conclusion_sentences.json"


def story_matcher() -> tuple[UnitMatcher, dict[int, str]]:
    """The demo story's units, numbered in order; returns the matcher and id → code."""
    from chidao.demo import story

    records = [UnitRecord(id=i, name=u["name"], short_name=u["short_name"], code=u["code"], kind=u["kind"],
                          aliases=tuple(u["aliases"])) for i, u in enumerate(story.UNITS, start=1)]
    ids = {r.code: r.id for r in records}
    groups = [GroupRecord(id=i, name=str(g["name"]), aliases=tuple(g["aliases"]),  # type: ignore[arg-type]
                          member_ids=tuple(ids[c] for c in g["members"]))  # type: ignore[attr-defined]
              for i, g in enumerate(story.UNIT_GROUPS, start=1)]
    return UnitMatcher(records, groups), {r.id: r.code for r in records}


@dataclass
class Score:
    proposed: int = 0
    proposed_right: int = 0
    expected: int = 0
    expected_right: int = 0
    exact: int = 0
    total: int = 0

    @property
    def precision(self) -> float:
        return self.proposed_right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.expected_right / self.expected if self.expected else 1.0

    @property
    def accuracy(self) -> float:
        return self.exact / self.total if self.total else 1.0

    def add(self, got: Any, want: Any) -> None:
        self.total += 1
        if got is not None:
            self.proposed += 1
            self.proposed_right += got == want
        if want is not None:
            self.expected += 1
            self.expected_right += got == want
        self.exact += got == want


@dataclass
class Quality:
    lead: Score = field(default_factory=Score)
    deadline: Score = field(default_factory=Score)
    both_exact: int = 0
    flagged_when_wrong: int = 0
    wrong: int = 0
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        def score(s: Score) -> dict[str, Any]:
            return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "accuracy": round(s.accuracy, 4),
                    "proposed": s.proposed, "proposed_right": s.proposed_right, "expected": s.expected,
                    "expected_right": s.expected_right, "cases": s.total}

        return {"cases": self.lead.total, "lead_unit": score(self.lead), "deadline": score(self.deadline),
                "both_right": self.both_exact, "wrong_but_flagged": self.flagged_when_wrong, "wrong": self.wrong,
                "mistakes": self.mistakes}


def quality_measure(cases: list[dict[str, Any]]) -> Quality:
    matcher, codes = story_matcher()
    result = Quality()
    for case in cases:
        task = task_propose(case["text"], matcher)
        lead = codes.get(task.lead_unit_id) if task and task.lead_unit_id else None
        deadline = ("recurring" if task.recurring else task.deadline) if task else None
        want_deadline = "recurring" if case.get("recurring") else case.get("deadline")
        result.lead.add(lead, case.get("lead"))
        result.deadline.add(deadline, want_deadline)
        right = lead == case.get("lead") and deadline == want_deadline
        result.both_exact += right
        if not right:
            result.wrong += 1
            flagged = bool(task and task.problems)
            result.flagged_when_wrong += flagged
            result.mistakes.append({"text": case["text"], "want_lead": case.get("lead"), "got_lead": lead,
                                    "want_deadline": want_deadline, "got_deadline": deadline, "flagged": flagged,
                                    "problems": task.problems if task else ["không nhận ra là câu giao việc"]})
    return result


def cases_load(path: Path = DEFAULT_CASES) -> list[dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


# --- the real-document corpus --------------------------------------------------------------------

CORPUS_ROOT = Path(__file__).resolve().parents[2] / "corpus" / "reader"
CORPUS_SETS = ("dev", "holdout")
_DOC_KEYS = ("id", "source_url", "issuer", "issuer_kind", "doc_kind", "issued_on", "text", "assignments")
_ASSIGNMENT_KEYS = ("lead_as_written", "lead_unit", "lead_group", "support_units", "deadline",
                    "deadline_as_written", "expected_output", "span")
# Titles before a unit's name: "Giám đốc Sở Y tế" is Sở Y tế for comparison.
_TITLES = re.compile(r"^(?:(?:tong )?giam doc|chu tich|thu truong|bo truong|chanh van phong|truong ban)\s+")
_KEY_WORDS = ((r"\buy ban nhan dan\b", "ubnd"), (r"\bthanh pho\b", "tp"), (r"\bho chi minh\b", "hcm"),
              (r"\bviet nam\b", "vn"), (r"\bphat trien nong thon\b", "ptnt"))


def corpus_load(set_name: str, root: Path = CORPUS_ROOT) -> list[dict[str, Any]]:
    """The documents of one set ("dev" or "holdout"), in id order."""
    folder = Path(root) / set_name
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _valid_deadline(value: Any) -> bool:
    if value is None or value == "recurring":
        return True
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def corpus_check(docs: Iterable[dict[str, Any]], set_name: str | None = None) -> list[str]:
    """What is wrong with the labelled files (empty when they are sound): keys, types, dates, spans."""
    problems: list[str] = []
    seen: set[str] = set()
    for doc in docs:
        doc_id = str(doc.get("id"))
        missing = [k for k in _DOC_KEYS if k not in doc]
        if missing:
            problems.append(f"{doc_id}: missing {', '.join(missing)}")
            continue
        if doc_id in seen:
            problems.append(f"{doc_id}: duplicate id")
        seen.add(doc_id)
        if set_name and doc_id[:1] != set_name[:1]:
            problems.append(f"{doc_id}: id does not start with the set's letter {set_name[:1]!r}")
        if not str(doc["source_url"]).startswith(("http://", "https://")):
            problems.append(f"{doc_id}: source_url is not a web address")
        if not doc["issuer"] or not doc["issuer_kind"] or not doc["doc_kind"]:
            problems.append(f"{doc_id}: issuer, issuer_kind and doc_kind are required")
        if doc["issued_on"] is not None and (doc["issued_on"] == "recurring" or not _valid_deadline(doc["issued_on"])):
            problems.append(f"{doc_id}: issued_on {doc['issued_on']!r} is not an ISO date")
        if not isinstance(doc["text"], str) or not doc["text"].strip():
            problems.append(f"{doc_id}: empty text")
            continue
        for i, a in enumerate(doc["assignments"], start=1):
            where = f"{doc_id} #{i}"
            missing = [k for k in _ASSIGNMENT_KEYS if k not in a]
            if missing:
                problems.append(f"{where}: missing {', '.join(missing)}")
                continue
            if not a["lead_as_written"]:
                problems.append(f"{where}: lead_as_written is empty")
            supports = a["support_units"]
            if not isinstance(supports, list) or not all(isinstance(x, str) and x for x in supports):
                problems.append(f"{where}: support_units must be a list of names")
            if not _valid_deadline(a["deadline"]):
                problems.append(f"{where}: deadline {a['deadline']!r} is neither an ISO date, 'recurring' nor null")
            if not a["span"] or a["span"] not in doc["text"]:
                problems.append(f"{where}: span is not a substring of the text")
    return problems


def lead_key(name: str | None) -> str:
    """A name reduced for comparison: no accents or punctuation, common words shortened, titles dropped."""
    key = normalize_vn(name).replace("&", " va ")
    key = re.sub(r"[^\w\s]", " ", key)
    for pattern, short in _KEY_WORDS:
        key = re.sub(pattern, short, key)
    key = " ".join(key.split())
    return _TITLES.sub("", key)


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", normalize_vn(text)) if len(w) > 1}


def output_matches(got: str | None, want: str | None) -> bool:
    """Expected outputs agree when half the words of the shorter one are in the other."""
    a, b = _words(got), _words(want)
    return bool(a and b) and len(a & b) >= 0.5 * min(len(a), len(b))


@dataclass
class FieldScore:
    """precision = right / proposed (matched proposals giving a value); recall = right / expected (gold values)."""

    proposed: int = 0
    proposed_right: int = 0
    expected: int = 0
    expected_right: int = 0

    @property
    def precision(self) -> float:
        return self.proposed_right / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.expected_right / self.expected if self.expected else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "proposed": self.proposed,
                "proposed_right": self.proposed_right, "expected": self.expected,
                "expected_right": self.expected_right}


@dataclass
class CorpusQuality:
    set_name: str
    documents: int = 0
    documents_assigning: int = 0
    assignments: int = 0
    proposals: int = 0
    proposals_matched: int = 0
    lead: FieldScore = field(default_factory=FieldScore)
    deadline: FieldScore = field(default_factory=FieldScore)
    support: FieldScore = field(default_factory=FieldScore)
    output: FieldScore = field(default_factory=FieldScore)
    lead_and_deadline_right: int = 0
    crashed: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def proposals_precision(self) -> float:
        return self.proposals_matched / self.proposals if self.proposals else 0.0

    @property
    def both_right_share(self) -> float:
        return self.lead_and_deadline_right / self.assignments if self.assignments else 0.0

    def as_json(self, *, mistakes: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "set": self.set_name, "documents": self.documents, "documents_assigning": self.documents_assigning,
            "assignments": self.assignments, "proposals": self.proposals, "proposals_matched": self.proposals_matched,
            "proposals_precision": round(self.proposals_precision, 4),
            "lead_and_deadline_right": self.lead_and_deadline_right,
            "lead_and_deadline_right_share": round(self.both_right_share, 4),
            "lead": self.lead.as_json(), "deadline": self.deadline.as_json(),
            "support_units": self.support.as_json(), "expected_output": self.output.as_json(),
            "crashed": self.crashed, "empty_answer": self.empty, "proposals_on_negatives": self.false_alarms,
        }
        if mistakes:
            data["mistakes"] = self.mistakes
        return data


def _squash(text: str) -> str:
    return " ".join(text.split())


def _proposal_ranges(text: str, tasks: list[ProposedTask]) -> list[tuple[int, int] | None]:
    """Where each proposal's sentence sits in the whitespace-collapsed text (reading order, then anywhere)."""
    ranges: list[tuple[int, int] | None] = []
    cursor = 0
    for task in tasks:
        sentence = _squash(task.sentence or task.text)
        at = text.find(sentence, cursor)
        if at < 0:
            at = text.find(sentence)
        if at < 0 and len(sentence) > 40:
            at = text.find(sentence[:40])
            sentence = sentence[:40]
        if at < 0:
            ranges.append(None)
            continue
        ranges.append((at, at + len(sentence)))
        cursor = at + 1
    return ranges


def _gold_range(text: str, span: str) -> tuple[int, int] | None:
    span = _squash(span)
    at = text.find(span)
    return (at, at + len(span)) if at >= 0 else None


def _gold_keys(a: dict[str, Any]) -> set[str]:
    return {lead_key(v) for v in (a.get("lead_unit"), a.get("lead_as_written"), a.get("lead_group")) if v} - {""}


def _task_keys(task: ProposedTask) -> set[str]:
    return {lead_key(v) for v in (task.lead_unit, task.lead_unit_as_written) if v} - {""}


def _task_deadline(task: ProposedTask) -> str | None:
    return "recurring" if task.recurring else task.deadline


def _task_output(task: ProposedTask) -> str | None:
    return None if not task.output or task.output == DEFAULT_OUTPUT else task.output


def match_proposals(text: str, gold: list[dict[str, Any]], tasks: list[ProposedTask]) -> list[int | None]:
    """For each gold assignment, the index of the proposal it is matched to (or None).

    A pair is possible when the proposal's sentence overlaps the gold span; pairs whose lead agrees come
    first, then the larger share of overlap, then reading order. Each proposal serves one assignment.
    """
    squashed = _squash(text)
    g_ranges = [_gold_range(squashed, a["span"]) for a in gold]
    p_ranges = _proposal_ranges(squashed, tasks)
    pairs = []
    for gi, gr in enumerate(g_ranges):
        for pi, pr in enumerate(p_ranges):
            if gr is None or pr is None:
                continue
            overlap = min(gr[1], pr[1]) - max(gr[0], pr[0])
            if overlap <= 0:
                continue
            lead_right = bool(_gold_keys(gold[gi]) & _task_keys(tasks[pi]))
            share = overlap / max(gr[1] - gr[0], pr[1] - pr[0], 1)
            pairs.append((not lead_right, -share, gi, pi))
    pairs.sort()
    matched: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for _, _, gi, pi in pairs:
        if matched[gi] is None and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


Reader = Callable[[str, UnitMatcher, dt.date | None], list[ProposedTask]]


def _default_reader(text: str, matcher: UnitMatcher, today: dt.date | None) -> list[ProposedTask]:
    return conclusions_read(text, matcher, today=today)


def gold_matcher(docs: Iterable[dict[str, Any]]) -> UnitMatcher:
    """A unit list made of the gold lead units (an upper bound: every named lead is a known unit)."""
    names = sorted({a["lead_unit"] for d in docs for a in d["assignments"] if a.get("lead_unit")})
    return UnitMatcher([UnitRecord(id=i, name=n) for i, n in enumerate(names, start=1)])


def corpus_measure(docs: list[dict[str, Any]], matcher: UnitMatcher, *, set_name: str = "",
                   reader: Reader = _default_reader) -> CorpusQuality:
    """Runs the reader on every document and scores its proposals against the gold assignments."""
    q = CorpusQuality(set_name=set_name)
    for doc in docs:
        gold = doc["assignments"]
        q.documents += 1
        q.assignments += len(gold)
        q.documents_assigning += bool(gold)
        today = dt.date.fromisoformat(doc["issued_on"]) if doc.get("issued_on") else None
        try:
            tasks = reader(doc["text"], matcher, today)
        except Exception as exc:  # a crash is a measured outcome, not the end of the measure
            q.crashed.append(f"{doc['id']}: {type(exc).__name__}: {exc}")
            tasks = []
        q.proposals += len(tasks)
        if gold and not tasks:
            q.empty.append(doc["id"])
        if not gold and tasks:
            q.false_alarms.append(doc["id"])
        matched = match_proposals(doc["text"], gold, tasks)
        q.proposals_matched += sum(m is not None for m in matched)
        for a, pi in zip(gold, matched, strict=True):
            task = tasks[pi] if pi is not None else None
            _score_pair(q, doc["id"], a, task)
    return q


def _score_pair(q: CorpusQuality, doc_id: str, a: dict[str, Any], task: ProposedTask | None) -> None:
    want_keys = _gold_keys(a)
    got_keys = _task_keys(task) if task else set()
    lead_right = bool(want_keys & got_keys)
    q.lead.expected += 1
    q.lead.expected_right += lead_right
    if got_keys:
        q.lead.proposed += 1
        q.lead.proposed_right += lead_right

    want_deadline = a["deadline"]
    got_deadline = _task_deadline(task) if task else None
    deadline_right = task is not None and got_deadline == want_deadline
    if want_deadline is not None:
        q.deadline.expected += 1
        q.deadline.expected_right += deadline_right
    if task is not None and got_deadline is not None:
        q.deadline.proposed += 1
        q.deadline.proposed_right += deadline_right

    want_support = {lead_key(s) for s in a["support_units"]}
    got_support = ({lead_key(s) for s in [*task.support_units, *task.support_units_unmatched]} if task else set())
    common = len(want_support & got_support)
    q.support.expected += len(want_support)
    q.support.expected_right += common
    q.support.proposed += len(got_support)
    q.support.proposed_right += common

    want_output, got_output = a["expected_output"], (_task_output(task) if task else None)
    output_right = output_matches(got_output, want_output)
    if want_output:
        q.output.expected += 1
        q.output.expected_right += output_right
    if got_output:
        q.output.proposed += 1
        q.output.proposed_right += output_right

    both = task is not None and lead_right and deadline_right
    q.lead_and_deadline_right += both
    if not both:
        q.mistakes.append({
            "document": doc_id, "span": a["span"][:160], "want_lead": a["lead_unit"] or a["lead_group"]
            or a["lead_as_written"], "got_lead": (task.lead_unit or task.lead_unit_as_written) if task else None,
            "want_deadline": want_deadline, "got_deadline": got_deadline, "proposed": task is not None,
        })
