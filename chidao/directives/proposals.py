"""The confirmation form of tasks proposed from a document, shared by the meeting's conclusion page
and the directive's "Thêm nhiệm vụ từ văn bản" page: rows to show, rows posted back, tasks to create.

A row's lead is a unit id ("12") or a unit group ("g3"); an unknown lead may be created as a new
unit, or the chosen unit may keep the name as written as another name ("tên gọi khác").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.http import QueryDict

from chidao.core.formatting import format_date
from chidao.orgs.models import OrgUnit, UnitGroup

from .services import ConfirmedTask

_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def date_parse(value: str) -> dt.date | None:
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


def choices() -> tuple[list[OrgUnit], list[UnitGroup]]:
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind="committee").order_by("name"))
    groups = list(UnitGroup.objects.filter(is_active=True).order_by("name"))
    return units, groups


def choice_context(units: Sequence[OrgUnit], groups: Sequence[UnitGroup]) -> dict[str, Any]:
    """What the partial includes/task_proposals.html needs besides the rows."""
    return {"units": units, "unit_choices": [(str(u.pk), u.name) for u in units],
            "group_choices": [(f"g{g.pk}", g.name) for g in groups]}


def rows_from_proposals(proposals: Sequence[Any]) -> list[dict[str, Any]]:
    rows = []
    for n, p in enumerate(proposals):
        lead = f"g{p.lead_group_id}" if getattr(p, "lead_group_id", None) else (str(p.lead_unit_id)
                                                                               if p.lead_unit_id else "")
        rows.append({
            "n": n, "include": True, "title": p.text, "lead": lead, "support_ids": p.support_unit_ids,
            "recurring": p.recurring, "due": format_date(dt.date.fromisoformat(p.deadline)) if p.deadline else "",
            "deadline_text": p.deadline_as_written, "output": p.output, "problems": p.problems,
            "sentence": p.sentence, "lead_as_written": getattr(p, "lead_name", "") or p.lead_unit_as_written,
            "confidence": p.confidence,
            "unmatched": p.support_units_unmatched, "unknown": "",
            "unknown_lead": not lead and bool(p.lead_unit_as_written),
        })
    return rows


def rows_from_post(data: QueryDict) -> list[dict[str, Any]]:
    try:
        count = min(max(int(data.get("count", "0") or 0), 0), 2000)
    except ValueError:
        count = 0
    rows = []
    for n in range(count):
        p = f"t{n}-"
        lead = data.get(p + "lead", "")
        lead = lead if re.fullmatch(r"g?\d{1,9}", lead or "") else ""
        rows.append({
            "n": n, "include": bool(data.get(p + "include")), "title": data.get(p + "title", ""), "lead": lead,
            "support_ids": [int(x) for x in data.getlist(p + "support") if x.isdigit() and len(x) < 10],
            "recurring": bool(data.get(p + "recurring")), "due": data.get(p + "due", ""),
            "deadline_text": data.get(p + "deadline_text", "")[:120], "output": data.get(p + "output", ""),
            "problems": data.getlist(p + "problem"), "sentence": data.get(p + "sentence", ""),
            "lead_as_written": data.get(p + "lead_as_written", "")[:255],
            "unknown": data.get(p + "unknown", "") if data.get(p + "unknown", "") in {"create", "alias"} else "",
        })
        rows[-1]["unknown_lead"] = bool(rows[-1]["lead_as_written"]) and (
            not lead or rows[-1]["unknown"] != "")
    return rows


def confirmed_tasks(rows: Sequence[dict[str, Any]], units: Sequence[OrgUnit],
                    groups: Sequence[UnitGroup]) -> list[ConfirmedTask]:
    unit_by_id = {u.pk: u for u in units}
    group_by_id = {g.pk: g for g in groups}
    tasks = []
    for r in rows:
        if not r["include"]:
            continue
        lead_value = r["lead"]
        group = group_by_id.get(int(lead_value[1:])) if lead_value.startswith("g") else None
        lead = unit_by_id.get(int(lead_value)) if lead_value.isdigit() else None
        create = r["unknown"] == "create" and lead is None and group is None
        tasks.append(ConfirmedTask(
            title=r["title"], lead_unit=lead, unit_group=group,
            support_units=[unit_by_id[i] for i in r["support_ids"] if i in unit_by_id],
            recurring=r["recurring"], due_on=date_parse(r["due"]), deadline_text=r["deadline_text"],
            expected_output=r["output"],
            new_unit_name=r["lead_as_written"] if create else "",
            alias=r["lead_as_written"] if r["unknown"] == "alias" and lead is not None else "",
        ))
    return tasks
