"""The documents' deployment settings, read from Django settings (which read the environment).

CHIDAO_DOCUMENT_LAYOUT     state (Nghị định 30/2020/NĐ-CP) or party (Hướng dẫn 36-HD/VPTW)
CHIDAO_ISSUER_PARENT       the body above the issuer, first line of the header ("THÀNH ỦY ĐÀ NẴNG")
CHIDAO_ISSUER_NAME         the issuing body ("BAN CHỈ ĐẠO …")
CHIDAO_NUMBER_SUFFIX       the part of "Số: …" after the number ("BC-BCĐ"; party style "BC/BCĐ")
CHIDAO_PLACE               the place in "Đà Nẵng, ngày … tháng … năm …"
CHIDAO_SIGNER_TITLE        the signature block's title ("TM. BAN CHỈ ĐẠO" …)
CHIDAO_SIGNER_NAME         the signer's name (blank: left for the office to type)
CHIDAO_DOCX_TEMPLATE_DIR   a folder whose state/… and party/… .docx files replace the shipped ones
CHIDAO_IMPORT_MAX_ROWS     the largest spreadsheet the plan import accepts (rows)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LAYOUT_STATE = "state"
LAYOUT_PARTY = "party"
LAYOUTS = (LAYOUT_STATE, LAYOUT_PARTY)
SHIPPED_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_docx"
DEFAULT_IMPORT_MAX_ROWS = 5000


@dataclass(frozen=True)
class DocumentHeader:
    layout: str
    issuer_parent: str
    issuer_name: str
    number_suffix: str
    place: str
    signer_title: str
    signer_name: str


def _get(name: str, default: str) -> str:
    return str(getattr(settings, name, default) or default)


def document_layout(override: str | None = None) -> str:
    layout = (override or _get("CHIDAO_DOCUMENT_LAYOUT", LAYOUT_STATE)).strip().lower()
    return layout if layout in LAYOUTS else LAYOUT_STATE


def document_header(layout: str | None = None) -> DocumentHeader:
    layout = document_layout(layout)
    party = layout == LAYOUT_PARTY
    return DocumentHeader(
        layout=layout,
        issuer_parent=_get("CHIDAO_ISSUER_PARENT", "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG" if party else "THÀNH ỦY ĐÀ NẴNG"),
        issuer_name=_get("CHIDAO_ISSUER_NAME", "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, "
                                                "ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ"),
        number_suffix=_get("CHIDAO_NUMBER_SUFFIX", "BC/BCĐ" if party else "BC-BCĐ"),
        place=_get("CHIDAO_PLACE", "Đà Nẵng"),
        signer_title=_get("CHIDAO_SIGNER_TITLE", "T/M BAN CHỈ ĐẠO" if party else "TM. BAN CHỈ ĐẠO"),
        signer_name=_get("CHIDAO_SIGNER_NAME", ""),
    )


def template_path(layout: str, name: str) -> Path:
    """The deployment's template when it ships one, else the project's."""
    override = getattr(settings, "CHIDAO_DOCX_TEMPLATE_DIR", "")
    if override:
        candidate = Path(override) / layout / f"{name}.docx"
        if candidate.is_file():
            return candidate
    return SHIPPED_TEMPLATE_DIR / layout / f"{name}.docx"


def import_max_rows() -> int:
    return int(getattr(settings, "CHIDAO_IMPORT_MAX_ROWS", DEFAULT_IMPORT_MAX_ROWS))
