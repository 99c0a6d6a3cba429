import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from chidao.directives.services import directive_create, task_create
from chidao.indicators import imports, services
from chidao.indicators.models import IndicatorValue, ValueState

from .fixtures import PASSWORD


def xlsx(rows, merge_header=False):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge_header:
        ws.merge_cells("A1:B1")
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("so-lieu.xlsx", buf.getvalue())


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_import_preview_then_commit_all(secretariat, index_tree):
    upload = xlsx([["Mã chỉ số", "Giá trị", "Nguồn số liệu"], ["IDX.1.1", "82,5", "Cổng DVCQG"], ["idx.1.2", 4, ""]])
    preview, token = imports.import_preview(actor=secretariat, upload=upload, year=2026, month=6)
    assert preview.ok and len(preview.rows) == 2
    assert not IndicatorValue.objects.exists()  # a preview writes nothing
    imports.import_commit(actor=secretariat, token=token)
    values = {v.indicator.code: v for v in IndicatorValue.objects.select_related("indicator")}
    assert values["IDX.1.1"].value == D("82.5") and values["IDX.1.1"].state == ValueState.ENTERED
    assert values["IDX.1.2"].evidence.get().original_name == "so-lieu.xlsx"


def test_import_with_bad_rows_lists_every_error_and_imports_nothing(officer_a, index_tree, client):
    upload = xlsx([["Mã chỉ số", "Giá trị"], ["IDX.1.1", 80], ["KHONG-CO", 5], ["IDX.1.1", "abc"],
                   ["IDX.1.2", 3]])
    preview, token = imports.import_preview(actor=officer_a, upload=upload, year=2026, month=6)
    errors = {r.line: " ".join(r.errors) for r in preview.rows}
    assert errors[2] == ""
    assert "Không có chỉ số mã “KHONG-CO”" in errors[3]
    assert "không phải là số" in errors[4] and "trùng với dòng 2" in errors[4]
    assert "không phụ trách" in errors[5]  # unit A does not own the unit B indicator
    assert not preview.ok
    with pytest.raises(ValidationError):  # the commit re-checks and refuses
        imports.import_commit(actor=officer_a, token=token)
    assert not IndicatorValue.objects.exists()
    # The page shows the preview with its errors and no commit button.
    login(client, officer_a)
    upload = xlsx([["Mã chỉ số", "Giá trị"], ["IDX.1.1", 130]])
    resp = client.post(reverse("indicator_import"), {"year": 2026, "month": 6, "file": upload})
    assert resp.status_code == 200
    assert "vượt quá mức cho phép" in resp.content.decode() and b"import-commit" not in resp.content


def test_import_with_merged_header_refused(secretariat, index_tree):
    upload = xlsx([["Mã chỉ số", None, "Giá trị"], ["IDX.1.1", None, 80]], merge_header=True)
    preview, _token = imports.import_preview(actor=secretariat, upload=upload, year=2026, month=6)
    assert not preview.ok and "ô gộp (A1:B1)" in preview.file_errors[0]


def test_import_token_of_another_person_refused(secretariat, officer_a, index_tree, client):
    upload = xlsx([["Mã chỉ số", "Giá trị"], ["IDX.1.1", 80]])
    _preview, token = imports.import_preview(actor=officer_a, upload=upload, year=2026, month=6)
    login(client, secretariat)
    resp = client.post(reverse("indicator_import"), {"token": token})
    assert resp.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_import_page_commit_in_browser_flow(officer_a, index_tree, client):
    login(client, officer_a)
    resp = client.post(reverse("indicator_import"), {"year": 2026, "month": 6,
                                                      "file": xlsx([["Mã chỉ số", "Giá trị"], ["IDX.1.1", "81,2"]])})
    token = resp.context["token"]
    assert token
    resp = client.post(reverse("indicator_import"), {"token": token})
    assert resp.status_code == 302
    assert IndicatorValue.objects.get().value == D("81.2")


def test_value_form_cross_unit(officer_a, officer_b, index_tree, client, pdf_upload):
    pct = index_tree["pct"]
    login(client, officer_b)
    assert client.get(reverse("indicator_value_create", args=[pct.pk])).status_code == 403
    resp = client.post(reverse("indicator_value_create", args=[pct.pk]),
                       {"year": 2026, "month": 3, "value": "80", "source": "x"})
    assert resp.status_code == 403 and not IndicatorValue.objects.exists()
    client.logout()
    login(client, officer_a)
    resp = client.post(reverse("indicator_value_create", args=[pct.pk]),
                       {"year": 2026, "month": 3, "value": "130", "source": "x"})
    assert "vượt quá mức cho phép" in resp.content.decode() and not IndicatorValue.objects.exists()
    resp = client.post(reverse("indicator_value_create", args=[pct.pk]),
                       {"year": 2026, "month": 3, "value": "80,5", "source": "Cổng DVCQG", "files": pdf_upload})
    assert resp.status_code == 302
    value = IndicatorValue.objects.get()
    evidence = value.evidence.get()
    client.logout()
    # Unit B sees the indicator but not unit A's value still waiting for verification.
    login(client, officer_b)
    page = client.get(reverse("indicator_detail", args=[pct.pk])).content.decode()
    assert "80,5" not in page
    assert client.get(reverse("indicator_evidence", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("indicator_value_verify", args=[value.pk])).status_code == 403
    value.refresh_from_db()
    assert value.state == ValueState.ENTERED


def test_verification_queue_verifies(secretariat, officer_a, index_tree, client):
    value = services.value_enter(actor=officer_a, indicator=index_tree["pct"], year=2026, month=3, value=D(80),
                                 source="x")
    login(client, officer_a)
    assert client.get(reverse("indicator_verification")).status_code == 403
    client.logout()
    login(client, secretariat)
    assert "IDX.1.1" in client.get(reverse("indicator_verification")).content.decode()
    client.post(reverse("indicator_value_return", args=[value.pk]), {"reason": "Thiếu nguồn"})
    value.refresh_from_db()
    assert value.state == ValueState.RETURNED and value.return_reason == "Thiếu nguồn"


def test_dashboard_shows_headline_targets_first(secretariat, member, index_tree, client):
    services.target_set(actor=secretariat, indicator=index_tree["index"], year=2026, kind="rank", target_rank=5,
                        label="Top 5 năm 2026", is_headline=True)
    services.value_enter(actor=secretariat, indicator=index_tree["index"], year=2025, month=12, rank=4,
                         decision_code="1170/QĐ-BKHCN", verify=True)
    login(client, member)
    page = client.get(reverse("indicator_dashboard") + "?year=2026").content.decode()
    assert page.index("Top 5 năm 2026") < page.index('data-testid="index-table"')
    assert "Đạt chỉ tiêu" in page


def test_dashboard_queries_constant_as_indicators_grow(secretariat, member, index_tree, client,
                                                       django_assert_max_num_queries):
    login(client, member)
    with django_assert_max_num_queries(12):
        client.get(reverse("indicator_dashboard"))
    for i in range(30):
        ind = services.indicator_create(actor=secretariat, code=f"IDX.1.{i + 10}", name=f"Chỉ số {i}",
                                        parent=index_tree["group"], direction="higher", max_value=100)
        services.target_set(actor=secretariat, indicator=ind, year=2026, target_value=D(50))
        services.value_enter(actor=secretariat, indicator=ind, year=2026, month=12, value=D(40), source="x",
                             verify=True)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("indicator_dashboard") + "?year=2026")
    assert resp.status_code == 200


def test_task_and_indicator_pages_show_each_other(secretariat, officer_b, unit_a, index_tree, client):
    directive = directive_create(actor=secretariat, code="57-NQ/TW", kind="resolution", title="NQ 57")
    task = task_create(actor=secretariat, directive=directive, title="Đẩy mạnh dịch vụ công trực tuyến toàn trình",
                       lead_unit=unit_a, kind="recurring", assign=True)
    services.indicator_task_link(actor=secretariat, indicator=index_tree["pct"], task=task)
    with pytest.raises(ValidationError):  # linking twice is refused
        services.indicator_task_link(actor=secretariat, indicator=index_tree["pct"], task=task)
    login(client, secretariat)
    page = client.get(reverse("indicator_detail", args=[index_tree["pct"].pk])).content.decode()
    assert "Đẩy mạnh dịch vụ công trực tuyến" in page and "Thường xuyên" in page
    task_page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    assert "Chỉ số liên quan" in task_page and "IDX.1.1" in task_page
    client.logout()
    # Unit B may read the indicator but does not see unit A's task in its list, nor manage links.
    login(client, officer_b)
    page = client.get(reverse("indicator_detail", args=[index_tree["pct"].pk])).content.decode()
    assert "Đẩy mạnh dịch vụ công trực tuyến" not in page
    resp = client.post(reverse("indicator_task_unlink", args=[index_tree["pct"].pk, task.pk]))
    assert resp.status_code == 403 and index_tree["pct"].task_links.count() == 1
