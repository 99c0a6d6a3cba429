"""Versions per concern (chidao/core/concerns.py): a write recomputes the figures that read what it
changed and leaves the others cached; a read-only audited event (a download, a check-in) empties no
dashboard; a rolled-back write never bumps."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from chidao.audit.services import audit_record
from chidao.core import concerns
from chidao.core.concerns import concern_bump, concern_versions, concerns_of_action
from chidao.core.figures import figures_cached
from chidao.core.models import ConcernVersion
from chidao.core.tests.helpers import queries_for, text

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def _audited(actor: Any, action: str) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action=action, target=actor, summary="ghi thử")


@pytest.mark.parametrize("concern", concerns.ALL)
def test_a_write_to_one_concern_recomputes_its_readers_and_keeps_the_others(concern: str) -> None:
    readers, others = Counter(), Counter()
    other_concerns = tuple(c for c in concerns.ALL if c != concern)
    figures_cached("reads", (), readers, reads=(concern,))
    figures_cached("others", (), others, reads=other_concerns)
    concern_bump(concern)
    assert figures_cached("reads", (), readers, reads=(concern,)) == 2
    assert figures_cached("others", (), others, reads=other_concerns) == 1


@pytest.mark.parametrize(("action", "changed"), [
    ("task.create", {concerns.TASKS}),
    ("report.submit", {concerns.REPORTS, concerns.TASKS}),
    ("project.disburse", {concerns.RESOURCES}),
    ("indicator.value_verify", {concerns.INDICATORS, concerns.TASKS}),
    ("orgunit.admin_change", {concerns.PEOPLE}),
    ("user.admin_create", {concerns.PEOPLE}),
    ("meeting.ballot", {concerns.MEETINGS}),
    ("supervision.settings_update", {concerns.SUPERVISION}),
    # Read-only events: audited, but nothing any figure counts has changed.
    ("meeting.checkin", set()),
    ("meeting.document_download", set()),
    ("library.document_download", set()),
    ("account.login", set()),
    ("member.profile_view", set()),
    ("account.login_failed", set()),
    # A whole word only: a review is a write.
    ("report.review", {concerns.REPORTS, concerns.TASKS}),
    # A kind nobody mapped yet (a new app) is exact before it is mapped: everything.
    ("nobodys_app.enrol", set(concerns.ALL)),
    # The handbook is mapped: a question changes the handbook and its notifications, no dashboard.
    ("question.ask", {concerns.HANDBOOK, concerns.NOTIFICATIONS}),
    ("installation.mark_demo", {concerns.INSTALLATION}),
])
def test_an_audited_action_bumps_the_concerns_it_changes(secretariat: Any, action: str, changed: set[str]) -> None:
    assert set(concerns_of_action(action)) == changed
    before = concern_versions()
    _audited(secretariat, action)
    after = concern_versions()
    assert {name for name in concerns.ALL if after.get(name, "0") != before.get(name, "0")} == changed


def test_figures_computed_in_a_rolled_back_bump_are_never_served() -> None:
    compute = Counter()
    with pytest.raises(RuntimeError), transaction.atomic():
        concern_bump(concerns.TASKS)
        figures_cached("t", (), compute, reads=(concerns.TASKS,))  # sees a write about to be undone
        raise RuntimeError
    assert figures_cached("t", (), compute, reads=(concerns.TASKS,)) == 2  # the stamp was rolled back
    concern_bump(concerns.TASKS)  # committed: a fresh stamp, never the rolled-back one
    assert figures_cached("t", (), compute, reads=(concerns.TASKS,)) == 3


def test_an_unknown_concern_is_refused() -> None:
    with pytest.raises(ValueError):
        concern_bump("task")


def test_a_request_reads_the_versions_once_and_forgets_them_on_its_own_write(
    django_assert_num_queries: Any,
) -> None:
    compute = Counter()
    concern_bump(*concerns.ALL)
    concerns.request_began()
    try:
        with django_assert_num_queries(1):  # every concern's version, once for both figures
            figures_cached("a", (), compute, reads=(concerns.TASKS,))
            figures_cached("b", (), compute, reads=(concerns.PEOPLE,))
        concern_bump(concerns.TASKS)  # this request's own write: its next figures are of the new state
        assert figures_cached("a", (), compute, reads=(concerns.TASKS,)) == 3
        # Another process's write during the request is seen by the next request.
        ConcernVersion.objects.filter(name=concerns.TASKS).update(stamp=Concat(F("stamp"), Value("x")))
        assert figures_cached("a", (), compute, reads=(concerns.TASKS,)) == 3
    finally:
        concerns.request_ended()
    concerns.request_began()
    try:
        assert figures_cached("a", (), compute, reads=(concerns.TASKS,)) == 4
    finally:
        concerns.request_ended()


def _task_total(response: Any) -> int:
    counts = re.findall(r'data-testid="count-[a-z_]+"[^>]*>([\d.]+)<', text(response))
    return sum(int(n.replace(".", "")) for n in counts)


def test_the_dashboard_stays_cached_through_a_check_in_and_changes_at_once_with_a_task(
    client_as: Any, secretariat: Any, leader: Any, head_a: Any, make_task: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from chidao.meetings import services

    start = timezone.now() + dt.timedelta(days=1)
    meeting = services.meeting_create(actor=secretariat, title="Phiên họp Ban Chỉ đạo quý IV", kind="committee_session",
                                      starts_at=start, ends_at=start + dt.timedelta(hours=3), place="Hội trường",
                                      chair=leader, secretary=secretariat)
    services.meeting_invite(actor=secretariat, meeting=meeting, people=[head_a])
    make_task()
    c = client_as(secretariat)
    assert _task_total(c.get("/")) == 1
    cold = queries_for(c, "/")
    cached = queries_for(c, "/", cold=False)
    assert cached < cold
    services.checkin(actor=head_a, meeting=meeting)  # audited, but the dashboard reads nothing of it
    assert queries_for(c, "/", cold=False) == cached
    make_task()
    assert _task_total(c.get("/")) == 2  # the task concern moved: recomputed at once


def test_caches_are_empty_between_tests() -> None:
    assert caches["figures"].get("anything") is None
