"""manage.py extract_tasks on .txt, .docx and .pdf files; a bad file is a clear error, not a trace."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from chidao.parsing.tests.test_documents import SENTENCE, pdf_document, word_document


def run(path: Path) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command("extract_tasks", str(path), "--story-units", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("name", "data"), [
    ("kl.txt", SENTENCE.encode()), ("kl.docx", word_document()), ("kl.pdf", pdf_document(SENTENCE)),
])
def test_every_format_gives_the_same_task(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    tasks = run(path)
    assert tasks[0]["lead_unit"] == "Sở Y tế" and tasks[0]["deadline"] == "2026-06-30"
    assert {"problems", "confidence", "lead_group", "several_leads"} <= set(tasks[0])


def test_a_scanned_pdf_and_a_text_that_assigns_nothing(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_document(None))
    with pytest.raises(CommandError, match="Tệp không có lớp chữ"):
        run(scan)
    plain = tmp_path / "ghi-nhan.txt"
    plain.write_text("Ban Chỉ đạo ghi nhận kết quả triển khai thời gian qua.", encoding="utf-8")
    assert run(plain) == []
