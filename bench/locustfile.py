"""Locust users of `make loadtest` (bench/loadtest.py prepares the data and starts the servers).

Who does what (weights say how many of each among the virtual users):
- officers open their unit's workspace and send a progress report with a PDF as evidence to their head;
- unit heads open the workspace and submit a report straight to the standing office;
- the standing office opens the review queue and accepts the first report waiting there;
- leaders open the dashboards (home, ranking, indicators);
- followers open the live meeting and hold its event stream (SSE) a while, as a tab does;
- one chair moves the agenda every 10 s, so the followers have something to follow.

Each user is one real person of the prepared database, logged in by a session cookie written by
the runner (logging 300 people in through the form would only measure PBKDF2), and talks to one of
the web instances (LOADTEST_HOSTS), alternately.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import random
import re
import time
from typing import Any

from locust import HttpUser, between, constant, task

SETUP: dict[str, Any] = json.loads(open(os.environ["LOADTEST_SETUP"], encoding="utf-8").read())
HOSTS = itertools.cycle(SETUP["hosts"])
POOLS = {role: itertools.cycle(people) for role, people in SETUP["people"].items()}
PDF = base64.b64decode(SETUP["pdf"])
REPORT_LINK = re.compile(r'href="/bao-cao/(\d+)/"')
# A task takes one report in progress at a time (a rule): each task is reported on once per run,
# shared by every virtual user (gevent: one process).
USED: set[int] = set()


def _fresh_task(person: dict[str, Any], parity: int) -> int | None:
    """An unused task of the person's unit; officers take the even ones, heads the odd ones."""
    for task_id in person["tasks"][parity::2]:
        if task_id not in USED:
            USED.add(task_id)
            return task_id
    return None


class Person(HttpUser):
    abstract = True
    role = ""
    host = SETUP["hosts"][0]

    def on_start(self) -> None:
        self.base = next(HOSTS)
        self.person = next(POOLS[self.role])
        self.client.cookies.set(SETUP["session_cookie"], self.person["session"])
        self.client.cookies.set("csrftoken", SETUP["csrf_cookie"])

    def post(self, path: str, name: str, data: dict[str, str], files: Any = None, ok: int = 302) -> None:
        with self.client.post(f"{self.base}{path}", data=data, files=files, name=name, allow_redirects=False,
                              headers={"X-CSRFToken": SETUP["csrf_token"], "Referer": self.base + "/"},
                              catch_response=True) as response:
            if response.status_code != ok:
                response.failure(f"{response.status_code} instead of {ok}")

    def get(self, path: str, name: str) -> Any:
        return self.client.get(f"{self.base}{path}", name=name)


def _report(progress: int, text: str) -> dict[str, str]:
    return {"progress": str(progress), "results": text, "difficulties": "Kinh phí được bố trí chậm.",
            "proposals": "Đề nghị sớm bố trí kinh phí.", "output_document": ""}


class Officer(Person):
    weight = 5
    role = "unit_officer"
    wait_time = between(5, 15)

    @task(3)
    def workspace(self) -> None:
        self.get("/don-vi-cua-toi/", "workspace")

    @task(1)
    def report_with_evidence(self) -> None:
        if (task_id := _fresh_task(self.person, 0)) is None:
            return
        self.post(f"/nhiem-vu/{task_id}/bao-cao/moi/", "report_send (officer, evidence)",
                  {**_report(random.randint(10, 90), "Đã khảo sát, đang dự thảo kế hoạch (kiểm thử tải)."),
                   "action": "send"},
                  files={"files": ("minh-chung.pdf", PDF, "application/pdf")})


class Head(Person):
    weight = 2
    role = "unit_head"
    wait_time = between(5, 15)

    @task(2)
    def workspace(self) -> None:
        self.get("/don-vi-cua-toi/", "workspace")

    @task(1)
    def submit(self) -> None:
        if (task_id := _fresh_task(self.person, 1)) is None:
            return
        self.post(f"/nhiem-vu/{task_id}/bao-cao/moi/", "report_submit (head)",
                  {**_report(random.randint(10, 90), "Đơn vị đã triển khai (kiểm thử tải)."), "action": "submit"})


class Office(Person):
    weight = 1
    role = "secretariat"
    wait_time = between(5, 15)

    @task
    def review(self) -> None:
        queue = self.get("/tham-dinh/", "review_queue")
        found = REPORT_LINK.findall(queue.text or "")
        if found:
            report = random.choice(found[:10])
            self.get(f"/bao-cao/{report}/", "report_detail")
            self.post(f"/bao-cao/{report}/tham-dinh/", "report_review (accept)",
                      {"decision": "accept", "comment": "Tiếp nhận (kiểm thử tải)."})


class Leader(Person):
    weight = 1
    role = "leader"
    wait_time = between(5, 15)

    @task
    def dashboards(self) -> None:
        self.get("/", "dashboard")
        self.get("/xep-hang/", "ranking")
        self.get("/chi-so/", "results_dashboard")


class Follower(Person):
    weight = 3
    role = "follower"
    wait_time = constant(1)

    @task
    def follow(self) -> None:
        meeting = SETUP["meeting"]
        self.get(f"/phien-hop/{meeting}/truc-tiep/", "meeting_live")
        # Hold the stream 30–60 s, as an open tab does; Locust times it to its response headers.
        started = time.perf_counter()
        with self.client.get(f"{self.base}/phien-hop/{meeting}/su-kien", name="events (stream opened)", stream=True,
                             catch_response=True, timeout=90) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            until = started + random.uniform(30, 60)
            for line in response.iter_lines():
                if line.startswith(b"data: "):
                    response.success()
                if time.perf_counter() > until:
                    break


class Chair(Person):
    fixed_count = 1
    role = "chair"
    wait_time = constant(10)

    @task
    def next_item(self) -> None:
        item = random.choice(SETUP["items"])
        self.post(f"/phien-hop/{SETUP['meeting']}/chuyen-noi-dung/", "meeting_item_set (chair)",
                  {"item": str(item)}, ok=302)
