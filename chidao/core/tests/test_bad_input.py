"""Issue 10, finding 4 and 10: inputs that gave a server error or a wrong value now get a form error."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from chidao.core.numbers import MoneyField, decimal_error, int_in, parse_money
from chidao.indicators import services as indicator_services
from chidao.indicators.models import Indicator, IndicatorTarget
from chidao.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("progress", ["150", "-5", "1e309", "abc"])
def test_progress_out_of_range_is_a_form_error_not_a_500(make_task: Any, officer_a: Any, progress: str) -> None:
    task = make_task()
    client = _client(officer_a)
    before = ProgressReport.objects.count()
    resp = client.post(reverse("report_create", args=[task.pk]), {"progress": progress, "results": "x"})
    assert resp.status_code == 200
    page = resp.content.decode()
    if progress in ("150", "-5"):
        assert "Tiến độ phải từ 0 đến 100 %." in page
    assert ProgressReport.objects.count() == before


@pytest.mark.parametrize("raw, expected", [
    ("1500000", 1_500_000), ("1.500.000", 1_500_000), ("1 500 000", 1_500_000), ("200.000.000.000 đ", 200 * 10**9),
    ("-5", -5),
])
def test_money_accepts_the_written_forms(raw: str, expected: int) -> None:
    assert parse_money(raw) == expected
    assert MoneyField().clean(raw) == expected


@pytest.mark.parametrize("raw", ["1.5", "1,5", "1.50.000", "1,500,000", "1.500 000", "12.34", "abc", "1e6",
                                 "9" * 30, "١٢٣"])
def test_money_refuses_ambiguous_separators_and_shows_the_expected_form(raw: str) -> None:
    with pytest.raises(ValidationError) as exc:
        MoneyField().clean(raw)
    text = " ".join(exc.value.messages)
    assert "1.500.000" in text or "quá lớn" in text


def test_disbursement_typed_as_1_5_is_refused_not_saved_as_15_dong() -> None:
    from chidao.resources.forms import DisbursementForm

    form = DisbursementForm(data={"disbursed_on": "01/03/2026", "amount": "1.5"})
    assert not form.is_valid()
    assert "ví dụ 1.500.000" in form.errors["amount"][0]


@pytest.mark.parametrize("value", [Decimal("1e16"), Decimal("-1e17"), Decimal("Infinity"), Decimal("1e309"), 10**100])
def test_decimal_error_bounds_what_the_column_holds(value: Any) -> None:
    assert decimal_error(value, max_digits=20, decimal_places=4)


def test_decimal_error_lets_the_largest_fitting_value_through() -> None:
    assert decimal_error(Decimal("9999999999999999.9999"), max_digits=20, decimal_places=4) is None
    assert decimal_error(Decimal("0.000000001"), max_digits=20, decimal_places=4) is None


@pytest.mark.parametrize("raw, expected", [("abc", 0), ("-5", 0), ("10" * 50, 500), ("7", 7), (None, 0)])
def test_int_in_bounds_parameters(raw: Any, expected: int) -> None:
    assert int_in(raw, 0, 500, 0) == expected


def _indicator(secretariat: Any) -> Indicator:
    index = indicator_services.indicator_create(actor=secretariat, code="BOTHU", name="Bộ thử", kind="index")
    return indicator_services.indicator_create(actor=secretariat, code="BOTHU.1", name="Chỉ số thử", parent=index,
                                               direction="higher", periodicity="year")


@pytest.mark.parametrize("target", ["1e30", "99999999999999999999", "1e309"])
def test_an_enormous_target_is_refused_and_pages_keep_working(secretariat: Any, target: str) -> None:
    indicator = _indicator(secretariat)
    client = _client(secretariat)
    resp = client.post(reverse("indicator_target_create", args=[indicator.pk]),
                       {"year": "2026", "kind": "value", "target_value": target}, follow=True)
    assert resp.status_code == 200
    assert "quá lớn" in resp.content.decode()
    assert not IndicatorTarget.objects.filter(indicator=indicator).exists()
    assert client.get(reverse("indicator_detail", args=[indicator.pk])).status_code == 200
    assert client.get(reverse("indicator_dashboard")).status_code == 200


def test_the_service_refuses_an_enormous_target_too(secretariat: Any, make_task: Any) -> None:
    indicator = _indicator(secretariat)
    with pytest.raises(ValidationError) as exc:
        indicator_services.target_set(actor=secretariat, indicator=indicator, year=2026,
                                      target_value=Decimal("1e20"))
    assert "target_value" in exc.value.message_dict


@pytest.mark.parametrize("params", ["offset=-1", "offset=99999999999999999999", "limit=-3", "limit=abc",
                                    "offset=abc", "directive=99999999999999999999", "due_from=2025-13-45"])
def test_api_task_list_answers_bad_paging_with_a_4xx(secretariat: Any, make_task: Any, params: str) -> None:
    resp = _client(secretariat).get(f"/api/v1/tasks?{params}")
    assert 400 <= resp.status_code < 500


def test_api_task_list_still_pages(secretariat: Any, make_task: Any) -> None:
    for _ in range(3):
        make_task()
    resp = _client(secretariat).get("/api/v1/tasks?offset=1&limit=2")
    assert resp.status_code == 200 and len(resp.json()) == 2


@pytest.mark.parametrize("progress", ["abc", 150, -5, 1e309, [1], {"a": 1}, True])
def test_exchange_file_with_a_bad_progress_is_refused_with_the_place_named(
    secretariat: Any, make_task: Any, progress: Any,
) -> None:
    from chidao.exchange.services import exchange_dumps, exchange_export, exchange_import

    data = exchange_export(directive=make_task().directive)
    data["tasks"][0]["progress"] = progress
    raw = json.dumps(data).encode() if progress != 1e309 else exchange_dumps(data)
    with pytest.raises(ValidationError) as exc:
        exchange_import(actor=secretariat, raw=raw)
    assert any("progress" in m for m in exc.value.messages)


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(directive="x"), lambda d: d.update(units=5), lambda d: d["units"].append({"code": 5}),
    lambda d: d["tasks"][0].update(id=[1]), lambda d: d["tasks"][0].update(support_units=7),
    lambda d: d["tasks"][0].update(title=["x"]), lambda d: d["tasks"][0].update(position="x"),
    lambda d: d["directive"].update(issued_on="2025-02-31"),
])
def test_exchange_file_with_wrong_types_is_refused(secretariat: Any, make_task: Any, mutate: Any) -> None:
    from chidao.exchange.services import exchange_export, exchange_import

    data = exchange_export(directive=make_task().directive)
    data.setdefault("units", []).append({"code": "khac", "name": "Đơn vị khác"})
    mutate(data)
    with pytest.raises(ValidationError):
        exchange_import(actor=secretariat, raw=json.dumps(data).encode())


@pytest.mark.parametrize("url", ["/nhiem-vu/", "/phien-hop/", "/nguon-luc/du-an/", "/nhat-ky/"])
def test_a_pasted_novel_in_a_search_box_is_no_500(secretariat: Any, url: str) -> None:
    resp = _client(secretariat).get(url, {"q": "đất đai " * 20_000, "action": "x" * 60_000, "actor": "y" * 60_000})
    assert resp.status_code == 200


def test_an_id_no_column_can_hold_is_an_invalid_choice(secretariat: Any, make_task: Any) -> None:
    from chidao.resources.forms import ProjectForm

    form = ProjectForm(data={"tasks": ["9223372036854775808"], "indicators": ["-9223372036854775809"]})
    assert not form.is_valid()
    assert "tasks" in form.errors and "indicators" in form.errors



def test_nul_bytes_in_search_and_filters_are_no_500(secretariat: Any, make_task: Any) -> None:
    client = _client(secretariat)
    for url, params in [("/nhiem-vu/", {"q": "a\x00b"}), ("/phien-hop/", {"q": "\x00"}),
                        ("/nhat-ky/", {"action": "task\x00", "actor": "\x00"}),
                        ("/api/v1/tasks", {"status": "a\x00", "field": "\x00", "q": "x\x00y"})]:
        assert client.get(url, params).status_code < 500, url
