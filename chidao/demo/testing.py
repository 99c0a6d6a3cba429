"""Helpers for tests that need the whole Đà Nẵng story (seeded through the services)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from chidao.directives.models import Directive
from chidao.orgs.models import User

from . import story
from .seed import seed_demo


def demo_seeded() -> dict[str, Any]:
    """Seed the demo and return the people by username, the programme and today."""
    today = timezone.localdate()
    seed_demo(today=today)
    people = {u.username: u for u in User.objects.all()}
    return {"today": today, "people": people, "programme": Directive.objects.get(code=story.PROGRAMME_DIRECTIVE)}


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def consolidated_text(*, user: User, directive: Directive, as_of: Any, round_id: int | None = None) -> str:
    from chidao.documents.render import consolidated_docx
    from chidao.documents.selectors import consolidated_report_get

    report = consolidated_report_get(user=user, directive=directive, as_of=as_of, round_id=round_id)
    return docx_text(consolidated_docx(report))


def sheet(content: bytes) -> tuple[Any, int]:
    """The active sheet of an .xlsx and the row of its header (the row the panes are frozen under)."""
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content)).active
    return ws, int("".join(ch for ch in ws.freeze_panes if ch.isdigit())) - 1
