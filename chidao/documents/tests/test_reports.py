import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm, Pt

from chidao.documents.render import consolidated_docx, task_docx, unit_docx
from chidao.documents.selectors import consolidated_report_get, task_report_get, unit_report_get

from .world import TODAY


def _text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _consolidated(world, layout: str = "state") -> bytes:  # type: ignore[no-untyped-def]
    report = consolidated_report_get(user=world.secretariat, directive=world.directive, as_of=TODAY)
    return consolidated_docx(report, layout=layout, proposals="Đề nghị Sở Tài chính bố trí vốn.\nĐề nghị thứ hai.")


def test_the_consolidated_report_says_what_the_office_would_write(world) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(_consolidated(world)))
    text = _text(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số:" in text and "/BC-BCĐ" in text
    assert "15-CTr/TU" in text
    # 5 leaf tasks: 1 done on time, 2 overdue, 1 open, 1 recurring; 3 due → completion 1/3.
    assert "Tổng số nhiệm vụ được giao: 5 nhiệm vụ" in text
    assert "Tỷ lệ hoàn thành: 33,33%" in text
    assert "I. Nhóm nhiệm vụ về thể chế" in text and "II. Nhóm nhiệm vụ về hạ tầng số" in text
    assert "Ban hành quy định sandbox công nghệ số" in text and "Chưa có hướng dẫn của Bộ về cơ chế thử nghiệm." in text
    assert "Bố trí vốn cho Trung tâm dữ liệu" in text
    assert "Sở Khoa học và Công nghệ" in text and "Sở Tài chính" in text  # the ranking
    assert "Nguồn vốn năm 2026 chưa được phân bổ." in text and "Đề nghị bổ sung vốn ngân sách." in text
    assert "Đề nghị Sở Tài chính bố trí vốn." in text and "Đề nghị thứ hai." in text
    assert "{{" not in text and "{%" not in text


def test_state_layout_page_fonts_and_page_numbers(world) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(_consolidated(world)))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    slack = Mm(0.1)  # Word stores margins in twips
    assert Mm(20) - slack <= section.top_margin <= Mm(25) and Mm(20) - slack <= section.bottom_margin <= Mm(25)
    assert Mm(30) - slack <= section.left_margin <= Mm(35) and Mm(15) - slack <= section.right_margin <= Mm(20)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    body_runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert body_runs and all(r.font.name == "Times New Roman" for r in body_runs)
    assert all(r.font.size is None or Pt(11) <= r.font.size <= Pt(15) for r in body_runs)
    # Page numbers at the top from page 2: a different first page, a PAGE field in the header.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and section.first_page_header.paragraphs[0].text == ""
    dates = [r for p in doc.tables[0].rows[0].cells[1].paragraphs for r in p.runs if "ngày" in r.text]
    assert dates and dates[0].font.italic and dates[0].text.startswith("Đà Nẵng, ngày")


def test_party_layout_has_the_party_title_and_number(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CHIDAO_ISSUER_PARENT = "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG"
    text = _text(Document(io.BytesIO(_consolidated(world, layout="party"))))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG" in text
    assert "-BC/BCĐ" in text and "CỘNG HÒA XÃ HỘI" not in text


def test_a_deployment_template_replaces_the_shipped_one(world, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from chidao.documents.docx_build import build_consolidated

    (tmp_path / "state").mkdir()
    doc = build_consolidated("state")
    doc.add_paragraph("MẪU RIÊNG CỦA VĂN PHÒNG")  # type: ignore[attr-defined]
    doc.save(str(tmp_path / "state" / "consolidated.docx"))  # type: ignore[attr-defined]
    settings.CHIDAO_DOCX_TEMPLATE_DIR = str(tmp_path)
    assert "MẪU RIÊNG CỦA VĂN PHÒNG" in _text(Document(io.BytesIO(_consolidated(world))))


def test_task_and_unit_one_page_reports(world) -> None:  # type: ignore[no-untyped-def]
    task = world.tasks["a_overdue"]
    text = _text(Document(io.BytesIO(task_docx(task_report_get(user=world.secretariat, task=task, as_of=TODAY)))))
    assert "Ban hành quy định sandbox công nghệ số" in text and "Chưa hoàn thành, quá hạn" in text
    assert "Sở Khoa học và Công nghệ" in text and "Sở Tài chính" in text and "31/01/2026" in text
    unit = world.units["khcn"]
    ctx = unit_report_get(user=world.head_a, unit=unit, as_of=TODAY, directive=None)
    text = _text(Document(io.BytesIO(unit_docx(ctx))))
    assert "Sở Khoa học và Công nghệ" in text and "Chủ trì 3 nhiệm vụ, phối hợp 1 nhiệm vụ." in text
    assert "Ban hành quy định sandbox công nghệ số" in text


def test_libreoffice_opens_the_report_and_makes_a_pdf(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":  # .ci/run installs libreoffice-writer-nogui: missing there is a failure
            pytest.fail("CI phải có LibreOffice (soffice) để kiểm tra báo cáo mở được trong bộ văn phòng thật.")
        pytest.skip("LibreOffice (soffice) không có trên máy này; CI cài libreoffice-writer-nogui để chạy "
                    "phép thử này.")
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(_consolidated(world))
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "bao-cao.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    assert Path(pdf).read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


# --- views -----------------------------------------------------------------------------------

def test_consolidated_report_page_downloads_for_the_office_and_refuses_units(world, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("consolidated_report", args=[world.directive.pk])
    client.force_login(world.secretariat)
    assert "Báo cáo tổng hợp" in client.get(reverse("directive_detail", args=[world.directive.pk])).content.decode()
    response = client.post(url, {"as_of": "15/05/2026", "layout": "party", "proposals": "Kiến nghị X"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "Kiến nghị X" in _text(Document(io.BytesIO(response.content)))
    for person in (world.head_a, world.officer_b):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"as_of": "15/05/2026", "layout": "state"}).status_code == 403


def test_task_report_is_404_for_a_unit_that_does_not_see_the_task(world, client) -> None:  # type: ignore[no-untyped-def]
    task = world.tasks["a_done"]  # led by unit A, no support from B
    url = reverse("task_report", args=[task.pk])
    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404
    client.force_login(world.officer_a)
    response = client.get(url)
    assert response.status_code == 200 and "Sửa đổi quy chế" in _text(Document(io.BytesIO(response.content)))


def test_unit_report_is_404_for_another_unit(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.head_b)
    assert client.get(reverse("unit_report", args=[world.units["khcn"].pk])).status_code == 404
    assert client.get(reverse("unit_report", args=[world.units["taichinh"].pk])).status_code == 200
    client.force_login(world.leader)
    assert client.get(reverse("unit_report", args=[world.units["khcn"].pk])).status_code == 200


def test_the_consolidated_report_footer_carries_the_audit_head(world) -> None:  # type: ignore[no-untyped-def]
    # Issue 10, finding 3: the head printed on paper anchors the chain outside the system.
    from chidao.audit.services import audit_head

    seq, digest = audit_head()
    doc = Document(io.BytesIO(_consolidated(world)))
    footers = "\n".join(p.text for s in doc.sections for f in (s.footer, s.first_page_footer) for p in f.paragraphs)
    assert f"sự kiện số {seq}, mã băm {digest}" in footers
