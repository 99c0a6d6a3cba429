"""No input gives a 5xx: the library's search and upload, the study forms (property-based)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chidao.study import rules

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80)


@FUZZ
@given(q=text, kind=text, year=text, validity=text, issuer=text, page=text)
def test_library_search_never_fails(client: Any, member: Any, q: str, kind: str, year: str, validity: str,
                                    issuer: str, page: str) -> None:
    client.force_login(member)
    response = client.get(reverse("library_home"), {"q": q, "kind": kind, "year": year, "validity": validity,
                                                    "issuer": issuer, "page": page})
    assert response.status_code == 200


@FUZZ
@given(title=text, issuer=text, issued_on=text, kind=text, code=text)
def test_library_upload_never_fails(client: Any, secretariat: Any, title: str, issuer: str, issued_on: str,
                                    kind: str, code: str) -> None:
    client.force_login(secretariat)
    response = client.post(reverse("library_upload"), {"title": title, "issuer": issuer, "issued_on": issued_on,
                                                       "kind": kind, "code": code, "validity": "in_force"})
    assert response.status_code in (200, 302)


@FUZZ
@given(quiz=text, due=text, docs=text, people=text, mark=text)
def test_study_create_never_fails(client: Any, secretariat: Any, cells: dict, nq57: Any, quiz: str, due: str,
                                  docs: str, people: str, mark: str) -> None:
    client.force_login(secretariat)
    response = client.post(reverse("study_create"), {"title": "Học", "documents": docs or "57-NQ/TW", "due_on": due,
                                                     "cells": [cells["a"].pk], "pass_mark": mark, "quiz": quiz,
                                                     "people": people})
    assert response.status_code in (200, 302)


@FUZZ
@given(answers=st.dictionaries(st.text(max_size=12), st.text(max_size=12), max_size=5), reflection=text,
       key=text)
def test_study_member_posts_never_fail(client: Any, secretariat: Any, cells: dict, nq57: Any, answers: dict,
                                       reflection: str, key: str) -> None:
    import datetime as dt

    from django.utils import timezone

    from chidao.study import services

    assignment = services.assignment_create(
        actor=secretariat, title="Học", documents=[nq57], due_on=timezone.localdate() + dt.timedelta(days=3),
        today=timezone.localdate(), cells=[cells["a"]], notify_people=False,
        questions=[services.QuestionDraft(text="Câu?", choices=["A", "B"], correct=[0])])
    client.force_login(cells["a_people"][1])
    assert client.post(reverse("study_quiz", args=[assignment.pk]), answers).status_code == 302
    assert client.post(reverse("study_reflection", args=[assignment.pk]),
                       {"reflection": reflection, "device_key": key}).status_code == 302


@given(st.text(max_size=300))
def test_parse_quiz_total(raw: str) -> None:
    for _question, choices, correct in rules.parse_quiz(raw):
        assert all(0 <= i < len(choices) for i in correct)
