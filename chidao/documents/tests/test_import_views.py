import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from chidao.audit.models import AuditEvent
from chidao.directives.models import Task
from chidao.documents.samples import appendix_workbook


def _upload(data: bytes, name: str = "phu-luc.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_upload_preview_then_confirm_creates_the_tasks(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.secretariat)
    url = reverse("plan_import", args=[world.directive.pk])
    assert "Nhập từ Excel" in client.get(reverse("directive_detail", args=[world.directive.pk])).content.decode()
    count = Task.objects.count()
    response = client.post(url, {"file": _upload(appendix_workbook()), "assign": "on", "assigned_on": "01/06/2025"})
    page = response.content.decode()
    assert "3 nhóm, 8 nhiệm vụ, 0 lỗi." in page and "Quý II/2026" in page and "30/06/2026" in page
    assert Task.objects.count() == count  # nothing written by the preview
    token = response.context["token"]
    response = client.post(reverse("plan_import_confirm", args=[world.directive.pk]), {"token": token})
    assert response.status_code == 302
    assert Task.objects.count() == count + 11
    assert Task.objects.filter(deadline_text="6 tháng đầu năm 2026", state="assigned").exists()


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(world, client) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"])
    wb.active.append([1, "Nhiệm vụ", "Sở Ngoại vụ", "", "Sớm", ""])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(world.secretariat)
    response = client.post(reverse("plan_import", args=[world.directive.pk]), {"file": _upload(buf.getvalue())})
    page = response.content.decode()
    assert "Dòng 2, cột C (Cơ quan chủ trì): Không tìm thấy đơn vị “Sở Ngoại vụ”" in page
    assert "Dòng 2, cột E (Thời gian hoàn thành): Không hiểu thời hạn “Sớm”" in page
    assert 'data-testid="confirm-import"' not in page
    count = Task.objects.count()
    client.post(reverse("plan_import_confirm", args=[world.directive.pk]), {"token": response.context["token"]})
    assert Task.objects.count() == count


def test_an_old_xls_is_refused_with_how_to_convert(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.secretariat)
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "Workbook".encode("utf-16-le")
    page = client.post(reverse("plan_import", args=[world.directive.pk]), {"file": _upload(data, "cu.xls")}).content
    assert "tệp .xls của Excel đời cũ" in page.decode()


def test_units_may_not_import(world, client) -> None:  # type: ignore[no-untyped-def]
    for person in (world.head_a, world.officer_b, world.leader):
        client.force_login(person)
        url = reverse("plan_import", args=[world.directive.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"file": _upload(appendix_workbook())}).status_code == 403
        assert client.post(reverse("plan_import_confirm", args=[world.directive.pk]), {"token": "x"}).status_code == 403


def test_import_plan_command_previews_commits_and_fails_on_errors(world, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.xlsx"
    good.write_bytes(appendix_workbook())
    count = Task.objects.count()
    call_command("import_plan", str(good), "--directive", "15-CTr/TU")
    out = capsys.readouterr().out
    assert "3 nhóm, 8 nhiệm vụ, 0 lỗi." in out and "Chưa ghi gì" in out
    assert Task.objects.count() == count
    call_command("import_plan", str(good), "--directive", "15-CTr/TU", "--commit")
    assert Task.objects.count() == count + 11
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(appendix_workbook([("NHÓM", [("Nhiệm vụ", "Sở Ngoại vụ", "", "Năm 2026", "")])]))
    with pytest.raises(CommandError, match="Có 1 lỗi"):
        call_command("import_plan", str(bad), "--directive", "15-CTr/TU", "--commit")
    assert Task.objects.count() == count + 11


def test_report_docx_command(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.docx"
    call_command("report_docx", "--directive", "15-CTr/TU", "--as-of", "15/05/2026", "--out", str(out))
    from docx import Document

    assert any("TÌNH HÌNH CHUNG" in p.text for p in Document(str(out)).paragraphs)
    with pytest.raises(CommandError, match="kỳ báo cáo"):
        call_command("report_docx", "--directive", "15-CTr/TU", "--round", "1", "--out", str(out))


def test_aliases_page_edits_are_audited_and_used_by_the_matcher(world, client) -> None:  # type: ignore[no-untyped-def]
    from chidao.parsing import unit_match

    unit = world.units["xaydung"]
    client.force_login(world.head_a)
    assert client.post(reverse("unit_aliases_edit", args=[unit.pk]), {"aliases": "X"}).status_code == 403
    client.force_login(world.secretariat)
    assert not unit_match("Sở XD&ĐT cũ").ok
    client.post(reverse("unit_aliases_edit", args=[unit.pk]), {"aliases": "Sở XD&ĐT cũ\nSở XD&ĐT cũ\n"})
    unit.refresh_from_db()
    assert unit.aliases == "Sở XD&ĐT cũ"
    assert unit_match("so xd va dt cu").unit.id == unit.pk  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="unit.aliases", target_id=str(unit.pk)).exists()
    page = client.get(reverse("unit_aliases"), {"q": "Sở KHCN; Sở Ngoại vụ"}).content.decode()
    assert "Sở Khoa học và Công nghệ" in page and "Không tìm thấy đơn vị “Sở Ngoại vụ”" in page


@pytest.mark.parametrize("url_name,args", [
    ("consolidated_report", "directive"), ("plan_import", "directive"), ("plan_import_confirm", "directive"),
    ("plan_import_sample", None), ("task_report", "task"), ("task_list_xlsx", None), ("ranking_xlsx", None),
    ("unit_report", "unit"), ("unit_aliases", None), ("unit_aliases_edit", "unit"),
    ("exchange_home", None), ("exchange_import_confirm", None), ("exchange_export", "directive"),
    ("exchange_push_now", "target"),
])
def test_every_page_needs_a_signed_in_person(world, client, settings, url_name, args) -> None:  # type: ignore[no-untyped-def]
    from chidao.exchange.services import push_target_save

    settings.CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]  # an internal test target (issue 10)

    target = push_target_save(actor=world.secretariat, name="QG", url="http://127.0.0.1:9/", directive=world.directive)
    pk = {"directive": world.directive.pk, "task": world.tasks["a_done"].pk, "unit": world.units["khcn"].pk,
          "target": target.pk}.get(args or "")
    url = reverse(url_name, args=[pk] if pk else [])
    for response in (client.get(url), client.post(url, {"token": "x", "aliases": "y"})):
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
