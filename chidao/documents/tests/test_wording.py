"""Documents read as an official writes them: the directive named once, the task by number and title."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from chidao.documents.wording import directive_reference

RESOLUTION_57 = "Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và " \
    "chuyển đổi số quốc gia"


@pytest.mark.parametrize("kind,code,issued,issuer,title,expected", [
    ("Nghị quyết", "57-NQ/TW", dt.date(2024, 12, 22), "Bộ Chính trị", RESOLUTION_57,
     "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
     "đổi mới sáng tạo và chuyển đổi số quốc gia"),
    ("Kế hoạch", "12-KH/TU", dt.date(2025, 3, 1), "Thành ủy Đà Nẵng",
     "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
     "Kế hoạch số 12-KH/TU ngày 01/03/2025 của Thành ủy Đà Nẵng thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị"),
    ("Chương trình", "05-CTr/TU", None, "", "Về phát triển thị trường khoa học và công nghệ.",
     "Chương trình số 05-CTr/TU về phát triển thị trường khoa học và công nghệ"),
    ("Quyết định", "766/QĐ-TTg", dt.date(2022, 6, 23), "Thủ tướng Chính phủ",
     "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp",
     "Quyết định số 766/QĐ-TTg ngày 23/06/2022 của Thủ tướng Chính phủ về bộ chỉ số chỉ đạo, điều hành và "
     "đánh giá chất lượng phục vụ người dân, doanh nghiệp"),
    ("Kết luận", "120-TB/TU", dt.date(2025, 11, 28), "Ban Chỉ đạo", "Đà Nẵng tăng tốc chuyển đổi số",
     "Kết luận số 120-TB/TU ngày 28/11/2025 của Ban Chỉ đạo về Đà Nẵng tăng tốc chuyển đổi số"),
])
def test_directive_named_once(kind, code, issued, issuer, title, expected) -> None:
    text = directive_reference(kind_label=kind, code=code, issued_on=issued, issuer=issuer, title=title)
    assert text == expected
    assert text.lower().count(kind.lower()) == expected.lower().count(kind.lower())


@pytest.mark.django_db
def test_consolidated_report_opens_as_an_official_writes(secretariat) -> None:
    from chidao.demo.testing import consolidated_text
    from chidao.directives.services import directive_create

    directive = directive_create(actor=secretariat, code="57-NQ/TW", kind="resolution", title=RESOLUTION_57,
                                 issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22))
    text = consolidated_text(user=secretariat, directive=directive, as_of=dt.date(2026, 5, 15))
    assert ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
            "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, Cơ quan thường trực Ban Chỉ đạo tổng hợp") in text
    assert "về nghị quyết của" not in text


@pytest.mark.django_db
def test_task_docx_is_named_and_titled_by_number_and_title(client, make_task, secretariat, officer_b) -> None:
    from docx import Document

    task = make_task(title="Xây dựng cơ sở dữ liệu đất đai thành phố", code="II.3")
    client.force_login(secretariat)
    response = client.get(reverse("task_report", args=[task.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "bao-cao-nhiem-vu-ii-3-xay-dung-co-so-du-lieu-dat-dai-thanh-pho-" in disposition
    assert f"-{task.pk}-" not in disposition
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Tình hình thực hiện nhiệm vụ II.3: xây dựng cơ sở dữ liệu đất đai thành phố" in text
    client.force_login(officer_b)  # another unit, not lead nor support
    assert client.get(reverse("task_report", args=[task.pk])).status_code == 404
