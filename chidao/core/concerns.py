"""Versions per concern of the data: what a cached figure's key names instead of the whole chain.

A page's figures depend on a few concerns (the dashboard on tasks, reports and people; the resources
dashboard on resources and people). Each write bumps the concerns it changes, inside its own
transaction (`concern_bump`, one UPDATE of a row per concern): a rolled-back write never bumps, and a
committed one makes every figure that reads that concern unreachable at once, while the figures of
other concerns stay cached. A read-only audited event (a confidential download, a check-in) bumps
nothing and so empties no dashboard.

Every audited write bumps through `audit_record_many` (`concerns_of_action` maps its action to the
concerns it touches; an action of an unknown kind bumps every concern, so a new app is exact before
anyone maps it). A write that is not audited calls `concern_bump` itself.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

TASKS = "tasks"
REPORTS = "reports"
ROUNDS = "rounds"
INDICATORS = "indicators"
RESOURCES = "resources"
MEETINGS = "meetings"
PEOPLE = "people"  # units, accounts, roles
SUPERVISION = "supervision"  # its settings, directions, recommendations, frozen scorecards
DOCUMENTS = "documents"
NOTIFICATIONS = "notifications"
HANDBOOK = "handbook"  # the library, study, member profiles, cells, questions
INSTALLATION = "installation"  # the installation's own flags (a demo or not)

ALL: tuple[str, ...] = (TASKS, REPORTS, ROUNDS, INDICATORS, RESOURCES, MEETINGS, PEOPLE, SUPERVISION,
                        DOCUMENTS, NOTIFICATIONS, HANDBOOK, INSTALLATION)

# The first part of an audit action ("report.submit" → "report") → the concerns such a write changes.
# A report changes its task's progress and state; an indicator can be linked to tasks; a round
# opens and closes reports.
_BY_KIND: dict[str, tuple[str, ...]] = {
    "task": (TASKS,),
    "directive": (TASKS,),
    "extension": (TASKS, REPORTS),
    "plan": (TASKS,),
    "report": (REPORTS, TASKS),
    "evidence": (REPORTS,),
    "round": (ROUNDS, REPORTS, TASKS),
    "indicator": (INDICATORS, TASKS),
    "project": (RESOURCES,),
    "meeting": (MEETINGS,),
    "orgunit": (PEOPLE,),
    "unit": (PEOPLE,),
    "user": (PEOPLE,),
    "direction": (SUPERVISION, TASKS),
    "recommendation": (SUPERVISION,),
    "scorecard": (SUPERVISION,),
    "supervision": (SUPERVISION,),
    "exchange": (TASKS, REPORTS, INDICATORS),
    "document": (DOCUMENTS,),
    "notification": (NOTIFICATIONS,),
    "email": (NOTIFICATIONS,),
    "reminders": (NOTIFICATIONS,),
    "unit_group": (PEOPLE, TASKS),
    # Sign-in, passwords, second factors and API tokens change no figure any page counts.
    "account": (),
    "token": (),
    # The handbook: a member is an account, a cell meeting is a meeting.
    "library": (HANDBOOK,),
    "study": (HANDBOOK, NOTIFICATIONS),
    "question": (HANDBOOK, NOTIFICATIONS),
    "member": (HANDBOOK, PEOPLE),
    "cell": (HANDBOOK, PEOPLE, MEETINGS),
    "installation": (INSTALLATION,),
}
# Audited because someone must be able to tell who did it, but nothing any figure counts changes:
# a verb with one of these words ("document_download", "profile_view", "login_failed"); whole words,
# so "report.review" is a write.
_READ_ONLY_WORDS = frozenset({"download", "view", "login", "logout", "checkin", "export", "print"})


def concerns_of_action(action: str) -> tuple[str, ...]:
    """The concerns an audited action changes: none for a read, all for a kind nobody mapped yet."""
    kind, _, verb = action.partition(".")
    if _READ_ONLY_WORDS.intersection(verb.split("_")):
        return ()
    return _BY_KIND.get(kind, ALL)


# Within one request the versions are read once (a page asks for several cached figures). A bump
# made in this process forgets them at once; another process's write during the request is seen by
# the next request, as if it had come a moment later. A worker or a command always reads them.
_request = threading.local()


def request_began(**kwargs: Any) -> None:
    _request.active, _request.versions = True, None


def request_ended(**kwargs: Any) -> None:
    _request.active, _request.versions = False, None


def concern_versions_forget() -> None:
    _request.versions = None


def concern_versions() -> dict[str, str]:
    """Every concern's current stamp, in one query (once per request); "0" for one never written."""
    from chidao.core.models import ConcernVersion

    active = getattr(_request, "active", False)
    versions = getattr(_request, "versions", None) if active else None
    if versions is None:
        versions = dict(ConcernVersion.objects.values_list("name", "stamp"))
        if active:
            _request.versions = versions
    return versions


def concern_lock(name: str) -> None:
    """Lock `name`'s row until the transaction ends, without a new version (nothing changed yet)."""
    from chidao.core.models import ConcernVersion

    if name not in ALL:
        raise ValueError(f"unknown concern: {name}")
    ConcernVersion.objects.bulk_create([ConcernVersion(name=name, stamp="0")], ignore_conflicts=True)
    list(ConcernVersion.objects.select_for_update().filter(name=name).values_list("name", flat=True))


def concern_bump(*names: str) -> None:
    """Give `names` fresh stamps. Call inside the writing service's transaction: rolled back with it."""
    from django.db import transaction

    from chidao.core.models import ConcernVersion

    wanted = sorted(set(names))  # one order for every writer: no two transactions lock in turn
    if not wanted:
        return
    unknown = set(wanted) - set(ALL)
    if unknown:
        raise ValueError(f"unknown concerns: {sorted(unknown)}")
    stamp = secrets.token_hex(8)
    with transaction.atomic():
        updated = ConcernVersion.objects.filter(name__in=wanted).update(stamp=stamp)
        if updated < len(wanted):  # first write to a concern since the table was emptied
            ConcernVersion.objects.bulk_create(
                [ConcernVersion(name=name, stamp=stamp) for name in wanted], ignore_conflicts=True)
            ConcernVersion.objects.filter(name__in=wanted).update(stamp=stamp)
    concern_versions_forget()
