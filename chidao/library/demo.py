"""The Resolution 57 set in the demo library: real numbers, issuers and dates; the texts are short
summaries written for the demo (no official full text is reproduced)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import LibraryDocument

FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"]

DOCUMENTS: list[dict[str, Any]] = [
    {"code": "57-NQ/TW", "kind": "resolution", "issuer": "Bộ Chính trị", "issued_on": dt.date(2024, 12, 22),
     "field": "Khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "directive": "57-NQ/TW", "pdf": True,
     "title": "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
     "summary": "Xác định phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng "
                "hàng đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại. Mục tiêu đến năm 2030: "
                "tiềm lực, trình độ khoa học, công nghệ và đổi mới sáng tạo đạt mức tiên tiến ở nhiều lĩnh vực; "
                "Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á về nghiên cứu và phát triển trí tuệ nhân tạo. "
                "(Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "03/NQ-CP", "kind": "resolution", "issuer": "Chính phủ", "issued_on": dt.date(2025, 1, 9),
     "field": "Khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "implements": "57-NQ/TW",
     "title": "Nghị quyết ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày "
              "22/12/2024 của Bộ Chính trị",
     "summary": "Chương trình hành động của Chính phủ: nhóm nhiệm vụ hoàn thiện thể chế, tăng đầu tư cho khoa học "
                "công nghệ, phát triển hạ tầng số, nhân lực chất lượng cao và chuyển đổi số trong cơ quan nhà nước; "
                "giao nhiệm vụ cụ thể cho các bộ, ngành, địa phương. (Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "193/2025/QH15", "kind": "resolution", "issuer": "Quốc hội", "issued_on": dt.date(2025, 2, 19),
     "field": "Khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "implements": "57-NQ/TW",
     "title": "Nghị quyết thí điểm một số cơ chế, chính sách đặc biệt tạo đột phá phát triển khoa học, công nghệ, "
              "đổi mới sáng tạo và chuyển đổi số quốc gia",
     "summary": "Cơ chế thí điểm: khoán chi nhiệm vụ khoa học, chấp nhận rủi ro trong nghiên cứu, cơ chế thử nghiệm "
                "có kiểm soát (sandbox), ưu đãi cho doanh nghiệp công nghệ chiến lược. "
                "(Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "71/NQ-CP", "kind": "resolution", "issuer": "Chính phủ", "issued_on": dt.date(2025, 4, 1),
     "field": "Khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "amends": "03/NQ-CP",
     "title": "Nghị quyết sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện Nghị quyết "
              "số 57-NQ/TW",
     "summary": "Cập nhật Chương trình hành động: bổ sung nhiệm vụ, làm rõ sản phẩm đầu ra và thời hạn hoàn thành "
                "của từng bộ, ngành, địa phương. (Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "136/2024/QH15", "kind": "resolution", "issuer": "Quốc hội", "issued_on": dt.date(2024, 6, 26),
     "field": "Cơ chế đặc thù", "related": "57-NQ/TW",
     "title": "Nghị quyết về tổ chức chính quyền đô thị và thí điểm một số cơ chế, chính sách đặc thù phát triển "
              "thành phố Đà Nẵng",
     "summary": "Các cơ chế đặc thù cho Đà Nẵng: khu thương mại tự do, thu hút nhà đầu tư chiến lược, phát triển "
                "vi mạch bán dẫn và trí tuệ nhân tạo. (Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "15-CTr/TU", "kind": "programme", "issuer": "Thành ủy Đà Nẵng", "issued_on": dt.date(2025, 9, 12),
     "field": "Khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "directive": "15-CTr/TU",
     "implements": "57-NQ/TW",
     "title": "Chương trình hành động của Ban Chấp hành Đảng bộ thành phố thực hiện Nghị quyết số 57-NQ/TW",
     "summary": "6 nhóm nhiệm vụ, 49 nhiệm vụ và 34 chỉ tiêu đến năm 2030: Top 5 về chỉ số phục vụ người dân và "
                "doanh nghiệp (Quyết định 766), PII và DTI năm 2026; Top 50 thành phố thông minh; trung tâm đổi mới "
                "sáng tạo quốc tế. (Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "339-QĐ/TW", "kind": "regulation", "issuer": "Ban Bí thư", "issued_on": dt.date(2025, 7, 10),
     "field": "Công tác đảng viên",
     "title": "Quy định về Sổ tay đảng viên điện tử",
     "summary": "Sổ tay đảng viên điện tử: hồ sơ tóm tắt của đảng viên, chuẩn bị sinh hoạt chi bộ, tra cứu và học "
                "tập văn bản của Đảng, Nhà nước, là kênh thông tin hai chiều giữa cấp ủy và đảng viên. "
                "(Tóm tắt viết cho dữ liệu minh họa.)"},
    {"code": "", "kind": "study", "issuer": "Ban Tuyên giáo và Dân vận Thành ủy", "issued_on": dt.date(2025, 10, 1),
     "field": "Học tập, quán triệt", "guides": "57-NQ/TW",
     "title": "Tài liệu học tập, quán triệt Nghị quyết 57-NQ/TW dùng trong sinh hoạt chi bộ",
     "summary": "Năm nội dung cốt lõi của Nghị quyết 57; câu hỏi gợi ý thảo luận; mẫu bản thu hoạch và cam kết "
                "của đảng viên. Đảng viên đọc, làm bài kiểm tra ngắn và viết thu hoạch trước hạn. "
                "(Tài liệu viết cho dữ liệu minh họa.)"},
]
STUDY_MATERIAL_TITLE = DOCUMENTS[-1]["title"]


def _pdf(lines: list[str]) -> bytes | None:
    """A PDF with a Vietnamese text layer when a Unicode font is installed; None otherwise."""
    font = next((f for f in FONTS if Path(f).exists()), None)
    if font is None:
        return None
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("ChidaoLibrary", font))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for line in lines:
        for part in simpleSplit(line, "ChidaoLibrary", 12, 495) or [""]:
            pdf.setFont("ChidaoLibrary", 12)
            pdf.drawString(50, y, part)
            y -= 18
        y -= 6
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def seed_library(*, secretariat: Any, directives: dict[str, Any] | None = None,
                 restricted_unit: Any | None = None) -> dict[str, LibraryDocument]:
    directives = directives or {}
    made: dict[str, LibraryDocument] = {}
    for spec in DOCUMENTS:
        lines = [f"{spec['issuer'].upper()}", f"Số: {spec['code']}" if spec["code"] else "",
                 spec["title"], spec["summary"]]
        data = _pdf(lines) if spec.get("pdf") else None
        name = f"{(spec['code'] or 'tai-lieu').replace('/', '-')}.{'pdf' if data else 'docx'}"
        upload = SimpleUploadedFile(name, data or _docx(lines))
        doc = services.document_upload(
            actor=secretariat, upload=upload, title=spec["title"], kind=spec["kind"], issuer=spec["issuer"],
            issued_on=spec["issued_on"], code=spec["code"], field=spec["field"], summary=spec["summary"],
            directive=directives.get(spec.get("directive", "")))
        made[spec["code"] or spec["title"]] = doc
    for spec in DOCUMENTS:
        source = made[spec["code"] or spec["title"]]
        for kind in ("implements", "amends", "guides", "related"):
            if spec.get(kind):
                services.document_link_add(actor=secretariat, source=source, target=made[spec[kind]], kind=kind)
    if restricted_unit is not None:
        lines = ["Tài liệu nội bộ (minh họa)", "Kế hoạch kiểm tra việc học tập, quán triệt Nghị quyết 57 của đơn vị."]
        made["noi-bo"] = services.document_upload(
            actor=secretariat, upload=SimpleUploadedFile("noi-bo.docx", _docx(lines)),
            title="Kế hoạch nội bộ kiểm tra việc học tập Nghị quyết 57 (chỉ đơn vị được xem)", kind="plan",
            issuer=str(restricted_unit), issued_on=dt.date(2025, 11, 1), code="01-KH/NB", field="Học tập, quán triệt",
            restricted_units=[restricted_unit])
    return made
