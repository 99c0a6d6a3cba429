"""Run the background worker: django-tasks' database worker plus a minute tick.

django-tasks has no scheduler, so this is a plain loop (as healthchecks does): every
`--tick-seconds` it enqueues `chidao.notifications.tasks.tick` (unless one is already waiting),
then lets the database worker run every ready task, then sleeps a little. SIGTERM or SIGINT
stops it cleanly between tasks; a task that was running finishes first.

Several workers may run at once: claims on the outbox and the dedupe keys keep them from doing
anything twice.
"""

from __future__ import annotations

import datetime as dt
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from chidao.core.dbstats import database_statistics_refresh
from chidao.notifications.tasks import tick

FINISHED_STATES = ["SUCCESSFUL", "FAILED"]


class Command(BaseCommand):
    help = "Chạy tiến trình nền: nhắc việc hằng ngày, gửi thư, đóng kỳ báo cáo."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tick-seconds", type=float, default=60.0)
        parser.add_argument("--sleep", type=float, default=1.0, help="Nghỉ giữa hai lượt kiểm tra hàng đợi (giây).")
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát (kiểm thử, cron).")

    def handle(self, *args: Any, tick_seconds: float, sleep: float, once: bool, **options: Any) -> None:
        self.stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            self.stopping = True
            self.stdout.write("Nhận tín hiệu dừng, kết thúc sau việc đang chạy…")

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker_id = get_random_string(32)
        next_tick = 0.0
        next_prune = 0.0
        next_statistics = time.monotonic() + 3600  # migrate has just refreshed them
        self.stdout.write(f"Tiến trình nền Chỉ Đạo đang chạy (mã {worker_id[:8]}).")
        while not self.stopping:
            close_old_connections()
            now = time.monotonic()
            if now >= next_tick:
                self._enqueue_tick()
                next_tick = now + tick_seconds
            if now >= next_prune:
                self._prune()
                next_prune = now + 3600
            if now >= next_statistics:
                # The tables grow every day; the query planner's statistics must follow.
                database_statistics_refresh()
                next_statistics = now + 24 * 3600
            worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
            worker.run()
            if once:
                break
            slept = 0.0
            while slept < sleep and not self.stopping:
                time.sleep(0.2)
                slept += 0.2
        self.stdout.write("Tiến trình nền đã dừng.")

    def _enqueue_tick(self) -> None:
        waiting = DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").exists()
        if not waiting:
            tick.enqueue()

    def _prune(self) -> None:
        """The minute ticks leave a result row each; keep a week of them."""
        cutoff = timezone.now() - dt.timedelta(days=7)
        DBTaskResult.objects.filter(status__in=FINISHED_STATES, finished_at__lt=cutoff).delete()
