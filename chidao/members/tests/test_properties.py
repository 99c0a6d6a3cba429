"""No input gives a 5xx: random text into every form and endpoint of the members app; the pure
rules hold for any input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chidao.members import rules

from .test_views import login

pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(max_size=300)


@given(st.text(max_size=40))
def test_citizen_id_rule_accepts_exactly_twelve_ascii_digits(value: str) -> None:
    ok = len(value) == 12 and value.isascii() and value.isdigit()
    assert (rules.citizen_id_problem(value) is None) == ok


@given(st.text(max_size=40))
def test_mask_keeps_length_and_hides_all_but_three(value: str) -> None:
    masked = rules.mask(value)
    assert len(masked) == len(value)
    assert masked[: max(0, len(value) - 3)] == rules.MASK * max(0, len(value) - 3)


@PROPERTY
@given(kind=text, to_cell=text, subject=text, body=text, document=text, document_ref=text)
def test_question_form_never_fails(member_a: Any, kind: str, to_cell: str, subject: str, body: str, document: str,
                                   document_ref: str) -> None:
    response = login(member_a.user).post(reverse("members:question_create"), {
        "kind": kind, "to_cell": to_cell, "subject": subject, "body": body, "document": document,
        "document_ref": document_ref})
    assert response.status_code in {200, 302}


@PROPERTY
@given(field=text, new_value=text, note=text)
def test_correction_form_never_fails(member_a: Any, field: str, new_value: str, note: str) -> None:
    response = login(member_a.user).post(reverse("members:my_profile"), {"field": field, "new_value": new_value,
                                                                         "note": note})
    assert response.status_code in {200, 302}


@PROPERTY
@given(body=st.one_of(st.binary(max_size=200), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10).map(lambda v: json.dumps(v).encode())))
def test_offline_sync_never_fails(member_a: Any, body: bytes) -> None:
    response = login(member_a.user).post(reverse("members:offline_sync"), body, content_type="application/json")
    assert response.status_code in {200, 201, 400, 403}


@PROPERTY
@given(title=text, day=text, start=text, end=text, place=text, secretary=text, monthly=text)
def test_cell_meeting_form_never_fails(secretary_a: Any, member_a2: Any, title: str, day: str, start: str, end: str,
                                       place: str, secretary: str, monthly: str) -> None:
    url = reverse("members:cell_meeting_create", args=[member_a2.cell_id])
    response = login(secretary_a).post(url, {"title": title, "day": day, "start": start, "end": end, "place": place,
                                             "secretary": secretary, "monthly": monthly})
    assert response.status_code in {200, 302}


@PROPERTY
@given(decision=text, reason=text, q=text, year=text)
def test_decide_and_lists_never_fail(secretary_a: Any, member_a: Any, decision: str, reason: str, q: str,
                                     year: str) -> None:
    from chidao.members.services import correction_request

    correction = member_a.corrections.first() or correction_request(
        actor=member_a.user, profile=member_a, field="position", new_value="Phó phòng")
    client: Client = login(secretary_a)
    response = client.post(reverse("members:correction_decide", args=[correction.pk]),
                           {"decision": decision, "reason": reason})
    assert response.status_code in {302, 404}
    assert client.get(reverse("members:cell_detail", args=[member_a.cell_id]), {"nam": year}).status_code == 200
    assert client.get(reverse("members:question_list"), {"q": q}).status_code == 200
