"""Background tasks run by the worker (Django's task API, django-tasks' database backend).

`tick` is enqueued every minute by `manage.py run_worker`; it generates the day's reminders
when they are due (shortly after local midnight, or as soon as the worker is back) and sends
the e-mail outbox, then pushes the exchange file to the targets whose interval
has passed. `send_email_task` is enqueued when a notification with e-mail is committed,
so mail leaves within seconds instead of at the next tick.
"""

from __future__ import annotations

from django.apps import apps
from django_tasks import task

from .reminders import reminders_catch_up
from .services import deliveries_send_due


@task()
def tick() -> dict[str, int]:
    from chidao.directives.tally import tally_rebuild_if_stale

    # The dashboard's task counts name their day: rebuilt here after local midnight, before a reader must.
    tally_rebuild_if_stale()
    days = reminders_catch_up()
    sent = deliveries_send_due()
    pushed = 0
    if apps.is_installed("chidao.exchange"):
        # The scheduled push of the exchange file to the national system rides the same tick;
        # each target has its own interval, so most ticks push nothing.
        from chidao.exchange.services import exchange_push_run

        pushed = len(exchange_push_run())
    return {"days": len([d for d in days if not d.skipped]), "created": sum(d.total for d in days),
            "sent": sent.sent, "retried": sent.retried, "failed": sent.failed, "pushed": pushed}


@task()
def send_email_task() -> dict[str, int]:
    sent = deliveries_send_due()
    return {"sent": sent.sent, "retried": sent.retried, "failed": sent.failed}
