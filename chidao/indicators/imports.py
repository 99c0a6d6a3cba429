"""Import of indicator values for one period from an .xlsx file: preview with row-level errors,
then all or nothing.

The file's first row is the header: “Mã chỉ số”, “Giá trị” (required), “Thứ hạng”, “Nguồn số liệu”,
“Văn bản công bố”, “Ghi chú” (optional, in any order, accents optional). Each following row is one
indicator's value for the period chosen on the form. The uploaded file is kept in the file store
(it is the evidence of the imported values) and named in a signed token between preview and commit,
so the commit re-reads and re-checks exactly the file that was previewed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.core.files import StoredFile, file_path, file_store
from chidao.core.office import OfficeFileError, load_workbook_bounded
from chidao.core.text import normalize_vn
from chidao.orgs.models import User

from . import rules, services
from .models import Indicator, IndicatorEvidence, IndicatorValue, ValueState

COLUMNS = {
    "ma chi so": "code",
    "gia tri": "value",
    "thu hang": "rank",
    "nguon so lieu": "source",
    "van ban cong bo": "decision_code",
    "ghi chu": "note",
}
REQUIRED = ("code", "value")
MAX_ROWS = 5000
SALT = "chidao.indicators.import"


@dataclass
class ImportRow:
    line: int
    code: str
    raw_value: str = ""
    value: Decimal | None = None
    rank: int | None = None
    source: str = ""
    decision_code: str = ""
    note: str = ""
    indicator: Indicator | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def value_text(self) -> str:
        return rules.format_number(self.value) if self.value is not None else self.raw_value


@dataclass
class ImportPreview:
    file_name: str
    year: int
    month: int
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)


def _range_name(area: tuple[int, int, int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(area[1])}{area[0]}:{get_column_letter(area[3])}{area[2]}"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read(path: Path, preview: ImportPreview) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Bounded: sizes, cells and merged ranges are checked before loading, then read-only (streaming).
        wb, scans = load_workbook_bounded(path)
    except OfficeFileError as exc:
        preview.file_errors.append(exc.message)
        return []
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        preview.file_errors.append(_("Không đọc được tệp Excel (%(e)s).") % {"e": exc.__class__.__name__})
        return []
    if not wb.worksheets or not scans:
        preview.file_errors.append(_("Tệp trống."))
        return []
    # Read at once (bounded by the scan) so the read-only workbook's file is closed.
    all_rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    merged = [_range_name(r) for r in scans[0].merged if r[0] <= 1 <= r[2]]
    if merged:
        preview.file_errors.append(
            _("Dòng tiêu đề có ô gộp (%(cells)s); hãy bỏ gộp ô để mỗi cột có một tiêu đề riêng.")
            % {"cells": ", ".join(merged)}
        )
        return []
    rows = iter(all_rows)
    header = next(rows, None)
    if header is None:
        preview.file_errors.append(_("Tệp trống."))
        return []
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = COLUMNS.get(normalize_vn(_cell_text(cell)))
        if key and key not in positions:
            positions[key] = i
    missing = [k for k in REQUIRED if k not in positions]
    if missing:
        names = {"code": "Mã chỉ số", "value": "Giá trị"}
        preview.file_errors.append(_("Thiếu cột bắt buộc: %(cols)s (dòng đầu tiên phải là dòng tiêu đề).")
                                   % {"cols": ", ".join(names[m] for m in missing)})
        return []
    out: list[tuple[int, dict[str, Any]]] = []
    for line, row in enumerate(rows, start=2):
        cells = {k: (row[i] if i < len(row) else None) for k, i in positions.items()}
        if all(_cell_text(v) == "" for v in cells.values()):
            continue
        out.append((line, cells))
        if len(out) > MAX_ROWS:
            preview.file_errors.append(_("Tệp có quá %(n)s dòng số liệu.") % {"n": MAX_ROWS})
            return []
    if not out:
        preview.file_errors.append(_("Tệp không có dòng số liệu nào."))
    return out


def import_check(*, actor: User, path: Path, file_name: str, year: int, month: int) -> ImportPreview:
    """Every row with every problem found; nothing is written."""
    preview = ImportPreview(file_name=file_name, year=year, month=month)
    raw_rows = _read(path, preview)
    # Codes are matched case-insensitively, as offices type them.
    wanted = {_cell_text(c["code"]).lower() for _l, c in raw_rows}
    ids = [pk for pk, code in Indicator.objects.values_list("id", "code") if code.lower() in wanted]
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(pk__in=ids).select_related("owner_unit")}
    end = rules.period_end(year, month)
    existing = {
        v.indicator_id: v.state
        for v in IndicatorValue.objects.filter(indicator__in=list(indicators.values()), period_end=end)
    }
    seen: dict[str, int] = {}
    for line, cells in raw_rows:
        code = _cell_text(cells.get("code"))
        row = ImportRow(line=line, code=code, raw_value=_cell_text(cells.get("value")),
                        source=_cell_text(cells.get("source")), decision_code=_cell_text(cells.get("decision_code")),
                        note=_cell_text(cells.get("note")))
        preview.rows.append(row)
        if not code:
            row.errors.append(_("Thiếu mã chỉ số."))
            continue
        if code.lower() in seen:
            row.errors.append(_("Mã chỉ số trùng với dòng %(l)s.") % {"l": seen[code.lower()]})
        seen.setdefault(code.lower(), line)
        indicator = indicators.get(code.lower())
        if indicator is None:
            row.errors.append(_("Không có chỉ số mã “%(c)s”.") % {"c": code})
            continue
        row.indicator = indicator
        if not services.can_enter(actor, indicator):
            row.errors.append(_("Đơn vị của bạn không phụ trách chỉ số này."))
        if row.raw_value:
            row.value = rules.parse_number(cells.get("value"))
            if row.value is None:
                row.errors.append(_("Giá trị “%(v)s” không phải là số.") % {"v": row.raw_value})
        rank_text = _cell_text(cells.get("rank"))
        if rank_text:
            parsed = rules.parse_number(cells.get("rank"))
            if parsed is None or parsed != parsed.to_integral_value():
                row.errors.append(_("Thứ hạng “%(v)s” không phải là số nguyên.") % {"v": rank_text})
            else:
                row.rank = int(parsed)
        if row.value is None and row.rank is None and not any("không phải" in e for e in row.errors):
            row.errors.append(_("Thiếu giá trị."))
        elif not any("không phải" in e for e in row.errors):
            errs = services.value_errors(indicator=indicator, year=year, month=month, value=row.value, rank=row.rank)
            row.errors.extend(errs.values())
        if row.rank is not None and not row.decision_code:
            row.errors.append(_("Thứ hạng công bố phải kèm văn bản công bố."))
        if existing.get(indicator.pk) == ValueState.VERIFIED:
            row.errors.append(_("Số liệu kỳ này đã được xác minh; không ghi đè."))
    return preview


def import_token(*, actor: User, stored: StoredFile, year: int, month: int) -> str:
    return signing.dumps({"f": stored.stored_name, "n": stored.original_name, "s": stored.sha256,
                          "u": actor.pk, "y": year, "m": month}, salt=SALT)


def import_preview(*, actor: User, upload: UploadedFile, year: int, month: int) -> tuple[ImportPreview, str]:
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError({"file": _("Hãy chọn tệp Excel .xlsx.")})
    stored = file_store(upload)
    preview = import_check(actor=actor, path=file_path(stored.stored_name), file_name=stored.original_name,
                           year=year, month=month)
    return preview, import_token(actor=actor, stored=stored, year=year, month=month)


def import_commit(*, actor: User, token: str) -> ImportPreview:
    """Write every row or none: the file is checked again and any error refuses the whole import."""
    try:
        data = signing.loads(token, salt=SALT, max_age=24 * 3600)
    except signing.BadSignature as exc:
        raise ValidationError(_("Phiên nhập số liệu không hợp lệ hoặc đã hết hạn; hãy tải tệp lên lại.")) from exc
    if data.get("u") != actor.pk:
        raise PermissionDenied
    path = file_path(data["f"])
    preview = import_check(actor=actor, path=path, file_name=data["n"], year=data["y"], month=data["m"])
    if not preview.ok:
        raise ValidationError(_("Tệp còn %(n)s lỗi; không nhập dòng nào.") % {"n": preview.error_count})
    with transaction.atomic():
        for row in preview.rows:
            assert row.indicator is not None
            value = services.value_enter(
                actor=actor, indicator=row.indicator, year=preview.year, month=preview.month, value=row.value,
                rank=row.rank, source=row.source or _("Tệp nhập %(n)s") % {"n": preview.file_name},
                note=row.note, decision_code=row.decision_code,
            )
            IndicatorEvidence.objects.create(
                value=value, original_name=data["n"], stored_name=data["f"],
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                size=path.stat().st_size, sha256=data["s"], uploaded_by=actor,
            )
        audit_record(actor=actor, action="indicator.import", target=actor,
                     summary=_("Nhập %(n)s số liệu chỉ số từ tệp %(f)s") % {"n": len(preview.rows), "f": data["n"]},
                     after={"file": data["n"], "sha256": data["s"], "rows": len(preview.rows),
                            "period": rules.period_end(preview.year, preview.month)})
    return preview
