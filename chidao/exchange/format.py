"""The exchange file: a documented, versioned JSON picture of one directive.

    {
      "format": "chidao.exchange",   always this string
      "version": 1,                   bumped when a field changes meaning; readers refuse others
      "generated_at": "2026-05-15T08:00:00+07:00",
      "source": {"system": "Chỉ Đạo", "site": "<CHIDAO_EXCHANGE_SITE>"},
      "directive": {"code", "kind", "title", "issuer", "issued_on"},
      "units":  [{"code", "name", "short_name", "kind"}],          every unit the tasks name
      "tasks":  [{"id", "parent", "code", "position", "title", "kind" (deadline|recurring|group),
                  "state" (draft|assigned|completion_requested|completed|cancelled),
                  "status" (DESIGN §4 status, informative), "lead_unit", "support_units" (unit codes),
                  "expected_output", "field", "assigned_on", "original_due_on", "due_on",
                  "deadline_text", "completed_on", "progress", "last_reported_on", "cancel_reason",
                  "unit_group" (on a group given to a unit group: the group's name, else null; optional)}],
      "progress_reports": [{"task", "unit", "version", "submitted_on", "progress", "results",
                            "difficulties", "proposals", "claims_completion", "state"}],
      "indicator_values": [...]       present when an installed app provides them (see
                                      documents.hooks: exchange_indicator_values(directive=…))
    }

Dates are ISO `YYYY-MM-DD`. `id` is the task's external identifier: its `external_id` when it
came from elsewhere, else "<site>:<primary key>"; a task's `parent` is its group's `id`. Importing
matches tasks by that identifier, so importing the same file twice changes nothing.
"""

from __future__ import annotations

FORMAT = "chidao.exchange"
VERSION = 1
