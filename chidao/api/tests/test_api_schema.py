"""Schemathesis against the REST API's own OpenAPI schema (/api/v1/openapi.json): for every
operation, requests generated from the schema — valid ones and ones that break it — are sent to
the WSGI app as a signed-in standing-office user; none may answer a server error.

Schemathesis' own pytest plugin does not run under pytest 9 yet ('_nodeid'), so its Hypothesis
strategies are used directly, one test per operation.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = sorted((op.ok().method.upper(), op.ok().path) for op in SCHEMA.get_all_operations())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Any:
    """As Django's test client does: the WSGI app must not close the test's connection (inside the
    test's transaction, Django would take it for unusable and close it, losing the test data)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_lists_every_endpoint() -> None:
    assert {path for _m, path in OPERATIONS} >= {"/api/v1/tasks", "/api/v1/tasks/{task_id}", "/api/v1/directives",
                                                 "/api/v1/dashboard"}


@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_never_answers_a_server_error(method: str, path: str, secretariat: Any, make_task: Any) -> None:
    make_task()
    make_task(kind="recurring")
    client = Client()
    client.force_login(secretariat)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    operation = SCHEMA[path][method]
    cases = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE)

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(cases)
    def check(case: Any) -> None:
        response = case.call(cookies=cookies)
        assert response.status_code < 500, (case.method, case.path, case.path_parameters, case.query,
                                            response.text[:500])
        case.validate_response(response, checks=[not_a_server_error])

    check()
