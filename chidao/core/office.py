"""Bounded reading of Office Open XML files people upload (.xlsx, .docx, .pptx).

A few KB can make a reader allocate without bound: a zip member that inflates to gigabytes, one
merged range over a whole sheet (openpyxl makes an object per covered cell), a declared dimension
of a million rows (a read-only sheet pads every row to it). Before any reader loads a file, this
module checks, from the zip directory and a streaming pass over the sheet XML (defusedxml, no
entities), the member count, the uncompressed size and compression ratio, and per worksheet the
rows, columns, cells and merged cells; it returns the first sheet's merged ranges so that readers
can load in read-only (streaming) mode and still fill merged cells. Every refusal is an
`OfficeFileError` with a Vietnamese message that says what to do.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.translation import gettext as _

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    members: int = 2000
    uncompressed: int = 200 * MIB
    ratio: int = 200  # uncompressed ÷ compressed, for members over 1 MiB
    rows: int = 100_000
    columns: int = 1000
    cells: int = 1_000_000
    merged_ranges: int = 10_000
    merged_cells: int = 200_000


def limits() -> Limits:
    """The limits, each overridable by a setting CHIDAO_OFFICE_MAX_<NAME> (e.g. CHIDAO_OFFICE_MAX_CELLS)."""
    base = Limits()
    values = {name: int(getattr(settings, f"CHIDAO_OFFICE_MAX_{name.upper()}", getattr(base, name)))
              for name in base.__dataclass_fields__}
    return Limits(**values)


class OfficeFileError(ValueError):
    """The file is refused before it is loaded; `message` (Vietnamese) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SheetScan:
    path: str
    rows: int = 0  # the highest row number holding a cell
    columns: int = 0  # the highest column number holding a cell
    cells: int = 0
    declared: str = ""  # the <dimension ref> the file claims (not trusted)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col)


_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _cell(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref.strip().upper())
    return (int(m[2]), _column_number(m[1])) if m else None


def _range(ref: str) -> tuple[int, int, int, int] | None:
    parts = ref.split(":")
    first = _cell(parts[0])
    last = _cell(parts[-1])
    if first is None or last is None:
        return None
    return (min(first[0], last[0]), min(first[1], last[1]), max(first[0], last[0]), max(first[1], last[1]))


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_big() -> str:
    return _("Tệp quá lớn khi giải nén (có thể là tệp hỏng hoặc tệp độc hại); hệ thống không đọc tệp này. "
             "Hãy mở tệp bằng Excel hoặc Word, lưu lại thành tệp mới rồi tải lên lại.")


def zip_check(archive: zipfile.ZipFile, lim: Limits | None = None) -> None:
    """Member count, total uncompressed size and compression ratio, from the zip directory alone."""
    lim = lim or limits()
    infos = archive.infolist()
    if len(infos) > lim.members:
        raise OfficeFileError(_("Tệp có quá nhiều thành phần (%(n)s); hệ thống không đọc tệp này.") % {"n": len(infos)})
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MIB and info.file_size > lim.ratio * max(info.compress_size, 1):
            raise OfficeFileError(_too_big())
    if total > lim.uncompressed:
        raise OfficeFileError(_too_big())


def _open(source: bytes | str | Path | IO[bytes]) -> zipfile.ZipFile:
    try:
        if isinstance(source, bytes):
            return zipfile.ZipFile(io.BytesIO(source))
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise OfficeFileError(_("Tệp bị hỏng hoặc không đúng định dạng Office (.xlsx, .docx).")) from exc


def _worksheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets in the workbook's order (the first is the one openpyxl calls worksheets[0])."""
    names = set(archive.namelist())
    try:
        with archive.open("xl/workbook.xml") as fh:
            workbook = SafeET.parse(fh).getroot()
        rels: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            with archive.open("xl/_rels/workbook.xml.rels") as fh:
                for rel in SafeET.parse(fh).getroot().iter(f"{_NS_PKG_REL}Relationship"):
                    rels[rel.get("Id", "")] = rel.get("Target", "")
    except (KeyError, SafeET.ParseError, ValueError) as exc:
        raise OfficeFileError(_("Tệp bị hỏng hoặc không đúng định dạng .xlsx.")) from exc
    paths = []
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = rels.get(sheet.get(f"{_NS_REL}id", ""), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if path in names:
            paths.append(path)
    extra = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml") and n not in paths)
    return paths + extra


def _scan_sheet(archive: zipfile.ZipFile, path: str, lim: Limits) -> SheetScan:
    scan = SheetScan(path=path)
    merged_cells = 0
    refuse_size = _("Bảng tính quá lớn: %(what)s vượt giới hạn %(limit)s. Hãy bỏ các dòng, cột và ô gộp thừa "
                    "(hoặc tách tệp) rồi tải lên lại.")
    try:
        with archive.open(path) as fh:
            # "end" events: attributes are there, and a finished row can be cleared with its cells.
            for _event, elem in SafeET.iterparse(fh, events=("end",), forbid_dtd=True):
                tag = elem.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    scan.cells += 1
                    where = _cell(elem.get("r", ""))
                    if where:
                        scan.rows = max(scan.rows, where[0])
                        scan.columns = max(scan.columns, where[1])
                    if scan.cells > lim.cells:
                        raise OfficeFileError(refuse_size % {"what": _("số ô"), "limit": _n(lim.cells)})
                elif tag == "row":
                    number = elem.get("r", "")
                    if number.isdigit():
                        scan.rows = max(scan.rows, int(number))
                elif tag == "dimension":
                    scan.declared = elem.get("ref", "")[:40]
                elif tag == "mergeCell":
                    area = _range(elem.get("ref", ""))
                    if area is None:
                        continue
                    scan.merged.append(area)
                    merged_cells += (area[2] - area[0] + 1) * (area[3] - area[1] + 1)
                    if len(scan.merged) > lim.merged_ranges or merged_cells > lim.merged_cells:
                        raise OfficeFileError(refuse_size % {
                            "what": _("vùng ô gộp"), "limit": _n(lim.merged_cells) + " ô"})
                    scan.rows = max(scan.rows, area[2])
                    scan.columns = max(scan.columns, area[3])
                if scan.rows > lim.rows:
                    raise OfficeFileError(refuse_size % {"what": _("số dòng"), "limit": _n(lim.rows)})
                if scan.columns > lim.columns:
                    raise OfficeFileError(refuse_size % {"what": _("số cột"), "limit": _n(lim.columns)})
                if tag == "row":
                    elem.clear()
    except (SafeET.ParseError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        if isinstance(exc, OfficeFileError):
            raise
        raise OfficeFileError(_("Tệp bị hỏng hoặc không đúng định dạng .xlsx (trang tính không đọc được).")) from exc
    except Exception as exc:  # defusedxml's refusals (DTD, entities) derive from ValueError or DefusedXmlException
        raise OfficeFileError(_("Tệp chứa cấu trúc XML không được phép; hệ thống không đọc tệp này.")) from exc
    return scan


def xlsx_check(source: bytes | str | Path | IO[bytes], lim: Limits | None = None) -> list[SheetScan]:
    """Check a workbook before it is loaded; the scans of its worksheets, the first sheet first."""
    lim = lim or limits()
    with _open(source) as archive:
        zip_check(archive, lim)
        if "xl/workbook.xml" not in archive.namelist():
            raise OfficeFileError(_("Tệp không phải bảng tính Excel (.xlsx)."))
        return [_scan_sheet(archive, path, lim) for path in _worksheet_paths(archive)]


def docx_check(source: bytes | str | Path | IO[bytes], lim: Limits | None = None) -> None:
    """Check a Word document (or any OOXML package) from its zip directory before it is loaded."""
    with _open(source) as archive:
        zip_check(archive, lim)


def load_workbook_bounded(source: bytes | str | Path, lim: Limits | None = None):  # type: ignore[no-untyped-def]
    """(workbook opened read-only with its dimensions recomputed, scans) after `xlsx_check` passed."""
    from openpyxl import load_workbook

    scans = xlsx_check(source, lim)
    stream: str | Path | IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    workbook = load_workbook(stream, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        # The declared <dimension> is not trusted: a read-only sheet pads every row to it.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
    return workbook, scans
