"""Measuring the conclusion reader against sentences with known answers (pure, no database).

    python manage.py reader_quality [FILE.json]

Each case: {"text", "lead" (a unit code of the demo story, or null), "deadline" (ISO or null),
"recurring"}. Lead unit and deadline are scored separately:

- precision: of the values the reader proposed (not null), the share that are right;
- recall: of the values the case expects (not null), the share the reader proposed right;
- accuracy: cases where the proposal equals the expectation, null included (a reader that says
  "unknown" where the answer is unknown is right).

A deadline's value is its ISO date, or "recurring" for a recurring task.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chidao.parsing import GroupRecord, UnitMatcher, UnitRecord

from .reader import task_propose

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
