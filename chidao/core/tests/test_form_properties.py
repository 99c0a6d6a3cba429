"""Every form of the handbook, accounts, unit groups and the new meeting/directive forms, fed bad
values by hypothesis: each answers valid or invalid, never an exception (the pages' fuzzer covers the
same forms through HTTP; this one reaches fields the crawl may not fill)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chidao.accounts import forms as account_forms
from chidao.directives import forms as directive_forms
from chidao.documents import forms as document_forms
from chidao.library import forms as library_forms
from chidao.meetings import forms as meeting_forms
from chidao.members import forms as member_forms
from chidao.orgs import forms as org_forms
from chidao.study import forms as study_forms

FORMS: list[tuple[type[forms.Form], dict[str, Any]]] = [
    *[(getattr(library_forms, n), {}) for n in ("SearchForm", "UploadForm", "ValidityForm", "LinkForm", "NoteForm",
                                                "EditForm", "WithdrawForm")],
    (study_forms.AssignmentForm, {"office": True, "cells_led": []}),
    (study_forms.ReflectionForm, {}), (study_forms.DueForm, {}),
    *[(getattr(member_forms, n), {}) for n in ("CorrectionForm", "DecisionForm", "QuestionForm", "AnswerForm",
                                               "CellMeetingForm", "CellForm", "SecretaryForm", "MemberCellForm",
                                               "ImportForm", "MemberCreateForm")],
    (account_forms.CodeForm, {}), (account_forms.TokenCreateForm, {}),
    (org_forms.UnitGroupForm, {}),
    (meeting_forms.CancelForm, {}), (directive_forms.CancelForm, {}),
    (document_forms.TextImportForm, {}),
]

BAD = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["-1", "0", "1e309", str(10**30), "9223372036854775808", "%(x)s", "{0}", "a\x00b",
                     "\u200b", "31/02/2025", "2025-13-45", "1.5", "x" * 20_000]),
)


def _fields(form_class: type[forms.Form], kwargs: dict[str, Any]) -> list[str]:
    return list(form_class(**kwargs).fields)


@pytest.mark.django_db
@pytest.mark.parametrize("form_class, kwargs", FORMS,
                         ids=[f"{c.__module__.split('.')[1]}.{c.__name__}" for c, _ in FORMS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_form_answers_any_input_without_an_exception(form_class: type[forms.Form], kwargs: dict[str, Any],
                                                       data: Any) -> None:
    names = _fields(form_class, kwargs)
    assert names, form_class  # a form with no field would test nothing
    # As a request sends it: a QueryDict, every field one value or several (a multiple choice).
    values = QueryDict(mutable=True)
    for name in names:
        values.setlist(name, data.draw(st.lists(BAD, min_size=1, max_size=3), label=name))
    form = form_class(data=values, **kwargs)
    valid = form.is_valid()  # must not raise
    assert isinstance(valid, bool)
    if not valid:
        assert all(str(message) for errors in form.errors.values() for message in errors)
