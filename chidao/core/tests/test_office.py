"""Issue 10, finding 2: a crafted spreadsheet of a few KB is refused quickly, in bounded memory,
by every reader (plan import, indicator import), before openpyxl loads it."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chidao.core.office import OfficeFileError, docx_check, xlsx_check
from chidao.documents.importer import ImportFileError, _sheet_rows
from chidao.indicators.imports import ImportPreview, _read


def _workbook(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite_sheet(data: bytes, change: Callable[[str], str], extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            dst.writestr(info.filename, body)
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


HEADER = [["Mã chỉ số", "Giá trị"], ["DTI.1", 5]]


def merged_bomb() -> bytes:
    return _rewrite_sheet(_workbook(HEADER), lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'))


def dimension_bomb() -> bytes:
    return _rewrite_sheet(_workbook(HEADER), lambda xml: re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml))


def far_cell_bomb() -> bytes:
    return _rewrite_sheet(_workbook(HEADER), lambda xml: xml.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'))


def zip_bomb() -> bytes:
    # 30 MB of spaces inside the sheet compress to ~30 KB: refused by the ratio before any parsing.
    return _rewrite_sheet(_workbook(HEADER), lambda xml: xml.replace("</worksheet>", " " * 30_000_000 + "</worksheet>"))


def entity_bomb() -> bytes:
    dtd = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>')
    return _rewrite_sheet(_workbook(HEADER), lambda xml: dtd + xml.split("?>", 1)[-1].replace(
        "<v>5</v>", "<v>&lol2;</v>"))


BOMBS = {"merged": merged_bomb, "dimension": dimension_bomb, "far_cell": far_cell_bomb, "zip": zip_bomb,
         "entities": entity_bomb}


def _bounded(call: Callable[[], Any]) -> tuple[Any, float, int]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = call()
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, elapsed, peak


@pytest.mark.parametrize("bomb", sorted(set(BOMBS) - {"dimension"}))
def test_plan_import_refuses_a_bomb_quickly_in_bounded_memory(bomb: str) -> None:
    data = BOMBS[bomb]()
    assert len(data) < 200_000

    def run() -> str:
        with pytest.raises(ImportFileError) as exc:
            _sheet_rows(data, 5000)
        return exc.value.message

    message, elapsed, peak = _bounded(run)
    assert elapsed < 2 and peak < 64 * 1024 * 1024, (elapsed, peak)
    assert re.search(r"quá lớn|không được phép|hỏng|vượt", message), message


def test_a_huge_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    data = dimension_bomb()
    (_title, rows), elapsed, peak = _bounded(lambda: _sheet_rows(data, 5000))
    assert elapsed < 2 and peak < 64 * 1024 * 1024
    assert [r[:2] for r in rows] == [["Mã chỉ số", "Giá trị"], ["DTI.1", 5]]
    path = tmp_path / "dimension.xlsx"
    path.write_bytes(data)
    preview = ImportPreview(file_name="x.xlsx", year=2026, month=12)
    lines, elapsed, peak = _bounded(lambda: _read(path, preview))
    assert elapsed < 2 and peak < 64 * 1024 * 1024
    assert lines == [(2, {"code": "DTI.1", "value": 5})] and not preview.file_errors


@pytest.mark.parametrize("bomb", sorted(set(BOMBS) - {"dimension"}))
def test_indicator_import_refuses_a_bomb_quickly_in_bounded_memory(bomb: str, tmp_path: Path) -> None:
    path = tmp_path / f"{bomb}.xlsx"
    path.write_bytes(BOMBS[bomb]())
    preview = ImportPreview(file_name=path.name, year=2026, month=12)
    lines, elapsed, peak = _bounded(lambda: _read(path, preview))
    assert elapsed < 2 and peak < 64 * 1024 * 1024, (elapsed, peak)
    assert lines == [] and preview.file_errors


def test_merged_ranges_within_the_limits_still_fill_their_cells() -> None:
    data = _rewrite_sheet(_workbook([["STT", "Nhiệm vụ", "Cơ quan chủ trì"], [1, "A", "Sở KH&CN"], [2, "B", None]]),
                          lambda xml: xml.replace("</sheetData>",
                                                  '</sheetData><mergeCells count="1"><mergeCell ref="C2:C3"/>'
                                                  "</mergeCells>"))
    _title, rows = _sheet_rows(data, 5000)
    assert rows[2][2] == "Sở KH&CN"
    assert xlsx_check(data)[0].merged == [(2, 3, 3, 3)]


def test_docx_zip_limits(settings: Any) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", " " * 5_000_000)
    with pytest.raises(OfficeFileError):
        docx_check(buf.getvalue())
    settings.CHIDAO_OFFICE_MAX_MEMBERS = 3
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(5):
            zf.writestr(f"p{i}.xml", "<a/>")
    with pytest.raises(OfficeFileError):
        docx_check(many.getvalue())


def test_defusedxml_is_active_in_openpyxl() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_an_uploaded_docx_zip_bomb_is_refused_as_evidence() -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chidao.core.files import file_validate

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", " " * 20_000_000)
    with pytest.raises(ValidationError) as exc:
        file_validate(SimpleUploadedFile("bao-cao.docx", buf.getvalue()))
    assert "quá lớn" in exc.value.messages[0]
