"""A round as the period of the consolidated report (command line and form), and the round
status spreadsheets (on the demo story)."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from chidao.demo.testing import demo_seeded, docx_text, sheet
from chidao.rounds import selectors
from chidao.rounds.models import ReportingRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(files_dir):  # type: ignore[no-untyped-def]
    return demo_seeded()


def _round() -> ReportingRound:
    return ReportingRound.objects.order_by("due_on").first()


def test_report_docx_round_from_the_command_line(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    round = _round()
    out = tmp_path / "r.docx"
    call_command("report_docx", "--directive", demo["programme"].code, "--round", str(round.pk), "--out", str(out))
    text = docx_text(out.read_bytes())
    assert f"kỳ báo cáo {round.period_label}" in text
    # Only the round's tasks are counted.
    n_tasks = round.tasks.exclude(kind="group").count()
    assert n_tasks > 0
    assert re.search(rf"Tổng số nhiệm vụ được giao: {n_tasks} nhiệm vụ", text)
    assert f"TÌNH HÌNH BÁO CÁO CỦA KỲ {round.period_label.upper()}" in text
    status = selectors.round_status(user=demo["people"]["thuongtruc"], round=round,
                                    today=min(round.closes_on, demo["today"]))
    t = status.totals
    assert f"{t.expected} báo cáo phải nộp; đúng hạn {t.on_time}, muộn {t.late}, chưa nộp {t.missing}" in text
    assert "Phải nộp | Đúng hạn | Muộn | Chưa nộp | Tình trạng" in text


def test_unknown_round_is_a_clear_error(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không tìm thấy kỳ báo cáo"):
        call_command("report_docx", "--directive", demo["programme"].code, "--round", "99999",
                     "--out", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


def test_the_report_form_offers_the_rounds(demo, client) -> None:  # type: ignore[no-untyped-def]
    round = _round()
    client.force_login(demo["people"]["thuongtruc"])
    url = reverse("consolidated_report", args=[demo["programme"].pk])
    page = client.get(url).content.decode()
    assert round.period_label in page and 'name="round"' in page
    response = client.post(url, {"round": round.pk, "layout": "state", "proposals": "Đề xuất."})
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert f"TÌNH HÌNH BÁO CÁO CỦA KỲ {round.period_label.upper()}" in docx_text(response.content)


def test_round_status_spreadsheets_per_unit_and_per_task(demo, client) -> None:  # type: ignore[no-untyped-def]
    round = _round()
    client.force_login(demo["people"]["thuongtruc"])
    page = client.get(reverse("round_detail", args=[round.pk])).content.decode()
    assert 'data-testid="round-xlsx-units"' in page and 'data-testid="round-xlsx-tasks"' in page
    ws, h = sheet(client.get(reverse("extra_xlsx", args=["ky-bao-cao-don-vi"]), {"round": round.pk}).content)
    assert [c.value for c in ws[h]][:6] == ["STT", "Đơn vị", "Phải nộp", "Đúng hạn", "Muộn", "Chưa nộp"]
    rows = list(ws.iter_rows(min_row=h + 1, values_only=True))
    assert sum(r[2] for r in rows) == round.tasks.count() and all(isinstance(r[3], int) for r in rows)
    assert ws.cell(h + 1, 7).number_format == "0.00%"
    ws, h = sheet(client.get(reverse("extra_xlsx", args=["ky-bao-cao-nhiem-vu"]), {"round": round.pk}).content)
    rows = list(ws.iter_rows(min_row=h + 1, values_only=True))
    assert len(rows) == round.tasks.count()
    assert all(isinstance(r[6], dt.datetime) for r in rows) and ws.cell(h + 1, 7).number_format == "DD/MM/YYYY"
    submitted = [r for r in rows if r[4] != "Chưa nộp"]
    assert submitted and all(isinstance(r[5], dt.datetime) for r in submitted)


def test_round_exports_are_for_the_secretariat_and_leaders(demo, client) -> None:  # type: ignore[no-untyped-def]
    round = _round()
    head = demo["people"]["khcn.truong"]
    client.force_login(head)
    assert 'round-xlsx-units' not in client.get(reverse("round_detail", args=[round.pk])).content.decode()
    for key in ("ky-bao-cao-don-vi", "ky-bao-cao-nhiem-vu"):
        assert client.get(reverse("extra_xlsx", args=[key]), {"round": round.pk}).status_code == 403
    client.force_login(demo["people"]["lanhdao"])
    assert client.get(reverse("extra_xlsx", args=["ky-bao-cao-don-vi"]), {"round": 99999}).status_code == 404
    assert client.get(reverse("extra_xlsx", args=["ky-bao-cao-don-vi"])).status_code == 404
